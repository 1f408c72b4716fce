// libFuzzer target for the LightGBM text reader: bytes -> LightGBMReader.read, then, when the model is accepted,
// SpecBuilder.build and PackageGenerator.generate. `bash .ci/fuzz 60 lightgbm`.
#if FUZZING
    import BoosterReader
    import Foundation
    import NBCore
    import PackageGenerator

    private let generator = try! PackageGenerator()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = size > 0 ? Data(bytes: data!, count: size) : Data()
        do {
            let model = try LightGBMReader.read(data: bytes, file: "fuzz.txt")
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
    struct FuzzLightGBM {
        static func main() {
            print("fuzz-lightgbm is a libFuzzer target: `bash .ci/fuzz 60 lightgbm` builds and runs it")
        }
    }
#endif
