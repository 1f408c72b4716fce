// libFuzzer target for the parameters-file checker: parameters.yaml text (UTF-8, invalid bytes replaced) ->
// ParameterFileChecker.check, against a fixed list of every kind of parameter. Build and run with `bash .ci/fuzz`.
#if FUZZING
    import NBCore
    import ParameterFile

    /// A threshold with a range, a text with allowed values, a guard-rail pair, a prediction floor and cap, an
    /// integer and a boolean: the names the reference packages' parameters.yaml files use, and a few more.
    private let checker: ParameterFileChecker = {
        let threshold = ParameterSpec(
            name: "threshold", type: .number, value: .double(0.5), range: Interval(lower: 0.05, upper: 0.95),
            description: "decision threshold", role: .threshold, editable: true)
        let region = ParameterSpec(
            name: "region", type: .string, value: .string("north"), allowedValues: ["north", "south", "no"],
            role: .metadata, editable: true)
        var low = ParameterSpec(name: "bmi_min", type: .number, value: .double(10), role: .inputMinimum, editable: true)
        low.feature = "bmi"
        var high = ParameterSpec(
            name: "bmi_max", type: .number, value: .double(60), role: .inputMaximum, editable: true)
        high.feature = "bmi"
        let floor = ParameterSpec(
            name: "prediction_min", type: .number, value: .double(0), role: .predictionMinimum, editable: true)
        let cap = ParameterSpec(
            name: "prediction_max", type: .number, value: .double(400), role: .predictionMaximum, editable: true)
        let depth = ParameterSpec(
            name: "max_depth", type: .integer, value: .integer(4), range: Interval(lower: 1, upper: 32),
            role: .metadata, editable: true)
        let flag = ParameterSpec(
            name: "use_cache", type: .boolean, value: .boolean(true), role: .metadata, editable: true)
        let fixed = ParameterSpec(name: "C", type: .number, value: .double(1), role: .training, editable: false)
        return ParameterFileChecker(parameters: [threshold, region, low, high, floor, cap, depth, flag, fixed])
    }()

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let text = size > 0 ? String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) : ""
        let result = checker.check(text, file: "parameters.yaml")
        precondition(
            !result.hasErrors || result.diagnostics.allSatisfy { !$0.message.isEmpty },
            "a diagnostic without a message: \(result.diagnostics)")
        _ = result.diagnostics.map(\.description)
        for value in result.values.values {
            _ = ParameterFileChecker.yaml(value)
        }
        return 0
    }
#else
    @main
    struct FuzzParameters {
        static func main() {
            print(
                "fuzz-parameters is a libFuzzer target: `bash .ci/fuzz 60 parameters` builds and runs it"
            )
        }
    }
#endif
