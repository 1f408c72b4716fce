import NBRuntime

// The reference evaluator computes with NBRuntime, the file generated packages carry byte for byte: values, casts
// and comparisons, predicates, ensemble combination, linear terms, naive Bayes and targets are NBRuntime's
// functions, so the evaluator and a package agree by construction. These are the conversions between the
// evaluator's types and the runtime's.

extension FieldValue {
    /// The value as NBRuntime carries it.
    var runtime: Value {
        switch self {
        case .number(let x): .number(x)
        case .text(let text): .text(text)
        case .missing: .missing
        }
    }

    init(_ value: Value) {
        switch value {
        case .number(let x): self = .number(x)
        case .text(let text): self = .text(text)
        case .missing: self = .missing
        }
    }
}

extension FieldType {
    /// The type as NBRuntime converts and compares by it.
    var kind: FieldKind {
        switch self {
        case .double: .double
        case .float: .float
        case .integer: .integer
        case .string: .string
        case .boolean: .boolean
        }
    }
}

extension SpecEvaluator.ModelResult {
    /// The value and probabilities, as NBRuntime's ensembles combine them.
    var scored: Scored { Scored(value: value.runtime, probabilities: probabilities) }

    init(_ scored: Scored) {
        self.init(value: FieldValue(scored.value), probabilities: scored.probabilities)
    }
}

extension MiningModelSpec {
    /// How NBRuntime combines the segments, as the model file says.
    var runtimePlan: Ensemble.Plan {
        let method: Ensemble.Method =
            switch multipleModelMethod {
            case .sum: .sum
            case .weightedSum: .weightedSum
            case .average: .average
            case .weightedAverage: .weightedAverage
            case .median: .median
            case .weightedMedian: .weightedMedian
            case .max: .max
            case .majorityVote: .majorityVote
            case .weightedMajorityVote: .weightedMajorityVote
            case .selectFirst: .selectFirst
            case .modelChain: .modelChain
            }
        let treatment: Ensemble.MissingTreatment =
            switch missingPredictionTreatment {
            case .returnMissing: .returnMissing
            case .skipSegment: .skipSegment
            case .continue: .continue
            }
        return Ensemble.Plan(
            method: method, regression: function == .regression, treatment: treatment,
            missingThreshold: missingThreshold, initialScore: initialScore, float: numeric == .float,
            classes: classes)
    }
}
