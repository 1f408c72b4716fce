import NBCore

/// The top-level model element (RegressionModel, GeneralRegressionModel, TreeModel or MiningModel) with its
/// schema, transformations, targets, outputs and verification records.
extension PMMLExtractor {
    /// What the document says outside the model element.
    struct DocumentInfo {
        var format: String
        var producer: String?
        var description: String?
        var transformations: XMLTreeElement?
    }

    static let commonModelChildren: Set<String> = [
        "MiningSchema", "Output", "Targets", "LocalTransformations", "ModelVerification",
    ]
    static let modelChildren: [String: Set<String>] = [
        "RegressionModel": ["RegressionTable"],
        "GeneralRegressionModel": ["ParameterList", "FactorList", "CovariateList", "PPMatrix", "ParamMatrix"],
        "TreeModel": ["Node"],
        "MiningModel": ["Segmentation"],
        "NeuralNetwork": ["NeuralInputs", "NeuralLayer", "NeuralOutputs"],
        "RuleSetModel": ["RuleSet"],
        "NaiveBayesModel": ["BayesInputs", "BayesOutput"],
        "Scorecard": ["Characteristics"],
        "SupportVectorMachineModel": [
            "LinearKernelType", "PolynomialKernelType", "RadialBasisKernelType", "SigmoidKernelType",
            "VectorDictionary",
            "SupportVectorMachine",
        ],
    ]
    static let functionNames: [String: MiningFunction] = ["regression": .regression, "classification": .classification]
    static let unsupportedFunctions: Set<String> = [
        "clustering", "associationRules", "sequences", "timeSeries", "mixed",
    ]

    /// What every model element starts with: its children checked, `functionName`, `isScorable`, the numeric
    /// semantics (`mathContext`/`x-mathContext`) and its MiningSchema. Nil (with an error) when the schema is missing.
    mutating func modelHeader(_ model: XMLTreeElement) -> (MiningFunction?, NumericSemantics, XMLTreeElement)? {
        checkChildren(
            of: model, handled: Self.commonModelChildren.union(Self.modelChildren[model.name] ?? []),
            help: "this part of a <\(model.name)> is not translated; nbship refuses rather than guess its meaning")
        let function = enumeration(
            "functionName", of: model, Self.functionNames, default: nil, unsupported: Self.unsupportedFunctions)
        if model.attribute("isScorable") == "false" {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue, "The \(model.name) is marked isScorable=\"false\".",
                at: model, help: ["the producer says this model must not be used for scoring"])
        }
        let numeric: NumericSemantics =
            (model.attribute("mathContext") ?? model.attribute("x-mathContext")) == "float" ? .float : .double
        guard let schema = model.child(named: "MiningSchema") else {
            error(PMMLDiagnosticID.missingElement, "The \(model.name) has no <MiningSchema>.", at: model)
            return nil
        }
        return (function, numeric, schema)
    }

    mutating func readModel(_ model: XMLTreeElement, document: DocumentInfo) -> ImportedModel? {
        guard let (function, numeric, schema) = modelHeader(model) else { return nil }
        readMiningSchema(schema)
        let targetName = self.targetName(of: model, schema: schema)
        let inputs = miningFields.filter { $0.usage == .active }.compactMap { inputSpec($0) }
        let fieldElements = derivedFieldElements(
            global: document.transformations, local: model.child(named: "LocalTransformations"))
        visibleFields = Set(activeInputNames).union(derivedFieldNames)
        let translated = translateDerivedFields(fieldElements)
        let targets = model.child(named: "Targets").map { readTargets($0, targetName: targetName) } ?? TargetInfo()
        let targetData = targetName.flatMap { dataFields[$0] }
        let declared = function == .classification ? (targetData?.validValues.nilIfEmpty ?? targets.values) : []

        var body: ModelBody?
        var classes = declared
        if let function {
            (body, classes) = modelBody(model, function: function, declared: declared, numeric: numeric)
        }
        var target = targetSpec(targetName, data: targetData, targets: targets, classes: classes)
        Self.foldInitialScore(&body, &target)
        let outputFields =
            model.child(named: "Output").map {
                outputFieldSpecs($0, function: function, targetType: target?.type, strict: false)
            } ?? []
        // Transformed values and decisions the package computes (SpecBuilder.declaredOutputFields) are not left out.
        let computed = Set(
            (SpecBuilder.declaredOutputFields(outputFields) ?? []).filter(\.computesExpression).map(\.name))
        var outputs =
            model.child(named: "Output").map {
                readOutput(
                    $0, function: function, classes: classes, targetName: targetName,
                    reasonCodes: body?.givesReasonCodes ?? false, computed: computed)
            } ?? []
        outputs += chainOutputs(body, declared: outputs)
        // The derived fields the model and the output fields' expressions read.
        let roots = (body?.fieldReferences ?? []) + outputFields.flatMap(\.expressionReferences)
        let derived = selectDerivedFields(translated, reachableFrom: roots)
        let context = VerificationContext(inputs: inputs, target: target, outputs: outputs, function: function)
        let verification = model.child(named: "ModelVerification").map { readVerification($0, context: context) } ?? []
        guard let body else { return nil }
        return ImportedModel(
            file: file, format: document.format, producer: document.producer, description: document.description,
            modelName: model.attribute("modelName"), inputs: inputs, target: target, derivedFields: derived,
            model: body, outputs: outputs, verification: verification, numeric: numeric, outputFields: outputFields)
    }

    /// The probabilities and predicted value a model chain's (or selectFirst's) segments declare: they are results
    /// of the whole model, as JPMML-Evaluator reports them, so verification records can refer to them.
    private func chainOutputs(_ body: ModelBody?, declared: [OutputSpec]) -> [OutputSpec] {
        guard case .ensemble(let ensemble)? = body,
            ensemble.multipleModelMethod == .modelChain || ensemble.multipleModelMethod == .selectFirst
        else { return [] }
        let segments =
            ensemble.multipleModelMethod == .modelChain ? ensemble.segments.suffix(1) : ensemble.segments[...]
        var outputs: [OutputSpec] = []
        for field in segments.flatMap(\.outputFields) where field.isFinalResult {
            guard !declared.contains(where: { $0.name == field.name }),
                !outputs.contains(where: { $0.name == field.name })
            else { continue }
            switch field.feature {
            case .predictedValue: outputs.append(OutputSpec(name: field.name, kind: .predictedValue))
            case .probability(let label?):
                outputs.append(OutputSpec(name: field.name, kind: .probability(classLabel: label)))
            default: break
            }
        }
        return outputs
    }

    /// The target MiningField, or the deprecated `targetFieldName` attribute; at most one.
    private mutating func targetName(of model: XMLTreeElement, schema: XMLTreeElement) -> String? {
        let targets = miningFields.filter { $0.usage == .target }
        if targets.count > 1, let last = Self.chainTarget(model), targets.contains(where: { $0.name == last }) {
            // A model chain predicts several fields on the way; its result is the last segment's target.
            return last
        }
        if targets.count > 1 {
            error(
                PMMLDiagnosticID.unsupportedElement, "The MiningSchema declares \(targets.count) targets.", at: schema,
                help: ["nbship translates models with a single target"])
        }
        if let first = targets.first { return first.name }
        if let name = model.attribute("targetFieldName") {
            guard dataFields[name] != nil else {
                error(
                    PMMLDiagnosticID.unknownField, "targetFieldName '\(name)' names no DataField.", at: model,
                    help: NameSuggestion.help(for: name, in: dataFieldOrder))
                return nil
            }
            return name
        }
        warning(
            PMMLDiagnosticID.missingTarget, "The \(model.name) declares no target field.", at: schema,
            help: ["mark the predicted field with usageType=\"target\" in the MiningSchema"])
        return nil
    }

    /// The target of the last segment of a model chain, if the model is one.
    static func chainTarget(_ model: XMLTreeElement) -> String? {
        guard model.name == "MiningModel", let segmentation = model.child(named: "Segmentation"),
            segmentation.attribute("multipleModelMethod") == "modelChain",
            let last = segmentation.children(named: "Segment").last,
            let nested = last.children.first(where: { PMMLVocabulary.modelHelp[$0.name] != nil }),
            let schema = nested.child(named: "MiningSchema")
        else { return nil }
        let target = schema.children(named: "MiningField").first {
            $0.attribute("usageType") == "target" || $0.attribute("usageType") == "predicted"
        }
        return target?.attribute("name") ?? chainTarget(nested)
    }

    /// The model body of a model element and its class labels: the declared ones, else the order the model
    /// gives (equation order, first appearance in a tree, segments' classes).
    mutating func modelBody(
        _ model: XMLTreeElement, function: MiningFunction, declared: [String], numeric: NumericSemantics,
        nested: Bool = false
    ) -> (ModelBody?, [String]) {
        switch model.name {
        case "TreeModel":
            guard let tree = treeModel(model, function: function, declared: declared, numeric: numeric) else {
                return (nil, declared)
            }
            return (.tree(tree.spec), tree.classes)
        case "MiningModel":
            guard let ensemble = miningModel(model, function: function, declared: declared, numeric: numeric) else {
                return (nil, declared)
            }
            return (.ensemble(ensemble), ensemble.classes)
        case "NaiveBayesModel":
            guard let bayes = naiveBayesModel(model, function: function, declared: declared) else {
                return (nil, declared)
            }
            return (.bayes(bayes.spec), bayes.classes)
        case "Scorecard":
            guard let scorecard = scorecard(model, function: function) else { return (nil, declared) }
            return (.scorecard(scorecard), [])
        case "RuleSetModel":
            guard let rules = ruleSetModel(model, function: function, declared: declared) else {
                return (nil, declared)
            }
            return (.tree(rules.spec), rules.classes)
        case "SupportVectorMachineModel":
            guard let machine = supportVectorMachine(model, function: function, declared: declared) else {
                return (nil, declared)
            }
            return (.machine(machine.spec), machine.classes)
        case "NeuralNetwork":
            let target = model.child(named: "MiningSchema")?.children(named: "MiningField").first {
                $0.attribute("usageType") == "target" || $0.attribute("usageType") == "predicted"
            }?.attribute("name")
            guard let network = neuralNetwork(model, function: function, declared: declared, target: target) else {
                return (nil, declared)
            }
            return (.network(network.spec), network.classes)
        default:
            let (linear, classes) = linearBody(model, function: function, declared: declared)
            guard var linear else { return (nil, classes) }
            if nested && numeric == .float { linear.numeric = .float }
            return (.linear(linear), classes)
        }
    }

    /// The linear model and its class labels in equation order (classification) or the declared ones.
    private mutating func linearBody(
        _ model: XMLTreeElement, function: MiningFunction, declared: [String]
    ) -> (LinearModelSpec?, [String]) {
        if model.name == "GeneralRegressionModel" {
            guard let result = generalRegressionModel(model, function: function, classes: declared) else {
                return (nil, declared)
            }
            return (result.spec, function == .classification ? declared.nilIfEmpty ?? result.classes : [])
        }
        guard let spec = regressionModel(model, function: function) else { return (nil, declared) }
        guard function == .classification else { return (spec, []) }
        let categories = spec.equations.compactMap(\.category)
        let classes = declared.nilIfEmpty ?? categories
        for (equation, table) in zip(spec.equations, model.children(named: "RegressionTable"))
        where !classes.contains(equation.category ?? "") {
            error(
                PMMLDiagnosticID.unknownCategory,
                "The <RegressionTable> for '\(equation.category ?? "")' is not for a category of the target.",
                at: table,
                help: NameSuggestion.help(for: equation.category ?? "", in: classes)
                    + ["the target's categories are " + classes.map { "'\($0)'" }.joined(separator: ", ")])
        }
        let uncovered = classes.filter { !categories.contains($0) }
        if !uncovered.isEmpty {
            error(
                PMMLDiagnosticID.invalidModel,
                "No <RegressionTable> gives a score for "
                    + uncovered.map { "'\($0)'" }.joined(separator: ", ") + ".", at: model,
                help: ["a classification RegressionModel has one RegressionTable per target category"])
        }
        return (spec, classes)
    }

    private mutating func targetSpec(
        _ name: String?, data: DataFieldInfo?, targets: TargetInfo, classes: [String]
    ) -> TargetSpec? {
        guard let name, let data else { return nil }
        if let problem = data.typeProblem { diagnostics.add(problem) }
        let opType = miningFields.first { $0.name == name }?.opType ?? targets.opType ?? data.opType
        guard let type = data.type, let opType else { return nil }
        return TargetSpec(
            name: name, type: type, opType: opType, classes: classes, rescaleFactor: targets.rescaleFactor,
            rescaleConstant: targets.rescaleConstant, minimum: targets.minimum, maximum: targets.maximum)
    }
}

extension Array {
    /// nil for an empty array, so `a.nilIfEmpty ?? b` picks the first non-empty list.
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}
