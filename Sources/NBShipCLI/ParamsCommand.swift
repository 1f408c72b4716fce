import ArchiveKit
import ArgumentParser
import Foundation
import NBCore
import ParameterFile

/// `nbship params`: the domain experts' parameters file.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "Show and check the parameters file of a generated package.",
        subcommands: [ParamsShowCommand.self, ParamsCheckCommand.self])
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
        return try spec(from: try packageFile("model-spec.json", in: location), location: location)
    }

    /// A file of a package folder or archive; nil when the package lacks it.
    static func packageFile(_ name: String, in location: String) throws(DiagnosticError) -> Data? {
        if location.hasSuffix(".tar.gz") || location.hasSuffix(".tgz") {
            guard let archive = FileManager.default.contents(atPath: location) else {
                throw DiagnosticError(.error("params.unreadable", "cannot read the archive \(location)"))
            }
            do {
                let (_, contents) = try ArchiveReader().package(in: [UInt8](archive))
                return contents.files.first { $0.path == name }.map { Data($0.contents) }
            } catch {
                throw DiagnosticError(.error("params.unreadable", "cannot read the archive \(location): \(error)"))
            }
        }
        let folder = location.isEmpty ? "." : location
        return FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name))
    }

    static func spec(from json: Data?, location: String) throws(DiagnosticError) -> ModelSpec {
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

/// `nbship params show <package folder or archive>`: the parameters, their values and what each allows.
struct ParamsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a package's parameters: value in its parameters.yaml, default, allowed range, unit, meaning.",
        discussion:
            "Exit status: 0 shown; 1 the package's parameters.yaml has errors (shown, with the defaults); 66 unreadable."
    )

    @Argument(help: "The generated package: a folder or a .tar.gz archive.")
    var package: String

    @Option(name: .long, help: "text or json.")
    var format: DiagnosticsFormat = .text

    func run() throws {
        var printer = DiagnosticPrinter(format: .text)
        printer.consequence = "the table shows the defaults where the file is wrong."
        let spec: ModelSpec
        let yaml: Data?
        do {
            spec = try ParamsCheckCommand.spec(
                from: try ParamsCheckCommand.packageFile("model-spec.json", in: package), location: package)
            yaml = try ParamsCheckCommand.packageFile("parameters.yaml", in: package)
        } catch {
            printer.print(error.diagnostics)
            throw ExitCode(66)
        }
        let parameters = spec.editableParameters
        let checked = ParameterFileChecker(parameters: parameters).check(
            yaml.map { String(decoding: $0, as: UTF8.self) } ?? "", file: "parameters.yaml")
        let rows = parameters.map { parameter -> [String] in
            let current = checked.values[parameter.name].map(ParameterFileChecker.yaml) ?? "-"
            var allowed = parameter.range.map(\.description) ?? ""
            if !parameter.allowedValues.isEmpty {
                allowed = "one of " + parameter.allowedValues.joined(separator: ", ")
            }
            return [
                parameter.name, current, ParameterFileChecker.yaml(parameter.value), allowed, parameter.unit ?? "",
                parameter.description ?? "",
            ]
        }
        let header = ["parameter", "value", "default", "allowed", "unit", "description"]
        switch format {
        case .json:
            let objects = rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
            let data = try JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
        case .text:
            if rows.isEmpty {
                print("\(spec.name) has no parameters that change its behaviour at inference time.")
            } else {
                let widths = header.indices.map { column in
                    ([header] + rows).map { $0[column].count }.max() ?? 0
                }
                for row in [header] + rows {
                    let cells = row.enumerated().map { index, cell in
                        index == row.count - 1
                            ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    }
                    print(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
                }
            }
        }
        if checked.hasErrors {
            printer.print(checked.diagnostics)
            throw ExitCode(1)
        }
    }
}
