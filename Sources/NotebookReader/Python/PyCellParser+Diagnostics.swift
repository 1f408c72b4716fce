import NBCore

/// The parser's diagnostics; messages live next to the rules that emit them, help lines are shared here.
extension PyCellParser {
    static let neverRuns = "nbship reads tagged cells as Python literals and never runs code"

    func syntaxError(at token: PyToken, _ message: String, help: [String] = []) -> ParseFailure {
        ParseFailure(diagnostic: .error(NotebookDiagnosticID.syntaxError, message, at: location(token), help: help))
    }

    func unsupported(at token: PyToken, _ message: String, help: [String] = []) -> ParseFailure {
        ParseFailure(
            diagnostic: .error(
                NotebookDiagnosticID.unsupportedStatement, message, at: location(token), help: help + [Self.neverRuns]))
    }

    /// A statement that is an expression (`print(x)`, `x`, `1 + 2`) rather than an assignment.
    func expressionStatement(from start: Int) -> ParseFailure {
        let token = tokens[start]
        let text = snippet(start, statementEnd(from: start))
        return unsupported(
            at: token, "`\(text)` is not an assignment; a tagged cell may only assign literal values to names",
            help: ["move this code to an untagged cell"])
    }

    /// A value that is not a literal: the element starting at token `start` is quoted, `offending` is located.
    ///
    /// When the element is plain arithmetic on numbers (`np.log(3)`, `1 / 3`), the help line shows the value
    /// to write instead; the assignment itself still gets no value.
    func notLiteral(from start: Int, offending: PyToken, reason: String? = nil) -> ParseFailure {
        let end = elementEnd(from: start)
        let text = snippet(start, end)
        var message = "`\(text)` is not a literal"
        if let reason { message += ": \(reason)" }
        var help: [String] = []
        let suggestion = end > start ? PyHintEvaluator.evaluate(tokens[start..<end]) : nil
        if let suggestion {
            if let target, target.valueStart == start, isStatementEnd(tokens[end]) {
                help.append("write the value as a literal, e.g. `\(target.name) = \(suggestion)`")
            } else {
                help.append("write the value as a literal, e.g. `\(suggestion)`")
            }
        } else {
            help.append(
                "write the value as a literal: a number, a string, True, False, None, or a list, tuple or dict of them")
        }
        help.append(Self.neverRuns)
        return ParseFailure(
            diagnostic: .error(NotebookDiagnosticID.literalExpected, message, at: location(offending), help: help))
    }

    /// The index after the element starting at `start`: the next `,`, `:`, `=`, closing bracket or line end
    /// outside the element's own brackets.
    func elementEnd(from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < tokens.count - 1 {
            let token = tokens[index]
            if isStatementEnd(token) { break }
            if token.kind == .op {
                switch token.text {
                case "(", "[", "{": depth += 1
                case ")", "]", "}":
                    if depth == 0 { return index }
                    depth -= 1
                case ",", ":", "=":
                    if depth == 0 { return index }
                default: break
                }
            }
            index += 1
        }
        return index
    }

    /// The source text of tokens `start..<end`, on one line, shortened to about 60 characters.
    func snippet(_ start: Int, _ end: Int) -> String {
        guard start < end, end <= tokens.count else { return "" }
        let from = tokens[start].start
        let to = max(from, tokens[end - 1].end)
        var text = ""
        var lastWasSpace = false
        for scalar in source[from..<to] {
            let isSpace = scalar == "\n" || scalar == " " || scalar == "\t"
            if isSpace && lastWasSpace { continue }
            text.unicodeScalars.append(isSpace ? " " : scalar)
            lastWasSpace = isSpace
        }
        if text.count > 60 { text = String(text.prefix(57)) + "..." }
        return text
    }
}
