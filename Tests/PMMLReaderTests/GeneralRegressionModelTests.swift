import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("GeneralRegressionModel")
struct GeneralRegressionModelTests {
    typealias T = PMMLTestSupport

    static let fields = """
        <DataField name="job" optype="categorical" dataType="string">
        <Value value="clerk"/><Value value="manager"/><Value value="custodian"/></DataField>
        <DataField name="sex" optype="categorical" dataType="double"><Value value="0"/><Value value="1"/></DataField>
        <DataField name="age" optype="continuous" dataType="double"/>
        <DataField name="salary" optype="continuous" dataType="double"/>
        """

    /// A GRM over the factor `sex` and the covariate `age`; `cells` fill the ParamMatrix.
    static func model(_ attributes: String, target: String, cells: String, schemaExtra: String = "") -> String {
        T.document(
            fields: fields,
            model: """
                <GeneralRegressionModel \(attributes)>
                <MiningSchema><MiningField name="\(target)" usageType="target"/>
                <MiningField name="sex"/><MiningField name="age"/>\(schemaExtra)</MiningSchema>
                <ParameterList><Parameter name="p0" label="Intercept"/><Parameter name="p1" label="[sex=0]"/>
                <Parameter name="p2" label="age"/><Parameter name="p3" label="age^2 by sex"/></ParameterList>
                <FactorList><Predictor name="sex"/></FactorList>
                <CovariateList><Predictor name="age"/></CovariateList>
                <PPMatrix>
                <PPCell value="0" predictorName="sex" parameterName="p1"/>
                <PPCell value="1" predictorName="age" parameterName="p2"/>
                <PPCell value="2" predictorName="age" parameterName="p3"/>
                <PPCell value="1" predictorName="sex" parameterName="p3"/>
                </PPMatrix>
                <ParamMatrix>
                \(cells)
                </ParamMatrix>
                </GeneralRegressionModel>
                """)
    }

    static let regressionCells = """
        <PCell parameterName="p0" beta="10" df="1"/><PCell parameterName="p1" beta="-2"/>
        <PCell parameterName="p2" beta=".5"/><PCell parameterName="p3" beta="1E-2"/>
        """

    static let expectedTerms = [
        LinearTerm(coefficient: -2, factors: [.indicator(field: "sex", value: "0")]),
        LinearTerm(coefficient: 0.5, factors: [.numeric(field: "age", exponent: 1)]),
        LinearTerm(
            coefficient: 0.01, factors: [.numeric(field: "age", exponent: 2), .indicator(field: "sex", value: "1")]),
    ]

    @Test(
        "regression and generalLinear: parameters become terms, the one without PPCells the intercept",
        arguments: ["regression", "generalLinear"])
    func linearTypes(modelType: String) throws {
        let text = Self.model(
            "modelType=\"\(modelType)\" functionName=\"regression\"", target: "salary", cells: Self.regressionCells)
        let model = try T.read(text)
        let spec = T.linear(model)
        #expect(spec.sourceElement == "GeneralRegressionModel")
        #expect(spec.normalization == .none)
        #expect(spec.equations == [LinearEquation(category: nil, intercept: 10, terms: Self.expectedTerms)])
        #expect(model.inputs.map(\.name) == ["sex", "age"])
    }

    @Test(
        "generalizedLinear links map to normalisations",
        arguments: [
            ("identity", Normalization.none), ("log", .exp), ("logit", .logit), ("probit", .probit),
            ("cloglog", .cloglog), ("loglog", .loglog), ("cauchit", .cauchit),
        ])
    func links(link: String, expected: Normalization) throws {
        let text = Self.model(
            "modelType=\"generalizedLinear\" functionName=\"regression\" linkFunction=\"\(link)\"", target: "salary",
            cells: Self.regressionCells)
        #expect(T.linear(try T.read(text)).normalization == expected)
    }

    @Test("The power link: the prediction is the linear predictor to the power 1/p, exp of it for p = 0")
    func powerLink() throws {
        // eta = 10 - 2 [sex=0] + 0.5 age + 0.01 age^2 [sex=1]; sex 1, age 20: eta = 10 + 10 + 4 = 24.
        for (parameter, expected) in [("-1", 1.0 / 24), ("2", 24.0.squareRoot()), ("0", Foundation.exp(24.0))] {
            let text = Self.model(
                "modelType=\"generalizedLinear\" functionName=\"regression\" distribution=\"gamma\" "
                    + "linkFunction=\"power\" linkParameter=\"\(parameter)\"", target: "salary",
                cells: Self.regressionCells)
            let model = try T.read(text)
            let spec = T.linear(model)
            #expect(spec.normalization == .power)
            #expect(spec.linkParameter == Double(parameter))
            let target = try #require(model.target)
            let evaluator = SpecEvaluator(
                inputs: model.inputs, derivedFields: model.derivedFields, model: model.model, target: target)
            let result = try evaluator.evaluate(["sex": .text("1"), "age": .text("20")])
            #expect(result.prediction == expected, "p = \(parameter)")
        }
        // Power 1 is the identity link; without linkParameter the model is refused.
        let identity = Self.model(
            "modelType=\"generalizedLinear\" functionName=\"regression\" linkFunction=\"power\" linkParameter=\"1\"",
            target: "salary", cells: Self.regressionCells)
        #expect(T.linear(try T.read(identity)).normalization == Normalization.none)
        let bare = Self.model(
            "modelType=\"generalizedLinear\" functionName=\"regression\" linkFunction=\"power\"", target: "salary",
            cells: Self.regressionCells)
        #expect(T.errors(bare).contains { $0.id == PMMLDiagnosticID.missingAttribute })
    }

    @Test("A generalizedLinear offset adds to the linear predictor")
    func offsets() throws {
        let text = Self.model(
            "modelType=\"generalizedLinear\" functionName=\"regression\" linkFunction=\"log\" offsetValue=\"1.5\" "
                + "offsetVariable=\"exposure\"", target: "salary", cells: Self.regressionCells,
            schemaExtra: "<MiningField name=\"exposure\"/>"
        ).replacingOccurrences(
            of: "<DataField name=\"age\"",
            with: "<DataField name=\"exposure\" optype=\"continuous\" dataType=\"double\"/><DataField name=\"age\"")
        let equation = try #require(T.linear(try T.read(text)).equations.first)
        #expect(equation.intercept == 11.5)
        #expect(equation.terms.last == LinearTerm(coefficient: 1, factors: [.numeric(field: "exposure", exponent: 1)]))
    }

    @Test("multinomialLogistic: an equation per category, the reference category last with all-zero coefficients")
    func multinomial() throws {
        let cells = """
            <PCell targetCategory="clerk" parameterName="p0" beta="1"/>
            <PCell targetCategory="clerk" parameterName="p2" beta="0.1"/>
            <PCell targetCategory="custodian" parameterName="p0" beta="2"/>
            <PCell targetCategory="custodian" parameterName="p1" beta="0.2"/>
            """
        let text = Self.model(
            "modelType=\"multinomialLogistic\" functionName=\"classification\" targetReferenceCategory=\"manager\"",
            target: "job", cells: cells)
        let model = try T.read(text)
        let spec = T.linear(model)
        #expect(spec.normalization == .softmax)
        #expect(spec.function == .classification)
        #expect(
            spec.equations == [
                LinearEquation(
                    category: "clerk", intercept: 1,
                    terms: [LinearTerm(coefficient: 0.1, factors: [.numeric(field: "age", exponent: 1)])]),
                LinearEquation(
                    category: "custodian", intercept: 2,
                    terms: [LinearTerm(coefficient: 0.2, factors: [.indicator(field: "sex", value: "0")])]),
                LinearEquation(category: "manager", intercept: 0, terms: []),
            ])
        #expect(model.target?.classes == ["clerk", "manager", "custodian"])
    }

    @Test("Without targetReferenceCategory, the reference is the one category with no PCells")
    func inferredReference() throws {
        let cells = """
            <PCell targetCategory="clerk" parameterName="p0" beta="1"/>
            <PCell targetCategory="manager" parameterName="p0" beta="2"/>
            """
        let text = Self.model(
            "modelType=\"multinomialLogistic\" functionName=\"classification\"", target: "job", cells: cells)
        #expect(T.linear(try T.read(text)).equations.map(\.category) == ["clerk", "manager", "custodian"])
    }

    @Test("Binary generalizedLinear classification: the modelled category first, its complement last")
    func binaryLink() throws {
        let cells = """
            <PCell targetCategory="1" parameterName="p0" beta="-1"/><PCell targetCategory="1" parameterName="p2" beta="0.3"/>
            """
        let text = Self.model(
            "modelType=\"generalizedLinear\" functionName=\"classification\" linkFunction=\"probit\" distribution=\"binomial\"",
            target: "sex", cells: cells
        ).replacingOccurrences(of: "<MiningField name=\"sex\"/>", with: "")
            .replacingOccurrences(of: "<FactorList><Predictor name=\"sex\"/></FactorList>", with: "")
            .replacingOccurrences(of: "<PPCell value=\"0\" predictorName=\"sex\" parameterName=\"p1\"/>", with: "")
            .replacingOccurrences(of: "<PPCell value=\"1\" predictorName=\"sex\" parameterName=\"p3\"/>", with: "")
        let model = try T.read(text)
        let spec = T.linear(model)
        #expect(spec.normalization == .probit)
        #expect(spec.equations.map(\.category) == ["1", "0"])
        #expect(spec.equations.last == LinearEquation(category: "0", intercept: 0, terms: []))
        #expect(model.target?.classes == ["0", "1"])
    }

    @Test(
        "Non-linear kinds of GeneralRegressionModel are refused with the attribute's line",
        arguments: [
            "modelType=\"ordinalMultinomial\" functionName=\"classification\" cumulativeLink=\"logit\"",
            "modelType=\"CoxRegression\" functionName=\"regression\" endTimeVariable=\"age\"",
            "modelType=\"generalizedLinear\" functionName=\"classification\" linkFunction=\"power\" linkParameter=\"-1\"",
            "modelType=\"generalizedLinear\" functionName=\"regression\" linkFunction=\"negbin\" distParameter=\"2\"",
            "modelType=\"generalizedLinear\" functionName=\"regression\" linkFunction=\"identity\" trialsValue=\"3\"",
        ])
    func unsupportedKinds(attributes: String) {
        let target = attributes.contains("classification") ? "job" : "salary"
        let text = Self.model(attributes, target: target, cells: Self.regressionCells)
            .replacingOccurrences(of: "<GeneralRegressionModel ", with: "@@<GeneralRegressionModel ")
        T.expectError("pmml.unsupported-attribute-value", in: text)
    }

    @Test("A contrast matrix is refused")
    func contrastMatrix() {
        let text = Self.model(
            "modelType=\"regression\" functionName=\"regression\"", target: "salary", cells: Self.regressionCells
        )
        .replacingOccurrences(
            of: "<FactorList><Predictor name=\"sex\"/>",
            with: "<FactorList>\n@@<Predictor name=\"sex\" contrastMatrixType=\"Helmert\"/>")
        T.expectError("pmml.unsupported-attribute-value", in: text)
    }

    @Test("A PCell naming an undeclared parameter is reported with did-you-mean")
    func unknownParameter() {
        let text = Self.model(
            "modelType=\"regression\" functionName=\"regression\"", target: "salary",
            cells: "<PCell parameterName=\"p0\" beta=\"1\"/>\n@@<PCell parameterName=\"p9\" beta=\"2\"/>")
        let diagnostic = T.expectError("pmml.unknown-parameter", in: text)
        #expect(diagnostic?.message.contains("'p9'") == true)
    }

    @Test("A PPCell whose predictor is in neither list is an unknown field")
    func predictorOutsideLists() {
        let text = Self.model(
            "modelType=\"regression\" functionName=\"regression\"", target: "salary", cells: Self.regressionCells
        )
        .replacingOccurrences(
            of: "<PPCell value=\"1\" predictorName=\"age\" parameterName=\"p2\"/>",
            with: "@@<PPCell value=\"1\" predictorName=\"agee\" parameterName=\"p2\"/>")
        let diagnostic = T.expectError("pmml.unknown-field", in: text)
        #expect(diagnostic?.help.contains("did you mean 'age'?") == true)
    }

    @Test("A PCell category that is not a target class is reported")
    func unknownCategory() {
        let text = Self.model(
            "modelType=\"multinomialLogistic\" functionName=\"classification\" targetReferenceCategory=\"manager\"",
            target: "job",
            cells: "<PCell targetCategory=\"clerk\" parameterName=\"p0\" beta=\"1\"/>"
                + "<PCell targetCategory=\"boss\" parameterName=\"p0\" beta=\"1\"/>"
        ).replacingOccurrences(of: "<GeneralRegressionModel ", with: "@@<GeneralRegressionModel ")
        T.expectError("pmml.unknown-category", in: text)
    }
}
