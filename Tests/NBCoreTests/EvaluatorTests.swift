import Foundation
import Testing

@testable import NBCore

@Suite("Reference evaluator")
struct EvaluatorTests {
    func binary() -> SpecEvaluator {
        let model = LinearModelSpec(
            function: .classification, normalization: .logit,
            equations: [
                LinearEquation(
                    category: "yes", intercept: 0.5,
                    terms: [LinearTerm(coefficient: 2, factors: [.numeric(field: "x", exponent: 1)])]),
                LinearEquation(category: "no", intercept: 0, terms: []),
            ], sourceElement: "RegressionModel")
        return SpecEvaluator(
            inputs: [InputSpec(name: "x", type: .double, opType: .continuous)], derivedFields: [],
            model: .linear(model),
            target: TargetSpec(name: "y", type: .string, opType: .categorical, classes: ["no", "yes"]),
            decision: (0.9, "yes"))
    }

    @Test("Binary logit: first table's probability, the other gets the rest, in class order")
    func binaryLogit() throws {
        let result = try binary().evaluate(["x": .number(1)])
        let p = 1 / (1 + exp(-2.5))
        #expect(result.probabilities.map(\.label) == ["no", "yes"])
        #expect(result.probability(of: "yes") == p)
        #expect(result.probability(of: "no") == 1 - p)
        #expect(result.label == "yes")
        #expect(result.decision == true)
    }

    @Test("No overflow at extreme inputs", arguments: [-1e6, 1e6, -1e300, 1e300])
    func extremes(_ x: Double) throws {
        let result = try binary().evaluate(["x": .number(x)])
        #expect(result.probabilities.allSatisfy { $0.probability.isFinite })
        #expect(LinkFunctions.softmax([x, 0, -x]).allSatisfy { $0.isFinite })
    }

    @Test("A missing input without replacement cannot be scored")
    func missing() {
        #expect(throws: EvaluationError.missingValue(field: "x")) { try binary().evaluate([:]) }
    }

    @Test("NormContinuous interpolates and treats outliers as told")
    func normContinuous() {
        let points = [NormPoint(original: 0, normalized: 0), NormPoint(original: 10, normalized: 1)]
        #expect(ExpressionMath.normContinuous(5, points, .asIs) == 0.5)
        #expect(ExpressionMath.normContinuous(20, points, .asIs) == 2)
        #expect(ExpressionMath.normContinuous(20, points, .asExtremeValues) == 1)
        #expect(ExpressionMath.normContinuous(-1, points, .asMissingValues) == nil)
    }
}
