import ArgumentParser
import Foundation
import NBCore
import NBShipApp

/// `nbship check`: what nbship understood of a notebook and model file, without writing anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Show what nbship understands of a notebook and its model file, without writing anything.",
        discussion: """
            Lists each tagged cell, each parameter (value, type, range, unit, editable or training-only), how each \
            model input is prepared and where that comes from (the model file or the notebook), the examples read \
            and what each of their keys holds, the outputs and the decision rule, then every diagnostic that \
            `nbship convert` would print. Run it before converting; error messages point here.
            Exit status: 0 the inputs convert; 1 they have errors; 64 bad usage.
            """)

    @Argument(help: "The notebook (.ipynb, nbformat 4).")
    var notebook: String?

    @Option(
        name: .long,
        help: "The exported model file: PMML, ONNX, XGBoost JSON or UBJSON, or LightGBM text (by content).")
    var model: String?

    @Option(name: .long, help: "Package name, as for convert.")
    var name: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: DiagnosticsFormat = .text

    @OptionGroup var limits: InputLimitOptions

    func validate() throws {
        guard model != nil || notebook != nil else {
            throw ValidationError(
                "--model is required: pass the exported model file, e.g. --model model.pmml (or a notebook whose "
                    + "cell tagged `model` holds the model function)")
        }
    }

    func run() throws {
        let report = Converter().check(
            Converter.Request(notebook: notebook, model: model, name: name, limits: limits.limits))
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let document = CheckDocument(
                converts: report.spec != nil, name: report.spec?.name, understanding: report.understanding,
                diagnostics: report.diagnostics)
            let data = (try? encoder.encode(document)) ?? Data()
            print(String(decoding: data, as: UTF8.self))
        case .text:
            print(CheckText.render(report, notebook: notebook, model: model ?? ""), terminator: "")
            DiagnosticPrinter(format: .text, consequence: "nbship convert would write nothing.").print(
                report.diagnostics)
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

/// The JSON form of `nbship check`.
struct CheckDocument: Encodable {
    var converts: Bool
    var name: String?
    var understanding: Understanding
    var diagnostics: [Diagnostic]
}

/// The text form of `nbship check`.
enum CheckText {
    static func render(_ report: SpecBuilder.Report, notebook: String?, model: String) -> String {
        let u = report.understanding
        var lines: [String] = []
        lines.append("nbship check: \(notebook.map { "\($0) with " } ?? "")\(model)")
        lines.append("")
        lines.append("Tagged cells:")
        if u.cells.isEmpty { lines.append("  (none)") }
        for cell in u.cells {
            let names = cell.names.isEmpty ? "(no assignments)" : cell.names.joined(separator: ", ")
            lines.append("  cell \(cell.cell)  \(cell.role): \(names)")
        }
        lines.append("")
        lines.append("Parameters:")
        if u.parameters.isEmpty { lines.append("  (none)") }
        for p in u.parameters {
            var facts = [p.type]
            if let range = p.range { facts.append("range \(range)") }
            if !p.allowedValues.isEmpty { facts.append("one of {\(p.allowedValues.joined(separator: ", "))}") }
            if let unit = p.unit { facts.append("unit \(unit)") }
            facts.append(p.editable ? "editable (\(p.role))" : p.role == "training" ? "training only" : p.role)
            let description = p.description.map { ": \($0)" } ?? ""
            lines.append("  \(p.name) = \(p.value)  [\(facts.joined(separator: ", "))]\(description)")
        }
        lines.append("")
        lines.append("Inputs (\(u.inputs.count)), and how each is prepared:")
        for input in u.inputs {
            let known = input.notebookName.map { " (the notebook's '\($0)')" } ?? ""
            lines.append("  \(input.name)\(known)  \(input.type)  \(input.source): \(input.preprocessing)")
        }
        lines.append("")
        lines.append("Examples:")
        if u.examples.isEmpty { lines.append("  (no examples cell)") }
        for examples in u.examples {
            lines.append("  \(examples.name) at \(examples.location): \(examples.shape)")
            for part in examples.parts where part.count == 2 { lines.append("    `\(part[0])`: \(part[1])") }
        }
        lines.append(
            "  \(u.notebookExampleCount) notebook example\(u.notebookExampleCount == 1 ? "" : "s") and \(u.verificationCount) ModelVerification record\(u.verificationCount == 1 ? "" : "s") become tests; each was scored by the model file's reference evaluator"
        )
        lines.append("")
        if !u.outputs.isEmpty { lines.append("Outputs: \(u.outputs.joined(separator: ", "))") }
        if let decision = u.decision { lines.append("Decision: \(decision)") }
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        if let spec = report.spec {
            lines.append("Result: converts as '\(spec.name)'; every example agrees with the model file.")
        } else {
            lines.append(
                "Result: \(errors) error\(errors == 1 ? "" : "s") (below); nbship convert would write nothing.")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
