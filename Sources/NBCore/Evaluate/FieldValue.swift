/// A value flowing through the reference evaluator.
public enum FieldValue: Sendable, Hashable {
    case number(Double)
    case text(String)
    case missing

    public var number: Double? {
        switch self {
        case .number(let value): value
        case .text(let text): Double(text)
        case .missing: nil
        }
    }

    public var isMissing: Bool { self == .missing }
}

/// Why the reference evaluator could not score a row.
public enum EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An input the model needs is missing and has no replacement.
    case missingValue(field: String)
    /// An input is outside its valid range or values, and the model says to reject it.
    case invalidValue(field: String, value: String)
    /// A field is referenced but not defined (cannot happen for a validated spec).
    case unknownField(String)
    /// A function not in the supported set (cannot happen for a validated spec).
    case unsupportedFunction(String)

    public var description: String {
        switch self {
        case .missingValue(let field): "the input '\(field)' is missing and the model has no replacement for it"
        case .invalidValue(let field, let value): "'\(value)' is not a valid value of '\(field)'"
        case .unknownField(let field): "'\(field)' is not a known field"
        case .unsupportedFunction(let name): "the function '\(name)' is not supported"
        }
    }
}

/// What a model returns for one row.
public struct EvaluationResult: Sendable, Hashable {
    /// Regression: the prediction. Classification: nil.
    public var prediction: Double?
    /// Classification: the winning class.
    public var label: String?
    /// Classification: probability per class, in class order.
    public var probabilities: [(label: String, probability: Double)]
    /// The thresholded decision, when a threshold is bound.
    public var decision: Bool?

    public init(
        prediction: Double? = nil, label: String? = nil, probabilities: [(label: String, probability: Double)] = [],
        decision: Bool? = nil
    ) {
        self.prediction = prediction
        self.label = label
        self.probabilities = probabilities
        self.decision = decision
    }

    public static func == (lhs: EvaluationResult, rhs: EvaluationResult) -> Bool {
        lhs.prediction == rhs.prediction && lhs.label == rhs.label && lhs.decision == rhs.decision
            && lhs.probabilities.map(\.label) == rhs.probabilities.map(\.label)
            && lhs.probabilities.map(\.probability) == rhs.probabilities.map(\.probability)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(prediction)
        hasher.combine(label)
        hasher.combine(decision)
        for entry in probabilities {
            hasher.combine(entry.label)
            hasher.combine(entry.probability)
        }
    }

    /// The probability of one class.
    public func probability(of label: String) -> Double? {
        probabilities.first { $0.label == label }?.probability
    }
}
