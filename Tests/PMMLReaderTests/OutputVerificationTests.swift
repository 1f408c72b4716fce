import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("Output and ModelVerification")
struct OutputVerificationTests {
    typealias T = PMMLTestSupport

    static let irisFields = """
        <DataField name="length" optype="continuous" dataType="double"/>
        <DataField name="colour" optype="categorical" dataType="string"/>
        <DataField name="species" optype="categorical" dataType="string"><Value value="a"/><Value value="b"/></DataField>
        """

    static func classifier(output: String = "", verification: String = "") -> String {
        T.document(
            fields: irisFields,
            model: """
                <RegressionModel functionName="classification" normalizationMethod="logit">
                <MiningSchema><MiningField name="species" usageType="target"/><MiningField name="length"/>
                <MiningField name="colour"/></MiningSchema>
                \(output)
                <RegressionTable intercept="1" targetCategory="a"><NumericPredictor name="length" coefficient="2"/>
                <CategoricalPredictor name="colour" value="red" coefficient="1"/></RegressionTable>
                <RegressionTable intercept="0" targetCategory="b"/>
                \(verification)
                </RegressionModel>
                """)
    }

    @Test("predictedValue and probability OutputFields become OutputSpecs; the rest are listed in one warning")
    func outputs() throws {
        let output = """
            <Output>
            <OutputField name="label" feature="predictedValue"/>
            <OutputField name="P(a)" feature="probability" value="a"/>
            <OutputField name="P(b)" feature="probability" value="b"/>
            <OutputField name="raw" feature="predictedValue" isFinalResult="false"/>
            <OutputField name="shown" feature="predictedDisplayValue"/>
            <OutputField name="best" feature="probability"/>
            <OutputField name="why" feature="reasonCode" rank="1"/>
            </Output>
            """
        let model = try T.read(Self.classifier(output: output))
        #expect(
            model.outputs == [
                OutputSpec(name: "label", kind: .predictedValue),
                OutputSpec(name: "P(a)", kind: .probability(classLabel: "a")),
                OutputSpec(name: "P(b)", kind: .probability(classLabel: "b")),
            ])
        let warning = try #require(model.diagnostics.first)
        #expect(model.diagnostics.count == 1)
        #expect(warning.id == "pmml.unsupported-output")
        #expect(warning.severity == .warning)
        for name in [
            "'shown' (predictedDisplayValue)", "'best' (probability of the predicted class)", "'why' (reasonCode)",
        ] {
            #expect(warning.message.contains(name))
        }
    }

    @Test("A probability OutputField for a class the model does not have is reported")
    func unknownProbabilityClass() {
        let output = "<Output>\n@@<OutputField name=\"P(c)\" feature=\"probability\" value=\"c\"/></Output>"
        T.expectError("pmml.unknown-category", in: Self.classifier(output: output))
    }

    @Test("ModelVerification rows become examples with inputs, expectations and tolerance")
    func verification() throws {
        let output = """
            <Output><OutputField name="P(a)" feature="probability" value="a"/>
            <OutputField name="P(b)" feature="probability" value="b"/></Output>
            """
        let verification = """
            <ModelVerification recordCount="2">
            <VerificationFields>
            <VerificationField field="length" column="data:length"/>
            <VerificationField field="colour" column="data:colour"/>
            <VerificationField field="species" column="data:species"/>
            <VerificationField field="P(a)" column="data:pa" precision="1E-13" zeroThreshold="1E-13"/>
            <VerificationField field="P(b)" column="data:pb" precision="1E-10"/>
            </VerificationFields>
            <InlineTable>
            <row><data:length>1.5</data:length><data:colour>red</data:colour><data:species>a</data:species>
            <data:pa>0.9</data:pa><data:pb>0.1</data:pb></row>
            <row><data:colour>blue</data:colour><data:pa>0.4</data:pa></row>
            </InlineTable>
            </ModelVerification>
            """
        let text = Self.classifier(output: output, verification: verification)
            .replacingOccurrences(of: "version=\"4.4\">", with: "xmlns:data=\"urn:inline\" version=\"4.4\">")
        let model = try T.read(text)
        #expect(model.verification.count == 2)
        let first = model.verification[0]
        #expect(first.origin == .modelVerification)
        #expect(first.inputs == ["length": .number(1.5), "colour": .text("red")])
        #expect(first.expectedLabel == "a")
        #expect(first.expectedProbabilities == ["a": 0.9, "b": 0.1])
        #expect(first.tolerance == 1e-10)
        #expect(first.location?.line != nil)
        let second = model.verification[1]
        #expect(second.inputs == ["length": .missing, "colour": .text("blue")])
        #expect(second.expectedLabel == nil)
        #expect(second.expectedProbabilities == ["a": 0.4])
    }

    @Test("Regression verification uses the target column and PMML's default precision")
    func regressionVerification() throws {
        let verification = """
            <ModelVerification>
            <VerificationFields><VerificationField field="x1"/><VerificationField field="x2"/><VerificationField field="y"/>
            <VerificationField field="ghost"/></VerificationFields>
            <InlineTable><row><x1>1</x1><x2>2</x2><y>9</y></row><row><x1>one</x1><x2>2</x2><y>9</y></row></InlineTable>
            </ModelVerification>
            """
        let model = try T.read(
            T.linearRegression(
                table: """
                    <RegressionTable intercept="1"><NumericPredictor name="x1" coefficient="2"/>
                    <NumericPredictor name="x2" coefficient="3"/></RegressionTable>
                    \(verification)
                    """))
        #expect(model.verification.count == 1)
        #expect(model.verification.first?.expectedPrediction == 9)
        #expect(model.verification.first?.tolerance == 1e-6)
        #expect(model.diagnostics.map(\.id) == ["pmml.bad-verification", "pmml.bad-verification"])
    }
}
