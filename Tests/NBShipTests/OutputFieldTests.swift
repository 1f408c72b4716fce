import Foundation
import NBCore
import NBShipApp
import Testing

/// The results a model file declares as OutputFields (`transformedValue`, `decision`): computed from the prediction
/// by the reference evaluator and by the generated code, each a column named as the model file names it.
@Suite("Declared output fields")
struct OutputFieldTests {
    /// `y = 2 x + 1`, with an intermediate copy of the prediction, a transformed value and a decision reading it.
    static func document(outputs: String = Self.outputs, model: String = "RegressionModel") -> String {
        let table =
            model == "RegressionModel"
            ? "<RegressionTable intercept=\"1\"><NumericPredictor name=\"x\" coefficient=\"2\"/></RegressionTable>"
            : "<Node score=\"0\"><True/><Node score=\"7\"><SimplePredicate field=\"x\" operator=\"greaterThan\" value=\"2\"/></Node><Node score=\"1\"><True/></Node></Node>"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
            <Header/>
            <DataDictionary>
            <DataField name="x" optype="continuous" dataType="double"/>
            <DataField name="y" optype="continuous" dataType="double"/>
            </DataDictionary>
            <\(model) functionName="regression">
            <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
            <Output>
            \(outputs)
            </Output>
            \(table)
            </\(model)>
            </PMML>
            """
    }

    static let outputs = """
        <OutputField name="Raw" feature="predictedValue" isFinalResult="false"/>
        <OutputField name="Scaled" optype="continuous" dataType="double" feature="transformedValue">
        <Apply function="*"><FieldRef field="Raw"/><Constant>10</Constant></Apply>
        </OutputField>
        <OutputField name="Rounded" optype="continuous" dataType="integer" feature="transformedValue">
        <Apply function="round"><Apply function="/"><FieldRef field="Scaled"/><Constant>3</Constant></Apply></Apply>
        </OutputField>
        <OutputField name="Verdict" optype="categorical" dataType="string" feature="decision">
        <Apply function="if"><Apply function="greaterThan"><FieldRef field="Raw"/><Constant>5</Constant></Apply>
        <Constant dataType="string">review</Constant><Constant dataType="string">pass</Constant></Apply>
        </OutputField>
        """

    static func convert(_ text: String) throws -> Converter.ModelConversion {
        try Converter.convertModel(data: Data(text.utf8), file: "model.pmml", name: "outputs")
    }

    @Test(
        "Transformed values and decisions become outputs named as the model file names them",
        arguments: [
            "RegressionModel", "TreeModel",
        ])
    func outputs(_ model: String) throws {
        let conversion = try Self.convert(Self.document(model: model))
        let spec = conversion.spec
        #expect(spec.outputs.map(\.name) == ["prediction", "Scaled", "Rounded", "Verdict"])
        #expect(
            spec.outputs.dropFirst().map(\.kind) == [
                .field(name: "Scaled"), .field(name: "Rounded"), .field(name: "Verdict"),
            ])
        #expect(spec.outputFields?.map(\.name) == ["Raw", "Scaled", "Rounded", "Verdict"])
        #expect(!conversion.warnings.contains { $0.id.hasSuffix("unsupported-output") }, "\(conversion.warnings)")
        let evaluator = SpecEvaluator(spec: spec)
        // x = 3: the regression gives 7, the tree 7 too.
        let high = try evaluator.evaluate(["x": .text("3")])
        #expect(high.prediction == 7)
        #expect(high.outputs["Scaled"] == .number(70))
        #expect(high.outputs["Rounded"] == .number(23), "round(70 / 3)")
        #expect(high.outputs["Verdict"] == .text("review"))
        let low = try evaluator.evaluate(["x": .text("1")])
        #expect(low.outputs["Verdict"] == .text("pass"))
        // The generated package declares them.
        let package = try conversion.package.get()
        let output = try #require(package.files.first { $0.path.hasSuffix("/Output.swift") })
        let text = String(decoding: output.contents, as: UTF8.self)
        #expect(text.contains("public var scaled: Double?"))
        #expect(text.contains("public var verdict: String?"))
        #expect(text.contains("\"Scaled\","))
    }

    @Test("A model without transformed values or decisions has no declared output fields")
    func none() throws {
        let plain = """
            <OutputField name="Raw" feature="predictedValue"/>
            """
        let spec = try Self.convert(Self.document(outputs: plain)).spec
        #expect(spec.outputFields == nil)
        #expect(spec.outputs.map(\.name) == ["prediction"])
        #expect(spec.isPlainLinear)
    }

    @Test("An OutputField named like one of the package's own columns is refused")
    func clash() {
        let clashing = """
            <OutputField name="prediction" feature="transformedValue"><Constant>1</Constant></OutputField>
            """
        #expect {
            _ = try Self.convert(Self.document(outputs: clashing))
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.contains { $0.id == SpecDiagnosticID.outputNameClash } == true
        }
    }
}

extension CompileAndRunTests {
    /// The generated code computes the declared output fields as the reference evaluator does, byte for byte in
    /// `<name>-predict`'s output (a linear model takes the general writer then).
    @Test(
        "Declared output fields: build, test and score like nbship predict",
        arguments: ["RegressionModel", "TreeModel"])
    func outputFieldPackage(_ model: String) throws {
        let work = try TestPaths.temporaryDirectory("e2e-output-fields-\(model)")
        defer { try? FileManager.default.removeItem(at: work) }
        let pmml = work.appendingPathComponent("model.pmml")
        try Data(OutputFieldTests.document(model: model).utf8).write(to: pmml)
        let (predict, result) = try buildAndTest(
            notebook: nil, model: pmml.path, scratch: "output-fields-\(model)", work: work)
        let rows = work.appendingPathComponent("rows.csv")
        try Data("x\n3\n1\n2.5\n-4\n".utf8).write(to: rows)
        let scored = try Run.program(predict, [rows.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        let reference = try Run.program(TestPaths.nbship, ["predict", result.archivePath, rows.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        #expect(scored.stdout == reference.stdout)
        #expect(scored.stdout.hasPrefix("prediction,Scaled,Rounded,Verdict\n"), "\(scored.stdout)")
        if model == "RegressionModel" {
            #expect(scored.stdout.contains("7.0,70.0,23.0,review\n"), "\(scored.stdout)")
        }
    }

    /// A cap from the notebook lowers the prediction with declared output fields in `Output(...)` too; the output
    /// fields are computed from the model's own prediction, as the reference evaluator computes them.
    @Test("Declared output fields with a notebook's cap: the prediction is capped, nbship predict agrees")
    func outputFieldPackageCapped() throws {
        let work = try TestPaths.temporaryDirectory("e2e-output-fields-capped")
        defer { try? FileManager.default.removeItem(at: work) }
        let pmml = work.appendingPathComponent("model.pmml")
        try Data(OutputFieldTests.document(model: "RegressionModel").utf8).write(to: pmml)
        let source = "prediction_max = 5.0  # predictions above this cap are lowered to it"
        let cell: [String: Any] = [
            "cell_type": "code", "execution_count": 1, "id": "cell-01", "metadata": ["tags": ["parameters"]],
            "outputs": [], "source": [source],
        ]
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5, "cells": [cell],
            "metadata": ["kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"]],
        ]
        let notebookURL = work.appendingPathComponent("notebook.ipynb")
        try JSONSerialization.data(withJSONObject: notebook).write(to: notebookURL)
        let (predict, result) = try buildAndTest(
            notebook: notebookURL.path, model: pmml.path, scratch: "output-fields-capped", work: work)
        let rows = work.appendingPathComponent("rows.csv")
        try Data("x\n3\n1\n".utf8).write(to: rows)
        let scored = try Run.program(predict, [rows.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        let reference = try Run.program(TestPaths.nbship, ["predict", result.archivePath, rows.path])
        #expect(scored.stdout == reference.stdout)
        // 2 * 3 + 1 = 7, capped at 5; Scaled and Verdict read the model's 7.
        #expect(scored.stdout.contains("5.0,70.0,23.0,review\n"), "\(scored.stdout)")
        #expect(scored.stdout.contains("3.0,30.0,10.0,pass\n"), "\(scored.stdout)")
    }
}
