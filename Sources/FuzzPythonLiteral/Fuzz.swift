// libFuzzer target for the Python literal parser of tagged cells: cell source (UTF-8, invalid bytes replaced) ->
// PythonLiteralParser.parse. Build and run with `bash .ci/fuzz`.
#if FUZZING
    import NBCore
    import NotebookReader

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let source =
            size > 0 ? String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) : ""
        let (assignments, diagnostics) = PythonLiteralParser.parse(source, file: "fuzz.ipynb", cell: 1)
        for assignment in assignments {
            _ = "\(assignment)"
        }
        for diagnostic in diagnostics {
            precondition(!diagnostic.message.isEmpty, "a diagnostic without a message: \(diagnostic)")
            _ = diagnostic.description
        }
        return 0
    }
#else
    @main
    struct FuzzPythonLiteral {
        static func main() {
            print(
                "fuzz-python-literal is a libFuzzer target: `bash .ci/fuzz 60 python-literal` builds and runs it"
            )
        }
    }
#endif
