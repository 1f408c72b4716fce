import NBCore

/// Targets: rescaling and clamping of regression predictions, and declared class labels.
extension PMMLExtractor {
    /// What a `Target` element says about the model's target.
    struct TargetInfo {
        var rescaleFactor = 1.0
        var rescaleConstant = 0.0
        var minimum: Double?
        var maximum: Double?
        var opType: OpType?
        /// TargetValue labels in file order.
        var values: [String] = []
    }

    mutating func readTargets(_ targets: XMLTreeElement, targetName: String?) -> TargetInfo {
        checkChildren(of: targets, handled: ["Target"])
        var info = TargetInfo()
        let elements = targets.children(named: "Target")
        for element in elements {
            if let field = element.attribute("field"), field != targetName {
                error(
                    PMMLDiagnosticID.unknownField,
                    "The <Target> is for '\(field)', which is not the model's target"
                        + (targetName.map { " '\($0)'." } ?? "."), at: element,
                    help: NameSuggestion.help(for: field, in: [targetName].compactMap { $0 }))
                continue
            }
            readTarget(element, into: &info)
        }
        return info
    }

    private mutating func readTarget(_ element: XMLTreeElement, into info: inout TargetInfo) {
        checkChildren(of: element, handled: ["TargetValue"])
        if let cast = element.attribute("castInteger") {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue, "castInteger=\"\(cast)\" on <Target> is not supported.",
                at: element, help: ["rounding the prediction to an integer is not translated yet"])
        }
        info.rescaleFactor = number("rescaleFactor", of: element, default: 1) ?? 1
        info.rescaleConstant = number("rescaleConstant", of: element, default: 0) ?? 0
        info.minimum = number("min", of: element)
        info.maximum = number("max", of: element)
        if element.attribute("optype") != nil {
            info.opType = enumeration("optype", of: element, Self.opTypes, default: nil)
        }
        var fallbacks: [String] = []
        for value in element.children(named: "TargetValue") {
            checkChildren(of: value, handled: ["Partition"])
            if let label = value.attribute("value") { info.values.append(label) }
            fallbacks += ["priorProbability", "defaultValue"].filter { value.attribute($0) != nil }
        }
        if element.attribute("defaultValue") != nil { fallbacks.append("defaultValue") }
        if !fallbacks.isEmpty {
            let names = Set(fallbacks).sorted().joined(separator: " and ")
            warning(
                PMMLDiagnosticID.ignoredContent,
                "The <Target>'s \(names) values are left out: they only apply when the model cannot compute a "
                    + "prediction.",
                at: element, help: ["nbship reports a missing prediction instead"])
        }
    }
}
