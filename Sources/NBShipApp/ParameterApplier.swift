import ArchiveKit
import Foundation
import NBCore
import PackageGenerator
import ParameterFile

/// `nbship params apply`: an edited `parameters.yaml` compiled into the next patch version of an archive.
///
/// The archive's own `model-spec.json` is the source: the edited values replace the parameters' values (the
/// notebook's values are kept beside them), the package is generated again from that spec, its tests are run, and
/// the new archive records in its manifest what changed: each value, and each golden example whose output moved.
/// The old archive is only read. Nothing is written unless every step succeeds, and the new archive appears
/// atomically, never over an existing file.
public struct ParameterApplier: Sendable {
    public struct Request: Sendable {
        public var archive: String
        public var parameters: String
        /// The folder for the new archive; nil puts it beside the old one.
        public var out: String?
        public var runTests: Bool
        public var sourceDateEpoch: String?

        public init(
            archive: String, parameters: String, out: String? = nil, runTests: Bool = true,
            sourceDateEpoch: String? = nil
        ) {
            self.archive = archive
            self.parameters = parameters
            self.out = out
            self.runTests = runTests
            self.sourceDateEpoch = sourceDateEpoch
        }
    }

    public enum Outcome: Sendable {
        /// The edited file sets the values the archive already has: nothing was written.
        case unchanged(version: String)
        /// A new archive was written.
        case written(path: String, entry: ChangelogEntry, archive: [UInt8])
    }

    /// Why applying failed; `status` is the exit code the command uses.
    public struct Failure: Error, Sendable {
        public var diagnostics: [Diagnostic]
        public var status: Int32
    }

    public init() {}

    public func apply(_ request: Request) throws(Failure) -> Outcome {
        let archive: PackageArchive
        do {
            archive = try PackageArchive.open(request.archive)
        } catch {
            throw Failure(diagnostics: error.diagnostics, status: 66)
        }
        let broken = archive.integrityChecks().filter { !$0.passed }
        guard broken.isEmpty, let spec = archive.spec else {
            throw Failure(
                diagnostics: [
                    .error(
                        ParamsDiagnosticID.damagedArchive,
                        "\(request.archive) is not intact: "
                            + broken.map { "\($0.name): \($0.detail)" }.joined(separator: "; "),
                        at: SourceLocation(file: request.archive),
                        help: ["the archive was changed after nbship wrote it; apply the parameters to an intact copy"])
                ], status: 66)
        }
        let old = Data(archive.bytes)
        let history = archive.manifest
        let edited = try Self.read(request.parameters, role: "parameters file")
        let checked = ParameterFileChecker(parameters: spec.editableParameters).check(
            String(decoding: edited, as: UTF8.self), file: request.parameters)
        if checked.hasErrors { throw Failure(diagnostics: checked.diagnostics, status: 1) }

        var changes: [ChangelogEntry.ParameterChange] = []
        var edits: [String: ParameterValue] = [:]
        for parameter in spec.editableParameters {
            guard let value = checked.values[parameter.name], value != parameter.value else { continue }
            changes.append(
                ChangelogEntry.ParameterChange(
                    name: parameter.name, from: ParameterFileChecker.yaml(parameter.value),
                    to: ParameterFileChecker.yaml(value)))
            edits[parameter.name] = value
        }
        guard !changes.isEmpty else { return .unchanged(version: history.version) }
        // The edit goes through the spec's own rules, as a decoded spec does.
        let revised: ModelSpec
        do {
            revised = try spec.settingParameters(edits)
        } catch {
            throw Failure(diagnostics: error.diagnostics, status: 1)
        }

        guard let current = SemanticVersion(history.version) else {
            throw Failure(
                diagnostics: [
                    .error(
                        ParamsDiagnosticID.badVersion,
                        "the archive's version '\(history.version)' is not MAJOR.MINOR.PATCH; cannot pick the next one")
                ], status: 66)
        }
        let version = "\(current.major).\(current.minor).\(current.patch + 1)"
        let folder = request.out ?? (request.archive as NSString).deletingLastPathComponent
        let newRoot = ArchiveWriter.rootDirectory(name: spec.name, version: version)
        let destination = (folder as NSString).appendingPathComponent("\(newRoot).tar.gz")
        if FileManager.default.fileExists(atPath: destination) {
            throw Failure(
                diagnostics: [
                    .error(
                        ArchiveDiagnosticID.exists,
                        "'\(destination)' already exists; nbship never overwrites an archive",
                        help: ["move it away, or apply the parameters to \(newRoot) instead"])
                ], status: 73)
        }

        let files: [RenderedFile]
        do {
            files = try PackageGenerator().generate(revised, version: version)
        } catch {
            throw Failure(diagnostics: error.diagnostics, status: 1)
        }
        var verification = "tests not run (--skip-tests)"
        if request.runTests {
            try Self.runTests(files, root: newRoot)
            verification = "swift test passed"
        }
        let entry = ChangelogEntry(
            version: version, previousVersion: history.version, previousArchiveSHA256: Checksums.sha256Hex(old),
            command: "nbship params apply",
            reason: "patch: only parameter values changed (\(changes.map(\.name).joined(separator: ", ")))",
            parameters: changes, examples: SpecDiff.exampleChanges(from: spec, to: revised), verification: verification)
        do {
            let assembled = try PackageAssembler.assemble(
                files: files, spec: revised, version: version, changelog: (history.changelog ?? []) + [entry])
            let time = try ArchiveWriter.modificationTime(sourceDateEpoch: request.sourceDateEpoch)
            let bytes = try ArchiveWriter(rootDirectory: newRoot, modificationTime: time).archive(assembled)
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try AtomicFile.create(bytes, at: destination)
            return .written(path: destination, entry: entry, archive: bytes)
        } catch let error as ArchiveError {
            throw Failure(diagnostics: [error.diagnostic], status: 73)
        } catch {
            throw Failure(
                diagnostics: [
                    .error(
                        "output.unwritable",
                        "cannot create the output folder '\(folder)': \(error.localizedDescription)")
                ], status: 73)
        }
    }

    /// Unpacks the generated files to a temporary folder and runs their tests with `swift test`.
    package static func runTests(_ files: [RenderedFile], root: String) throws(Failure) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "nbship-apply-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let folder = work.appendingPathComponent(root)
        let result: Subprocess.Result
        do {
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
            }
            result = try Subprocess.run(Subprocess.swift, ["test", "--package-path", folder.path])
        } catch {
            throw Failure(
                diagnostics: [
                    .error(
                        ParamsDiagnosticID.testsNotRun, "cannot run the generated tests: \(error.localizedDescription)",
                        help: ["install a Swift toolchain, or pass --skip-tests to write the archive untested"])
                ], status: 1)
        }
        guard result.status == 0 else {
            let tail = (result.stdout + result.stderr).split(separator: "\n").suffix(20).joined(separator: "\n")
            throw Failure(
                diagnostics: [
                    .error(
                        ParamsDiagnosticID.testsFailed,
                        "the new version's generated tests failed; nothing was written:\n\(tail)")
                ], status: 1)
        }
    }

    package static func read(_ path: String, role: String) throws(Failure) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(
                diagnostics: [
                    .error(
                        ParamsDiagnosticID.unreadable, "cannot read the \(role) \(path)", at: SourceLocation(file: path)
                    )
                ],
                status: 66)
        }
        return data
    }
}
