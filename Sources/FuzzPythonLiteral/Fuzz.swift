// libFuzzer target for the Python readers of tagged cells: cell source (UTF-8, invalid bytes replaced) ->
// PythonLiteralParser.parse, and the same source as a `model` cell -> ModelCellReader.read, the function model
// built from it and its function interpreted on a few arguments (Python's errors are values, never crashes).
// Build and run with `bash .ci/fuzz`.
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
        let (cell, cellDiagnostics) = ModelCellReader.read(source, file: "fuzz.ipynb", cell: 1)
        for diagnostic in diagnostics + cellDiagnostics {
            precondition(!diagnostic.message.isEmpty, "a diagnostic without a message: \(diagnostic)")
            _ = diagnostic.description
        }
        if let cell {
            var notebook = NotebookExtract(
                file: "fuzz.ipynb", nbformat: 4, nbformatMinor: 5, kernelLanguage: "python", title: nil, markdown: "",
                cellCount: 1, roleCells: [])
            notebook.modelCell = cell
            if let model = try? FunctionModelBuilder.imported(notebook),
                let (spec, _) = try? SpecBuilder().build(SpecBuilder.Request(notebook: notebook, model: model))
            {
                let evaluator = SpecEvaluator(spec: spec)
                for value in [0.0, 1.5, -7.0, 1e300] {
                    let row = Dictionary(uniqueKeysWithValues: spec.inputs.map { ($0.name, FieldValue.number(value)) })
                    _ = try? evaluator.evaluate(row)
                }
            }
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
