import ArchiveKit
import Foundation
import NBCore
import NotebookReader
import PMMLReader
import PackageGenerator

extension ArchiveError: ArchiveErrorConvertible {
    var asDiagnostic: Diagnostic { diagnostic }
}

/// The whole conversion, callable in-process: read, build the spec, generate, package, write.
public struct Converter: Sendable {
    public struct Request: Sendable {
        public var notebook: String?
        public var model: String?
        public var out: String
        public var name: String?
        public var version: String
        public var templates: String?
        public var sourceDateEpoch: String?

        public init(
            notebook: String?, model: String?, out: String = "dist", name: String? = nil, version: String = "1.0.0",
            templates: String? = nil, sourceDateEpoch: String? = nil
        ) {
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
    }

    public init() {}

    /// Reads a whole input file, with a clear error when it cannot be read.
    static func readFile(_ path: String, role: String) throws(DiagnosticError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DiagnosticError(
                .error(
                    "input.not-found", "the \(role) '\(path)' does not exist",
                    help: ["check the path; it is relative to \(FileManager.default.currentDirectoryPath)"]))
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(
                .error("input.unreadable", "the \(role) '\(path)' cannot be read", at: SourceLocation(file: path)))
        }
        return data
    }

    /// Reads a model file's bytes, with the provenance entry that records them.
    static func readModel(data: Data, file: String) throws(DiagnosticError) -> (ImportedModel, Provenance.SourceFile) {
        let model = try PMMLReader.read(data: data, file: file)
        let source = Provenance.SourceFile(
            role: "model", name: (file as NSString).lastPathComponent, sha256: Checksums.sha256Hex(data),
            format: model.format)
        return (model, source)
    }

    /// Builds the spec and the archive bytes without writing anything.
    public func build(
        _ request: Request
    ) throws(DiagnosticError) -> (spec: ModelSpec, package: GeneratedPackage, warnings: [Diagnostic]) {
        var warnings: [Diagnostic] = []
        var sources: [Provenance.SourceFile] = []
        var extract: NotebookExtract?
        var problems: [Diagnostic] = []
        if let path = request.notebook {
            do {
                let data = try Self.readFile(path, role: "notebook")
                let (notebook, found) = try NotebookReader.readAndExtract(data: data, file: path)
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
                let (model, source) = try Self.readModel(data: Self.readFile(path, role: "model file"), file: path)
                imported = model
                sources.append(source)
            } catch {
                problems += error.diagnostics
            }
        }
        // Report reader errors from both files together.
        if !problems.isEmpty { throw DiagnosticError(warnings + problems) }
        let (spec, found) = try SpecBuilder().build(
            SpecBuilder.Request(notebook: extract, model: imported, sources: sources, name: request.name))
        warnings += found
        let generator: PackageGenerator
        if let folder = request.templates {
            generator = try PackageGenerator(templates: PackageGenerator.templates(inDirectory: folder), origin: folder)
        } else {
            generator = try PackageGenerator()
        }
        let files = try generator.generate(spec, version: request.version)
        let package = try Self.assemble(files, spec: spec, version: request.version).get()
        return (spec, package, warnings)
    }

    /// Converts and writes the archive; never overwrites an existing one.
    public func convert(_ request: Request) throws(DiagnosticError) -> Result {
        let (spec, package, warnings) = try build(request)
        let root = ArchiveWriter.rootDirectory(name: spec.name, version: request.version)
        let destination = (request.out as NSString).appendingPathComponent("\(root).tar.gz")
        if FileManager.default.fileExists(atPath: destination) {
            throw DiagnosticError(
                warnings + [
                    .error(
                        "archive.exists", "'\(destination)' already exists; nbship never overwrites an archive",
                        help: ["pass a new --version (e.g. the next patch version), or move the old archive away"])
                ])
        }
        do {
            let time = try ArchiveWriter.modificationTime(sourceDateEpoch: request.sourceDateEpoch)
            let bytes = try ArchiveWriter(rootDirectory: root, modificationTime: time).archive(package)
            try FileManager.default.createDirectory(atPath: request.out, withIntermediateDirectories: true)
            try AtomicFile.create(bytes, at: destination)
            return Result(archivePath: destination, archive: bytes, spec: spec, warnings: warnings)
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
