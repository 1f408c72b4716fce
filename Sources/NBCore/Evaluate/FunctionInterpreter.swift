import NBRuntime

/// Interprets a hand-written model function (`FunctionModelSpec`) with CPython's arithmetic (NBRuntime's `Py`, the
/// very functions the generated code calls, in the same order): arguments, then statements top to bottom, operands
/// left to right, `and`/`or` and chained comparisons short-circuiting as in Python.
public struct FunctionInterpreter: Sendable {
    public let spec: FunctionModelSpec
    /// Module constants and parameters by name.
    var globals: [String: PyValue] = [:]
    var tables: [String: [PyValue: PyValue]] = [:]
    /// The names the running function assigns (its locals, as Python decides them when it compiles the function).
    var localNames: Set<String> = []

    /// The deepest chain of helper calls followed (recursion is refused when the cell is read).
    static let maxDepth = 64

    public init(spec: FunctionModelSpec, parameters: [String: ParameterValue]) {
        self.spec = spec
        for constant in spec.constants {
            if case .dict(let pairs) = constant.value {
                var table: [PyValue: PyValue] = [:]
                for pair in pairs {
                    guard let key = Self.literal(pair.key), let value = Self.literal(pair.value) else { continue }
                    table[key.key] = value
                }
                tables[constant.name] = table
            } else if let value = Self.literal(constant.value) {
                globals[constant.name] = value
            }
        }
        for (name, value) in parameters where spec.parameters.contains(name) {
            globals[name] = Self.value(of: value)
        }
    }

    /// A parameter's value as Python holds it.
    package static func value(of parameter: ParameterValue) -> PyValue {
        switch parameter {
        case .double(let x): .float(x)
        case .integer(let x): .int(x)
        case .string(let x): .str(x)
        case .boolean(let x): .bool(x)
        }
    }

    /// The value of a literal expression (numbers, text, bools, None, a negated number).
    static func literal(_ expression: PyExpression) -> PyValue? {
        switch expression {
        case .int(let x): .int(x)
        case .float(let x): .float(x)
        case .bool(let x): .bool(x)
        case .string(let x): .str(x)
        case .none: PyValue.none
        case .unary("-", let operand): literal(operand).flatMap { try? Py.negate($0) }
        default: nil
        }
    }

    /// Calls the model function with its arguments by name.
    package func callModel(_ arguments: [String: PyValue]) throws(PyError) -> PyValue {
        guard let function = spec.model else { throw PyError("NameError", "no model function '\(spec.entry)'") }
        var values: [PyValue] = []
        for argument in function.arguments {
            if let value = arguments[argument.name] {
                values.append(value)
            } else if let fallback = argument.defaultValue, let value = Self.literal(fallback) {
                values.append(value)
            } else {
                throw PyError("TypeError", "\(function.name)() missing required argument: '\(argument.name)'")
            }
        }
        return try call(function, values, depth: 0)
    }

    func call(_ function: PyFunction, _ arguments: [PyValue], depth: Int) throws(PyError) -> PyValue {
        guard depth < Self.maxDepth else { throw PyError("RecursionError", "maximum recursion depth exceeded") }
        var copy = self
        copy.localNames = Set(PyStatement.assignedNames(function.body))
        return try copy.run(function, arguments, depth: depth)
    }

    func run(_ function: PyFunction, _ arguments: [PyValue], depth: Int) throws(PyError) -> PyValue {
        var locals: [String: PyValue] = [:]
        for (argument, value) in zip(function.arguments, arguments) { locals[argument.name] = value }
        for (index, argument) in function.arguments.enumerated() where index >= arguments.count {
            guard let fallback = argument.defaultValue, let value = Self.literal(fallback) else {
                throw PyError("TypeError", "\(function.name)() missing required argument: '\(argument.name)'")
            }
            locals[argument.name] = value
        }
        return try run(function.body, &locals, depth: depth) ?? PyValue.none
    }

    /// Runs statements; the returned value when a `return` ran.
    func run(_ statements: [PyStatement], _ locals: inout [String: PyValue], depth: Int) throws(PyError) -> PyValue? {
        for statement in statements {
            switch statement {
            case .assign(let name, let op, let value, _):
                let right = try evaluate(value, locals, depth: depth)
                if let op {
                    guard let left = locals[name] ?? globals[name] else {
                        throw PyError("UnboundLocalError", "local variable '\(name)' referenced before assignment")
                    }
                    locals[name] = try Py.binary(op, left, right)
                } else {
                    locals[name] = right
                }
            case .conditional(let branches, let otherwise, _):
                var taken = false
                for branch in branches where try evaluate(branch.test, locals, depth: depth).truth {
                    taken = true
                    if let result = try run(branch.body, &locals, depth: depth) { return result }
                    break
                }
                if !taken, let result = try run(otherwise, &locals, depth: depth) { return result }
            case .returns(let value, _):
                return try evaluate(value, locals, depth: depth)
            case .pass:
                continue
            }
        }
        return nil
    }

    func evaluate(_ expression: PyExpression, _ locals: [String: PyValue], depth: Int) throws(PyError) -> PyValue {
        switch expression {
        case .int(let x): return .int(x)
        case .float(let x): return .float(x)
        case .bool(let x): return .bool(x)
        case .string(let x): return .str(x)
        case .none: return PyValue.none
        case .name(let name):
            if let value = locals[name] { return value }
            if localNames.contains(name) {
                // Assigned somewhere in the function: a local, not yet bound (Python's UnboundLocalError).
                _ = try Py.bound(nil, name)
            }
            if let value = globals[name] { return value }
            throw PyError("NameError", "name '\(name)' is not defined")
        case .unary(let op, let operand):
            let value = try evaluate(operand, locals, depth: depth)
            switch op {
            case "-": return try Py.negate(value)
            case "+": return try Py.plus(value)
            default: return .bool(!value.truth)
            }
        case .binary(let op, let left, let right):
            let a = try evaluate(left, locals, depth: depth)
            let b = try evaluate(right, locals, depth: depth)
            return try Py.binary(op, a, b)
        case .logical(let op, let operands):
            var value = PyValue.none
            for operand in operands {
                value = try evaluate(operand, locals, depth: depth)
                if (op == "and") != value.truth { return value }
            }
            return value
        case .comparison(let first, let rest):
            var left = try evaluate(first, locals, depth: depth)
            for step in rest {
                let right = try evaluate(step.operand, locals, depth: depth)
                if !(try Py.compare(left, step.op, right)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .choice(let test, let then, let otherwise):
            return try evaluate(
                try evaluate(test, locals, depth: depth).truth ? then : otherwise, locals, depth: depth)
        case .call(let function, let arguments):
            var values: [PyValue] = []
            for argument in arguments { values.append(try evaluate(argument, locals, depth: depth)) }
            return try call(function, values, depth: depth)
        case .subscript(.name(let table), let key):
            guard let entries = tables[table] else { throw PyError("TypeError", "'\(table)' is not a table") }
            return try Py.lookUp(entries, try evaluate(key, locals, depth: depth))
        case .get(.name(let table), let key, let fallback):
            guard let entries = tables[table] else { throw PyError("TypeError", "'\(table)' is not a table") }
            let k = try evaluate(key, locals, depth: depth)
            // Python evaluates the default before the call, whether the key is there or not.
            let otherwise =
                try fallback.map { (e) throws(PyError) -> PyValue in try evaluate(e, locals, depth: depth) }
                ?? PyValue.none
            return Py.get(entries, k, otherwise)
        case .subscript, .get, .dict:
            throw PyError("TypeError", "only module-level dict tables can be read")
        }
    }

    /// A built-in, `math.*`, `np.*` or a helper function of the cell.
    func call(_ name: String, _ values: [PyValue], depth: Int) throws(PyError) -> PyValue {
        switch name {
        case "abs": return try Py.abs(values[0])
        case "min": return try Py.extreme(values, largest: false)
        case "max": return try Py.extreme(values, largest: true)
        case "round": return try Py.round(values[0], values.count > 1 ? values[1] : nil)
        case "int": return try Py.int(values[0])
        case "float": return try Py.float(values[0])
        case "bool": return .bool(values[0].truth)
        case "math.floor": return try Py.floor(values[0])
        case "math.ceil": return try Py.ceil(values[0])
        case _ where name.hasPrefix("math."): return try Py.math(String(name.dropFirst(5)), values)
        case _ where name.hasPrefix("np."): return try Py.numpy(String(name.dropFirst(3)), values)
        default:
            guard let helper = spec.functions.first(where: { $0.name == name }) else {
                throw PyError("NameError", "name '\(name)' is not defined")
            }
            return try call(helper, values, depth: depth + 1)
        }
    }
}

extension SpecEvaluator {
    /// A hand-written function's result: a number (regression) or a label (classification, probability 1).
    func functionResult(
        _ model: FunctionModelSpec, _ values: [String: FieldValue]
    ) throws(EvaluationError)
        -> ModelResult
    {
        var arguments: [String: PyValue] = [:]
        for argument in model.model?.arguments ?? [] {
            guard let value = values[argument.name], !value.isMissing else {
                if argument.defaultValue != nil { continue }
                throw .missingValue(field: argument.name)
            }
            switch (type(of: argument.name), value) {
            case (.integer, .number(let x)): arguments[argument.name] = Py.integer(x)
            case (.boolean, .number(let x)): arguments[argument.name] = .bool(x != 0)
            case (.boolean, .text(let t)):
                guard let flag = Py.boolean(t) else { throw .invalidValue(field: argument.name, value: t) }
                arguments[argument.name] = flag
            case (.string, .text(let t)): arguments[argument.name] = .str(t)
            case (.string, .number(let x)): arguments[argument.name] = .str(NumberFormat.shortest(x))
            case (_, .number(let x)): arguments[argument.name] = .float(x)
            case (_, .text(let t)): arguments[argument.name] = .str(t)
            case (_, .missing): continue
            }
        }
        let interpreter = FunctionInterpreter(spec: model, parameters: parameterValues)
        let result: PyValue
        do {
            result = try interpreter.callModel(arguments)
        } catch {
            throw .python(kind: error.kind, message: error.message)
        }
        switch (model.result, result) {
        case (.number, .int(let x)): return ModelResult(value: .number(Double(x)))
        case (.number, .float(let x)): return ModelResult(value: .number(x))
        case (.number, .bool(let x)): return ModelResult(value: .number(x ? 1 : 0))
        case (.label, .str(let x)): return ModelResult(value: .text(x))
        case (.decision, .bool(let x)): return ModelResult(value: .text(x ? "True" : "False"))
        default:
            throw .python(
                kind: "TypeError",
                message: "\(model.entry) returned \(result) (a \(result.typeName)), not a \(model.result.rawValue)")
        }
    }
}
