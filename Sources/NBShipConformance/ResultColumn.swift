import NBCore

/// A result nbship computes that an expected column can be compared with.
public enum ResultColumn: Sendable, Hashable, CustomStringConvertible {
    /// The prediction of a regression, the label of a classification.
    case predictedValue
    /// The probability of one class.
    case probability(String)
    /// A scorecard's reason code of a rank (1: the most points).
    case reasonCode(Int)
    /// A result the model file declares as an OutputField of this name (a transformed value or a decision).
    case field(String)

    /// Maps a corpus column role: `target:predictedValue` (with or without a trailing remark),
    /// `output:predictedValue`, `output:probability(<class>)`, `output(segment):…` (the last segment of a model
    /// chain gives the whole model's result) and the pseudo-columns `pseudo:predictedValue`,
    /// `pseudo:probability(<class>)`. Other roles (`output:transformedValue`, `pseudo:confidence`, `unmapped`, …)
    /// are results nbship does not compute: nil.
    public init?(role: String) {
        self.init(role: role, column: nil)
    }

    /// As `init(role:)`; `column`, the expected.csv column, names the OutputField of `output:transformedValue` and
    /// `output:decision`.
    public init?(role: String, column: String?) {
        guard let colon = role.firstIndex(of: ":") else { return nil }
        let kind = role[..<colon]
        let rest = role[role.index(after: colon)...]
        let feature = rest.prefix { $0.isLetter }
        let afterFeature = rest[feature.endIndex...]
        var value: String?
        if afterFeature.first == "(", let close = afterFeature.lastIndex(of: ")") {
            value = String(afterFeature[afterFeature.index(after: afterFeature.startIndex)..<close])
        }
        switch (kind, feature, value) {
        case ("target", "predictedValue", nil), ("output", "predictedValue", nil),
            ("output(segment)", "predictedValue", nil), ("pseudo", "predictedValue", nil):
            self = .predictedValue
        case ("output", "probability", let label?), ("output(segment)", "probability", let label?),
            ("pseudo", "probability", let label?):
            self = .probability(label)
        case ("output", "reasonCode", let rank?):
            guard let rank = Int(rank), rank >= 1 else { return nil }
            self = .reasonCode(rank)
        case ("output", "transformedValue", nil), ("output", "decision", nil):
            guard let column else { return nil }
            self = .field(column)
        default:
            return nil
        }
    }

    /// Maps a column of the generated `<name>-predict` output: `prediction`, `label`, `probability(<class>)`,
    /// `reasonCode(<rank>)`.
    package init?(outputColumn name: String) {
        if name == "prediction" || name == "label" {
            self = .predictedValue
        } else if name.hasPrefix("probability("), name.hasSuffix(")") {
            self = .probability(String(name.dropFirst("probability(".count).dropLast()))
        } else if name.hasPrefix("reasonCode("), name.hasSuffix(")"),
            let rank = Int(name.dropFirst("reasonCode(".count).dropLast()), rank >= 1
        {
            self = .reasonCode(rank)
        } else {
            // Any other column is an output field the model file declares, by its name.
            self = .field(name)
        }
    }

    public var description: String {
        switch self {
        case .predictedValue: "predictedValue"
        case .probability(let label): "probability(\(label))"
        case .reasonCode(let rank): OutputSpec.reasonCodeName(rank: rank)
        case .field(let name): name
        }
    }
}

/// What a model gave for one input row: results by column, or why it gave none.
public struct ScoredRow: Sendable, Hashable {
    public var values: [ResultColumn: ResultValue]
    /// Why the row could not be scored (then every result is missing), e.g. a missing input.
    public var error: String?

    public init(values: [ResultColumn: ResultValue], error: String? = nil) {
        self.values = values
        self.error = error
    }

    /// The reference evaluator's result.
    public init(_ result: EvaluationResult) {
        var values: [ResultColumn: ResultValue] = [:]
        if let prediction = result.prediction { values[.predictedValue] = .number(prediction) }
        if let label = result.label { values[.predictedValue] = .text(label) }
        // A model may give no prediction for a row (a tree's null prediction): a missing result.
        if result.prediction == nil && result.label == nil { values[.predictedValue] = .missing }
        for (label, probability) in result.probabilities { values[.probability(label)] = .number(probability) }
        for (index, code) in result.reasonCodes.enumerated() { values[.reasonCode(index + 1)] = .text(code) }
        for (name, value) in result.outputs {
            switch value {
            case .number(let x): values[.field(name)] = .number(x)
            case .text(let text): values[.field(name)] = .text(text)
            case .missing: values[.field(name)] = .missing
            }
        }
        self.init(values: values)
    }

    /// The result for `column`; a row that could not be scored has only missing results. A class is also
    /// found by numeric value (`probability(1)` finds the class `1.0`).
    public func value(_ column: ResultColumn) -> ResultValue? {
        if error != nil { return .missing }
        if let value = values[column] { return value }
        // Fewer reason codes have points than the rank asks for: that rank is missing.
        if case .reasonCode = column { return .missing }
        guard case .probability(let label) = column, let number = Double(label) else { return nil }
        for (key, value) in values {
            if case .probability(let other) = key, Double(other) == number { return value }
        }
        return nil
    }

    /// The results this row has, for messages.
    public var columns: [String] { values.keys.map(\.description).sorted() }
}
