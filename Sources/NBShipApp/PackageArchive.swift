import ArchiveKit
import Foundation
import NBCore

/// `manifest.json` as written by any nbship version: fields added later are optional.
public struct ManifestDocument: Sendable, Codable, Hashable {
    public struct FileEntry: Sendable, Codable, Hashable {
        public var path: String
        public var sha256: String
        public var size: Int
    }
    public var formatVersion: Int?
    public var name: String
    public var version: String
    public var generator: String?
    public var modelFamily: String?
    public var numericSemantics: String?
    public var sources: [Provenance.SourceFile]?
    public var cells: [Provenance.CellUse]?
    public var modelProducer: String?
    public var changelog: [ChangelogEntry]?
    public var files: [FileEntry]?
}

/// A package archive opened in memory: nothing is unpacked to disk.
///
/// Reading refuses what `ArchiveReader` refuses (paths with `..`, absolute paths, links, special files, duplicate
/// entries, more than the entry and size limits) and anything that is not gzip-compressed.
public struct PackageArchive: Sendable {
    public let path: String
    public let bytes: [UInt8]
    public let rootDirectory: String
    public let package: GeneratedPackage
    public let manifest: ManifestDocument
    /// The spec, when `model-spec.json` is present and readable.
    public let spec: ModelSpec?
    /// Why the spec could not be read, when it could not.
    public let specProblem: String?

    /// The files every generated package has.
    public static let requiredFiles = [
        "Package.swift", "README.md", "manifest.json", "SHA256SUMS", "model-spec.json", "parameters.yaml",
        "parameters.schema.json",
    ]

    public static func open(
        _ path: String, limits: ArchiveReader.Limits = .init()
    ) throws(DiagnosticError)
        -> PackageArchive
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(
                .error(ArchiveDiagnosticID.unreadable, "cannot read \(path)", at: SourceLocation(file: path)))
        }
        return try open(bytes: [UInt8](data), path: path, limits: limits)
    }

    /// Opens an archive already in memory; `path` names it in diagnostics.
    public static func open(
        bytes: [UInt8], path: String, limits: ArchiveReader.Limits = .init()
    ) throws(DiagnosticError) -> PackageArchive {
        let location = SourceLocation(file: path)
        guard bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B else {
            throw DiagnosticError(
                .error(
                    ArchiveDiagnosticID.notGzip,
                    "\(path) is not a gzip-compressed archive (nbship packages are .tar.gz)",
                    at: location, help: ["pass the .tar.gz file nbship wrote"]))
        }
        let root: String
        let package: GeneratedPackage
        do {
            (root, package) = try ArchiveReader(limits: limits).package(in: bytes)
        } catch {
            var diagnostic = error.diagnostic
            diagnostic.location = location
            throw DiagnosticError(diagnostic)
        }
        guard let manifestFile = package.file(at: "manifest.json") else {
            throw DiagnosticError(
                .error(
                    ArchiveDiagnosticID.noManifest, "\(path) has no manifest.json: it is not an nbship package",
                    at: location)
            )
        }
        let manifest: ManifestDocument
        do {
            manifest = try JSONDecoder().decode(ManifestDocument.self, from: Data(manifestFile.contents))
        } catch {
            throw DiagnosticError(
                .error(
                    ArchiveDiagnosticID.badManifest, "the manifest.json of \(path) cannot be read: \(error)",
                    at: location))
        }
        var spec: ModelSpec?
        var problem: String?
        if let file = package.file(at: "model-spec.json") {
            do {
                spec = try PackageSpecFile.spec(from: Data(file.contents), location: path)
            } catch {
                problem = error.diagnostics.first?.message ?? "unreadable"
            }
        } else {
            problem = "model-spec.json is missing"
        }
        return PackageArchive(
            path: path, bytes: bytes, rootDirectory: root, package: package, manifest: manifest, spec: spec,
            specProblem: problem)
    }

    /// One result of checking an archive's integrity.
    public struct Check: Sendable, Codable, Hashable {
        public var name: String
        public var passed: Bool
        public var detail: String

        public init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    /// Checksums, layout and names: everything that can be checked without building.
    public func integrityChecks() -> [Check] {
        var checks: [Check] = []
        let files = Dictionary(package.files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
        // SHA256SUMS: every listed file matches, and every file but SHA256SUMS itself is listed.
        if let sums = files[Checksums.fileName] {
            do {
                let text = String(decoding: sums, as: UTF8.self)
                let listed = Set(try Checksums.parseSHA256SUMS(text).map(\.path))
                let mismatched = try Checksums.mismatches(in: text, files: files)
                let unlisted = files.keys.filter { $0 != Checksums.fileName && !listed.contains($0) }.sorted()
                var problems: [String] = []
                if !mismatched.isEmpty { problems.append("changed or missing: " + mismatched.joined(separator: ", ")) }
                if !unlisted.isEmpty { problems.append("not listed: " + unlisted.joined(separator: ", ")) }
                checks.append(
                    Check(
                        name: "SHA256SUMS", passed: problems.isEmpty,
                        detail: problems.isEmpty ? "\(listed.count) files match" : problems.joined(separator: "; ")))
            } catch {
                checks.append(
                    Check(name: "SHA256SUMS", passed: false, detail: "unreadable: \(error.diagnostic.message)"))
            }
        } else {
            checks.append(Check(name: "SHA256SUMS", passed: false, detail: "missing"))
        }
        // The manifest's own list: digests and sizes.
        if let entries = manifest.files {
            var problems: [String] = []
            for entry in entries {
                guard let contents = files[entry.path] else {
                    problems.append("\(entry.path) missing")
                    continue
                }
                if contents.count != entry.size || Checksums.sha256Hex(contents) != entry.sha256 {
                    problems.append("\(entry.path) changed")
                }
            }
            let listed = Set(entries.map(\.path))
            for path in files.keys.sorted()
            where !listed.contains(path) && path != "manifest.json"
                && path != Checksums.fileName
            {
                problems.append("\(path) not listed")
            }
            checks.append(
                Check(
                    name: "manifest files", passed: problems.isEmpty,
                    detail: problems.isEmpty ? "\(entries.count) files match" : problems.joined(separator: "; ")))
        } else {
            checks.append(Check(name: "manifest files", passed: false, detail: "the manifest lists no files"))
        }
        // Layout.
        var missing = Self.requiredFiles.filter { files[$0] == nil }
        if !files.keys.contains(where: { $0.hasPrefix("Sources/") && $0.hasSuffix("/Model.swift") }) {
            missing.append("Sources/<Module>/Model.swift")
        }
        if !files.keys.contains(where: { $0.hasPrefix("Tests/") }) { missing.append("Tests/") }
        checks.append(
            Check(
                name: "layout", passed: missing.isEmpty,
                detail: missing.isEmpty ? "all required files present" : "missing: " + missing.joined(separator: ", ")))
        let expectedRoot = ArchiveWriter.rootDirectory(name: manifest.name, version: manifest.version)
        checks.append(
            Check(
                name: "root folder", passed: rootDirectory == expectedRoot,
                detail: rootDirectory == expectedRoot
                    ? rootDirectory : "'\(rootDirectory)', but the manifest says \(expectedRoot)"))
        checks.append(
            Check(
                name: "model-spec.json", passed: spec != nil,
                detail: spec.map { "\($0.model.familyName), \($0.inputs.count) inputs" }
                    ?? (specProblem ?? "unreadable")))
        return checks
    }
}
