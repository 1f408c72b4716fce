import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("DerivedFields and expressions")
struct TransformationTests {
    typealias T = PMMLTestSupport

    /// A regression on one DerivedField `d`, defined by `expression`, over `x1` and `x2`.
    static func derived(_ expression: String, extra: String = "", predictor: String = "d") -> String {
        T.linearRegression(
            body: """
                <LocalTransformations>
                <DerivedField name="d" optype="continuous" dataType="double">
                \(expression)
                </DerivedField>
                \(extra)
                </LocalTransformations>
                """,
            table: """
                <RegressionTable intercept="0"><NumericPredictor name="\(predictor)" coefficient="1"/></RegressionTable>
                """)
    }

    static func expression(of text: String) throws -> NBCore.Expression {
        let model = try T.read(text)
        return try #require(model.derivedFields.first { $0.name == "d" }).expression
    }

    @Test("sklearn2pmml MinMaxScaler + LogisticRegression: Apply chains over names with spaces and parentheses")
    func sklearnMinMaxScaler() throws {
        let text = T.document(
            fields: """
                <DataField name="y" optype="categorical" dataType="integer"><Value value="0"/><Value value="1"/></DataField>
                <DataField name="sepal length (cm)" optype="continuous" dataType="double"/>
                <DataField name="width/height ratio" optype="continuous" dataType="double"/>
                """,
            model: """
                <RegressionModel functionName="classification" algorithmName="sklearn.linear_model._logistic.LogisticRegression" normalizationMethod="softmax">
                <MiningSchema>
                <MiningField name="y" usageType="target"/>
                <MiningField name="sepal length (cm)"/>
                <MiningField name="width/height ratio"/>
                </MiningSchema>
                <Output>
                <OutputField name="probability(0)" optype="continuous" dataType="double" feature="probability" value="0"/>
                <OutputField name="probability(1)" optype="continuous" dataType="double" feature="probability" value="1"/>
                </Output>
                <LocalTransformations>
                <DerivedField name="minMaxScaler(sepal length (cm))" optype="continuous" dataType="double">
                <Apply function="+"><Apply function="*"><FieldRef field="sepal length (cm)"/>
                <Constant dataType="double">0.2777777777777778</Constant></Apply>
                <Constant dataType="double">-1.1944444444444444</Constant></Apply>
                </DerivedField>
                <DerivedField name="standardScaler(width/height ratio)" optype="continuous" dataType="double">
                <Apply function="/"><Apply function="-"><FieldRef field="width/height ratio"/>
                <Constant dataType="double">3.05</Constant></Apply><Constant dataType="double">0.43</Constant></Apply>
                </DerivedField>
                </LocalTransformations>
                <RegressionTable intercept="0.5" targetCategory="1">
                <NumericPredictor name="minMaxScaler(sepal length (cm))" coefficient="-2.5"/>
                <NumericPredictor name="standardScaler(width/height ratio)" coefficient="1.25"/>
                </RegressionTable>
                <RegressionTable intercept="0.0" targetCategory="0"/>
                </RegressionModel>
                """)
        let model = try T.read(text)
        #expect(model.inputs.map(\.name) == ["sepal length (cm)", "width/height ratio"])
        #expect(
            model.derivedFields.map(\.name) == [
                "minMaxScaler(sepal length (cm))", "standardScaler(width/height ratio)",
            ])
        #expect(model.derivedFields.allSatisfy { $0.origin == .modelFile && $0.location?.line != nil })
        #expect(
            model.derivedFields[0].expression
                == .apply(
                    function: "+",
                    arguments: [
                        .apply(
                            function: "*", arguments: [.field("sepal length (cm)"), .constant(0.2777777777777778)],
                            mapMissingTo: nil),
                        .constant(-1.1944444444444444),
                    ], mapMissingTo: nil))
        #expect(model.derivedFields[1].expression.fieldReferences == ["width/height ratio"])
        #expect(model.target?.classes == ["0", "1"])
        #expect(T.linear(model).equations.map(\.category) == ["1", "0"])
        #expect(model.outputs.map(\.kind) == [.probability(classLabel: "0"), .probability(classLabel: "1")])
    }

    @Test("NormContinuous keeps its points, outlier treatment and mapMissingTo")
    func normContinuous() throws {
        let expression = try Self.expression(
            of: Self.derived(
                """
                <NormContinuous field="x1" outliers="asExtremeValues" mapMissingTo="0.5">
                <LinearNorm orig="0" norm="-1"/><LinearNorm orig="10" norm="1"/></NormContinuous>
                """))
        #expect(
            expression
                == .normContinuous(
                    field: "x1",
                    points: [NormPoint(original: 0, normalized: -1), NormPoint(original: 10, normalized: 1)],
                    outliers: .asExtremeValues, mapMissingTo: 0.5))
    }

    @Test("NormDiscrete becomes an indicator")
    func normDiscrete() throws {
        let text = Self.derived("<NormDiscrete field=\"x1\" value=\"3\"/>")
        #expect(try Self.expression(of: text) == .indicator(field: "x1", value: "3"))
    }

    @Test(
        "Every supported Apply function translates",
        arguments: [
            "+", "-", "*", "/", "pow", "threshold", "exp", "ln", "log10", "sqrt", "abs", "floor", "ceil",
            "round", "min", "max",
        ])
    func supportedFunctions(function: String) throws {
        let unary: Set = ["exp", "ln", "log10", "sqrt", "abs", "floor", "ceil", "round"]
        let arguments =
            unary.contains(function)
            ? "<FieldRef field=\"x1\"/>" : "<FieldRef field=\"x1\"/><Constant>2</Constant>"
        let expression = try Self.expression(
            of: Self.derived("<Apply function=\"\(function)\" mapMissingTo=\"7\">\(arguments)</Apply>"))
        let expected: [NBCore.Expression] = unary.contains(function) ? [.field("x1")] : [.field("x1"), .constant(2)]
        #expect(expression == .apply(function: function, arguments: expected, mapMissingTo: 7))
    }

    @Test("sum and product fold into nested + and *, keeping mapMissingTo on the outermost call")
    func foldedFunctions() throws {
        let expression = try Self.expression(
            of: Self.derived(
                "<Apply function=\"sum\" mapMissingTo=\"0\"><FieldRef field=\"x1\"/><FieldRef field=\"x2\"/><Constant>1</Constant></Apply>"
            ))
        #expect(
            expression
                == .apply(
                    function: "+",
                    arguments: [
                        .apply(function: "+", arguments: [.field("x1"), .field("x2")], mapMissingTo: nil), .constant(1),
                    ],
                    mapMissingTo: 0))
    }

    @Test("Derived fields from both dictionaries come dependencies first; unused ones are left out")
    func orderingAndReachability() throws {
        let text = T.document(
            fields: T.numericFields,
            model: """
                <RegressionModel functionName="regression">
                \(T.numericSchema)
                <LocalTransformations>
                <DerivedField name="late" optype="continuous" dataType="double">
                <Apply function="*"><FieldRef field="early"/><Constant>2</Constant></Apply></DerivedField>
                <DerivedField name="unused" optype="continuous" dataType="double"><FieldRef field="x2"/></DerivedField>
                </LocalTransformations>
                <RegressionTable intercept="0"><NumericPredictor name="late" coefficient="1"/></RegressionTable>
                </RegressionModel>
                """,
            extra: """
                <TransformationDictionary>
                <DerivedField name="early" optype="continuous" dataType="double">
                <Apply function="ln"><FieldRef field="x1"/></Apply></DerivedField>
                </TransformationDictionary>
                """)
        let model = try T.read(text)
        #expect(model.derivedFields.map(\.name) == ["early", "late"])
        #expect(model.diagnostics.isEmpty)
    }

    @Test("An unused DerivedField that cannot be translated is a warning, not an error")
    func unusedUnsupportedField() throws {
        let text = Self.derived(
            "<FieldRef field=\"x1\"/>",
            extra: """
                <DerivedField name="label" optype="categorical" dataType="string">
                <Apply function="uppercase"><FieldRef field="x1"/></Apply></DerivedField>
                """)
        let model = try T.read(text)
        #expect(model.derivedFields.map(\.name) == ["d"])
        let warning = try #require(model.diagnostics.first)
        #expect(warning.id == "pmml.ignored-content")
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("'label'"))
        #expect(warning.notes.first?.message.contains("uppercase") == true)
    }
}
