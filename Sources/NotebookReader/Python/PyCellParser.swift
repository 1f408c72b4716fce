import NBCore

/// Thrown inside the parser to abandon a statement; the diagnostic is nil when the tokenizer already
/// reported the problem.
struct ParseFailure: Error {
    var diagnostic: Diagnostic?
}

/// Recursive-descent parser for the statements of a tagged cell (see ``PythonLiteralParser``).
///
/// Each top-level statement is parsed on its own; after an error the parser skips to the next logical line
/// (and past any indented block under it) so that every problem of the cell is reported.
struct PyCellParser {
    let tokens: [PyToken]
    let source: [Unicode.Scalar]
    let file: String
    let cell: Int
    /// Comments after code, by line; full-line comments outside brackets, by line.
    let trailingComments: [Int: PyComment]
    let fullLineComments: [Int: PyComment]
    var position = 0
    var diagnostics: [Diagnostic] = []
    var assignments: [PyAssignment] = []
    /// The assignment being parsed (for hints such as "e.g. `alpha = 1.5`") and where its value starts.
    var target: (name: String, valueStart: Int)?

    init(tokenizer: PyTokenizer) {
        tokens = tokenizer.tokens
        source = tokenizer.scalars
        file = tokenizer.file
        cell = tokenizer.cell
        var trailing: [Int: PyComment] = [:]
        var fullLine: [Int: PyComment] = [:]
        for comment in tokenizer.comments {
            if !comment.fullLine {
                trailing[comment.line] = comment
            } else if comment.topLevel {
                fullLine[comment.line] = comment
            }
        }
        trailingComments = trailing
        fullLineComments = fullLine
    }

    // MARK: Token access

    var current: PyToken { tokens[position] }

    func peek(_ offset: Int = 1) -> PyToken { tokens[min(position + offset, tokens.count - 1)] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func isStatementEnd(_ token: PyToken) -> Bool {
        token.kind == .newline || token.kind == .end || token.isOp(";")
    }

    func location(_ token: PyToken) -> SourceLocation {
        SourceLocation(file: file, cell: cell, line: token.line, column: token.column)
    }

    // MARK: Statements

    /// Parses every statement of the cell.
    mutating func parseCell() {
        while current.kind != .end {
            if current.kind == .newline || current.isOp(";") {
                advance()
                continue
            }
            if current.startsLine && current.indented {
                diagnostics.append(
                    .error(
                        NotebookDiagnosticID.syntaxError, "unexpected indentation", at: location(current),
                        help: ["statements in a tagged cell start at the beginning of the line"]))
                skipStatement()
                skipIndentedLines()
                continue
            }
            do {
                try parseStatement()
            } catch {
                if let diagnostic = error.diagnostic { diagnostics.append(diagnostic) }
                skipStatement()
                skipIndentedLines()
            }
        }
    }

    /// Skips to the end of the logical line, past its newline.
    mutating func skipStatement() {
        skipToStatementEnd()
        if current.kind == .newline || current.isOp(";") { advance() }
    }

    /// Consumes the `;` or newline that ends a statement parsed completely.
    mutating func finishStatement() {
        if current.kind == .newline || current.isOp(";") { advance() }
    }

    /// Skips to the end of the statement, leaving the newline (or `;`) as the current token.
    mutating func skipToStatementEnd() {
        while tokens[position].kind != .newline && tokens[position].kind != .end { position += 1 }
    }

    /// Skips the indented lines of a block whose header was refused (`for ...:`, `def ...:`).
    mutating func skipIndentedLines() {
        while current.startsLine && current.indented && current.kind != .end { skipStatement() }
    }

    private mutating func parseStatement() throws(ParseFailure) {
        let first = current
        switch first.kind {
        case .invalid:
            throw ParseFailure(diagnostic: nil)
        case .magic:
            throw unsupported(
                at: first, "`\(first.text.trimmingCharactersInWhitespace)` is an IPython magic or shell command",
                help: ["move it to an untagged cell"])
        case .string:
            // A docstring or any other bare string: harmless, skipped.
            let start = position
            _ = try parseValue(depth: 0)
            guard isStatementEnd(current) else { throw expressionStatement(from: start) }
            finishStatement()
        case .name where first.text == "import" || first.text == "from":
            while !isStatementEnd(current) { advance() }
            finishStatement()
        case .name where first.text == "pass":
            advance()
            guard isStatementEnd(current) else {
                throw syntaxError(at: current, "expected the end of the line after `pass`")
            }
            finishStatement()
        case .name where !pythonKeywords.contains(first.text):
            try parseNameStatement()
        case .name:
            throw unsupported(
                at: first, "`\(first.text)` statements are code, which nbship does not run",
                help: ["move this code to an untagged cell"])
        case .number, .newline, .end:
            throw expressionStatement(from: position)
        case .op where ["(", "[", "{", "-", "+", "~", "..."].contains(first.text):
            throw expressionStatement(from: position)
        case .op:
            throw syntaxError(at: first, "invalid syntax: a statement cannot start with `\(first.text)`")
        }
    }

    /// A statement that starts with a name: an assignment, or something nbship refuses.
    private mutating func parseNameStatement() throws(ParseFailure) {
        let name = current
        let next = peek()
        if next.isOp("=") || next.isOp(":") {
            try parseAssignment()
            return
        }
        if next.kind == .op, next.text.count >= 2, next.text.hasSuffix("="),
            !["==", "!=", "<=", ">="].contains(next.text)
        {
            throw unsupported(
                at: next, "`\(name.text) \(next.text) ...` changes a value at run time",
                help: ["assign the final value as a literal, e.g. `\(name.text) = 2.0`"])
        }
        if statementAssigns(from: position) {
            if next.isOp(",") {
                throw unsupported(
                    at: name, "tuple unpacking (`\(name.text), ... = ...`) is not supported in a tagged cell",
                    help: ["assign each name on its own line, e.g. `\(name.text) = 1.0`"])
            }
            throw unsupported(
                at: name, "only plain names can be assigned in a tagged cell, not `\(targetText(from: position))`",
                help: ["assign the value to a plain name, e.g. `\(name.text)_value = 1.0`"])
        }
        throw expressionStatement(from: position)
    }

    /// `name = value` or `name: annotation = value`, with its comment.
    private mutating func parseAssignment() throws(ParseFailure) {
        let name = current
        advance()
        var annotation: String?
        if current.isOp(":") {
            advance()
            annotation = try parseAnnotation(after: name)
        }
        let equals = current
        advance()
        if let chained = secondEquals(from: position) {
            throw unsupported(
                at: chained, "chained assignment (`a = b = value`) is not supported in a tagged cell",
                help: ["assign each name on its own line"])
        }
        guard !isStatementEnd(current) else { throw syntaxError(at: equals, "expected a value after `=`") }
        target = (name.text, position)
        defer { target = nil }
        var value: PyLiteral?
        do throws(ParseFailure) {
            value = try parseRightHandSide()
            if !isStatementEnd(current) { throw syntaxError(at: current, "unexpected `\(current.text)`") }
        } catch {
            if let diagnostic = error.diagnostic { diagnostics.append(diagnostic) }
            value = nil  // never a partial or guessed value
            skipToStatementEnd()
        }
        let last = tokens[max(position - 1, 0)]
        assignments.append(
            PyAssignment(
                name: name.text, annotation: annotation, value: value, comment: comment(first: name, last: last),
                location: location(name)))
        finishStatement()
    }

    /// The annotation text as written, up to the `=`.
    private mutating func parseAnnotation(after name: PyToken) throws(ParseFailure) -> String {
        let start = position
        var depth = 0
        while current.kind != .end && !(depth == 0 && (current.isOp("=") || isStatementEnd(current))) {
            if current.kind == .op, ["(", "[", "{"].contains(current.text) { depth += 1 }
            if current.kind == .op, [")", "]", "}"].contains(current.text) { depth -= 1 }
            advance()
        }
        guard position > start else { throw syntaxError(at: current, "expected a type annotation after `:`") }
        guard current.isOp("=") else {
            throw unsupported(
                at: name, "`\(name.text)` is annotated but has no value",
                help: ["give it a value, e.g. `\(name.text): \(snippet(start, position)) = ...`"])
        }
        return snippet(start, position)
    }

    /// `value` or a bare tuple `1, 2,`.
    private mutating func parseRightHandSide() throws(ParseFailure) -> PyLiteral {
        let first = try parseValue(depth: 0)
        guard current.isOp(",") else { return first }
        var items = [first]
        while current.isOp(",") {
            advance()
            if isStatementEnd(current) { break }
            items.append(try parseValue(depth: 1))
        }
        return PyLiteral(.tuple(items), at: first.location)
    }

    // MARK: Comments

    /// The trailing comment on the statement's last line, else the full-line comments directly above it.
    func comment(first: PyToken, last: PyToken) -> String? {
        if let trailing = trailingComments[last.endLine] { return trailing.text }
        var lines: [String] = []
        var line = first.line - 1
        while let comment = fullLineComments[line] {
            lines.append(comment.text)
            line -= 1
        }
        let text = lines.reversed().joined(separator: "\n").trimmingCharactersInWhitespace
        return text.isEmpty ? nil : text
    }

    // MARK: Scanning ahead

    /// The index of the token that ends the statement starting at `start` (a newline, `;` or the end).
    func statementEnd(from start: Int) -> Int {
        var index = start
        while index < tokens.count - 1, !isStatementEnd(tokens[index]) { index += 1 }
        return index
    }

    /// Whether the statement has an `=` outside brackets (an assignment to something other than a name).
    func statementAssigns(from start: Int) -> Bool {
        equalsSigns(from: start).first != nil
    }

    /// A second `=` outside brackets in the right-hand side (`a = b = 1`).
    func secondEquals(from start: Int) -> PyToken? {
        equalsSigns(from: start).first
    }

    /// The text of an assignment target, up to its `=`.
    private func targetText(from start: Int) -> String {
        let text = snippet(start, statementEnd(from: start))
        return String(text.prefix { $0 != "=" }).trimmingCharactersInWhitespace
    }

    private func equalsSigns(from start: Int) -> [PyToken] {
        var depth = 0
        var found: [PyToken] = []
        for token in tokens[start..<statementEnd(from: start)] where token.kind == .op {
            switch token.text {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "=" where depth == 0: found.append(token)
            default: break
            }
        }
        return found
    }
}
