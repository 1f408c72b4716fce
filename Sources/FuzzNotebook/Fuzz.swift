// libFuzzer target for the notebook reader: `.ipynb` bytes -> NotebookReader.readAndExtract, and, when the notebook
// is accepted, the spec builder (parameters, scaling, examples) with a fixed linear model and the package generator
// (the model card renders the notebook's prose). Build and run with `bash .ci/fuzz`.
#if FUZZING
    import Foundation
    import NBCore
    import NotebookReader
    import PMMLReader
    import PackageGenerator

    /// The diabetes-linear sample's model (Samples/diabetes-linear/model.pmml), so that accepted notebooks reach
    /// the spec builder and the generator.
    private let modelText = """
        <?xml version="1.0" encoding="UTF-8"?>
        <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
        <Header><Application name="SkLearn2PMML package" version="0.133.1"/></Header>
        <DataDictionary>
        <DataField name="progression" optype="continuous" dataType="double"/>
        <DataField name="age" optype="continuous" dataType="double"/>
        <DataField name="sex" optype="continuous" dataType="double"/>
        <DataField name="bmi" optype="continuous" dataType="double"/>
        <DataField name="bp" optype="continuous" dataType="double"/>
        <DataField name="s1" optype="continuous" dataType="double"/>
        <DataField name="s2" optype="continuous" dataType="double"/>
        <DataField name="s3" optype="continuous" dataType="double"/>
        <DataField name="s4" optype="continuous" dataType="double"/>
        <DataField name="s5" optype="continuous" dataType="double"/>
        <DataField name="s6" optype="continuous" dataType="double"/>
        </DataDictionary>
        <RegressionModel functionName="regression">
        <MiningSchema>
        <MiningField name="progression" usageType="target"/>
        <MiningField name="age"/><MiningField name="sex"/><MiningField name="bmi"/><MiningField name="bp"/>
        <MiningField name="s1"/><MiningField name="s2"/><MiningField name="s3"/><MiningField name="s4"/>
        <MiningField name="s5"/><MiningField name="s6"/>
        </MiningSchema>
        <RegressionTable intercept="154.34441087613305">
        <NumericPredictor name="age" coefficient="2.2150774635402417"/>
        <NumericPredictor name="sex" coefficient="-11.51448208415605"/>
        <NumericPredictor name="bmi" coefficient="25.07696865636057"/>
        <NumericPredictor name="bp" coefficient="18.249292732741424"/>
        <NumericPredictor name="s1" coefficient="-44.144641844306285"/>
        <NumericPredictor name="s2" coefficient="24.513852770457465"/>
        <NumericPredictor name="s3" coefficient="5.497593274406586"/>
        <NumericPredictor name="s4" coefficient="13.00675611341052"/>
        <NumericPredictor name="s5" coefficient="33.3798189853919"/>
        <NumericPredictor name="s6" coefficient="1.2479725027258848"/>
        </RegressionTable>
        </RegressionModel>
        </PMML>
        """
    private let model = try! PMMLReader.read(data: Data(modelText.utf8), file: "model.pmml")
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
        let extract: NotebookExtract
        do {
            let (found, diagnostics) = try NotebookReader.readAndExtract(data: bytes, file: "fuzz.ipynb")
            _ = diagnostics.map(\.description)
            extract = found
        } catch {
            checkError(error, "NotebookReader.readAndExtract")
            return 0
        }
        let spec: ModelSpec
        do {
            (spec, _) = try SpecBuilder().build(SpecBuilder.Request(notebook: extract, model: model))
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
    struct FuzzNotebook {
        static func main() {
            print(
                "fuzz-notebook is a libFuzzer target: `bash .ci/fuzz 60 notebook` builds and runs it"
            )
        }
    }
#endif
