import ArchiveKit
import Foundation
import NBCore
import PMMLReader
import PackageGenerator

extension Converter {
    /// A model file converted without a notebook, stage by stage: the spec is kept even when code generation
    /// refuses it, so the reference evaluator can still score it.
    public struct ModelConversion: Sendable {
        public var spec: ModelSpec
        public var warnings: [Diagnostic]
        /// The generated package, or why code generation refused the spec.
        public var package: Swift.Result<GeneratedPackage, DiagnosticError>
    }

    /// Converts a model file given as bytes (already repaired, if need be): the steps of `build(_:)` for a
    /// model file alone, with the default templates.
    public static func convertModel(
        data: Data, file: String, name: String?, version: String = "1.0.0"
    ) throws(DiagnosticError) -> ModelConversion {
        let (model, source) = try readModel(data: data, file: file)
        let (spec, warnings) = try SpecBuilder().build(
            SpecBuilder.Request(notebook: nil, model: model, sources: [source], name: name))
        let package: Swift.Result<GeneratedPackage, DiagnosticError>
        do {
            let files = try PackageGenerator().generate(spec, version: version)
            package = Self.assemble(files, spec: spec, version: version)
        } catch {
            package = .failure(error)
        }
        return ModelConversion(spec: spec, warnings: warnings, package: package)
    }

    public static func assemble(
        _ files: [RenderedFile], spec: ModelSpec, version: String
    ) -> Swift.Result<GeneratedPackage, DiagnosticError> {
        do {
            return .success(try PackageAssembler.assemble(files: files, spec: spec, version: version))
        } catch {
            return .failure(DiagnosticError(error.diagnostic))
        }
    }
}
