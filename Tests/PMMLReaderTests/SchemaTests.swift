import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("DataDictionary, MiningSchema and Targets")
struct SchemaTests {
    typealias T = PMMLTestSupport

    @Test("DataField values, intervals and display names reach the InputSpec")
    func dataFields() throws {
        let text = T.document(
            fields: """
                <DataField name="x1" optype="continuous" dataType="double" displayName="Length (cm)">
                <Interval closure="closedOpen" leftMargin="0" rightMargin="10"/>
                <Interval closure="openClosed" leftMargin="20"/></DataField>
                <DataField name="x2" optype="categorical" dataType="integer">
                <Value value="1"/><Value value="2" displayValue="two"/><Value value="9" property="invalid"/></DataField>
                <DataField name="y" optype="continuous" dataType="float"/>
                """,
            model: "<RegressionModel functionName=\"regression\">\(T.numericSchema)"
                + "<RegressionTable intercept=\"1\"><NumericPredictor name=\"x1\" coefficient=\"1\"/></RegressionTable>"
                + "</RegressionModel>")
        let model = try T.read(text)
        let x1 = try #require(model.inputs.first)
        #expect(x1.description == "Length (cm)")
        #expect(
            x1.validIntervals == [
                Interval(lower: 0, upper: 10, lowerClosed: true, upperClosed: false),
                Interval(lower: 20, upper: nil, lowerClosed: false, upperClosed: true),
            ])
        let x2 = model.inputs[1]
        #expect(x2.type == .integer)
        #expect(x2.opType == .categorical)
        #expect(x2.validValues == ["1", "2"])
        #expect(model.target?.type == .float)
    }

    @Test("MiningField treatments reach the InputSpec")
    func miningFields() throws {
        let schema = """
            <MiningSchema>
            <MiningField name="x1" missingValueReplacement="3.5" missingValueTreatment="asMean"
              invalidValueTreatment="asMissing" outliers="asExtremeValues" lowValue="-1" highValue="1"/>
            <MiningField name="x2" usageType="active" optype="categorical" invalidValueTreatment="asIs"/>
            <MiningField name="y" usageType="predicted"/>
            </MiningSchema>
            """
        let text = T.document(
            fields: T.numericFields,
            model: "<RegressionModel functionName=\"regression\">\(schema)"
                + "<RegressionTable intercept=\"1\"/></RegressionModel>")
        let model = try T.read(text)
        let x1 = model.inputs[0]
        #expect(x1.missingReplacement == "3.5")
        #expect(x1.invalidTreatment == .asMissing)
        #expect(x1.outliers == OutlierTreatment(mode: .asExtremeValues, low: -1, high: 1))
        let x2 = model.inputs[1]
        #expect(x2.opType == .categorical)
        #expect(x2.invalidTreatment == .asIs)
        #expect(x2.outliers.mode == .asIs)
        #expect(model.target?.name == "y")
    }

    @Test("Supplementary and weight fields are not inputs")
    func notInputs() throws {
        let text = T.document(
            fields: T.numericFields + "<DataField name=\"w\" optype=\"continuous\" dataType=\"double\"/>",
            model: """
                <RegressionModel functionName="regression"><MiningSchema>
                <MiningField name="x1"/><MiningField name="x2" usageType="supplementary"/>
                <MiningField name="w" usageType="frequencyWeight"/><MiningField name="y" usageType="target"/>
                </MiningSchema><RegressionTable intercept="1"/></RegressionModel>
                """)
        #expect(try T.read(text).inputs.map(\.name) == ["x1"])
    }

    @Test("Targets rescale and clamp regression predictions")
    func targets() throws {
        let text = T.linearRegression(
            body:
                "<Targets><Target field=\"y\" rescaleFactor=\"0.1\" rescaleConstant=\"206644.4\" min=\"0\" max=\"5E5\"/></Targets>"
        )
        let target = try #require(try T.read(text).target)
        #expect(target.rescaleFactor == 0.1)
        #expect(target.rescaleConstant == 206644.4)
        #expect(target.minimum == 0)
        #expect(target.maximum == 500_000)
    }

    @Test("castInteger on a Target is refused at its line")
    func castInteger() {
        let text = T.linearRegression(body: "<Targets>\n@@<Target field=\"y\" castInteger=\"round\"/></Targets>")
        T.expectError("pmml.unsupported-attribute-value", in: text)
    }

    @Test("TargetValues give the classes when the DataField lists none; priors are reported as left out")
    func targetValues() throws {
        let text = T.document(
            fields: """
                <DataField name="x1" optype="continuous" dataType="double"/>
                <DataField name="c" optype="categorical" dataType="string"/>
                """,
            model: """
                <RegressionModel functionName="classification" normalizationMethod="softmax">
                <MiningSchema><MiningField name="x1"/><MiningField name="c" usageType="target"/></MiningSchema>
                <Targets><Target field="c"><TargetValue value="B" priorProbability="0.5"/><TargetValue value="A" priorProbability="0.5"/></Target></Targets>
                <RegressionTable intercept="1" targetCategory="A"/>
                <RegressionTable intercept="0" targetCategory="B"/>
                </RegressionModel>
                """)
        let model = try T.read(text)
        #expect(model.target?.classes == ["B", "A"])
        #expect(model.diagnostics.map(\.id) == ["pmml.ignored-content"])
    }

    @Test("A date-typed field the model does not use does not block import")
    func unusedDateField() throws {
        let text = T.linearRegression().replacingOccurrences(
            of: "</DataDictionary>",
            with: "<DataField name=\"when\" optype=\"continuous\" dataType=\"date\"/></DataDictionary>")
        #expect(try T.read(text).inputs.count == 2)
    }

    @Test("A date-typed input is refused at its DataField")
    func usedDateField() {
        let text = T.linearRegression().replacingOccurrences(
            of: "<DataField name=\"x2\" optype=\"continuous\" dataType=\"double\"/>",
            with: "@@<DataField name=\"x2\" optype=\"continuous\" dataType=\"dateTime\"/>")
        T.expectError("pmml.unsupported-attribute-value", in: text)
    }

    @Test("A model without a target imports with a warning")
    func noTarget() throws {
        let text = T.linearRegression().replacingOccurrences(
            of: "<MiningField name=\"y\" usageType=\"target\"/>", with: "")
        let model = try T.read(text)
        #expect(model.target == nil)
        #expect(model.diagnostics.map(\.id) == ["pmml.missing-target"])
    }

    @Test("The deprecated targetFieldName names the target when the MiningSchema does not")
    func targetFieldName() throws {
        let text = T.linearRegression()
            .replacingOccurrences(of: "<MiningField name=\"y\" usageType=\"target\"/>", with: "")
            .replacingOccurrences(
                of: "functionName=\"regression\"", with: "functionName=\"regression\" targetFieldName=\"y\"")
        #expect(try T.read(text).target?.name == "y")
    }
}
