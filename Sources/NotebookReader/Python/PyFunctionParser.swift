import NBCore

/// Reads the `model` cell: `import math` / `import numpy as np`, module-level literals (numbers, text, dict
/// tables), and functions in the subset nbship translates (assignments, `if`/`elif`/`else`, `return`, `pass`,
/// expressions of numbers, names, operators, comparisons, conditional expressions, calls of built-ins, `math.*`,
/// `np.*` and the cell's own functions, table lookups). Everything else is reported at its line and column with
/// what is supported instead; every problem of the cell is reported.
struct PyFunctionParser {
    let tokens: [PyToken]
    let file: String
    let cell: Int
    var position = 0
    var diagnostics: [Diagnostic] = []
    var functions: [PyFunction] = []
    var constants: [PyConstant] = []
    /// Module aliases: `math` -> "math", `np` / `numpy` -> "np".
    var modules: [String: String] = [:]

    static let supported =
        "nbship translates assignments, if/elif/else, return and pass; numbers, text, True/False/None; + - * / // % **, "
        + "comparisons, and/or/not, conditional expressions; abs, min, max, round, int, float, bool, math.* and np.* "
        + "functions, the cell's own functions and module-level dict tables (table[key], table.get(key, default))"

    init(tokenizer: PyTokenizer) {
        tokens = tokenizer.tokens
        file = tokenizer.file
        cell = tokenizer.cell
    }

    var current: PyToken { tokens[position] }
    func peek(_ offset: Int = 1) -> PyToken { tokens[min(position + offset, tokens.count - 1)] }
    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func location(_ token: PyToken) -> SourceLocation {
        SourceLocation(file: file, cell: cell, line: token.line, column: token.column)
    }

    mutating func refuse(_ message: String, at token: PyToken, help: String = Self.supported) -> ParseFailure {
        ParseFailure(
            diagnostic: .error(
                NotebookDiagnosticID.unsupportedStatement, message, at: location(token),
                help: [help, "the model cell is translated, never run"]))
    }

    mutating func expect(_ op: String) throws(ParseFailure) {
        guard current.isOp(op) else {
            throw ParseFailure(
                diagnostic: .error(
                    NotebookDiagnosticID.syntaxError,
                    "expected `\(op)`, found \(current.kind == .newline ? "the end of the line" : "`\(current.text)`")",
                    at: location(current)))
        }
        advance()
    }

    mutating func expectName() throws(ParseFailure) -> String {
        guard current.kind == .name, !pythonKeywords.contains(current.text) else {
            throw ParseFailure(
                diagnostic: .error(NotebookDiagnosticID.syntaxError, "expected a name", at: location(current)))
        }
        let name = current.text
        advance()
        return name
    }

    /// Skips to the end of the logical line, and past the lines indented under it.
    mutating func skipStatement(indent: Int) {
        while current.kind != .newline && current.kind != .end { advance() }
        if current.kind == .newline { advance() }
        while current.kind != .end && current.column - 1 > indent { skipLine() }
    }

    mutating func skipLine() {
        while current.kind != .newline && current.kind != .end { advance() }
        if current.kind == .newline { advance() }
    }

    mutating func record(_ failure: ParseFailure) {
        if let diagnostic = failure.diagnostic { diagnostics.append(diagnostic) }
    }

    // MARK: Module level

    mutating func parseCell() {
        while current.kind != .end {
            if current.kind == .newline || current.isOp(";") {
                advance()
                continue
            }
            let start = current
            do throws(ParseFailure) {
                try moduleStatement()
            } catch {
                record(error)
                if position < tokens.count, current.line == start.line || current.kind != .newline {
                    skipStatement(indent: 0)
                }
            }
        }
    }

    mutating func endOfLine() throws(ParseFailure) {
        guard current.kind == .newline || current.kind == .end else {
            throw ParseFailure(
                diagnostic: .error(
                    NotebookDiagnosticID.syntaxError, "unexpected `\(current.text)` at the end of the statement",
                    at: location(current)))
        }
        if current.kind == .newline { advance() }
    }

    mutating func moduleStatement() throws(ParseFailure) {
        let token = current
        if token.kind == .string {
            // A docstring.
            advance()
            try endOfLine()
            return
        }
        if token.kind == .name && token.text == "import" {
            advance()
            let module = try dottedName()
            var alias = module
            if current.kind == .name && current.text == "as" {
                advance()
                alias = try expectName()
            }
            guard module == "math" || module == "numpy" else {
                throw refuse(
                    "`import \(module)`: the model cell may import only math and numpy", at: token,
                    help: "use the math module or NumPy's scalar functions")
            }
            modules[alias] = module == "math" ? "math" : "np"
            try endOfLine()
            return
        }
        if token.kind == .name && token.text == "from" {
            throw refuse(
                "`from ... import` is not supported in the model cell", at: token,
                help: "write `import math` and call `math.exp(x)`")
        }
        if token.kind == .name && token.text == "def" {
            try definition()
            return
        }
        if token.kind == .name, !pythonKeywords.contains(token.text), peek().isOp("=") {
            advance()
            advance()
            let value = try expression()
            guard Self.isLiteral(value) else {
                throw refuse(
                    "the module-level `\(token.text)` is not a literal; the model cell's top level holds functions, "
                        + "imports and literal numbers, text or dict tables", at: token)
            }
            constants.append(PyConstant(name: token.text, value: value, line: token.line))
            try endOfLine()
            return
        }
        throw refuse(
            "`\(token.text)` at the top of the model cell is not supported; the top level holds functions, imports and "
                + "literal constants", at: token)
    }

    static func isLiteral(_ expression: PyExpression) -> Bool {
        switch expression {
        case .int, .float, .bool, .string, .none: return true
        case .unary("-", let operand): return isLiteral(operand)
        case .dict(let pairs): return pairs.allSatisfy { isLiteral($0.key) && isLiteral($0.value) }
        default: return false
        }
    }

    mutating func dottedName() throws(ParseFailure) -> String {
        var name = try expectName()
        while current.isOp(".") {
            advance()
            name += "." + (try expectName())
        }
        return name
    }

    mutating func definition() throws(ParseFailure) {
        let def = current
        advance()
        let name = try expectName()
        try expect("(")
        var arguments: [PyArgument] = []
        while !current.isOp(")") {
            if current.isOp("*") || current.isOp("**") || current.isOp("/") {
                throw refuse("`\(current.text)` arguments are not supported", at: current)
            }
            let argument = try expectName()
            var annotation: String?
            if current.isOp(":") {
                advance()
                annotation = try dottedName()
            }
            var fallback: PyExpression?
            if current.isOp("=") {
                advance()
                let token = current
                let value = try expression()
                guard Self.isLiteral(value) else { throw refuse("a default must be a literal", at: token) }
                fallback = value
            }
            arguments.append(PyArgument(name: argument, annotation: annotation, defaultValue: fallback))
            if current.isOp(",") { advance() } else { break }
        }
        try expect(")")
        if current.isOp("->") {
            advance()
            _ = try dottedName()
        }
        try expect(":")
        let body = try block(indent: def.column - 1)
        functions.append(PyFunction(name: name, arguments: arguments, body: body, line: def.line))
    }

    // MARK: Statements

    /// The statements after a `:`: on the same line, or the lines indented deeper than `indent`.
    mutating func block(indent: Int) throws(ParseFailure) -> [PyStatement] {
        if current.kind != .newline {
            let statement = try simpleStatement()
            try endOfLine()
            return statement.map { [$0] } ?? []
        }
        advance()
        guard current.kind != .end, current.column - 1 > indent else {
            throw ParseFailure(
                diagnostic: .error(
                    NotebookDiagnosticID.syntaxError, "expected an indented block", at: location(current)))
        }
        let inner = current.column - 1
        var statements: [PyStatement] = []
        while current.kind != .end {
            if current.kind == .newline {
                advance()
                continue
            }
            let column = current.column - 1
            if column < inner { break }
            if column > inner {
                throw ParseFailure(
                    diagnostic: .error(
                        NotebookDiagnosticID.syntaxError, "unexpected indentation", at: location(current)))
            }
            let start = current
            do throws(ParseFailure) {
                if let statement = try statement(indent: inner) { statements.append(statement) }
            } catch {
                record(error)
                if current.line == start.line { skipStatement(indent: inner) }
            }
        }
        return statements
    }

    mutating func statement(indent: Int) throws(ParseFailure) -> PyStatement? {
        let token = current
        if token.kind == .name && token.text == "if" {
            advance()
            var branches = [PyBranch(test: try expression(), body: [])]
            try expect(":")
            branches[0].body = try block(indent: indent)
            var otherwise: [PyStatement] = []
            while current.kind == .name && current.column - 1 == indent {
                if current.text == "elif" {
                    advance()
                    let test = try expression()
                    try expect(":")
                    branches.append(PyBranch(test: test, body: try block(indent: indent)))
                } else if current.text == "else" {
                    advance()
                    try expect(":")
                    otherwise = try block(indent: indent)
                    break
                } else {
                    break
                }
            }
            return .conditional(branches: branches, otherwise: otherwise, line: token.line)
        }
        if token.kind == .name, ["for", "while", "with", "try", "def", "class", "lambda"].contains(token.text) {
            throw refuse("`\(token.text)` is not supported in a model function", at: token)
        }
        let statement = try simpleStatement()
        try endOfLine()
        return statement
    }

    static let augmented = ["+=": "+", "-=": "-", "*=": "*", "/=": "/", "//=": "//", "%=": "%", "**=": "**"]

    mutating func simpleStatement() throws(ParseFailure) -> PyStatement? {
        let token = current
        if token.kind == .string {
            advance()
            return nil
        }
        if token.kind == .name {
            switch token.text {
            case "return":
                advance()
                guard current.kind != .newline && current.kind != .end else {
                    throw refuse("`return` without a value returns None, which is not a prediction", at: token)
                }
                return .returns(try expression(), line: token.line)
            case "pass":
                advance()
                return .pass(line: token.line)
            case "global", "nonlocal", "import", "from", "raise", "assert", "del", "yield", "break", "continue",
                "print":
                throw refuse("`\(token.text)` is not supported in a model function", at: token)
            default:
                break
            }
            if !pythonKeywords.contains(token.text) {
                if peek().isOp("=") {
                    advance()
                    advance()
                    return .assign(name: token.text, op: nil, value: try expression(), line: token.line)
                }
                if let op = Self.augmented[peek().text], peek().kind == .op {
                    advance()
                    advance()
                    return .assign(name: token.text, op: op, value: try expression(), line: token.line)
                }
            }
        }
        throw refuse(
            "this statement is not supported in a model function (only assignments, if, return and pass)", at: token)
    }

    // MARK: Expressions

    mutating func expression() throws(ParseFailure) -> PyExpression {
        if current.kind == .name && current.text == "lambda" {
            throw refuse("`lambda` is not supported", at: current)
        }
        let value = try orTest()
        if current.kind == .name && current.text == "if" {
            advance()
            let test = try orTest()
            guard current.kind == .name && current.text == "else" else {
                throw ParseFailure(
                    diagnostic: .error(
                        NotebookDiagnosticID.syntaxError, "expected `else` in a conditional expression",
                        at: location(current)))
            }
            advance()
            return .choice(test: test, then: value, otherwise: try expression())
        }
        return value
    }

    mutating func orTest() throws(ParseFailure) -> PyExpression {
        var operands = [try andTest()]
        while current.kind == .name && current.text == "or" {
            advance()
            operands.append(try andTest())
        }
        return operands.count == 1 ? operands[0] : .logical(op: "or", operands: operands)
    }

    mutating func andTest() throws(ParseFailure) -> PyExpression {
        var operands = [try notTest()]
        while current.kind == .name && current.text == "and" {
            advance()
            operands.append(try notTest())
        }
        return operands.count == 1 ? operands[0] : .logical(op: "and", operands: operands)
    }

    mutating func notTest() throws(ParseFailure) -> PyExpression {
        if current.kind == .name && current.text == "not" {
            advance()
            return .unary(op: "not", operand: try notTest())
        }
        return try comparison()
    }

    static let comparisons: Set<String> = ["<", ">", "==", ">=", "<=", "!="]

    mutating func comparison() throws(ParseFailure) -> PyExpression {
        let first = try arithmetic()
        var rest: [PyComparisonStep] = []
        while true {
            if current.kind == .op, Self.comparisons.contains(current.text) {
                let op = current.text
                advance()
                rest.append(PyComparisonStep(op: op, operand: try arithmetic()))
            } else if current.kind == .name, ["in", "is", "not"].contains(current.text) {
                throw refuse(
                    "`\(current.text)` comparisons are not supported", at: current,
                    help: "compare with == and != (several values: `x == a or x == b`)")
            } else {
                break
            }
        }
        return rest.isEmpty ? first : .comparison(first: first, rest: rest)
    }

    mutating func arithmetic() throws(ParseFailure) -> PyExpression {
        var left = try term()
        while current.isOp("+") || current.isOp("-") {
            let op = current.text
            advance()
            left = .binary(op: op, left: left, right: try term())
        }
        return left
    }

    mutating func term() throws(ParseFailure) -> PyExpression {
        var left = try factor()
        while current.kind == .op, ["*", "/", "//", "%", "@"].contains(current.text) {
            if current.text == "@" { throw refuse("`@` (matrix product) is not supported", at: current) }
            let op = current.text
            advance()
            left = .binary(op: op, left: left, right: try factor())
        }
        return left
    }

    mutating func factor() throws(ParseFailure) -> PyExpression {
        if current.isOp("-") || current.isOp("+") {
            let op = current.text
            advance()
            let operand = try factor()
            // A negative literal is a literal (as Python folds it).
            if op == "-", case .float(let x) = operand { return .float(-x) }
            if op == "-", case .int(let x) = operand, x != Int.min { return .int(-x) }
            return .unary(op: op, operand: operand)
        }
        if current.isOp("~") { throw refuse("`~` is not supported", at: current) }
        return try power()
    }

    mutating func power() throws(ParseFailure) -> PyExpression {
        let base = try primary()
        if current.isOp("**") {
            advance()
            return .binary(op: "**", left: base, right: try factor())
        }
        return base
    }

    static let builtins: Set<String> = ["abs", "min", "max", "round", "int", "float", "bool"]
    static let mathFunctions: [String: ClosedRange<Int>] = [
        "exp": 1...1, "log": 1...2, "log10": 1...1, "sqrt": 1...1, "floor": 1...1, "ceil": 1...1, "pow": 2...2,
        "tanh": 1...1,
    ]
    static let numpyFunctions: [String: ClosedRange<Int>] = [
        "exp": 1...1, "log": 1...1, "sqrt": 1...1, "clip": 3...3, "minimum": 2...2, "maximum": 2...2,
    ]

    mutating func primary() throws(ParseFailure) -> PyExpression {
        let token = current
        var value = try atom()
        while true {
            if current.isOp("(") {
                guard case .name(let name) = value else { throw refuse("only functions can be called", at: current) }
                let open = current
                advance()
                var arguments: [PyExpression] = []
                while !current.isOp(")") {
                    if current.kind == .name, peek().isOp("=") {
                        throw refuse("keyword arguments are not supported", at: current)
                    }
                    arguments.append(try expression())
                    if current.isOp(",") { advance() } else { break }
                }
                try expect(")")
                value = try call(name, arguments, at: token, open: open)
            } else if current.isOp("[") {
                advance()
                let key = try expression()
                try expect("]")
                value = .subscript(table: value, key: key)
            } else if current.isOp(".") {
                advance()
                let attribute = current
                let member = try expectName()
                if case .name(let name) = value, let module = modules[name] {
                    if ["pi", "e"].contains(member) {
                        value = .float(member == "pi" ? Double.pi : 2.718281828459045)
                        continue
                    }
                    value = .name("\(module).\(member)")
                    guard current.isOp("(") else {
                        throw refuse("`\(name).\(member)` is not supported", at: attribute)
                    }
                    continue
                }
                guard member == "get", current.isOp("(") else {
                    throw refuse(
                        "the attribute `.\(member)` is not supported (tables: `.get(key, default)`)", at: attribute)
                }
                advance()
                let key = try expression()
                var fallback: PyExpression?
                if current.isOp(",") {
                    advance()
                    fallback = try expression()
                }
                try expect(")")
                value = .get(table: value, key: key, defaultValue: fallback)
            } else {
                return value
            }
        }
    }

    /// A call, checked against what nbship translates.
    mutating func call(
        _ name: String, _ arguments: [PyExpression], at token: PyToken, open: PyToken
    ) throws(ParseFailure) -> PyExpression {
        if name.hasPrefix("math.") || name.hasPrefix("np.") {
            let isMath = name.hasPrefix("math.")
            let member = String(name.dropFirst(isMath ? 5 : 3))
            guard let arity = (isMath ? Self.mathFunctions : Self.numpyFunctions)[member] else {
                throw refuse(
                    "`\(name)` is not supported", at: token,
                    help: "supported: "
                        + (isMath ? Self.mathFunctions : Self.numpyFunctions).keys.sorted().map {
                            "\(isMath ? "math" : "np").\($0)"
                        }.joined(separator: ", "))
            }
            guard arity.contains(arguments.count) else {
                throw refuse("`\(name)` takes \(arity.lowerBound) argument(s), not \(arguments.count)", at: open)
            }
            return .call(function: name, arguments: arguments)
        }
        if Self.builtins.contains(name) {
            let counts: [String: ClosedRange<Int>] = [
                "abs": 1...1, "round": 1...2, "int": 1...1, "float": 1...1, "bool": 1...1, "min": 2...64,
                "max": 2...64,
            ]
            guard counts[name]?.contains(arguments.count) == true else {
                throw refuse(
                    "`\(name)` with \(arguments.count) argument(s) is not supported"
                        + (name == "min" || name == "max" ? " (give the values as arguments, not a list)" : ""),
                    at: open)
            }
            return .call(function: name, arguments: arguments)
        }
        // A helper of the cell (checked once every function is read).
        return .call(function: name, arguments: arguments)
    }

    mutating func atom() throws(ParseFailure) -> PyExpression {
        let token = current
        switch token.kind {
        case .number:
            advance()
            switch token.number {
            case .integer(let magnitude?) where magnitude <= UInt64(Int.max): return .int(Int(magnitude))
            case .float(let x): return .float(x)
            case .imaginary: throw refuse("complex numbers are not supported", at: token)
            default: throw refuse("an integer beyond 64 bits is not supported", at: token)
            }
        case .string:
            advance()
            guard let string = token.string, string.valid else { throw ParseFailure(diagnostic: nil) }
            guard string.kind == .text else { throw refuse("f-strings and bytes are not supported", at: token) }
            var text = string.value
            // Adjacent literals are one string.
            while current.kind == .string, let next = current.string, next.kind == .text {
                text += next.value
                advance()
            }
            return .string(text)
        case .name:
            switch token.text {
            case "True":
                advance()
                return .bool(true)
            case "False":
                advance()
                return .bool(false)
            case "None":
                advance()
                return .none
            case "lambda", "yield", "await":
                throw refuse("`\(token.text)` is not supported", at: token)
            default:
                guard !pythonKeywords.contains(token.text) else {
                    throw ParseFailure(
                        diagnostic: .error(
                            NotebookDiagnosticID.syntaxError, "unexpected `\(token.text)`", at: location(token)))
                }
                advance()
                return .name(token.text)
            }
        case .op where token.text == "(":
            advance()
            let value = try expression()
            if current.isOp(",") { throw refuse("tuples are not supported", at: current) }
            try expect(")")
            return value
        case .op where token.text == "{":
            advance()
            var pairs: [PyPair] = []
            while !current.isOp("}") {
                let key = try expression()
                try expect(":")
                pairs.append(PyPair(key: key, value: try expression()))
                if current.isOp(",") { advance() } else { break }
            }
            try expect("}")
            return .dict(pairs)
        case .op where token.text == "[":
            throw refuse("lists and comprehensions are not supported", at: token, help: "use a dict table or if/elif")
        default:
            throw ParseFailure(
                diagnostic: .error(
                    NotebookDiagnosticID.syntaxError,
                    "unexpected \(token.kind == .newline ? "end of the line" : "`\(token.text)`")", at: location(token))
            )
        }
    }
}

extension PyFunctionParser {
    /// Reads a `model` cell: its functions and constants, or nil with the problems (all of them).
    static func read(_ source: String, file: String, cell: Int) -> (ModelCell?, [Diagnostic]) {
        var tokenizer = PyTokenizer(source: source, file: file, cell: cell)
        tokenizer.run()
        var parser = PyFunctionParser(tokenizer: tokenizer)
        parser.parseCell()
        var diagnostics = tokenizer.diagnostics + parser.diagnostics
        diagnostics += parser.checkCalls()
        guard !parser.functions.isEmpty else {
            diagnostics.append(
                .error(
                    NotebookDiagnosticID.modelFunction, "the cell tagged `model` defines no function",
                    at: SourceLocation(file: file, cell: cell),
                    help: ["write the model as `def predict(age: float, weight: float) -> float:` in this cell"]))
            return (nil, diagnostics)
        }
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        return (
            ModelCell(
                cellNumber: cell, source: source, functions: parser.functions, constants: parser.constants,
                location: SourceLocation(file: file, cell: cell)), diagnostics
        )
    }

    /// Calls of unknown functions, wrong argument counts and recursion.
    func checkCalls() -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let byName = Dictionary(functions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var calls: [String: Set<String>] = [:]
        for function in functions {
            var called: Set<String> = []
            for expression in PyStatement.allExpressions(function.body) {
                expression.forEach { inner in
                    switch inner {
                    case .call(let name, let arguments):
                        if name.contains(".") || Self.builtins.contains(name) { return }
                        called.insert(name)
                        guard let helper = byName[name] else {
                            problems.append(
                                .error(
                                    NotebookDiagnosticID.modelFunction,
                                    "`\(function.name)` calls `\(name)`, which is not a function of the model cell",
                                    at: SourceLocation(file: file, cell: cell, line: function.line),
                                    help: [Self.supported]))
                            return
                        }
                        let required = helper.arguments.filter { $0.defaultValue == nil }.count
                        if arguments.count < required || arguments.count > helper.arguments.count {
                            let takes =
                                required == helper.arguments.count
                                ? "\(required)" : "\(required) to \(helper.arguments.count)"
                            problems.append(
                                .error(
                                    NotebookDiagnosticID.modelFunction,
                                    "`\(function.name)` calls `\(name)` with \(arguments.count) argument(s); it takes \(takes)",
                                    at: SourceLocation(file: file, cell: cell, line: function.line)))
                        }
                    case .dict:
                        problems.append(
                            .error(
                                NotebookDiagnosticID.unsupportedStatement,
                                "a dict inside `\(function.name)` is not supported; define tables at the top of the cell",
                                at: SourceLocation(file: file, cell: cell, line: function.line)))
                    default: break
                    }
                }
            }
            calls[function.name] = called
        }
        // Recursion: a function that reaches itself through calls.
        for function in functions {
            var seen: Set<String> = []
            var stack = Array(calls[function.name] ?? [])
            while let next = stack.popLast() {
                if next == function.name {
                    problems.append(
                        .error(
                            NotebookDiagnosticID.modelFunction, "`\(function.name)` calls itself (recursion)",
                            at: SourceLocation(file: file, cell: cell, line: function.line),
                            help: ["write the rule with if/elif instead"]))
                    break
                }
                if seen.insert(next).inserted { stack += calls[next] ?? [] }
            }
        }
        return problems
    }
}
