import Testing

@testable import NBCore

@Suite("Spec builder with trees and ensembles")
struct TreeSpecBuilderTests {
    typealias F = TreeFixtures

    /// A random-forest-like ensemble of two stumps on x, with no transformations in the model file.
    static func forest() -> ImportedModel {
        let model = MiningModelSpec(
            function: .regression, multipleModelMethod: .average,
            segments: [
                F.segment("1", F.stump(threshold: "0.5", low: "1", high: "3")),
                F.segment(
                    "2", F.stump(threshold: "0", low: "10", high: "30"), predicate: F.simple("x", .isNotMissing)),
            ])
        return ImportedModel(
            file: "forest.pmml", format: "PMML 4.4", inputs: [F.number("x")], target: F.regressionTarget,
            derivedFields: [], model: .ensemble(model))
    }

    @Test("Notebook scaling reaches the predicates of every segment")
    func scaling() throws {
        let cells = [
            RoleCell(
                role: .scaling, cellNumber: 2,
                assignments: [assign("MEAN", dict([("x", num(10))])), assign("STD", dict([("x", num(2))]))],
                directives: [CellDirective(word: "scale-inputs", location: SourceLocation(file: "n.ipynb", cell: 2))])
        ]
        let (spec, warnings) = try SpecBuilder().build(.init(notebook: notebook(cells), model: Self.forest()))
        #expect(warnings.map(\.id).contains("spec.notebook-scaling-applied"))
        #expect(spec.model.fieldReferences == ["scaled(x)"])
        #expect(spec.model.familyName == "tree ensemble")
        // x = 12 is 1 once scaled: both stumps take their high branch.
        #expect(try SpecEvaluator(spec: spec).evaluate(["x": .number(12)]).prediction == 16.5)
        #expect(try SpecEvaluator(spec: spec).evaluate(["x": .number(10.5)]).prediction == (1 + 30) / 2.0)
    }

    @Test("A golden example the model gives no prediction for is a mismatch")
    func noPrediction() {
        let tree = TreeModelSpec(
            function: .regression, missingValueStrategy: .nullPrediction,
            root: TreeNode(
                predicate: .true, score: "1", children: [TreeNode(predicate: F.simple("x", .lessThan, "0"), score: "2")]
            ))
        let model = ImportedModel(
            file: "tree.pmml", format: "PMML 4.4", inputs: [F.number("x")], target: F.regressionTarget,
            derivedFields: [], model: .tree(tree),
            verification: [ExampleSpec(inputs: [:], expectedPrediction: 1, origin: .modelVerification)])
        #expect(errorIDs(.init(notebook: nil, model: model)) == ["spec.example-mismatch"])
    }
}
