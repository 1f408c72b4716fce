import Testing

@testable import NBCore

/// A small binary model: P(yes) = logistic(0.5 + 2 * scaled(x)), the model file scales x as (x - 10) / 2.
func smallModel(scaled: Bool = true) -> ImportedModel {
    let derived = DerivedFieldSpec(
        name: "s(x)",
        expression: .apply(
            function: "/",
            arguments: [
                .apply(function: "-", arguments: [.field("x"), .constant(10)], mapMissingTo: nil), .constant(2),
            ], mapMissingTo: nil),
        origin: .modelFile)
    let model = LinearModelSpec(
        function: .classification, normalization: .logit,
        equations: [
            LinearEquation(
                category: "yes", intercept: 0.5,
                terms: [LinearTerm(coefficient: 2, factors: [.numeric(field: scaled ? "s(x)" : "x", exponent: 1)])]),
            LinearEquation(category: "no", intercept: 0, terms: []),
        ], sourceElement: "RegressionModel")
    return ImportedModel(
        file: "m.pmml", format: "PMML 4.4", inputs: [InputSpec(name: "x", type: .double, opType: .continuous)],
        target: TargetSpec(name: "y", type: .string, opType: .categorical, classes: ["no", "yes"]),
        derivedFields: scaled ? [derived] : [], model: .linear(model))
}

func notebook(_ cells: [RoleCell]) -> NotebookExtract {
    NotebookExtract(
        file: "n.ipynb", nbformat: 4, nbformatMinor: 5, kernelLanguage: "python", title: "T", markdown: "# T",
        cellCount: 5, roleCells: cells)
}

func errorIDs(_ request: SpecBuilder.Request) -> [String] {
    do {
        _ = try SpecBuilder().build(request)
        return []
    } catch {
        return error.diagnostics.filter { $0.severity == .error }.map(\.id)
    }
}

@Suite("Spec builder cross-checks")
struct SpecBuilderTests {
    @Test("A threshold defines the decision output and stays editable")
    func thresholdDecision() throws {
        let cells = [
            RoleCell(
                role: .parameters, cellNumber: 1,
                assignments: [
                    assign("threshold", num(0.3), comment: "cut-off, range [0, 1]"),
                    assign("positive_class", str("yes"), line: 2),
                    assign("C", num(1), line: 3),
                ])
        ]
        let (spec, _) = try SpecBuilder().build(.init(notebook: notebook(cells), model: smallModel()))
        #expect(spec.outputs.last?.name == "decision")
        #expect(spec.editableParameters.map(\.name) == ["threshold"])
        #expect(spec.trainingValues.map(\.name) == ["C"])
    }

    @Test("injected-parameters wins over parameters")
    func injectedWins() throws {
        let cells = [
            RoleCell(
                role: .parameters, cellNumber: 1, assignments: [assign("threshold", num(0.3), comment: "range [0, 1]")]),
            RoleCell(role: .injectedParameters, cellNumber: 2, assignments: [assign("threshold", num(0.7))]),
        ]
        let (spec, _) = try SpecBuilder().build(.init(notebook: notebook(cells), model: smallModel()))
        #expect(spec.parameter(.threshold)?.value == .double(0.7))
        #expect(spec.parameter(.threshold)?.range == Interval(lower: 0, upper: 1))
    }

    @Test(
        "Rule violations are all reported together",
        arguments: [
            ([assign("threshold", num(1.5))], ["spec.parameter-out-of-range"]),
            ([assign("threshold", str("high"))], ["spec.parameter-type"]),
            ([assign("threshold", num(0.5)), assign("positive_class", str("yess"))], ["spec.unknown-class"]),
        ])
    func parameterErrors(_ assignments: [PyAssignment], _ expected: [String]) {
        let cells = [RoleCell(role: .parameters, cellNumber: 1, assignments: assignments)]
        #expect(errorIDs(.init(notebook: notebook(cells), model: smallModel())) == expected)
    }

    @Test("Notebook scaling is applied when the model file reads the raw name and the cell says so")
    func notebookScaling() throws {
        let cells = [
            RoleCell(
                role: .scaling, cellNumber: 4,
                assignments: [
                    assign("MEAN", dict([("x", num(10))])), assign("STD", dict([("x", num(2))])),
                ],
                directives: [CellDirective(word: "scale-inputs", location: SourceLocation(file: "n.ipynb", cell: 4))])
        ]
        let (spec, warnings) = try SpecBuilder().build(
            .init(notebook: notebook(cells), model: smallModel(scaled: false)))
        #expect(spec.derivedFields.map(\.name) == ["scaled(x)"])
        #expect(warnings.map(\.id).contains("spec.notebook-scaling-applied"))
        let result = try SpecEvaluator(spec: spec).evaluate(["x": .number(12)])
        #expect(result.probability(of: "yes") == LinkFunctions.logistic(2.5))
    }

    @Test("Scaling that disagrees with the model file is listed per feature")
    func scalingMismatch() {
        let cells = [
            RoleCell(
                role: .scaling, cellNumber: 4,
                assignments: [
                    assign("MEAN", dict([("x", num(11))])), assign("STD", dict([("x", num(2))])),
                ])
        ]
        #expect(errorIDs(.init(notebook: notebook(cells), model: smallModel())) == ["spec.scaling-mismatch"])
    }

    @Test("A golden example that disagrees with the model is an error at the example")
    func exampleMismatch() throws {
        let cells = [
            RoleCell(
                role: .examples, cellNumber: 6,
                assignments: [
                    assign("EXAMPLES", list([dict([("x", num(12)), ("label", str("no"))])]))
                ])
        ]
        #expect(errorIDs(.init(notebook: notebook(cells), model: smallModel())) == ["spec.example-mismatch"])
    }

    @Test("An example key that is neither an input nor an output is reported with what was understood")
    func exampleUnknownInput() {
        let cells = [
            RoleCell(
                role: .examples, cellNumber: 6,
                assignments: [
                    assign("EXAMPLES", list([dict([("xx", num(12)), ("label", str("yes"))])]))
                ])
        ]
        #expect(errorIDs(.init(notebook: notebook(cells), model: smallModel())) == ["notebook.examples-not-understood"])
    }

    @Test("No model file is a clear error")
    func noModel() {
        #expect(errorIDs(.init(notebook: notebook([]), model: nil)) == ["spec.model-required"])
    }
}
