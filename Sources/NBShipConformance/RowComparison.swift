import NBCore

/// The first cell found outside tolerance, for the report.
public struct CellFailure: Sendable, Hashable, Codable {
    /// The expected.csv column.
    public var column: String
    /// 1-based data row (input.csv line `row + 1`).
    public var row: Int
    public var expected: String
    public var actual: String
    /// The error in the tolerance's unit, when there is a numeric distance.
    public var error: Double?
}

/// The comparison of one evaluation's results with expected.csv.
public struct ComparisonOutcome: Sendable, Hashable {
    /// Cells checked (skipped ones not counted).
    public var checked = 0
    /// Cells outside tolerance.
    public var mismatches = 0
    /// The largest error found, in the tolerance's unit (nil when no numbers were compared).
    public var worst: Double?
    public var firstFailure: CellFailure?

    public var passed: Bool { mismatches == 0 }

    public init() {}
}

/// Compares scored rows with the expected table, column by column.
public struct RowComparison: Sendable {
    public var comparator: ValueComparator
    /// The expected.csv columns to check, each with the result it is compared with.
    public var columns: [(name: String, result: ResultColumn)]

    public init(comparator: ValueComparator, columns: [(name: String, result: ResultColumn)]) {
        self.comparator = comparator
        self.columns = columns
    }

    /// Row `i` of `rows` is compared with row `i` of `expected`; the caller checks that the counts agree.
    public func compare(_ rows: [ScoredRow], with expected: ConformanceCSV) -> ComparisonOutcome {
        var outcome = ComparisonOutcome()
        for (index, row) in rows.enumerated() where index < expected.rows.count {
            for (name, result) in columns {
                let wanted = expected.cell(index, name) ?? ""
                let actual = row.value(result)
                let check = actual.map { comparator.check(expected: wanted, actual: $0) } ?? .mismatch(error: nil)
                switch check {
                case .skipped:
                    continue
                case .match(let error):
                    outcome.checked += 1
                    if case .number = actual { outcome.worst = max(outcome.worst ?? 0, error) }
                case .mismatch(let error):
                    outcome.checked += 1
                    outcome.mismatches += 1
                    if let error { outcome.worst = max(outcome.worst ?? 0, error) }
                    if outcome.firstFailure == nil {
                        outcome.firstFailure = CellFailure(
                            column: name, row: index + 1, expected: wanted,
                            actual: Self.render(actual, row: row, column: result), error: error)
                    }
                }
            }
        }
        return outcome
    }

    package static func render(_ value: ResultValue?, row: ScoredRow, column: ResultColumn) -> String {
        if let error = row.error { return "no result (\(error))" }
        switch value {
        case .number(let number)?: return NumberFormat.shortest(number)
        case .text(let text)?: return "'\(text)'"
        case .missing?: return "missing"
        case nil: return "no \(column) among \(row.columns.joined(separator: ", "))"
        }
    }
}
