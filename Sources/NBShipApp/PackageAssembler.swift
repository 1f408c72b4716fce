import ArchiveKit
import Foundation
import NBCore
import PackageGenerator

/// Adds `manifest.json` and `SHA256SUMS` to the generated files.
///
/// The manifest records what is needed to rebuild and audit the package: name, version, the nbship version,
/// source files with their SHA-256, the notebook cells used, and every file's SHA-256 and size.
/// `SHA256SUMS` lists every other file, the manifest included, in `sha256sum -c` format.
package enum PackageAssembler {
    package static func assemble(
        files rendered: [RenderedFile], spec: ModelSpec, version: String, changelog: [ChangelogEntry] = []
    ) throws(ArchiveError) -> GeneratedPackage {
        // GeneratedPackage normalises paths (NFC); hash what will actually be archived.
        let files = try GeneratedPackage(files: rendered.map { GeneratedFile(path: $0.path, text: $0.contents) }).files
        let entries = files.map {
            ManifestDocument.FileEntry(path: $0.path, sha256: Checksums.sha256Hex($0.contents), size: $0.contents.count)
        }
        let manifest = ManifestDocument(
            formatVersion: 1, name: spec.name, version: version, generator: "nbship \(PackageGenerator.toolVersion)",
            modelFamily: spec.model.familyName, numericSemantics: spec.numeric.rawValue,
            sources: spec.provenance.sources, cells: spec.provenance.cells,
            modelProducer: spec.provenance.modelProducer, changelog: changelog.isEmpty ? nil : changelog,
            files: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(manifest)) ?? Data("{}".utf8)
        let package = try GeneratedPackage(
            files: files + [GeneratedFile(path: "manifest.json", contents: [UInt8](data) + [0x0A])])
        return try Checksums.addingSHA256SUMS(to: package)
    }
}

/// One step in a package's history, recorded in `manifest.json` by the command that made the version.
public struct ChangelogEntry: Sendable, Codable, Hashable {
    /// A parameter whose value changed, as the parameters file spells the values.
    public struct ParameterChange: Sendable, Codable, Hashable {
        public var name: String
        public var from: String
        public var to: String
    }

    /// A golden example whose output changed.
    public typealias ExampleChange = SpecDiff.ExampleChange

    public var version: String
    public var previousVersion: String
    /// SHA-256 of the archive this version was made from.
    public var previousArchiveSHA256: String
    /// The command that made this version (`nbship params apply`).
    public var command: String
    /// Why the version number moved as it did.
    public var reason: String
    public var parameters: [ParameterChange]
    public var examples: [ExampleChange]
    /// What was done to check the new version: `swift test passed` or `tests not run (--skip-tests)`.
    public var verification: String
    /// The spec-level changes (`nbship diff`), one line each; absent for `params apply`, which changes values only.
    public var changes: [String]?
}
