/// Scores every golden example with the reference evaluator before any code is generated, so a notebook
/// whose examples disagree with its model file is caught at conversion time, with the example's location.
enum ExampleChecker {
    static func check(
        _ examples: [ExampleSpec], evaluator: SpecEvaluator, target: TargetSpec, diagnostics: inout DiagnosticCollector
    ) {
        for (index, example) in examples.enumerated() {
            let row = example.row
            let what = example.title(index: index, located: false)
            let result: EvaluationResult
            do {
                result = try evaluator.evaluate(row)
            } catch {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.exampleNotScorable, "\(what) cannot be scored: \(error)", at: example.location)
                )
                continue
            }
            var problems: [String] = []
            let expectsResult =
                example.expectedPrediction != nil || example.expectedLabel != nil
                || !example.expectedProbabilities.isEmpty
            if result.isMissing && expectsResult {
                // A tree's null prediction, or an ensemble whose segments gave none.
                problems.append("no prediction")
            }
            if let expected = example.expectedPrediction, let actual = result.prediction,
                !agrees(actual, expected, example, output: "prediction")
            {
                problems.append(
                    "prediction \(NumberFormat.shortest(actual)), expected \(NumberFormat.shortest(expected))")
            }
            if let expected = example.expectedLabel, let actual = result.label, expected != actual {
                problems.append("label '\(actual)', expected '\(expected)'")
            }
            for (label, expected) in example.expectedProbabilities.sorted(by: { $0.key < $1.key })
            where !result.isMissing {
                guard let actual = result.probability(of: label) else {
                    problems.append("no class '\(label)'")
                    continue
                }
                if !agrees(actual, expected, example, output: "probability(\(label))") {
                    problems.append(
                        "probability(\(label)) \(NumberFormat.shortest(actual)), expected \(NumberFormat.shortest(expected))"
                    )
                }
            }
            if let expected = example.expectedDecision, let actual = result.decision, expected != actual {
                problems.append("decision \(actual), expected \(expected)")
            }
            if !problems.isEmpty {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.exampleMismatch,
                        "\(what) disagrees with the model file: the model gives \(problems.joined(separator: "; "))",
                        at: example.location,
                        help: [
                            "check that the examples, the scaling constants and the model file come from the same run of the notebook",
                            "re-run the notebook top to bottom, then re-export the model",
                        ]))
            }
        }
    }

    /// Agreement as the example says: the model file's own precision for its verification records, float32 ULPs
    /// for float32 models, else relative.
    static func agrees(_ actual: Double, _ expected: Double, _ example: ExampleSpec, output: String) -> Bool {
        if let bound = example.fieldTolerances?[output] { return bound.accepts(actual, expected: expected) }
        guard let ulps = example.floatULPs else { return agrees(actual, expected, example.tolerance) }
        return floatAgrees(actual, expected, ulps: ulps)
    }

    /// Whether two numbers, as float32, are within `ulps` units in the last place of the expected one.
    public static func floatAgrees(_ actual: Double, _ expected: Double, ulps: Int) -> Bool {
        let a = Float(actual)
        let e = Float(expected)
        if a == e { return true }
        return abs(Double(a) - Double(e)) <= Double(ulps) * Double(e.ulp)
    }

    /// Relative agreement with an absolute floor for values near zero.
    static func agrees(_ actual: Double, _ expected: Double, _ tolerance: Double) -> Bool {
        if actual == expected { return true }
        return abs(actual - expected) <= tolerance * max(abs(expected), 1e-300) || abs(actual - expected) <= 1e-12
    }
}
