import Foundation
import Testing

@testable import NBCore

@Suite("Reference evaluator: trees")
struct TreeEvaluatorTests {
    typealias F = TreeFixtures

    @Test("The first true child wins; probabilities are record-count shares; the node id is reported")
    func traversal() throws {
        let result = try F.golfEvaluator(F.golf(.none)).evaluate([
            "outlook": .text("sunny"), "temperature": .number(60), "humidity": .number(90),
        ])
        #expect(result.label == "will play")
        #expect(result.entityId == "3")
        #expect(result.probabilities.map(\.label) == ["will play", "may play", "no play"])
        #expect(result.probability(of: "will play") == 36.0 / 40)
        #expect(result.probability(of: "no play") == 2.0 / 40)
        #expect(result.confidences["will play"] == 0.9)
    }

    @Test("missingValueStrategy none: an unknown child counts as false, then the no-true-child strategy decides")
    func strategyNone() throws {
        let row: [String: FieldValue] = ["temperature": .number(60), "humidity": .number(60)]
        let null = try F.golfEvaluator(F.golf(.none)).evaluate(row)
        #expect(null.isMissing)
        #expect(null.probabilities.isEmpty)
        let last = try F.golfEvaluator(F.golf(.none, noTrueChild: .returnLastPrediction)).evaluate(row)
        #expect(last.label == "will play")
        #expect(last.entityId == "1")
        #expect(last.probability(of: "may play") == 0.3)
    }

    @Test("nullPrediction gives no prediction; lastPrediction gives the parent's")
    func nullAndLast() throws {
        let row: [String: FieldValue] = ["outlook": .text("sunny")]
        #expect(try F.golfEvaluator(F.golf(.nullPrediction)).evaluate(row).isMissing)
        let last = try F.golfEvaluator(F.golf(.lastPrediction)).evaluate(row)
        #expect(last.entityId == "2")
        #expect(last.probability(of: "will play") == 0.8)
    }

    @Test("defaultChild follows the named child and, like a surrogate, costs the missing-value penalty once each")
    func defaultChild() throws {
        let evaluator = F.golfEvaluator(F.golf(.defaultChild, penalty: 0.8))
        // outlook missing: root -> default child 2; temperature missing: node 3's surrogate decides (humidity < 80).
        let result = try evaluator.evaluate(["humidity": .number(70)])
        #expect(result.entityId == "3")
        #expect(result.label == "will play")
        #expect(result.confidences["will play"] == 0.9 * pow(0.8, 2))
        // Probabilities are not penalised.
        #expect(result.probability(of: "will play") == 0.9)
        // Both surrogates known and outlook missing -> only the default child is a missing level.
        let once = try evaluator.evaluate(["temperature": .number(40), "humidity": .number(70)])
        #expect(once.entityId == "4")
        #expect(once.confidences["no play"] == 0.6 * 0.8)
    }

    @Test("A surrogate that decides false still counts as a missing level")
    func surrogates() throws {
        let evaluator = F.golfEvaluator(F.golf(.none, penalty: 0.5))
        let result = try evaluator.evaluate(["outlook": .text("sunny"), "humidity": .number(90)])
        #expect(result.entityId == "4")
        #expect(result.confidences["no play"] == 0.6 * 0.25)
    }

    @Test("weightedConfidence weighs the confidences of every child that is not false by its records")
    func weightedConfidence() throws {
        let evaluator = F.golfEvaluator(F.golf(.weightedConfidence))
        let sunny = try evaluator.evaluate(["outlook": .text("sunny")])
        #expect(sunny.label == "will play")
        #expect(abs((sunny.confidences["will play"] ?? 0) - 0.8) < 1e-12)
        let nothing = try evaluator.evaluate([:])
        #expect(nothing.label == "will play")
        #expect(abs((nothing.confidences["will play"] ?? 0) - 0.6) < 1e-12)
    }

    @Test("aggregateNodes adds the record counts of every reachable leaf")
    func aggregateNodes() throws {
        let evaluator = F.golfEvaluator(F.golf(.aggregateNodes))
        let result = try evaluator.evaluate(["temperature": .number(45), "humidity": .number(90)])
        // Leaves 4 (via node 2) and 5: will 4 + 20, may 0 + 28, no 6 + 2.
        #expect(result.label == "may play")
        #expect(result.confidences["may play"] == 28.0 / 60)
        #expect(result.probability(of: "no play") == 8.0 / 60)
    }

    @Test("A root whose predicate is not true gives no prediction")
    func falseRoot() throws {
        var tree = F.golf(.none)
        tree.root.predicate = F.simple("temperature", .greaterThan, "100")
        #expect(try F.golfEvaluator(tree).evaluate(["temperature": .number(50)]).isMissing)
        #expect(try F.golfEvaluator(tree).evaluate([:]).isMissing)
    }

    @Test("ScoreDistribution probabilities are used as given when present")
    func givenProbabilities() throws {
        var tree = F.golf(.none)
        tree.root.children[1].distribution = [
            ScoreDistribution(value: "may play", recordCount: nil, probability: 0.7),
            ScoreDistribution(value: "will play", recordCount: nil, probability: 0.3),
        ]
        let result = try F.golfEvaluator(tree).evaluate(["outlook": .text("rain")])
        #expect(result.probability(of: "may play") == 0.7)
        #expect(result.probability(of: "no play") == 0)
        #expect(result.probabilities.map(\.label) == ["will play", "may play", "no play"])
    }

    @Test("A regression tree predicts the leaf's score and applies the target's clamp, then rescaling")
    func regression() throws {
        var target = F.regressionTarget
        target.minimum = 0
        target.rescaleFactor = 2
        target.rescaleConstant = 1
        let evaluator = SpecEvaluator(
            inputs: [F.number("x")], derivedFields: [], model: .tree(F.stump(threshold: "5", low: "-3", high: "7")),
            target: target)
        #expect(try evaluator.evaluate(["x": .number(1)]).prediction == 1)
        #expect(try evaluator.evaluate(["x": .number(9)]).prediction == 15)
        // returnLastPrediction: a missing x leaves the root's score.
        #expect(try evaluator.evaluate([:]).prediction == 15)
    }

    @Test("A float field compares in float32: 0.1 read as float equals the constant 0.1 read as float")
    func floatComparison() throws {
        let tree = F.stump(threshold: "0.1", low: "1", high: "2", numeric: .float)
        let floatInput = SpecEvaluator(
            inputs: [F.number("x", .float)], derivedFields: [], model: .tree(tree), target: F.regressionTarget)
        // 0.1 as float32 is 0.100000001490116..., not below the float32 constant 0.1.
        #expect(try floatInput.evaluate(["x": .text("0.1")]).prediction == 2)
        let doubleInput = SpecEvaluator(
            inputs: [F.number("x")], derivedFields: [], model: .tree(tree), target: F.regressionTarget)
        #expect(try doubleInput.evaluate(["x": .number(Double(Float(0.1)))]).prediction == 2)
        #expect(try doubleInput.evaluate(["x": .number(0.1)]).prediction == 2)
        #expect(try doubleInput.evaluate(["x": .number(0.0999)]).prediction == 1)
    }

    @Test("Scores of a float32 tree are read as float32")
    func floatScores() throws {
        let tree = F.stump(threshold: "0", low: "0.1", high: "0.2", numeric: .float)
        let evaluator = SpecEvaluator(
            inputs: [F.number("x")], derivedFields: [], model: .tree(tree), target: F.regressionTarget)
        #expect(try evaluator.evaluate(["x": .number(-1)]).prediction == Double(Float(0.1)))
    }

    @Test("Missing-value markers of an input make it missing")
    func markers() throws {
        var input = F.number("x", .float)
        input.missingValues = ["NaN"]
        let evaluator = SpecEvaluator(
            inputs: [input], derivedFields: [], model: .tree(F.stump(threshold: "5", low: "1", high: "2")),
            target: F.regressionTarget)
        // returnLastPrediction: the root's score.
        #expect(try evaluator.evaluate(["x": .text("NaN")]).prediction == 2)
        #expect(try evaluator.evaluate(["x": .number(.nan)]).prediction == 2)
    }

    @Test(
        "Predicates are three-valued",
        arguments: [
            (BooleanOperator.and, [true, nil], nil), (.and, [false, nil], false), (.or, [true, nil], true),
            (.or, [false, nil], nil), (.xor, [true, false], true), (.xor, [true, nil], nil),
            (.surrogate, [nil, false], false), (.surrogate, [nil, nil], nil),
        ] as [(BooleanOperator, [Bool?], Bool?)])
    func threeValued(_ combination: BooleanOperator, _ parts: [Bool?], _ expected: Bool?) throws {
        func predicate(_ value: Bool?) -> Condition {
            switch value {
            case true?: .true
            case false?: .false
            case nil: F.simple("x", .equal, "1")
            }
        }
        let evaluator = SpecEvaluator(
            inputs: [F.number("x")], derivedFields: [], model: .tree(F.stump(threshold: "0", low: "1", high: "2")),
            target: F.regressionTarget)
        let outcome = try evaluator.holds(.compound(combination, parts.map(predicate)), ["x": .missing])
        #expect(outcome == expected)
    }

    @Test("isMissing, isNotMissing and set predicates")
    func otherPredicates() throws {
        let evaluator = F.golfEvaluator(F.golf(.none))
        let values: [String: FieldValue] = ["outlook": .text("rain"), "temperature": .missing, "humidity": .number(3)]
        #expect(try evaluator.holds(F.simple("temperature", .isMissing), values) == true)
        #expect(try evaluator.holds(F.simple("humidity", .isNotMissing), values) == true)
        #expect(
            try evaluator.holds(.simpleSet(field: "outlook", operator: .isIn, values: ["rain", "sunny"]), values)
                == true)
        #expect(
            try evaluator.holds(.simpleSet(field: "outlook", operator: .isNotIn, values: ["rain"]), values) == false)
        #expect(try evaluator.holds(.simpleSet(field: "temperature", operator: .isIn, values: ["1"]), values) == nil)
        #expect(try evaluator.holds(F.simple("humidity", .greaterOrEqual, "3.0"), values) == true)
        #expect(try evaluator.holds(F.simple("humidity", .notEqual, "3"), values) == false)
    }
}
