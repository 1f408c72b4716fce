/// A preprocessing expression over input and derived fields, format-neutral.
///
/// PMML's NormContinuous, Apply, FieldRef, Constant, NormDiscrete, MapValues and Discretize, and the notebook's
/// scaling constants, all become expressions of this type.
public indirect enum Expression: Sendable, Codable, Hashable {
    /// The value of an input or derived field.
    case field(String)
    /// A numeric constant.
    case constant(Double)
    /// A built-in function applied to arguments. Arithmetic: `+ - * /`, `exp`, `ln`, `log10`, `sqrt`, `pow`,
    /// `abs`, `min`, `max`, `floor`, `ceil`, `round`, `threshold`. Logic and comparison (results 1 for true,
    /// 0 for false): `if`, `isMissing`, `isNotMissing`, `equal`, `notEqual`, `lessThan`, `lessOrEqual`,
    /// `greaterThan`, `greaterOrEqual`, `and`, `or`, `not`, `isIn`, `isNotIn`. `mapMissingTo` replaces a missing
    /// result.
    case apply(function: String, arguments: [Expression], mapMissingTo: Double?)
    /// Piecewise-linear normalisation through `points` (PMML NormContinuous).
    case normContinuous(field: String, points: [NormPoint], outliers: OutlierTreatment.Mode, mapMissingTo: Double?)
    /// 1 when the field equals `value`, else 0 (PMML NormDiscrete, one-hot encoding).
    case indicator(field: String, value: String)
    /// A text constant (PMML `Constant` of a string type).
    case text(String)
    /// A table lookup (PMML MapValues).
    case mapValues(ValueMap)
    /// Binning of a number into labelled intervals (PMML Discretize).
    case discretize(Discretization)

    /// The names of the fields the expression reads, in first-use order.
    public var fieldReferences: [String] {
        var names: [String] = []
        func add(_ name: String) {
            if !names.contains(name) { names.append(name) }
        }
        func visit(_ expression: Expression) {
            switch expression {
            case .field(let name), .normContinuous(let name, _, _, _), .indicator(let name, _): add(name)
            case .constant, .text: break
            case .apply(_, let arguments, _): arguments.forEach(visit)
            case .mapValues(let map): map.inputs.forEach { add($0.field) }
            case .discretize(let bins): add(bins.field)
            }
        }
        visit(self)
        return names
    }
}

/// A table lookup (PMML MapValues): the row whose input columns equal the fields' values gives the output column.
public struct ValueMap: Sendable, Codable, Hashable {
    /// Which field is compared with which column.
    public struct Input: Sendable, Codable, Hashable {
        public var field: String
        public var column: String
        public init(field: String, column: String) {
            self.field = field
            self.column = column
        }
    }
    public var inputs: [Input]
    public var outputColumn: String
    /// The table, each row by column name, as written in the file.
    public var rows: [[String: String]]
    /// The result when no row matches; nil means missing.
    public var defaultValue: String?
    /// The result when an input is missing; nil means missing.
    public var mapMissingTo: String?
    /// The type of the result.
    public var type: FieldType

    public init(
        inputs: [Input], outputColumn: String, rows: [[String: String]], defaultValue: String? = nil,
        mapMissingTo: String? = nil, type: FieldType = .string
    ) {
        self.inputs = inputs
        self.outputColumn = outputColumn
        self.rows = rows
        self.defaultValue = defaultValue
        self.mapMissingTo = mapMissingTo
        self.type = type
    }
}

/// Binning (PMML Discretize): the first bin whose interval holds the value gives the result.
public struct Discretization: Sendable, Codable, Hashable {
    public struct Bin: Sendable, Codable, Hashable {
        public var interval: Interval
        public var value: String
        public init(interval: Interval, value: String) {
            self.interval = interval
            self.value = value
        }
    }
    public var field: String
    public var bins: [Bin]
    /// The result when no bin holds the value; nil means missing.
    public var defaultValue: String?
    /// The result when the field is missing; nil means missing.
    public var mapMissingTo: String?
    public var type: FieldType

    public init(
        field: String, bins: [Bin], defaultValue: String? = nil, mapMissingTo: String? = nil, type: FieldType = .string
    ) {
        self.field = field
        self.bins = bins
        self.defaultValue = defaultValue
        self.mapMissingTo = mapMissingTo
        self.type = type
    }
}

/// One point of a piecewise-linear normalisation: `original` maps to `normalized`.
public struct NormPoint: Sendable, Codable, Hashable {
    public var original: Double
    public var normalized: Double
    public init(original: Double, normalized: Double) {
        self.original = original
        self.normalized = normalized
    }
}

/// Where a derived field came from.
public enum FieldOrigin: String, Sendable, Codable, Hashable {
    /// From the model file (PMML TransformationDictionary or LocalTransformations).
    case modelFile
    /// From the notebook's `scaling` cell.
    case notebook
}

/// A named intermediate value computed from inputs before the model runs.
public struct DerivedFieldSpec: Sendable, Codable, Hashable {
    public var name: String
    public var type: FieldType
    public var expression: Expression
    public var origin: FieldOrigin
    public var location: SourceLocation?

    public init(
        name: String, type: FieldType = .double, expression: Expression, origin: FieldOrigin,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.type = type
        self.expression = expression
        self.origin = origin
        self.location = location
    }
}
