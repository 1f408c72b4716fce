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
    /// `abs`, `min`, `max`, `floor`, `ceil`, `round`, `threshold`, `float32` (rounds to float32: an ONNX step computed
    /// in double and rounded is the float32 operation). Logic and comparison (results 1 for true,
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

extension Expression {
    /// A constant number (a scorecard's plain partialScore).
    public var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}
