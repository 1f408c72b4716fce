import ArgumentParser
import Foundation
import NBCore
import NBShipApp

/// `nbship predict <archive or package folder> [rows.csv] [--parameters parameters.yaml]`: scores rows with the
/// reference evaluator, in the generated `<name>-predict`'s CSV format, without a Swift toolchain.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score a CSV with a package's model, without building it: the output <name>-predict writes.",
        discussion: """
            Reads the package's model-spec.json (from the archive or folder) and scores each row with nbship's
            reference evaluator, which the package's own tests hold equal to the generated code. With
            --parameters, an edited parameters.yaml is checked and used instead of the package's values: try an
            edit on real rows before `nbship params apply`. Exit status: 0 every row scored; 1 the parameters file
            is invalid; 65 a row cannot be scored (the rows before it are written; the message names the line);
            66 the package or the input cannot be read.
            """)

    @Argument(help: "The package: its .tar.gz archive or its folder.")
    var package: String

    @Argument(help: "The CSV to score (standard input without it).")
    var input: String?

    @Option(name: .long, help: "An edited parameters.yaml to score with instead of the package's values.")
    var parameters: String?

    func run() throws {
        let printer = DiagnosticPrinter(format: .text, consequence: "")
        var spec: ModelSpec
        do {
            spec = try PackageSpecFile.spec(
                from: try PackageSpecFile.packageFile("model-spec.json", in: package), location: package)
        } catch {
            printer.print(error.diagnostics)
            throw ExitCode(66)
        }
        if let parameters {
            guard let data = FileManager.default.contents(atPath: parameters) else {
                printer.print([.error(ParamsDiagnosticID.unreadable, "cannot read \(parameters)")])
                throw ExitCode(66)
            }
            do {
                spec = try ReferencePredictor.spec(
                    spec, parameters: String(decoding: data, as: UTF8.self), file: parameters)
            } catch {
                printer.print(error.diagnostics)
                throw ExitCode(1)
            }
        }
        let data: Data
        if let input {
            guard let read = FileManager.default.contents(atPath: input) else {
                printer.print([.error(ParamsDiagnosticID.unreadable, "cannot read \(input)")])
                throw ExitCode(66)
            }
            data = read
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        let (output, notes, failure) = ReferencePredictor(spec: spec).score(String(decoding: data, as: UTF8.self))
        for note in notes { FileHandle.standardError.write(Data("nbship predict: note: \(note)\n".utf8)) }
        FileHandle.standardOutput.write(Data(output.utf8))
        if let failure {
            FileHandle.standardError.write(Data("nbship predict: line \(failure.line): \(failure.message)\n".utf8))
            throw ExitCode(65)
        }
    }
}
