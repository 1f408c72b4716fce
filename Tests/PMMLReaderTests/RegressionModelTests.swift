import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("RegressionModel")
struct RegressionModelTests {
    typealias T = PMMLTestSupport

    @Test("A linear regression imports with inputs, target, equation and header facts")
    func linearRegression() throws {
        let model = try T.read(T.linearRegression())
        #expect(model.format == "PMML 4.4")
        #expect(model.producer == "nbship-tests 1.0")
        #expect(model.description == "test model")
        #expect(model.file == "model.pmml")
        #expect(model.inputs.map(\.name) == ["x1", "x2"])
        #expect(model.inputs.allSatisfy { $0.type == .double && $0.opType == .continuous })
        #expect(model.target?.name == "y")
        #expect(model.target?.classes == [])
        #expect(model.diagnostics.isEmpty)
        let spec = T.linear(model)
        #expect(spec.function == .regression)
        #expect(spec.normalization == .none)
        #expect(spec.sourceElement == "RegressionModel")
        #expect(
            spec.equations == [
                LinearEquation(
                    category: nil, intercept: 1,
                    terms: [
                        LinearTerm(coefficient: 2, factors: [.numeric(field: "x1", exponent: 1)]),
                        LinearTerm(coefficient: 3, factors: [.numeric(field: "x2", exponent: 1)]),
                    ])
            ])
    }

    @Test("Exponents, categorical predictors and interaction terms become factors")
    func termKinds() throws {
        let fields =
            T.numericFields + """
                <DataField name="colour" optype="categorical" dataType="string">
                <Value value="red"/><Value value="blue"/></DataField>
                """
        let text = T.document(
            fields: fields,
            model: """
                <RegressionModel functionName="regression" modelName="poly" algorithmName="lm">
                <MiningSchema><MiningField name="x1"/><MiningField name="x2"/><MiningField name="colour"/>
                <MiningField name="y" usageType="predicted"/></MiningSchema>
                <RegressionTable intercept="-0.5">
                <NumericPredictor name="x1" exponent="2" coefficient="1.5E-3"/>
                <CategoricalPredictor name="colour" value="red" coefficient="4"/>
                <PredictorTerm coefficient="0.25"><FieldRef field="x1"/><FieldRef field="x2"/></PredictorTerm>
                </RegressionTable>
                </RegressionModel>
                """)
        let model = try T.read(text)
        #expect(model.modelName == "poly")
        #expect(T.linear(model).algorithm == "lm")
        #expect(model.inputs.first { $0.name == "colour" }?.validValues == ["red", "blue"])
        let terms = try #require(T.linear(model).equations.first?.terms)
        #expect(
            terms == [
                LinearTerm(coefficient: 0.0015, factors: [.numeric(field: "x1", exponent: 2)]),
                LinearTerm(coefficient: 4, factors: [.indicator(field: "colour", value: "red")]),
                LinearTerm(
                    coefficient: 0.25,
                    factors: [.numeric(field: "x1", exponent: 1), .numeric(field: "x2", exponent: 1)]),
            ])
    }

    static let classificationFields = """
        <DataField name="x1" optype="continuous" dataType="double"/>
        <DataField name="species" optype="categorical" dataType="string">
        <Value value="setosa"/><Value value="versicolor"/><Value value="virginica"/></DataField>
        """

    static func classifier(
        normalization: String, tables: [(String, Double)], fields: String = classificationFields
    )
        -> String
    {
        let tableText = tables.map { category, intercept in
            """
            <RegressionTable intercept="\(intercept)" targetCategory="\(category)">
            <NumericPredictor name="x1" coefficient="\(intercept / 2)"/></RegressionTable>
            """
        }.joined(separator: "\n")
        return T.document(
            fields: fields,
            model: """
                <RegressionModel functionName="classification" normalizationMethod="\(normalization)">
                <MiningSchema><MiningField name="x1"/><MiningField name="species" usageType="target"/></MiningSchema>
                \(tableText)
                </RegressionModel>
                """)
    }

    @Test("Multinomial softmax: one equation per table in file order, classes from the DataField")
    func multinomial() throws {
        let text = Self.classifier(
            normalization: "softmax", tables: [("virginica", 1), ("setosa", 2), ("versicolor", 3)])
        let model = try T.read(text)
        let spec = T.linear(model)
        #expect(spec.function == .classification)
        #expect(spec.normalization == .softmax)
        #expect(spec.equations.map(\.category) == ["virginica", "setosa", "versicolor"])
        #expect(spec.equations.map(\.intercept) == [1, 2, 3])
        #expect(model.target?.classes == ["setosa", "versicolor", "virginica"])
        #expect(model.target?.opType == .categorical)
    }

    @Test("Without declared values, classes come from the tables' targetCategory order")
    func classesFromTables() throws {
        let fields = """
            <DataField name="x1" optype="continuous" dataType="double"/>
            <DataField name="species" optype="categorical" dataType="string"/>
            """
        let model = try T.read(
            Self.classifier(normalization: "logit", tables: [("yes", 1), ("no", 0)], fields: fields))
        #expect(model.target?.classes == ["yes", "no"])
        #expect(T.linear(model).normalization == .logit)
    }

    @Test(
        "Every normalizationMethod maps to its Normalization",
        arguments: [
            ("none", Normalization.none), ("softmax", .softmax), ("logit", .logit), ("simplemax", .simplemax),
            ("probit", .probit), ("cloglog", .cloglog), ("loglog", .loglog), ("cauchit", .cauchit), ("exp", .exp),
        ])
    func normalizations(name: String, expected: Normalization) throws {
        let text = Self.classifier(
            normalization: name, tables: [("setosa", 1), ("versicolor", 2), ("virginica", 0)])
        #expect(T.linear(try T.read(text)).normalization == expected)
    }

    @Test("softmax on a regression is PMML's logistic function")
    func regressionSoftmax() throws {
        let text = T.linearRegression().replacingOccurrences(
            of: "functionName=\"regression\"", with: "functionName=\"regression\" normalizationMethod=\"softmax\"")
        #expect(T.linear(try T.read(text)).normalization == .logit)
    }

    @Test("PMML 3.2 with a 3.1 namespace, and PMML without a namespace, both import")
    func olderVersions() throws {
        let old = T.linearRegression().replacingOccurrences(
            of: "PMML-4_4\" version=\"4.4\"", with: "PMML-3_1\" version=\"3.2\"")
        #expect(try T.read(old).format == "PMML 3.2")
        let bare = T.linearRegression().replacingOccurrences(of: " xmlns=\"http://www.dmg.org/PMML-4_4\"", with: "")
        #expect(try T.read(bare).inputs.count == 2)
    }

    @Test("Extension elements are ignored wherever they appear")
    func extensionsIgnored() throws {
        let text = T.linearRegression(
            body: "<Extension name=\"x\" value=\"y\"><Anything/></Extension>",
            table: """
                <RegressionTable intercept="1"><Extension><Weird/></Extension>
                <NumericPredictor name="x1" coefficient="2"><Extension/></NumericPredictor></RegressionTable>
                """)
        let model = try T.read(text)
        #expect(T.linear(model).equations.first?.terms.count == 1)
        #expect(model.diagnostics.isEmpty)
    }

    @Test("Documentation elements (ModelStats, ModelExplanation) are ignored")
    func documentationIgnored() throws {
        let text = T.linearRegression(
            body: """
                <ModelStats><UnivariateStats field="x1"><Counts totalFreq="3"/></UnivariateStats></ModelStats>
                <ModelExplanation/>
                """)
        #expect(try T.read(text).diagnostics.isEmpty)
    }
}
