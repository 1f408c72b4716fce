import NBCore

/// PMML expressions (Constant, FieldRef, NormContinuous, NormDiscrete, Apply) as `Expression` values.
extension PMMLExtractor {
    /// The expression children of `element` (everything but Extension and, for DerivedField, Value).
    static func expressionChildren(of element: XMLTreeElement) -> [XMLTreeElement] {
        element.children.filter { $0.name != "Extension" && $0.name != "Value" }
    }

    /// Translates one expression element; reports what cannot be translated and returns nil then.
    mutating func expression(_ element: XMLTreeElement, in parent: XMLTreeElement) -> Expression? {
        switch element.name {
        case "Constant": return constant(element)
        case "FieldRef": return fieldRef(element)
        case "NormContinuous": return normContinuous(element)
        case "NormDiscrete": return normDiscrete(element)
        case "Apply": return apply(element)
        default:
            let known = PMMLVocabulary.unsupportedExpressions.contains(element.name)
            unsupportedElement(
                element, in: parent,
                help: known
                    ? "nbship translates Constant, FieldRef, NormContinuous, NormDiscrete and arithmetic Apply; "
                        + "<\(element.name)> is planned for a later version"
                    : "<\(element.name)> is not a PMML expression nbship knows")
            return nil
        }
    }

    private mutating func constant(_ element: XMLTreeElement) -> Expression? {
        if element.attribute("missing") == "true" {
            rejectAttributes(["missing"], of: element, help: "missing constants are not translated yet")
            return nil
        }
        let dataType = element.attribute("dataType")
        if let dataType, Self.fieldTypes[dataType]?.isNumeric != true {
            error(
                PMMLDiagnosticID.unsupportedElement,
                "The \(dataType) constant '\(element.text.trimmingASCIIWhitespace())' is not supported.", at: element,
                help: ["nbship translates numeric expressions only"])
            return nil
        }
        guard let value = PMMLNumber.parse(element.text) else {
            let text = element.text.trimmingASCIIWhitespace()
            if dataType == nil {
                error(
                    PMMLDiagnosticID.unsupportedElement, "The text constant '\(text)' is not supported.", at: element,
                    help: ["nbship translates numeric expressions only"])
            } else {
                _ = parseNumber(text, what: "The <Constant>", at: element)
            }
            return nil
        }
        return .constant(value)
    }

    private mutating func fieldRef(_ element: XMLTreeElement) -> Expression? {
        guard let name = required("field", of: element) else { return nil }
        rejectAttributes(["mapMissingTo"], of: element, help: "FieldRef with mapMissingTo is not translated yet")
        guard resolveField(name, at: element, role: "<FieldRef>") else { return nil }
        return .field(name)
    }

    private mutating func normContinuous(_ element: XMLTreeElement) -> Expression? {
        checkChildren(of: element, handled: ["LinearNorm"])
        let name = required("field", of: element)
        let outliers = enumeration("outliers", of: element, Self.outlierModes, default: .asIs)
        let mapMissingTo = number("mapMissingTo", of: element)
        var points: [NormPoint] = []
        for point in element.children(named: "LinearNorm") {
            let original = number("orig", of: point, isRequired: true)
            let normalized = number("norm", of: point, isRequired: true)
            if let original, let normalized { points.append(NormPoint(original: original, normalized: normalized)) }
        }
        if points.count < 2 {
            error(
                PMMLDiagnosticID.missingElement, "<NormContinuous> needs at least two <LinearNorm> points.",
                at: element)
            return nil
        }
        if zip(points, points.dropFirst()).contains(where: { $0.original >= $1.original }) {
            error(
                PMMLDiagnosticID.badAttributeValue,
                "The <LinearNorm> points of <NormContinuous> are not in strictly increasing 'orig' order.",
                at: element)
            return nil
        }
        guard let name, let outliers, resolveField(name, at: element, role: "<NormContinuous>") else { return nil }
        if element.attribute("mapMissingTo") != nil && mapMissingTo == nil { return nil }
        return .normContinuous(field: name, points: points, outliers: outliers, mapMissingTo: mapMissingTo)
    }

    private mutating func normDiscrete(_ element: XMLTreeElement) -> Expression? {
        let name = required("field", of: element)
        let value = required("value", of: element)
        rejectAttributes(["mapMissingTo"], of: element, help: "NormDiscrete with mapMissingTo is not translated yet")
        if let method = element.attribute("method"), method != "indicator" {
            _ = enumeration("method", of: element, ["indicator": true], default: true)
            return nil
        }
        guard let name, let value, resolveField(name, at: element, role: "<NormDiscrete>") else { return nil }
        if element.attribute("mapMissingTo") != nil { return nil }
        return .indicator(field: name, value: value)
    }

    private mutating func apply(_ element: XMLTreeElement) -> Expression? {
        guard let function = required("function", of: element) else { return nil }
        rejectAttributes(
            ["defaultValue"], of: element, help: "Apply with defaultValue is not translated yet")
        if let treatment = element.attribute("invalidValueTreatment"), treatment != "returnInvalid" {
            rejectAttributes(
                ["invalidValueTreatment"], of: element,
                help: "only the default invalidValueTreatment=\"returnInvalid\" is translated for Apply")
        }
        let mapMissingTo = number("mapMissingTo", of: element)
        let argumentElements = Self.expressionChildren(of: element)
        guard let arity = PMMLVocabulary.functionArity[function] else {
            // The arguments are not translated: their problems would only repeat this one.
            let userDefined = definedFunctions.contains(function)
            error(
                PMMLDiagnosticID.unsupportedFunction,
                userDefined
                    ? "The user-defined function '\(function)' (a <DefineFunction>) is not supported."
                    : "The function '\(function)' is not supported.",
                at: element,
                help: NameSuggestion.help(for: function, in: PMMLVocabulary.functionArity.keys.sorted())
                    + [
                        "nbship translates + - * / exp ln log10 sqrt pow abs min max sum product floor ceil round "
                            + "threshold"
                    ])
            return nil
        }
        let arguments = argumentElements.map { expression($0, in: element) }
        if arguments.count < arity.minimum || arguments.count > (arity.maximum ?? Int.max) {
            let expected = arity.maximum == arity.minimum ? "\(arity.minimum)" : "at least \(arity.minimum)"
            error(
                PMMLDiagnosticID.badArguments,
                "'\(function)' takes \(expected) argument\(expected == "1" ? "" : "s"), not \(arguments.count).",
                at: element)
            return nil
        }
        let translated = arguments.compactMap { $0 }
        guard translated.count == arguments.count else { return nil }
        if element.attribute("mapMissingTo") != nil && mapMissingTo == nil { return nil }
        return Self.folded(function, translated, mapMissingTo: mapMissingTo)
    }

    /// `sum` and `product` become left-nested `+` and `*`, which evaluate in the same order as PMML's n-ary
    /// forms; everything else is passed through.
    static func folded(_ function: String, _ arguments: [Expression], mapMissingTo: Double?) -> Expression {
        let binary = ["sum": "+", "product": "*"][function]
        guard let binary else { return .apply(function: function, arguments: arguments, mapMissingTo: mapMissingTo) }
        if arguments.count == 1 {
            // A one-argument sum is its argument, except that a missing result may still be replaced.
            let identity: Expression = .constant(binary == "+" ? 0 : 1)
            return .apply(function: binary, arguments: [arguments[0], identity], mapMissingTo: mapMissingTo)
        }
        var result = arguments[0]
        for (index, argument) in arguments.dropFirst().enumerated() {
            let isLast = index == arguments.count - 2
            result = .apply(function: binary, arguments: [result, argument], mapMissingTo: isLast ? mapMissingTo : nil)
        }
        return result
    }
}
