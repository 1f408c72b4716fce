import Foundation
import NBShipApp

extension ConformanceRunner {
    /// Runs the selected cases: converts and scores each with the reference evaluator, then, when `compile`,
    /// builds every converted case's generated code in one batch package and scores again with it.
    ///
    /// - Parameters:
    ///   - ids: the case ids to run, in report order.
    ///   - allIDs: every id of the index; a case's position there names its module in the batch package.
    ///   - batchDirectory: where the batch package and its scratch folder live.
    ///   - log: progress and timing lines (the command prints them on standard error).
    public func run(
        _ ids: [String], allIDs: [String], compile: Bool, batchDirectory: URL? = nil,
        log: (String) -> Void = { _ in }
    ) throws -> ConformanceReport {
        let start = Date()
        // Cases are independent: score them on every core, each into its own slot.
        let slots = Slots(count: ids.count)
        DispatchQueue.concurrentPerform(iterations: ids.count) { index in
            slots[index] = evaluate(id: ids[index])
        }
        let evaluations = slots.values.compactMap { $0 }
        var report = ConformanceReport(
            cases: evaluations.map(\.report), compiled: compile, evaluationSeconds: Date().timeIntervalSince(start))
        log(
            "converted \(ids.count) cases and scored them with the reference evaluator in "
                + String(format: "%.1f s", report.evaluationSeconds))
        guard compile else { return report }

        var members: [BatchBuild.Member] = []
        for (index, evaluation) in evaluations.enumerated() {
            guard let package = evaluation.package, let input = evaluation.input else { continue }
            let ordinal = (allIDs.firstIndex(of: evaluation.testCase.id) ?? index) + 1
            if let member = BatchBuild.member(
                index: index, ordinal: ordinal, id: evaluation.testCase.id, package: package, input: input,
                markers: evaluation.testCase.missingMarkers)
            {
                members.append(member)
            } else {
                report.cases[index].record(
                    generated: .refused(.fail, "the generated package has no single library folder under Sources/"))
            }
        }
        guard !members.isEmpty else {
            log("no case has generated code to compile")
            return report
        }
        let batch = BatchBuild(directory: batchDirectory ?? BatchBuild.defaultDirectory)
        let outcome = try batch.run(members, log: log)
        report.buildSeconds = outcome.buildSeconds
        report.runSeconds = outcome.runSeconds
        log(
            "built \(members.count) generated libraries in one package in "
                + String(format: "%.1f s", outcome.buildSeconds)
                + (outcome.builds > 1 ? " (\(outcome.builds) builds)" : "") + "; scored their inputs in "
                + String(format: "%.1f s", outcome.runSeconds))
        for (index, rows) in outcome.rows {
            report.cases[index].record(generated: Self.judge(rows, evaluations[index]))
        }
        return report
    }

    /// Loads and evaluates one case; an unreadable case.json fails the case.
    package func evaluate(id: String) -> CaseEvaluation {
        do {
            return evaluate(try loadCase(id))
        } catch {
            let fallback = ConformanceCase(
                id: id, modelElement: "?", compareColumns: [], columnRoles: [:],
                tolerance: .relative(precision: 1e-13, zeroThreshold: 1e-13))
            return CaseEvaluation(testCase: fallback).refused(.refused(.fail, error.description))
        }
    }

    /// Results written by concurrent workers, one slot each.
    private final class Slots: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [CaseEvaluation?]
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        subscript(index: Int) -> CaseEvaluation? {
            get { lock.withLock { storage[index] } }
            set { lock.withLock { storage[index] = newValue } }
        }
        var values: [CaseEvaluation?] { lock.withLock { storage } }
    }

    /// The generated code's verdict on one case.
    package static func judge(
        _ rows: Result<[ScoredRow], BatchBuild.BuildFailure>, _ evaluation: CaseEvaluation
    ) -> StageReport {
        switch rows {
        case .failure(let failure):
            return .refused(.fail, failure.message)
        case .success(let rows):
            guard let comparison = evaluation.comparison, let expected = evaluation.expected else {
                return .refused(.fail, "nothing to compare with")
            }
            guard rows.count == expected.rows.count else {
                return .refused(.fail, "the generated code gave \(rows.count) rows for \(expected.rows.count)")
            }
            return StageReport(comparison.compare(rows, with: expected))
        }
    }
}

/// `--cases`: comma- or blank-separated ids or glob patterns (`*`, `?`). A pattern without `/` also matches the
/// case name alone (`LinearRegression*`).
public enum CaseSelection {
    public static func select(_ ids: [String], patterns: [String]) -> [String] {
        let patterns = patterns.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) }
        guard !patterns.isEmpty else { return ids }
        return ids.filter { id in
            let name = id.split(separator: "/").last.map(String.init) ?? id
            return patterns.contains { matches($0, id) || (!$0.contains("/") && matches($0, name)) }
        }
    }

    /// Glob matching: `*` any run of characters (including `/`), `?` one character.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var (pi, ti) = (0, 0)
        var star: Int?
        var resume = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                resume = ti
                pi += 1
            } else if let star {
                pi = star + 1
                resume += 1
                ti = resume
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
