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
    /// A function not in the supported set, or called with arguments it cannot take.
    case unsupportedFunction(String)
    /// The model cannot give a result for this row, for the reason given (a zero-sum score distribution, a missing
    /// `defaultChild`, segments without probabilities to average).
    case undefinedResult(String)
    /// An input is outside a guard rail the parameters set (the reason names the rail).
    case outsideGuardRail(String)
    /// A hand-written model raised, as Python would at this input (`ZeroDivisionError`, `ValueError`, ...).
    case python(kind: String, message: String)

    public var description: String {
        switch self {
        case .python(let kind, let message): "the model function raises \(kind): \(message)"
        case .missingValue(let field): "the input '\(field)' is missing and the model has no replacement for it"
        case .invalidValue(let field, let value): "'\(value)' is not a valid value of '\(field)'"
        case .unknownField(let field): "'\(field)' is not a known field"
        case .unsupportedFunction(let name): "the function '\(name)' is not supported"
        case .undefinedResult(let reason): "the model has no result for this row: \(reason)"
        case .outsideGuardRail(let reason): "refused: \(reason)"
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
    /// Classification trees: the confidence per class (PMML ScoreDistribution `confidence`, times the tree's
    /// missing-value penalty per missing level).
    public var confidences: [String: Double]
    /// Trees: the `id` of the node that gave the prediction.
    public var entityId: String?
    /// Values of the model's declared OutputFields (`transformedValue`, `decision`, ...) and, for a model chain or
    /// `selectFirst` ensemble, those of the segment that gave the result; by OutputField name.
    public var outputs: [String: FieldValue]
    /// Scorecards with reason codes: the reason codes, most points first (only those with points of 0 or more).
    public var reasonCodes: [String] = []

    public init(
        prediction: Double? = nil, label: String? = nil, probabilities: [(label: String, probability: Double)] = [],
        decision: Bool? = nil, confidences: [String: Double] = [:], entityId: String? = nil,
        outputs: [String: FieldValue] = [:]
    ) {
        self.prediction = prediction
        self.label = label
        self.probabilities = probabilities
        self.decision = decision
        self.confidences = confidences
        self.entityId = entityId
        self.outputs = outputs
    }

    /// Whether the model gave no prediction for the row (a tree's null prediction, an ensemble whose segments
    /// gave none).
    public var isMissing: Bool { prediction == nil && label == nil }

    public static func == (lhs: EvaluationResult, rhs: EvaluationResult) -> Bool {
        lhs.prediction == rhs.prediction && lhs.label == rhs.label && lhs.decision == rhs.decision
            && lhs.probabilities.map(\.label) == rhs.probabilities.map(\.label)
            && lhs.probabilities.map(\.probability) == rhs.probabilities.map(\.probability)
            && lhs.confidences == rhs.confidences && lhs.entityId == rhs.entityId && lhs.outputs == rhs.outputs
            && lhs.reasonCodes == rhs.reasonCodes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(prediction)
        hasher.combine(label)
        hasher.combine(decision)
        for entry in probabilities {
            hasher.combine(entry.label)
            hasher.combine(entry.probability)
        }
        hasher.combine(entityId)
        hasher.combine(outputs)
    }

    /// The probability of one class.
    public func probability(of label: String) -> Double? {
        probabilities.first { $0.label == label }?.probability
    }
}

extension ExampleSpec {
    /// The example's inputs as the evaluator reads them.
    public var row: [String: FieldValue] {
        inputs.mapValues { value in
            switch value {
            case .number(let number): .number(number)
            case .text(let text): .text(text)
            case .missing: .missing
            }
        }
    }

    /// How messages and generated tests name the example at `index`: `notebook example 3`, or with `located`,
    /// `notebook example 3 (cell 17, line 5)`; `ModelVerification row 2` for rows from the model file.
    public func title(index: Int, located: Bool) -> String {
        switch origin {
        case .modelVerification: return "ModelVerification row \(index + 1)"
        case .referenceEvaluator: return "reference row \(index + 1)"
        case .notebook: break
        }
        var parts: [String] = []
        if located, let location {
            if let cell = location.cell { parts.append("cell \(cell)") }
            if let line = location.line { parts.append("line \(line)") }
        }
        let place = parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
        return "notebook example \(index + 1)\(place)"
    }
}
