import Foundation
import NBCore
import Testing

@testable import NBShipApp
@testable import NBShipCLI
@testable import NBShipConformance

/// The conformance runner's comparison rules (corpus README, "Tolerances" and "How input maps to expected"),
/// on small in-memory values.
@Suite("Conformance runner: comparison rules")
struct ConformanceComparisonTests {
    let relative = ValueComparator(
        tolerance: .relative(precision: 1e-13, zeroThreshold: 1e-13), missingMarkers: ["NA", "N/A"])

    /// The error of a check, for approximate comparisons.
    func error(_ check: CellCheck) -> Double? {
        switch check {
        case .match(let error): error
        case .mismatch(let error): error
        case .skipped: nil
        }
    }

    @Test("Relative band: actual within e·(1±p), bounds swapped for a negative expected value")
    func relativeBand() {
        let inside = relative.check(expected: "100", actual: .number(100 + 0.9e-11))
        #expect(!inside.isMismatch)
        #expect(abs((error(inside) ?? 0) - 0.9e-13) < 1e-15)
        #expect(relative.check(expected: "100", actual: .number(100 + 1.1e-11)).isMismatch)
        #expect(!relative.check(expected: "-100", actual: .number(-100 - 0.9e-11)).isMismatch)
        #expect(!relative.check(expected: "-100", actual: .number(-100 + 0.9e-11)).isMismatch)
        #expect(relative.check(expected: "-100", actual: .number(-100 - 1.1e-11)).isMismatch)
        #expect(relative.check(expected: "-100", actual: .number(100)).isMismatch)
        #expect(relative.check(expected: "2.5", actual: .number(2.5)) == .match(error: 0))
        #expect(relative.check(expected: "1.0E-3", actual: .number(0.001)) == .match(error: 0))
    }

    @Test("Zero threshold: both within it of 0 match; one outside does not")
    func zeroThreshold() {
        let loose = ValueComparator(tolerance: .relative(precision: 1e-13, zeroThreshold: 1e-10), missingMarkers: [])
        #expect(loose.check(expected: "0", actual: .number(5e-11)) == .match(error: 0))
        #expect(loose.check(expected: "3e-11", actual: .number(-4e-11)) == .match(error: 0))
        #expect(loose.check(expected: "0", actual: .number(2e-10)) == .mismatch(error: .infinity))
        #expect(loose.check(expected: "2e-10", actual: .number(0)) == .mismatch(error: 1))
    }

    @Test("Float ULPs: both cast to float32, |a−e| ≤ ulps·ulp(e)")
    func floatULPs() {
        let ulps = ValueComparator(tolerance: .floatULPs(2), missingMarkers: ["NA"])
        let e: Float = 24.5
        #expect(ulps.check(expected: "24.5", actual: .number(Double(e))) == .match(error: 0))
        // Differences below float32 resolution vanish in the cast.
        #expect(ulps.check(expected: "24.5", actual: .number(24.5 + 1e-9)) == .match(error: 0))
        #expect(ulps.check(expected: "24.5", actual: .number(Double(e.nextUp.nextUp))) == .match(error: 2))
        #expect(ulps.check(expected: "24.5", actual: .number(Double(e.nextUp.nextUp.nextUp))) == .mismatch(error: 3))
        #expect(ulps.check(expected: "24.5", actual: .number(Double(e.nextDown))) == .match(error: 1))
        #expect(Tolerance.floatULPs(2).unit == .ulps)
    }

    @Test("cPMML: numbers within relative 0.001, labels equal as text")
    func cpmml() {
        let cpmml = ValueComparator(tolerance: .cpmml(relative: 0.001), missingMarkers: [""])
        #expect(cpmml.check(expected: "201882.96", actual: .number(201882.96 * 1.0009)) != .mismatch(error: nil))
        #expect(cpmml.check(expected: "201882.96", actual: .number(201882.96 * 1.0011)).isMismatch)
        #expect(cpmml.check(expected: "Iris-setosa", actual: .text("Iris-setosa")) == .match(error: 0))
        // cPMML marks missing with the empty cell; `NA` is a real category there.
        #expect(cpmml.check(expected: "", actual: .missing) == .match(error: 0))
        #expect(cpmml.check(expected: "NA", actual: .text("NA")) == .match(error: 0))
        #expect(cpmml.check(expected: "NA", actual: .missing).isMismatch)
    }

    @Test("Missing-value markers in expected cells; the unasserted marker is skipped")
    func missingMarkers() {
        #expect(relative.check(expected: "NA", actual: .missing) == .match(error: 0))
        #expect(relative.check(expected: "N/A", actual: .missing) == .match(error: 0))
        #expect(relative.check(expected: "NA", actual: .number(1)).isMismatch)
        #expect(relative.check(expected: "1.5", actual: .missing).isMismatch)
        #expect(relative.check(expected: "", actual: .missing).isMismatch)
        let unasserted = ValueComparator(
            tolerance: .relative(precision: 1e-13, zeroThreshold: 1e-13), missingMarkers: ["N/A"],
            unassertedMarker: "")
        #expect(unasserted.check(expected: "", actual: .number(3)) == .skipped)
        #expect(unasserted.check(expected: "N/A", actual: .missing) == .match(error: 0))
    }

    @Test("Non-numbers compare after parsing to the result's type: \"1\" is 1.0, booleans ignore case")
    func texts() {
        #expect(relative.check(expected: "1", actual: .text("1.0")) == .match(error: 0))
        #expect(relative.check(expected: "0", actual: .text("0")) == .match(error: 0))
        #expect(relative.check(expected: "TRUE", actual: .text("true")) == .match(error: 0))
        #expect(relative.check(expected: "setosa", actual: .text("versicolor")) == .mismatch(error: nil))
        #expect(relative.check(expected: "Setosa", actual: .text("setosa")).isMismatch)
        #expect(relative.check(expected: "  female", actual: .text("female")).isMismatch)
        #expect(relative.check(expected: "waive", actual: .number(1)).isMismatch)
    }

    @Test(
        "Column roles map to nbship's results",
        arguments: [
            ("target:predictedValue", ResultColumn.predictedValue),
            ("target:predictedValue (cPMML 'prediction' column)", .predictedValue),
            ("output:predictedValue", .predictedValue),
            ("output:probability(setosa)", .probability("setosa")),
            ("output(segment):probability(1)", .probability("1")),
            ("pseudo:probability(500)", .probability("500")),
            ("output:probability(Iris (wild))", .probability("Iris (wild)")),
        ])
    func roles(_ role: String, _ column: ResultColumn) {
        #expect(ResultColumn(role: role) == column)
    }

    @Test(
        "Roles nbship does not compute map to nothing",
        arguments: [
            "output:transformedValue", "output:decision", "output:predictedDisplayValue", "pseudo:confidence",
            "pseudo:derivedField(Shift)", "output:residual(IRIS-VIRGINICA)", "unmapped", "output:probability",
            "target:probability(1)",
        ])
    func unmappedRoles(_ role: String) {
        #expect(ResultColumn(role: role) == nil)
    }

    @Test("Generated output columns map back: prediction, label, probability(<class>), reason codes, declared fields")
    func outputColumns() {
        #expect(ResultColumn(outputColumn: "prediction") == .predictedValue)
        #expect(ResultColumn(outputColumn: "label") == .predictedValue)
        #expect(ResultColumn(outputColumn: "probability(Iris-setosa)") == .probability("Iris-setosa"))
        #expect(ResultColumn(outputColumn: "reasonCode(2)") == .reasonCode(2))
        // Any other column is an OutputField the model file declares, by name.
        #expect(ResultColumn(outputColumn: "FinalResult") == .field("FinalResult"))
        #expect(ResultColumn(role: "output:transformedValue", column: "FinalResult") == .field("FinalResult"))
        #expect(ResultColumn(role: "output:decision", column: "Verdict") == .field("Verdict"))
        #expect(ResultColumn(role: "output:transformedValue") == nil, "a declared field needs its column's name")
        let rows = BatchBuild.rows(
            ConformanceCSV(
                parsing: "label,probability(0),probability(1),nbship-error\n1,0.25,0.75,\n,,,the input 'x' is missing\n"
            ))
        #expect(rows[0].value(.predictedValue) == .text("1"))
        #expect(rows[0].value(.probability("1")) == .number(0.75))
        #expect(rows[1].value(.probability("1")) == .missing)
        #expect(rows[1].error == "the input 'x' is missing")
    }

    @Test("A class is also found by numeric value; an evaluator result without prediction is missing")
    func scoredRows() {
        let row = ScoredRow(
            EvaluationResult(label: "1.0", probabilities: [(label: "0.0", probability: 0.4), ("1.0", 0.6)]))
        #expect(row.value(.probability("1")) == .number(0.6))
        #expect(row.value(.probability("2")) == nil)
        #expect(row.value(.predictedValue) == .text("1.0"))
        #expect(ScoredRow(EvaluationResult()).value(.predictedValue) == .missing)
        #expect(ScoredRow(EvaluationResult(prediction: 2.5)).value(.predictedValue) == .number(2.5))
    }

    @Test("Rows: the worst error over all cells, and the first failing column and row")
    func rowComparison() {
        let expected = ConformanceCSV(
            parsing: "Species,probability(setosa),extra\nsetosa,0.9,x\nversicolor,0.2,y\nsetosa,NA,z\n")
        let comparison = RowComparison(
            comparator: relative,
            columns: [("Species", .predictedValue), ("probability(setosa)", .probability("setosa"))])
        func row(_ label: String, _ p: Double?) -> ScoredRow {
            ScoredRow(values: [
                .predictedValue: .text(label), .probability("setosa"): p.map { .number($0) } ?? .missing,
            ])
        }
        let good = comparison.compare(
            [row("setosa", 0.9 * (1 + 5e-14)), row("versicolor", 0.2), row("setosa", nil)], with: expected)
        #expect(good.passed)
        #expect(good.checked == 6)
        #expect(abs((good.worst ?? 0) - 5e-14) < 1e-15)

        let bad = comparison.compare(
            [row("setosa", 0.9), row("virginica", 0.2), row("setosa", 0.3)], with: expected)
        #expect(!bad.passed)
        #expect(bad.mismatches == 2)
        #expect(bad.firstFailure?.column == "Species")
        #expect(bad.firstFailure?.row == 2)
        #expect(bad.firstFailure?.actual == "'virginica'")
        let report = StageReport(bad)
        #expect(report.verdict == .fail)
        #expect(report.detail == "Species row 2: expected versicolor, got 'virginica' (2 of 6 cells differ)")

        let refused = comparison.compare(
            [row("setosa", 0.9), ScoredRow(values: [:], error: "the input 'x' is missing"), row("setosa", nil)],
            with: expected)
        #expect(refused.mismatches == 2)
        #expect(refused.firstFailure?.actual == "no result (the input 'x' is missing)")
    }

    @Test("A case's columns split into mapped ones and results nbship does not compute")
    func columnPlan() {
        let testCase = ConformanceCase(
            id: "x/y", compareColumns: ["result", "FinalResult", "P (y=1)", "feature:confidence"],
            columnRoles: [
                "result": "target:predictedValue", "FinalResult": "output:transformedValue",
                "P (y=1)": "output:probability(1)", "feature:confidence": "pseudo:confidence",
            ],
            tolerance: .relative(precision: 1e-13, zeroThreshold: 1e-13))
        let plan = ColumnPlan(testCase)
        #expect(plan.mapped.map(\.name) == ["result", "FinalResult", "P (y=1)"])
        #expect(plan.unmapped.map(\.name) == ["feature:confidence"])
        #expect(
            plan.unsupportedReason(warnings: [])
                == "column 'feature:confidence' is pseudo:confidence, a result nbship does not compute; "
                + "the other 3 columns are compared")
        let empty = ColumnPlan(
            ConformanceCase(id: "x/z", compareColumns: [], columnRoles: [:], tolerance: .floatULPs(1)))
        #expect(empty.unsupportedReason(warnings: []) != nil)
    }

    @Test("Verdicts combine: any failing stage fails, else any unsupported stage is unsupported")
    func verdicts() {
        var report = CaseReport(
            id: "a/b", tier: "core", modelElement: "RegressionModel", unit: .relative,
            evaluator: StageReport(verdict: .pass, checked: 3, worst: 1e-15))
        #expect(report.result == .pass)
        report.record(generated: .refused(.unsupported, "code generation: no trees yet"))
        #expect(report.result == .unsupported)
        #expect(report.detail == "generated code: code generation: no trees yet")
        report.record(generated: .refused(.fail, "does not compile"))
        #expect(report.result == .fail)
        let summary = ConformanceReport(cases: [report], compiled: true, evaluationSeconds: 0).summary
        #expect(summary == "0 passed, 1 failed, 0 unsupported")
    }
}
