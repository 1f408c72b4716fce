import Foundation

/// Evaluates simple arithmetic on number literals to suggest a literal in a help line.
///
/// Only ever used for the text of a diagnostic: nbship never takes a value from here. It understands numbers,
/// `+ - * / // % **`, parentheses, `pi`/`e`/`tau` and one-argument functions of `math`/`np`/`numpy`
/// (`log`, `exp`, `sqrt`, ...). Anything else gives no suggestion.
struct PyHintEvaluator {
    private let tokens: [PyToken]
    private var position = 0

    /// The suggested literal for the tokens, in Python's notation, or nil.
    static func evaluate(_ tokens: ArraySlice<PyToken>) -> String? {
        guard tokens.count <= 200 else { return nil }
        var evaluator = PyHintEvaluator(tokens: Array(tokens))
        guard let value = evaluator.expression(depth: 0), evaluator.position == evaluator.tokens.count,
            value.number.isFinite
        else { return nil }
        if value.isInteger {
            guard abs(value.number) < 9.0e15, let integer = Int(exactly: value.number) else { return nil }
            return String(integer)
        }
        return "\(value.number)"
    }

    private struct Value {
        var number: Double
        var isInteger: Bool
    }

    private static let constants: [String: Double] = ["pi": .pi, "e": 2.718281828459045, "tau": 2 * .pi]
    /// The one-argument functions the hint understands.
    private static func function(_ name: String, _ x: Double) -> Double? {
        switch name {
        case "log": log(x)
        case "log10": log10(x)
        case "log2": log2(x)
        case "log1p": log1p(x)
        case "exp": exp(x)
        case "expm1": expm1(x)
        case "sqrt": x.squareRoot()
        case "sin": sin(x)
        case "cos": cos(x)
        case "tan": tan(x)
        case "abs": Swift.abs(x)
        case "float": x
        default: nil
        }
    }

    private init(tokens: [PyToken]) { self.tokens = tokens }

    private var current: PyToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func accept(_ op: String) -> Bool {
        guard let current, current.isOp(op) else { return false }
        position += 1
        return true
    }

    private mutating func expression(depth: Int) -> Value? {
        guard depth < 50, var left = term(depth: depth) else { return nil }
        while let op = current?.text, current?.kind == .op, op == "+" || op == "-" {
            position += 1
            guard let right = term(depth: depth) else { return nil }
            left = Value(
                number: op == "+" ? left.number + right.number : left.number - right.number,
                isInteger: left.isInteger && right.isInteger)
        }
        return left
    }

    private mutating func term(depth: Int) -> Value? {
        guard var left = factor(depth: depth) else { return nil }
        while let op = current?.text, current?.kind == .op, ["*", "/", "//", "%"].contains(op) {
            position += 1
            guard let right = factor(depth: depth) else { return nil }
            switch op {
            case "*": left = Value(number: left.number * right.number, isInteger: left.isInteger && right.isInteger)
            case "/": left = Value(number: left.number / right.number, isInteger: false)
            case "//":
                left = Value(
                    number: (left.number / right.number).rounded(.down), isInteger: left.isInteger && right.isInteger)
            default:
                let remainder = left.number.truncatingRemainder(dividingBy: right.number)
                let python =
                    remainder != 0 && (remainder < 0) != (right.number < 0) ? remainder + right.number : remainder
                left = Value(number: python, isInteger: left.isInteger && right.isInteger)
            }
        }
        return left
    }

    private mutating func factor(depth: Int) -> Value? {
        if accept("-") { return factor(depth: depth + 1).map { Value(number: -$0.number, isInteger: $0.isInteger) } }
        if accept("+") { return factor(depth: depth + 1) }
        guard let base = atom(depth: depth) else { return nil }
        guard accept("**") else { return base }
        guard let exponent = factor(depth: depth + 1) else { return nil }
        let integer = base.isInteger && exponent.isInteger && exponent.number >= 0
        return Value(number: pow(base.number, exponent.number), isInteger: integer)
    }

    private mutating func atom(depth: Int) -> Value? {
        guard let token = current else { return nil }
        position += 1
        switch token.kind {
        case .number:
            switch token.number {
            case .integer(let magnitude?): return Value(number: Double(magnitude), isInteger: true)
            case .float(let value): return Value(number: value, isInteger: false)
            default: return nil
            }
        case .op where token.text == "(":
            guard let inner = expression(depth: depth + 1), accept(")") else { return nil }
            return inner
        case .name:
            var name = token.text
            while accept("."), let part = current, part.kind == .name {
                name += "." + part.text
                position += 1
            }
            let parts = name.split(separator: ".")
            guard parts.count <= 2, parts.count == 1 || ["math", "np", "numpy"].contains(parts[0]),
                let last = parts.last.map(String.init)
            else { return nil }
            if let constant = Self.constants[last], parts.count == 2 {
                return Value(number: constant, isInteger: false)
            }
            guard accept("("), let argument = expression(depth: depth + 1), accept(")"),
                let result = Self.function(last, argument.number)
            else { return nil }
            return Value(number: result, isInteger: last == "abs" && argument.isInteger)
        default:
            return nil
        }
    }
}
