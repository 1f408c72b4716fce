import NBCore

extension TreeCodeWriter {
    /// Whether the package returns reason codes: a scorecard that ranks them, with reason-code outputs.
    var returnsReasonCodes: Bool { spec.reasonCodeCount > 0 }

    /// A scorecard: the initial score, then per characteristic an `if`/`else if` chain over its attributes in file
    /// order, the first that holds adding its partial score; with reason codes, also the points of its reason code.
    /// A characteristic with no attribute that holds leaves the scorecard without a score (as JPMML-Evaluator).
    func scorecardFunction(_ model: ScorecardSpec, state: inout State) -> String {
        let name = state.name("scorecard")
        let ranked = returnsReasonCodes
        let missing = ranked ? "(Scored.missing, [])" : "Scored.missing"
        var code = SwiftCode()
        code.line(
            "/// Scorecard with \(model.characteristics.count) characteristics: the score starts at \(SwiftText.double(model.initialScore)); each characteristic adds the partial score of its first attribute that holds."
        )
        if ranked {
            let rule =
                model.reasonCodeAlgorithm == .pointsBelow
                ? "the baseline minus the partial score (pointsBelow)"
                : "the partial score minus the baseline (pointsAbove)"
            code.line(
                "/// Reason codes: each characteristic adds points to its attribute's reason code, \(rule); `ReasonCodePoints` (Scorecard.swift) ranks them."
            )
        }
        code.block(
            "static func \(name)(_ row: Row) -> \(ranked ? "(score: Scored, reasonCodes: [String])" : "Scored") {"
        ) {
            body in
            body.line("var score = \(SwiftText.double(model.initialScore))")
            if ranked { body.line("var points = ReasonCodePoints()") }
            for (index, characteristic) in model.characteristics.enumerated() {
                var heading = "// \(SwiftText.comment(characteristic.name ?? "Characteristic \(index + 1)"))"
                if ranked, let baseline = characteristic.baselineScore {
                    heading += ", baseline \(SwiftText.double(baseline))"
                }
                body.line(heading + ".")
                var opened = false
                var exhaustive = false
                for attribute in characteristic.attributes {
                    let statements = attributeLines(
                        attribute, baseline: characteristic.baselineScore, algorithm: model.reasonCodeAlgorithm,
                        ranked: ranked, missing: missing)
                    if attribute.condition == .true {
                        // Always holds: the chain ends here.
                        if opened {
                            body.line("} else {")
                            body.indented { $0.append(statements) }
                            body.line("}")
                        } else {
                            body.append(statements)
                        }
                        exhaustive = true
                        break
                    }
                    body.line("\(opened ? "} else if" : "if") \(attributeTest(attribute.condition)) {")
                    body.indented { $0.append(statements) }
                    opened = true
                }
                if !exhaustive {
                    body.line(opened ? "} else {" : "do {")
                    body.indented { $0.line("return \(missing)  // no attribute holds") }
                    body.line("}")
                }
            }
            body.line(ranked ? "return (Scored(score), points.ranked)" : "return Scored(score)")
        }
        state.functions.append(Function(name: name, lines: code.lines))
        return name
    }

    /// The condition of an `if`: true when the attribute's predicate is true (unknown is not true). Missing-value
    /// tests, comparisons of a numeric field with a number, and `and`s of such comparisons (a bin `[a, b)`) read as
    /// plain Swift: `let age = row.age, age >= 25.0, age < 35.0`.
    private func attributeTest(_ condition: Condition) -> String {
        if case .compound(.and, let parts) = condition {
            var bound: [String] = []
            var tests: [String] = []
            for part in parts {
                guard case .simple(let field, let comparison, let constant) = part,
                    let (name, test) = fastComparison(field, comparison, constant)
                else { return "(\(predicate(condition))) == true" }
                if !bound.contains(name) { bound.append(name) }
                tests.append("\(name) \(test)")
            }
            if !tests.isEmpty { return (bound.map { "let \($0) = row.\($0)" } + tests).joined(separator: ", ") }
        }
        if case .simple(let field, let comparison, let constant) = condition {
            let property = fields.property(field)
            switch comparison {
            case .isMissing: return "row.\(property) == nil"
            case .isNotMissing: return "row.\(property) != nil"
            default:
                if let (name, test) = fastComparison(field, comparison, constant) {
                    return "let \(name) = row.\(name), \(name) \(test)"
                }
            }
        }
        return "(\(predicate(condition))) == true"
    }

    /// What one attribute adds: its partial score and, with reason codes, its code's points.
    private func attributeLines(
        _ attribute: ScorecardSpec.Attribute, baseline: Double?, algorithm: ScorecardSpec.ReasonCodeAlgorithm,
        ranked: Bool, missing: String
    ) -> [String] {
        var lines: [String] = []
        let partial: String
        if case .constant(let value) = attribute.partialScore {
            partial = SwiftText.double(value)
        } else {
            lines.append(
                "guard let partial = (\(expression(attribute.partialScore))).number else { return \(missing) }")
            partial = "partial"
        }
        lines.append("score += \(partial)")
        if ranked, let code = attribute.reasonCode, let baseline {
            let points =
                algorithm == .pointsBelow
                ? "\(SwiftText.double(baseline)) - \(partial)" : "\(partial) - \(SwiftText.double(baseline))"
            lines.append("points.add(\(SwiftText.stringLiteral(code)), \(points))")
        }
        return lines
    }
}
