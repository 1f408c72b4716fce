import ArchiveKit
import ArgumentParser
import Foundation
import NBCore
import ParameterFile

/// `nbship params`: the domain experts' parameters file.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "Check the parameters file of a generated package.",
        subcommands: [ParamsCheckCommand.self])
}

/// `nbship params check parameters.yaml [--package <folder-or-archive>]`.
struct ParamsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an edited parameters.yaml: every problem at once, with its line, column and a fix.",
        discussion: """
            The parameters and their types and ranges come from the package's model-spec.json: the folder the file
            is in, or the package folder or archive given with --package.
            Exit status: 0 the file is valid; 1 it has errors (all are listed); 64 bad usage; 66 the file or the
            package cannot be read.
            """)

    @Argument(help: "The parameters file to check.")
    var file: String

    @Option(name: .long, help: "The generated package (folder or .tar.gz archive) the file belongs to.")
    var package: String?

    @Option(name: .long, help: "How to print diagnostics: text or json.")
    var diagnosticsFormat: DiagnosticsFormat = .text

    func run() throws {
        var printer = DiagnosticPrinter(format: diagnosticsFormat)
        printer.consequence = "fix them and check again."
        guard let data = FileManager.default.contents(atPath: file) else {
            printer.print([.error("params.unreadable", "cannot read \(file)", at: SourceLocation(file: file))])
            throw ExitCode(66)
        }
        let spec: ModelSpec
        do {
            spec = try Self.spec(package: package, besides: file)
        } catch {
            printer.print(error.diagnostics)
            throw ExitCode(66)
        }
        let checker = ParameterFileChecker(parameters: spec.editableParameters)
        let result = checker.check(String(decoding: data, as: UTF8.self), file: file)
        printer.print(result.diagnostics)
        if result.hasErrors { throw ExitCode(1) }
        print("\(file): \(result.values.count) parameter\(result.values.count == 1 ? "" : "s"), all valid")
    }

    /// The model spec of the package: `model-spec.json` in the package folder or archive, or beside the file.
    static func spec(package: String?, besides file: String) throws(DiagnosticError) -> ModelSpec {
        let location = package ?? (file as NSString).deletingLastPathComponent
        var json: Data?
        if location.hasSuffix(".tar.gz") || location.hasSuffix(".tgz") {
            guard let archive = FileManager.default.contents(atPath: location) else {
                throw DiagnosticError(.error("params.unreadable", "cannot read the archive \(location)"))
            }
            do {
                let (_, contents) = try ArchiveReader().package(in: [UInt8](archive))
                json = contents.files.first { $0.path == "model-spec.json" }.map { Data($0.contents) }
            } catch {
                throw DiagnosticError(.error("params.unreadable", "cannot read the archive \(location): \(error)"))
            }
        } else {
            let folder = location.isEmpty ? "." : location
            json = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("model-spec.json"))
        }
        guard let json else {
            throw DiagnosticError(
                .error(
                    "params.no-package", "no model-spec.json in \(location.isEmpty ? "this folder" : location)",
                    help: ["pass the package the file belongs to: --package <folder or .tar.gz>"]))
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ModelSpec.self, from: json)
        } catch {
            throw DiagnosticError(
                .error("params.no-package", "the package's model-spec.json cannot be read: \(error)"))
        }
    }
}
