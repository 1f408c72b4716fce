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
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ allowed.contains($0) }),
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

    private static let allowed = Set("0123456789+-.eE".utf8)
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
