// libFuzzer target for the XGBoost reader: bytes -> XGBoostReader.read (UBJSON when the bytes look like it, else
// JSON), then, when the model is accepted, SpecBuilder.build and PackageGenerator.generate. `bash .ci/fuzz 60 xgboost`.
#if FUZZING
    import BoosterReader
    import Foundation
    import NBCore
    import PackageGenerator

    private let generator = try! PackageGenerator()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = size > 0 ? Data(bytes: data!, count: size) : Data()
        let binary = XGBoostReader.looksLikeUBJSON(bytes)
        do {
            let model = try XGBoostReader.read(data: bytes, file: "fuzz.json", binary: binary)
            let (spec, _) = try SpecBuilder().build(SpecBuilder.Request(notebook: nil, model: model))
            _ = try generator.generate(spec, version: "1.0.0")
        } catch {
            precondition(
                error.diagnostics.contains { $0.severity == .error && !$0.message.isEmpty },
                "threw without an error diagnostic: \(error)")
        }
        return 0
    }
#else
    @main
    struct FuzzXGBoost {
        static func main() {
            print("fuzz-xgboost is a libFuzzer target: `bash .ci/fuzz 60 xgboost` builds and runs it")
        }
    }
#endif
