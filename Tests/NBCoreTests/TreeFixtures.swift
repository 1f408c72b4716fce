@testable import NBCore

/// Small trees and ensembles built in code, shared by the evaluator and spec tests.
enum TreeFixtures {
    static func number(_ name: String, _ type: FieldType = .double) -> InputSpec {
        InputSpec(name: name, type: type, opType: .continuous)
    }

    static func category(_ name: String, _ values: [String] = []) -> InputSpec {
        InputSpec(name: name, type: .string, opType: .categorical, validValues: values)
    }

    static let regressionTarget = TargetSpec(name: "y", type: .double, opType: .continuous)

    static func classTarget(_ classes: [String]) -> TargetSpec {
        TargetSpec(name: "label", type: .string, opType: .categorical, classes: classes)
    }

    static func simple(_ field: String, _ comparison: ComparisonOperator, _ value: String? = nil) -> Condition {
        .simple(field: field, operator: comparison, value: value)
    }

    static func distribution(_ entries: [(String, Double, Double)]) -> [ScoreDistribution] {
        entries.map { ScoreDistribution(value: $0.0, recordCount: $0.1, confidence: $0.2) }
    }

    /// The DMG "golfing" tree: outlook, temperature and humidity decide whether one plays.
    static func golf(
        _ strategy: TreeModelSpec.MissingValueStrategy,
        noTrueChild: TreeModelSpec.NoTrueChildStrategy = .returnNullPrediction, penalty: Double = 1
    ) -> TreeModelSpec {
        let node3 = TreeNode(
            id: "3",
            predicate: .compound(
                .surrogate, [simple("temperature", .greaterOrEqual, "50"), simple("humidity", .lessThan, "80")]),
            score: "will play", recordCount: 40,
            distribution: distribution([("will play", 36, 0.9), ("may play", 2, 0.05), ("no play", 2, 0.05)]))
        let node4 = TreeNode(
            id: "4",
            predicate: .compound(
                .surrogate, [simple("temperature", .lessThan, "50"), simple("humidity", .greaterOrEqual, "80")]),
            score: "no play", recordCount: 10,
            distribution: distribution([("will play", 4, 0.4), ("may play", 0, 0), ("no play", 6, 0.6)]))
        let node2 = TreeNode(
            id: "2", predicate: simple("outlook", .equal, "sunny"), score: "will play", recordCount: 50,
            distribution: distribution([("will play", 40, 0.8), ("may play", 2, 0.04), ("no play", 8, 0.16)]),
            defaultChild: "3", children: [node3, node4])
        let node5 = TreeNode(
            id: "5",
            predicate: .compound(.or, [simple("outlook", .equal, "overcast"), simple("outlook", .equal, "rain")]),
            score: "may play", recordCount: 50,
            distribution: distribution([("will play", 20, 0.4), ("may play", 28, 0.56), ("no play", 2, 0.04)]))
        let root = TreeNode(
            id: "1", predicate: .true, score: "will play", recordCount: 100,
            distribution: distribution([("will play", 60, 0.6), ("may play", 30, 0.3), ("no play", 10, 0.1)]),
            defaultChild: "2", children: [node2, node5])
        return TreeModelSpec(
            function: .classification, missingValueStrategy: strategy, missingValuePenalty: penalty,
            noTrueChildStrategy: noTrueChild, splitCharacteristic: .binarySplit, root: root,
            classes: ["will play", "may play", "no play"])
    }

    static let golfInputs = [number("temperature"), number("humidity"), category("outlook")]

    static func golfEvaluator(_ tree: TreeModelSpec) -> SpecEvaluator {
        SpecEvaluator(
            inputs: golfInputs, derivedFields: [], model: .tree(tree),
            target: classTarget(["will play", "may play", "no play"]))
    }

    /// A regression stump: `x < threshold` gives `low`, else `high`.
    static func stump(
        _ field: String = "x", threshold: String, low: String, high: String, numeric: NumericSemantics = .double
    ) -> TreeModelSpec {
        TreeModelSpec(
            function: .regression, noTrueChildStrategy: .returnLastPrediction,
            root: TreeNode(
                predicate: .true, score: high,
                children: [TreeNode(id: "low", predicate: simple(field, .lessThan, threshold), score: low)]),
            numeric: numeric)
    }

    /// A classification stump: `x < threshold` gives the first distribution, else the second.
    static func classStump(
        threshold: String, below: [(String, Double)], above: [(String, Double)]
    ) -> TreeModelSpec {
        func leaf(_ predicate: Condition, _ counts: [(String, Double)]) -> TreeNode {
            let best = counts.max { $0.1 < $1.1 }?.0
            return TreeNode(
                predicate: predicate, score: best,
                distribution: counts.map { ScoreDistribution(value: $0.0, recordCount: $0.1) })
        }
        return TreeModelSpec(
            function: .classification,
            root: TreeNode(
                predicate: .true,
                children: [
                    leaf(simple("x", .lessThan, threshold), below),
                    leaf(simple("x", .greaterOrEqual, threshold), above),
                ]))
    }

    static func segment(
        _ id: String, _ tree: TreeModelSpec, weight: Double = 1, predicate: Condition = .true
    )
        -> Segment
    {
        Segment(id: id, weight: weight, predicate: predicate, model: .tree(tree))
    }

    static func ensemble(
        _ method: MiningModelSpec.MultipleModelMethod, _ segments: [Segment], function: MiningFunction = .regression,
        treatment: MiningModelSpec.MissingPredictionTreatment = .continue, classes: [String] = []
    ) -> SpecEvaluator {
        let model = MiningModelSpec(
            function: function, multipleModelMethod: method, missingPredictionTreatment: treatment,
            segments: segments, classes: classes)
        return SpecEvaluator(
            inputs: [number("x"), number("z")], derivedFields: [], model: .ensemble(model),
            target: function == .regression ? regressionTarget : classTarget(classes))
    }
}
