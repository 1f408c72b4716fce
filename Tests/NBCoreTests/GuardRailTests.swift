import Testing

@testable import NBCore

/// y = 1 + 2 * x + 0 * body mass, a regression over a numeric `x`, a numeric `body mass` and a category `region`.
func smallRegression() -> ImportedModel {
    let model = LinearModelSpec(
        function: .regression, normalization: .none,
        equations: [
            LinearEquation(
                category: nil, intercept: 1,
                terms: [
                    LinearTerm(coefficient: 2, factors: [.numeric(field: "x", exponent: 1)]),
                    LinearTerm(coefficient: 0, factors: [.numeric(field: "body mass", exponent: 1)]),
                ])
        ], sourceElement: "RegressionModel")
    return ImportedModel(
        file: "m.pmml", format: "PMML 4.4",
        inputs: [
            InputSpec(name: "x", type: .double, opType: .continuous),
            InputSpec(name: "body mass", type: .double, opType: .continuous),
            InputSpec(name: "region", type: .string, opType: .categorical),
        ],
        target: TargetSpec(name: "y", type: .double, opType: .continuous), derivedFields: [], model: .linear(model))
}

@Suite("Guard rails and caps")
struct GuardRailTests {
    func build(_ assignments: [PyAssignment], examples: [PyLiteral] = []) throws -> ModelSpec {
        var cells = [RoleCell(role: .parameters, cellNumber: 1, assignments: assignments)]
        if !examples.isEmpty {
            cells.append(RoleCell(role: .examples, cellNumber: 3, assignments: [assign("EXAMPLES", list(examples))]))
        }
        return try SpecBuilder().build(.init(notebook: notebook(cells), model: smallRegression())).spec
    }

    @Test("<input>_min, max_<input> and prediction_max become editable bounds; max_iter stays a training value")
    func recognised() throws {
        let spec = try build([
            assign("x_min", num(0), comment: "lowest x accepted, range [-10, 10]"),
            assign("max_body_mass", num(60), line: 2),
            assign("prediction_cap", num(15), line: 3),
            assign("max_iter", num(100), line: 4),
        ])
        #expect(spec.editableParameters.map(\.name) == ["x_min", "max_body_mass", "prediction_cap"])
        #expect(spec.trainingValues.map(\.name) == ["max_iter"])
        #expect(spec.guardRails.map(\.input) == ["x", "body mass"])
        #expect(spec.guardRails.first?.minimum?.range == Interval(lower: -10, upper: 10))
        #expect(spec.predictionBounds.upper == 15 && spec.predictionBounds.lower == nil)

        let evaluator = SpecEvaluator(spec: spec)
        #expect(try evaluator.evaluate(["x": .number(2), "body mass": .number(20)]).prediction == 5)
        // Capped: 1 + 2 * 9 = 19 > 15.
        #expect(try evaluator.evaluate(["x": .number(9), "body mass": .number(20)]).prediction == 15)
        #expect(throws: EvaluationError.outsideGuardRail("x -1.0 is outside the guard rail [0.0, ...) (x_min)")) {
            try evaluator.evaluate(["x": .number(-1), "body mass": .number(20)])
        }
        #expect(throws: EvaluationError.self) { try evaluator.evaluate(["x": .number(1), "body mass": .number(61)]) }
        // A missing input is not refused by a guard rail (the model decides what missing means).
        #expect(throws: EvaluationError.missingValue(field: "body mass")) { try evaluator.evaluate(["x": .number(1)]) }
    }

    @Test(
        "Bound mistakes are errors at the parameter or the example",
        arguments: [
            ([assign("x_min", num(5)), assign("x_max", num(1), line: 2)], [], ["spec.bounds-order"]),
            ([assign("prediction_min", num(5)), assign("prediction_max", num(1), line: 2)], [], ["spec.bounds-order"]),
            ([assign("region_max", num(5))], [], ["spec.guard-rail-type"]),
            ([assign("x_max", str("high"))], [], ["spec.parameter-type"]),
            ([assign("x_max", num(50), comment: "range [0, 10]")], [], ["spec.parameter-out-of-range"]),
            (
                [assign("x_max", num(3))],
                [dict([("x", num(4)), ("body mass", num(1)), ("region", str("n")), ("prediction", num(9))])],
                ["spec.example-outside-guard-rail"]
            ),
            (
                [assign("prediction_max", num(8))],
                [dict([("x", num(4)), ("body mass", num(1)), ("region", str("n")), ("prediction", num(9))])],
                ["spec.example-outside-cap"]
            ),
        ] as [([PyAssignment], [PyLiteral], [String])])
    func mistakes(_ assignments: [PyAssignment], _ examples: [PyLiteral], _ expected: [String]) {
        var cells = [RoleCell(role: .parameters, cellNumber: 1, assignments: assignments)]
        if !examples.isEmpty {
            cells.append(RoleCell(role: .examples, cellNumber: 3, assignments: [assign("EXAMPLES", list(examples))]))
        }
        #expect(errorIDs(.init(notebook: notebook(cells), model: smallRegression())) == expected)
    }

    @Test("A cap on a classifier is an error")
    func capOnClassifier() {
        let cells = [RoleCell(role: .parameters, cellNumber: 1, assignments: [assign("prediction_max", num(1))])]
        #expect(errorIDs(.init(notebook: notebook(cells), model: smallModel())) == ["spec.cap-needs-regression"])
    }
}
