import NBCore

/// PMML's number syntax: decimal or scientific notation, plus `INF`, `-INF` and `NaN`.
enum PMMLNumber {
    /// The value of `text` (surrounding whitespace allowed), or nil if it is not a PMML number. Rejects forms
    /// Swift would accept but PMML does not, such as hexadecimal floats and `infinity`.
    static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingASCIIWhitespace()
        switch trimmed {
        case "INF", "+INF", "inf", "+inf", "Infinity", "+Infinity": return .infinity
        case "-INF", "-inf", "-Infinity": return -.infinity
        case "NaN", "nan", "NAN": return .nan
        default: break
        }
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy(isAllowed),
            trimmed.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }),
            let value = Double(trimmed), NumberFormat.outOfRange(trimmed, as: value) == nil
        else { return nil }
        return value
    }

    /// An integer, also accepting integral decimals such as `2.0`.
    static func parseInteger(_ text: String) -> Int? {
        let trimmed = text.trimmingASCIIWhitespace()
        if let value = Int(trimmed) { return value }
        guard let value = parse(trimmed), value.isFinite, value.rounded() == value, abs(value) < 1e15 else {
            return nil
        }
        return Int(value)
    }

    /// `0`-`9`, `+`, `-`, `.`, `e`, `E`.
    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x2B, 0x2D, 0x2E, 0x65, 0x45: true
        default: false
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        // Most values have nothing to trim: the string itself, without a copy.
        let end = bytes.index(after: last)
        if first == bytes.startIndex && end == bytes.endIndex { return self }
        // Cut at ASCII bytes, so the rest is whole UTF-8 sequences.
        return String(decoding: bytes[first..<end], as: UTF8.self)
    }
}
