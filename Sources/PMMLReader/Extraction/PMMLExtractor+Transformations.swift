import NBCore

/// TransformationDictionary and LocalTransformations: DerivedFields, kept when the model uses them.
extension PMMLExtractor {
    /// A DerivedField translated on its own, with the problems found while translating it. Those problems only
    /// count if the model uses the field: an unused field with, say, a string function does not block import.
    struct TranslatedField {
        var element: XMLTreeElement
        var name: String
        var spec: DerivedFieldSpec?
        var problems: [Diagnostic]

        /// The fields this one reads; for a field that could not be translated, every `field` attribute inside
        /// it, so that what it depends on is still reported as needed.
        var references: [String] {
            if let spec { return spec.expression.fieldReferences }
            var names: [String] = []
            func collect(_ element: XMLTreeElement) {
                if let name = element.attribute("field"), !names.contains(name) { names.append(name) }
                element.children.forEach(collect)
            }
            collect(element)
            return names
        }
    }

    /// The DerivedField elements of the TransformationDictionary (first) and LocalTransformations, registering
    /// their names and the names of DefineFunctions.
    mutating func derivedFieldElements(global: XMLTreeElement?, local: XMLTreeElement?) -> [XMLTreeElement] {
        var elements: [XMLTreeElement] = []
        if let global {
            checkChildren(of: global, handled: ["DerivedField", "DefineFunction"])
            for function in global.children(named: "DefineFunction") {
                if let name = function.attribute("name") { definedFunctions.insert(name) }
            }
            elements += global.children(named: "DerivedField")
        }
        if let local {
            checkChildren(of: local, handled: ["DerivedField"])
            elements += local.children(named: "DerivedField")
        }
        var firstLine: [String: Int] = [:]
        var registered: [XMLTreeElement] = []
        for element in elements {
            guard let name = required("name", of: element) else { continue }
            if let line = firstLine[name] ?? dataFields[name]?.line {
                error(
                    PMMLDiagnosticID.duplicateField, "The DerivedField '\(name)' reuses the name of another field.",
                    at: element,
                    notes: [Diagnostic.Note("first declared here", at: SourceLocation(file: file, line: line))],
                    help: ["PMML field names must be unique across the DataDictionary and all DerivedFields"])
                continue
            }
            firstLine[name] = element.line
            derivedFieldNames.insert(name)
            registered.append(element)
        }
        return registered
    }

    /// Translates every DerivedField, each with its own diagnostics.
    mutating func translateDerivedFields(_ elements: [XMLTreeElement]) -> [TranslatedField] {
        elements.map { element in
            let name = element.attribute("name") ?? ""
            let (spec, problems) = isolated { $0.derivedField(element, name: name) }
            return TranslatedField(element: element, name: name, spec: spec, problems: problems)
        }
    }

    private mutating func derivedField(_ element: XMLTreeElement, name: String) -> DerivedFieldSpec? {
        let type =
            element.attribute("dataType").map { _ in
                enumeration(
                    "dataType", of: element, Self.fieldTypes, default: .double, unsupported: Self.unsupportedFieldTypes)
            } ?? .double
        let bodies = Self.expressionChildren(of: element)
        guard let body = bodies.first else {
            error(PMMLDiagnosticID.missingElement, "The DerivedField '\(name)' has no expression.", at: element)
            return nil
        }
        for extra in bodies.dropFirst() {
            unsupportedElement(extra, in: element, help: "a DerivedField has one expression")
        }
        guard let expression = expression(body, in: element), let type else { return nil }
        return DerivedFieldSpec(
            name: name, type: type, expression: expression, origin: .modelFile, location: location(element))
    }

    /// The derived fields reachable from `roots`, dependencies first (otherwise in declaration order). Reports the
    /// problems of reachable fields, cycles, and, as a warning, unusable fields the model does not need.
    mutating func selectDerivedFields(_ fields: [TranslatedField], reachableFrom roots: [String]) -> [DerivedFieldSpec]
    {
        let byName = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Bool] = [:]  // false: visiting, true: done
        var path: [String] = []
        var ordered: [DerivedFieldSpec] = []
        func visit(_ name: String, _ extractor: inout PMMLExtractor) {
            guard let field = byName[name] else { return }
            if let done = state[name] {
                if !done, let start = path.firstIndex(of: name) {
                    let cycle = (path[start...] + [name]).map { "'\($0)'" }.joined(separator: " -> ")
                    extractor.error(
                        PMMLDiagnosticID.circularField, "The DerivedFields \(cycle) depend on each other in a cycle.",
                        at: field.element, help: ["a DerivedField cannot use its own value, directly or through others"]
                    )
                }
                return
            }
            state[name] = false
            path.append(name)
            extractor.diagnostics.add(contentsOf: field.problems)
            for dependency in field.references { visit(dependency, &extractor) }
            path.removeLast()
            state[name] = true
            if let spec = field.spec { ordered.append(spec) }
        }
        for root in roots { visit(root, &self) }
        reportUnusedFields(fields.filter { state[$0.name] == nil })
        return ordered
    }

    private mutating func reportUnusedFields(_ unused: [TranslatedField]) {
        let broken = unused.filter { field in field.problems.contains { $0.severity == .error } }
        guard let first = broken.first else { return }
        let names = broken.map { "'\($0.name)'" }.joined(separator: ", ")
        let notes = broken.compactMap { field in
            field.problems.first { $0.severity == .error }.map {
                Diagnostic.Note("\(field.name): \($0.message)", at: $0.location)
            }
        }
        warning(
            PMMLDiagnosticID.ignoredContent,
            "The model does not use the DerivedField\(broken.count == 1 ? "" : "s") \(names), which nbship could not "
                + "translate; \(broken.count == 1 ? "it is" : "they are") left out.", at: first.element, notes: notes)
    }
}
