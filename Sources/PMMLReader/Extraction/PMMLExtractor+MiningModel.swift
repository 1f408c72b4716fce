import NBCore

/// MiningModel: a Segmentation of models (trees, linear models, nested MiningModels), each segment with a
/// predicate, a weight, its own schema, transformations, targets and outputs.
extension PMMLExtractor {
    static let multipleModelMethods: [String: MiningModelSpec.MultipleModelMethod] = Dictionary(
        uniqueKeysWithValues: MiningModelSpec.MultipleModelMethod.allCases.map { ($0.rawValue, $0) })
    static let missingPredictionTreatments: [String: MiningModelSpec.MissingPredictionTreatment] = Dictionary(
        uniqueKeysWithValues: MiningModelSpec.MissingPredictionTreatment.allCases.map { ($0.rawValue, $0) })
    /// The methods each mining function allows (JPMML-Evaluator refuses the others as invalid).
    static let methodsByFunction: [MiningFunction: Set<MiningModelSpec.MultipleModelMethod>] = [
        .regression: [
            .sum, .weightedSum, .average, .weightedAverage, .median, .weightedMedian, .selectFirst, .modelChain,
        ],
        .classification: [
            .majorityVote, .weightedMajorityVote, .average, .weightedAverage, .median, .max, .selectFirst, .modelChain,
        ],
    ]

    mutating func miningModel(
        _ model: XMLTreeElement, function: MiningFunction, declared: [String], numeric: NumericSemantics
    ) -> MiningModelSpec? {
        guard let segmentation = model.child(named: "Segmentation") else {
            error(PMMLDiagnosticID.missingElement, "The <MiningModel> has no <Segmentation>.", at: model)
            return nil
        }
        checkChildren(
            of: segmentation, handled: ["Segment"],
            help: "nbship translates Segmentations of Segments; LocalTransformations there are not translated")
        let method = enumeration(
            "multipleModelMethod", of: segmentation, Self.multipleModelMethods, default: nil,
            unsupported: ["selectAll", "multiModelChain"],
            help: "selectAll and multiModelChain give several results per row, which nbship does not translate")
        if let method, Self.methodsByFunction[function]?.contains(method) != true {
            error(
                PMMLDiagnosticID.badAttributeValue,
                "multipleModelMethod=\"\(method.rawValue)\" does not apply to a \(function.rawValue) model.",
                at: segmentation)
        }
        let treatmentAttribute =
            segmentation.attribute("missingPredictionTreatment") != nil
            ? "missingPredictionTreatment" : "x-missingPredictionTreatment"
        let treatment = enumeration(
            treatmentAttribute, of: segmentation, Self.missingPredictionTreatments,
            default: MiningModelSpec.MissingPredictionTreatment.continue)
        if method == .modelChain, treatment == .skipSegment {
            error(
                PMMLDiagnosticID.badAttributeValue,
                "missingPredictionTreatment=\"skipSegment\" does not apply to a model chain.", at: segmentation)
        }
        let threshold = number("missingThreshold", of: segmentation, default: 1)
        if let threshold, !(0...1).contains(threshold) {
            error(PMMLDiagnosticID.badAttributeValue, "missingThreshold must lie in [0, 1].", at: segmentation)
        }
        let elements = segmentation.children(named: "Segment")
        if elements.isEmpty {
            error(PMMLDiagnosticID.missingElement, "The <Segmentation> has no <Segment>.", at: segmentation)
        }
        var segments: [Segment?] = []
        var chainOutputs: Set<String> = []
        var classes = declared
        for (index, element) in elements.enumerated() {
            let isLast = index == elements.count - 1
            let segment = readSegment(
                element, index: index, parent: function, parentClasses: declared, chainOutputs: chainOutputs,
                mustMatch: method != .modelChain || isLast)
            if method == .modelChain { chainOutputs.formUnion(segment?.outputFields.map(\.name) ?? []) }
            if function == .classification, declared.isEmpty, let segment, segment.model.function == .classification {
                for label in Self.classes(of: segment) where !classes.contains(label) { classes.append(label) }
            }
            segments.append(segment)
        }
        guard let method, let treatment, let threshold, !elements.isEmpty, segments.allSatisfy({ $0 != nil }) else {
            return nil
        }
        return MiningModelSpec(
            function: function, multipleModelMethod: method, missingPredictionTreatment: treatment,
            missingThreshold: threshold, segments: segments.compactMap { $0 },
            classes: function == .classification ? classes : [], numeric: numeric,
            algorithm: model.attribute("algorithmName"), modelName: model.attribute("modelName"))
    }

    /// XGBoost adds its trees one by one to the base margin in float32; PMML writes the base margin as the target's
    /// `rescaleConstant`, added after the sum. For a float32 `sum` whose target only adds a constant, the constant
    /// becomes the sum's `initialScore`, so the spec states XGBoost's order of additions.
    static func foldInitialScore(_ body: inout ModelBody?, _ target: inout TargetSpec?) {
        guard case .ensemble(var ensemble)? = body, ensemble.numeric == .float, ensemble.multipleModelMethod == .sum,
            ensemble.initialScore == nil, var rescaling = target, rescaling.rescaleFactor == 1,
            rescaling.minimum == nil, rescaling.maximum == nil, rescaling.rescaleConstant != 0
        else { return }
        ensemble.initialScore = rescaling.rescaleConstant
        rescaling.rescaleConstant = 0
        body = .ensemble(ensemble)
        target = rescaling
    }

    /// The class labels a classification segment can give.
    static func classes(of segment: Segment) -> [String] {
        if let classes = segment.target?.classes, !classes.isEmpty { return classes }
        switch segment.model {
        case .linear(let model): return model.equations.compactMap(\.category)
        case .tree(let model): return model.classes
        case .ensemble(let model): return model.classes
        case .machine(let model):
            var labels: [String] = []
            for machine in model.machines {
                for label in [machine.targetCategory, machine.alternateTargetCategory].compactMap({ $0 })
                where !labels.contains(label) {
                    labels.append(label)
                }
            }
            return labels
        case .bayes(let model): return model.priors.map(\.label)
        case .network(let model):
            return model.outputs.compactMap { if case .probability(let label) = $0.meaning { label } else { nil } }
        case .function(let model): return model.classes
        case .scorecard: return []
        }
    }

    /// One Segment: its predicate, weight and model. `chainOutputs`: the output fields of earlier segments of a
    /// model chain, which this one may read. `mustMatch`: whether the segment's function must be the ensemble's.
    private mutating func readSegment(
        _ element: XMLTreeElement, index: Int, parent: MiningFunction, parentClasses: [String],
        chainOutputs: Set<String>, mustMatch: Bool
    ) -> Segment? {
        let modelNames = Set(PMMLVocabulary.modelHelp.keys)
        checkChildren(
            of: element, handled: Self.predicateElements.union(modelNames).union(["VariableWeight"]),
            help: "nbship translates Segments with a predicate, a model and a VariableWeight")
        let saved = visibleFields
        defer { visibleFields = saved }
        visibleFields.formUnion(chainOutputs)
        let predicate = predicate(of: element)
        let weight = number("weight", of: element, default: 1)
        if let weight, weight < 0 {
            error(PMMLDiagnosticID.badAttributeValue, "A segment's weight cannot be negative.", at: element)
        }
        let models = element.children.filter { modelNames.contains($0.name) }
        guard let modelElement = models.first else {
            error(PMMLDiagnosticID.missingElement, "The <Segment> has no model.", at: element)
            return nil
        }
        for extra in models.dropFirst() {
            error(PMMLDiagnosticID.invalidModel, "A <Segment> holds one model; this is another.", at: extra)
        }
        guard PMMLVocabulary.supportedModels.contains(modelElement.name) else {
            error(
                PMMLDiagnosticID.unsupportedElement, "<\(modelElement.name)> inside a <Segment> is not supported.",
                at: modelElement, help: [PMMLVocabulary.modelHelp[modelElement.name] ?? PMMLVocabulary.laterFamily])
            return nil
        }
        guard let nested = nestedModel(modelElement, parentClasses: parentClasses) else { return nil }
        if mustMatch, nested.body.function != parent {
            error(
                PMMLDiagnosticID.invalidModel,
                "The \(nested.body.function.rawValue) <\(modelElement.name)> cannot be a segment of a "
                    + "\(parent.rawValue) ensemble.", at: modelElement,
                help: ["all segments share the ensemble's function, except the steps before the last of a model chain"])
            return nil
        }
        let variableWeight = self.variableWeight(of: element, outputs: nested.outputFields)
        if element.child(named: "VariableWeight") != nil, variableWeight == nil { return nil }
        guard let predicate, let weight else { return nil }
        return Segment(
            id: element.attribute("id") ?? String(index + 1), weight: weight, predicate: predicate, model: nested.body,
            target: nested.target, derivedFields: nested.derivedFields, outputFields: nested.outputFields,
            variableWeight: variableWeight)
    }

    /// The field a `VariableWeight` names: one the segment sees, its own output fields included.
    private mutating func variableWeight(of segment: XMLTreeElement, outputs: [OutputFieldSpec]) -> String? {
        guard let element = segment.child(named: "VariableWeight") else { return nil }
        checkChildren(of: element, handled: [])
        guard let field = required("field", of: element) else { return nil }
        let saved = visibleFields
        defer { visibleFields = saved }
        visibleFields.formUnion(outputs.map(\.name))
        return resolveField(field, at: element, role: "<VariableWeight>") ? field : nil
    }

    /// What a model inside a segment contributes.
    struct NestedModel {
        var body: ModelBody
        var target: TargetSpec?
        var derivedFields: [DerivedFieldSpec]
        var outputFields: [OutputFieldSpec]
    }

    /// A model inside a segment, read in the scope of its ensemble: it sees the ensemble's fields, earlier chain
    /// outputs and its own LocalTransformations.
    private mutating func nestedModel(_ model: XMLTreeElement, parentClasses: [String]) -> NestedModel? {
        guard let (function, numeric, schema) = modelHeader(model) else { return nil }
        if model.child(named: "ModelVerification") != nil {
            warning(
                PMMLDiagnosticID.ignoredContent,
                "The <ModelVerification> of a segment's model is left out; only the top-level records are checked.",
                at: model)
        }
        let targetName = nestedSchema(schema)
        let localFields = nestedTransformations(model.child(named: "LocalTransformations"))
        visibleFields.formUnion(localFields.map(\.name))
        let targets = model.child(named: "Targets").map { readTargets($0, targetName: targetName) }
        let targetData = targetName.flatMap { dataFields[$0] }
        let declared = targetData?.validValues.nilIfEmpty ?? targets?.values.nilIfEmpty ?? parentClasses
        guard let function else { return nil }
        var (body, classes) = modelBody(
            model, function: function, declared: function == .classification ? declared : [], numeric: numeric,
            nested: true)
        let targetType = targetData?.type ?? (function == .regression ? .double : .string)
        var target: TargetSpec?
        if targetName != nil || targets != nil {
            let info = targets ?? TargetInfo()
            target = TargetSpec(
                name: targetName ?? "", type: targetType, opType: function == .regression ? .continuous : .categorical,
                classes: function == .classification ? classes : [], rescaleFactor: info.rescaleFactor,
                rescaleConstant: info.rescaleConstant, minimum: info.minimum, maximum: info.maximum)
        }
        Self.foldInitialScore(&body, &target)
        let outputs =
            model.child(named: "Output").map {
                outputFieldSpecs($0, function: function, targetType: targetName == nil ? nil : targetType, strict: true)
            } ?? []
        let roots = (body?.fieldReferences ?? []) + outputs.flatMap(\.expressionReferences)
        let derived = selectDerivedFields(localFields, reachableFrom: roots)
        guard let body else { return nil }
        return NestedModel(body: body, target: target, derivedFields: derived, outputFields: outputs)
    }

    /// A segment model's MiningSchema: its active fields must be visible, and the treatments it declares must be
    /// PMML's defaults (the ensemble has prepared the values already). Returns the target field, if any.
    private mutating func nestedSchema(_ schema: XMLTreeElement) -> String? {
        checkChildren(of: schema, handled: ["MiningField"])
        var target: String?
        for element in schema.children(named: "MiningField") {
            checkChildren(of: element, handled: [])
            guard let name = required("name", of: element) else { continue }
            let usage = enumeration(
                "usageType", of: element, Self.usageTypes, default: .active, unsupported: ["group", "order"])
            switch usage {
            case .target?:
                if target == nil { target = name }
                continue
            case .notUsed?, nil:
                continue
            case .active?:
                break
            }
            resolveField(name, at: element, role: "The segment's <MiningField>")
            let treatments = ["missingValueReplacement", "invalidValueReplacement", "lowValue", "highValue"]
                .filter { element.attribute($0) != nil }
            let outliers = element.attribute("outliers").map { $0 != "asIs" } ?? false
            let invalid =
                element.attribute("invalidValueTreatment").map { $0 != "asIs" && $0 != "returnInvalid" } ?? false
            let missing = element.attribute("missingValueTreatment") == "returnInvalid"
            // An optype other than the field's changes how its values compare (JPMML prepares the value again).
            let opType = element.attribute("optype").map { $0 != dataFields[name]?.opType?.rawValue } ?? false
            if !treatments.isEmpty || outliers || invalid || missing || opType {
                error(
                    PMMLDiagnosticID.unsupportedAttributeValue,
                    "The segment's MiningField '\(name)' treats values again; this is not supported.", at: element,
                    help: [
                        "nbship applies missing-value, invalid-value and outlier treatments of the top-level "
                            + "MiningSchema only; move them there"
                    ])
            }
        }
        return target
    }

    /// A segment model's LocalTransformations, translated in its scope (names must not clash with visible fields).
    private mutating func nestedTransformations(_ local: XMLTreeElement?) -> [TranslatedField] {
        guard let local else { return [] }
        checkChildren(of: local, handled: ["DerivedField"])
        var elements: [XMLTreeElement] = []
        for element in local.children(named: "DerivedField") {
            guard let name = required("name", of: element) else { continue }
            if visibleFields.contains(name) || dataFields[name] != nil
                || elements.contains(where: { $0.attribute("name") == name })
            {
                error(
                    PMMLDiagnosticID.duplicateField,
                    "The segment's DerivedField '\(name)' reuses the name of another field.", at: element,
                    help: ["PMML field names must be unique within the scope a model sees"])
                continue
            }
            elements.append(element)
        }
        visibleFields.formUnion(elements.compactMap { $0.attribute("name") })
        return translateDerivedFields(elements)
    }
}
