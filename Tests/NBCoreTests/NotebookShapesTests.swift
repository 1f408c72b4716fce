import Foundation
import Testing

@testable import NBCore

func tuple(_ items: [PyLiteral]) -> PyLiteral { PyLiteral(.tuple(items), at: loc()) }

/// What the notebook zoo (`Samples/zoo`) found nbship could not read, each as a small regression: feature names
/// in several lists, constants in one variable per feature, tuples, record tables, statisticians' names,
/// positional inputs, example keys for features the model dropped, numbers nbship cannot place, float inputs
/// behind the notebook's scaling, and packages with no examples at all.
@Suite("Notebook shapes from the zoo")
struct NotebookShapesTests {
    static func scaling(_ assignments: [PyAssignment]) -> RoleCell {
        RoleCell(role: .scaling, cellNumber: 4, assignments: assignments)
    }

    static func extract(
        _ cells: [RoleCell], inputs: [String], classes: [String] = []
    ) -> ([ScalingExtractor.FeatureScaling], DiagnosticCollector) {
        var diagnostics = DiagnosticCollector()
        let features = NotebookFeatures(cells: cells, inputs: inputs, classes: classes)
        let result = ScalingExtractor.extract(
            cells: cells.filter { $0.role == .scaling }, features: features.primary?.names, knownInputs: inputs,
            notebook: features, diagnostics: &diagnostics)
        return (result, diagnostics)
    }

    @Test("A list of constants follows the one list of feature names of its length (a ColumnTransformer branch)")
    func branchLists() {
        let names = RoleCell(
            role: .features, cellNumber: 3,
            assignments: [
                assign("CATEGORICAL_FEATURES", list([str("purpose"), str("employment")])),
                assign("NUMERIC_FEATURES", list([str("income"), str("score"), str("ratio")]), line: 2),
            ])
        let cell = Self.scaling([
            assign("NUM_MEAN", list([num(50), num(680), num(0.3)])),
            assign("NUM_STD", list([num(25), num(60), num(0.2)]), line: 2),
        ])
        let (result, diagnostics) = Self.extract(
            [names, cell], inputs: ["purpose", "employment", "income", "score", "ratio"])
        #expect(diagnostics.errors.isEmpty)
        #expect(diagnostics.diagnostics.map(\.id).contains("spec.scaling-order-from-list"))
        #expect(result.map(\.feature) == ["income", "ratio", "score"])
        #expect(result.first { $0.feature == "score" }?.kind == .standardize(mean: 680, scale: 60))

        // Two different lists of the same length: nbship cannot tell which the constants follow.
        let twins = RoleCell(
            role: .features, cellNumber: 3,
            assignments: [
                assign("A_FEATURES", list([str("income"), str("score")])),
                assign("B_FEATURES", list([str("score"), str("income")]), line: 2),
            ])
        let (_, refused) = Self.extract(
            [twins, Self.scaling([assign("MEAN", list([num(1), num(2)]))])], inputs: ["income", "score", "ratio"])
        #expect(refused.errors.map(\.id) == ["spec.scaling-needs-features"])
        #expect(refused.errors.first?.message.contains("'A_FEATURES', 'B_FEATURES'") == true)
    }

    @Test("One number per variable, named for its feature and statistic, either way round")
    func perVariable() {
        let cell = Self.scaling([
            assign("bill_length_mm_mean", num(44)), assign("std_bill_length_mm", num(5), line: 2),
            assign("body_mass_mean", num(4000), line: 3), assign("body_mass_std", num(800), line: 4),
        ])
        let (result, diagnostics) = Self.extract([cell], inputs: ["bill_length_mm", "body_mass"])
        #expect(diagnostics.errors.isEmpty)
        #expect(result.first { $0.feature == "bill_length_mm" }?.kind == .standardize(mean: 44, scale: 5))
        #expect(result.first { $0.feature == "body_mass" }?.kind == .standardize(mean: 4000, scale: 800))

        let (_, unplaced) = Self.extract([Self.scaling([assign("overall_mean", num(3))])], inputs: ["x"])
        #expect(unplaced.errors.map(\.id) == ["notebook.scaling-bad-value"])
        #expect(unplaced.errors.first?.help.first?.contains("x_mean") == true)
    }

    @Test("Statisticians' names: medians and IQRs are RobustScaler's center_ and scale_")
    func robustNames() {
        #expect(ScalingExtractor.classify("MEDIANS") == .center)
        #expect(ScalingExtractor.classify("IQRS") == .scale)
        #expect(ScalingExtractor.classify("feature_sds") == .scale)
        let (result, _) = Self.extract(
            [Self.scaling([assign("MEDIANS", dict([("x", num(4))])), assign("IQRS", dict([("x", num(2))]), line: 2)])],
            inputs: ["x"])
        #expect(result.first?.kind == .robust(center: 4, scale: 2))
    }

    @Test("Tuples: the order of the statistics comes from a comment or the name, else it is an error")
    func tuples() {
        let pairs = dict([("age", tuple([num(50), num(10)])), ("bmi", tuple([num(25), num(4)]))])
        let (byComment, d1) = Self.extract(
            [Self.scaling([assign("NORMALISE", pairs, comment: "feature: (mean, std)")])], inputs: ["age", "bmi"])
        #expect(d1.errors.isEmpty)
        #expect(byComment.first { $0.feature == "age" }?.kind == .standardize(mean: 50, scale: 10))
        // The comment, not a guess, decides: (std, mean) reads the other way.
        let (reversed, _) = Self.extract(
            [Self.scaling([assign("NORMALISE", pairs, comment: "(std, mean) per feature")])], inputs: ["age", "bmi"])
        #expect(reversed.first { $0.feature == "age" }?.kind == .standardize(mean: 10, scale: 50))
        let (byName, _) = Self.extract([Self.scaling([assign("MEAN_STD", pairs)])], inputs: ["age", "bmi"])
        #expect(byName.first { $0.feature == "bmi" }?.kind == .standardize(mean: 25, scale: 4))
        let (_, unknown) = Self.extract([Self.scaling([assign("NORMALISE", pairs)])], inputs: ["age", "bmi"])
        #expect(unknown.errors.map(\.id) == ["notebook.scaling-not-understood"])

        let rows = list([tuple([str("age"), num(50), num(10)]), tuple([str("bmi"), num(25), num(4)])])
        let (fromRows, d2) = Self.extract(
            [Self.scaling([assign("SCALER", rows, comment: "(feature, mean, std) of the training split")])],
            inputs: ["age", "bmi"])
        #expect(d2.errors.isEmpty)
        #expect(fromRows.first { $0.feature == "bmi" }?.kind == .standardize(mean: 25, scale: 4))
    }

    @Test("A table of records, one per feature (DataFrame.to_dict('records'))")
    func recordTable() {
        let table = list([
            dict([("feature", str("age")), ("mean", num(50)), ("std", num(10))]),
            dict([("feature", str("bmi")), ("mean", num(25)), ("std", num(4))]),
        ])
        let (result, diagnostics) = Self.extract(
            [Self.scaling([assign("SCALER_TABLE", table)])], inputs: ["age", "bmi"])
        #expect(diagnostics.errors.isEmpty)
        #expect(result.first { $0.feature == "bmi" }?.kind == .standardize(mean: 25, scale: 4))
    }

    @Test("Numbers nbship cannot place under scale-inputs are an error, never a package without the scaling")
    func unreadableUnderMarker() {
        let cell = RoleCell(
            role: .scaling, cellNumber: 4,
            assignments: [assign("NORMALISE", dict([("x", dict([("m", num(10)), ("s", num(2))]))]))],
            directives: [CellDirective(word: "scale-inputs", location: loc())])
        // Neither 'm' nor 's' is a statistic nbship knows: one error each.
        #expect(
            errorIDs(.init(notebook: notebook([cell]), model: smallModel(scaled: false))) == [
                "notebook.scaling-not-understood", "notebook.scaling-not-understood",
            ])
        let numbers = RoleCell(
            role: .scaling, cellNumber: 4, assignments: [assign("NORMALISE", list([num(10), num(2)]))],
            directives: [CellDirective(word: "scale-inputs", location: loc())])
        #expect(
            errorIDs(.init(notebook: notebook([numbers]), model: smallModel(scaled: false))) == [
                "notebook.scaling-not-understood"
            ])
    }

    @Test(
        "Positional inputs: the numbering's base must be evident",
        arguments: [
            (["x1", "x2", "x3"], ["a", "b", "c"], ["a": "x1", "b": "x2", "c": "x3"]),
            (["f0", "f1", "f2"], ["a", "b", "c"], ["a": "f0", "b": "f1", "c": "f2"]),
            // A dropped feature: the lowest number 0 fixes the base; the highest equal to the count fixes 1-based.
            (["f0", "f2"], ["a", "b", "c"], ["a": "f0", "c": "f2"]),
            (["x2", "x3"], ["a", "b", "c"], ["b": "x2", "c": "x3"]),
            // x2 and x3 of four names: 1-based (b, c) or 0-based (c, d)? Nothing says.
            (["x2", "x3"], ["a", "b", "c", "d"], [:]),
            // Not positional, or names that are inputs already.
            (["age", "x2"], ["a", "b"], [:]), (["x1", "x2"], ["x1", "x2"], [:]),
        ] as [([String], [String], [String: String])])
    func positional(_ inputs: [String], _ names: [String], _ expected: [String: String]) {
        #expect(NotebookFeatures.positionalAliases(inputs: inputs, written: names, keyOrders: []) == expected)
    }

    @Test("Scaling reaching positional inputs through the notebook's names needs examples to confirm the order")
    func positionalNeedsExamples() throws {
        // P(yes) = logistic(0.5 + 2 * x1); the notebook's constants are keyed by its own name for x1.
        var model = smallModel(scaled: false)
        model.inputs = [InputSpec(name: "x1", type: .double, opType: .continuous)]
        model.model = model.model.renamingFields(["x": "x1"])
        let constants = RoleCell(
            role: .scaling, cellNumber: 4,
            assignments: [
                assign("MEAN", dict([("length", num(10))])), assign("STD", dict([("length", num(2))]), line: 2),
            ],
            directives: [CellDirective(word: "scale-inputs", location: loc())])
        #expect(
            errorIDs(.init(notebook: notebook([constants]), model: model)) == ["spec.features-by-position-unconfirmed"])

        let examples = RoleCell(
            role: .examples, cellNumber: 6,
            assignments: [
                assign("EXAMPLES", list([dict([("length", num(12)), ("p_yes", num(LinkFunctions.logistic(2.5)))])]))
            ])
        let report = SpecBuilder().check(.init(notebook: notebook([constants, examples]), model: model))
        let spec = try #require(report.spec, "\(report.diagnostics.map(\.message))")
        #expect(report.understanding.inputs.first?.notebookName == "length")
        // The package's input takes the notebook's name; the model file's name stays in its description.
        #expect(spec.inputs.map(\.name) == ["length"])
        #expect(spec.inputs.first?.description?.contains("`x1`") == true)
        #expect(
            try SpecEvaluator(spec: spec).evaluate(["length": .number(12)]).probability(of: "yes")
                == LinkFunctions.logistic(2.5))
    }

    @Test("Example keys for features the model file dropped are left out, not taken for outputs")
    func droppedFeatureKeys() throws {
        let constants = Self.scaling([
            assign("MEAN", dict([("x", num(10)), ("unused_a", num(0.5)), ("unused_b", num(3))])),
            assign("STD", dict([("x", num(2)), ("unused_a", num(0.1)), ("unused_b", num(1))]), line: 2),
        ])
        let p = LinkFunctions.logistic(2.5)
        let examples = RoleCell(
            role: .examples, cellNumber: 6,
            assignments: [
                assign(
                    "EXAMPLES",
                    list([dict([("x", num(12)), ("unused_a", num(0.4)), ("unused_b", num(0.7)), ("p_yes", num(p))])]))
            ])
        let report = SpecBuilder().check(.init(notebook: notebook([constants, examples]), model: smallModel()))
        #expect(report.spec != nil, "\(report.diagnostics.filter { $0.severity == .error }.map(\.message))")
        let parts = try #require(report.understanding.examples.first).parts
        #expect(parts.first { $0[0] == "unused_b" }?[1] == "a feature the model file does not use")
    }

    @Test("The notebook's scaling in front of a float model is computed in double, then rounded to float")
    func floatAfterScaling() throws {
        // A stump on float x' = (x - 1000) / 1 at 0.5: at x = 1000.49998, scikit-learn's x' is 0.49998 (the low
        // leaf). Rounding the raw input to float first gives 1000.5 and x' = 0.5: the high leaf.
        let tree = TreeFixtures.stump(threshold: "0.5", low: "1", high: "2")
        let model = ImportedModel(
            file: "m.pmml", format: "PMML 4.4", inputs: [TreeFixtures.number("x", .float)],
            target: TreeFixtures.regressionTarget, derivedFields: [], model: .tree(tree))
        let constants = RoleCell(
            role: .scaling, cellNumber: 4,
            assignments: [assign("MEAN", dict([("x", num(1000))])), assign("STD", dict([("x", num(1))]), line: 2)],
            directives: [CellDirective(word: "scale-inputs", location: loc())])
        let (spec, _) = try SpecBuilder().build(.init(notebook: notebook([constants]), model: model))
        #expect(spec.inputs.first?.type == .double)
        #expect(spec.derivedFields.first?.type == .float)
        #expect(Float(1000.49998) == 1000.5)
        #expect(try SpecEvaluator(spec: spec).evaluate(["x": .number(1000.49998)]).prediction == 1)
    }

    @Test("No examples anywhere: eight reference rows, the same every run, spread over the model, with a warning")
    func referenceRows() throws {
        let build = { try SpecBuilder().build(.init(notebook: notebook([]), model: smallModel())) }
        let (spec, warnings) = try build()
        #expect(warnings.map(\.id).contains("spec.no-golden-examples"))
        #expect(spec.examples.count == ReferenceRows.count)
        #expect(spec.examples.allSatisfy { $0.origin == .referenceEvaluator })
        #expect(try build().spec.examples == spec.examples)
        // Centred on the model file's scaler (x = 10, spread 2): both classes appear.
        let labels = Set(spec.examples.compactMap(\.expectedLabel))
        #expect(labels == ["no", "yes"])
        let evaluator = SpecEvaluator(spec: spec)
        for example in spec.examples {
            guard case .number(let x)? = example.inputs["x"] else { Issue.record("no x"); continue }
            #expect(
                try evaluator.evaluate(["x": .number(x)]).probability(of: "yes") == example.expectedProbabilities["yes"]
            )
        }
    }
}
