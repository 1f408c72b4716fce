/// A condition on field values that selects a tree node or an ensemble segment (a PMML predicate). Named
/// `Condition` rather than `Predicate` so it never clashes with Foundation's `Predicate`.
///
/// Evaluation is three-valued: a condition is true, false or unknown (a field it reads is missing). How a tree
/// treats "unknown" is its `missingValueStrategy`; a segment whose condition is unknown is not used.
public indirect enum Condition: Sendable, Codable, Hashable {
    /// Always true (PMML `True`).
    case `true`
    /// Always false (PMML `False`).
    case `false`
    /// Compares one field with a constant (PMML `SimplePredicate`). `value` is the constant as written in the
    /// model file; it is read with the field's type when evaluated, so a `float` field compares in float32.
    /// `isMissing` and `isNotMissing` have no value.
    case simple(field: String, operator: ComparisonOperator, value: String?)
    /// Combines two or more predicates (PMML `CompoundPredicate`).
    case compound(BooleanOperator, [Condition])
    /// Tests whether a field's value is in a set of constants (PMML `SimpleSetPredicate`), written as in the file.
    case simpleSet(field: String, operator: SetOperator, values: [String])

    /// The names of the fields the condition reads, in first-use order.
    public var fieldReferences: [String] {
        switch self {
        case .true, .false: return []
        case .simple(let field, _, _), .simpleSet(let field, _, _): return [field]
        case .compound: break
        }
        var names: [String] = []
        var seen: Set<String> = []
        collectFieldReferences(into: &names, seen: &seen)
        return names
    }

    /// Adds the fields the condition reads that `seen` does not hold, in first-use order.
    func collectFieldReferences(into names: inout [String], seen: inout Set<String>) {
        switch self {
        case .true, .false: break
        case .simple(let field, _, _), .simpleSet(let field, _, _):
            if seen.insert(field).inserted { names.append(field) }
        case .compound(_, let parts):
            for part in parts { part.collectFieldReferences(into: &names, seen: &seen) }
        }
    }

    /// The same condition with field references renamed.
    public func renamingFields(_ renames: [String: String]) -> Condition {
        switch self {
        case .true, .false: self
        case .simple(let field, let comparison, let value):
            .simple(field: renames[field] ?? field, operator: comparison, value: value)
        case .compound(let combination, let parts): .compound(combination, parts.map { $0.renamingFields(renames) })
        case .simpleSet(let field, let membership, let values):
            .simpleSet(field: renames[field] ?? field, operator: membership, values: values)
        }
    }
}

/// The comparison of a `SimplePredicate`.
public enum ComparisonOperator: String, Sendable, Codable, Hashable, CaseIterable {
    case equal, notEqual, lessThan, lessOrEqual, greaterThan, greaterOrEqual, isMissing, isNotMissing

    /// Whether the operator compares with a value (all but `isMissing` and `isNotMissing`).
    public var needsValue: Bool { self != .isMissing && self != .isNotMissing }
}

/// How a `CompoundPredicate` combines its parts.
public enum BooleanOperator: String, Sendable, Codable, Hashable, CaseIterable {
    /// Three-valued AND: false if any part is false, else unknown if any is unknown.
    case and
    /// Three-valued OR: true if any part is true, else unknown if any is unknown.
    case or
    /// Exclusive or; unknown if any part is unknown.
    case xor
    /// The first part that is not unknown decides; each fallback counts as a "missing level" for the tree's
    /// `missingValuePenalty`.
    case surrogate
}

/// The membership test of a `SimpleSetPredicate`.
public enum SetOperator: String, Sendable, Codable, Hashable, CaseIterable {
    case isIn, isNotIn
}
