import Foundation
import NBShipApp

/// Renders a conformance report as a text table, a Markdown page or JSON. Text and Markdown end with the
/// summary line `N passed, N failed, N unsupported`; neither holds timings, so a committed table only changes
/// when results do.
package enum ConformanceTable {
    package static func render(_ report: ConformanceReport, format: ConformanceFormat, corpus: String) -> String {
        switch format {
        case .text: text(report)
        case .markdown: markdown(report, corpus: corpus)
        case .json: json(report)
        }
    }

    /// `2.2e-16`, `3 ULPs`, `0`, or `-` when nothing numeric was compared.
    package static func worst(_ value: Double?, unit: ErrorUnit) -> String {
        guard let value else { return "-" }
        if value == 0 { return unit == .ulps ? "0 ULPs" : "0" }
        if value.isInfinite { return "inf" }
        return unit == .ulps ? String(format: "%g ULPs", value) : String(format: "%.1e", value)
    }

    package static func stage(_ stage: StageReport?) -> String { stage?.verdict.rawValue ?? "-" }

    package static func text(_ report: ConformanceReport) -> String {
        let header = ["case", "tier", "model", "result", "worst", "detail"]
        let rows = report.cases.map { item in
            [
                item.id, item.tier, item.modelElement, item.result.rawValue, worst(item.worst, unit: item.unit),
                item.detail,
            ]
        }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated().dropLast() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var lines = [line(header)]
        lines += rows.map(line)
        lines.append("")
        lines.append(report.summary)
        return lines.joined(separator: "\n") + "\n"
    }

    package static func markdown(_ report: ConformanceReport, corpus: String) -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        let scoring =
            report.compiled
            ? "by the reference evaluator (*evaluator*) and by the generated code, every case compiled in one batch "
                + "package (*generated code*)"
            : "by the reference evaluator (*evaluator*; the generated code was not compiled)"
        var lines = [
            "# PMML conformance",
            "",
            "\(report.cases.count) cases of `\(corpus)/pmml`: **\(report.summary)**.",
            "",
            "Written by `nbship conformance --corpus \(corpus) --format markdown --out <this file>`; do not edit by hand.",
            "Each case's model.pmml is converted by nbship and its input.csv scored " + scoring + ";",
            "the results are compared with expected.csv at the corpus tolerance.",
            "A case is *unsupported* when nbship refuses the model (the message names the element and line) or when a",
            "compared column is a result nbship does not compute (the other columns are still compared).",
            "*worst error* is the largest relative error, or float32 ULPs, over the compared numbers (`-`: only labels",
            "were compared); *detail* names the first differing column and data row (1-based), or what is unsupported.",
            "",
            "| case | tier | model | result | evaluator | generated code | worst error | detail |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for item in report.cases {
            let cells = [
                item.id, item.tier, item.modelElement, "**\(item.result.rawValue)**", stage(item.evaluator),
                stage(item.generated), worst(item.worst, unit: item.unit), item.detail,
            ]
            lines.append("| " + cells.map(cell).joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append(report.summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One object: the summary, counts, timings and one entry per case.
    package static func json(_ report: ConformanceReport) -> String {
        struct Row: Encodable {
            var id, tier, modelElement, result: String
            var evaluator, generated: StageReport?
            var worst: Double?
            var unit: ErrorUnit
            var detail: String
        }
        struct Document: Encodable {
            var summary: String
            var passed, failed, unsupported: Int
            var compiled: Bool
            var evaluationSeconds: Double
            var buildSeconds, runSeconds: Double?
            var cases: [Row]
        }
        let document = Document(
            summary: report.summary, passed: report.count(.pass), failed: report.count(.fail),
            unsupported: report.count(.unsupported), compiled: report.compiled,
            evaluationSeconds: report.evaluationSeconds, buildSeconds: report.buildSeconds,
            runSeconds: report.runSeconds,
            cases: report.cases.map {
                Row(
                    id: $0.id, tier: $0.tier, modelElement: $0.modelElement, result: $0.result.rawValue,
                    evaluator: $0.evaluator, generated: $0.generated,
                    worst: $0.worst.flatMap { $0.isFinite ? $0 : nil },
                    unit: $0.unit, detail: $0.detail)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// `--format`.
public enum ConformanceFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}
