import NBCore

/// OutputFields in full (`OutputFieldSpec`), as the reference evaluator computes them: the results of segments that
/// later segments of a model chain read, and the transformed values and decisions of the top-level model.
extension PMMLExtractor {
    static let outputFeatures: Set<String> = [
        "predictedValue", "probability", "transformedValue", "decision", "entityId",
    ]

    /// The OutputFields of a model. `strict`: every field must be translatable (a segment's outputs feed the rest
    /// of the ensemble); otherwise a field that cannot be translated is left out, as `readOutput` reports.
    mutating func outputFieldSpecs(
        _ output: XMLTreeElement, function: MiningFunction?, targetType: FieldType?, strict: Bool
    ) -> [OutputFieldSpec] {
        var specs: [OutputFieldSpec] = []
        let saved = visibleFields
        defer { visibleFields = saved }
        for element in output.children(named: "OutputField") {
            guard let name = element.attribute("name") else {
                if strict { _ = required("name", of: element) }
                continue
            }
            let (spec, problems) = isolated {
                $0.outputFieldSpec(element, name: name, function: function, targetType: targetType)
            }
            if strict { diagnostics.add(contentsOf: problems) }
            guard let spec, !problems.contains(where: { $0.severity == .error }) else { continue }
            specs.append(spec)
            visibleFields.insert(name)
        }
        return specs
    }

    private mutating func outputFieldSpec(
        _ element: XMLTreeElement, name: String, function: MiningFunction?, targetType: FieldType?
    ) -> OutputFieldSpec? {
        checkChildren(
            of: element, handled: Self.expressionElements.union(["Decisions", "Value"]),
            help: "nbship translates OutputFields with an expression (transformedValue, decision)")
        rejectAttributes(
            ["segmentId"], of: element, help: "OutputFields that pick one segment's result are not translated yet")
        let featureName = element.attribute("feature") ?? "predictedValue"
        guard Self.outputFeatures.contains(featureName) else {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "feature=\"\(featureName)\" on the OutputField '\(name)' is not supported.", at: element,
                help: [
                    "nbship computes the features predictedValue, probability, transformedValue, decision and "
                        + "entityId"
                ])
            return nil
        }
        var type: FieldType? = Self.defaultOutputType(featureName, function: function, targetType: targetType)
        if element.attribute("dataType") != nil {
            guard
                let declared = enumeration(
                    "dataType", of: element, Self.fieldTypes, default: .double, unsupported: Self.unsupportedFieldTypes)
            else { return nil }
            type = declared
        }
        let feature: OutputFieldSpec.Feature?
        switch featureName {
        case "predictedValue": feature = .predictedValue
        case "probability":
            if function != .classification {
                error(
                    PMMLDiagnosticID.invalidModel, "The OutputField '\(name)' asks for a probability of a regression.",
                    at: element)
                feature = nil
            } else {
                feature = .probability(element.attribute("value"))
            }
        case "entityId": feature = .entityId
        default:
            let bodies = Self.expressionChildren(of: element).filter { $0.name != "Decisions" }
            guard let body = bodies.first else {
                error(
                    PMMLDiagnosticID.missingElement, "The \(featureName) OutputField '\(name)' has no expression.",
                    at: element)
                return nil
            }
            let expression = expression(body, in: element)
            feature = expression.map { featureName == "decision" ? .decision($0) : .transformedValue($0) }
        }
        guard let feature else { return nil }
        return OutputFieldSpec(
            name: name, feature: feature, type: type, isFinalResult: element.attribute("isFinalResult") != "false",
            location: location(element))
    }

    /// The dataType an OutputField has when it declares none.
    static func defaultOutputType(_ feature: String, function: MiningFunction?, targetType: FieldType?) -> FieldType? {
        switch feature {
        case "probability": .double
        case "entityId": .string
        case "predictedValue": targetType ?? (function == .classification ? .string : .double)
        default: nil
        }
    }

    /// Element names that are expressions (for `checkChildren`).
    static let expressionElements: Set<String> = [
        "Constant", "FieldRef", "NormContinuous", "NormDiscrete", "Apply", "MapValues", "Discretize", "TextIndex",
        "Aggregate", "Lag",
    ]
}
