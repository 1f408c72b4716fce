/// A typed parameter value.
public enum ParameterValue: Sendable, Codable, Hashable, CustomStringConvertible {
    case double(Double)
    case integer(Int)
    case string(String)
    case boolean(Bool)

    public var description: String {
        switch self {
        case .double(let value): NumberFormat.shortest(value)
        case .integer(let value): String(value)
        case .string(let value): value
        case .boolean(let value): value ? "true" : "false"
        }
    }

    /// The numeric value of a double or integer.
    public var number: Double? {
        switch self {
        case .double(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
}

/// The type of a parameter as domain experts see it.
public enum ParameterType: String, Sendable, Codable, Hashable {
    case number, integer, string, boolean
}

/// What a parameter does at inference time.
public enum ParameterRole: String, Sendable, Codable, Hashable {
    /// Decision threshold on the positive-class probability of a binary classifier.
    case threshold
    /// The class the threshold applies to.
    case positiveClass
    /// Metadata used to name the package (`model_name`, `model_version`).
    case metadata
    /// A value used only while training (`C`, `max_iter`, `test_size`, ...): recorded, never editable.
    case training
    /// Guard rail: the lowest value of the input `feature` the package accepts (`bmi_min`, `min_bmi`).
    case inputMinimum
    /// Guard rail: the highest value of the input `feature` the package accepts (`bmi_max`, `max_bmi`).
    case inputMaximum
    /// A regression's floor: predictions below it are raised to it (`prediction_min`, `prediction_floor`).
    case predictionMinimum
    /// A regression's cap: predictions above it are lowered to it (`prediction_max`, `prediction_cap`).
    case predictionMaximum
    /// A value a hand-written model function reads (`max_dose`): it changes the model's results.
    case modelConstant
}

/// A notebook parameter: its value, constraints and documentation.
public struct ParameterSpec: Sendable, Codable, Hashable {
    public var name: String
    public var type: ParameterType
    public var value: ParameterValue
    public var range: Interval?
    public var allowedValues: [String]
    public var unit: String?
    public var description: String?
    public var role: ParameterRole
    /// Whether domain experts may change it in `parameters.yaml`.
    public var editable: Bool
    public var location: SourceLocation?
    /// The value the notebook set, when `nbship params apply` has since changed `value`; nil while `value` is still
    /// the notebook's.
    public var notebookValue: ParameterValue?
    /// For guard rails (`inputMinimum`, `inputMaximum`): the input the parameter bounds.
    public var feature: String?

    public init(
        name: String, type: ParameterType, value: ParameterValue, range: Interval? = nil, allowedValues: [String] = [],
        unit: String? = nil, description: String? = nil, role: ParameterRole, editable: Bool,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.type = type
        self.value = value
        self.range = range
        self.allowedValues = allowedValues
        self.unit = unit
        self.description = description
        self.role = role
        self.editable = editable
        self.location = location
    }
}

/// A training-time value shown in the model card, read-only. Its value is kept as text as written.
public struct RecordedValue: Sendable, Codable, Hashable {
    public var name: String
    public var value: String
    public var description: String?
    public var location: SourceLocation?
    public init(name: String, value: String, description: String? = nil, location: SourceLocation? = nil) {
        self.name = name
        self.value = value
        self.description = description
        self.location = location
    }
}

/// A guard rail on one numeric input: the inputs the package refuses, set by `<input>_min` / `<input>_max`.
public struct GuardRail: Sendable, Hashable {
    public var input: String
    public var minimum: ParameterSpec?
    public var maximum: ParameterSpec?

    public init(input: String, minimum: ParameterSpec? = nil, maximum: ParameterSpec? = nil) {
        self.input = input
        self.minimum = minimum
        self.maximum = maximum
    }

    /// `[10, 60]`, `[10, ...)` or `(..., 60]`: the values accepted.
    public var allowedText: String {
        let lower = minimum?.value.number.map { "[\(NumberFormat.shortest($0))" } ?? "(..."
        let upper = maximum?.value.number.map { "\(NumberFormat.shortest($0))]" } ?? "...)"
        return "\(lower), \(upper)"
    }

    /// The parameter names that set it, for messages: `bmi_min and bmi_max`.
    public var parameterNames: String {
        [minimum?.name, maximum?.name].compactMap { $0 }.joined(separator: " and ")
    }

    /// Whether `value` is inside the rail.
    public func admits(_ value: Double) -> Bool {
        if let lower = minimum?.value.number, !(value >= lower) { return false }
        if let upper = maximum?.value.number, !(value <= upper) { return false }
        return true
    }

    /// Why `value` is refused, or nil when the rail admits it.
    public func refusal(_ value: Double) -> String? {
        admits(value)
            ? nil
            : "\(input) \(NumberFormat.shortest(value)) is outside the guard rail \(allowedText) (\(parameterNames))"
    }
}

extension ModelSpec {
    /// The guard rails on inputs, in input order.
    public var guardRails: [GuardRail] {
        let rails = Self.guardRails(of: parameters)
        return inputs.compactMap { input in rails.first { $0.input == input.name } }
    }

    /// The guard rails the parameters set, by input name order of first appearance.
    static func guardRails(of parameters: [ParameterSpec]) -> [GuardRail] {
        var rails: [GuardRail] = []
        for parameter in parameters {
            guard let feature = parameter.feature, parameter.role == .inputMinimum || parameter.role == .inputMaximum
            else { continue }
            var index = rails.firstIndex { $0.input == feature }
            if index == nil {
                rails.append(GuardRail(input: feature))
                index = rails.count - 1
            }
            if parameter.role == .inputMinimum {
                rails[index!].minimum = parameter
            } else {
                rails[index!].maximum = parameter
            }
        }
        return rails
    }

    /// A regression's floor and cap on its prediction.
    public var predictionBounds: (lower: Double?, upper: Double?) {
        (parameter(.predictionMinimum)?.value.number, parameter(.predictionMaximum)?.value.number)
    }

    /// Why the package refuses the example's inputs, or nil when every guard rail admits them.
    public func guardRailRefusal(_ inputs: [String: ExampleInput]) -> String? {
        Self.guardRailRefusal(inputs, rails: guardRails)
    }

    static func guardRailRefusal(_ inputs: [String: ExampleInput], rails: [GuardRail]) -> String? {
        for rail in rails {
            if case .number(let value)? = inputs[rail.input], let refusal = rail.refusal(value) { return refusal }
        }
        return nil
    }

    /// A prediction within the floor and cap.
    public func capped(_ prediction: Double) -> Double {
        var value = prediction
        if let upper = predictionBounds.upper, value > upper { value = upper }
        if let lower = predictionBounds.lower, value < lower { value = lower }
        return value
    }
}
