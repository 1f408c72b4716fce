import NBCore

/// Literal values: numbers with signs, strings, names of constants, lists, tuples and dicts.
extension PyCellParser {
    /// One value, followed by a token that may follow a value (`,`, a closing bracket, `:`, `=`, the line end).
    mutating func parseValue(depth: Int) throws(ParseFailure) -> PyLiteral {
        guard depth < PythonLiteralParser.maximumNestingDepth else {
            throw ParseFailure(
                diagnostic: .error(
                    NotebookDiagnosticID.nestingTooDeep,
                    "literals are nested more than \(PythonLiteralParser.maximumNestingDepth) levels deep",
                    at: location(current), help: ["flatten the data, or load it from a file outside the notebook"]))
        }
        let start = position
        let value = try parseSigned(depth: depth)
        try checkFollower(elementStart: start)
        return value
    }

    /// Unary `-` and `+` in front of a number.
    private mutating func parseSigned(depth: Int) throws(ParseFailure) -> PyLiteral {
        let first = current
        var negative = false
        var signs = 0
        while current.isOp("-") || current.isOp("+") {
            if current.isOp("-") { negative.toggle() }
            signs += 1
            advance()
        }
        guard signs > 0 else { return try parsePrimary(depth: depth) }
        if current.kind == .number, case .integer(let magnitude) = current.number {
            let token = current
            advance()
            let text = (negative ? "-" : "") + token.text
            return PyLiteral(
                .int(try integer(magnitude, negative: negative, at: first, text: text)), at: location(first))
        }
        let operandStart = position
        var value = try parsePrimary(depth: depth)
        value.location = location(first)
        switch value.kind {
        case .float(let number):
            value.kind = .float(negative ? -number : number)
        case .int(let number):
            guard !negative || number != Int.min else {
                throw integerTooLarge(at: first, text: snippet(operandStart - signs, position))
            }
            value.kind = .int(negative ? -number : number)
        default:
            throw notLiteral(
                from: operandStart - signs, offending: first,
                reason: "a sign can only be applied to a number, not to a \(value.typeName)")
        }
        return value
    }

    /// A 64-bit integer from a literal's magnitude and sign; `notebook.integer-too-large` otherwise.
    func integer(_ magnitude: UInt64?, negative: Bool, at token: PyToken, text: String) throws(ParseFailure) -> Int {
        let limit = UInt64(Int.max)
        if let magnitude {
            if negative, magnitude <= limit + 1 { return magnitude == limit + 1 ? Int.min : -Int(magnitude) }
            if !negative, magnitude <= limit { return Int(magnitude) }
        }
        throw integerTooLarge(at: token, text: text)
    }

    /// `notebook.integer-too-large`, suggesting the float to write for decimal integers.
    func integerTooLarge(at token: PyToken, text: String) -> ParseFailure {
        let digits = text.replacingOccurrences(of: "_", with: "")
        let decimal = digits.allSatisfy { $0.isASCIIDigit || $0 == "-" || $0 == "+" }
        let asFloat = decimal ? Double(digits).map { NumberFormat.shortest($0) } : nil
        return ParseFailure(
            diagnostic: .error(
                NotebookDiagnosticID.integerTooLarge,
                "the integer `\(text)` does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)",
                at: location(token),
                help: [asFloat.map { "write it as a float, e.g. `\($0)`" } ?? "write it as a float"]))
    }

    private mutating func parsePrimary(depth: Int) throws(ParseFailure) -> PyLiteral {
        let token = current
        switch token.kind {
        case .number:
            advance()
            switch token.number {
            case .integer(let magnitude):
                let value = try integer(magnitude, negative: false, at: token, text: token.text)
                return PyLiteral(.int(value), at: location(token))
            case .float(let value):
                return PyLiteral(.float(value), at: location(token))
            default:
                throw notLiteral(from: position - 1, offending: token, reason: "complex numbers are not supported")
            }
        case .string:
            return try parseStrings()
        case .name:
            switch token.text {
            case "True", "False":
                advance()
                return PyLiteral(.bool(token.text == "True"), at: location(token))
            case "None":
                advance()
                return PyLiteral(.none, at: location(token))
            default:
                return try parseNamed(depth: depth)
            }
        case .op:
            switch token.text {
            case "(": return try parseParenthesized(depth: depth)
            case "[": return try parseList(depth: depth)
            case "{": return try parseDict(depth: depth)
            case ")", "]", "}": throw syntaxError(at: token, "unmatched `\(token.text)`")
            case "*", "**", "...": throw notLiteral(from: position, offending: token)
            default: throw syntaxError(at: token, "expected a value, found `\(token.text)`")
            }
        case .invalid:
            throw ParseFailure(diagnostic: nil)
        case .newline, .end, .magic:
            throw syntaxError(at: token, "expected a value")
        }
    }

    /// Adjacent string literals, concatenated (also across lines inside brackets).
    private mutating func parseStrings() throws(ParseFailure) -> PyLiteral {
        let first = current
        var text = ""
        while current.kind == .string, let string = current.string {
            guard string.valid else { throw ParseFailure(diagnostic: nil) }
            switch string.kind {
            case .formatted:
                throw notLiteral(
                    from: position, offending: current,
                    reason: "f-strings are evaluated when the code runs; write the text as a plain string")
            case .bytes:
                throw notLiteral(
                    from: position, offending: current, reason: "bytes literals are not supported; use a plain string")
            case .text:
                text += string.value
            }
            advance()
        }
        return PyLiteral(.string(text), at: location(first))
    }

    /// `( )`, `(value)`, `(value,)`, `(a, b, ...)`.
    private mutating func parseParenthesized(depth: Int) throws(ParseFailure) -> PyLiteral {
        let open = current
        advance()
        if current.isOp(")") {
            advance()
            return PyLiteral(.tuple([]), at: location(open))
        }
        let first = try parseFirstElement(depth: depth + 1)
        if current.isOp(")") {
            advance()
            return first
        }
        var items = [first]
        while current.isOp(",") {
            advance()
            if current.isOp(")") { break }
            items.append(try parseValue(depth: depth + 1))
        }
        try expectClosing(")", open: open)
        return PyLiteral(.tuple(items), at: location(open))
    }

    private mutating func parseList(depth: Int) throws(ParseFailure) -> PyLiteral {
        let open = current
        advance()
        var items: [PyLiteral] = []
        while !current.isOp("]") {
            items.append(try items.isEmpty ? parseFirstElement(depth: depth + 1) : parseValue(depth: depth + 1))
            guard current.isOp(",") else { break }
            advance()
        }
        try expectClosing("]", open: open)
        return PyLiteral(.list(items), at: location(open))
    }

    private mutating func parseDict(depth: Int) throws(ParseFailure) -> PyLiteral {
        let open = current
        advance()
        var entries: [PyDictEntry] = []
        while !current.isOp("}") {
            if current.isOp("**") {
                throw notLiteral(from: position, offending: current, reason: "dict unpacking runs code")
            }
            let key = try entries.isEmpty ? parseFirstElement(depth: depth + 1) : parseValue(depth: depth + 1)
            if entries.isEmpty, current.isOp(",") || current.isOp("}") {
                throw notLiteral(
                    from: position - 1, offending: open, reason: "sets are not supported; use a list")
            }
            guard current.isOp(":") else { throw syntaxError(at: current, "expected `:` after a dict key") }
            switch key.kind {
            case .list, .dict:
                throw notLiteral(
                    from: position - 1, offending: tokenAt(key.location),
                    reason: "a \(key.typeName) cannot be a dict key")
            default: break
            }
            advance()
            let value = try parseValue(depth: depth + 1)
            entries.append(PyDictEntry(key: key, value: value))
            guard current.isOp(",") else { break }
            advance()
        }
        try expectClosing("}", open: open)
        return PyLiteral(.dict(entries), at: location(open))
    }

    /// The first element of a bracket. When it fails and turns out to be a comprehension (`[x for x in ...]`),
    /// the comprehension is reported as a whole rather than the variable `x`.
    private mutating func parseFirstElement(depth: Int) throws(ParseFailure) -> PyLiteral {
        let start = position
        do {
            return try parseValue(depth: depth)
        } catch {
            guard error.diagnostic?.id == NotebookDiagnosticID.literalExpected else { throw error }
            var nesting = 0
            for token in tokens[start..<statementEnd(from: start)] where token.kind == .op || token.text == "for" {
                if ["(", "[", "{"].contains(token.text) { nesting += 1 }
                if [")", "]", "}"].contains(token.text) { nesting -= 1 }
                if nesting < 0 { break }
                if nesting == 0, token.kind == .name {
                    throw notLiteral(
                        from: start, offending: token, reason: "comprehensions run code; write out the elements")
                }
            }
            throw error
        }
    }

    /// The token at a literal's location (for diagnostics about a literal already parsed).
    func tokenAt(_ location: SourceLocation) -> PyToken {
        tokens.last { $0.line == location.line && $0.column == location.column } ?? current
    }

    mutating func expectClosing(_ closer: String, open: PyToken) throws(ParseFailure) {
        if current.isOp(closer) {
            advance()
            return
        }
        if current.kind == .end || current.kind == .newline {
            throw syntaxError(
                at: open, "`\(open.text)` was never closed", help: ["add the missing `\(closer)`"])
        }
        if current.kind == .op, [")", "]", "}"].contains(current.text) {
            throw ParseFailure(
                diagnostic: .error(
                    NotebookDiagnosticID.syntaxError,
                    "closing `\(current.text)` does not match the opening `\(open.text)`", at: location(current),
                    notes: [.init("the `\(open.text)` is here", at: location(open))]))
        }
        throw syntaxError(at: current, "expected `,` or `\(closer)`")
    }

    /// After a value: anything but a separator, a closing bracket or the line end makes it an expression.
    private func checkFollower(elementStart: Int) throws(ParseFailure) {
        let next = current
        switch next.kind {
        case .newline, .end:
            return
        case .invalid:
            throw ParseFailure(diagnostic: nil)
        case .op where [",", ")", "]", "}", ":", "=", ";"].contains(next.text):
            return
        case .name where next.text == "for":
            throw notLiteral(
                from: elementStart, offending: next, reason: "comprehensions run code; write out the elements")
        case .name where ["and", "or", "not", "in", "is", "if", "else"].contains(next.text):
            throw notLiteral(from: elementStart, offending: next, reason: "it uses `\(next.text)`")
        case .name, .number, .string, .magic:
            throw syntaxError(at: next, "invalid syntax; perhaps a comma is missing before this?")
        case .op:
            let reason =
                next.text == "("
                ? "it calls the value"
                : next.text == "["
                    ? "it indexes the value"
                    : next.text == "." ? "it reads an attribute" : "it uses the operator `\(next.text)`"
            throw notLiteral(from: elementStart, offending: next, reason: reason)
        }
    }
}
