import NBCore

/// Splits a cell's Python source into tokens, following Python's lexical rules for the parts a literal cell
/// can contain: logical lines (newlines inside brackets and after `\` do not end a statement), indentation at
/// the start of a line, comments, names, numbers, strings and operators.
///
/// Problems the tokenizer can see alone (an unterminated string, a bad escape, an invalid character, a
/// malformed number) are reported here; the token is then `.invalid` or marked not valid so the parser skips
/// the statement without reporting it again.
struct PyTokenizer {
    let scalars: [Unicode.Scalar]
    let file: String
    let cell: Int
    var index = 0
    var line = 1
    var lineStart = 0
    var tokens: [PyToken] = []
    var comments: [PyComment] = []
    var diagnostics: [Diagnostic] = []
    /// Open brackets, innermost last.
    var brackets: [Unicode.Scalar] = []
    /// Whether the current logical line has a token yet, and whether it was indented.
    var lineHasTokens = false
    var lineIndented = false
    /// The last line that holds part of a token (to tell trailing comments from full-line ones).
    var lastTokenLine = 0

    init(source: String, file: String, cell: Int) {
        // Python reads \r\n and \r as \n; columns do not change because \r only ever precedes a newline.
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(source.unicodeScalars.count)
        var previousWasCR = false
        for scalar in source.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            scalars.append(scalar)
        }
        self.scalars = scalars
        self.file = file
        self.cell = cell
    }

    /// Tokenizes the whole cell; the last token is always `.end`.
    mutating func run() {
        var atLineStart = true
        while true {
            if atLineStart {
                atLineStart = false
                let start = index
                while index < scalars.count,
                    scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\u{0C}"
                {
                    index += 1
                }
                lineIndented = index > start
                if index < scalars.count, scalars[index] == "%" || scalars[index] == "!" { scanMagic() }
            }
            guard index < scalars.count else { break }
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\u{0C}":
                index += 1
            case "\n":
                index += 1
                newLine()
                if brackets.isEmpty {
                    endLogicalLine()
                    atLineStart = true
                }
            case "#":
                scanComment()
            case "\\":
                if index + 1 < scalars.count, scalars[index + 1] == "\n" {
                    index += 2
                    newLine()
                } else {
                    invalid(length: 1, "unexpected character after the line continuation character `\\`")
                }
            case "'", "\"":
                scanString(prefix: "", start: index)
            default:
                if isDigit(scalar) || (scalar == "." && index + 1 < scalars.count && isDigit(scalars[index + 1])) {
                    scanNumber()
                } else if isNameStart(scalar) {
                    scanName()
                } else {
                    scanOperator()
                }
            }
        }
        endLogicalLine()
        emit(.end, text: "", from: index)
    }

    // MARK: Emitting

    /// The 1-based column of a scalar offset on the current line.
    func column(of offset: Int) -> Int { offset - lineStart + 1 }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, cell: cell, line: line, column: column)
    }

    mutating func newLine() {
        line += 1
        lineStart = index
    }

    mutating func endLogicalLine() {
        if lineHasTokens { emit(.newline, text: "", from: index) }
        lineHasTokens = false
    }

    /// Appends a token that starts at `start` (on `startLine`, default the current line) and ends at `index`.
    mutating func emit(
        _ kind: PyToken.Kind, text: String, from start: Int, line startLine: Int? = nil, startColumn: Int? = nil
    ) {
        var token = PyToken(
            kind: kind, text: text, start: start, end: index, line: startLine ?? line,
            column: startColumn ?? column(of: start), endLine: line)
        if kind != .newline && kind != .end {
            token.startsLine = !lineHasTokens
            token.indented = !lineHasTokens && lineIndented
            lineHasTokens = true
            lastTokenLine = line
        }
        tokens.append(token)
    }

    /// Reports a syntax error for `length` scalars at `index` and emits an `.invalid` token over them.
    mutating func invalid(length: Int, _ message: String, help: [String] = []) {
        diagnostics.append(
            .error(
                NotebookDiagnosticID.syntaxError, message, at: location(line: line, column: column(of: index)),
                help: help))
        let start = index
        index = min(index + length, scalars.count)
        emit(.invalid, text: "", from: start)
    }

    // MARK: Simple tokens

    private mutating func scanMagic() {
        let start = index
        while index < scalars.count, scalars[index] != "\n" { index += 1 }
        emit(.magic, text: String(String.UnicodeScalarView(scalars[start..<index])), from: start)
    }

    private mutating func scanComment() {
        let start = index
        while index < scalars.count, scalars[index] != "\n" { index += 1 }
        let text = String(String.UnicodeScalarView(scalars[(start + 1)..<index]))
        comments.append(
            PyComment(
                line: line, column: column(of: start), text: text.trimmingCharactersInWhitespace,
                fullLine: lastTokenLine != line, topLevel: brackets.isEmpty))
    }

    private mutating func scanName() {
        let start = index
        while index < scalars.count, isNameContinuation(scalars[index]) { index += 1 }
        let name = String(String.UnicodeScalarView(scalars[start..<index]))
        if index < scalars.count, scalars[index] == "'" || scalars[index] == "\"",
            Self.stringPrefixes.contains(name.lowercased())
        {
            scanString(prefix: name.lowercased(), start: start)
            return
        }
        emit(.name, text: name, from: start)
    }

    static let stringPrefixes: Set<String> = ["r", "u", "b", "br", "rb", "f", "fr", "rf", "t", "tr", "rt"]

    /// Multi-character operators by their first character, longest first.
    private static let operators: [Unicode.Scalar: [[Unicode.Scalar]]] = Dictionary(
        grouping: [
            "**=", "//=", ">>=", "<<=", "...", "**", "//", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=", "/=", "%=",
            "&=", "|=", "^=", "@=", ":=", "<<", ">>",
        ].map { Array($0.unicodeScalars) },
        by: { $0[0] })
    private static let singleOperators: Set<Unicode.Scalar> = [
        "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".",
        "=",
    ]

    private mutating func scanOperator() {
        let start = index
        for op in Self.operators[scalars[index]] ?? [] where index + op.count <= scalars.count {
            if op.indices.allSatisfy({ scalars[index + $0] == op[$0] }) {
                index += op.count
                emit(.op, text: String(String.UnicodeScalarView(op)), from: start)
                return
            }
        }
        let scalar = scalars[index]
        guard Self.singleOperators.contains(scalar) else {
            let name = scalar.properties.name.map { " (\($0))" } ?? ""
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            let shown = scalar.properties.isWhitespace || scalar.value < 0x20 ? code + name : "`\(scalar)`"
            invalid(length: 1, "invalid character \(shown) in Python source")
            return
        }
        switch scalar {
        case "(", "[", "{": brackets.append(scalar)
        case ")", "]", "}": _ = brackets.popLast()
        default: break
        }
        index += 1
        emit(.op, text: String(scalar), from: start)
    }

    func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Python identifiers: `_` and XID_Start, then XID_Continue (ASCII checked first, for speed).
    func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        return scalar.properties.isXIDStart
    }

    func isNameContinuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isNameStart(scalar) || isDigit(scalar) }
        return scalar.properties.isXIDContinue
    }
}

extension String {
    /// The string without leading and trailing whitespace (including newlines).
    var trimmingCharactersInWhitespace: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }

    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
