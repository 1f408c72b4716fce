import ArchiveKit
import Foundation
import NBCore

/// The model spec and files of a generated package, from its folder or its archive (`params`, `verify`).
public enum PackageSpecFile {
    /// The model spec of the package: `model-spec.json` in the package folder or archive, or beside the file.
    public static func spec(package: String?, besides file: String) throws(DiagnosticError) -> ModelSpec {
        let location = package ?? (file as NSString).deletingLastPathComponent
        return try spec(from: try packageFile("model-spec.json", in: location), location: location)
    }

    /// A file of a package folder or archive; nil when the package lacks it.
    public static func packageFile(_ name: String, in location: String) throws(DiagnosticError) -> Data? {
        if location.hasSuffix(".tar.gz") || location.hasSuffix(".tgz") {
            guard let archive = FileManager.default.contents(atPath: location) else {
                throw DiagnosticError(.error(ParamsDiagnosticID.unreadable, "cannot read the archive \(location)"))
            }
            do {
                let (_, contents) = try ArchiveReader().package(in: [UInt8](archive))
                return contents.files.first { $0.path == name }.map { Data($0.contents) }
            } catch {
                throw DiagnosticError(
                    .error(ParamsDiagnosticID.unreadable, "cannot read the archive \(location): \(error)"))
            }
        }
        let folder = location.isEmpty ? "." : location
        return FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(name))
    }

    public static func spec(from json: Data?, location: String) throws(DiagnosticError) -> ModelSpec {
        guard let json else {
            throw DiagnosticError(
                .error(
                    ParamsDiagnosticID.noPackage,
                    "no model-spec.json in \(location.isEmpty ? "this folder" : location)",
                    help: ["pass the package the file belongs to: --package <folder or .tar.gz>"]))
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ModelSpec.self, from: json)
        } catch {
            throw DiagnosticError(
                .error(ParamsDiagnosticID.noPackage, "the package's model-spec.json cannot be read: \(error)"))
        }
    }
}
