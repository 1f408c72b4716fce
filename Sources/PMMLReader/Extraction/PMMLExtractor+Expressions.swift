import NBCore

/// PMML expressions (Constant, FieldRef, NormContinuous, NormDiscrete, Apply, MapValues, Discretize) as
/// `Expression` values.
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
        case "MapValues": return mapValues(element)
        case "Discretize": return discretize(element)
        default:
            let known = PMMLVocabulary.unsupportedExpressions.contains(element.name)
            unsupportedElement(
                element, in: parent,
                help: known
                    ? "nbship translates Constant, FieldRef, NormContinuous, NormDiscrete, Apply, MapValues and "
                        + "Discretize; <\(element.name)> is planned for a later version"
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
        if let dataType, Self.fieldTypes[dataType] == nil {
            error(
                PMMLDiagnosticID.unsupportedElement,
                "The \(dataType) constant '\(element.text.trimmingASCIIWhitespace())' is not supported.", at: element,
                help: ["nbship translates numbers, text and booleans"])
            return nil
        }
        if let dataType, Self.fieldTypes[dataType]?.isNumeric != true {
            // PMML keeps the text of a string constant as written, blanks included.
            return dataType == "boolean" ? .text(element.text.trimmingASCIIWhitespace()) : .text(element.text)
        }
        guard let value = PMMLNumber.parse(element.text) else {
            let text = element.text.trimmingASCIIWhitespace()
            if dataType == nil { return .text(element.text) }
            _ = parseNumber(text, what: "The <Constant>", at: element)
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
                            + "threshold, if isMissing isNotMissing equal notEqual lessThan lessOrEqual greaterThan "
                            + "greaterOrEqual and or not isIn isNotIn"
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
        if ExpressionMath.arity[function] != nil || ["sum", "product"].contains(function) {
            // Arithmetic reads numbers: a text constant there is a mistake nbship does not guess around.
            for (argument, element) in zip(translated, argumentElements) {
                guard case .text(let text) = argument else { continue }
                error(
                    PMMLDiagnosticID.unsupportedElement,
                    "The text constant '\(text)' cannot be an argument of '\(function)'.", at: element,
                    help: ["'\(function)' computes with numbers; give the constant a numeric dataType"])
                return nil
            }
        }
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

/// MapValues and Discretize.
extension PMMLExtractor {
    /// PMML MapValues with an InlineTable.
    fileprivate mutating func mapValues(_ element: XMLTreeElement) -> Expression? {
        checkChildren(
            of: element, handled: ["FieldColumnPair", "InlineTable"],
            help: "nbship translates MapValues with an <InlineTable>; <TableLocator> is not translated")
        let outputColumn = required("outputColumn", of: element)
        let type = tableType(element)
        var inputs: [ValueMap.Input] = []
        var complete = true
        for pair in element.children(named: "FieldColumnPair") {
            checkChildren(of: pair, handled: [])
            guard let field = required("field", of: pair), let column = required("column", of: pair),
                resolveField(field, at: pair, role: "<FieldColumnPair>")
            else {
                complete = false
                continue
            }
            inputs.append(ValueMap.Input(field: field, column: Self.localName(column)))
        }
        if element.children(named: "FieldColumnPair").isEmpty {
            error(PMMLDiagnosticID.missingElement, "The <MapValues> has no <FieldColumnPair>.", at: element)
            complete = false
        }
        guard let table = element.child(named: "InlineTable") else {
            error(PMMLDiagnosticID.missingElement, "The <MapValues> has no <InlineTable>.", at: element)
            return nil
        }
        checkChildren(of: table, handled: ["row"])
        let rows = table.children(named: "row").map { row in
            Dictionary(
                row.children.map { ($0.name, $0.text.trimmingASCIIWhitespace()) },
                uniquingKeysWith: { first, _ in first })
        }
        guard let outputColumn, let type, complete else { return nil }
        return .mapValues(
            ValueMap(
                inputs: inputs, outputColumn: Self.localName(outputColumn), rows: rows,
                defaultValue: element.attribute("defaultValue"), mapMissingTo: element.attribute("mapMissingTo"),
                type: type))
    }

    /// PMML Discretize: DiscretizeBins with an Interval each.
    fileprivate mutating func discretize(_ element: XMLTreeElement) -> Expression? {
        checkChildren(of: element, handled: ["DiscretizeBin"])
        let field = required("field", of: element)
        let type = tableType(element)
        var bins: [Discretization.Bin] = []
        var complete = true
        for bin in element.children(named: "DiscretizeBin") {
            checkChildren(of: bin, handled: ["Interval"])
            let value = required("binValue", of: bin)
            guard let intervalElement = bin.child(named: "Interval") else {
                error(PMMLDiagnosticID.missingElement, "The <DiscretizeBin> has no <Interval>.", at: bin)
                complete = false
                continue
            }
            guard let value, let interval = interval(intervalElement) else {
                complete = false
                continue
            }
            bins.append(Discretization.Bin(interval: interval, value: value))
        }
        guard let field, resolveField(field, at: element, role: "<Discretize>"), let type, complete else { return nil }
        return .discretize(
            Discretization(
                field: field, bins: bins, defaultValue: element.attribute("defaultValue"),
                mapMissingTo: element.attribute("mapMissingTo"), type: type))
    }

    /// The declared `dataType` of a MapValues or Discretize result; text when none is declared.
    private mutating func tableType(_ element: XMLTreeElement) -> FieldType? {
        guard element.attribute("dataType") != nil else { return .string }
        return enumeration(
            "dataType", of: element, Self.fieldTypes, default: .string, unsupported: Self.unsupportedFieldTypes)
    }

    /// A column name without its namespace prefix (`data:weight` -> `weight`), as InlineTable cells are matched.
    static func localName(_ column: String) -> String {
        column.split(separator: ":", maxSplits: 1).last.map(String.init) ?? column
    }
}
