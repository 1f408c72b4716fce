import Foundation

/// A JSON or UBJSON value as XGBoost writes its models. Numbers keep what is needed to read them exactly:
/// JSON numbers are read by Foundation as doubles (a decimal of at most 15 significant digits round-trips through
/// a double, so `float` re-reads XGBoost's shortest float32 decimal without double rounding); UBJSON numbers
/// keep their binary type.
enum TreeJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Float)
    case double(Double)
    case string(String)
    case array([TreeJSON])
    case object([String: TreeJSON])

    subscript(key: String) -> TreeJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var object: [String: TreeJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var array: [TreeJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// An integer, also from a string of digits (XGBoost writes many counts as strings).
    var int: Int? {
        switch self {
        case .int(let value): return Int(exactly: value)
        case .double(let value): return Int(exactly: value)
        case .float(let value): return Int(exactly: value)
        case .bool(let value): return value ? 1 : 0
        case .string(let text): return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// The value as float32, read the way XGBoost reads it: from the written decimal, rounded once.
    var float: Float? {
        switch self {
        case .float(let value): return value
        case .double(let value): return value.isFinite ? Float(value.description) : Float(value)
        case .int(let value): return Float(String(value))
        case .string(let text): return Float(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A short name of the value's kind for messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .float, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension TreeJSON: Decodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Numbers come first: they are most of an XGBoost model, and a failed attempt costs an error.
    init(from decoder: any Decoder) throws {
        if let container = try? decoder.singleValueContainer() {
            if container.decodeNil() {
                self = .null
                return
            }
            if let number = try? container.decode(Double.self) {
                self = .double(number)
                return
            }
            if let text = try? container.decode(String.self) {
                self = .string(text)
                return
            }
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
                return
            }
        }
        if var items = try? decoder.unkeyedContainer() {
            var values: [TreeJSON] = []
            if let count = items.count { values.reserveCapacity(count) }
            while !items.isAtEnd { values.append(try items.decode(TreeJSON.self)) }
            self = .array(values)
            return
        }
        let members = try decoder.container(keyedBy: Key.self)
        var values: [String: TreeJSON] = [:]
        for key in members.allKeys { values[key.stringValue] = try members.decode(TreeJSON.self, forKey: key) }
        self = .object(values)
    }
}

/// Why a JSON or UBJSON document could not be read.
struct TreeJSONError: Error, Sendable {
    var message: String
    /// The byte offset where reading stopped, when known.
    var offset: Int?
}

extension TreeJSON {
    /// Parses JSON text with Foundation's JSONDecoder (a typed decode: several times faster on Linux than
    /// JSONSerialization's `Any` tree, whose dynamic casts cost microseconds per number).
    static func parseJSON(_ data: Data, maxDepth: Int) throws(TreeJSONError) -> TreeJSON {
        do {
            let value = try JSONDecoder().decode(TreeJSON.self, from: data)
            guard value.depth <= maxDepth else { throw TreeJSONError(message: "nested deeper than \(maxDepth) levels") }
            return value
        } catch let error as TreeJSONError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            // JSONDecoder says only "not valid JSON"; JSONSerialization says what and where (error path only).
            var detail = context.debugDescription
            do {
                _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } catch {
                detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? detail
            }
            throw TreeJSONError(message: detail)
        } catch {
            throw TreeJSONError(message: "not valid JSON (\(error))")
        }
    }

    /// How deeply arrays and objects nest.
    var depth: Int {
        switch self {
        case .array(let items): 1 + (items.lazy.map(\.depth).max() ?? 0)
        case .object(let members): 1 + (members.values.lazy.map(\.depth).max() ?? 0)
        default: 0
        }
    }

    /// Parses Universal Binary JSON (draft 12, as XGBoost writes `.ubj` models): big-endian numbers, strongly
    /// typed and counted containers.
    static func parseUBJSON(_ data: Data, maxDepth: Int) throws(TreeJSONError) -> TreeJSON {
        var reader = UBJSONReader(bytes: [UInt8](data), maxDepth: maxDepth)
        let value = try reader.value(depth: 0)
        guard reader.offset == reader.bytes.count else {
            throw TreeJSONError(message: "extra bytes after the top-level value", offset: reader.offset)
        }
        return value
    }
}

private struct UBJSONReader {
    let bytes: [UInt8]
    let maxDepth: Int
    var offset = 0

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func fail(_ message: String) -> TreeJSONError { TreeJSONError(message: message, offset: offset) }

    mutating func byte() throws(TreeJSONError) -> UInt8 {
        guard offset < bytes.count else { throw fail("the file ends in the middle of a value") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func bigEndian(_ count: Int) throws(TreeJSONError) -> UInt64 {
        guard count <= bytes.count - offset else { throw fail("the file ends in the middle of a number") }
        var value: UInt64 = 0
        for index in 0..<count { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += count
        return value
    }

    mutating func integer(marker: UInt8) throws(TreeJSONError) -> Int64 {
        switch marker {
        case UInt8(ascii: "i"): return Int64(Int8(bitPattern: UInt8(try bigEndian(1))))
        case UInt8(ascii: "U"): return Int64(try bigEndian(1))
        case UInt8(ascii: "I"): return Int64(Int16(bitPattern: UInt16(try bigEndian(2))))
        case UInt8(ascii: "l"): return Int64(Int32(bitPattern: UInt32(try bigEndian(4))))
        case UInt8(ascii: "L"): return Int64(bitPattern: try bigEndian(8))
        default: throw fail("expected an integer marker, found \(describe(marker))")
        }
    }

    mutating func count() throws(TreeJSONError) -> Int {
        let value = try integer(marker: try byte())
        // Every counted item takes at least one byte, so a count beyond the rest of the file is corrupt.
        guard value >= 0, value <= Int64(bytes.count - offset) else {
            throw fail("a length of \(value) does not fit in the file")
        }
        return Int(value)
    }

    mutating func text() throws(TreeJSONError) -> String {
        let length = try count()
        guard length <= bytes.count - offset else { throw fail("a string runs past the end of the file") }
        let slice = bytes[offset..<offset + length]
        offset += length
        guard let string = String(validating: slice, as: UTF8.self) else { throw fail("a string is not UTF-8") }
        return string
    }

    func describe(_ marker: UInt8) -> String {
        (0x21...0x7e).contains(marker) ? "'\(Character(UnicodeScalar(marker)))'" : "byte 0x\(String(marker, radix: 16))"
    }

    mutating func value(depth: Int) throws(TreeJSONError) -> TreeJSON {
        var marker = try byte()
        while marker == UInt8(ascii: "N") { marker = try byte() }
        return try value(marker: marker, depth: depth)
    }

    mutating func value(marker: UInt8, depth: Int) throws(TreeJSONError) -> TreeJSON {
        switch marker {
        case UInt8(ascii: "Z"): return .null
        case UInt8(ascii: "T"): return .bool(true)
        case UInt8(ascii: "F"): return .bool(false)
        case UInt8(ascii: "i"), UInt8(ascii: "U"), UInt8(ascii: "I"), UInt8(ascii: "l"), UInt8(ascii: "L"):
            return .int(try integer(marker: marker))
        case UInt8(ascii: "d"): return .float(Float(bitPattern: UInt32(try bigEndian(4))))
        case UInt8(ascii: "D"): return .double(Double(bitPattern: try bigEndian(8)))
        case UInt8(ascii: "C"): return .string(String(UnicodeScalar(try byte())))
        case UInt8(ascii: "S"), UInt8(ascii: "H"): return .string(try text())
        case UInt8(ascii: "["): return try container(depth: depth, isObject: false)
        case UInt8(ascii: "{"): return try container(depth: depth, isObject: true)
        default: throw TreeJSONError(message: "unknown UBJSON marker \(describe(marker))", offset: offset - 1)
        }
    }

    mutating func container(depth: Int, isObject: Bool) throws(TreeJSONError) -> TreeJSON {
        guard depth < maxDepth else { throw fail("nested deeper than \(maxDepth) levels") }
        var type: UInt8?
        var length: Int?
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "$") {
            offset += 1
            type = try byte()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "#") else {
                throw fail("a typed container without a count")
            }
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "#") {
            offset += 1
            length = try count()
        }
        var items: [TreeJSON] = []
        var members: [String: TreeJSON] = [:]
        var index = 0
        while true {
            if let length {
                if index == length { break }
            } else {
                guard offset < bytes.count else { throw fail("a container is not closed") }
                if bytes[offset] == UInt8(ascii: isObject ? "}" : "]") {
                    offset += 1
                    break
                }
                if bytes[offset] == UInt8(ascii: "N") {
                    offset += 1
                    continue
                }
            }
            let key = isObject ? try text() : ""
            let item: TreeJSON
            if let type { item = try value(marker: type, depth: depth + 1) } else { item = try value(depth: depth + 1) }
            if isObject { members[key] = item } else { items.append(item) }
            index += 1
        }
        return isObject ? .object(members) : .array(items)
    }
}
