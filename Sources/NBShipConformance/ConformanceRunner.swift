import ArchiveKit
import Foundation
import NBCore
import NBShipApp

/// Runs the PMML conformance corpus (`<corpus>/pmml`): converts each case's model with nbship's pipeline,
/// scores its input.csv with the reference evaluator and compares with expected.csv as the corpus README
/// defines. Compiling the generated code is `BatchBuild`'s job.
public struct ConformanceRunner: Sendable {
    /// The folder holding `pmml/index.json`.
    public var corpus: URL

    public init(corpus: URL) {
        self.corpus = corpus
    }

    public var pmmlDirectory: URL { corpus.appendingPathComponent("pmml") }

    /// The case ids of `index.json`, in its order.
    public func caseIDs() throws(CorpusError) -> [String] {
        let index = pmmlDirectory.appendingPathComponent("index.json")
        guard FileManager.default.fileExists(atPath: index.path) else {
            throw CorpusError(
                "the conformance corpus is missing: '\(index.path)' does not exist; pass --corpus with the folder "
                    + "that holds pmml/index.json (default ../shared/corpus)")
        }
        struct Index: Decodable {
            struct Entry: Decodable { var id: String }
            var cases: [Entry]
        }
        do {
            return try JSONDecoder().decode(Index.self, from: Data(contentsOf: index)).cases.map(\.id)
        } catch {
            throw CorpusError("'\(index.path)' cannot be read as a case index: \(error)")
        }
    }

    /// Reads one case's `case.json`.
    public func loadCase(_ id: String) throws(CaseFileError) -> ConformanceCase {
        try ConformanceCase(contentsOf: pmmlDirectory.appendingPathComponent(id).appendingPathComponent("case.json"))
    }

    /// Converts and scores one case with the reference evaluator.
    public func evaluate(_ testCase: ConformanceCase) -> CaseEvaluation {
        let folder = pmmlDirectory.appendingPathComponent(testCase.id)
        var evaluation = CaseEvaluation(testCase: testCase)
        let plan = ColumnPlan(testCase)
        let conversion: Converter.ModelConversion
        do {
            conversion = try Converter.convertModel(
                data: try modelData(testCase, folder: folder), file: "\(testCase.id)/model.pmml", name: testCase.id)
        } catch {
            let refusal = Self.refusal(error.diagnostics)
            // A case that compares nothing nbship computes cannot be judged, whatever the conversion says.
            if refusal.verdict == .fail, plan.mapped.isEmpty, let reason = plan.unsupportedReason(warnings: []) {
                return evaluation.refused(
                    .refused(.unsupported, "\(reason); conversion also fails: \(refusal.detail ?? "")"))
            }
            return evaluation.refused(refusal)
        }
        if testCase.groupedInput {
            return evaluation.refused(
                .refused(.unsupported, "grouped (transaction, item) input is not supported by the runner"))
        }
        let columns = plan.mapped
        let input: ConformanceCSV
        let expected: ConformanceCSV
        do {
            input = ConformanceCSV(parsing: try Self.text(folder.appendingPathComponent("input.csv")))
            expected = ConformanceCSV(parsing: try Self.text(folder.appendingPathComponent("expected.csv")))
        } catch {
            return evaluation.refused(.refused(.fail, error.description))
        }
        if let problem = Self.tableProblem(input: input, expected: expected, columns: columns.map(\.name)) {
            return evaluation.refused(.refused(.fail, problem))
        }
        let comparison = RowComparison(
            comparator: ValueComparator(
                tolerance: testCase.tolerance, missingMarkers: testCase.missingMarkers,
                unassertedMarker: testCase.unassertedMarker),
            columns: columns)
        let rows = Self.score(input, markers: testCase.missingMarkers, with: SpecEvaluator(spec: conversion.spec))
        evaluation.report = CaseReport(
            id: testCase.id, tier: testCase.tier, modelElement: testCase.modelElement, unit: testCase.tolerance.unit,
            conversion: plan.unsupportedReason(warnings: conversion.warnings).map { .refused(.unsupported, $0) },
            evaluator: StageReport(comparison.compare(rows, with: expected)))
        evaluation.comparison = comparison
        evaluation.expected = expected
        evaluation.input = input
        switch conversion.package {
        case .success(let package):
            evaluation.package = package
        case .failure(let error):
            // The evaluator's verdict stands; the generated code cannot be judged.
            evaluation.report.record(generated: Self.refusal(error.diagnostics))
        }
        return evaluation
    }

    /// model.pmml's bytes, with the case's `repair_before_scoring` applied.
    package func modelData(_ testCase: ConformanceCase, folder: URL) throws(DiagnosticError) -> Data {
        let url = folder.appendingPathComponent("model.pmml")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DiagnosticError(.error(PackageDiagnosticID.conformanceUnreadable, "'\(url.path)' cannot be read"))
        }
        guard let repair = testCase.repair else { return data }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains(repair.replace) else {
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.conformanceRepair,
                    "the repair_before_scoring text '\(repair.replace)' is not in model.pmml"))
        }
        return Data(text.replacingOccurrences(of: repair.replace, with: repair.with).utf8)
    }

    package static func text(_ url: URL) throws(CorpusError) -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CorpusError("'\(url.path)' cannot be read")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A conversion that stopped with errors: unsupported when every error is an `*.unsupported-*` diagnostic,
    /// failed otherwise. The first error is shown with its line.
    package static func refusal(_ diagnostics: [Diagnostic]) -> StageReport {
        let errors = diagnostics.filter { $0.severity == .error }
        let unsupported = !errors.isEmpty && errors.allSatisfy { $0.id.contains(".unsupported-") }
        guard let first = errors.first ?? diagnostics.first else {
            return .refused(.fail, "stopped without a diagnostic")
        }
        var text = describe(first, withID: !unsupported)
        if errors.count > 1 { text += " (and \(errors.count - 1) more)" }
        return .refused(unsupported ? .unsupported : .fail, text)
    }

    /// `The TreeModel element is not supported at line 12`.
    package static func describe(_ diagnostic: Diagnostic, withID: Bool) -> String {
        var message = diagnostic.message
        if message.hasSuffix(".") { message.removeLast() }
        if let line = diagnostic.location?.line { message += " at line \(line)" }
        return withID ? "\(message) [\(diagnostic.id)]" : message
    }

    /// Why the tables cannot be compared row by row, if they cannot.
    package static func tableProblem(input: ConformanceCSV, expected: ConformanceCSV, columns: [String]) -> String? {
        if input.rows.count != expected.rows.count {
            return "input.csv has \(input.rows.count) rows but expected.csv has \(expected.rows.count)"
        }
        if let column = columns.first(where: { !expected.header.contains($0) }) {
            return "expected.csv has no column '\(column)'"
        }
        return nil
    }

    /// Scores every input row; a row the evaluator refuses has only missing results.
    package static func score(
        _ input: ConformanceCSV, markers: Set<String>, with evaluator: SpecEvaluator
    ) -> [ScoredRow] {
        input.rows.map { cells in
            var row: [String: FieldValue] = [:]
            for (index, name) in input.header.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                row[name] = markers.contains(cell) ? .missing : .text(cell)
            }
            do {
                return ScoredRow(try evaluator.evaluate(row))
            } catch {
                return ScoredRow(values: [:], error: String(describing: error))
            }
        }
    }
}

/// One case after conversion and reference scoring, with what compiling its generated code needs.
public struct CaseEvaluation: Sendable {
    public var testCase: ConformanceCase
    public var report: CaseReport
    /// The generated package, when conversion and code generation succeeded.
    public var package: GeneratedPackage?
    package var comparison: RowComparison?
    package var input: ConformanceCSV?
    package var expected: ConformanceCSV?

    package init(testCase: ConformanceCase) {
        self.testCase = testCase
        self.report = CaseReport(
            id: testCase.id, tier: testCase.tier, modelElement: testCase.modelElement, unit: testCase.tolerance.unit)
    }

    package func refused(_ stage: StageReport) -> CaseEvaluation {
        var copy = self
        copy.report = CaseReport(
            id: testCase.id, tier: testCase.tier, modelElement: testCase.modelElement, unit: testCase.tolerance.unit,
            conversion: stage)
        return copy
    }
}

/// The corpus folder or its index is missing or unreadable.
public struct CorpusError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The compared columns of a case, split into those mapped to a result nbship computes and the others.
package struct ColumnPlan: Sendable {
    package var mapped: [(name: String, result: ResultColumn)] = []
    package var unmapped: [(name: String, role: String)] = []

    package init(_ testCase: ConformanceCase) {
        for column in testCase.compareColumns {
            let role = testCase.columnRoles[column] ?? "unmapped"
            if let result = ResultColumn(role: role, column: column) {
                mapped.append((column, result))
            } else {
                unmapped.append((column, role))
            }
        }
    }

    /// Why the case cannot be judged in full: a compared column nbship does not compute (citing the reader's
    /// `unsupported-output` warning when there is one), or no column to compare at all. Nil when every column
    /// is mapped.
    package func unsupportedReason(warnings: [Diagnostic]) -> String? {
        guard let first = unmapped.first else {
            return mapped.isEmpty ? "nothing to compare: the case has no compare_columns left" : nil
        }
        var reason: String
        if let warning = warnings.first(where: { $0.id.hasSuffix(".unsupported-output") }) {
            reason = ConformanceRunner.describe(warning, withID: false)
        } else {
            reason = "column '\(first.name)' is \(first.role), a result nbship does not compute"
            if unmapped.count > 1 { reason += " (and \(unmapped.count - 1) more columns)" }
        }
        if mapped.count == 1 { reason += "; the other column is compared" }
        if mapped.count > 1 { reason += "; the other \(mapped.count) columns are compared" }
        return reason
    }
}
