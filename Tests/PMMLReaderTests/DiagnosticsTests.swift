import Foundation
import NBCore
import Testing

@testable import PMMLReader

/// Each problem is reported with its stable id at the line the `@@` marker points to.
@Suite("PMML diagnostics")
struct DiagnosticsTests {
    typealias T = PMMLTestSupport

    @Test("A document whose root is not PMML is refused")
    func notPMML() {
        T.expectError("pmml.not-pmml", in: "<?xml version=\"1.0\"?>\n@@<html><body/></html>")
        T.expectError("pmml.not-pmml", in: "@@<PMML xmlns=\"urn:other\" version=\"4.4\"><DataDictionary/></PMML>")
    }

    @Test("A missing DataDictionary is a missing element")
    func missingDataDictionary() {
        T.expectError("pmml.missing-element", in: "@@<PMML version=\"4.4\"><Header/></PMML>")
    }

    @Test("A document without a model is a missing element")
    func missingModel() {
        T.expectError("pmml.missing-element", in: "@@<PMML version=\"4.4\"><DataDictionary/></PMML>")
    }

    @Test(
        "Unsupported model families are refused with the element's line and a help line",
        arguments: [
            "BaselineModel", "ClusteringModel", "NearestNeighborModel", "AnomalyDetectionModel",
        ])
    func unsupportedModels(element: String) throws {
        let text = T.document(
            fields: T.numericFields, model: "@@<\(element) functionName=\"regression\">\(T.numericSchema)</\(element)>")
        let diagnostic = try #require(T.expectError("pmml.unsupported-element", in: text))
        #expect(diagnostic.message.contains("<\(element)>"))
        #expect(!diagnostic.help.isEmpty)
    }

    @Test("Variants of the newer model families that nbship does not translate are refused at their element")
    func unsupportedVariants() {
        let rules = T.document(
            fields: T.numericFields,
            model: """
                <RuleSetModel functionName="regression">\(T.numericSchema)<RuleSet defaultScore="1">
                @@<RuleSelectionMethod criterion="weightedSum"/>
                <SimpleRule score="2"><True/></SimpleRule></RuleSet></RuleSetModel>
                """)
        T.expectError("pmml.unsupported-attribute-value", in: rules)
        let network = T.document(
            fields: T.numericFields,
            model: """
                @@<NeuralNetwork functionName="regression" activationFunction="radialBasis">\(T.numericSchema)
                <NeuralInputs><NeuralInput id="0"><DerivedField optype="continuous" dataType="double"><FieldRef field="x1"/></DerivedField></NeuralInput></NeuralInputs>
                <NeuralLayer><Neuron id="1" bias="0"><Con from="0" weight="1"/></Neuron></NeuralLayer>
                <NeuralOutputs><NeuralOutput outputNeuron="1"><DerivedField optype="continuous" dataType="double"><FieldRef field="y"/></DerivedField></NeuralOutput></NeuralOutputs>
                </NeuralNetwork>
                """)
        T.expectError("pmml.unsupported-attribute-value", in: network)
        let machine = T.document(
            fields: T.numericFields,
            model: """
                @@<SupportVectorMachineModel functionName="regression" svmRepresentation="Coefficients">\(T.numericSchema)
                <LinearKernelType/></SupportVectorMachineModel>
                """)
        T.expectError("pmml.unsupported-attribute-value", in: machine)
    }

    @Test("An unknown element inside a RegressionModel is refused, not skipped")
    func unknownModelChild() {
        let text = T.linearRegression(body: "@@<LocalTransformation/>")
        T.expectError("pmml.unsupported-element", in: text)
    }

    @Test("An unknown element inside a RegressionTable is refused")
    func unknownTableChild() {
        let table = """
            <RegressionTable intercept="1">
            @@<SplinePredictor name="x1"/>
            </RegressionTable>
            """
        T.expectError("pmml.unsupported-element", in: T.linearRegression(table: table))
    }

    @Test("A predictor naming no field is an unknown field with did-you-mean")
    func unknownField() throws {
        let table = """
            <RegressionTable intercept="1">
            @@<NumericPredictor name="x3" coefficient="2"/>
            </RegressionTable>
            """
        let diagnostic = try #require(T.expectError("pmml.unknown-field", in: T.linearRegression(table: table)))
        #expect(diagnostic.message.contains("'x3'"))
        #expect(diagnostic.help.contains { $0.contains("did you mean 'x1'?") || $0.contains("did you mean 'x2'?") })
    }

    /// Found by fuzzing (`bash .ci/fuzz`, fuzz-pmml): a mangled copy of the corpus' tf-idf sentiment model, 125 KB
    /// with about 300 predictors naming no field among 200 long field names, took 10 s, and 2000 such predictors
    /// among 2000 fields took minutes, each "did you mean" comparing the name with every field.
    @Test("Thousands of unknown field names among thousands of fields are reported at once, suggesting for the first")
    func manyUnknownFields() throws {
        let count = 2000
        var fields = "<DataField name=\"y\" optype=\"continuous\" dataType=\"double\"/>\n"
        var schema = "<MiningField name=\"y\" usageType=\"target\"/>\n"
        var predictors = ""
        for index in 0..<count {
            let name = "tf-idf(lowercase(Sentence), term number \(index))"
            fields += "<DataField name=\"\(name)\" optype=\"continuous\" dataType=\"double\"/>\n"
            schema += "<MiningField name=\"\(name)\"/>\n"
            predictors +=
                "<NumericPredictor name=\"\(name.replacingOccurrences(of: "term", with: "trem"))\" coefficient=\"1\"/>\n"
        }
        let text = T.document(
            fields: fields,
            model: """
                <RegressionModel functionName="regression"><MiningSchema>\(schema)</MiningSchema>
                <RegressionTable intercept="0">\(predictors)</RegressionTable></RegressionModel>
                """)
        let started = ContinuousClock.now
        let unknown = T.errors(text).filter { $0.id == "pmml.unknown-field" }
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(unknown.count == count)
        let first = try #require(unknown.first)
        #expect(first.message.contains("'tf-idf(lowercase(Sentence), trem number 0)'"), "\(first)")
        #expect(first.help.contains("did you mean 'tf-idf(lowercase(Sentence), term number 0)'?"), "\(first)")
        #expect(
            unknown.filter { $0.help.contains { $0.hasPrefix("did you mean") } }.count
                == PMMLExtractor.maximumSuggestions)
        #expect(
            unknown.allSatisfy { $0.location?.line != nil && $0.help.contains { $0.contains("active MiningFields") } })
    }

    @Test("A predictor naming the target is reported with a note")
    func predictorIsTarget() throws {
        let table =
            "<RegressionTable intercept=\"1\">\n@@<NumericPredictor name=\"y\" coefficient=\"2\"/></RegressionTable>"
        let diagnostic = try #require(T.expectError("pmml.unknown-field", in: T.linearRegression(table: table)))
        #expect(diagnostic.notes.first?.message.contains("target") == true)
    }

    @Test("A FieldRef to an unknown field inside a used DerivedField is reported")
    func unknownFieldRef() {
        let text = TransformationTests.derived("<Apply function=\"exp\">\n@@<FieldRef field=\"x9\"/></Apply>")
        T.expectError("pmml.unknown-field", in: text)
    }

    @Test("A coefficient that is not a number is a bad number")
    func badNumber() {
        let table =
            "<RegressionTable intercept=\"1\">\n@@<NumericPredictor name=\"x1\" coefficient=\"1,5\"/></RegressionTable>"
        T.expectError("pmml.bad-number", in: T.linearRegression(table: table))
    }

    @Test("Hexadecimal and word numbers are not PMML numbers", arguments: ["0x1p3", "infinity", "1.5.2", "", " "])
    func rejectedNumbers(text: String) {
        #expect(PMMLNumber.parse(text) == nil)
    }

    @Test(
        "PMML number forms parse", arguments: [("-.719", -0.719), ("7.885E-02", 0.07885), (" 12 ", 12.0), ("1.", 1.0)])
    func acceptedNumbers(text: String, value: Double) {
        #expect(PMMLNumber.parse(text) == value)
    }

    @Test("A RegressionTable without intercept is a missing attribute")
    func missingIntercept() {
        let table = "@@<RegressionTable><NumericPredictor name=\"x1\" coefficient=\"1\"/></RegressionTable>"
        T.expectError("pmml.missing-attribute", in: T.linearRegression(table: table))
    }

    @Test("An unsupported Apply function is refused at its line")
    func unsupportedFunction() throws {
        let text = TransformationTests.derived("@@<Apply function=\"lowercase\"><FieldRef field=\"x1\"/></Apply>")
        let diagnostic = try #require(T.expectError("pmml.unsupported-function", in: text))
        #expect(diagnostic.message.contains("'lowercase'"))
    }

    @Test("A user-defined function is named as such")
    func userDefinedFunction() throws {
        let text = TransformationTests.derived("@@<Apply function=\"AMPM\"><FieldRef field=\"x1\"/></Apply>")
            .replacingOccurrences(
                of: "<RegressionModel",
                with:
                    "<TransformationDictionary><DefineFunction name=\"AMPM\" optype=\"continuous\"><ParameterField name=\"t\"/>"
                    + "<FieldRef field=\"t\"/></DefineFunction></TransformationDictionary>\n<RegressionModel")
        let diagnostic = try #require(T.expectError("pmml.unsupported-function", in: text))
        #expect(diagnostic.message.contains("user-defined"))
    }

    @Test("A function called with the wrong number of arguments is reported")
    func wrongArity() {
        let text = TransformationTests.derived("@@<Apply function=\"/\"><FieldRef field=\"x1\"/></Apply>")
        T.expectError("pmml.bad-arguments", in: text)
    }

    @Test(
        "TextIndex, Aggregate and Lag in a used DerivedField are unsupported elements",
        arguments: ["TextIndex", "Aggregate", "Lag"])
    func unsupportedExpressions(element: String) {
        let text = TransformationTests.derived("@@<\(element) field=\"x1\"/>")
        T.expectError("pmml.unsupported-element", in: text)
    }

    @Test("A string constant in arithmetic is refused")
    func stringConstant() {
        let text = TransformationTests.derived(
            "<Apply function=\"+\"><FieldRef field=\"x1\"/>\n@@<Constant dataType=\"string\">two</Constant></Apply>")
        T.expectError("pmml.unsupported-element", in: text)
    }

    @Test("Derived fields that depend on each other in a cycle are reported")
    func cycle() throws {
        let text = TransformationTests.derived(
            "<Apply function=\"+\"><FieldRef field=\"e\"/><Constant>1</Constant></Apply>",
            extra:
                "<DerivedField name=\"e\" optype=\"continuous\" dataType=\"double\"><FieldRef field=\"d\"/></DerivedField>"
        ).replacingOccurrences(of: "<DerivedField name=\"d\"", with: "@@<DerivedField name=\"d\"")
        let diagnostic = try #require(T.expectError("pmml.circular-field", in: text))
        #expect(diagnostic.message.contains("'d' -> 'e' -> 'd'"))
    }

    @Test("Two DerivedFields with one name are a duplicate")
    func duplicateDerivedField() {
        let text = TransformationTests.derived(
            "<FieldRef field=\"x1\"/>",
            extra:
                "@@<DerivedField name=\"d\" optype=\"continuous\" dataType=\"double\"><FieldRef field=\"x2\"/></DerivedField>"
        )
        T.expectError("pmml.duplicate-field", in: text)
    }

    @Test("An enumerated attribute with a value PMML does not define is a bad attribute value with did-you-mean")
    func badEnumeration() throws {
        let text = T.linearRegression().replacingOccurrences(
            of: "<RegressionModel functionName=\"regression\">",
            with: "@@<RegressionModel functionName=\"regression\" normalizationMethod=\"softmx\">")
        let diagnostic = try #require(T.expectError("pmml.bad-attribute-value", in: text))
        #expect(diagnostic.help.contains("did you mean 'softmax'?"))
    }

    @Test("A classification table without targetCategory is a missing attribute")
    func missingTargetCategory() {
        let text = RegressionModelTests.classifier(
            normalization: "softmax", tables: [("setosa", 1), ("versicolor", 2)]
        )
        .replacingOccurrences(
            of: "<RegressionTable intercept=\"2.0\" targetCategory=\"versicolor\">",
            with: "@@<RegressionTable intercept=\"2.0\">")
        T.expectError("pmml.missing-attribute", in: text)
    }

    @Test("A declared class without a RegressionTable is an invalid model")
    func uncoveredClass() {
        let text = RegressionModelTests.classifier(
            normalization: "softmax", tables: [("setosa", 1), ("versicolor", 2)]
        )
        .replacingOccurrences(of: "<RegressionModel ", with: "@@<RegressionModel ")
        T.expectError("pmml.invalid-model", in: text)
    }

    @Test("Every problem is reported together, in line order")
    func collectsEverything() {
        let table = """
            <RegressionTable intercept="one">
            <NumericPredictor name="x3" coefficient="2"/>
            <NumericPredictor name="x1" coefficient="2" exponent="1.5"/>
            </RegressionTable>
            """
        let diagnostics = T.errors(T.linearRegression(body: "<Frobnicate/>", table: table))
        #expect(
            Set(diagnostics.map(\.id))
                == ["pmml.unsupported-element", "pmml.bad-number", "pmml.unknown-field"])
        #expect(diagnostics.count == 4)
        let lines = diagnostics.compactMap(\.location?.line)
        #expect(lines == lines.sorted())
    }

    @Test("The same problem repeated many times is reported once with the other lines in a note")
    func repeatsFolded() throws {
        var fields = ""
        var predictors = ""
        for index in 0..<30 {
            fields +=
                "<DerivedField name=\"t\(index)\" optype=\"continuous\" dataType=\"double\">"
                + "<Apply function=\"tf\"><FieldRef field=\"x1\"/></Apply></DerivedField>\n"
            predictors += "<NumericPredictor name=\"t\(index)\" coefficient=\"1\"/>\n"
        }
        let text = T.linearRegression(
            body: "<LocalTransformations>\(fields)</LocalTransformations>",
            table: "<RegressionTable intercept=\"0\">\(predictors)</RegressionTable>")
        let diagnostics = T.errors(text)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.notes.first?.message.contains("29 more times") == true)
    }

    @Test("A version outside 3.0–4.4 imports with a warning")
    func futureVersion() throws {
        let text = T.linearRegression().replacingOccurrences(of: "version=\"4.4\"", with: "version=\"5.0\"")
        let model = try T.read(text)
        #expect(model.format == "PMML 5.0")
        #expect(model.diagnostics.map(\.id) == ["pmml.unsupported-version"])
    }

    @Test("isScorable=\"false\" is refused")
    func notScorable() {
        let text = T.linearRegression().replacingOccurrences(
            of: "<RegressionModel functionName=\"regression\">",
            with: "@@<RegressionModel functionName=\"regression\" isScorable=\"false\">")
        T.expectError("pmml.unsupported-attribute-value", in: text)
    }
}
