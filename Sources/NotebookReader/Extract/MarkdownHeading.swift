/// A heading found in markdown text: ATX (`# Title`) or setext (`Title` underlined with `===` or `---`).
///
/// Only what a title needs: fenced and indented code blocks are skipped so `# comment` lines in code are not
/// mistaken for headings; inline markup is kept as written.
struct MarkdownHeading: Equatable {
    var level: Int
    var text: String

    /// Every heading of the text, in order.
    static func all(in markdown: String) -> [MarkdownHeading] {
        var headings: [MarkdownHeading] = []
        var fence: (marker: Character, count: Int)?
        var paragraph: [Substring] = []
        for rawLine in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent)
            if let open = fence {
                let run = body.prefix { $0 == open.marker }.count
                if indent < 4, run >= open.count, body.dropFirst(run).allSatisfy(\.isWhitespace) { fence = nil }
                continue
            }
            if indent >= 4 {
                if paragraph.isEmpty { continue }  // indented code
            } else if let marker = body.first, marker == "`" || marker == "~" {
                let run = body.prefix { $0 == marker }.count
                if run >= 3 {
                    fence = (marker, run)
                    paragraph = []
                    continue
                }
            }
            if body.allSatisfy(\.isWhitespace) {
                paragraph = []
                continue
            }
            if indent < 4, let heading = atx(body) {
                headings.append(heading)
                paragraph = []
                continue
            }
            if indent < 4, !paragraph.isEmpty, let level = setextLevel(body) {
                let text = paragraph.map { $0.trimmingSpaces }.joined(separator: " ")
                headings.append(MarkdownHeading(level: level, text: text))
                paragraph = []
                continue
            }
            paragraph.append(line)
        }
        return headings
    }

    /// `# Title`, `## Title ##`: 1–6 `#` followed by a space or the end of the line.
    private static func atx(_ body: Substring) -> MarkdownHeading? {
        let level = body.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        var rest = body.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        rest = Substring(rest.trimmingSpaces)
        // An optional closing sequence of `#` preceded by a space.
        let closing = rest.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let before = rest.dropLast(closing)
            if before.isEmpty || before.last == " " || before.last == "\t" { rest = Substring(before.trimmingSpaces) }
        }
        guard !rest.isEmpty else { return nil }
        return MarkdownHeading(level: level, text: String(rest))
    }

    /// `===` underlines a level-1 heading, `---` a level-2 one.
    private static func setextLevel(_ body: Substring) -> Int? {
        let trimmed = body.trimmingSpaces
        guard let marker = trimmed.first, marker == "=" || marker == "-" else { return nil }
        guard trimmed.allSatisfy({ $0 == marker }) else { return nil }
        return marker == "=" ? 1 : 2
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
