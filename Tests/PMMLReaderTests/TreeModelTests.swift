import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("PMML TreeModel")
struct TreeModelTests {
    typealias T = PMMLTestSupport

    static let fields = """
        <DataField name="x" optype="continuous" dataType="float"><Value value="NaN" property="missing"/></DataField>
        <DataField name="color" optype="categorical" dataType="string">
        <Value value="red"/><Value value="dark blue"/><Value value="green"/></DataField>
        <DataField name="y" optype="categorical" dataType="string"><Value value="no"/><Value value="yes"/></DataField>
        """

    static func tree(_ attributes: String = "", nodes: String? = nil) -> String {
        T.document(
            fields: fields,
            model: """
                <TreeModel functionName="classification" algorithmName="rpart" \(attributes)>
                <MiningSchema><MiningField name="x"/><MiningField name="color"/>
                <MiningField name="y" usageType="target"/></MiningSchema>
                \(nodes ?? """
                <Node id="1" score="no" recordCount="10" defaultChild="2">
                  <True/>
                  <ScoreDistribution value="no" recordCount="6" confidence="0.6"/>
                  <ScoreDistribution value="yes" recordCount="4" confidence="0.4"/>
                  <Node id="2" score="yes" recordCount="4">
                    <CompoundPredicate booleanOperator="surrogate">
                      <SimplePredicate field="x" operator="lessOrEqual" value="2.5"/>
                      <SimpleSetPredicate field="color" booleanOperator="isIn">
                        <Array n="2" type="string">red "dark blue"</Array>
                      </SimpleSetPredicate>
                    </CompoundPredicate>
                    <ScoreDistribution value="no" recordCount="1"/>
                    <ScoreDistribution value="yes" recordCount="3"/>
                  </Node>
                  <Node id="3" score="no" recordCount="6">
                    <SimplePredicate field="x" operator="greaterThan" value="2.5"/>
                    <ScoreDistribution value="no" recordCount="5"/>
                    <ScoreDistribution value="yes" recordCount="1"/>
                  </Node>
                </Node>
                """)
                </TreeModel>
                """)
    }

    static func spec(_ model: ImportedModel) throws -> TreeModelSpec {
        guard case .tree(let tree) = model.model else { throw Unexpected(family: model.model.familyName) }
        return tree
    }

    struct Unexpected: Error { var family: String }

    @Test("Nodes, predicates, distributions and strategies are read as written")
    func reads() throws {
        let model = try T.read(
            Self.tree(
                "missingValueStrategy=\"defaultChild\" missingValuePenalty=\"0.8\" noTrueChildStrategy=\"returnLastPrediction\" splitCharacteristic=\"binarySplit\""
            ))
        let tree = try Self.spec(model)
        #expect(tree.missingValueStrategy == .defaultChild)
        #expect(tree.missingValuePenalty == 0.8)
        #expect(tree.noTrueChildStrategy == .returnLastPrediction)
        #expect(tree.splitCharacteristic == .binarySplit)
        #expect(tree.classes == ["no", "yes"])
        #expect(tree.algorithm == "rpart")
        #expect(tree.nodeCount == 3)
        #expect(tree.root.defaultChild == "2")
        #expect(tree.root.distribution.first == ScoreDistribution(value: "no", recordCount: 6, confidence: 0.6))
        let condition = tree.root.children[0].predicate
        #expect(
            condition
                == .compound(
                    .surrogate,
                    [
                        .simple(field: "x", operator: .lessOrEqual, value: "2.5"),
                        .simpleSet(field: "color", operator: .isIn, values: ["red", "dark blue"]),
                    ]))
        #expect(model.model.familyName == "decision tree")
        #expect(model.inputs.first?.missingValues == ["NaN"])
    }

    @Test("The imported tree scores rows, missing values included")
    func scores() throws {
        let model = try T.read(Self.tree("missingValueStrategy=\"defaultChild\""))
        let target = try #require(model.target)
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: model.derivedFields, model: model.model, target: target)
        #expect(try evaluator.evaluate(["x": .text("1")]).label == "yes")
        #expect(try evaluator.evaluate(["x": .text("7")]).probability(of: "no") == 5.0 / 6)
        // x missing: the surrogate decides on color.
        #expect(try evaluator.evaluate(["color": .text("dark blue")]).entityId == "2")
        // x missing ("NaN" is its missing-value marker) and color green: node 2 is false by its surrogate, node 3
        // is unknown, so the root's default child is taken after all.
        #expect(try evaluator.evaluate(["x": .text("NaN"), "color": .text("green")]).entityId == "2")
        #expect(try evaluator.evaluate([:]).entityId == "2")
    }

    @Test("Classes come from the tree when the target declares none")
    func undeclaredClasses() throws {
        let text = Self.tree().replacingOccurrences(
            of:
                "<DataField name=\"y\" optype=\"categorical\" dataType=\"string\"><Value value=\"no\"/><Value value=\"yes\"/></DataField>",
            with: "<DataField name=\"y\" optype=\"categorical\" dataType=\"string\"/>")
        let model = try T.read(text)
        #expect(try Self.spec(model).classes == ["no", "yes"])
        #expect(model.target?.classes == ["no", "yes"])
    }

    @Test("PMML Arrays: quoted values with blanks and escaped quotes")
    func arrays() {
        #expect(PMMLExtractor.splitArray(#"a "b c" "d\"e"  f"#) == ["a", "b c", "d\"e", "f"])
        #expect(PMMLExtractor.splitArray(#""" x"#) == ["", "x"])
        #expect(PMMLExtractor.splitArray(#""open"#) == nil)
    }

    @Test("A tree without a root Node is refused at the TreeModel")
    func noRoot() {
        let text = Self.tree(nodes: "").replacingOccurrences(of: "<TreeModel", with: "@@<TreeModel")
        T.expectError("pmml.missing-element", in: text)
    }

    @Test("An unknown operator is a bad attribute value at its predicate")
    func badOperator() {
        let nodes = """
            <Node score="no"><True/>
            @@<Node score="yes"><SimplePredicate field="x" operator="approximately" value="2"/></Node></Node>
            """
        T.expectError("pmml.bad-attribute-value", in: Self.tree(nodes: nodes))
    }

    @Test("A predicate on a field the model cannot see is an unknown field")
    func unknownField() {
        let nodes = """
            <Node score="no"><True/>
            @@<Node score="yes"><SimplePredicate field="colour" operator="equal" value="red"/></Node></Node>
            """
        let diagnostic = T.expectError("pmml.unknown-field", in: Self.tree(nodes: nodes))
        #expect(diagnostic?.help.first?.contains("color") == true)
    }

    @Test("defaultChild must name a child")
    func badDefaultChild() {
        let nodes = """
            @@<Node score="no" defaultChild="9"><True/>
            <Node id="1" score="yes"><SimplePredicate field="x" operator="lessThan" value="2"/></Node></Node>
            """
        T.expectError("pmml.invalid-model", in: Self.tree("missingValueStrategy=\"defaultChild\"", nodes: nodes))
    }

    @Test("A label the target does not declare is an unknown category")
    func unknownLabel() {
        let nodes = """
            @@<Node score="no"><True/>
            <Node score="maybe"><SimplePredicate field="x" operator="lessThan" value="2"/></Node></Node>
            """
        T.expectError("pmml.unknown-category", in: Self.tree(nodes: nodes))
    }

    @Test("Mixed probabilities and record counts in one distribution are refused")
    func mixedDistribution() {
        let nodes = """
            @@<Node score="no"><True/>
            <ScoreDistribution value="no" recordCount="1" probability="0.2"/>
            <ScoreDistribution value="yes" recordCount="4"/></Node>
            """
        T.expectError("pmml.invalid-model", in: Self.tree(nodes: nodes))
    }

    @Test("Embedded models inside nodes are unsupported, at the element")
    func embeddedModel() {
        let nodes = """
            <Node score="no"><True/>
            @@<Regression functionName="regression"/></Node>
            """
        T.expectError("pmml.unsupported-element", in: Self.tree(nodes: nodes))
    }

    @Test("weightedConfidence is refused for a regression tree")
    func weightedConfidenceRegression() {
        let text = T.document(
            fields: T.numericFields,
            model: """
                @@<TreeModel functionName="regression" missingValueStrategy="weightedConfidence">
                \(T.numericSchema)
                <Node score="1"><True/></Node>
                </TreeModel>
                """)
        T.expectError("pmml.unsupported-attribute-value", in: text)
    }

    @Test("A regression leaf needs a numeric score")
    func regressionScores() {
        let text = T.document(
            fields: T.numericFields,
            model: """
                <TreeModel functionName="regression">
                \(T.numericSchema)
                <Node score="1"><True/>
                @@<Node score="high"><SimplePredicate field="x1" operator="lessThan" value="0"/></Node></Node>
                </TreeModel>
                """)
        T.expectError("pmml.bad-number", in: text)
    }
}
