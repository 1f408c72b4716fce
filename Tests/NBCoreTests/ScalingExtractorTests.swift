import Testing

@testable import NBCore

func loc(_ line: Int = 1) -> NBCore.SourceLocation { SourceLocation(file: "n.ipynb", cell: 3, line: line, column: 1) }
func num(_ x: Double) -> PyLiteral { PyLiteral(.float(x), at: loc()) }
func str(_ s: String) -> PyLiteral { PyLiteral(.string(s), at: loc()) }
func list(_ items: [PyLiteral]) -> PyLiteral { PyLiteral(.list(items), at: loc()) }
func dict(_ pairs: [(String, PyLiteral)]) -> PyLiteral {
    PyLiteral(.dict(pairs.map { PyDictEntry(key: str($0.0), value: $0.1) }), at: loc())
}
func assign(_ name: String, _ value: PyLiteral, comment: String? = nil, line: Int = 1) -> PyAssignment {
    PyAssignment(name: name, value: value, comment: comment, location: loc(line))
}

@Suite("Scaling constants in the shapes data scientists write")
struct ScalingExtractorTests {
    @Test(
        "Names are classified with and without prefixes",
        arguments: [
            ("MEAN", ScalingExtractor.Stat.mean), ("scaler_mean_", .mean), ("X_STD", .scale), ("scale_", .scale),
            ("var_", .variance), ("data_min_", .min), ("data_max_", .max), ("TRAIN_MAXIMUM", .max),
            ("center_", .center),
            ("scaler_min_", .offset), ("FEATURE_RANGE_", nil),
        ])
    func classify(_ name: String, _ stat: ScalingExtractor.Stat?) {
        #expect(ScalingExtractor.classify(name) == stat)
    }

    @Test("Dicts keyed by feature give standard scaling in scikit-learn's order")
    func dictShape() {
        var diagnostics = DiagnosticCollector()
        let cell = RoleCell(
            role: .scaling, cellNumber: 3,
            assignments: [
                assign("MEAN", dict([("age", num(50)), ("bmi", num(25))])),
                assign("STD", dict([("age", num(10)), ("bmi", num(0))])),
            ])
        let result = ScalingExtractor.extract(
            cells: [cell], features: nil, knownInputs: ["age", "bmi"], diagnostics: &diagnostics)
        #expect(diagnostics.diagnostics.isEmpty)
        #expect(result.map(\.feature) == ["age", "bmi"])
        #expect(result[0].kind == .standardize(mean: 50, scale: 10))
        #expect(result[1].kind == .standardize(mean: 25, scale: 1), "a zero scale becomes 1, as scikit-learn does")
    }

    @Test("Lists aligned with the feature list; a length mismatch is located")
    func alignedLists() {
        var diagnostics = DiagnosticCollector()
        let cell = RoleCell(
            role: .scaling, cellNumber: 3,
            assignments: [
                assign("scaler_mean_", list([num(1), num(2)])),
                assign("scaler_scale_", list([num(1)]), line: 2),
            ])
        _ = ScalingExtractor.extract(
            cells: [cell], features: ["a", "b"], knownInputs: ["a", "b"], diagnostics: &diagnostics)
        #expect(diagnostics.errors.map(\.id).contains("spec.scaling-length-mismatch"))
    }

    @Test("Per-feature dicts of min and max give MinMaxScaler's affine map")
    func minMax() {
        var diagnostics = DiagnosticCollector()
        let cell = RoleCell(
            role: .scaling, cellNumber: 3,
            assignments: [
                assign("SCALING", dict([("x", dict([("min", num(2)), ("max", num(6))]))]))
            ])
        let result = ScalingExtractor.extract(
            cells: [cell], features: nil, knownInputs: ["x"], diagnostics: &diagnostics)
        #expect(result.first?.kind == .affine(scale: 0.25, offset: -0.5))
    }

    @Test("Unknown feature names get a did-you-mean")
    func unknownFeature() {
        var diagnostics = DiagnosticCollector()
        let cell = RoleCell(role: .scaling, cellNumber: 3, assignments: [assign("MEAN", dict([("agee", num(1))]))])
        _ = ScalingExtractor.extract(cells: [cell], features: nil, knownInputs: ["age"], diagnostics: &diagnostics)
        let error = diagnostics.errors.first
        #expect(error?.id == "spec.scaling-unknown-feature")
        #expect(error?.help == ["did you mean 'age'?"])
    }

    @Test(
        "Numbers under an unrecognised name are an error (they may be the scaling); other values a warning; a directive fixes it"
    )
    func directive() {
        var diagnostics = DiagnosticCollector()
        let cells = [
            RoleCell(
                role: .scaling, cellNumber: 3,
                assignments: [
                    assign("mystery", dict([("x", num(1))])),
                    assign("source", str("training split"), line: 2),
                    assign("centre_point", dict([("x", num(3))]), comment: "nbship: mean", line: 3),
                ])
        ]
        let result = ScalingExtractor.extract(
            cells: cells, features: nil, knownInputs: ["x"], diagnostics: &diagnostics)
        #expect(diagnostics.errors.map(\.id) == ["notebook.scaling-not-understood"])
        #expect(diagnostics.errors.first?.message.contains("'mystery'") == true)
        #expect(diagnostics.warnings.map(\.id) == ["notebook.scaling-unrecognised"])
        #expect(result.first?.kind == .standardize(mean: 3, scale: 1))
    }
}
