import NBCore

/// String literals: every quote style, prefixes and escapes.
extension PyTokenizer {
    /// Scans a string whose quote is at `index`; `start` is where its prefix began.
    mutating func scanString(prefix: String, start: Int) {
        let startLine = line
        let startColumn = column(of: start)
        let quote = scalars[index]
        let triple = index + 2 < scalars.count && scalars[index + 1] == quote && scalars[index + 2] == quote
        index += triple ? 3 : 1
        let raw = prefix.contains("r")
        let kind: PyString.Kind =
            prefix.contains("b") ? .bytes : (prefix.contains("f") || prefix.contains("t")) ? .formatted : .text
        // f-strings are only skipped over, so their escapes are not decoded (nor reported).
        let decode = !raw && kind == .text
        var value = String.UnicodeScalarView()
        var valid = true
        while true {
            guard index < scalars.count, triple || scalars[index] != "\n" else {
                let what = triple ? "triple-quoted string" : "string"
                diagnostics.append(
                    .error(
                        NotebookDiagnosticID.unterminatedString, "unterminated \(what) literal",
                        at: location(line: startLine, column: startColumn),
                        help: [
                            triple
                                ? "close it with \(String(repeating: String(quote), count: 3))"
                                : "close it with \(quote) on the same line, or use triple quotes for several lines"
                        ]))
                emit(.invalid, text: "", from: start, line: startLine, startColumn: startColumn)
                return
            }
            let scalar = scalars[index]
            if scalar == quote {
                if !triple {
                    index += 1
                    break
                }
                if index + 2 < scalars.count, scalars[index + 1] == quote, scalars[index + 2] == quote {
                    index += 3
                    break
                }
            }
            if scalar == "\\", index + 1 < scalars.count {
                if decode {
                    valid = decodeEscape(into: &value) && valid
                } else {
                    // Raw strings keep the backslash and the character after it (which may be a quote).
                    value.append(scalar)
                    value.append(scalars[index + 1])
                    if scalars[index + 1] == "\n" {
                        index += 2
                        newLine()
                    } else {
                        index += 2
                    }
                }
                continue
            }
            value.append(scalar)
            index += 1
            if scalar == "\n" { newLine() }
        }
        var token = PyToken(
            kind: .string, text: "", start: start, end: index, line: startLine, column: startColumn, endLine: line)
        token.string = PyString(kind: kind, value: String(value), valid: valid)
        append(token)
    }

    /// Appends a token whose position was computed by the caller.
    private mutating func append(_ token: PyToken) {
        var token = token
        token.startsLine = !lineHasTokens
        token.indented = !lineHasTokens && lineIndented
        lineHasTokens = true
        lastTokenLine = line
        tokens.append(token)
    }

    /// Decodes the escape sequence at `index` (a backslash); returns false after reporting an error.
    private mutating func decodeEscape(into value: inout String.UnicodeScalarView) -> Bool {
        let escapeColumn = column(of: index)
        let next = scalars[index + 1]
        index += 2
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "\\": "\\", "'": "'", "\"": "\"", "a": "\u{07}", "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r",
            "t": "\t", "v": "\u{0B}",
        ]
        if let decoded = simple[next] {
            value.append(decoded)
            return true
        }
        switch next {
        case "\n":
            newLine()  // backslash-newline inside a string continues it without a newline
            return true
        case "0"..."7":
            var code = next.value - 48
            var digits = 1
            while digits < 3, index < scalars.count, ("0"..."7").contains(scalars[index]) {
                code = code * 8 + scalars[index].value - 48
                index += 1
                digits += 1
            }
            value.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            return true
        case "x", "u", "U":
            let width = next == "x" ? 2 : next == "u" ? 4 : 8
            var code: UInt32 = 0
            for offset in 0..<width {
                guard index + offset < scalars.count, let digit = hexValue(scalars[index + offset]) else {
                    return escapeError(
                        NotebookDiagnosticID.syntaxError,
                        "truncated `\\\(next)` escape: it needs exactly \(width) hexadecimal digits",
                        column: escapeColumn)
                }
                code = code &* 16 &+ digit
            }
            index += width
            guard let decoded = Unicode.Scalar(code) else {
                return escapeError(
                    NotebookDiagnosticID.unsupportedEscape,
                    "`\\\(next)\(String(code, radix: 16))` is not a Unicode scalar (surrogates cannot be represented)",
                    column: escapeColumn)
            }
            value.append(decoded)
            return true
        case "N":
            var end = index
            while end < scalars.count, scalars[end] != "}", scalars[end] != "\n" { end += 1 }
            let name =
                end < scalars.count && scalars[end] == "}" && index < end
                ? String(String.UnicodeScalarView(scalars[(index + 1)..<end])) : ""
            if end < scalars.count, scalars[end] == "}" { index = end + 1 }
            diagnostics.append(
                .error(
                    NotebookDiagnosticID.unsupportedEscape,
                    "named Unicode escapes such as `\\N{\(name)}` are not supported",
                    at: location(line: line, column: escapeColumn),
                    help: [
                        "write the character itself, or use a `\\u` escape with its code point, e.g. `\\u00e9` for é"
                    ]))
            return false
        default:
            value.append("\\")
            value.append(next)
            diagnostics.append(
                .warning(
                    NotebookDiagnosticID.invalidEscape,
                    "`\\\(next)` is not a Python escape sequence; the backslash is kept, as Python does",
                    at: location(line: line, column: escapeColumn),
                    help: ["write `\\\\` for a backslash, or use a raw string such as r\"...\""]))
            return true
        }
    }

    private mutating func escapeError(_ id: String, _ message: String, column: Int) -> Bool {
        diagnostics.append(.error(id, message, at: location(line: line, column: column)))
        return false
    }

    private func hexValue(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": scalar.value - 48
        case "a"..."f": scalar.value - 87
        case "A"..."F": scalar.value - 55
        default: nil
        }
    }
}
