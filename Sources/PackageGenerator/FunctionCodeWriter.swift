import NBCore

/// Writes a hand-written Python model (`FunctionModelSpec`) as Swift, statement by statement, each under the Python
/// line it comes from. Every operation is the runtime's `Py` function the reference evaluator also calls, in the
/// same order, so the package computes what CPython computes; Python's exceptions become
/// `PredictionError.noPrediction` naming the exception.
extension TreeCodeWriter {
    func functionModel(_ model: FunctionModelSpec, state: inout State) -> String {
        let entry = state.name("function")
        let lines = model.source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func python(_ line: Int) -> String {
            guard line >= 1, line <= lines.count else { return "" }
            return SwiftText.comment(lines[line - 1].trimmingCharacters(in: .whitespaces))
        }
        // Module constants and tables.
        var constants = SwiftCode()
        for constant in model.constants {
            constants.line("/// \(python(constant.line))")
            if case .dict(let pairs) = constant.value {
                let entries = pairs.map { "\(literal($0.key)).key: \(literal($0.value))" }
                constants.line(
                    "static let \(constantName(constant.name)): [PyValue: PyValue] = [\(entries.isEmpty ? ":" : entries.joined(separator: ", "))]"
                )
            } else {
                constants.line("static let \(constantName(constant.name)): PyValue = \(literal(constant.value))")
            }
        }
        if !constants.lines.isEmpty {
            state.functions.append(Function(name: "\(entry)Constants", lines: constants.lines))
        }
        for function in model.functions {
            var code = SwiftCode()
            code.line("/// Line \(function.line): `\(python(function.line))`")
            let arguments = function.arguments.map { "_ \(local($0.name)): PyValue" } + ["_ parameters: Parameters"]
            code.block(
                "static func \(pythonName(function.name))(\(arguments.joined(separator: ", "))) throws(PyError) -> PyValue {"
            ) { body in
                let assigned = PyStatement.assignedNames(function.body)
                let locals = assigned.filter { name in !function.arguments.contains { $0.name == name } }
                for argument in function.arguments where assigned.contains(argument.name) {
                    body.line("var \(local(argument.name)) = \(local(argument.name))")
                }
                for name in locals { body.line("var \(local(name)): PyValue? = nil") }
                let scope = Scope(
                    model: model, locals: Set(locals), arguments: Set(function.arguments.map(\.name)), entry: entry)
                statements(function.body, scope, python, into: &body)
                if !Self.alwaysReturns(function.body) { body.line("return PyValue.none") }
            }
            state.functions.append(Function(name: pythonName(function.name), lines: code.lines))
        }
        // The entry point the predict code calls: the row's inputs as Python values, exceptions as no prediction.
        var code = SwiftCode()
        code.line("/// The model function `\(model.entry)` of the notebook's model cell, called with the row's inputs.")
        code.block("static func \(entry)(_ row: Row, _ parameters: Parameters) throws(PredictionError) -> Scored {") {
            body in
            var values: [String] = []
            for argument in model.model?.arguments ?? [] {
                let property = "row.\(fields.property(argument.name))"
                let name = SwiftText.stringLiteral(argument.name)
                let converted: String
                switch fields.type(argument.name) {
                case .integer:
                    converted = "Py.integer(\(property))"
                case .boolean:
                    converted = "Py.boolean(\(property))"
                case .string:
                    converted = "\(property).map(PyValue.str)"
                default:
                    converted = "\(property).map(PyValue.float)"
                }
                let fallback = argument.defaultValue.map { " ?? \(literal($0))" } ?? ""
                body.line("let \(local(argument.name)) = \(converted)\(fallback)")
                if argument.defaultValue == nil {
                    body.block("guard let \(local(argument.name)) else {") {
                        $0.line("throw .missingValue(feature: \(name))")
                    }
                }
                values.append(local(argument.name))
            }
            body.line("let result: PyValue")
            body.line("do {")
            body.line(
                "    result = try \(pythonName(model.entry))(\((values + ["parameters"]).joined(separator: ", ")))")
            body.line("} catch {")
            body.line(
                "    throw .noPrediction(reason: \"\(SwiftText.comment(model.entry)) raises \\(error.kind): \\(error.message)\")"
            )
            body.line("}")
            switch model.result {
            case .number:
                body.block("guard let number = result.double, !(result.isText) else {") {
                    $0.line(
                        "throw .noPrediction(reason: \"\(SwiftText.comment(model.entry)) returned \\(result), not a number\")"
                    )
                }
                body.line("return Scored(number)")
            case .label:
                body.block("guard case .str(let text) = result else {") {
                    $0.line(
                        "throw .noPrediction(reason: \"\(SwiftText.comment(model.entry)) returned \\(result), not a label\")"
                    )
                }
                body.line("return Scored(label: text, [])")
            case .decision:
                body.block("guard case .bool(let flag) = result else {") {
                    $0.line(
                        "throw .noPrediction(reason: \"\(SwiftText.comment(model.entry)) returned \\(result), not True or False\")"
                    )
                }
                body.line("return Scored(label: flag ? \"True\" : \"False\", [])")
            }
        }
        state.functions.append(Function(name: entry, lines: code.lines))
        return entry
    }

    struct Scope {
        let model: FunctionModelSpec
        /// Names assigned in the function (read through `Py.bound`: Python's UnboundLocalError).
        let locals: Set<String>
        let arguments: Set<String>
        let entry: String
    }

    /// Whether every path through the statements ends in `return`.
    static func alwaysReturns(_ statements: [PyStatement]) -> Bool {
        guard let last = statements.last else { return false }
        switch last {
        case .returns: return true
        case .conditional(let branches, let otherwise, _):
            return !otherwise.isEmpty && alwaysReturns(otherwise) && branches.allSatisfy { alwaysReturns($0.body) }
        case .assign, .pass: return false
        }
    }

    /// A Swift identifier for a Python name (Python names are ASCII letters, digits and `_` here; keywords get
    /// backquotes).
    func local(_ name: String) -> String { "py_\(name)" }
    func pythonName(_ name: String) -> String { "def_\(name)" }
    func constantName(_ name: String) -> String { "const_\(name)" }

    func statements(
        _ list: [PyStatement], _ scope: Scope, _ python: (Int) -> String, into code: inout SwiftCode
    ) {
        for statement in list {
            code.line("// \(python(statement.line))")
            switch statement {
            case .assign(let name, let op, let value, _):
                if let op {
                    code.line(
                        "\(local(name)) = try Py.binary(\(SwiftText.stringLiteral(op)), \(read(.name(name), scope)), \(expression(value, scope)))"
                    )
                } else {
                    code.line("\(local(name)) = \(expression(value, scope))")
                }
            case .conditional(let branches, let otherwise, _):
                for (index, branch) in branches.enumerated() {
                    let test = "Py.truth(\(expression(branch.test, scope)))"
                    code.line(index == 0 ? "if \(test) {" : "} else if \(test) {")
                    var inner = SwiftCode()
                    statements(branch.body, scope, python, into: &inner)
                    code.append(inner.lines.map { "    " + $0 })
                }
                if !otherwise.isEmpty {
                    code.line("} else {")
                    var inner = SwiftCode()
                    statements(otherwise, scope, python, into: &inner)
                    code.append(inner.lines.map { "    " + $0 })
                }
                code.line("}")
            case .returns(let value, _):
                code.line("return \(expression(value, scope))")
            case .pass:
                continue
            }
        }
    }

    func read(_ name: PyExpression, _ scope: Scope) -> String {
        guard case .name(let name) = name else { return "PyValue.none" }
        if scope.locals.contains(name) {
            return "try Py.bound(\(local(name)), \(SwiftText.stringLiteral(name)))"
        }
        if scope.arguments.contains(name) { return local(name) }
        if scope.model.constants.contains(where: { $0.name == name }) { return constantName(name) }
        if scope.model.parameters.contains(name), let parameter = spec.parameters.first(where: { $0.name == name }) {
            let property = "parameters.\(names.parameters[name] ?? name)"
            switch parameter.value {
            case .double: return "PyValue.float(\(property))"
            case .integer: return "(Py.integer(\(property)) ?? PyValue.none)"
            case .string: return "PyValue.str(\(property))"
            case .boolean: return "PyValue.bool(\(property))"
            }
        }
        return "PyValue.none"
    }

    func literal(_ expression: PyExpression) -> String {
        switch expression {
        case .int(let x): return "PyValue.int(\(x))"
        case .float(let x): return "PyValue.float(\(SwiftText.double(x)))"
        case .bool(let x): return "PyValue.bool(\(x))"
        case .string(let x): return "PyValue.str(\(SwiftText.stringLiteral(x)))"
        case .none: return "PyValue.none"
        case .unary("-", let operand): return "(try! Py.negate(\(literal(operand))))"
        default: return "PyValue.none"
        }
    }

    func expression(_ expression: PyExpression, _ scope: Scope) -> String {
        switch expression {
        case .int, .float, .bool, .string, .none: return literal(expression)
        case .name: return read(expression, scope)
        case .unary(let op, let operand):
            let value = self.expression(operand, scope)
            switch op {
            case "-": return "try Py.negate(\(value))"
            case "+": return "try Py.plus(\(value))"
            default: return "PyValue.bool(!Py.truth(\(value)))"
            }
        case .binary(let op, let left, let right):
            return
                "try Py.binary(\(SwiftText.stringLiteral(op)), \(self.expression(left, scope)), \(self.expression(right, scope)))"
        case .logical(let op, let operands):
            // Each operand in a closure: evaluated only when the ones before did not decide.
            let list = operands.map { "{ () throws -> PyValue in \(self.expression($0, scope)) }" }
            return "try Py.\(op == "and" ? "and" : "or")([\(list.joined(separator: ", "))])"
        case .comparison(let first, let rest):
            let steps = rest.map {
                "(\(SwiftText.stringLiteral($0.op)), { () throws -> PyValue in \(self.expression($0.operand, scope)) })"
            }
            return "try Py.chain(\(self.expression(first, scope)), [\(steps.joined(separator: ", "))])"
        case .choice(let test, let then, let otherwise):
            return
                "(Py.truth(\(self.expression(test, scope))) ? \(self.expression(then, scope)) : \(self.expression(otherwise, scope)))"
        case .call(let function, let arguments):
            let args = arguments.map { self.expression($0, scope) }
            let list = "[\(args.joined(separator: ", "))]"
            switch function {
            case "abs": return "try Py.abs(\(args[0]))"
            case "min", "max": return "try Py.extreme(\(list), largest: \(function == "max"))"
            case "round": return "try Py.round(\(args[0])\(args.count > 1 ? ", \(args[1])" : ""))"
            case "int": return "try Py.int(\(args[0]))"
            case "float": return "try Py.float(\(args[0]))"
            case "bool": return "PyValue.bool(Py.truth(\(args[0])))"
            case "math.floor": return "try Py.floor(\(args[0]))"
            case "math.ceil": return "try Py.ceil(\(args[0]))"
            case _ where function.hasPrefix("math."):
                return "try Py.math(\(SwiftText.stringLiteral(String(function.dropFirst(5)))), \(list))"
            case _ where function.hasPrefix("np."):
                return "try Py.numpy(\(SwiftText.stringLiteral(String(function.dropFirst(3)))), \(list))"
            default:
                let helper = scope.model.functions.first { $0.name == function }
                var all = args
                if let helper, helper.arguments.count > args.count {
                    all += helper.arguments[args.count...].map { literal($0.defaultValue ?? .none) }
                }
                return "try \(pythonName(function))(\((all + ["parameters"]).joined(separator: ", ")))"
            }
        case .subscript(.name(let table), let key):
            return "try Py.lookUp(\(constantName(table)), \(self.expression(key, scope)))"
        case .get(.name(let table), let key, let fallback):
            return
                "Py.get(\(constantName(table)), \(self.expression(key, scope)), \(fallback.map { self.expression($0, scope) } ?? "PyValue.none"))"
        case .subscript, .get, .dict:
            return "PyValue.none"
        }
    }
}
