import Foundation
import NBCore

/// Parses notebook bytes with `JSONSerialization` and turns a syntax error into a located diagnostic.
enum JSONDocument {
    /// The top-level JSON value, or a `notebook.invalid-json` diagnostic.
    static func parse(_ data: Data, file: String) -> Result<Any, DiagnosticError> {
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .failure(
                DiagnosticError(
                    .error(
                        NotebookDiagnosticID.invalidJSON, "the notebook file is empty", at: SourceLocation(file: file),
                        help: ["a notebook is a JSON file; open and save it in Jupyter to recreate it"])))
        }
        do {
            return .success(try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
        } catch {
            return .failure(DiagnosticError(syntaxError(error, data: data, file: file)))
        }
    }

    /// A diagnostic for a `JSONSerialization` failure, located at the line and column it names.
    ///
    /// Foundation reports "... around character N." (a 0-based byte offset) or "Unexpected end of file"; the
    /// offset is turned into a 1-based line and a column counted in Unicode scalars.
    static func syntaxError(_ error: Error, data: Data, file: String) -> Diagnostic {
        let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        var offset: Int?
        var location = SourceLocation(file: file)
        if let range = detail.range(of: #"around (line \d+, column \d+|character \d+)"#, options: .regularExpression) {
            let numbers = detail[range].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            if numbers.count == 1 {
                offset = numbers[0]
            } else if numbers.count == 2 {
                location.line = numbers[0]
                location.column = numbers[1]
            }
        } else if detail.localizedCaseInsensitiveContains("end of file") {
            offset = data.count
        }
        if let offset {
            let (line, column) = lineAndColumn(ofByte: min(offset, data.count), in: data)
            location.line = line
            location.column = column
        }
        var reason = detail.hasSuffix(".") ? String(detail.dropLast()) : detail
        if let range = reason.range(of: #"\s*around (line \d+, column \d+|character \d+)"#, options: .regularExpression)
        {
            reason.removeSubrange(range)  // the location is in the diagnostic's position instead
        }
        return .error(
            NotebookDiagnosticID.invalidJSON, "the notebook is not valid JSON: \(reason.lowercasedFirst)",
            at: location,
            help: [
                "a notebook is a JSON file; it may have been truncated or edited by hand",
                "open it in Jupyter (which can repair some files) or restore it from version control",
            ])
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    static func lineAndColumn(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = data.startIndex
        let end = data.index(data.startIndex, offsetBy: offset)
        var index = data.startIndex
        while index < end {
            if data[index] == 0x0A {
                line += 1
                lineStart = data.index(after: index)
            }
            index = data.index(after: index)
        }
        // Count scalars, not bytes: continuation bytes (10xxxxxx) do not start a character.
        let column = data[lineStart..<end].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return (line, column)
    }
}

extension String {
    /// The string with its first character lowercased ("Invalid value" -> "invalid value").
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
