import Foundation

/// Rows scored by nbship's reference evaluator, for a package that has no golden examples of its own (no examples
/// cell, no ModelVerification): they make the generated tests check the generated code against the reference
/// evaluator that checked the spec, so a package never ships without tests. They are not evidence that the
/// model agrees with the framework that trained it, and the package says so.
///
/// Input values come from what the model file says about each input, so that the rows reach different parts of
/// the model: the centre and spread of the scaler in front of it (the model file's or the notebook's), else the
/// range of its split thresholds, else its valid interval, else its missing-value replacement; categorical inputs
/// cycle through their valid values. The rows are the same on every run.
enum ReferenceRows {
    static let count = 8

    static func make(
        inputs: [InputSpec], derivedFields: [DerivedFieldSpec], body: ModelBody, evaluator: SpecEvaluator,
        target: TargetSpec
    ) -> [ExampleSpec] {
        let preprocessing = ModelPreprocessing(
            model: ImportedModel(
                file: "", format: "", inputs: inputs, target: target, derivedFields: derivedFields, model: body))
        var thresholds: [String: [Double]] = [:]
        collectThresholds(body, into: &thresholds)
        let places = inputs.map { input in
            place(input, preprocessing.reading(of: input.name, at: [0, 1, 2]), thresholds[input.name] ?? [])
        }
        // A fixed sequence of offsets in units of each input's spread (a small linear congruential generator).
        var state: UInt64 = 0x6e62_7368_6970
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 3 - 1.5
        }
        var rows: [ExampleSpec] = []
        for row in 0..<count * 2 where rows.count < count {
            var values: [String: ExampleInput] = [:]
            var fields: [String: FieldValue] = [:]
            for (input, place) in zip(inputs, places) {
                let offset = next()
                if input.type.isNumeric {
                    // Six significant digits: readable in the generated tests, and exact as written.
                    let raw = place.center + (row == 0 ? 0 : offset) * place.spread
                    let value = Double(String(format: "%.6g", raw)) ?? raw
                    values[input.name] = .number(value)
                    fields[input.name] = .number(value)
                } else if !input.validValues.isEmpty {
                    let value = input.validValues[row % input.validValues.count]
                    values[input.name] = .text(value)
                    fields[input.name] = .text(value)
                }
            }
            guard let result = try? evaluator.evaluate(fields), !result.isMissing else { continue }
            var example = ExampleSpec(
                inputs: values, expectedLabel: result.label, expectedPrediction: result.prediction,
                expectedProbabilities: Dictionary(
                    result.probabilities.map { ($0.label, $0.probability) }, uniquingKeysWith: { first, _ in first }),
                origin: .referenceEvaluator)
            example.expectedDecision = result.decision
            if target.opType == .continuous ? result.prediction == nil : result.label == nil { continue }
            rows.append(example)
        }
        return rows
    }

    struct Place {
        var center: Double
        var spread: Double
    }

    static func place(_ input: InputSpec, _ reading: ModelPreprocessing.Reading, _ thresholds: [Double]) -> Place {
        if let view = reading.views.first, view.slope != 0, view.slope.isFinite, view.intercept.isFinite {
            return Place(center: -view.intercept / view.slope, spread: 1 / abs(view.slope))
        }
        if let low = thresholds.min(), let high = thresholds.max() {
            return Place(center: (low + high) / 2, spread: max((high - low) / 2, abs(low + high) / 20, 1e-3))
        }
        if let interval = input.validIntervals.first, let low = interval.lower, let high = interval.upper,
            low.isFinite, high.isFinite
        {
            return Place(center: (low + high) / 2, spread: (high - low) / 3)
        }
        if let text = input.missingReplacement, let value = Double(text) {
            return Place(center: value, spread: max(abs(value) / 2, 1))
        }
        return Place(center: 0, spread: 1)
    }

    /// Constants a tree compares each field with, through every segment of an ensemble.
    static func collectThresholds(_ body: ModelBody, into thresholds: inout [String: [Double]]) {
        switch body {
        case .tree(let tree): collectThresholds(tree.root, into: &thresholds)
        case .ensemble(let ensemble):
            for segment in ensemble.segments {
                collectThresholds(segment.predicate, into: &thresholds)
                collectThresholds(segment.model, into: &thresholds)
            }
        default: break
        }
    }

    static func collectThresholds(_ node: TreeNode, into thresholds: inout [String: [Double]]) {
        collectThresholds(node.predicate, into: &thresholds)
        for child in node.children { collectThresholds(child, into: &thresholds) }
    }

    static func collectThresholds(_ condition: Condition, into thresholds: inout [String: [Double]]) {
        switch condition {
        case .simple(let field, _, let value):
            if let value, let number = Double(value), number.isFinite { thresholds[field, default: []].append(number) }
        case .compound(_, let conditions):
            for inner in conditions { collectThresholds(inner, into: &thresholds) }
        default: break
        }
    }
}
