import NBCore

/// RegressionModel: one RegressionTable per class (classification) or a single one (regression).
extension PMMLExtractor {
    static let normalizations: [String: Normalization] = [
        "none": .none, "softmax": .softmax, "logit": .logit, "simplemax": .simplemax, "probit": .probit,
        "cloglog": .cloglog, "loglog": .loglog, "cauchit": .cauchit, "exp": .exp,
    ]

    /// The model's equations in file order (for binary link normalisations the last table is the complement).
    mutating func regressionModel(_ model: XMLTreeElement, function: MiningFunction) -> LinearModelSpec? {
        var normalization = enumeration(
            "normalizationMethod", of: model, Self.normalizations, default: Normalization.none)
        if function == .regression && normalization == .softmax {
            normalization = .logit  // PMML defines softmax on a single regression score as 1 / (1 + exp(-y)).
        }
        if function == .regression && normalization == .simplemax {
            error(
                PMMLDiagnosticID.badAttributeValue,
                "normalizationMethod=\"simplemax\" is not defined for a regression RegressionModel.", at: model)
            normalization = nil
        }
        let tables = model.children(named: "RegressionTable")
        guard !tables.isEmpty else {
            error(PMMLDiagnosticID.missingElement, "The RegressionModel has no <RegressionTable>.", at: model)
            return nil
        }
        if function == .regression && tables.count > 1 {
            error(
                PMMLDiagnosticID.invalidModel,
                "A regression RegressionModel has one <RegressionTable>; this one has \(tables.count).", at: tables[1])
        }
        if function == .classification && tables.count < 2 {
            error(
                PMMLDiagnosticID.invalidModel,
                "A classification RegressionModel needs a <RegressionTable> per class; this one has one.", at: tables[0]
            )
        }
        let equations = tables.map { regressionTable($0, function: function) }
        var seen: [String: Int] = [:]
        for (table, equation) in zip(tables, equations) {
            guard let category = equation?.category else { continue }
            if let line = seen[category] {
                error(
                    PMMLDiagnosticID.invalidModel, "Two <RegressionTable>s have targetCategory '\(category)'.",
                    at: table,
                    notes: [Diagnostic.Note("the first one", at: SourceLocation(file: file, line: line))])
            }
            seen[category] = table.line
        }
        let valid = equations.compactMap { $0 }
        guard let normalization, valid.count == equations.count else { return nil }
        return LinearModelSpec(
            function: function, normalization: normalization, equations: valid, sourceElement: "RegressionModel",
            algorithm: model.attribute("algorithmName"))
    }

    private mutating func regressionTable(_ table: XMLTreeElement, function: MiningFunction) -> LinearEquation? {
        checkChildren(of: table, handled: ["NumericPredictor", "CategoricalPredictor", "PredictorTerm"])
        let intercept = number("intercept", of: table, isRequired: true)
        var category: String?
        if function == .classification { category = required("targetCategory", of: table) }
        var terms: [LinearTerm] = []
        var complete = true
        for child in table.children {
            let term: LinearTerm?
            switch child.name {
            case "NumericPredictor": term = numericPredictor(child)
            case "CategoricalPredictor": term = categoricalPredictor(child)
            case "PredictorTerm": term = predictorTerm(child)
            default: continue
            }
            if let term { terms.append(term) } else { complete = false }
        }
        guard let intercept, complete, function == .regression || category != nil else { return nil }
        return LinearEquation(category: category, intercept: intercept, terms: terms)
    }

    private mutating func numericPredictor(_ element: XMLTreeElement) -> LinearTerm? {
        checkChildren(of: element, handled: [])
        let name = required("name", of: element)
        let exponent = integer("exponent", of: element, default: 1)
        let coefficient = number("coefficient", of: element, isRequired: true)
        guard let name, resolveField(name, at: element, role: "<NumericPredictor>"), let exponent, let coefficient
        else {
            return nil
        }
        return LinearTerm(coefficient: coefficient, factors: [.numeric(field: name, exponent: exponent)])
    }

    private mutating func categoricalPredictor(_ element: XMLTreeElement) -> LinearTerm? {
        checkChildren(of: element, handled: [])
        let name = required("name", of: element)
        let value = required("value", of: element)
        let coefficient = number("coefficient", of: element, isRequired: true)
        guard let name, resolveField(name, at: element, role: "<CategoricalPredictor>"), let value, let coefficient
        else { return nil }
        return LinearTerm(coefficient: coefficient, factors: [.indicator(field: name, value: value)])
    }

    /// An interaction: the product of the referenced fields, times the coefficient.
    private mutating func predictorTerm(_ element: XMLTreeElement) -> LinearTerm? {
        checkChildren(of: element, handled: ["FieldRef"])
        let coefficient = number("coefficient", of: element, isRequired: true)
        let references = element.children(named: "FieldRef")
        if references.isEmpty {
            error(PMMLDiagnosticID.missingElement, "The <PredictorTerm> has no <FieldRef>.", at: element)
        }
        var factors: [LinearFactor] = []
        for reference in references {
            rejectAttributes(["mapMissingTo"], of: reference, help: "FieldRef with mapMissingTo is not translated yet")
            guard let name = required("field", of: reference),
                resolveField(name, at: reference, role: "<PredictorTerm>")
            else { continue }
            factors.append(.numeric(field: name, exponent: 1))
        }
        let plain = references.allSatisfy { $0.attribute("mapMissingTo") == nil }
        guard let coefficient, !references.isEmpty, factors.count == references.count, plain else { return nil }
        return LinearTerm(coefficient: coefficient, factors: factors)
    }
}
