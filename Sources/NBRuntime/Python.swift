// The nbship runtime: Python's arithmetic for models written as a Python function. This file is nbship's own
// Sources/NBRuntime/Python.swift, compiled and tested with nbship, and copied into generated packages byte for
// byte: do not edit it in a generated package.
import Foundation

/// A Python value as a hand-written model computes with it: `int` (64 bits; beyond them nbship raises instead of
/// growing), `float` (an IEEE double, as CPython's), `bool`, `str` and `None`.
package enum PyValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case float(Double)
    case bool(Bool)
    case str(String)
    case none

    package var description: String {
        switch self {
        case .int(let x): String(x)
        case .float(let x): Py.repr(x)
        case .bool(let x): x ? "True" : "False"
        case .str(let x): "'\(x)'"
        case .none: "None"
        }
    }

    /// Python's type name, for error messages.
    package var typeName: String {
        switch self {
        case .int: "int"
        case .float: "float"
        case .bool: "bool"
        case .str: "str"
        case .none: "NoneType"
        }
    }

    /// Whether the value is text (or None): not a number.
    package var isText: Bool {
        switch self {
        case .str, .none: true
        default: false
        }
    }

    /// The value as a double, for numbers and bools.
    package var double: Double? {
        switch self {
        case .int(let x): Double(x)
        case .float(let x): x
        case .bool(let x): x ? 1 : 0
        case .str, .none: nil
        }
    }

    /// Python's truth value.
    package var truth: Bool {
        switch self {
        case .int(let x): x != 0
        case .float(let x): x != 0
        case .bool(let x): x
        case .str(let x): !x.isEmpty
        case .none: false
        }
    }

    /// The key a dict lookup uses: numbers that are equal in Python (`1`, `1.0`, `True`) are one key.
    package var key: PyValue {
        switch self {
        case .bool(let x): .int(x ? 1 : 0)
        case .float(let x) where x == x.rounded() && abs(x) < 9.2e18: .int(Int(x))
        default: self
        }
    }
}

/// What Python raises where a hand-written model cannot give a value.
package struct PyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The Python exception's name (`ZeroDivisionError`, `ValueError`, `KeyError`, `TypeError`, `OverflowError`).
    package var kind: String
    package var message: String
    package init(_ kind: String, _ message: String) {
        self.kind = kind
        self.message = message
    }
    package var description: String { "\(kind): \(message)" }
}

/// Python's operators and built-in functions, as CPython computes them.
package enum Py {
    // MARK: Numbers

    enum Number {
        case int(Int)
        case float(Double)
    }

    static func number(_ value: PyValue, _ operation: String) throws(PyError) -> Number {
        switch value {
        case .int(let x): return .int(x)
        case .bool(let x): return .int(x ? 1 : 0)
        case .float(let x): return .float(x)
        case .str, .none:
            throw PyError("TypeError", "unsupported operand type for \(operation): '\(value.typeName)'")
        }
    }

    static func overflow(_ operation: String) -> PyError {
        PyError(
            "OverflowError",
            "the integer result of \(operation) does not fit in 64 bits (nbship computes int in 64 bits)")
    }

    /// Python's `int` to `float`: correctly rounded.
    static func toFloat(_ x: Int) -> Double { Double(x) }

    package static func add(_ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        if case .str(let x) = a, case .str(let y) = b { return .str(x + y) }
        switch (try number(a, "+"), try number(b, "+")) {
        case (.int(let x), .int(let y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            if overflow { throw Self.overflow("+") }
            return .int(sum)
        case (.int(let x), .float(let y)): return .float(toFloat(x) + y)
        case (.float(let x), .int(let y)): return .float(x + toFloat(y))
        case (.float(let x), .float(let y)): return .float(x + y)
        }
    }

    package static func subtract(_ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        switch (try number(a, "-"), try number(b, "-")) {
        case (.int(let x), .int(let y)):
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            if overflow { throw Self.overflow("-") }
            return .int(difference)
        case (.int(let x), .float(let y)): return .float(toFloat(x) - y)
        case (.float(let x), .int(let y)): return .float(x - toFloat(y))
        case (.float(let x), .float(let y)): return .float(x - y)
        }
    }

    package static func multiply(_ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        switch (try number(a, "*"), try number(b, "*")) {
        case (.int(let x), .int(let y)):
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            if overflow { throw Self.overflow("*") }
            return .int(product)
        case (.int(let x), .float(let y)): return .float(toFloat(x) * y)
        case (.float(let x), .int(let y)): return .float(x * toFloat(y))
        case (.float(let x), .float(let y)): return .float(x * y)
        }
    }

    /// The largest integer a double holds exactly, with every smaller one.
    static let exactLimit = 9_007_199_254_740_992

    /// `/`: always a float; int / int is correctly rounded (exact here while both are below 2^53).
    package static func divide(_ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        let (x, y) = (try number(a, "/"), try number(b, "/"))
        if case .int(let i) = x, case .int(let j) = y, Swift.abs(i) > exactLimit || Swift.abs(j) > exactLimit {
            throw PyError(
                "OverflowError", "int / int beyond 2^53 is rounded by Python in a way nbship does not reproduce")
        }
        let (p, q) = (double(x), double(y))
        if q == 0 { throw PyError("ZeroDivisionError", "division by zero") }
        return .float(p / q)
    }

    static func double(_ x: Number) -> Double {
        switch x {
        case .int(let i): toFloat(i)
        case .float(let f): f
        }
    }

    /// CPython's float divmod (floatobject.c): the floor quotient and the remainder with the divisor's sign.
    static func floatDivmod(_ vx: Double, _ wx: Double) throws(PyError) -> (Double, Double) {
        if wx == 0 { throw PyError("ZeroDivisionError", "float divmod()") }
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        } else {
            mod = copysign(0, wx)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = Foundation.floor(div)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = copysign(0, vx / wx)
        }
        return (floordiv, mod)
    }

    /// `//`: floor division (towards minus infinity).
    package static func floorDivide(_ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        switch (try number(a, "//"), try number(b, "//")) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw PyError("ZeroDivisionError", "integer division or modulo by zero") }
            if x == Int.min && y == -1 { throw Self.overflow("//") }
            let q = x / y
            return .int((x % y != 0) && ((x < 0) != (y < 0)) ? q - 1 : q)
        case (let x, let y):
            return .float(try floatDivmod(double(x), double(y)).0)
        }
    }

    /// `%`: the remainder with the divisor's sign.
    package static func modulo(_ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        switch (try number(a, "%"), try number(b, "%")) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw PyError("ZeroDivisionError", "integer modulo by zero") }
            if y == -1 { return .int(0) }
            let r = x % y
            return .int(r != 0 && ((r < 0) != (y < 0)) ? r + y : r)
        case (let x, let y):
            return .float(try floatDivmod(double(x), double(y)).1)
        }
    }

    /// `**`: int ** non-negative int is an int; otherwise floats, with CPython's errors.
    package static func power(_ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        switch (try number(a, "**"), try number(b, "**")) {
        case (.int(let x), .int(let y)) where y >= 0:
            var result = 1
            var base = x
            var exponent = y
            while exponent > 0 {
                if exponent & 1 == 1 {
                    let (product, overflow) = result.multipliedReportingOverflow(by: base)
                    if overflow { throw Self.overflow("**") }
                    result = product
                }
                exponent >>= 1
                if exponent > 0 {
                    let (square, overflow) = base.multipliedReportingOverflow(by: base)
                    if overflow { throw Self.overflow("**") }
                    base = square
                }
            }
            return .int(result)
        case (let x, let y):
            return .float(try floatPower(double(x), double(y)))
        }
    }

    /// CPython's float_pow: 0 to a negative power raises, a negative base to a fractional power gives a complex
    /// number (refused here), a finite overflow raises.
    static func floatPower(_ x: Double, _ y: Double) throws(PyError) -> Double {
        if y == 0 { return 1 }
        if x.isNaN { return x }
        if y.isNaN { return x == 1 ? 1 : y }
        if x == 0 && y < 0 && y.isFinite {
            throw PyError("ZeroDivisionError", "zero to a negative power")
        }
        if x < 0 && x.isFinite && y.isFinite && y != y.rounded() {
            throw PyError("TypeError", "a negative number to a fractional power is a complex number, not a prediction")
        }
        let result = Foundation.pow(x, y)
        if result.isInfinite && x.isFinite && y.isFinite {
            throw PyError("OverflowError", "(34, 'Numerical result out of range')")
        }
        return result
    }

    package static func negate(_ a: PyValue) throws(PyError) -> PyValue {
        switch try number(a, "unary -") {
        case .int(let x):
            if x == Int.min { throw Self.overflow("unary -") }
            return .int(-x)
        case .float(let x): return .float(-x)
        }
    }

    package static func plus(_ a: PyValue) throws(PyError) -> PyValue {
        switch try number(a, "unary +") {
        case .int(let x): .int(x)
        case .float(let x): .float(x)
        }
    }

    // MARK: Comparisons

    /// Python's `==`: numbers by value (exactly, across int and float), text by text, others never equal.
    package static func equal(_ a: PyValue, _ b: PyValue) -> Bool {
        switch (a, b) {
        case (.str(let x), .str(let y)): return x == y
        case (.none, .none): return true
        case (.str, _), (_, .str), (.none, _), (_, .none): return false
        default: return (try? order(a, b)) == .some(0)
        }
    }

    /// -1, 0 or 1; nil when unordered (a NaN). Throws for operands Python cannot order.
    static func order(_ a: PyValue, _ b: PyValue) throws(PyError) -> Int? {
        if case .str(let x) = a, case .str(let y) = b {
            // Python orders text by code points.
            let p = Array(x.unicodeScalars.map(\.value))
            let q = Array(y.unicodeScalars.map(\.value))
            return p == q ? 0 : p.lexicographicallyPrecedes(q) ? -1 : 1
        }
        guard let x = try? number(a, "<"), let y = try? number(b, "<") else {
            throw PyError("TypeError", "'<' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
        }
        switch (x, y) {
        case (.int(let i), .int(let j)): return i == j ? 0 : i < j ? -1 : 1
        case (.float(let f), .float(let g)):
            if f.isNaN || g.isNaN { return nil }
            return f == g ? 0 : f < g ? -1 : 1
        case (.int, .float):
            guard let reversed = try order(b, a) else { return nil }
            return -reversed
        case (.float(let f), .int(let i)):
            if f.isNaN { return nil }
            if Swift.abs(i) <= exactLimit {
                let g = Double(i)
                return f == g ? 0 : f < g ? -1 : 1
            }
            // |i| > 2^53: compare exactly (a double that large is an integer).
            if f.isInfinite { return f < 0 ? -1 : 1 }
            if Swift.abs(f) >= 9.3e18 { return f < 0 ? -1 : 1 }
            let fi = Int(f)
            return fi == i ? 0 : fi < i ? -1 : 1
        }
    }

    /// `<`, `<=`, `>`, `>=`, `==`, `!=` as Python evaluates one comparison.
    package static func compare(_ a: PyValue, _ symbol: String, _ b: PyValue) throws(PyError) -> Bool {
        switch symbol {
        case "==": return equal(a, b)
        case "!=": return !equal(a, b)
        default:
            guard let o = try order(a, b) else { return false }
            switch symbol {
            case "<": return o < 0
            case "<=": return o <= 0
            case ">": return o > 0
            default: return o >= 0
            }
        }
    }

    // MARK: Built-in functions

    package static func abs(_ a: PyValue) throws(PyError) -> PyValue {
        switch try number(a, "abs()") {
        case .int(let x):
            if x == Int.min { throw Self.overflow("abs()") }
            return .int(Swift.abs(x))
        case .float(let x): return .float(Swift.abs(x))
        }
    }

    /// `min(a, b, ...)` / `max(...)`: the first smallest (largest) argument, compared as Python compares.
    package static func extreme(_ values: [PyValue], largest: Bool) throws(PyError) -> PyValue {
        guard var best = values.first else { throw PyError("TypeError", "min/max expected at least 1 argument") }
        for value in values.dropFirst() {
            // Python keeps the first of equal values and replaces it only when the comparison holds.
            if try compare(value, largest ? ">" : "<", best) { best = value }
        }
        return best
    }

    /// `round(x)`: an int, halves to even; `round(x, n)`: a float for floats (CPython rounds the exact binary value
    /// half to even at n decimals, then reads the decimal back), the same int for ints with n >= 0.
    package static func round(_ a: PyValue, _ digits: PyValue? = nil) throws(PyError) -> PyValue {
        let x = try number(a, "round()")
        guard let digits else {
            switch x {
            case .int(let i): return .int(i)
            case .float(let f): return try toInt(f.rounded(.toNearestOrEven), "round()")
            }
        }
        guard case .int(let n) = try number(digits, "round()") else {
            throw PyError("TypeError", "'float' object cannot be interpreted as an integer")
        }
        switch x {
        case .int(let i):
            guard n < 0 else { return .int(i) }
            guard n > -19 else { return .int(0) }
            var power = 1
            for _ in 0..<(-n) { power *= 10 }
            let q = try floorDivide(.int(i), .int(power))
            guard case .int(var quotient) = q else { return q }
            let remainder = i - quotient * power
            if remainder * 2 > power || (remainder * 2 == power && quotient % 2 != 0) { quotient += 1 }
            return try multiply(.int(quotient), .int(power))
        case .float(let f):
            if !f.isFinite || f == 0 { return .float(f) }
            if n > 323 { return .float(f) }
            guard n >= 0 else {
                throw PyError("ValueError", "round() with negative ndigits on a float is not reproduced by nbship")
            }
            // glibc's printf rounds the exact binary value half to even, as CPython's dtoa does.
            let text = String(format: "%.\(n)f", f)
            guard let value = Double(text) else { return .float(f) }
            return .float(value == 0 ? copysign(0, f) : value)
        }
    }

    static func toInt(_ f: Double, _ operation: String) throws(PyError) -> PyValue {
        if f.isNaN { throw PyError("ValueError", "cannot convert float NaN to integer") }
        if f.isInfinite { throw PyError("OverflowError", "cannot convert float infinity to integer") }
        guard Swift.abs(f) < 9.223372036854775e18 else { throw Self.overflow(operation) }
        return .int(Int(f))
    }

    /// `int(x)`: truncation towards zero for floats.
    package static func int(_ a: PyValue) throws(PyError) -> PyValue {
        switch try number(a, "int()") {
        case .int(let i): return .int(i)
        case .float(let f): return try toInt(f.rounded(.towardZero), "int()")
        }
    }

    /// `float(x)`.
    package static func float(_ a: PyValue) throws(PyError) -> PyValue {
        .float(double(try number(a, "float()")))
    }

    /// `math.floor` / `math.ceil`: ints.
    package static func floor(_ a: PyValue) throws(PyError) -> PyValue {
        switch try number(a, "math.floor()") {
        case .int(let i): return .int(i)
        case .float(let f): return try toInt(f.rounded(.down), "math.floor()")
        }
    }

    package static func ceil(_ a: PyValue) throws(PyError) -> PyValue {
        switch try number(a, "math.ceil()") {
        case .int(let i): return .int(i)
        case .float(let f): return try toInt(f.rounded(.up), "math.ceil()")
        }
    }

    static func real(_ a: PyValue, _ function: String) throws(PyError) -> Double {
        double(try number(a, function))
    }

    /// The `math` module's functions, with its domain and range errors (glibc's libm, as CPython on Linux).
    package static func math(_ function: String, _ arguments: [PyValue]) throws(PyError) -> PyValue {
        let x = try real(arguments[0], "math.\(function)()")
        switch function {
        case "exp":
            let y = Foundation.exp(x)
            if y.isInfinite && x.isFinite { throw PyError("OverflowError", "math range error") }
            return .float(y)
        case "log":
            if x <= 0 { throw PyError("ValueError", "math domain error") }
            if arguments.count == 2 {
                let base = try real(arguments[1], "math.log()")
                if base <= 0 { throw PyError("ValueError", "math domain error") }
                let denominator = Foundation.log(base)
                if denominator == 0 { throw PyError("ZeroDivisionError", "float division by zero") }
                return .float(Foundation.log(x) / denominator)
            }
            return .float(Foundation.log(x))
        case "log10":
            if x <= 0 { throw PyError("ValueError", "math domain error") }
            return .float(Foundation.log10(x))
        case "sqrt":
            if x < 0 { throw PyError("ValueError", "math domain error") }
            return .float(x.squareRoot())
        case "tanh":
            return .float(Foundation.tanh(x))
        case "pow":
            let y = try real(arguments[1], "math.pow()")
            if x == 0 && y < 0 { throw PyError("ValueError", "math domain error") }
            if x < 0 && x.isFinite && y.isFinite && y != y.rounded() {
                throw PyError("ValueError", "math domain error")
            }
            let r = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PyError("OverflowError", "math range error") }
            return .float(r)
        default:
            throw PyError("TypeError", "math.\(function) is not supported")
        }
    }

    /// NumPy's scalar functions on Python numbers: no exceptions (NaN and infinities instead, as NumPy gives them
    /// with a warning).
    package static func numpy(_ function: String, _ arguments: [PyValue]) throws(PyError) -> PyValue {
        let values = try arguments.map { (value) throws(PyError) -> Double in try real(value, "np.\(function)()") }
        switch function {
        case "exp": return .float(Foundation.exp(values[0]))
        case "log": return .float(values[0] == 0 ? -.infinity : values[0] < 0 ? .nan : Foundation.log(values[0]))
        case "sqrt": return .float(values[0] < 0 ? .nan : values[0].squareRoot())
        case "minimum": return .float(values[0].isNaN || values[1].isNaN ? .nan : Swift.min(values[0], values[1]))
        case "maximum": return .float(values[0].isNaN || values[1].isNaN ? .nan : Swift.max(values[0], values[1]))
        case "clip":
            // np.clip(x, lo, hi) = minimum(maximum(x, lo), hi).
            let low = values[0].isNaN || values[1].isNaN ? Double.nan : Swift.max(values[0], values[1])
            return .float(low.isNaN || values[2].isNaN ? .nan : Swift.min(low, values[2]))
        default: throw PyError("TypeError", "np.\(function) is not supported")
        }
    }

    /// `table[key]`: KeyError when the key is absent.
    package static func lookUp(_ table: [PyValue: PyValue], _ key: PyValue) throws(PyError) -> PyValue {
        guard let value = table[key.key] else { throw PyError("KeyError", key.description) }
        return value
    }

    // MARK: What the generated code of a model function calls

    /// An operator by its Python symbol.
    package static func binary(_ op: String, _ a: PyValue, _ b: PyValue) throws(PyError) -> PyValue {
        switch op {
        case "+": return try add(a, b)
        case "-": return try subtract(a, b)
        case "*": return try multiply(a, b)
        case "/": return try divide(a, b)
        case "//": return try floorDivide(a, b)
        case "%": return try modulo(a, b)
        case "**": return try power(a, b)
        default: throw PyError("TypeError", "the operator \(op) is not supported")
        }
    }

    package static func truth(_ value: PyValue) -> Bool { value.truth }

    /// `a and b and ...`: the first false operand, else the last; later operands are not evaluated.
    package static func and(_ operands: [() throws -> PyValue]) throws(PyError) -> PyValue {
        var value = PyValue.none
        for operand in operands {
            value = try run(operand)
            if !value.truth { return value }
        }
        return value
    }

    /// `a or b or ...`: the first true operand, else the last.
    package static func or(_ operands: [() throws -> PyValue]) throws(PyError) -> PyValue {
        var value = PyValue.none
        for operand in operands {
            value = try run(operand)
            if value.truth { return value }
        }
        return value
    }

    /// `a < b <= c`: each operand evaluated once, in order, stopping at the first comparison that fails.
    package static func chain(
        _ first: PyValue, _ steps: [(String, () throws -> PyValue)]
    ) throws(PyError) -> PyValue {
        var left = first
        for (op, operand) in steps {
            let right = try run(operand)
            if !(try compare(left, op, right)) { return .bool(false) }
            left = right
        }
        return .bool(true)
    }

    /// Runs an operand that is evaluated only when needed. The closures are untyped (`throws`): Swift 6.3's IR
    /// generation crashes on many typed-throws closures in one function; every error they throw is a PyError.
    static func run(_ operand: () throws -> PyValue) throws(PyError) -> PyValue {
        do { return try operand() } catch let error as PyError { throw error } catch {
            throw PyError("TypeError", "\(error)")
        }
    }

    /// A local variable's value; Python's UnboundLocalError when it has none yet.
    package static func bound(_ value: PyValue?, _ name: String) throws(PyError) -> PyValue {
        guard let value else {
            throw PyError("UnboundLocalError", "local variable '\(name)' referenced before assignment")
        }
        return value
    }

    /// `table.get(key, default)`: both arguments evaluated first, as Python evaluates them.
    package static func get(_ table: [PyValue: PyValue], _ key: PyValue, _ fallback: PyValue) -> PyValue {
        table[key.key] ?? fallback
    }

    /// An input declared `int`: an integral number as an int (as a CSV cell `3` reaches Python), another as a float.
    package static func integer(_ x: Double?) -> PyValue? {
        guard let x else { return nil }
        if x == x.rounded(), Swift.abs(x) < 9.2e18 { return .int(Int(x)) }
        return .float(x)
    }

    /// An input declared `bool`: `true`/`True`/`1` or `false`/`False`/`0`; nil for anything else.
    package static func boolean(_ text: String?) -> PyValue? {
        switch text {
        case "true", "True", "TRUE", "1", "1.0": .bool(true)
        case "false", "False", "FALSE", "0", "0.0": .bool(false)
        default: nil
        }
    }

    /// A float as Python's repr() writes it (shortest round-trip digits).
    package static func repr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        var text = "\(x)"
        if text.hasSuffix(".0") == false, !text.contains("e"), !text.contains(".") { text += ".0" }
        return text
    }
}
