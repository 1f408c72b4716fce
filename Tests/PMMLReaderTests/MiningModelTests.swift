import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("PMML MiningModel")
struct MiningModelTests {
    typealias T = PMMLTestSupport

    static let fields = """
        <DataField name="x" optype="continuous" dataType="float"/>
        <DataField name="z" optype="continuous" dataType="double"/>
        <DataField name="y" optype="categorical" dataType="integer"><Value value="0"/><Value value="1"/></DataField>
        """

    static func stump(_ field: String, _ threshold: String, _ low: String, _ high: String, float: Bool = true) -> String
    {
        """
        <TreeModel functionName="regression" noTrueChildStrategy="returnLastPrediction"\(float ? " x-mathContext=\"float\"" : "")>
        <MiningSchema><MiningField name="\(field)"/></MiningSchema>
        <Node score="\(high)"><True/><Node score="\(low)"><SimplePredicate field="\(field)" operator="lessThan" value="\(threshold)"/></Node></Node>
        </TreeModel>
        """
    }

    /// An XGBoost-style binary classifier: boosted trees in float32, then a logit step.
    static let xgboost = T.document(
        fields: fields,
        model: """
            <MiningModel functionName="classification" algorithmName="XGBoost (GBTree)" x-mathContext="float">
            <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="x"/><MiningField name="z"/></MiningSchema>
            <Segmentation multipleModelMethod="modelChain" missingPredictionTreatment="returnMissing">
            <Segment id="1"><True/>
            <MiningModel functionName="regression" x-mathContext="float">
            <MiningSchema><MiningField name="x"/><MiningField name="z"/></MiningSchema>
            <Output><OutputField name="xgbValue" optype="continuous" dataType="float" isFinalResult="false"/></Output>
            <Targets><Target rescaleConstant="-0.5"/></Targets>
            <Segmentation multipleModelMethod="sum" missingPredictionTreatment="returnMissing">
            <Segment id="1"><True/>\(stump("x", "1.5", "0.25", "-0.25"))</Segment>
            <Segment id="2"><True/>\(stump("z", "0", "0.125", "0.5"))</Segment>
            </Segmentation>
            </MiningModel>
            </Segment>
            <Segment id="2"><True/>
            <RegressionModel functionName="classification" normalizationMethod="logit" x-mathContext="float">
            <MiningSchema><MiningField name="y" usageType="target"/><MiningField name="xgbValue"/></MiningSchema>
            <Output>
            <OutputField name="probability(0)" optype="continuous" dataType="float" feature="probability" value="0"/>
            <OutputField name="probability(1)" optype="continuous" dataType="float" feature="probability" value="1"/>
            </Output>
            <RegressionTable intercept="0.0" targetCategory="1"><NumericPredictor name="xgbValue" coefficient="1.0"/></RegressionTable>
            <RegressionTable intercept="0.0" targetCategory="0"/>
            </RegressionModel>
            </Segment>
            </Segmentation>
            </MiningModel>
            """)

    @Test("An XGBoost chain: float32 sum from the base margin, a float32 logit step, the last step's outputs")
    func xgboostChain() throws {
        let model = try T.read(Self.xgboost)
        guard case .ensemble(let chain) = model.model, case .ensemble(let boost) = chain.segments.first?.model,
            case .linear(let logit) = chain.segments.last?.model
        else {
            Issue.record("unexpected structure: \(model.model.familyName)")
            return
        }
        #expect(model.model.familyName == "XGBoost")
        #expect(chain.multipleModelMethod == .modelChain)
        #expect(chain.missingPredictionTreatment == .returnMissing)
        #expect(chain.classes == ["0", "1"])
        #expect(boost.initialScore == -0.5)
        #expect(boost.numeric == .float)
        #expect(chain.segments[0].target?.rescaleConstant == 0)
        #expect(chain.segments[0].outputFields.map(\.name) == ["xgbValue"])
        #expect(logit.numeric == .float)
        #expect(model.outputs.map(\.name) == ["probability(0)", "probability(1)"])
        let target = try #require(model.target)
        #expect(target.name == "y")
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: model.derivedFields, model: model.model, target: target)
        let result = try evaluator.evaluate(["x": .text("1"), "z": .text("-1")])
        let margin: Float = -0.5 + 0.25 + 0.125
        let p = 1 / (1 + Foundation.exp(-margin))
        #expect(result.probability(of: "1") == Double(p))
        #expect(result.label == "0")
        #expect(result.outputs["probability(1)"] == .number(Double(p)))
        // z missing: its stump keeps the root's score (returnLastPrediction), so there is still a prediction.
        #expect(try evaluator.evaluate(["x": .text("1")]).isMissing == false)
    }

    static func ensemble(
        _ method: String, segments: String, attributes: String = "", function: String = "regression"
    )
        -> String
    {
        T.document(
            fields: T.numericFields,
            model: """
                <MiningModel functionName="\(function)">
                \(T.numericSchema)
                <Segmentation multipleModelMethod="\(method)" \(attributes)>
                \(segments)
                </Segmentation>
                </MiningModel>
                """)
    }

    @Test("Weights, segment ids and predicates are read; a weighted average scores")
    func weights() throws {
        let segments = """
            <Segment id="a" weight="3"><SimplePredicate field="x2" operator="isNotMissing"/>\(Self.stump("x1", "0", "1", "2", float: false))</Segment>
            <Segment weight="1"><True/>\(Self.stump("x1", "0", "5", "6", float: false))</Segment>
            """
        let model = try T.read(Self.ensemble("weightedAverage", segments: segments))
        guard case .ensemble(let ensemble) = model.model else {
            Issue.record("not an ensemble")
            return
        }
        #expect(ensemble.segments.map(\.id) == ["a", "2"])
        #expect(ensemble.segments.map(\.weight) == [3, 1])
        #expect(ensemble.missingPredictionTreatment == .continue)
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: [], model: model.model, target: try #require(model.target))
        #expect(try evaluator.evaluate(["x1": .number(-1), "x2": .number(0)]).prediction == (3 * 1 + 5) / 4.0)
        #expect(try evaluator.evaluate(["x1": .number(-1)]).prediction == 5)
    }

    @Test("A VariableWeight takes the segment's weight from a field, here the segment's own output")
    func variableWeight() throws {
        let segments = """
            <Segment weight="100"><True/>
            <TreeModel functionName="regression"><MiningSchema><MiningField name="x1"/></MiningSchema>
            <Output><OutputField name="w" feature="transformedValue"><Apply function="+"><FieldRef field="x2"/>
            <Constant>1</Constant></Apply></OutputField></Output>
            <Node score="10"><True/></Node></TreeModel>
            <VariableWeight field="w"/></Segment>
            <Segment weight="1"><True/>\(Self.stump("x1", "0", "0", "0", float: false))</Segment>
            """
        let model = try T.read(Self.ensemble("weightedAverage", segments: segments))
        guard case .ensemble(let ensemble) = model.model else {
            Issue.record("not an ensemble")
            return
        }
        #expect(ensemble.segments.first?.variableWeight == "w")
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: [], model: model.model, target: try #require(model.target))
        #expect(try evaluator.evaluate(["x1": .number(0), "x2": .number(3)]).prediction == 40.0 / 5)
        T.expectError(
            "pmml.unknown-field",
            in: Self.ensemble(
                "sum",
                segments: segments.replacingOccurrences(
                    of: "<VariableWeight field=\"w\"/>", with: "@@<VariableWeight field=\"v\"/>")))
    }

    @Test("Later chain steps see earlier steps' outputs; other ensembles' segments do not")
    func chainScope() {
        let reads = """
            <Segment><True/>
            <TreeModel functionName="regression"><MiningSchema><MiningField name="x1"/></MiningSchema>
            <Output><OutputField name="first" feature="predictedValue"/></Output>
            <Node score="1"><True/></Node></TreeModel></Segment>
            <Segment><True/>
            <TreeModel functionName="regression"><MiningSchema>@@<MiningField name="first"/></MiningSchema>
            <Node score="1"><True/><Node score="2"><SimplePredicate field="first" operator="greaterThan" value="0"/></Node></Node>
            </TreeModel></Segment>
            """
        #expect(throws: Never.self) {
            try T.read(Self.ensemble("modelChain", segments: reads.replacingOccurrences(of: "@@", with: "")))
        }
        T.expectError("pmml.unknown-field", in: Self.ensemble("sum", segments: reads))
    }

    @Test("A model chain with several targets predicts the last step's")
    func chainTargets() throws {
        let text = T.document(
            fields: T.numericFields + "\n<DataField name=\"w\" optype=\"continuous\" dataType=\"double\"/>",
            model: """
                <MiningModel functionName="regression">
                <MiningSchema><MiningField name="x1"/><MiningField name="w" usageType="target"/>
                <MiningField name="y" usageType="target"/></MiningSchema>
                <Segmentation multipleModelMethod="modelChain">
                <Segment><True/><TreeModel functionName="regression"><MiningSchema><MiningField name="x1"/>
                <MiningField name="w" usageType="target"/></MiningSchema>
                <Output><OutputField name="w hat" feature="predictedValue"/></Output>
                <Node score="2"><True/></Node></TreeModel></Segment>
                <Segment><True/><RegressionModel functionName="regression"><MiningSchema><MiningField name="w hat"/>
                <MiningField name="y" usageType="target"/></MiningSchema>
                <RegressionTable intercept="1"><NumericPredictor name="w hat" coefficient="10"/></RegressionTable>
                </RegressionModel></Segment>
                </Segmentation>
                </MiningModel>
                """)
        let model = try T.read(text)
        #expect(model.target?.name == "y")
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: [], model: model.model, target: try #require(model.target))
        #expect(try evaluator.evaluate(["x1": .number(0)]).prediction == 21)
    }

    @Test("Top-level transformed values and decisions are read for the evaluator")
    func topLevelOutputs() throws {
        let text = Self.ensemble(
            "average", segments: "<Segment><True/>\(Self.stump("x1", "0", "-1", "1", float: false))</Segment>"
        ).replacingOccurrences(
            of: "<Segmentation",
            with: """
                <Output><OutputField name="raw" feature="predictedValue" isFinalResult="false"/>
                <OutputField name="flag" feature="decision" dataType="boolean"><Apply function="if">
                <Apply function="lessOrEqual"><FieldRef field="raw"/><Constant>0</Constant></Apply>
                <Constant dataType="boolean">true</Constant><Constant dataType="boolean">false</Constant></Apply></OutputField>
                </Output>
                <Segmentation
                """)
        let model = try T.read(text)
        #expect(model.outputFields.map(\.name) == ["raw", "flag"])
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: [], model: model.model, target: try #require(model.target),
            outputFields: model.outputFields)
        #expect(try evaluator.evaluate(["x1": .number(-2)]).outputs["flag"] == .text("true"))
        #expect(try evaluator.evaluate(["x1": .number(2)]).outputs["flag"] == .text("false"))
    }

    @Test("MapValues and Discretize DerivedFields are read and used by a tree")
    func tableTransformations() throws {
        let text = T.document(
            fields: T.numericFields,
            model: """
                <TreeModel functionName="regression" noTrueChildStrategy="returnLastPrediction">\(T.numericSchema)
                <Node score="0"><True/><Node score="1"><SimplePredicate field="weight" operator="greaterThan" value="15"/></Node></Node>
                </TreeModel>
                """,
            extra: """
                <TransformationDictionary>
                <DerivedField name="band" optype="categorical" dataType="string">
                <Discretize field="x1" defaultValue="high"><DiscretizeBin binValue="low">
                <Interval closure="openOpen" rightMargin="0"/></DiscretizeBin></Discretize></DerivedField>
                <DerivedField name="weight" optype="continuous" dataType="double">
                <MapValues outputColumn="w" dataType="double" defaultValue="0"><FieldColumnPair field="band" column="b"/>
                <InlineTable><row><b>low</b><w>10</w></row><row><b>high</b><w>20</w></row></InlineTable></MapValues></DerivedField>
                </TransformationDictionary>
                """)
        let model = try T.read(text)
        #expect(model.derivedFields.map(\.name) == ["band", "weight"])
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: model.derivedFields, model: model.model,
            target: try #require(model.target))
        #expect(try evaluator.evaluate(["x1": .number(-1)]).prediction == 0)
        #expect(try evaluator.evaluate(["x1": .number(1)]).prediction == 1)
    }

    @Test(
        "What nbship cannot translate inside an ensemble is refused at its element",
        arguments: [
            ("sum", "@@<LocalTransformations/>", "pmml.unsupported-element", "regression"),
            (
                "sum", "<Segment><True/>@@<ClusteringModel functionName=\"regression\"/></Segment>",
                "pmml.unsupported-element", "regression"
            ),
            (
                "sum",
                "<Segment><True/><TreeModel functionName=\"regression\"><MiningSchema>@@<MiningField name=\"x1\" missingValueReplacement=\"0\"/></MiningSchema><Node score=\"1\"><True/></Node></TreeModel></Segment>",
                "pmml.unsupported-attribute-value", "regression"
            ),
            (
                "sum",
                "<Segment><True/><TreeModel functionName=\"regression\"><MiningSchema><MiningField name=\"x1\"/></MiningSchema><Output>@@<OutputField name=\"r\" feature=\"residual\"/></Output><Node score=\"1\"><True/></Node></TreeModel></Segment>",
                "pmml.unsupported-attribute-value", "regression"
            ),
        ])
    func unsupported(_ method: String, _ segments: String, _ id: String, _ function: String) {
        T.expectError(id, in: Self.ensemble(method, segments: segments, function: function))
    }

    @Test("Methods that do not fit the function, and several results per row, are refused at the Segmentation")
    func methods() {
        let segment = "<Segment><True/>\(Self.stump("x1", "0", "1", "2", float: false))</Segment>"
        func marked(_ text: String) -> String {
            text.replacingOccurrences(of: "<Segmentation", with: "@@<Segmentation")
        }
        T.expectError("pmml.bad-attribute-value", in: marked(Self.ensemble("majorityVote", segments: segment)))
        T.expectError("pmml.unsupported-attribute-value", in: marked(Self.ensemble("selectAll", segments: segment)))
        T.expectError(
            "pmml.bad-attribute-value",
            in: marked(
                Self.ensemble("modelChain", segments: segment, attributes: "missingPredictionTreatment=\"skipSegment\"")
            ))
    }

    @Test("A segment whose function differs from the ensemble's is invalid (except before a chain's last step)")
    func segmentFunction() {
        let segment = """
            <Segment><True/>@@<TreeModel functionName="classification"><MiningSchema><MiningField name="x1"/></MiningSchema>
            <Node score="a"><True/></Node></TreeModel></Segment>
            """
        T.expectError("pmml.invalid-model", in: Self.ensemble("sum", segments: segment))
    }
}
