import Testing

@testable import NBCore

/// Issue 13's regressions: examples read by structure, preprocessing decided from the model file and evidence.
@Suite("Examples and scaling from evidence")
struct EvidenceTests {
    typealias F = TreeFixtures

    /// A forest of two stumps whose segments scale x themselves in their LocalTransformations, as sklearn2pmml
    /// writes a StandardScaler in front of a GradientBoostingClassifier: s(x) = (x - 10) / 2.
    static func forestScalingInSegments() -> ImportedModel {
        let scaled = DerivedFieldSpec(
            name: "standardScaler(x)",
            expression: .apply(
                function: "/",
                arguments: [
                    .apply(function: "-", arguments: [.field("x"), .constant(10)], mapMissingTo: nil), .constant(2),
                ], mapMissingTo: nil),
            origin: .modelFile)
        func segment(_ id: String, _ threshold: String, _ low: String, _ high: String) -> Segment {
            var tree = F.stump(threshold: threshold, low: low, high: high)
            tree.root = tree.root.renamingFields(["x": "standardScaler(x)"])
            var segment = F.segment(id, tree)
            segment.derivedFields = [scaled]
            return segment
        }
        let model = MiningModelSpec(
            function: .regression, multipleModelMethod: .average,
            segments: [segment("1", "0.5", "1", "3"), segment("2", "0", "10", "30")])
        return ImportedModel(
            file: "forest.pmml", format: "PMML 4.4", inputs: [F.number("x")], target: F.regressionTarget,
            derivedFields: [], model: .ensemble(model))
    }

    static func scalingCell(mean: Double, std: Double, directives: [String] = []) -> RoleCell {
        RoleCell(
            role: .scaling, cellNumber: 4,
            assignments: [assign("MEAN", dict([("x", num(mean))])), assign("STD", dict([("x", num(std))]))],
            directives: directives.map { CellDirective(word: $0, location: SourceLocation(file: "n.ipynb", cell: 4)) })
    }

    @Test("Scaling inside the segments is found and not applied twice, with no examples and no ModelVerification")
    func scalingInSegments() throws {
        let model = Self.forestScalingInSegments()
        let (spec, warnings) = try SpecBuilder().build(
            .init(notebook: notebook([Self.scalingCell(mean: 10, std: 2)]), model: model))
        #expect(warnings.map(\.id).contains("spec.scaling-in-model"))
        #expect(!warnings.map(\.id).contains("spec.notebook-scaling-applied"))
        #expect(spec.derivedFields.isEmpty)
        // x = 12 is 1 once scaled by the model file: both stumps take their high branch; scaled twice it would be
        // -4.5, the low branches.
        #expect(try SpecEvaluator(spec: spec).evaluate(["x": .number(12)]).prediction == 16.5)
        #expect(
            try SpecEvaluator(spec: spec).evaluate(["x": .number(12)]).prediction
                == SpecEvaluator(
                    inputs: model.inputs, derivedFields: [], model: model.model, target: F.regressionTarget
                )
                .evaluate(["x": .number(12)]).prediction)
    }

    @Test("Constants that disagree with the scaling inside the segments are a per-feature error")
    func scalingInSegmentsMismatch() {
        let cells = [Self.scalingCell(mean: 11, std: 2)]
        #expect(
            errorIDs(.init(notebook: notebook(cells), model: Self.forestScalingInSegments())) == [
                "spec.scaling-mismatch"
            ])
    }

    @Test("A raw-reading model with notebook constants and nothing to decide is refused, naming both readings")
    func ambiguous() throws {
        let report = SpecBuilder().check(
            .init(notebook: notebook([Self.scalingCell(mean: 10, std: 2)]), model: smallModel(scaled: false)))
        #expect(report.spec == nil)
        let error = try #require(report.diagnostics.first { $0.id == "spec.scaling-ambiguous" })
        #expect(error.notes.count == 2)
        #expect(error.help.contains { $0.contains("# nbship: scale-inputs") })
        #expect(error.help.contains { $0.contains("# nbship: already-in-model") })
    }

    @Test("Examples decide between the readings, each way")
    func examplesDecide() throws {
        // logistic(0.5 + 2 * (12 - 10) / 2) when applied; logistic(0.5 + 2 * 12) when not.
        let applied = LinkFunctions.logistic(2.5)
        let raw = LinkFunctions.logistic(24.5)
        for (p, expectApplied) in [(applied, true), (raw, false)] {
            let examples = RoleCell(
                role: .examples, cellNumber: 6,
                assignments: [assign("EXAMPLES", list([dict([("x", num(12)), ("p_yes", num(p))])]))])
            let (spec, warnings) = try SpecBuilder().build(
                .init(
                    notebook: notebook([Self.scalingCell(mean: 10, std: 2), examples]), model: smallModel(scaled: false)
                ))
            #expect(
                warnings.map(\.id).contains(
                    expectApplied ? "spec.notebook-scaling-applied" : "spec.notebook-scaling-not-applied"))
            #expect(try SpecEvaluator(spec: spec).evaluate(["x": .number(12)]).probability(of: "yes") == p)
        }
    }

    @Test("A marker that the examples contradict is an error")
    func markerContradicted() {
        let examples = RoleCell(
            role: .examples, cellNumber: 6,
            assignments: [
                assign("EXAMPLES", list([dict([("x", num(12)), ("p_yes", num(LinkFunctions.logistic(24.5)))])]))
            ])
        let cells = [Self.scalingCell(mean: 10, std: 2, directives: ["scale-inputs"]), examples]
        #expect(
            errorIDs(.init(notebook: notebook(cells), model: smallModel(scaled: false))).contains(
                "spec.scaling-marker-contradicted"))
    }

    @Test("Constants for a feature the model does not use are a note")
    func unusedFeature() throws {
        let cell = RoleCell(
            role: .scaling, cellNumber: 4,
            assignments: [
                assign("MEAN", dict([("x", num(10)), ("s4", num(3))])),
                assign("STD", dict([("x", num(2)), ("s4", num(1))])),
            ])
        let (_, warnings) = try SpecBuilder().build(.init(notebook: notebook([cell]), model: smallModel()))
        #expect(warnings.map(\.id).contains("spec.scaling-unused-feature"))
    }

    @Test("A list with no feature list follows the model file's input order, with a note")
    func listInModelOrder() throws {
        let cell = RoleCell(
            role: .scaling, cellNumber: 4,
            assignments: [assign("MEAN", list([num(10)])), assign("STD", list([num(2)]))])
        let (_, warnings) = try SpecBuilder().build(.init(notebook: notebook([cell]), model: smallModel()))
        #expect(warnings.map(\.id).contains("spec.scaling-order-from-model"))
        #expect(warnings.map(\.id).contains("spec.scaling-in-model"))
    }

    @Test("Nested records: inputs in a dict, a label, probabilities by class, a note")
    func nestedRecords() throws {
        let p = LinkFunctions.logistic(2.5)
        let record = dict([
            ("input", dict([("x", num(12))])), ("expected_label", str("yes")),
            ("expected_proba", dict([("no", num(1 - p)), ("yes", num(p))])), ("note", str("a typical case")),
        ])
        let cell = RoleCell(role: .examples, cellNumber: 6, assignments: [assign("EXAMPLES", list([record]))])
        let (spec, _) = try SpecBuilder().build(.init(notebook: notebook([cell]), model: smallModel()))
        let example = try #require(spec.examples.first)
        #expect(example.inputs["x"] == .number(12))
        #expect(example.expectedLabel == "yes")
        #expect(example.expectedProbabilities["yes"] == p)
    }

    @Test("Regression nested records and tuples of (inputs, output)")
    func regressionShapes() throws {
        let model = TreeSpecBuilderTests.forest()
        let nested = dict([("input", dict([("x", num(1))])), ("expected", num(16.5))])
        let tuple = PyLiteral(.tuple([dict([("x", num(1))]), num(16.5)]), at: SourceLocation(file: "n.ipynb", cell: 6))
        for value in [list([nested]), list([tuple])] {
            let cell = RoleCell(role: .examples, cellNumber: 6, assignments: [assign("EXAMPLES", value)])
            let (spec, _) = try SpecBuilder().build(.init(notebook: notebook([cell]), model: model))
            #expect(spec.examples.first?.expectedPrediction == 16.5)
            #expect(spec.examples.first?.inputs["x"] == .number(1))
        }
    }

    @Test("Columns of lists are read as rows")
    func columns() throws {
        let columns = dict([("x", list([num(12), num(10)])), ("label", list([str("yes"), str("yes")]))])
        let cell = RoleCell(role: .examples, cellNumber: 6, assignments: [assign("EXAMPLES", columns)])
        let (spec, _) = try SpecBuilder().build(.init(notebook: notebook([cell]), model: smallModel()))
        #expect(spec.examples.count == 2)
    }

    @Test("An examples cell in a shape nbship cannot read is an error that says what was understood")
    func notUnderstood() throws {
        let record = dict([("x", num(12)), ("label", str("yes")), ("weights", list([num(1), num(2), num(3)]))])
        let cell = RoleCell(role: .examples, cellNumber: 6, assignments: [assign("EXAMPLES", list([record]))])
        let report = SpecBuilder().check(.init(notebook: notebook([cell]), model: smallModel()))
        let error = try #require(report.diagnostics.first { $0.id == "notebook.examples-not-understood" })
        #expect(error.message.contains("`x` (the input 'x')"))
        #expect(error.message.contains("`label` (a class)"))
        #expect(error.message.contains("`weights` (not understood"))
        #expect(report.spec == nil)
    }

    @Test("ModelVerification bounds follow PMML: precision relative to the expected value, zeroThreshold near zero")
    func verificationTolerance() {
        let bound = VerificationTolerance(precision: 1e-5, zeroThreshold: 1e-5)
        #expect(bound.accepts(0.0013983692, expected: 0.0013983713))
        #expect(!bound.accepts(0.0014, expected: 0.0013983713))
        #expect(bound.accepts(-1.000001, expected: -1))
        #expect(!bound.accepts(-1.0001, expected: -1))
        #expect(bound.accepts(4e-6, expected: -3e-6))
        #expect(!VerificationTolerance.pmmlDefault.accepts(4e-6, expected: -3e-6))
    }
}
