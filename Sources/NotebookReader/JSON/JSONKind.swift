import Foundation

/// The JSON type of a value produced by `JSONSerialization`, named as JSON Schema names them.
///
/// `JSONSerialization` returns booleans and numbers as `NSNumber`; the Objective-C type code tells them apart
/// (`c` is a boolean, `d`/`f` a number with a fraction or exponent, anything else an integer).
enum JSONKind: Equatable {
    case object, array, string, integer, number, boolean, null

    init(of value: Any) {
        switch value {
        case is [String: Any]: self = .object
        case is [Any]: self = .array
        case is String: self = .string
        case is NSNull: self = .null
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": self = .boolean
            case "d", "f": self = .number
            default: self = .integer
            }
        default: self = .null
        }
    }

    /// The name used in messages: "a string", "an integer", ...
    var article: String {
        switch self {
        case .object: "an object"
        case .array: "a list"
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean"
        case .null: "null"
        }
    }
}

/// Typed access to `JSONSerialization` values.
enum JSON {
    /// The integer value of a JSON integer (not a boolean, not a number with a fraction).
    static func integer(_ value: Any?) -> Int? {
        guard let value, JSONKind(of: value) == .integer, let number = value as? NSNumber else { return nil }
        return Int(exactly: number.int64Value) ?? nil
    }

    /// Whether `value` is a string or a list of strings (nbformat's "multiline string").
    static func isMultilineString(_ value: Any) -> Bool {
        if value is String { return true }
        guard let items = value as? [Any] else { return false }
        return items.allSatisfy { $0 is String }
    }

    /// The text of a multiline string: a string as is, a list of lines joined without separators.
    static func multilineText(_ value: Any?) -> String? {
        if let text = value as? String { return text }
        guard let items = value as? [Any] else { return nil }
        var text = ""
        for item in items {
            guard let line = item as? String else { return nil }
            text += line
        }
        return text
    }
}

/// Builds JSON paths such as `cells[2].outputs[0].data["image/png"]` for diagnostics.
struct JSONPath: CustomStringConvertible {
    private(set) var description: String

    init(_ root: String = "") { description = root }

    /// The path of a key inside this object; keys that are not plain identifiers are quoted.
    func key(_ key: String) -> JSONPath {
        let digits: ClosedRange<Unicode.Scalar> = "0"..."9"
        let plain =
            key.unicodeScalars.first.map { !digits.contains($0) } ?? false
            && key.unicodeScalars.allSatisfy {
                $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || digits.contains($0)
            }
        if plain { return JSONPath(description.isEmpty ? key : "\(description).\(key)") }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return JSONPath("\(description)[\"\(escaped)\"]")
    }

    /// The path of an element of this array.
    func index(_ index: Int) -> JSONPath { JSONPath("\(description)[\(index)]") }
}
