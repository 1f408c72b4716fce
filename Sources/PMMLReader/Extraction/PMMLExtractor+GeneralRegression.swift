import NBCore

/// GeneralRegressionModel for the linear cases: regression, generalLinear, generalizedLinear and
/// multinomialLogistic. Each parameter becomes a `LinearTerm` (the parameters without PPCells add to the
/// intercept) and each target category an equation; the reference category gets an all-zero equation, last.
extension PMMLExtractor {
    /// The translated model and the class labels in the order of its equations (classification only).
    struct GeneralRegressionResult {
        var spec: LinearModelSpec
        var classes: [String]
    }

    static let linkFunctions: [String: Normalization] = [
        "identity": .none, "log": .exp, "logit": .logit, "probit": .probit, "cloglog": .cloglog,
        "loglog": .loglog, "cauchit": .cauchit,
    ]

    /// `declared`: the target's categories as the file declares them; empty when it declares none, and the classes
    /// are then taken from the ParamMatrix and `targetReferenceCategory`.
    mutating func generalRegressionModel(
        _ model: XMLTreeElement, function: MiningFunction, classes declared: [String]
    ) -> GeneralRegressionResult? {
        let types = [
            "regression": "regression", "generalLinear": "generalLinear",
            "generalizedLinear": "generalizedLinear", "multinomialLogistic": "multinomialLogistic",
        ]
        let modelType = enumeration(
            "modelType", of: model, types, default: nil, unsupported: ["ordinalMultinomial", "CoxRegression"],
            help: "nbship translates regression, generalLinear, generalizedLinear and multinomialLogistic models; "
                + "ordinal and Cox regression are planned for a later version")
        let normalization = modelType.flatMap { generalRegressionLink(model, modelType: $0, function: function) }
        let offset = modelType == "generalizedLinear" ? glmOffset(model) : Offset(constant: 0, term: nil)
        let matrices = readGeneralRegressionMatrices(model)
        guard let modelType, let normalization, let offset, let matrices else { return nil }
        var result: (equations: [LinearEquation], classes: [String])?
        if function == .regression {
            result = regressionEquation(matrices, at: model).map { ([$0], []) }
        } else {
            result = classEquations(matrices, classes: declared, at: model)
            if modelType == "generalizedLinear", let classes = result?.classes, classes.count > 2 {
                error(
                    PMMLDiagnosticID.unsupportedAttributeValue,
                    "A generalizedLinear classification model with \(classes.count) classes is not supported.",
                    at: model, help: ["use modelType=\"multinomialLogistic\" for more than two classes"])
                result = nil
            }
        }
        guard var result else { return nil }
        // The offset shifts the linear predictor of every modelled equation, never the reference category's.
        let modelled = function == .regression ? result.equations.count : result.equations.count - 1
        for index in 0..<modelled {
            result.equations[index].intercept += offset.constant
            if let term = offset.term { result.equations[index].terms.append(term) }
        }
        return GeneralRegressionResult(
            spec: LinearModelSpec(
                function: function, normalization: normalization, equations: result.equations,
                sourceElement: "GeneralRegressionModel", algorithm: model.attribute("algorithmName"),
                linkParameter: normalization == .power
                    ? model.attribute("linkParameter").flatMap(PMMLNumber.parse) : nil),
            classes: result.classes)
    }

    /// The normalisation a model type and link function amount to; checks the type fits `functionName`.
    private mutating func generalRegressionLink(
        _ model: XMLTreeElement, modelType: String, function: MiningFunction
    ) -> Normalization? {
        let classification = modelType == "multinomialLogistic"
        let either = modelType == "generalizedLinear"
        if !either && (function == .classification) != classification {
            error(
                PMMLDiagnosticID.invalidModel,
                "modelType=\"\(modelType)\" does not fit functionName=\"\(function.rawValue)\".", at: model)
            return nil
        }
        if modelType != "generalizedLinear" {
            rejectAttributes(
                ["offsetVariable", "offsetValue", "trialsVariable", "trialsValue"], of: model,
                help: "offsets and trials are translated for generalizedLinear models only")
            return classification ? .softmax : Normalization.none
        }
        rejectAttributes(
            ["trialsVariable", "trialsValue"], of: model, help: "binomial trials are not translated yet")
        if model.attribute("linkFunction") == "power" {
            guard let parameter = number("linkParameter", of: model, isRequired: true) else { return nil }
            if parameter == 1 { return Normalization.none }  // power 1 is the identity link
            guard function == .regression else {
                error(
                    PMMLDiagnosticID.unsupportedAttributeValue,
                    "linkFunction=\"power\" on a classification <GeneralRegressionModel> is not supported.",
                    at: model, help: ["nbship translates the power link for regression models"])
                return nil
            }
            return .power
        }
        return enumeration(
            "linkFunction", of: model, Self.linkFunctions, default: nil,
            unsupported: ["logc", "negbin", "oddspower"],
            help: "nbship translates the links identity, log, logit, probit, cloglog, loglog and cauchit")
    }

    /// A GLM offset: a constant added to the linear predictor and/or a field added with coefficient 1.
    struct Offset {
        var constant: Double
        var term: LinearTerm?
    }

    /// The offset of a generalizedLinear model (zero when it declares none); nil after reporting a problem.
    private mutating func glmOffset(_ model: XMLTreeElement) -> Offset? {
        let value = number("offsetValue", of: model, default: 0)
        var term: LinearTerm?
        if let name = model.attribute("offsetVariable") {
            guard resolveField(name, at: model, role: "offsetVariable") else { return nil }
            term = LinearTerm(coefficient: 1, factors: [.numeric(field: name, exponent: 1)])
        }
        return value.map { Offset(constant: $0, term: term) }
    }

    private mutating func regressionEquation(
        _ matrices: GeneralRegressionMatrices, at model: XMLTreeElement
    )
        -> LinearEquation?
    {
        let categories = matrices.cellCategories
        if categories.count > 1 {
            error(
                PMMLDiagnosticID.invalidModel,
                "A regression GeneralRegressionModel has one set of parameters; the ParamMatrix has "
                    + "\(categories.count) targetCategories.", at: model)
            return nil
        }
        return matrices.equation(category: nil, cellsFor: categories.first ?? nil)
    }

    private mutating func classEquations(
        _ matrices: GeneralRegressionMatrices, classes declared: [String], at model: XMLTreeElement
    ) -> (equations: [LinearEquation], classes: [String])? {
        let inCells = matrices.cellCategories.compactMap { $0 }
        var classes = declared
        for label in inCells + [model.attribute("targetReferenceCategory")].compactMap({ $0 })
        where !classes.contains(label) {
            if !declared.isEmpty {
                error(
                    PMMLDiagnosticID.unknownCategory, "'\(label)' is not a category of the target.", at: model,
                    help: ["the target's categories are " + declared.map { "'\($0)'" }.joined(separator: ", ")])
                return nil
            }
            classes.append(label)
        }
        let reference: String
        if let named = model.attribute("targetReferenceCategory") {
            reference = named
        } else {
            let candidates = classes.filter { !inCells.contains($0) }
            guard candidates.count == 1 else {
                error(
                    PMMLDiagnosticID.invalidModel,
                    "The reference category cannot be determined: \(candidates.count) categories have no "
                        + "parameters in the ParamMatrix.", at: model,
                    help: ["add targetReferenceCategory to <GeneralRegressionModel>"])
                return nil
            }
            reference = candidates[0]
        }
        let ordered = classes.filter { $0 != reference } + [reference]
        guard ordered.count >= 2 else {
            error(PMMLDiagnosticID.invalidModel, "A classification model needs at least two categories.", at: model)
            return nil
        }
        var equations: [LinearEquation] = []
        for label in ordered.dropLast() {
            // Binary models may leave targetCategory off their PCells.
            let key: String?? =
                inCells.contains(label)
                ? .some(label) : (ordered.count == 2 && matrices.hasDefaultCells ? .some(nil) : .none)
            guard let key else {
                error(
                    PMMLDiagnosticID.invalidModel, "The ParamMatrix has no parameters for category '\(label)'.",
                    at: model)
                return nil
            }
            equations.append(matrices.equation(category: label, cellsFor: key))
        }
        equations.append(LinearEquation(category: reference, intercept: 0, terms: []))
        return (equations, ordered)
    }
}
