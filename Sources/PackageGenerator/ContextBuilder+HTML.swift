import Foundation
import NBCore

/// The model card as one self-contained HTML page (`model-card.html`): the README's content, plus bar charts of
/// what drives the model, as inline SVG. No scripts, no external resources.
///
/// The context is built from `readme()`, so both renderings say the same things. The README's values are
/// Markdown table cells (backticks for code, `\|` for pipes); each is turned into HTML here, with every piece of
/// text from the model file or the notebook escaped by `HTMLText`. The template uses the TEXT pragma like the
/// others, so nothing is escaped after this point.
extension ContextBuilder {
    struct HTMLBlock {
        /// A paragraph, as HTML; nil for a list.
        let paragraph: String?
        let items: [String]
        let isList: Bool
    }
    struct HTMLBar {
        let name, label, tooltip, kind: String
        let nameY, barY, barWidth, valueX, valueY: String
    }
    struct HTMLChart {
        let id, caption: String
        let width, height: Int
        let bars: [HTMLBar]
        let more: String?
    }
    struct HTMLContext {
        let title, packageName, version, family, sources, toolVersion, reproduces: String
        let summary: [HTMLBlock]
        let moduleName, exampleCall, predictProduct: String
        let inputs, preprocessing, outputs, parameters, trainingValues: [Row]
        let hasPreprocessing, hasParameters, hasTrainingValues: Bool
        let charts: [HTMLChart]
        let hasCharts: Bool
        let legend: String?
        let driverNotes: [String]
        /// A hand-written model's cell, escaped, for a `<pre>` block.
        let functionSource: String?
        let exampleCount: Int
        let exampleOrigins: String
        let provenance: [SourceRow]
        let cellsUsed: String?
        let producer: String?
    }

    /// Chart geometry, in CSS pixels: bars grow from `chartLeft` up to `maxBarWidth` long, one row per bar.
    static let chartLeft = 8
    static let maxBarWidth = 360.0
    static let chartRowHeight = 44
    /// Width of one character of the charts' 12px monospace labels, in tenths of a pixel (rounded up).
    static let labelCharacterWidth = 73

    func modelCardHTML() -> HTMLContext {
        let card = readme()
        let inputs = card.inputs.map { row -> Row in
            var html = Row()
            html.name = HTMLText.codeCell(row.name)
            html.swiftName = HTMLText.code(row.swiftName)
            html.type = HTMLText.escape(row.type)
            html.valid = HTMLText.cell(row.valid)
            html.missing = HTMLText.cell(row.missing)
            return html
        }
        let preprocessing = card.preprocessing.map { row -> Row in
            var html = Row()
            html.name = HTMLText.codeCell(row.name)
            html.formula = HTMLText.codeCell(row.formula)
            html.origin = HTMLText.escape(row.origin)
            return html
        }
        let outputs = card.outputs.map { row -> Row in
            var html = Row()
            html.name = HTMLText.codeCell(row.name)
            html.meaning = HTMLText.inline(row.meaning)
            return html
        }
        let parameters = card.parameters.map { row -> Row in
            var html = Row()
            html.name = HTMLText.code(row.name)
            html.value = HTMLText.cell(row.value)
            html.range = HTMLText.escape(row.range)
            html.unit = HTMLText.cell(row.unit)
            html.description = HTMLText.cell(row.description)
            return html
        }
        let training = card.trainingValues.map { row -> Row in
            var html = Row()
            html.name = HTMLText.cell(row.name)
            html.value = HTMLText.code(row.value.replacingOccurrences(of: "\\|", with: "|"))
            html.description = HTMLText.cell(row.description)
            html.source = HTMLText.escape(row.source)
            return html
        }
        let drivers = card.driverSummary
        let charts = Self.charts(drivers)
        var legend: String?
        if drivers.charts.contains(where: { $0.measure == .coefficient }) {
            legend =
                "Bar length: the size of the coefficient. Blue bars are positive coefficients, orange bars negative ones."
        } else if drivers.charts.contains(where: { $0.measure == .points }) {
            legend = "Bar length: how far apart the characteristic's lowest and highest points are."
        } else if !drivers.charts.isEmpty {
            legend = "Bar length: the number of splits on the field."
        }
        var notes = drivers.emptyNote.map { [HTMLText.escape($0)] } ?? []
        notes += drivers.notes.map(HTMLText.escape)
        if charts.isEmpty && notes.isEmpty {
            notes = ["nbship does not summarise what drives this kind of model: \(HTMLText.escape(card.family))."]
        }
        return HTMLContext(
            title: HTMLText.cell(card.title), packageName: HTMLText.escape(card.packageName),
            version: HTMLText.escape(card.version), family: HTMLText.escape(card.family),
            sources: HTMLText.cell(card.sources), toolVersion: HTMLText.escape(PackageGenerator.toolVersion),
            reproduces: HTMLText.escape(card.reproduces),
            summary: Self.blocks(card.summary), moduleName: HTMLText.escape(card.moduleName),
            exampleCall: HTMLText.escape(card.exampleCall), predictProduct: HTMLText.escape(card.predictProduct),
            inputs: inputs, preprocessing: preprocessing, outputs: outputs, parameters: parameters,
            trainingValues: training, hasPreprocessing: card.hasPreprocessing, hasParameters: card.hasParameters,
            hasTrainingValues: card.hasTrainingValues, charts: charts, hasCharts: !charts.isEmpty, legend: legend,
            driverNotes: notes, functionSource: drivers.source.map(HTMLText.escape), exampleCount: card.exampleCount,
            exampleOrigins: HTMLText.escape(card.exampleOrigins),
            provenance: card.provenance.map {
                SourceRow(
                    name: HTMLText.cell($0.name), role: HTMLText.escape($0.role), format: HTMLText.cell($0.format),
                    sha256: HTMLText.escape($0.sha256))
            },
            cellsUsed: card.cellsUsed.map(HTMLText.escape), producer: card.producer.map(HTMLText.cell))
    }

    /// The summary's Markdown as paragraphs and bullet lists (blocks are separated by blank lines).
    static func blocks(_ markdown: String) -> [HTMLBlock] {
        var blocks: [[String]] = [[]]
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(line).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !(blocks.last ?? []).isEmpty { blocks.append([]) }
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        let continuation = "\n        "
        func isItem(_ line: String) -> Bool { ["- ", "* ", "+ "].contains { line.hasPrefix($0) } }
        return blocks.filter { !$0.isEmpty }.map { lines in
            guard let first = lines.first, isItem(first) else {
                let text = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
                return HTMLBlock(
                    paragraph: HTMLText.inline(text).replacingOccurrences(of: "\n", with: continuation), items: [],
                    isList: false)
            }
            var items: [[String]] = []
            for line in lines {
                if isItem(line) {
                    items.append([String(line.dropFirst(2))])
                } else {
                    items[items.count - 1].append(line.trimmingCharacters(in: .whitespaces))
                }
            }
            return HTMLBlock(
                paragraph: nil,
                items: items.map {
                    HTMLText.inline($0.joined(separator: "\n")).replacingOccurrences(
                        of: "\n", with: continuation + "  ")
                },
                isList: true)
        }
    }

    /// One horizontal bar chart per group of drivers, all on one scale, so the groups can be compared.
    static func charts(_ drivers: DriverSummary) -> [HTMLChart] {
        let largest = drivers.charts.flatMap(\.bars).map { abs($0.value) }.max() ?? 0
        return drivers.charts.enumerated().map { index, chart -> HTMLChart in
            let bars = chart.bars.enumerated().map { row, bar -> HTMLBar in
                let top = chartLeft + row * chartRowHeight
                let length = largest > 0 ? (abs(bar.value) / largest * maxBarWidth) : 0
                let kind: String
                let tooltip: String
                switch chart.measure {
                case .coefficient:
                    kind = bar.value < 0 ? "negative" : "positive"
                    tooltip = "\(bar.name): coefficient \(bar.label)"
                case .splits:
                    kind = "splits"
                    tooltip = "\(bar.name): \(bar.label) split\(bar.value == 1 ? "" : "s")"
                case .points:
                    kind = "splits"
                    tooltip = "\(bar.name): \(bar.label) points"
                }
                return HTMLBar(
                    name: HTMLText.escape(bar.name), label: HTMLText.escape(bar.label),
                    tooltip: HTMLText.escape(tooltip), kind: kind, nameY: "\(top + 13)", barY: "\(top + 19)",
                    barWidth: String(format: "%.1f", length),
                    valueX: String(format: "%.1f", Double(chartLeft) + length + 6), valueY: "\(top + 31)")
            }
            let longest = chart.bars.map { $0.name.count }.max() ?? 0
            let width = max(480, 2 * chartLeft + (longest * labelCharacterWidth + 9) / 10)
            let more =
                chart.measure == .splits && chart.omitted > 0
                ? "\(chart.omitted) more field\(chart.omitted == 1 ? "" : "s") with fewer splits not shown." : nil
            return HTMLChart(
                id: "chart-\(index + 1)", caption: DriverSummary.heading(chart, code: HTMLText.code),
                width: width, height: 2 * chartLeft + chart.bars.count * chartRowHeight - 4, bars: bars, more: more)
        }
    }
}

/// Text for HTML: escaping, and the few Markdown forms the model card's values use.
public enum HTMLText {
    /// Escapes text for HTML element content and quoted attribute values: `&`, `<`, `>`, `"` and `'`. Control
    /// characters (other than tab and line feed) and noncharacters, which HTML does not allow, become spaces.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                    || scalar.properties.isNoncharacterCodePoint
                {
                    result += " "
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Text as inline code.
    public static func code(_ text: String) -> String { "<code>\(escape(text))</code>" }

    /// A plain Markdown table cell (pipes written `\|`) as HTML text.
    public static func cell(_ markdown: String) -> String {
        escape(markdown.replacingOccurrences(of: "\\|", with: "|"))
    }

    /// A table cell that is code as a whole (`` `name` ``): everything between the outer backticks is the name,
    /// even backticks of its own, which Markdown would misread.
    public static func codeCell(_ markdown: String) -> String {
        guard markdown.count >= 2, markdown.hasPrefix("`"), markdown.hasSuffix("`") else { return inline(markdown) }
        return code(String(markdown.dropFirst().dropLast()).replacingOccurrences(of: "\\|", with: "|"))
    }

    /// Inline Markdown as HTML: code spans, `**strong**`, `*emphasis*` and backslash escapes; everything else is
    /// text, escaped. Links, images and raw HTML are not interpreted: they come out as the text they are written as.
    public static func inline(_ markdown: String) -> String {
        render(pieces(Array(markdown.replacingOccurrences(of: "\\|", with: "|")))[...])
    }

    private enum Piece {
        case text(String)
        case code(String)
        /// A run of asterisks, and whether it may open (followed by non-space) or close (after non-space).
        case stars(count: Int, opens: Bool, closes: Bool)
    }

    private static func pieces(_ characters: [Character]) -> [Piece] {
        var pieces: [Piece] = []
        var text = ""
        func flush() {
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
        }
        func run(of mark: Character, at start: Int) -> Int {
            var end = start
            while end < characters.count && characters[end] == mark { end += 1 }
            return end - start
        }
        var i = 0
        while i < characters.count {
            let character = characters[i]
            if character == "\\", i + 1 < characters.count, characters[i + 1].isASCII,
                characters[i + 1].isPunctuation || characters[i + 1].isSymbol
            {
                text.append(characters[i + 1])
                i += 2
            } else if character == "`" {
                let length = run(of: "`", at: i)
                var j = i + length
                var close: Int?
                while j < characters.count {
                    guard characters[j] == "`" else {
                        j += 1
                        continue
                    }
                    let other = run(of: "`", at: j)
                    if other == length {
                        close = j
                        break
                    }
                    j += other
                }
                if let close {
                    flush()
                    var content = String(characters[(i + length)..<close]).replacingOccurrences(of: "\n", with: " ")
                    if content.count >= 2, content.hasPrefix(" "), content.hasSuffix(" "),
                        content.contains(where: { $0 != " " })
                    {
                        content = String(content.dropFirst().dropLast())
                    }
                    pieces.append(.code(content))
                    i = close + length
                } else {
                    text += String(repeating: "`", count: length)
                    i += length
                }
            } else if character == "*" {
                let length = run(of: "*", at: i)
                let before = i > 0 ? characters[i - 1] : " "
                let after = i + length < characters.count ? characters[i + length] : " "
                flush()
                pieces.append(.stars(count: length, opens: !after.isWhitespace, closes: !before.isWhitespace))
                i += length
            } else {
                text.append(character)
                i += 1
            }
        }
        flush()
        return pieces
    }

    private static func render(_ pieces: ArraySlice<Piece>) -> String {
        var html = ""
        var i = pieces.startIndex
        while i < pieces.endIndex {
            switch pieces[i] {
            case .text(let text): html += escape(text)
            case .code(let text): html += code(text)
            case .stars(let count, let opens, _):
                let closer = pieces[(i + 1)...].firstIndex {
                    if case .stars(count, _, true) = $0 { return true }
                    return false
                }
                if opens, count <= 2, let closer, closer > i + 1 {
                    let tag = count == 2 ? "strong" : "em"
                    html += "<\(tag)>" + render(pieces[(i + 1)..<closer]) + "</\(tag)>"
                    i = closer + 1
                    continue
                }
                html += String(repeating: "*", count: count)
            }
            i += 1
        }
        return html
    }
}
