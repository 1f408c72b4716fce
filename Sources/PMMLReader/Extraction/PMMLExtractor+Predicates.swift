import NBCore

/// Predicates (True, False, SimplePredicate, CompoundPredicate, SimpleSetPredicate) of tree nodes and segments.
extension PMMLExtractor {
    static let predicateElements: Set<String> = [
        "True", "False", "SimplePredicate", "CompoundPredicate", "SimpleSetPredicate",
    ]
    static let comparisonOperators: [String: ComparisonOperator] = Dictionary(
        uniqueKeysWithValues: ComparisonOperator.allCases.map { ($0.rawValue, $0) })
    static let booleanOperators: [String: BooleanOperator] = Dictionary(
        uniqueKeysWithValues: BooleanOperator.allCases.map { ($0.rawValue, $0) })
    static let setOperators: [String: SetOperator] = Dictionary(
        uniqueKeysWithValues: SetOperator.allCases.map { ($0.rawValue, $0) })

    /// The predicate of a Node or Segment: its one predicate child. Reports a missing or extra predicate.
    mutating func predicate(of element: XMLTreeElement) -> Condition? {
        let candidates = element.children.filter { Self.predicateElements.contains($0.name) }
        guard let first = candidates.first else {
            error(
                PMMLDiagnosticID.missingElement, "The <\(element.name)> has no predicate.", at: element,
                help: [
                    "a <\(element.name)> starts with <True/>, <False/>, <SimplePredicate>, <CompoundPredicate> "
                        + "or <SimpleSetPredicate>"
                ])
            return nil
        }
        for extra in candidates.dropFirst() {
            error(PMMLDiagnosticID.invalidModel, "The <\(element.name)> has more than one predicate.", at: extra)
        }
        return predicate(first)
    }

    /// Translates one predicate element.
    mutating func predicate(_ element: XMLTreeElement) -> Condition? {
        switch element.name {
        case "True":
            checkChildren(of: element, handled: [])
            return .true
        case "False":
            checkChildren(of: element, handled: [])
            return .false
        case "SimplePredicate": return simplePredicate(element)
        case "CompoundPredicate": return compoundPredicate(element)
        case "SimpleSetPredicate": return simpleSetPredicate(element)
        default:
            unsupportedElement(element, in: element, help: "<\(element.name)> is not a PMML predicate")
            return nil
        }
    }

    private mutating func simplePredicate(_ element: XMLTreeElement) -> Condition? {
        checkChildren(of: element, handled: [])
        let field = required("field", of: element)
        let comparison = enumeration("operator", of: element, Self.comparisonOperators, default: nil)
        let value = element.attribute("value")
        if let comparison, comparison.needsValue, value == nil { _ = required("value", of: element) }
        guard let field, resolveField(field, at: element, role: "<SimplePredicate>"), let comparison else { return nil }
        if comparison.needsValue && value == nil { return nil }
        return .simple(field: field, operator: comparison, value: comparison.needsValue ? value : nil)
    }

    private mutating func compoundPredicate(_ element: XMLTreeElement) -> Condition? {
        checkChildren(of: element, handled: Self.predicateElements)
        let combination = enumeration("booleanOperator", of: element, Self.booleanOperators, default: nil)
        let parts = element.children.filter { Self.predicateElements.contains($0.name) }
        if parts.count < 2 {
            error(
                PMMLDiagnosticID.invalidModel, "A <CompoundPredicate> needs at least two predicates.", at: element)
        }
        let translated = parts.map { predicate($0) }
        guard let combination, parts.count >= 2, translated.allSatisfy({ $0 != nil }) else { return nil }
        return .compound(combination, translated.compactMap { $0 })
    }

    private mutating func simpleSetPredicate(_ element: XMLTreeElement) -> Condition? {
        checkChildren(of: element, handled: ["Array"])
        let field = required("field", of: element)
        let membership = enumeration("booleanOperator", of: element, Self.setOperators, default: nil)
        guard let array = element.child(named: "Array") else {
            error(PMMLDiagnosticID.missingElement, "The <SimpleSetPredicate> has no <Array>.", at: element)
            return nil
        }
        let values = arrayValues(array)
        guard let field, resolveField(field, at: element, role: "<SimpleSetPredicate>"), let membership, let values
        else { return nil }
        return .simpleSet(field: field, operator: membership, values: values)
    }

    /// The values of a PMML `Array`: separated by white space, with double quotes around values that contain
    /// spaces and `\"` for a quote inside them. Checks `n` when given.
    mutating func arrayValues(_ array: XMLTreeElement) -> [String]? {
        guard let values = Self.splitArray(array.text) else {
            error(PMMLDiagnosticID.badAttributeValue, "The <Array> has an unterminated quoted value.", at: array)
            return nil
        }
        if let declared = integer("n", of: array, default: values.count), declared != values.count {
            error(
                PMMLDiagnosticID.invalidModel,
                "The <Array> declares n=\"\(declared)\" but holds \(values.count) value\(values.count == 1 ? "" : "s").",
                at: array)
            return nil
        }
        return values
    }

    /// Splits Array text into values; nil for an unterminated quote.
    static func splitArray(_ text: String) -> [String]? {
        var values: [String] = []
        var current = ""
        var inQuotes = false
        var quoted = false
        var characters = text.makeIterator()
        while let character = characters.next() {
            if inQuotes {
                if character == "\\" {
                    if let next = characters.next() { current.append(next) }
                } else if character == "\"" {
                    inQuotes = false
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                inQuotes = true
                quoted = true
            } else if character == " " || character == "\t" || character == "\n" || character == "\r"
                || character == "\r\n"
            {
                if !current.isEmpty || quoted { values.append(current) }
                current = ""
                quoted = false
            } else {
                current.append(character)
            }
        }
        if inQuotes { return nil }
        if !current.isEmpty || quoted { values.append(current) }
        return values
    }
}
