import ArchiveKit
import ArgumentParser
import Foundation
import NBCore
import NBShipApp
import NotebookReader
import PMMLReader
import PackageGenerator

/// `nbship convert`: notebook + model file -> `dist/<name>-<version>.tar.gz`.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a notebook and its model file into a Swift package archive.",
        discussion: """
            The last line printed on standard output is the path of the archive written (or, when nothing changed, \
            of the identical newest archive). Without --version, the version follows from what changed since the \
            newest archive of the same name in --out: major for the input or output contract, minor for the model \
            or preprocessing, patch for parameters and documentation; the reason is recorded in the manifest.
            Exit status: 0 written, or nothing changed; 1 the inputs have errors (all are listed), or the version is \
            refused; 64 bad command-line usage. An existing archive is never overwritten.
            """)

    @Argument(help: "The notebook (.ipynb, nbformat 4). Optional when the model file carries everything.")
    var notebook: String?

    @Option(
        name: .long,
        help: """
            The exported model file: PMML, ONNX, XGBoost JSON or UBJSON, or LightGBM text (by content). Leave it \
            out when the notebook's cell tagged `model` holds the model function.
            """)
    var model: String?

    @Option(name: .long, help: "The folder the archive is written to.")
    var out: String = "dist"

    @Option(
        name: .long, help: "Package name (default: the notebook's model_name parameter, else the model file's name).")
    var name: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Semantic version of the package (default: 1.0.0, or the next version after the newest archive of the same name in --out, by what changed)."
        ))
    var version: String?

    @Option(
        name: .long,
        help:
            "Write an explicit --version that is not above the newest or under-states the change; the reason is recorded."
    )
    var versionOverrideReason: String?

    @Option(name: .long, help: "Use templates from this folder instead of the built-in ones.")
    var templates: String?

    @Option(name: .long, help: "How to print diagnostics: text or json.")
    var diagnosticsFormat: DiagnosticsFormat = .text

    @OptionGroup var limits: InputLimitOptions

    func validate() throws {
        guard model != nil || notebook != nil else {
            throw ValidationError(
                "--model is required: pass the exported model file, e.g. --model model.pmml (or a notebook whose "
                    + "cell tagged `model` holds the model function)")
        }
        if let version, SemanticVersion(version) == nil {
            throw ValidationError("'\(version)' is not a semantic version; use MAJOR.MINOR.PATCH, e.g. 1.0.0")
        }
    }

    func run() throws {
        let printer = DiagnosticPrinter(format: diagnosticsFormat)
        do {
            let result = try Converter().convert(
                Converter.Request(
                    notebook: notebook, model: model, out: out, name: name, version: version,
                    versionOverrideReason: versionOverrideReason, templates: templates,
                    sourceDateEpoch: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], limits: limits.limits))
            printer.print(result.warnings)
            if result.unchanged {
                print("Nothing changed since \(result.archivePath); no new version was written.")
            } else if let entry = result.changelog {
                print("\(entry.previousVersion) -> \(entry.version): \(entry.reason)")
            }
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

/// Bounds on the input files (`InputLimits`), generous by default.
struct InputLimitOptions: ParsableArguments {
    @Option(name: .long, help: "Refuse a notebook or model file larger than this many bytes.")
    var maxFileBytes: Int = InputLimits().maxFileBytes

    @Option(name: .long, help: "Refuse a notebook with more cells than this.")
    var maxCells: Int = InputLimits().maxCells

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Refuse a model file nested deeper than this (a tree of depth d nests about d + 6 levels).",
            discussion: "At most \(InputLimits.deepestAllowed)."))
    var maxDepth: Int = InputLimits().maxDepth

    @Option(name: .long, help: "Refuse a model with more tree nodes than this, over all its trees.")
    var maxNodes: Int = InputLimits().maxNodes

    func validate() throws {
        guard maxDepth >= 1, maxDepth <= InputLimits.deepestAllowed else {
            throw ValidationError("--max-depth must be between 1 and \(InputLimits.deepestAllowed)")
        }
        guard maxFileBytes >= 1, maxCells >= 1, maxNodes >= 1 else {
            throw ValidationError("limits must be positive")
        }
    }

    var limits: InputLimits {
        InputLimits(maxFileBytes: maxFileBytes, maxCells: maxCells, maxDepth: maxDepth, maxNodes: maxNodes)
    }
}
