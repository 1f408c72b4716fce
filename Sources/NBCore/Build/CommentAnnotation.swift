/// The documented syntax of a trailing comment in a tagged cell:
///
///     threshold: float = 0.35  # decision threshold, range [0, 1]
///     max_dose = 40.0          # daily cap, range (0, 80], unit: mg
///     region = "north"         # sales region, one of {north, south, east}
///     mu = [1.0, 2.0]          # nbship: mean
///
/// Comma-separated clauses: `range <interval>` (square bracket closed, parenthesis open, `inf` unbounded),
/// `unit: <text>`, `one of {a, b, c}`, `nbship: <role>` (names a constant explicitly); every other clause is
/// description text.
public struct CommentAnnotation: Sendable, Hashable {
    public var description: String?
    public var range: Interval?
    public var unit: String?
    public var allowedValues: [String]
    /// The explicit role from `nbship: <role>`, lower-cased.
    public var directive: String?
    /// Clauses that looked like `range ...` but did not parse, for diagnostics.
    public var malformedRange: String?

    public init(
        description: String? = nil, range: Interval? = nil, unit: String? = nil, allowedValues: [String] = [],
        directive: String? = nil, malformedRange: String? = nil
    ) {
        self.description = description
        self.range = range
        self.unit = unit
        self.allowedValues = allowedValues
        self.directive = directive
        self.malformedRange = malformedRange
    }

    /// Parses a comment (without its `#`).
    public static func parse(_ comment: String?) -> CommentAnnotation {
        guard let comment else { return CommentAnnotation() }
        var result = CommentAnnotation()
        var descriptionParts: [String] = []
        for clause in splitClauses(comment) {
            let lower = clause.lowercased()
            if lower.hasPrefix("range") {
                let rest = clause.dropFirst(5).trimming(" :")
                if let interval = parseInterval(rest) {
                    result.range = interval
                } else {
                    result.malformedRange = clause
                }
            } else if lower.hasPrefix("unit:") || lower.hasPrefix("units:") {
                let rest = clause.drop { $0 != ":" }.dropFirst().trimming(" ")
                if !rest.isEmpty { result.unit = rest }
            } else if lower.hasPrefix("one of") {
                let rest = clause.dropFirst(6).trimming(" :{}[]")
                result.allowedValues = rest.split(separator: ",").map { $0.trimming(" \"'") }
                    .filter { !$0.isEmpty }
            } else if lower.hasPrefix("nbship:") {
                result.directive = clause.dropFirst(7).trimming(" ").lowercased()
            } else if !clause.isEmpty {
                descriptionParts.append(clause)
            }
        }
        if !descriptionParts.isEmpty { result.description = descriptionParts.joined(separator: ", ") }
        return result
    }

    /// Splits on commas outside brackets and braces.
    static func splitClauses(_ text: String) -> [String] {
        var clauses: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "[", "(", "{": depth += 1
            case "]", ")", "}": depth = max(0, depth - 1)
            default: break
            }
            if character == "," && depth == 0 {
                clauses.append(current.trimming(" \t"))
                current = ""
            } else {
                current.append(character)
            }
        }
        clauses.append(current.trimming(" \t"))
        return clauses.filter { !$0.isEmpty }
    }

    /// Parses `[0, 1]`, `(0, inf)`, `[-inf, 5)`.
    static func parseInterval(_ text: String) -> Interval? {
        let trimmed = text.trimming(" ")
        guard let open = trimmed.first, let close = trimmed.last, "[(".contains(open), "])".contains(close),
            trimmed.count >= 2
        else { return nil }
        let inner = trimmed.dropFirst().dropLast()
        let parts = inner.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimming(" ")
        }
        guard parts.count == 2 else { return nil }
        func bound(_ text: String) -> Double?? {
            switch text.lowercased() {
            case "inf", "+inf", "-inf", "infinity", "-infinity", "": return .some(nil)
            default:
                guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
                    return nil
                }
                return .some(value)
            }
        }
        guard let low = bound(parts[0]), let high = bound(parts[1]) else { return nil }
        if let low, let high, low > high { return nil }
        return Interval(lower: low, upper: high, lowerClosed: open == "[", upperClosed: close == "]")
    }
}

extension StringProtocol {
    func trimming(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
