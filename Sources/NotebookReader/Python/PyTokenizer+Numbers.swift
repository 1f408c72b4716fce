import NBCore

/// Numeric literals: decimal, hexadecimal, octal and binary integers, floats, `_` separators.
extension PyTokenizer {
    mutating func scanNumber() {
        let start = index
        var isFloat = false
        var radix = 10
        if scalars[index] == "0", index + 1 < scalars.count, let prefixRadix = Self.radixPrefixes[scalars[index + 1]] {
            radix = prefixRadix
            index += 2
            while index < scalars.count, scalars[index] == "_" || isAlphanumeric(scalars[index]) { index += 1 }
        } else {
            skipDigits()
            if index < scalars.count, scalars[index] == "." {
                isFloat = true
                index += 1
                skipDigits()
            }
            if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
                var next = index + 1
                if next < scalars.count, scalars[next] == "+" || scalars[next] == "-" { next += 1 }
                if next < scalars.count, isDigit(scalars[next]) {
                    isFloat = true
                    index = next
                    skipDigits()
                }
            }
        }
        var imaginary = false
        if radix == 10, index < scalars.count, scalars[index] == "j" || scalars[index] == "J" {
            imaginary = true
            index += 1
        }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        if index < scalars.count, isNameContinuation(scalars[index]) {
            // `1abc`, `1_`, `0b102`: Python rejects the whole token.
            while index < scalars.count, isNameContinuation(scalars[index]) { index += 1 }
            let whole = String(String.UnicodeScalarView(scalars[start..<index]))
            reportNumber(start, "invalid number `\(whole)`")
            return
        }
        guard let value = numberValue(text, radix: radix, isFloat: isFloat, imaginary: imaginary, start: start) else {
            return
        }
        emit(.number, text: text, from: start)
        tokens[tokens.count - 1].number = value
    }

    private static let radixPrefixes: [Unicode.Scalar: Int] = ["x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2]

    private mutating func skipDigits() {
        while index < scalars.count, isDigit(scalars[index]) || scalars[index] == "_" { index += 1 }
    }

    private func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isDigit(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// Validates `_` placement and digits, then converts; nil after reporting a syntax error.
    private mutating func numberValue(
        _ text: String, radix: Int, isFloat: Bool, imaginary: Bool, start: Int
    ) -> PyNumber? {
        let body = radix == 10 ? text : String(text.dropFirst(2))
        guard Self.underscoresAreValid(body, radix: radix) else {
            reportNumber(start, "invalid number `\(text)`: `_` may only separate digits")
            return nil
        }
        let digits = body.replacingOccurrences(of: "_", with: "")
        if imaginary { return .imaginary }
        if isFloat {
            guard let value = Double(digits) else {
                reportNumber(start, "invalid number `\(text)`")
                return nil
            }
            if let problem = NumberFormat.outOfRange(digits, as: value) {
                // Python would read it as inf or 0.0; nbship never changes a number silently.
                reportNumber(
                    start, problem,
                    help: [
                        value.isInfinite
                            ? "write `float(\"inf\")` if infinity is meant" : "write `0.0` if zero is meant"
                    ])
                return nil
            }
            return .float(value)
        }
        if radix == 10, digits.count > 1, digits.hasPrefix("0"), digits.contains(where: { $0 != "0" }) {
            reportNumber(
                start, "leading zeros are not allowed in the decimal integer `\(text)`",
                help: ["write `\(digits.drop { $0 == "0" })`, or `0o\(digits.drop { $0 == "0" })` for an octal number"])
            return nil
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.hexDigitValue.map { $0 < radix } ?? false }) else {
            reportNumber(start, "invalid number `\(text)`")
            return nil
        }
        return .integer(UInt64(digits, radix: radix))
    }

    /// Python allows a single `_` between two digits only (and after a radix prefix: `0x_ff`).
    static func underscoresAreValid(_ body: String, radix: Int) -> Bool {
        let characters = Array(body)
        for (offset, character) in characters.enumerated() where character == "_" {
            let before = offset > 0 ? characters[offset - 1] : nil
            let after = offset + 1 < characters.count ? characters[offset + 1] : nil
            let beforeOK = before.map { $0.isHexDigit && (radix == 16 || $0.isNumber) } ?? (radix != 10)
            let afterOK = after.map { $0.isHexDigit && (radix == 16 || $0.isNumber) } ?? false
            if !beforeOK || !afterOK { return false }
        }
        return true
    }

    private mutating func reportNumber(_ start: Int, _ message: String, help: [String] = []) {
        diagnostics.append(
            .error(
                NotebookDiagnosticID.syntaxError, message, at: location(line: line, column: column(of: start)),
                help: help))
        emit(.invalid, text: "", from: start)
    }
}
