import Foundation
import Testing

@testable import NBCore

@Suite("Tree and ensemble specs")
struct TreeSpecTests {
    typealias F = TreeFixtures

    @Test("Specs round-trip through JSON")
    func codable() throws {
        let chain = EnsembleEvaluatorTests.pollenChain().model
        let tree = ModelBody.tree(F.golf(.defaultChild, penalty: 0.5))
        for body in [chain, tree] {
            let data = try JSONEncoder().encode(body)
            #expect(try JSONDecoder().decode(ModelBody.self, from: data) == body)
        }
    }

    @Test("Renaming reaches tree predicates, segment predicates and segment expressions, not segment-local names")
    func renaming() throws {
        let segment = Segment(
            id: "1", predicate: F.simple("x", .greaterThan, "0"),
            model: .tree(F.stump("local", threshold: "1", low: "0", high: "1")),
            derivedFields: [
                DerivedFieldSpec(
                    name: "local",
                    expression: .apply(function: "*", arguments: [.field("x"), .field("local")], mapMissingTo: nil),
                    origin: .modelFile)
            ],
            outputFields: [
                OutputFieldSpec(name: "out", feature: .transformedValue(.field("x")))
            ])
        let model = MiningModelSpec(function: .regression, multipleModelMethod: .sum, segments: [segment])
        let renamed = ModelBody.ensemble(model).renamingFields(["x": "scaled(x)", "local": "nope"])
        guard case .ensemble(let result) = renamed, let first = result.segments.first else {
            Issue.record("not an ensemble")
            return
        }
        #expect(first.predicate == F.simple("scaled(x)", .greaterThan, "0"))
        #expect(first.derivedFields[0].expression.fieldReferences == ["scaled(x)", "local"])
        #expect(first.model.fieldReferences == ["local"])
        #expect(first.outputFields[0].expressionReferences == ["scaled(x)"])
        let tree = ModelBody.tree(F.golf(.none)).renamingFields(["outlook": "weather"])
        #expect(tree.fieldReferences == ["weather", "temperature", "humidity"])
    }

    @Test("Field references leave out what segments define, earlier chain outputs included")
    func references() {
        let chain = EnsembleEvaluatorTests.pollenChain().model
        #expect(chain.fieldReferences == ["petal", "temperature"])
    }

    @Test(
        "Ensembles are named after their algorithm",
        arguments: [
            ("XGBoost (GBTree)", "XGBoost"), ("LightGBM", "LightGBM"),
            ("sklearn.ensemble._forest.RandomForestClassifier", "random forest"),
            ("randomForest", "random forest"), ("sklearn.ensemble._gb.GradientBoostingRegressor", "gradient boosting"),
            ("sklearn.ensemble._weight_boosting.AdaBoostRegressor", "AdaBoost"),
            ("sklearn.ensemble._iforest.IsolationForest", "isolation forest"), ("something else", "tree ensemble"),
        ])
    func familyNames(_ algorithm: String, _ family: String) {
        let model = MiningModelSpec(
            function: .regression, multipleModelMethod: .sum,
            segments: [F.segment("1", F.stump(threshold: "0", low: "0", high: "1"))], algorithm: algorithm)
        #expect(ModelBody.ensemble(model).familyName == family)
    }

    @Test("Unnamed ensembles are named by what they hold; trees are decision trees")
    func structuralNames() {
        #expect(ModelBody.tree(F.golf(.none)).familyName == "decision tree")
        var gbm = MiningModelSpec(
            function: .regression, multipleModelMethod: .sum,
            segments: [F.segment("1", F.stump(threshold: "0", low: "0", high: "1"))], modelName: "gbm_Model")
        #expect(ModelBody.ensemble(gbm).familyName == "gradient boosting")
        gbm.modelName = nil
        #expect(ModelBody.ensemble(gbm).familyName == "tree ensemble")
        #expect(EnsembleEvaluatorTests.pollenChain().model.familyName == "model ensemble")
    }
}
