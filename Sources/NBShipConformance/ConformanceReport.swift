/// pass / fail / unsupported.
public enum Verdict: String, Sendable, Hashable, Codable {
    case pass, fail, unsupported
}

/// How one way of scoring a case (the reference evaluator, or the generated code) went.
public struct StageReport: Sendable, Hashable, Codable {
    public var verdict: Verdict
    /// Cells checked and cells outside tolerance.
    public var checked: Int
    public var mismatches: Int
    /// The largest error, in the case's unit.
    public var worst: Double?
    public var firstFailure: CellFailure?
    /// Why it failed or is unsupported, in one line.
    public var detail: String?

    public init(
        verdict: Verdict, checked: Int = 0, mismatches: Int = 0, worst: Double? = nil,
        firstFailure: CellFailure? = nil, detail: String? = nil
    ) {
        self.verdict = verdict
        self.checked = checked
        self.mismatches = mismatches
        self.worst = worst
        self.firstFailure = firstFailure
        self.detail = detail
    }

    /// A stage that did not get to compare anything.
    public static func refused(_ verdict: Verdict, _ detail: String) -> StageReport {
        StageReport(verdict: verdict, detail: detail)
    }

    /// The verdict of a comparison.
    public init(_ outcome: ComparisonOutcome) {
        var detail: String?
        if let failure = outcome.firstFailure {
            detail =
                "\(failure.column) row \(failure.row): expected \(failure.expected), got \(failure.actual)"
                + (outcome.mismatches > 1 ? " (\(outcome.mismatches) of \(outcome.checked) cells differ)" : "")
        }
        self.init(
            verdict: outcome.passed ? .pass : .fail, checked: outcome.checked, mismatches: outcome.mismatches,
            worst: outcome.worst, firstFailure: outcome.firstFailure, detail: detail)
    }
}

/// The verdict on one corpus case.
public struct CaseReport: Sendable, Hashable, Codable {
    public var id: String
    public var tier: String
    public var modelElement: String
    /// fail when any stage fails; else unsupported when any stage is unsupported; else pass.
    public private(set) var result: Verdict
    /// The unit of `worst` (relative error, or float32 ULPs).
    public var unit: ErrorUnit
    /// Reading the model and preparing the comparison; nil when that went well.
    public private(set) var conversion: StageReport?
    /// Scoring with the reference evaluator (nil when the model could not be converted).
    public private(set) var evaluator: StageReport?
    /// Scoring with the generated code (nil with `--no-compile` or when there is nothing to compile).
    public private(set) var generated: StageReport?

    public init(
        id: String, tier: String, modelElement: String, unit: ErrorUnit, conversion: StageReport? = nil,
        evaluator: StageReport? = nil, generated: StageReport? = nil
    ) {
        self.id = id
        self.tier = tier
        self.modelElement = modelElement
        self.unit = unit
        self.conversion = conversion
        self.evaluator = evaluator
        self.generated = generated
        self.result = Self.combine([conversion, evaluator, generated])
    }

    package static func combine(_ stages: [StageReport?]) -> Verdict {
        let verdicts = stages.compactMap { $0?.verdict }
        if verdicts.contains(.fail) { return .fail }
        if verdicts.contains(.unsupported) { return .unsupported }
        return .pass
    }

    /// Records the generated code's stage.
    package mutating func record(generated stage: StageReport) {
        generated = stage
        result = Self.combine([conversion, evaluator, generated])
    }

    /// The largest error over both scoring stages.
    public var worst: Double? {
        [evaluator?.worst, generated?.worst].compactMap { $0 }.max()
    }

    /// One line: where it fails, or why it is unsupported.
    public var detail: String {
        let stages = [("", conversion), ("evaluator: ", evaluator), ("generated code: ", generated)]
        let parts = stages.compactMap { prefix, stage -> String? in
            guard let stage, stage.verdict == result, result != .pass, let detail = stage.detail else { return nil }
            return prefix + detail
        }
        return parts.joined(separator: "; ")
    }
}

/// The whole run: one report per case, in corpus order, and how long the stages took.
public struct ConformanceReport: Sendable, Codable {
    public var cases: [CaseReport]
    /// Whether the generated code was compiled and run.
    public var compiled: Bool
    /// Seconds spent converting and scoring with the reference evaluator.
    public var evaluationSeconds: Double
    /// Seconds spent writing, building and running the batch package of generated code.
    public var buildSeconds: Double?
    public var runSeconds: Double?

    public init(cases: [CaseReport], compiled: Bool, evaluationSeconds: Double) {
        self.cases = cases
        self.compiled = compiled
        self.evaluationSeconds = evaluationSeconds
    }

    public func count(_ verdict: Verdict) -> Int { cases.filter { $0.result == verdict }.count }

    /// `N passed, N failed, N unsupported`.
    public var summary: String {
        "\(count(.pass)) passed, \(count(.fail)) failed, \(count(.unsupported)) unsupported"
    }

    /// Tiers whose expected values the corpus treats as authoritative (`core`, `quirks`). `single-evaluator`
    /// values come from pmml4s alone and `disputed` ones from evaluators that disagree: a mismatch there is
    /// reported in the table but does not fail the run.
    public static let authoritativeTiers: Set<String> = ["core", "quirks"]

    /// True when no case of an authoritative tier fails (unsupported is not a failure).
    public var succeeded: Bool {
        !cases.contains { $0.result == .fail && Self.authoritativeTiers.contains($0.tier) }
    }
}
