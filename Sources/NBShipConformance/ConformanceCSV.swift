import Foundation
import NBShipApp

/// The small CSV dialect of the conformance corpus: comma-separated, first line the header, RFC 4180 quoting.
///
/// Cells are kept exactly as written (no trimming): the corpus has values with meaningful blanks
/// (`"  female"`) and a column name with a trailing blank.
public struct ConformanceCSV: Sendable, Hashable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    /// Parses CSV text. A blank line is a row with one empty cell (a missing value in a one-column file); a
    /// missing trailing newline is fine.
    public init(parsing text: String) {
        var records = Self.records(text)
        header = records.isEmpty ? [] : records.removeFirst()
        rows = records
    }

    /// The cell of `row` in `column`, or nil when the row is too short or the column does not exist.
    public func cell(_ row: Int, _ column: String) -> String? {
        guard let index = header.firstIndex(of: column), row < rows.count, index < rows[row].count else { return nil }
        return rows[row][index]
    }

    /// RFC 4180 records: quoted fields with doubled quotes, LF or CRLF line ends.
    package static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        func endRecord() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            records.append(fields)
            fields = []
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where field.isEmpty && !afterQuote:
                quoted = true
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                afterQuote = false
            case UInt8(ascii: "\n"):
                endRecord()
                afterQuote = false
            case UInt8(ascii: "\r"):
                continue
            default:
                field.append(byte)
            }
        }
        if !field.isEmpty || !fields.isEmpty || quoted || afterQuote { endRecord() }
        return records
    }

    /// CSV text with a trailing newline; fields are quoted when they hold a comma, quote, line break or an
    /// outer blank, so they read back unchanged.
    public var text: String {
        var output = ""
        for record in [header] + rows {
            output += record.map(Self.quoted).joined(separator: ",")
            output += "\n"
        }
        return output
    }

    package static func quoted(_ field: String) -> String {
        let needsQuotes =
            field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.first == " " || field.last == " " || field.first == "\t" || field.last == "\t"
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
