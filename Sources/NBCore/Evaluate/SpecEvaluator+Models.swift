import NBRuntime

/// Trees, ensembles and the models inside ensembles: one model's result, its target rescaling and its output
/// fields.
extension SpecEvaluator {
    /// What one model (the top-level one, or a segment's) gives for a row.
    struct ModelResult {
        /// The predicted value: a number (regression) or a class label; missing when the model gives none.
        var value: FieldValue = .missing
        /// Class probabilities in the order the model produced them; a tie goes to the earliest.
        var probabilities: [(label: String, probability: Double)] = []
        var confidences: [String: Double] = [:]
        /// The tree node that gave the prediction.
        var entityId: String?
        /// The model's output fields, by name.
        var outputs: [String: FieldValue] = [:]
        /// Scorecards: the reason codes, most points first.
        var reasonCodes: [String] = []

        static let missing = ModelResult()

        func probability(of label: String) -> Double? {
            probabilities.first { $0.label == label }?.probability
        }
    }

    /// Scores a model body with the fields visible to it, applying its target's clamping and rescaling
    /// (regression) in its numeric semantics.
    func evaluateModel(
        _ body: ModelBody, _ values: [String: FieldValue], target: TargetSpec?
    ) throws(EvaluationError) -> ModelResult {
        var result: ModelResult
        switch body {
        case .linear(let linear): result = try segmentScore(linear, values)
        case .tree(let tree): result = try treeResult(tree, values)
        case .ensemble(let ensemble): result = try ensembleResult(ensemble, values)
        case .network(let network): result = try networkResult(network, values)
        case .machine(let machine): result = try machineResult(machine, values)
        case .bayes(let bayes): result = try bayesResult(bayes, values)
        case .function(let function): result = try functionResult(function, values)
        case .scorecard(let scorecard): result = try scorecardResult(scorecard, values)
        }
        if body.function == .regression, let target, let x = result.value.number, !body.isFunction {
            result.value = .number(Self.rescaled(x, target, numeric: Self.numeric(of: body)))
        }
        return result
    }

    /// The numeric semantics a model body computes in.
    public static func numericSemantics(of body: ModelBody) -> NumericSemantics { numeric(of: body) }

    static func numeric(of body: ModelBody) -> NumericSemantics {
        switch body {
        case .linear(let model): model.numeric ?? .double
        case .tree(let model): model.numeric
        case .ensemble(let model): model.numeric
        case .network, .machine, .bayes, .function, .scorecard: .double
        }
    }

    /// PMML `Target`: clamp to `[min, max]`, then `x * rescaleFactor + rescaleConstant`, then the target's type
    /// (JPMML-Evaluator's order; float32 arithmetic where the model declares it): NBRuntime's `Scored.rescaled`.
    static func rescaled(_ x: Double, _ target: TargetSpec, numeric: NumericSemantics) -> Double {
        Scored(x).rescaled(
            factor: target.rescaleFactor, constant: target.rescaleConstant, minimum: target.minimum,
            maximum: target.maximum, float: numeric == .float, floatTarget: target.type == .float
        ).value.number ?? x
    }

    /// The values of a model's output fields, in declaration order; each may read the ones before it.
    func outputValues(
        _ fields: [OutputFieldSpec], _ result: ModelResult, _ values: [String: FieldValue]
    ) throws(EvaluationError) -> [String: FieldValue] {
        guard !fields.isEmpty else { return [:] }
        var scope = values
        for (name, value) in result.outputs { scope[name] = value }
        var outputs: [String: FieldValue] = [:]
        for field in fields {
            let value: FieldValue
            switch field.feature {
            case .predictedValue:
                value = result.value
            case .probability(let label):
                if result.value.isMissing {
                    value = .missing
                } else if let label = label ?? result.value.labelText {
                    value = .number(result.probability(of: Self.matchingLabel(label, in: result)) ?? 0)
                } else {
                    value = .missing
                }
            case .transformedValue(let expression), .decision(let expression):
                value = try evaluate(expression, scope)
            case .entityId:
                value = result.entityId.map(FieldValue.text) ?? .missing
            }
            let typed = field.type.map { ValueSemantics.cast(value, to: $0) } ?? value
            outputs[field.name] = typed
            scope[field.name] = typed
        }
        return outputs
    }

    /// The label as the result spells it (`1` for `1.0` when the classes are integers).
    static func matchingLabel(_ label: String, in result: ModelResult) -> String {
        if result.probabilities.contains(where: { $0.label == label }) { return label }
        guard let number = Double(label) else { return label }
        return result.probabilities.first { Double($0.label) == number }?.label ?? label
    }

    /// The top-level result as the caller sees it: prediction or label, probabilities in class order, outputs.
    func finish(_ result: ModelResult, values: [String: FieldValue]) throws(EvaluationError) -> EvaluationResult {
        var finished = EvaluationResult(confidences: result.confidences, entityId: result.entityId)
        finished.reasonCodes = result.reasonCodes
        if model.function == .regression {
            finished.prediction = result.value.number
        } else {
            finished.label = result.value.labelText.map { Ensemble.canonical($0, classes: target.classes) }
            if !result.probabilities.isEmpty {
                let canonical = result.probabilities.map {
                    (Ensemble.canonical($0.label, classes: target.classes), $0.1)
                }
                finished.probabilities = orderedByClasses(
                    labels: canonical.map(\.0), probabilities: canonical.map(\.1))
            }
            if let decision, !result.value.isMissing {
                finished.decision = (finished.probability(of: decision.positiveClass) ?? 0) >= decision.threshold
            }
        }
        var outputs = result.outputs
        for (name, value) in try outputValues(outputFields, result, values) { outputs[name] = value }
        finished.outputs = outputs
        return finished
    }
}

extension FieldValue {
    /// A class label: the text, or a number written as PMML writes it (`1`, `2.5`).
    var labelText: String? { runtime.text }
}
