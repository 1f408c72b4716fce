import NBRuntime

/// Expressions: derived fields, and the transformed values of output fields. The functions are NBRuntime's `Fn`, the
/// ones generated packages call; the evaluator adds the checks a spec from outside needs (unknown fields and
/// functions are errors, not missing values).
extension SpecEvaluator {
    /// The functions evaluated on values rather than numbers: they read text, test for missing values, or decide
    /// which argument to evaluate. Each returns 1 for true and 0 for false where it is a test.
    public static let valueFunctions: Set<String> = [
        "if", "isMissing", "isNotMissing", "equal", "notEqual", "lessThan", "lessOrEqual", "greaterThan",
        "greaterOrEqual", "and", "or", "not", "isIn", "isNotIn",
    ]

    /// Evaluates a preprocessing expression.
    public func evaluate(
        _ expression: Expression, _ values: [String: FieldValue]
    ) throws(EvaluationError)
        -> FieldValue
    {
        switch expression {
        case .field(let name):
            guard let value = values[name] else { throw .unknownField(name) }
            return value
        case .constant(let value):
            return .number(value)
        case .text(let text):
            return .text(text)
        case .indicator(let field, let category):
            guard let value = values[field] else { throw .unknownField(field) }
            return FieldValue(Fn.indicator(value.runtime, category))
        case .normContinuous(let field, let points, let outliers, let mapMissingTo):
            guard let value = values[field] else { throw .unknownField(field) }
            return FieldValue(
                Fn.normContinuous(
                    value.runtime, points.map { ($0.original, $0.normalized) }, outliers.runtime,
                    mapMissingTo: mapMissingTo))
        case .apply(let function, let arguments, let mapMissingTo):
            if Self.valueFunctions.contains(function) {
                return try applyValueFunction(function, arguments, mapMissingTo: mapMissingTo, values)
            }
            guard ExpressionMath.accepts(function, arguments: arguments.count) else {
                throw .unsupportedFunction(function)
            }
            var operands: [Value] = []
            for argument in arguments { operands.append(try evaluate(argument, values).runtime) }
            return FieldValue(Fn.apply(function, operands, mapMissingTo: mapMissingTo))
        case .mapValues(let map):
            return try lookUp(map, values)
        case .discretize(let discretization):
            return try bin(discretization, values)
        }
    }

    /// `if`, missing-value tests, comparisons and logic (PMML built-in functions).
    private func applyValueFunction(
        _ function: String, _ arguments: [Expression], mapMissingTo: Double?, _ values: [String: FieldValue]
    ) throws(EvaluationError) -> FieldValue {
        let whenMissing = mapMissingTo.map(FieldValue.number) ?? .missing
        switch function {
        case "if":
            guard let first = arguments.first else { throw .unsupportedFunction(function) }
            guard let condition = Self.truth(try evaluate(first, values)) else { return whenMissing }
            if condition { return arguments.count > 1 ? try evaluate(arguments[1], values) : .missing }
            return arguments.count > 2 ? try evaluate(arguments[2], values) : .missing
        case "isMissing", "isNotMissing":
            guard let first = arguments.first else { throw .unsupportedFunction(function) }
            let missing = try evaluate(first, values).isMissing
            return Self.flag(function == "isMissing" ? missing : !missing)
        default:
            break
        }
        var operands: [Value] = []
        for argument in arguments {
            let value = try evaluate(argument, values)
            if value.isMissing { return whenMissing }
            operands.append(value.runtime)
        }
        // With every operand present, a missing result means the function cannot take them (text that is not a
        // truth value, an ordering of text against a number): a spec error, where a package gives no prediction.
        let result = Fn.test(function, operands, mapMissingTo: mapMissingTo)
        if result.isMissing { throw .unsupportedFunction(function) }
        return FieldValue(result)
    }

    /// PMML MapValues: the first row whose input columns all equal the fields' values.
    private func lookUp(_ map: ValueMap, _ values: [String: FieldValue]) throws(EvaluationError) -> FieldValue {
        var keys: [(Value, FieldKind)] = []
        for input in map.inputs {
            guard let value = values[input.field] else { throw .unknownField(input.field) }
            keys.append((value.runtime, type(of: input.field).kind))
        }
        let rows = map.rows.map { row in map.inputs.map { row[$0.column] } + [row[map.outputColumn]] }
        return FieldValue(
            Fn.lookUp(keys, rows, mapMissingTo: map.mapMissingTo, defaultValue: map.defaultValue, map.type.kind))
    }

    /// PMML Discretize: the first bin whose interval holds the value.
    private func bin(
        _ discretization: Discretization, _ values: [String: FieldValue]
    ) throws(EvaluationError)
        -> FieldValue
    {
        guard let value = values[discretization.field] else { throw .unknownField(discretization.field) }
        let bins = discretization.bins.map { bin in
            let lower = bin.interval.lowerClosed ? "closed" : "open"
            let closure = lower + (bin.interval.upperClosed ? "Closed" : "Open")
            return (lower: bin.interval.lower, upper: bin.interval.upper, closure: closure, label: bin.value)
        }
        return FieldValue(
            Fn.discretize(
                value.runtime, bins, mapMissingTo: discretization.mapMissingTo,
                defaultValue: discretization.defaultValue, discretization.type.kind))
    }

    /// A value as a truth value: numbers are true when non-zero, text `true`/`false`; nil when missing.
    static func truth(_ value: FieldValue) -> Bool? { Fn.truth(value.runtime) }

    static func flag(_ value: Bool) -> FieldValue { FieldValue(Fn.flag(value)) }
}
