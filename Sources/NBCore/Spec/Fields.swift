/// The value type of a field, as the model computes with it.
public enum FieldType: String, Sendable, Codable, Hashable {
    case double, float, integer, string, boolean

    /// True for the types that carry numbers.
    public var isNumeric: Bool { self == .double || self == .float || self == .integer }
}

/// Whether a field is a quantity or a category.
public enum OpType: String, Sendable, Codable, Hashable {
    case continuous, categorical, ordinal
}

/// A numeric interval with open or closed ends; a nil bound is unbounded.
public struct Interval: Sendable, Codable, Hashable, CustomStringConvertible {
    public var lower: Double?
    public var upper: Double?
    public var lowerClosed: Bool
    public var upperClosed: Bool

    public init(lower: Double?, upper: Double?, lowerClosed: Bool = true, upperClosed: Bool = true) {
        self.lower = lower
        self.upper = upper
        self.lowerClosed = lowerClosed
        self.upperClosed = upperClosed
    }

    public func contains(_ value: Double) -> Bool {
        if let lower {
            if lowerClosed ? value < lower : value <= lower { return false }
        }
        if let upper {
            if upperClosed ? value > upper : value >= upper { return false }
        }
        return true
    }

    /// Mathematical notation: `[0, 1]`, `(0, inf)`.
    public var description: String {
        let low = lower.map { NumberFormat.shortest($0) } ?? "-inf"
        let high = upper.map { NumberFormat.shortest($0) } ?? "inf"
        return "\(lower != nil && lowerClosed ? "[" : "(")\(low), \(high)\(upper != nil && upperClosed ? "]" : ")")"
    }
}

/// What to do with a value outside the valid range of a continuous input (PMML `outliers`).
public struct OutlierTreatment: Sendable, Codable, Hashable {
    public enum Mode: String, Sendable, Codable, Hashable {
        case asIs, asMissingValues, asExtremeValues
    }
    public var mode: Mode
    public var low: Double?
    public var high: Double?
    public init(mode: Mode = .asIs, low: Double? = nil, high: Double? = nil) {
        self.mode = mode
        self.low = low
        self.high = high
    }
}

/// What to do with an invalid input value (PMML `invalidValueTreatment`).
public enum InvalidValueTreatment: String, Sendable, Codable, Hashable {
    case returnInvalid, asIs, asMissing
}

/// One input of the model, as callers of the generated code supply it.
public struct InputSpec: Sendable, Codable, Hashable {
    public var name: String
    public var type: FieldType
    public var opType: OpType
    /// Valid intervals (continuous fields); empty means any number.
    public var validIntervals: [Interval]
    /// Valid values (categorical fields); empty means any value.
    public var validValues: [String]
    /// Value substituted for a missing input (PMML `missingValueReplacement`); nil means missing stays missing.
    public var missingReplacement: String?
    /// Values that mean "missing" (PMML `Value property="missing"`, e.g. `NaN` in XGBoost models); nil when the
    /// file declares none.
    public var missingValues: [String]?
    public var invalidTreatment: InvalidValueTreatment
    public var outliers: OutlierTreatment
    public var unit: String?
    public var description: String?
    public var location: SourceLocation?

    public init(
        name: String, type: FieldType, opType: OpType, validIntervals: [Interval] = [], validValues: [String] = [],
        missingReplacement: String? = nil, invalidTreatment: InvalidValueTreatment = .returnInvalid,
        outliers: OutlierTreatment = OutlierTreatment(), unit: String? = nil, description: String? = nil,
        location: SourceLocation? = nil, missingValues: [String]? = nil
    ) {
        self.name = name
        self.type = type
        self.opType = opType
        self.validIntervals = validIntervals
        self.validValues = validValues
        self.missingReplacement = missingReplacement
        self.missingValues = missingValues
        self.invalidTreatment = invalidTreatment
        self.outliers = outliers
        self.unit = unit
        self.description = description
        self.location = location
    }
}

/// The model's target: what it predicts.
public struct TargetSpec: Sendable, Codable, Hashable {
    public var name: String
    public var type: FieldType
    public var opType: OpType
    /// Class labels in the order the model file declares them (classification only).
    public var classes: [String]
    /// PMML `Targets` rescaling: `prediction * rescaleFactor + rescaleConstant`.
    public var rescaleFactor: Double
    public var rescaleConstant: Double
    /// Clamp for regression predictions (PMML `Target min/max`).
    public var minimum: Double?
    public var maximum: Double?

    public init(
        name: String, type: FieldType, opType: OpType, classes: [String] = [], rescaleFactor: Double = 1,
        rescaleConstant: Double = 0, minimum: Double? = nil, maximum: Double? = nil
    ) {
        self.name = name
        self.type = type
        self.opType = opType
        self.classes = classes
        self.rescaleFactor = rescaleFactor
        self.rescaleConstant = rescaleConstant
        self.minimum = minimum
        self.maximum = maximum
    }
}
