import NBCore

/// Scorecard: Characteristics of Attributes, each attribute a predicate with a partial score (a number, or a
/// ComplexPartialScore expression). With `useReasonCodes` (the default), every attribute needs a reason code (its
/// own or its characteristic's) and a baseline score (its characteristic's or the scorecard's): PMML requires them,
/// and nbship refuses rather than rank reason codes without them.
extension PMMLExtractor {
    mutating func scorecard(_ model: XMLTreeElement, function: MiningFunction) -> ScorecardSpec? {
        guard function == .regression else {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "The <Scorecard> has functionName=\"\(model.attribute("functionName") ?? "")\".", at: model,
                help: ["a scorecard's result is a score: nbship translates scorecards with functionName=\"regression\""]
            )
            return nil
        }
        guard let list = model.child(named: "Characteristics") else {
            error(PMMLDiagnosticID.missingElement, "The <Scorecard> has no <Characteristics>.", at: model)
            return nil
        }
        checkChildren(of: list, handled: ["Characteristic"])
        let useReasonCodes =
            enumeration("useReasonCodes", of: model, ["true": true, "false": false], default: true) ?? true
        let algorithm =
            enumeration(
                "reasonCodeAlgorithm", of: model,
                ["pointsBelow": ScorecardSpec.ReasonCodeAlgorithm.pointsBelow, "pointsAbove": .pointsAbove],
                default: .pointsBelow) ?? .pointsBelow
        let modelBaseline = number("baselineScore", of: model)
        let initialScore = number("initialScore", of: model, default: 0) ?? 0
        var characteristics: [ScorecardSpec.Characteristic] = []
        var ok = true
        for element in list.children(named: "Characteristic") {
            checkChildren(of: element, handled: ["Attribute"])
            let baseline = number("baselineScore", of: element) ?? modelBaseline
            if useReasonCodes && baseline == nil {
                error(
                    PMMLDiagnosticID.missingAttribute,
                    "The <Characteristic>\(Self.named(element)) has no baselineScore, and the <Scorecard> none.",
                    at: element,
                    help: [
                        "with useReasonCodes=\"true\" each characteristic's points are measured from its baseline; "
                            + "give it baselineScore, or give the <Scorecard> one"
                    ])
                ok = false
            }
            var attributes: [ScorecardSpec.Attribute] = []
            for attribute in element.children(named: "Attribute") {
                checkChildren(
                    of: attribute, handled: Self.predicateElements.union(["ComplexPartialScore"]))
                guard let condition = predicate(of: attribute) else {
                    ok = false
                    continue
                }
                let score: Expression
                if let complex = attribute.child(named: "ComplexPartialScore") {
                    let parts = Self.expressionChildren(of: complex)
                    guard parts.count == 1, let expression = expression(parts[0], in: complex) else {
                        if parts.count != 1 {
                            error(
                                PMMLDiagnosticID.invalidModel,
                                "The <ComplexPartialScore> holds \(parts.count) expressions, not one.", at: complex)
                        }
                        ok = false
                        continue
                    }
                    score = expression
                } else if let partial = number("partialScore", of: attribute) {
                    score = .constant(partial)
                } else {
                    error(
                        PMMLDiagnosticID.missingAttribute,
                        "The <Attribute> has neither a partialScore nor a <ComplexPartialScore>.", at: attribute,
                        help: ["PMML needs one of them on each Attribute of a Characteristic"])
                    ok = false
                    continue
                }
                let code = attribute.attribute("reasonCode") ?? element.attribute("reasonCode")
                if useReasonCodes && code == nil {
                    error(
                        PMMLDiagnosticID.missingAttribute,
                        "The <Attribute> has no reasonCode, and its <Characteristic>\(Self.named(element)) none.",
                        at: attribute,
                        help: [
                            "with useReasonCodes=\"true\" each attribute gives a reason code: put reasonCode on the "
                                + "Attribute or its Characteristic, or set useReasonCodes=\"false\""
                        ])
                    ok = false
                }
                attributes.append(
                    ScorecardSpec.Attribute(
                        condition: condition, partialScore: score, reasonCode: useReasonCodes ? code : nil,
                        line: attribute.line))
            }
            if attributes.isEmpty && ok {
                error(
                    PMMLDiagnosticID.invalidModel, "The <Characteristic>\(Self.named(element)) has no <Attribute>.",
                    at: element, help: ["a scorecard gives no score for a characteristic without attributes"])
                ok = false
            }
            characteristics.append(
                ScorecardSpec.Characteristic(
                    name: element.attribute("name"), baselineScore: useReasonCodes ? baseline : nil,
                    attributes: attributes))
        }
        if characteristics.isEmpty {
            error(PMMLDiagnosticID.invalidModel, "The <Characteristics> has no <Characteristic>.", at: list)
            ok = false
        }
        guard ok else { return nil }
        return ScorecardSpec(
            initialScore: initialScore, characteristics: characteristics, useReasonCodes: useReasonCodes,
            reasonCodeAlgorithm: algorithm, baselineMethod: model.attribute("baselineMethod"),
            algorithm: model.attribute("algorithmName"))
    }

    /// ` 'name'` for an element with a name attribute, else nothing.
    static func named(_ element: XMLTreeElement) -> String {
        element.attribute("name").map { " '\($0)'" } ?? ""
    }
}
