import ArchiveKit
import BoosterReader
import Foundation
import NBCore
import NotebookReader
import ONNXReader
import PMMLReader
import PackageGenerator

extension ArchiveError: ArchiveErrorConvertible {
    public var asDiagnostic: Diagnostic { diagnostic }
}

extension Error {
    /// Any error as diagnostics: `DiagnosticError` keeps its own, others become one error.
    public var diagnostics: [Diagnostic] {
        if let error = self as? DiagnosticError { return error.diagnostics }
        if let error = self as? ArchiveErrorConvertible { return [error.asDiagnostic] }
        return [
            .error(
                PackageDiagnosticID.internalError, "\(self)",
                help: ["this is a bug in nbship; please report it with the input files"])
        ]
    }
}

/// Errors that know their diagnostic form.
public protocol ArchiveErrorConvertible { var asDiagnostic: Diagnostic { get } }

/// The whole conversion, callable in-process: read, build the spec, generate, package, write.
public struct Converter: Sendable {
    public struct Request: Sendable {
        public var notebook: String?
        public var model: String?
        public var out: String
        public var name: String?
        /// The version to write; nil picks it from the newest archive of the same name in `out` (see `Versioning`).
        public var version: String?
        /// Accepts an explicit version that is not above the newest or under-states the change, recording why.
        public var versionOverrideReason: String?
        public var templates: String?
        public var sourceDateEpoch: String?
        /// Bounds on the input files.
        public var limits: InputLimits

        public init(
            notebook: String?, model: String?, out: String = "dist", name: String? = nil, version: String? = nil,
            versionOverrideReason: String? = nil, templates: String? = nil, sourceDateEpoch: String? = nil,
            limits: InputLimits = InputLimits()
        ) {
            self.limits = limits
            self.versionOverrideReason = versionOverrideReason
            self.notebook = notebook
            self.model = model
            self.out = out
            self.name = name
            self.version = version
            self.templates = templates
            self.sourceDateEpoch = sourceDateEpoch
        }
    }

    public struct Result: Sendable {
        public var archivePath: String
        public var archive: [UInt8]
        public var spec: ModelSpec
        public var warnings: [Diagnostic]
        /// What this version records about the previous one; nil for a first version.
        public var changelog: ChangelogEntry?
        /// True when nothing changed since the newest archive: nothing was written and `archivePath` is that one.
        public var unchanged = false
    }

    /// Tree ensembles with at least this many nodes become tables (`PackageGenerator.tableThreshold`); tests
    /// lower it to run the table walker on the small booster samples.
    package var treeTableNodes = PackageGenerator.defaultTableThreshold

    public init() {}

    /// Reads a whole input file, with a clear error when it cannot be read.
    package static func readFile(
        _ path: String, role: String, limits: InputLimits = InputLimits()
    ) throws(DiagnosticError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.inputNotFound, "the \(role) '\(path)' does not exist",
                    help: ["check the path; it is relative to \(FileManager.default.currentDirectoryPath)"]))
        }
        // Checked before reading, so a huge file is never loaded.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
            size > limits.maxFileBytes
        {
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.inputTooLarge,
                    "the \(role) '\(path)' is \(size) bytes, more than the limit of \(limits.maxFileBytes)",
                    at: SourceLocation(file: path),
                    help: ["pass --max-file-bytes \(size) if the file is right (the most libxml2 reads is 2 GiB - 1)"]))
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.inputUnreadable, "the \(role) '\(path)' cannot be read",
                    at: SourceLocation(file: path)))
        }
        return data
    }

    /// Reads a model file's bytes, with the provenance entry that records them.
    package static func readModel(
        data: Data, file: String, limits: InputLimits = InputLimits()
    ) throws(DiagnosticError) -> (ImportedModel, Provenance.SourceFile) {
        let model: ImportedModel
        switch ModelFileFormat.detect(data, fileName: file) {
        case .pmml: model = try PMMLReader.read(data: data, file: file, limits: limits)
        case .xgboostJSON: model = try XGBoostReader.read(data: data, file: file, binary: false, limits: limits)
        case .xgboostUBJSON: model = try XGBoostReader.read(data: data, file: file, binary: true, limits: limits)
        case .lightgbmText: model = try LightGBMReader.read(data: data, file: file, limits: limits)
        case .onnx: model = try ONNXReader.read(data: data, file: file, limits: limits)
        case .other(let what, let help):
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.inputUnknownFormat, "the model file is \(what), not a model nbship reads",
                    at: SourceLocation(file: file), help: [help, "nbship reads \(ModelFileFormat.readable)"]))
        }
        let nodes = model.model.size.nodes
        if nodes > limits.maxNodes {
            throw DiagnosticError(
                .error(
                    PMMLDiagnosticID.tooManyNodes,
                    "the model has \(nodes) tree nodes, more than the limit of \(limits.maxNodes)",
                    at: SourceLocation(file: file), help: ["pass --max-nodes \(nodes) if the model is right"]))
        }
        let source = Provenance.SourceFile(
            role: "model", name: (file as NSString).lastPathComponent, sha256: Checksums.sha256Hex(data),
            format: model.format)
        return (model, source)
    }

    /// Reads the inputs and builds the validated spec.
    public func spec(_ request: Request) throws(DiagnosticError) -> (spec: ModelSpec, warnings: [Diagnostic]) {
        let report = check(request)
        guard let spec = report.spec else { throw DiagnosticError(report.diagnostics) }
        return (spec, report.diagnostics)
    }

    /// Reads the inputs and runs every rule without writing anything: the spec when they are valid, all
    /// diagnostics (the readers' first: a misspelt `scaling` tag often explains a later error), and what was
    /// understood (`nbship check`).
    public func check(_ request: Request) -> SpecBuilder.Report {
        var warnings: [Diagnostic] = []
        var sources: [Provenance.SourceFile] = []
        var extract: NotebookExtract?
        var problems: [Diagnostic] = []
        if let path = request.notebook {
            do {
                let data = try Self.readFile(path, role: "notebook", limits: request.limits)
                let (notebook, found) = try NotebookReader.readAndExtract(
                    data: data, file: path, limits: request.limits)
                warnings += found
                extract = notebook
                sources.append(
                    Provenance.SourceFile(
                        role: "notebook", name: (path as NSString).lastPathComponent, sha256: Checksums.sha256Hex(data),
                        format: "nbformat \(notebook.nbformat).\(notebook.nbformatMinor)"))
            } catch {
                problems += error.diagnostics
            }
        }
        var imported: ImportedModel?
        if let path = request.model {
            do {
                let (model, source) = try Self.readModel(
                    data: Self.readFile(path, role: "model file", limits: request.limits), file: path,
                    limits: request.limits)
                imported = model
                sources.append(source)
            } catch {
                problems += error.diagnostics
            }
        }
        // Report reader errors from both files together.
        if !problems.isEmpty {
            return SpecBuilder.Report(spec: nil, diagnostics: warnings + problems, understanding: Understanding())
        }
        var report = SpecBuilder().check(
            SpecBuilder.Request(notebook: extract, model: imported, sources: sources, name: request.name))
        report.diagnostics = warnings + report.diagnostics
        return report
    }

    /// Generates and assembles the package of a spec at a version.
    package func package(
        _ spec: ModelSpec, version: String, templates: String?, changelog: [ChangelogEntry] = []
    ) throws(DiagnosticError) -> GeneratedPackage {
        var generator: PackageGenerator
        if let folder = templates {
            generator = try PackageGenerator(templates: PackageGenerator.templates(inDirectory: folder), origin: folder)
        } else {
            generator = try PackageGenerator()
        }
        generator.tableThreshold = treeTableNodes
        let files = try generator.generate(spec, version: version)
        do {
            return try PackageAssembler.assemble(files: files, spec: spec, version: version, changelog: changelog)
        } catch {
            throw DiagnosticError(error.diagnostic)
        }
    }

    /// Builds the spec and the archive bytes without writing anything (version: the request's, else 1.0.0).
    public func build(
        _ request: Request
    ) throws(DiagnosticError) -> (spec: ModelSpec, package: GeneratedPackage, warnings: [Diagnostic]) {
        let (spec, warnings) = try spec(request)
        let package = try self.package(spec, version: request.version ?? "1.0.0", templates: request.templates)
        return (spec, package, warnings)
    }

    /// Converts and writes the archive; never overwrites an existing one.
    ///
    /// Without an explicit version, the version follows from what changed since the newest archive of the same name
    /// in the output folder (`Versioning`); when nothing changed, nothing is written.
    public func convert(_ request: Request) throws(DiagnosticError) -> Result {
        var clock = PhaseClock()
        defer { clock.report() }
        let (spec, warnings) = try spec(request)
        clock.lap("read and build the spec")
        let plan: Versioning.Plan
        do {
            plan = try Versioning.plan(
                spec: spec, folder: request.out, requested: request.version,
                overrideReason: request.versionOverrideReason
            ) { (version) throws(DiagnosticError) in
                try self.package(spec, version: version, templates: request.templates)
            }
        } catch {
            throw DiagnosticError(warnings + error.diagnostics)
        }
        if plan.unchanged, let previous = plan.previous {
            return Result(
                archivePath: previous.path, archive: previous.bytes, spec: spec, warnings: warnings, changelog: nil,
                unchanged: true)
        }
        clock.lap("choose the version")
        let package = try self.package(
            spec, version: plan.version, templates: request.templates,
            changelog: (plan.previous?.manifest.changelog ?? []) + (plan.entry.map { [$0] } ?? []))
        clock.lap("generate and hash the package")
        let root = ArchiveWriter.rootDirectory(name: spec.name, version: plan.version)
        let destination = (request.out as NSString).appendingPathComponent("\(root).tar.gz")
        if FileManager.default.fileExists(atPath: destination) {
            throw DiagnosticError(
                warnings + [
                    .error(
                        ArchiveDiagnosticID.exists,
                        "'\(destination)' already exists; nbship never overwrites an archive",
                        help: ["pass a new --version (e.g. the next patch version), or move the old archive away"])
                ])
        }
        do {
            let time = try ArchiveWriter.modificationTime(sourceDateEpoch: request.sourceDateEpoch)
            let bytes = try ArchiveWriter(rootDirectory: root, modificationTime: time).archive(package)
            clock.lap("write the tar.gz in memory")
            try FileManager.default.createDirectory(atPath: request.out, withIntermediateDirectories: true)
            try AtomicFile.create(bytes, at: destination)
            clock.lap("write the file")
            return Result(
                archivePath: destination, archive: bytes, spec: spec, warnings: warnings, changelog: plan.entry)
        } catch let error as ArchiveError {
            throw DiagnosticError(warnings + [error.diagnostic])
        } catch {
            throw DiagnosticError(
                warnings + [
                    .error(
                        "output.unwritable",
                        "cannot create the output folder '\(request.out)': \(error.localizedDescription)")
                ])
        }
    }
}

/// Phase timings of a conversion, printed to standard error when `NBSHIP_TIMINGS=1` (for benchmarks; never
/// asserted on).
package struct PhaseClock {
    package let enabled = ProcessInfo.processInfo.environment["NBSHIP_TIMINGS"] == "1"
    package var last = DispatchTime.now()
    package var phases: [(String, Double)] = []

    package mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now()
        phases.append((name, Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9))
        last = now
    }

    package func report() {
        guard enabled else { return }
        var text = ""
        for (name, seconds) in phases { text += String(format: "nbship timing: %8.3f s  ", seconds) + name + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
