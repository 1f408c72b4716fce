import NBCore

/// The conversions performed by `float(...)`, `int(...)` and `np.array(..., dtype=...)`.
extension PyCellParser {
    /// `float(x)` of a number or of a numeric string (`"nan"`, `"-inf"`, `" 1_000.5 "`), as Python defines it.
    func floatValue(_ argument: PyLiteral, _ call: CallSite) throws(ParseFailure) -> Double {
        switch argument.kind {
        case .int(let value): return Double(value)
        case .float(let value): return value
        case .string(let text):
            if let value = Self.parseFloatString(text) { return value }
            throw failure(call, "`float(\"\(text)\")` would fail: the string is not a number")
        default:
            throw failure(call, "`float` of a \(argument.typeName) is not resolved; pass a number or a numeric string")
        }
    }

    /// `int(x)` of an integer, of a float (truncated toward zero, as Python does) or of a decimal string.
    func intValue(_ argument: PyLiteral, _ call: CallSite) throws(ParseFailure) -> Int {
        switch argument.kind {
        case .int(let value): return value
        case .float(let value):
            guard value.isFinite, let truncated = Int(exactly: value.rounded(.towardZero)) else {
                throw failure(call, "`int` of \(NumberFormat.shortest(value)) would fail")
            }
            return truncated
        case .string(let text):
            var body = Substring(text.trimmingCharactersInWhitespace)
            let negative = body.first == "-"
            if body.first == "-" || body.first == "+" { body = body.dropFirst() }
            let digits = body.replacingOccurrences(of: "_", with: "")
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit),
                PyTokenizer.underscoresAreValid(String(body), radix: 10)
            else { throw failure(call, "`int(\"\(text)\")` would fail: the string is not a decimal integer") }
            return try integer(UInt64(digits), negative: negative, at: call.name, text: (negative ? "-" : "") + digits)
        default:
            throw failure(call, "`int` of a \(argument.typeName) is not resolved; pass a number or a numeric string")
        }
    }

    /// Applies a float or integer dtype; other dtypes are refused.
    func convert(_ array: PyLiteral, dtype: String, _ call: CallSite) throws(ParseFailure) -> PyLiteral {
        let name = dtype.split(separator: ".").last.map(String.init) ?? dtype
        if Self.floatDTypes.contains(name) {
            return try mapNumbers(array, call) { value throws(ParseFailure) in
                switch value.kind {
                case .int(let number): return .float(Double(number))
                case .float: return value.kind
                default: throw failure(call, "dtype \(dtype) needs numbers, not a \(value.typeName)")
                }
            }
        }
        if Self.intDTypes.contains(name) {
            return try mapNumbers(array, call) { value throws(ParseFailure) in
                guard case .int = value.kind else {
                    throw failure(call, "dtype \(dtype) needs integers, not a \(value.typeName)")
                }
                return value.kind
            }
        }
        throw failure(call, "dtype `\(dtype)` is not supported; use float or int")
    }

    static let floatDTypes: Set<String> = ["float", "float64", "float32", "double", "single", "f8", "f4", "float_"]
    static let intDTypes: Set<String> = ["int", "int64", "int32", "intp", "i8", "i4", "int_"]

    private func mapNumbers(
        _ literal: PyLiteral, _ call: CallSite, _ transform: (PyLiteral) throws(ParseFailure) -> PyLiteral.Kind
    ) throws(ParseFailure) -> PyLiteral {
        var result = literal
        if let items = literal.elements {
            var mapped: [PyLiteral] = []
            mapped.reserveCapacity(items.count)
            for item in items { mapped.append(try mapNumbers(item, call, transform)) }
            result.kind = .list(mapped)
        } else {
            result.kind = try transform(literal)
        }
        return result
    }

    private func failure(_ call: CallSite, _ reason: String) -> ParseFailure {
        notLiteral(from: call.start, offending: call.name, reason: reason)
    }

    /// Python's `float(str)`: optional whitespace and sign, then `nan`, `inf`, `infinity` (any case) or a
    /// decimal number that may use `_` between digits.
    static func parseFloatString(_ text: String) -> Double? {
        var body = Substring(text.trimmingCharactersInWhitespace)
        var sign = 1.0
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        switch body.lowercased() {
        case "nan": return .nan
        case "inf", "infinity": return sign * .infinity
        default: break
        }
        guard let first = body.first, first.isASCIIDigit || first == ".",
            body.allSatisfy({ $0.isASCIIDigit || "._eE+-".contains($0) }),
            PyTokenizer.underscoresAreValid(String(body), radix: 10),
            let value = Double(body.replacingOccurrences(of: "_", with: "")),
            NumberFormat.outOfRange(String(body), as: value) == nil
        else { return nil }
        return sign * value
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
