import NBCore

/// The fields of a tree-based model's `Row`: every input, derived field and segment output field, each with one
/// Swift property (`Double?` for numeric types, `String?` for text and booleans) and its PMML type.
struct RowFields {
    private var properties: [String: String] = [:]
    private var types: [String: FieldType] = [:]
    /// Field names in the order they were declared.
    private var order: [String] = []

    init(spec: ModelSpec, names: NamingPlan) throws(DiagnosticError) {
        var definitions: [(name: String, type: FieldType, location: SourceLocation?)] = []
        for input in spec.inputs { definitions.append((input.name, input.type, input.location)) }
        for field in spec.derivedFields { definitions.append((field.name, field.type, field.location)) }
        func visit(_ body: ModelBody) {
            guard case .ensemble(let ensemble) = body else { return }
            for segment in ensemble.segments {
                for field in segment.derivedFields { definitions.append((field.name, field.type, field.location)) }
                for output in segment.outputFields {
                    definitions.append((output.name, Self.storedType(output, model: segment.model), output.location))
                }
                visit(segment.model)
            }
        }
        visit(spec.model)
        for output in spec.outputFields ?? [] {
            definitions.append((output.name, Self.storedType(output, model: spec.model), output.location))
        }
        var taken: Set<String> = ["row", "local", "result", "members", "segment", "decided", "v", "undefinedField"]
        for definition in definitions {
            if let existing = types[definition.name] {
                guard existing.isNumeric == definition.type.isNumeric else {
                    throw DiagnosticError(
                        .error(
                            PackageDiagnosticID.unsupportedModel,
                            "the field '\(definition.name)' is defined both as a number and as text",
                            at: definition.location,
                            help: ["nbship evaluates this model, but its generated code gives each field name one type"]
                        ))
                }
                continue
            }
            var property = SwiftNamer.lowerCamel(definition.name, fallback: "field")
            if taken.contains(property) {
                var index = 2
                while taken.contains("\(property)\(index)") { index += 1 }
                property = "\(property)\(index)"
            }
            taken.insert(property)
            properties[definition.name] = property
            types[definition.name] = definition.type
            order.append(definition.name)
        }
    }

    /// The type an output field is stored with: declared, else text for a classification's predicted value.
    static func storedType(_ output: OutputFieldSpec, model: ModelBody) -> FieldType {
        if let type = output.type { return type }
        if case .predictedValue = output.feature, model.function == .classification { return .string }
        return .double
    }

    /// The Swift property of a field. A name the model never defines reads as a field that is always missing.
    func property(_ field: String) -> String { properties[field] ?? "undefinedField" }

    func type(_ field: String) -> FieldType { types[field] ?? .double }

    func isNumeric(_ field: String) -> Bool { type(field).isNumeric }

    /// The runtime's name for a field's type (`.double`, `.string`, ...).
    func kind(_ field: String) -> String { Self.kind(type(field)) }

    static func kind(_ type: FieldType) -> String { "." + type.rawValue }

    /// The stored properties of `Row`.
    func declarations() -> [String] {
        var lines: [String] = []
        for name in order {
            let property = properties[name] ?? "field"
            let swiftType = isNumeric(name) ? "Double?" : "String?"
            lines.append("/// `\(SwiftText.comment(name))` (\(type(name).rawValue)).")
            lines.append("var \(property): \(swiftType) = nil")
        }
        lines.append("/// A field the model reads but never defines: always missing.")
        lines.append("let undefinedField: Double? = nil")
        return lines
    }
}
