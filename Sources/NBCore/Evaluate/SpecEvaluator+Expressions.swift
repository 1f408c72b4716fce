/// Expressions: derived fields, and the transformed values of output fields.
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
            switch value {
            case .missing: return .missing
            case .text(let text): return .number(text == category ? 1 : 0)
            case .number(let number): return .number(Double(category) == number ? 1 : 0)
            }
        case .normContinuous(let field, let points, let outliers, let mapMissingTo):
            guard let value = values[field] else { throw .unknownField(field) }
            guard let x = value.number else { return mapMissingTo.map(FieldValue.number) ?? .missing }
            return ExpressionMath.normContinuous(x, points, outliers).map(FieldValue.number) ?? .missing
        case .apply(let function, let arguments, let mapMissingTo):
            if Self.valueFunctions.contains(function) {
                return try applyValueFunction(function, arguments, mapMissingTo: mapMissingTo, values)
            }
            var numbers: [Double] = []
            for argument in arguments {
                guard let number = try evaluate(argument, values).number else {
                    return mapMissingTo.map(FieldValue.number) ?? .missing
                }
                numbers.append(number)
            }
            guard let result = ExpressionMath.apply(function, numbers) else { throw .unsupportedFunction(function) }
            return .number(result)
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
        var operands: [FieldValue] = []
        for argument in arguments {
            let value = try evaluate(argument, values)
            if value.isMissing { return whenMissing }
            operands.append(value)
        }
        switch function {
        case "equal", "notEqual", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual":
            guard operands.count == 2, let order = ValueSemantics.compare(operands[0], operands[1]) else {
                throw .unsupportedFunction(function)
            }
            let outcome: [String: Bool] = [
                "equal": order == 0, "notEqual": order != 0, "lessThan": order < 0, "lessOrEqual": order <= 0,
                "greaterThan": order > 0, "greaterOrEqual": order >= 0,
            ]
            return Self.flag(outcome[function] ?? false)
        case "and", "or", "not":
            var flags: [Bool] = []
            for value in operands {
                guard let flag = Self.truth(value) else { throw .unsupportedFunction(function) }
                flags.append(flag)
            }
            switch function {
            case "and": return Self.flag(flags.allSatisfy { $0 })
            case "or": return Self.flag(flags.contains(true))
            default: return Self.flag(!(flags.first ?? false))
            }
        case "isIn", "isNotIn":
            guard let first = operands.first else { throw .unsupportedFunction(function) }
            let found = operands.dropFirst().contains { ValueSemantics.compare(first, $0) == 0 }
            return Self.flag(function == "isIn" ? found : !found)
        default:
            throw .unsupportedFunction(function)
        }
    }

    /// PMML MapValues: the first row whose input columns all equal the fields' values.
    private func lookUp(_ map: ValueMap, _ values: [String: FieldValue]) throws(EvaluationError) -> FieldValue {
        var keys: [(value: FieldValue, column: String, type: FieldType)] = []
        for input in map.inputs {
            guard let value = values[input.field] else { throw .unknownField(input.field) }
            if value.isMissing {
                return map.mapMissingTo.map { ValueSemantics.cast(.text($0), to: map.type) } ?? .missing
            }
            keys.append((value, input.column, type(of: input.field)))
        }
        for row in map.rows {
            let matches = keys.allSatisfy { key in
                row[key.column].map { ValueSemantics.equals(key.value, $0, type: key.type) } ?? false
            }
            if matches {
                return row[map.outputColumn].map { ValueSemantics.cast(.text($0), to: map.type) } ?? .missing
            }
        }
        return map.defaultValue.map { ValueSemantics.cast(.text($0), to: map.type) } ?? .missing
    }

    /// PMML Discretize: the first bin whose interval holds the value.
    private func bin(
        _ discretization: Discretization, _ values: [String: FieldValue]
    ) throws(EvaluationError)
        -> FieldValue
    {
        guard let value = values[discretization.field] else { throw .unknownField(discretization.field) }
        let typed = { (text: String) in ValueSemantics.cast(.text(text), to: discretization.type) }
        if value.isMissing { return discretization.mapMissingTo.map(typed) ?? .missing }
        if let x = value.number, let bin = discretization.bins.first(where: { $0.interval.contains(x) }) {
            return typed(bin.value)
        }
        return discretization.defaultValue.map(typed) ?? .missing
    }

    /// A value as a truth value: numbers are true when non-zero, text `true`/`false`; nil when missing.
    static func truth(_ value: FieldValue) -> Bool? {
        switch value {
        case .missing: nil
        case .number(let x): x != 0
        case .text(let text): ValueSemantics.boolean(text)
        }
    }

    static func flag(_ value: Bool) -> FieldValue { .number(value ? 1 : 0) }
}
