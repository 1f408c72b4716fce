import ArchiveKit
import ArgumentParser
import Foundation
import NBCore
import NotebookReader
import PMMLReader
import PackageGenerator

/// `nbship convert`: notebook + model file -> `dist/<name>-<version>.tar.gz`.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a notebook and its model file into a Swift package archive.",
        discussion: """
            The last line printed on standard output is the path of the archive written.
            Exit status: 0 written; 1 the inputs have errors (all are listed); 64 bad command-line usage.
            An existing archive is never overwritten.
            """)

    @Argument(help: "The notebook (.ipynb, nbformat 4). Optional when the model file carries everything.")
    var notebook: String?

    @Option(name: .long, help: "The exported model file (PMML).")
    var model: String?

    @Option(name: .long, help: "The folder the archive is written to.")
    var out: String = "dist"

    @Option(
        name: .long, help: "Package name (default: the notebook's model_name parameter, else the model file's name).")
    var name: String?

    @Option(name: .long, help: "Semantic version of the package.")
    var version: String = "1.0.0"

    @Option(name: .long, help: "Use templates from this folder instead of the built-in ones.")
    var templates: String?

    @Option(name: .long, help: "How to print diagnostics: text or json.")
    var diagnosticsFormat: DiagnosticsFormat = .text

    func validate() throws {
        guard model != nil else {
            throw ValidationError("--model is required: pass the exported model file, e.g. --model model.pmml")
        }
        guard SemanticVersion(version) != nil else {
            throw ValidationError("'\(version)' is not a semantic version; use MAJOR.MINOR.PATCH, e.g. 1.0.0")
        }
    }

    func run() throws {
        let printer = DiagnosticPrinter(format: diagnosticsFormat)
        do {
            let result = try Converter().convert(
                Converter.Request(
                    notebook: notebook, model: model, out: out, name: name, version: version, templates: templates,
                    sourceDateEpoch: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"]))
            printer.print(result.warnings)
            print(result.archivePath)
        } catch {
            printer.print(error.diagnostics)
            throw ExitCode(1)
        }
    }
}

enum DiagnosticsFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `MAJOR.MINOR.PATCH` with optional pre-release and build suffixes.
struct SemanticVersion {
    let major, minor, patch: Int
    init?(_ text: String) {
        let core = text.split(separator: "+", maxSplits: 1).first.map(String.init) ?? text
        let main = core.split(separator: "-", maxSplits: 1).first.map(String.init) ?? core
        let parts = main.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let major = Int(parts[0]), let minor = Int(parts[1]), let patch = Int(parts[2]),
            major >= 0, minor >= 0, patch >= 0,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-+.".contains($0)) })
        else { return nil }
        (self.major, self.minor, self.patch) = (major, minor, patch)
    }
}
