/// The one place where names from notebooks and model files become Swift identifiers.
///
/// Identifiers are built from ASCII letters and digits only, so no input text (`class`, `naïve size`,
/// `"; exit(0) //`) can break out of an identifier; reserved words get a suffix rather than backticks so they
/// read naturally at every use site.
public struct SwiftNamer: Sendable {
    static let reserved: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
        "async", "some", "any", "Type", "Protocol", "consume", "copy", "borrowing", "consuming", "discard",
        "each", "macro", "package", "sending", "input", "parameters", "output", "score", "values",
    ]

    /// Words of a name: runs of ASCII letters/digits; camel-case boundaries split too.
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for scalar in name.unicodeScalars {
            let isAlnum =
                scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
            if !isAlnum {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
                continue
            }
            let isUpper = ("A"..."Z").contains(scalar)
            if isUpper && previousLower && !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.unicodeScalars.append(scalar)
            previousLower = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `mean radius` -> `meanRadius`; `od280/od315_of_diluted_wines` -> `od280Od315OfDilutedWines`.
    public static func lowerCamel(_ name: String, fallback: String = "value") -> String {
        let parts = words(name)
        guard let first = parts.first else { return fallback }
        var result = first.lowercased()
        for word in parts.dropFirst() { result += word.prefix(1).uppercased() + word.dropFirst().lowercased() }
        if let initial = result.unicodeScalars.first, ("0"..."9").contains(initial) { result = fallback + result }
        if reserved.contains(result) { result += "Value" }
        return result
    }

    /// `diabetes-progression` -> `DiabetesProgression`.
    public static func upperCamel(_ name: String, fallback: String = "Model") -> String {
        let parts = words(name)
        var result = parts.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        if result.isEmpty { return fallback }
        if let initial = result.unicodeScalars.first, ("0"..."9").contains(initial) { result = fallback + result }
        if reserved.contains(result) { result += "Value" }
        return result
    }

    /// Makes names unique in order of appearance by appending `2`, `3`, ... to repeats.
    public static func unique(_ names: [String], avoiding taken: Set<String> = []) -> [String] {
        var used = taken
        return names.map { name in
            var candidate = name
            var counter = 2
            while used.contains(candidate) {
                candidate = "\(name)\(counter)"
                counter += 1
            }
            used.insert(candidate)
            return candidate
        }
    }
}

/// Escaping of arbitrary text for Swift source.
public enum SwiftText {
    /// A Swift string literal (with quotes) for any text: escapes quotes, backslashes, control characters and
    /// line separators, so the text can never end the literal early.
    public static func stringLiteral(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value)
                    || scalar.properties.generalCategory == .format
                {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Text safe inside a `///` or `//` comment: one line, control characters replaced by spaces.
    public static func comment(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value)
                || scalar.properties.generalCategory == .format
            {
                result += " "
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A Double literal: shortest round-trip digits, always valid Swift.
    public static func double(_ value: Double) -> String {
        if value.isNaN { return "Double.nan" }
        if value.isInfinite { return value < 0 ? "-Double.infinity" : "Double.infinity" }
        let text = "\(value)"
        return text
    }
}
