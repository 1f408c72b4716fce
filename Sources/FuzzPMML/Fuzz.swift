// libFuzzer target for the PMML reader and the conversion behind it: PMML bytes -> PMMLReader.read, then, when the
// model is accepted, SpecBuilder.build and PackageGenerator.generate. Build and run with `bash .ci/fuzz`.
#if FUZZING
    import Foundation
    import NBCore
    import PMMLReader
    import PackageGenerator

    private let generator = try! PackageGenerator()

    /// A thrown error must say what is wrong: at least one error diagnostic, each with a message.
    private func checkError(_ error: DiagnosticError, _ stage: String) {
        precondition(
            error.diagnostics.contains { $0.severity == .error && !$0.message.isEmpty },
            "\(stage) threw without an error diagnostic: \(error)")
        _ = error.description
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = size > 0 ? Data(bytes: data!, count: size) : Data()
        let model: ImportedModel
        do {
            model = try PMMLReader.read(data: bytes, file: "fuzz.pmml")
        } catch {
            checkError(error, "PMMLReader.read")
            return 0
        }
        let spec: ModelSpec
        do {
            (spec, _) = try SpecBuilder().build(SpecBuilder.Request(notebook: nil, model: model))
        } catch {
            checkError(error, "SpecBuilder.build")
            return 0
        }
        do {
            _ = try generator.generate(spec, version: "1.0.0")
        } catch {
            checkError(error, "PackageGenerator.generate")
        }
        return 0
    }
#else
    @main
    struct FuzzPMML {
        static func main() {
            print(
                "fuzz-pmml is a libFuzzer target: `bash .ci/fuzz 60 pmml` builds and runs it")
        }
    }
#endif
