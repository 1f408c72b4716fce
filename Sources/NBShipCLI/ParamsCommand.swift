import ArchiveKit
import ArgumentParser
import Foundation
import NBCore
import NBShipApp
import ParameterFile

/// `nbship params`: the domain experts' parameters file.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "Show and check the parameters file of a generated package.",
        subcommands: [
            ParamsShowCommand.self, ParamsCheckCommand.self, ParamsSetCommand.self, ParamsApplyCommand.self,
        ])
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
            printer.print([.error(ParamsDiagnosticID.unreadable, "cannot read \(file)", at: SourceLocation(file: file))]
            )
            throw ExitCode(66)
        }
        let spec: ModelSpec
        do {
            spec = try PackageSpecFile.spec(package: package, besides: file)
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
            spec = try PackageSpecFile.spec(
                from: try PackageSpecFile.packageFile("model-spec.json", in: package), location: package)
            yaml = try PackageSpecFile.packageFile("parameters.yaml", in: package)
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

/// `nbship params set <package folder or parameters.yaml> name=value ...`: changes those values and nothing else.
struct ParamsSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change parameter values in a package's parameters.yaml, validated first, written atomically.",
        discussion: """
            Only the value after each named parameter's colon changes; comments, order and every other byte stay.
            Nothing is written unless every new value is valid (the file as a whole is checked as `params check`
            does). Archives are never changed: extract the package and set its parameters.yaml.
            Exit status: 0 written (or nothing to change); 1 a value is invalid, nothing written; 64 bad usage;
            66 the file or the package cannot be read; 73 the file cannot be written (it is left as it was).
            """)

    @Argument(help: "The package folder, or its parameters.yaml.")
    var target: String

    @Argument(help: "name=value, one per parameter to change.")
    var assignments: [String]

    func validate() throws {
        if assignments.isEmpty { throw ValidationError("give at least one name=value, e.g. threshold=0.4") }
        for assignment in assignments where !assignment.contains("=") {
            throw ValidationError("'\(assignment)' is not name=value, e.g. threshold=0.4")
        }
        if target.hasSuffix(".tar.gz") || target.hasSuffix(".tgz") {
            throw ValidationError(
                "archives are never changed; extract the package (tar -xzf) and set the values in its folder")
        }
    }

    func run() throws {
        var printer = DiagnosticPrinter(format: .text)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory)
        let file =
            exists && isDirectory.boolValue ? (target as NSString).appendingPathComponent("parameters.yaml") : target
        guard let data = FileManager.default.contents(atPath: file) else {
            printer.print([.error(ParamsDiagnosticID.unreadable, "cannot read \(file)", at: SourceLocation(file: file))]
            )
            throw ExitCode(66)
        }
        let spec: ModelSpec
        do {
            spec = try PackageSpecFile.spec(package: nil, besides: file)
        } catch {
            printer.print(error.diagnostics)
            throw ExitCode(66)
        }
        let original = String(decoding: data, as: UTF8.self)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var problems: [Diagnostic] = []
        var changes: [String] = []
        for assignment in assignments {
            let name = String(assignment.prefix { $0 != "=" })
            let text = String(assignment.drop { $0 != "=" }.dropFirst())
            guard let parameter = spec.editableParameters.first(where: { $0.name == name }) else {
                problems.append(
                    .error(
                        ParamsDiagnosticID.unknown, "'\(name)' is not a parameter of this model",
                        help: NameSuggestion.help(for: name, in: spec.editableParameters.map(\.name))))
                continue
            }
            // Text values are quoted where YAML could read them as something else; others are written as given.
            let written = parameter.type == .string ? ParameterFileChecker.yaml(.string(text)) : text
            if let index = lines.firstIndex(where: { $0.hasPrefix(name + ":") }) {
                let rest = String(lines[index].dropFirst(name.count + 1))
                // A comment after the value stays as it was.
                let comment = rest.range(of: " #").map { String(rest[$0.lowerBound...]) } ?? ""
                let old = String(rest.dropLast(comment.count)).trimmingCharacters(in: .whitespaces)
                lines[index] = "\(name): \(written)\(comment)"
                if old != written { changes.append("\(name): \(old) -> \(written)") }
            } else {
                if lines.last == "" { lines.removeLast() }
                lines += ["\(name): \(written)", ""]
                changes.append("\(name): (missing) -> \(written)")
            }
        }
        let edited = lines.joined(separator: "\n")
        let checked = ParameterFileChecker(parameters: spec.editableParameters).check(edited, file: file)
        problems += checked.diagnostics.filter { $0.severity == .error }
        if !problems.isEmpty {
            printer.consequence = "nothing was written."
            printer.print(problems)
            throw ExitCode(1)
        }
        guard edited != original else {
            print("\(file): nothing to change")
            return
        }
        do {
            try AtomicFile.replace(Array(edited.utf8), at: file)
        } catch {
            printer.print([
                .error(ParamsDiagnosticID.write, "cannot write \(file): \(error)", at: SourceLocation(file: file))
            ])
            throw ExitCode(73)
        }
        for change in changes { print(change) }
    }
}

/// `nbship params apply <archive> <parameters.yaml>`: the next patch version with the edited values compiled in.
struct ParamsApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Compile an edited parameters.yaml into the next patch version of an archive.",
        discussion: """
            The file is checked as `params check` does. The package is generated again from the archive's \
            model-spec.json with the new values, its tests are run with `swift test`, and the new archive \
            (<name>-<major>.<minor>.<patch+1>.tar.gz, beside the old one unless --out is given) records in its \
            manifest which values changed and which golden examples' outputs moved. The old archive is only read; \
            nothing is written unless every step succeeds. The last line printed is the new archive's path.
            Exit status: 0 written, or nothing to change; 1 the file has errors or the new tests fail (nothing \
            written); 64 bad usage; 66 the archive or the file cannot be read, or the archive is damaged; 73 the \
            new archive cannot be written or already exists.
            """)

    @Argument(help: "The package archive (.tar.gz) to start from.")
    var archive: String

    @Argument(help: "The edited parameters file.")
    var parameters: String

    @Option(name: .long, help: "The folder for the new archive (default: the old archive's folder).")
    var out: String?

    @Flag(name: .long, help: "Write the new archive without building it and running its tests (recorded as such).")
    var skipTests = false

    @Option(name: .long, help: "How to print diagnostics: text or json.")
    var diagnosticsFormat: DiagnosticsFormat = .text

    func run() throws {
        var printer = DiagnosticPrinter(format: diagnosticsFormat)
        let outcome: ParameterApplier.Outcome
        do {
            outcome = try ParameterApplier().apply(
                ParameterApplier.Request(
                    archive: archive, parameters: parameters, out: out, runTests: !skipTests,
                    sourceDateEpoch: ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"]))
        } catch {
            printer.consequence = "nothing was written."
            printer.print(error.diagnostics)
            throw ExitCode(error.status)
        }
        switch outcome {
        case .unchanged(let version):
            print("\(parameters) sets the values \(archive) already has (version \(version)); nothing to write")
        case .written(let path, let entry, _):
            print("\(entry.previousVersion) -> \(entry.version): \(entry.reason)")
            for change in entry.parameters { print("  \(change.name): \(change.from) -> \(change.to)") }
            if entry.examples.isEmpty {
                print("No golden example's output changed.")
            } else {
                print("Golden examples whose outputs changed:")
                for change in entry.examples {
                    print("  \(change.example): \(change.output) \(change.from) -> \(change.to)")
                }
            }
            print("Verification: \(entry.verification)")
            print(path)
        }
    }
}
