import ArchiveKit
import Foundation
import NBCore
import PackageGenerator

/// Adds `manifest.json` and `SHA256SUMS` to the generated files.
///
/// The manifest records what is needed to rebuild and audit the package: name, version, the nbship version,
/// source files with their SHA-256, the notebook cells used, and every file's SHA-256 and size.
/// `SHA256SUMS` lists every other file, the manifest included, in `sha256sum -c` format.
enum PackageAssembler {
    struct Manifest: Encodable {
        struct FileEntry: Encodable { let path: String; let sha256: String; let size: Int }
        let formatVersion = 1
        let name: String
        let version: String
        let generator: String
        let modelFamily: String
        let numericSemantics: String
        let sources: [Provenance.SourceFile]
        let cells: [Provenance.CellUse]
        let modelProducer: String?
        let files: [FileEntry]
    }

    static func assemble(
        files rendered: [RenderedFile], spec: ModelSpec, version: String
    ) throws(ArchiveError) -> GeneratedPackage {
        // GeneratedPackage normalises paths (NFC); hash what will actually be archived.
        let files = try GeneratedPackage(files: rendered.map { GeneratedFile(path: $0.path, text: $0.contents) }).files
        let entries = files.map {
            Manifest.FileEntry(path: $0.path, sha256: Checksums.sha256Hex($0.contents), size: $0.contents.count)
        }
        let manifest = Manifest(
            name: spec.name, version: version, generator: "nbship \(PackageGenerator.toolVersion)",
            modelFamily: spec.model.familyName, numericSemantics: spec.numeric.rawValue,
            sources: spec.provenance.sources, cells: spec.provenance.cells,
            modelProducer: spec.provenance.modelProducer,
            files: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(manifest)) ?? Data("{}".utf8)
        let package = try GeneratedPackage(
            files: files + [GeneratedFile(path: "manifest.json", contents: [UInt8](data) + [0x0A])])
        return try Checksums.addingSHA256SUMS(to: package)
    }
}
