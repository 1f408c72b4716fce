import NBCore

/// Reading attributes and checking children, each problem reported with the element's line.
extension PMMLExtractor {
    /// The attribute's value; reports `pmml.missing-attribute` when it is absent.
    mutating func required(_ attribute: String, of element: XMLTreeElement) -> String? {
        if let value = element.attribute(attribute) { return value }
        error(
            PMMLDiagnosticID.missingAttribute, "<\(element.name)> has no '\(attribute)' attribute.", at: element,
            help: ["PMML requires '\(attribute)' on <\(element.name)>; the file may be truncated or hand-edited"])
        return nil
    }

    /// A numeric attribute: `fallback` when absent (or `pmml.missing-attribute` when `fallback` is nil and
    /// `isRequired`), `pmml.bad-number` when it is not a number.
    mutating func number(
        _ attribute: String, of element: XMLTreeElement, default fallback: Double? = nil, isRequired: Bool = false
    ) -> Double? {
        guard let text = element.attribute(attribute) else {
            if fallback == nil && isRequired { _ = required(attribute, of: element) }
            return fallback
        }
        return parseNumber(text, what: "'\(attribute)' of <\(element.name)>", at: element)
    }

    /// A number written as text; reports `pmml.bad-number`.
    mutating func parseNumber(_ text: String, what: String, at element: XMLTreeElement) -> Double? {
        if let value = PMMLNumber.parse(text) { return value }
        let trimmed = text.trimmingASCIIWhitespace()
        if let value = Double(trimmed), let problem = NumberFormat.outOfRange(trimmed, as: value) {
            error(
                PMMLDiagnosticID.badNumber, "\(what): \(problem).", at: element,
                help: ["nbship never changes a number silently; check the exporting tool's output"])
            return nil
        }
        error(
            PMMLDiagnosticID.badNumber, "\(what) is '\(text)', which is not a number.", at: element,
            help: ["PMML numbers look like 12, -0.5 or 1.5E-3"])
        return nil
    }

    /// An integer attribute, `fallback` when absent; reports `pmml.bad-number` for non-integers.
    mutating func integer(_ attribute: String, of element: XMLTreeElement, default fallback: Int) -> Int? {
        guard let text = element.attribute(attribute) else { return fallback }
        if let value = PMMLNumber.parseInteger(text) { return value }
        error(
            PMMLDiagnosticID.badNumber, "'\(attribute)' of <\(element.name)> is '\(text)', which is not an integer.",
            at: element)
        return nil
    }

    /// An enumerated attribute. Values in `supported` map to their meaning; values in `unsupported` are valid PMML
    /// that nbship cannot translate (`pmml.unsupported-attribute-value`); anything else is
    /// `pmml.bad-attribute-value`. Absent: `fallback`, or `pmml.missing-attribute` when `fallback` is nil.
    mutating func enumeration<Value>(
        _ attribute: String, of element: XMLTreeElement, _ supported: [String: Value], default fallback: Value?,
        unsupported: Set<String> = [], help: String? = nil
    ) -> Value? {
        guard let text = element.attribute(attribute) else {
            if fallback == nil { _ = required(attribute, of: element) }
            return fallback
        }
        if let value = supported[text] { return value }
        let known = supported.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
        if unsupported.contains(text) {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "\(attribute)=\"\(text)\" on <\(element.name)> is not supported.", at: element,
                help: [help ?? "nbship supports \(known) here"])
        } else {
            error(
                PMMLDiagnosticID.badAttributeValue,
                "\(attribute)=\"\(text)\" on <\(element.name)> is not a value PMML defines.", at: element,
                help: NameSuggestion.help(for: text, in: supported.keys.sorted() + unsupported.sorted())
                    + ["expected one of \(known)"])
        }
        return nil
    }

    /// Reports every child element of `element` that is neither handled by the caller nor informational as
    /// `pmml.unsupported-element`: content nbship does not understand must never be skipped silently.
    mutating func checkChildren(
        of element: XMLTreeElement, handled: Set<String>, help: String? = nil
    ) {
        for child in element.children
        where !handled.contains(child.name) && !PMMLVocabulary.informational.contains(child.name) {
            unsupportedElement(child, in: element, help: help)
        }
    }

    /// Reports `pmml.unsupported-element` for `child`.
    mutating func unsupportedElement(_ child: XMLTreeElement, in parent: XMLTreeElement, help: String? = nil) {
        error(
            PMMLDiagnosticID.unsupportedElement,
            "<\(child.name)> inside <\(parent.name)> is not supported.", at: child,
            help: [help ?? "nbship does not translate <\(child.name)> yet; remove it or simplify the model"])
    }

    /// Reports attributes whose presence changes a model's meaning in ways nbship cannot translate.
    mutating func rejectAttributes(_ names: [String], of element: XMLTreeElement, help: String) {
        for name in names {
            guard let value = element.attribute(name) else { continue }
            error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "\(name)=\"\(value)\" on <\(element.name)> is not supported.", at: element, help: [help])
        }
    }
}
