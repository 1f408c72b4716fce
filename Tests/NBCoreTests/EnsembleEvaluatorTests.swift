import Foundation
import Testing

@testable import NBCore

@Suite("Reference evaluator: ensembles")
struct EnsembleEvaluatorTests {
    typealias F = TreeFixtures

    /// Four stumps on x: below their threshold they predict `low`.
    static let stumps: [Segment] = [
        F.segment("a", F.stump(threshold: "1", low: "1", high: "10"), weight: 1),
        F.segment("b", F.stump(threshold: "2", low: "2", high: "20"), weight: 2),
        F.segment("c", F.stump(threshold: "3", low: "3", high: "30"), weight: 3),
        F.segment("d", F.stump(threshold: "4", low: "4", high: "40"), weight: 4),
    ]

    /// At x = 2.5 the stumps give 10, 20, 3 and 4 (weights 1 to 4); at 3.5 the first three give 10, 20, 30.
    static let aggregations: [(MiningModelSpec.MultipleModelMethod, Double, Double)] = [
        (.sum, 2.5, 37), (.average, 2.5, 9.25), (.weightedAverage, 2.5, 7.5), (.weightedSum, 2.5, 75),
        (.median, 2.5, 7), (.weightedMedian, 2.5, 4), (.median, 3.5, 20),
    ]

    @Test("Regression aggregations", arguments: aggregations)
    func regression(_ method: MiningModelSpec.MultipleModelMethod, _ x: Double, _ expected: Double) throws {
        var segments = Self.stumps
        if method == .median && x == 3.5 { segments.removeLast() }
        let result = try F.ensemble(method, segments).evaluate(["x": .number(x)])
        #expect(result.prediction == expected)
    }

    @Test("A float32 sum starts from its initial score and adds the segments in order, as XGBoost does")
    func floatSumOrder() throws {
        // 2^24 + 1 rounds back to 2^24 in float32; 1 + 1 first would give 2^24 + 2.
        let one = F.stump(threshold: "0", low: "1", high: "1", numeric: .float)
        let model = MiningModelSpec(
            function: .regression, multipleModelMethod: .sum, initialScore: 16_777_216,
            segments: [F.segment("1", one), F.segment("2", one)], numeric: .float)
        let evaluator = SpecEvaluator(
            inputs: [F.number("x")], derivedFields: [], model: .ensemble(model), target: F.regressionTarget)
        #expect(try evaluator.evaluate(["x": .number(1)]).prediction == 16_777_216)
        var double = model
        double.numeric = .double
        let exact = SpecEvaluator(
            inputs: [F.number("x")], derivedFields: [], model: .ensemble(double), target: F.regressionTarget)
        #expect(try exact.evaluate(["x": .number(1)]).prediction == 16_777_218)
    }

    static let votes: [Segment] = [
        F.segment("1", F.classStump(threshold: "5", below: [("no", 3), ("yes", 1)], above: [("no", 1), ("yes", 3)])),
        F.segment(
            "2", F.classStump(threshold: "7", below: [("no", 1), ("yes", 3)], above: [("no", 3), ("yes", 1)]),
            weight: 3),
    ]

    @Test("Majority votes: shares of votes, a tie goes to the class voted for first")
    func majorityVote() throws {
        let evaluator = F.ensemble(.majorityVote, Self.votes, function: .classification, classes: ["yes", "no"])
        let tie = try evaluator.evaluate(["x": .number(1)])
        #expect(tie.label == "no")
        #expect(tie.probabilities.map(\.label) == ["yes", "no"])
        #expect(tie.probability(of: "yes") == 0.5)
        let both = try evaluator.evaluate(["x": .number(6)])
        #expect(both.label == "yes")
        #expect(both.probability(of: "yes") == 1)
        #expect(both.probability(of: "no") == 0)
        let weighted = F.ensemble(.weightedMajorityVote, Self.votes, function: .classification, classes: ["yes", "no"])
        let result = try weighted.evaluate(["x": .number(1)])
        #expect(result.label == "yes")
        #expect(result.probability(of: "yes") == 0.75)
    }

    @Test("Probability averages: plain, weighted, max and median")
    func probabilities() throws {
        let classes = ["yes", "no"]
        let average = try F.ensemble(.average, Self.votes, function: .classification, classes: classes)
            .evaluate(["x": .number(1)])
        #expect(average.probability(of: "yes") == (0.25 + 0.75) / 2)
        let weighted = try F.ensemble(.weightedAverage, Self.votes, function: .classification, classes: classes)
            .evaluate(["x": .number(1)])
        #expect(weighted.probability(of: "yes") == (0.25 + 3 * 0.75) / 4)
        #expect(weighted.label == "yes")
        let max = try F.ensemble(.max, Self.votes, function: .classification, classes: classes)
            .evaluate(["x": .number(1)])
        // Both segments reach 0.75 for some class; "yes" is tried first, so segment 2's distribution is taken.
        #expect(max.probability(of: "yes") == 0.75)
        #expect(max.label == "yes")
        let median = try F.ensemble(.median, Self.votes + [Self.votes[0]], function: .classification, classes: classes)
            .evaluate(["x": .number(1)])
        #expect(median.label == "no")
        #expect(median.probability(of: "no") == 0.75)
    }

    @Test("selectFirst takes the first segment whose predicate is true; unknown predicates do not select")
    func selectFirst() throws {
        let segments = [
            F.segment("neg", F.stump(threshold: "0", low: "-1", high: "-1"), predicate: F.simple("z", .lessThan, "0")),
            F.segment(
                "pos", F.stump(threshold: "0", low: "1", high: "1"), predicate: F.simple("z", .greaterOrEqual, "0")),
            F.segment("other", F.stump(threshold: "0", low: "9", high: "9")),
        ]
        let evaluator = F.ensemble(.selectFirst, segments)
        #expect(try evaluator.evaluate(["x": .number(0), "z": .number(-5)]).prediction == -1)
        #expect(try evaluator.evaluate(["x": .number(0), "z": .number(5)]).prediction == 1)
        #expect(try evaluator.evaluate(["x": .number(0)]).prediction == 9)
    }

    @Test("Missing predictions: returnMissing stops, skipSegment leaves the segment out, continue gives none")
    func missingPredictions() throws {
        let nullTree = TreeModelSpec(
            function: .regression, missingValueStrategy: .nullPrediction,
            root: TreeNode(
                predicate: .true, score: "100",
                children: [TreeNode(predicate: F.simple("z", .lessThan, "0"), score: "5")]))
        let segments = [F.segment("1", F.stump(threshold: "0", low: "1", high: "2")), F.segment("2", nullTree)]
        let row: [String: FieldValue] = ["x": .number(1)]
        #expect(try F.ensemble(.sum, segments, treatment: .returnMissing).evaluate(row).isMissing)
        #expect(try F.ensemble(.sum, segments, treatment: .continue).evaluate(row).isMissing)
        #expect(try F.ensemble(.sum, segments, treatment: .skipSegment).evaluate(row).prediction == 2)
        var threshold = MiningModelSpec(
            function: .regression, multipleModelMethod: .sum, missingPredictionTreatment: .skipSegment,
            missingThreshold: 0.4, segments: segments)
        let strict = SpecEvaluator(
            inputs: [F.number("x"), F.number("z")], derivedFields: [], model: .ensemble(threshold),
            target: F.regressionTarget)
        #expect(try strict.evaluate(row).isMissing)
        threshold.missingThreshold = 0.5
        let lenient = SpecEvaluator(
            inputs: [F.number("x"), F.number("z")], derivedFields: [], model: .ensemble(threshold),
            target: F.regressionTarget)
        #expect(try lenient.evaluate(row).prediction == 2)
    }

    /// The DMG pollen example: a tree predicts the iris class, a regression reads its probabilities.
    static func pollenChain() -> SpecEvaluator {
        let iris = TreeModelSpec(
            function: .classification,
            root: TreeNode(
                predicate: .true, score: "setosa",
                children: [
                    TreeNode(
                        predicate: F.simple("petal", .lessThan, "2.45"), score: "setosa",
                        distribution: [
                            ScoreDistribution(value: "setosa", recordCount: 50),
                            ScoreDistribution(value: "virginica", recordCount: 0),
                        ]),
                    TreeNode(
                        predicate: .true, score: "virginica",
                        distribution: [
                            ScoreDistribution(value: "setosa", recordCount: 1),
                            ScoreDistribution(value: "virginica", recordCount: 3),
                        ]),
                ]),
            classes: ["setosa", "virginica"])
        let pollen = LinearModelSpec(
            function: .regression, normalization: .none,
            equations: [
                LinearEquation(
                    category: nil, intercept: 0.3,
                    terms: [
                        LinearTerm(coefficient: 0.8, factors: [.numeric(field: "P_setosa", exponent: 1)]),
                        LinearTerm(coefficient: 0.9, factors: [.numeric(field: "P_virginica", exponent: 1)]),
                        LinearTerm(coefficient: 0.02, factors: [.numeric(field: "temperature", exponent: 1)]),
                    ])
            ], sourceElement: "RegressionModel")
        let chain = MiningModelSpec(
            function: .regression, multipleModelMethod: .modelChain,
            segments: [
                Segment(
                    id: "1", model: .tree(iris),
                    outputFields: [
                        OutputFieldSpec(name: "P_setosa", feature: .probability("setosa")),
                        OutputFieldSpec(name: "P_virginica", feature: .probability("virginica")),
                        OutputFieldSpec(name: "Class", feature: .predictedValue, type: .string),
                    ]),
                Segment(
                    id: "2", model: .linear(pollen),
                    outputFields: [OutputFieldSpec(name: "Pollen index", feature: .predictedValue)]),
            ])
        return SpecEvaluator(
            inputs: [F.number("petal"), F.number("temperature")], derivedFields: [], model: .ensemble(chain),
            target: TargetSpec(name: "pollen", type: .double, opType: .continuous))
    }

    @Test("A model chain's later segments read earlier segments' output fields; the last one gives the result")
    func modelChain() throws {
        let result = try Self.pollenChain().evaluate(["petal": .number(5), "temperature": .number(20)])
        let expected = 0.8 * 0.25 + 0.9 * 0.75 + 0.02 * 20 + 0.3
        #expect(result.prediction == expected)
        #expect(result.outputs["Pollen index"] == .number(expected))
        // A missing input the linear step needs gives no prediction.
        #expect(try Self.pollenChain().evaluate(["petal": .number(5)]).isMissing)
    }

    @Test("Segments can nest ensembles, with their own derived fields and target rescaling")
    func nested() throws {
        let inner = MiningModelSpec(
            function: .regression, multipleModelMethod: .sum,
            segments: [F.segment("t", F.stump("double x", threshold: "4", low: "1", high: "2"))])
        let outer = MiningModelSpec(
            function: .regression, multipleModelMethod: .average,
            segments: [
                Segment(
                    id: "boost", model: .ensemble(inner),
                    target: TargetSpec(
                        name: "", type: .double, opType: .continuous, rescaleFactor: 10, rescaleConstant: 1),
                    derivedFields: [
                        DerivedFieldSpec(
                            name: "double x",
                            expression: .apply(
                                function: "*", arguments: [.field("x"), .constant(2)], mapMissingTo: nil),
                            origin: .modelFile)
                    ]),
                F.segment("plain", F.stump(threshold: "4", low: "0", high: "100")),
            ])
        let evaluator = SpecEvaluator(
            inputs: [F.number("x")], derivedFields: [], model: .ensemble(outer), target: F.regressionTarget)
        // x = 3: double x = 6, inner gives 2, rescaled 21; plain gives 0.
        #expect(try evaluator.evaluate(["x": .number(3)]).prediction == 10.5)
    }

    @Test("A linear segment follows PMML: a missing categorical input is ignored, a numeric one stops it")
    func linearSegment() throws {
        let logistic = LinearModelSpec(
            function: .classification, normalization: .logit,
            equations: [
                LinearEquation(
                    category: "1", intercept: -1,
                    terms: [
                        LinearTerm(coefficient: 2, factors: [.numeric(field: "x", exponent: 1)]),
                        LinearTerm(coefficient: 5, factors: [.indicator(field: "c", value: "a")]),
                    ]),
                LinearEquation(category: "0", intercept: 0, terms: []),
            ], sourceElement: "RegressionModel", numeric: .float)
        let model = MiningModelSpec(
            function: .classification, multipleModelMethod: .selectFirst,
            segments: [Segment(id: "1", model: .linear(logistic))], classes: ["0", "1"])
        let evaluator = SpecEvaluator(
            inputs: [F.number("x"), F.category("c")], derivedFields: [], model: .ensemble(model),
            target: F.classTarget(["0", "1"]))
        let result = try evaluator.evaluate(["x": .number(1)])
        let p = 1 / (1 + Foundation.exp(-Float(1)))
        #expect(result.probability(of: "1") == Double(p))
        #expect(result.probability(of: "0") == Double(1 - p))
        #expect(result.label == "1")
        #expect(try evaluator.evaluate(["c": .text("a")]).isMissing)
    }

    @Test("Top-level output fields: transformed values and decisions over the prediction")
    func outputs() throws {
        var evaluator = F.ensemble(.sum, Array(Self.stumps.prefix(2)))
        evaluator.outputFields = [
            OutputFieldSpec(name: "raw", feature: .predictedValue, isFinalResult: false),
            OutputFieldSpec(
                name: "shifted",
                feature: .transformedValue(
                    .apply(function: "-", arguments: [.field("raw"), .constant(0.5)], mapMissingTo: nil)), type: nil),
            OutputFieldSpec(
                name: "big",
                feature: .decision(
                    .apply(function: "greaterThan", arguments: [.field("shifted"), .constant(10)], mapMissingTo: nil)),
                type: .boolean),
        ]
        let result = try evaluator.evaluate(["x": .number(5)])
        #expect(result.prediction == 30)
        #expect(result.outputs["shifted"] == .number(29.5))
        #expect(result.outputs["big"] == .text("true"))
    }
}
