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
