/// Lines of generated Swift whose indentation the printer keeps: `block("if ready {") { $0.line("go()") }` writes
/// the opener, the body one level in, and the closing brace; blocks nest, and lines written by another writer are
/// taken in at the current level. Writers say what the code is, never how many spaces it needs.
struct SwiftCode {
    private(set) var lines: [String] = []
    private var depth = 0
    static let unit = "    "

    init() {}

    /// One line at the current level.
    mutating func line(_ text: String) {
        lines.append(String(repeating: Self.unit, count: depth) + text)
    }

    /// Lines another writer made (at its own level 0), at the current level.
    mutating func append(_ other: [String]) {
        for text in other { line(text) }
    }

    /// `opener`, then `body` one level in, then `close`.
    mutating func block(_ opener: String, close: String = "}", _ body: (inout SwiftCode) -> Void) {
        line(opener)
        indented(body)
        line(close)
    }

    /// The lines of `opener`, `body` one level in, and `close`: a block written in one expression.
    static func block(_ opener: String, _ body: [String], close: String = "}") -> [String] {
        var code = SwiftCode()
        code.block(opener, close: close) { $0.append(body) }
        return code.lines
    }

    /// `body` one level in, with no braces of its own (a `case` of a `switch`).
    mutating func indented(_ body: (inout SwiftCode) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }
}
