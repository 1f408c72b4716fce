import NBRuntime

/// Three-valued predicate logic, as PMML defines it: true, false, or nil for "unknown" (a missing value).
extension SpecEvaluator {
    /// The outcome of a predicate, and whether a surrogate had to stand in for an unknown first choice.
    struct PredicateOutcome {
        var value: Bool?
        var usedSurrogate: Bool
    }

    /// Evaluates a predicate: nil when it cannot be decided because a field it needs is missing.
    func holds(_ predicate: Condition, _ values: [String: FieldValue]) throws(EvaluationError) -> Bool? {
        try outcome(predicate, values).value
    }

    /// Evaluates a predicate and reports whether a surrogate decided it (which counts as a missing level).
    func outcome(_ predicate: Condition, _ values: [String: FieldValue]) throws(EvaluationError) -> PredicateOutcome {
        switch predicate {
        case .true: return PredicateOutcome(value: true, usedSurrogate: false)
        case .false: return PredicateOutcome(value: false, usedSurrogate: false)
        case .simple(let field, let comparison, let constant):
            guard let value = values[field] else { throw .unknownField(field) }
            return PredicateOutcome(
                value: try compare(value, comparison, constant, type: type(of: field)), usedSurrogate: false)
        case .simpleSet(let field, let membership, let constants):
            guard let value = values[field] else { throw .unknownField(field) }
            let found = Tri.isIn(value.runtime, constants, type(of: field).kind)
            return PredicateOutcome(value: membership == .isIn ? found : found.map { !$0 }, usedSurrogate: false)
        case .compound(let combination, let parts):
            return try compound(combination, parts, values)
        }
    }

    /// NBRuntime's comparison (`Tri.compare`), the one generated packages run; a missing constant is an error.
    private func compare(
        _ value: FieldValue, _ comparison: ComparisonOperator, _ constant: String?, type: FieldType
    ) throws(EvaluationError) -> Bool? {
        switch comparison {
        case .isMissing: return value.isMissing
        case .isNotMissing: return !value.isMissing
        default: break
        }
        if value.isMissing { return nil }
        guard let constant else { throw .undefinedResult("a comparison without a value") }
        return Tri.compare(value.runtime, comparison.rawValue, constant, type.kind)
    }

    private func compound(
        _ combination: BooleanOperator, _ parts: [Condition], _ values: [String: FieldValue]
    ) throws(EvaluationError) -> PredicateOutcome {
        guard let first = parts.first else { throw .undefinedResult("a CompoundPredicate without parts") }
        var result = try holds(first, values)
        if combination == .surrogate {
            if result != nil { return PredicateOutcome(value: result, usedSurrogate: false) }
            for part in parts.dropFirst() {
                if let value = try holds(part, values) { return PredicateOutcome(value: value, usedSurrogate: true) }
            }
            return PredicateOutcome(value: nil, usedSurrogate: false)
        }
        // Every part is evaluated (an unknown field is an error wherever it is); NBRuntime's three-valued logic,
        // the code generated packages run, combines them.
        var outcomes = [result]
        for part in parts.dropFirst() { outcomes.append(try holds(part, values)) }
        switch combination {
        case .and: result = Tri.and(outcomes)
        case .or: result = Tri.or(outcomes)
        case .xor: result = Tri.xor(outcomes)
        case .surrogate: break
        }
        return PredicateOutcome(value: result, usedSurrogate: false)
    }
}
