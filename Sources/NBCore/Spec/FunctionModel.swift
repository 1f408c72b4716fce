/// A model written by hand as a Python function in the notebook's `model` cell, translated (never run) into this
/// tree of statements and expressions. The reference evaluator interprets it with NBRuntime's `Py` (CPython's
/// arithmetic); the generated code calls the same functions in the same order.
public struct FunctionModelSpec: Sendable, Codable, Hashable {
    /// The model function (the cell's only public function, or its last top-level one).
    public var entry: String
    /// Every function of the cell, the model function included, in source order.
    public var functions: [PyFunction]
    /// Module-level literals of the cell (numbers, text, dict tables), by name, in source order.
    public var constants: [PyConstant]
    /// Names the function reads from the `parameters` cell: the package's parameters.
    public var parameters: [String]
    /// What the function returns: a number (regression), text (a label among `classes`) or a bool (a decision).
    public var result: ResultKind
    /// The string literals the function can return (a classification's classes).
    public var classes: [String]
    /// The cell's source as written, for the model card.
    public var source: String

    public enum ResultKind: String, Sendable, Codable, Hashable {
        case number, label, decision
    }

    public init(
        entry: String, functions: [PyFunction], constants: [PyConstant], parameters: [String], result: ResultKind,
        classes: [String], source: String
    ) {
        self.entry = entry
        self.functions = functions
        self.constants = constants
        self.parameters = parameters
        self.result = result
        self.classes = classes
        self.source = source
    }

    public var function: MiningFunction { result == .number ? .regression : .classification }

    /// The model function.
    public var model: PyFunction? { functions.first { $0.name == entry } }
}

/// `def name(arguments): body`.
public struct PyFunction: Sendable, Codable, Hashable {
    public var name: String
    public var arguments: [PyArgument]
    public var body: [PyStatement]
    /// The line of `def` in the cell.
    public var line: Int

    public init(name: String, arguments: [PyArgument], body: [PyStatement], line: Int) {
        self.name = name
        self.arguments = arguments
        self.body = body
        self.line = line
    }
}

/// An argument with its annotation (`float`, `int`, `bool`, `str`) and default, as written.
public struct PyArgument: Sendable, Codable, Hashable {
    public var name: String
    public var annotation: String?
    public var defaultValue: PyExpression?

    public init(name: String, annotation: String?, defaultValue: PyExpression?) {
        self.name = name
        self.annotation = annotation
        self.defaultValue = defaultValue
    }
}

/// `NAME = literal` at module level: a number, a text or a dict table.
public struct PyConstant: Sendable, Codable, Hashable {
    public var name: String
    public var value: PyExpression
    public var line: Int

    public init(name: String, value: PyExpression, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}

/// One statement, with its line in the cell.
public indirect enum PyStatement: Sendable, Codable, Hashable {
    /// `name = value`, or `name op= value` (`op` is `+`, `-`, `*`, `/`, `//`, `%`, `**`).
    case assign(name: String, op: String?, value: PyExpression, line: Int)
    /// `if` / `elif` chains and their `else`.
    case conditional(branches: [PyBranch], otherwise: [PyStatement], line: Int)
    case returns(PyExpression, line: Int)
    case pass(line: Int)

    public var line: Int {
        switch self {
        case .assign(_, _, _, let line), .conditional(_, _, let line), .returns(_, let line), .pass(let line): line
        }
    }
}

public struct PyBranch: Sendable, Codable, Hashable {
    public var test: PyExpression
    public var body: [PyStatement]
    public init(test: PyExpression, body: [PyStatement]) {
        self.test = test
        self.body = body
    }
}

/// A Python expression of the supported subset.
public indirect enum PyExpression: Sendable, Codable, Hashable {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case string(String)
    case none
    /// A local variable, an argument, a module constant or a parameter.
    case name(String)
    /// `-x`, `+x`, `not x`.
    case unary(op: String, operand: PyExpression)
    /// `+ - * / // % **`.
    case binary(op: String, left: PyExpression, right: PyExpression)
    /// `and` / `or` over two or more operands (the value of the operand that decides, as in Python).
    case logical(op: String, operands: [PyExpression])
    /// `a < b <= c`: each operand evaluated once, stopping at the first comparison that fails.
    case comparison(first: PyExpression, rest: [PyComparisonStep])
    /// `then if test else otherwise`.
    case choice(test: PyExpression, then: PyExpression, otherwise: PyExpression)
    /// A call of a built-in (`abs`, `min`, `max`, `round`, `int`, `float`, `bool`), of `math.*` / `np.*`, or of a
    /// helper function of the cell.
    case call(function: String, arguments: [PyExpression])
    /// `table[key]`.
    case `subscript`(table: PyExpression, key: PyExpression)
    /// `table.get(key)` / `table.get(key, default)`.
    case get(table: PyExpression, key: PyExpression, defaultValue: PyExpression?)
    /// A dict literal (module-level tables).
    case dict([PyPair])
}

extension PyExpression {
    /// The expressions directly inside this one, in evaluation order.
    public var subexpressions: [PyExpression] {
        switch self {
        case .int, .float, .bool, .string, .none, .name: []
        case .unary(_, let operand): [operand]
        case .binary(_, let left, let right): [left, right]
        case .logical(_, let operands): operands
        case .comparison(let first, let rest): [first] + rest.map(\.operand)
        case .choice(let test, let then, let otherwise): [test, then, otherwise]
        case .call(_, let arguments): arguments
        case .subscript(let table, let key): [table, key]
        case .get(let table, let key, let fallback): [table, key] + (fallback.map { [$0] } ?? [])
        case .dict(let pairs): pairs.flatMap { [$0.key, $0.value] }
        }
    }

    /// Calls `visit` on this expression and every expression inside it, outermost first.
    public func forEach(_ visit: (PyExpression) -> Void) {
        visit(self)
        for inner in subexpressions { inner.forEach(visit) }
    }
}

extension PyStatement {
    /// The expressions the statement evaluates itself (not those of nested statements).
    public var expressions: [PyExpression] {
        switch self {
        case .assign(_, _, let value, _): [value]
        case .conditional(let branches, _, _): branches.map(\.test)
        case .returns(let value, _): [value]
        case .pass: []
        }
    }

    /// The statements nested in this one.
    public var nested: [PyStatement] {
        if case .conditional(let branches, let otherwise, _) = self { return branches.flatMap(\.body) + otherwise }
        return []
    }

    /// The names statements assign anywhere (a function's locals, as Python decides them), in first-assignment
    /// order.
    public static func assignedNames(_ statements: [PyStatement]) -> [String] {
        var names: [String] = []
        func walk(_ list: [PyStatement]) {
            for statement in list {
                if case .assign(let name, _, _, _) = statement, !names.contains(name) { names.append(name) }
                walk(statement.nested)
            }
        }
        walk(statements)
        return names
    }

    /// Every expression the statements evaluate, nested statements included, in source order.
    public static func allExpressions(_ statements: [PyStatement]) -> [PyExpression] {
        statements.flatMap { $0.expressions + allExpressions($0.nested) }
    }
}

public struct PyComparisonStep: Sendable, Codable, Hashable {
    public var op: String
    public var operand: PyExpression
    public init(op: String, operand: PyExpression) {
        self.op = op
        self.operand = operand
    }
}

public struct PyPair: Sendable, Codable, Hashable {
    public var key: PyExpression
    public var value: PyExpression
    public init(key: PyExpression, value: PyExpression) {
        self.key = key
        self.value = value
    }
}
