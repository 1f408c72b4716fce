import NBCore

/// ModelVerification: the producer's own test records become golden examples. Problems here are warnings: the
/// records check the model, they do not change it.
extension PMMLExtractor {
    /// A VerificationField: which model field a table column holds.
    struct VerificationColumn {
        var field: String
        var column: String
        var precision: Double
        var zeroThreshold: Double
    }

    /// What the model knows that verification records can refer to.
    struct VerificationContext {
        var inputs: [InputSpec]
        var target: TargetSpec?
        var outputs: [OutputSpec]
        var function: MiningFunction?
    }

    /// PMML's default relative precision for verification values.
    static let defaultPrecision = VerificationTolerance.pmmlDefault.precision

    mutating func readVerification(_ element: XMLTreeElement, context: VerificationContext) -> [ExampleSpec] {
        guard let fieldList = element.child(named: "VerificationFields"),
            let table = element.child(named: "InlineTable")
        else {
            warning(
                PMMLDiagnosticID.badVerification,
                "<ModelVerification> needs <VerificationFields> and an <InlineTable>; its records are left out.",
                at: element)
            return []
        }
        let columns = fieldList.children(named: "VerificationField").compactMap { field -> VerificationColumn? in
            guard let name = field.attribute("field") else { return nil }
            let precision = PMMLNumber.parse(field.attribute("precision") ?? "") ?? Self.defaultPrecision
            let zero =
                PMMLNumber.parse(field.attribute("zeroThreshold") ?? "")
                ?? VerificationTolerance.pmmlDefault.zeroThreshold
            return VerificationColumn(
                field: name, column: field.attribute("column") ?? name, precision: abs(precision),
                zeroThreshold: abs(zero))
        }
        let known = Set(
            context.inputs.map(\.name) + context.outputs.map(\.name) + [context.target?.name].compactMap { $0 })
        let unknown = columns.filter { !known.contains($0.field) }.map { "'\($0.field)'" }
        if !unknown.isEmpty {
            warning(
                PMMLDiagnosticID.badVerification,
                "Verification columns without an input or supported output are not checked: "
                    + unknown.joined(separator: ", ") + ".", at: fieldList)
        }
        // The precision of the numeric expectations: probabilities, and the prediction of a regression.
        let numeric = columns.filter { column in
            guard known.contains(column.field), !context.inputs.contains(where: { $0.name == column.field }) else {
                return false
            }
            if case .probability? = context.outputs.first(where: { $0.name == column.field })?.kind { return true }
            return context.function == .regression
        }
        let tolerance = numeric.map(\.precision).max() ?? Self.defaultPrecision
        return table.children(named: "row").compactMap { row in
            example(row, columns: columns.filter { known.contains($0.field) }, context: context, tolerance: tolerance)
        }
    }

    /// The text of the cell for `column`: matched by qualified name (`data:x`), then by local name.
    static func cell(_ row: XMLTreeElement, column: String) -> String? {
        let local = column.split(separator: ":", maxSplits: 1).last.map(String.init) ?? column
        let match = row.children.first { $0.qualifiedName == column } ?? row.children.first { $0.name == local }
        guard let text = match?.text.trimmingASCIIWhitespace(), !text.isEmpty else { return nil }
        return text
    }

    private mutating func example(
        _ row: XMLTreeElement, columns: [VerificationColumn], context: VerificationContext, tolerance: Double
    ) -> ExampleSpec? {
        var example = ExampleSpec(
            inputs: [:], origin: .modelVerification, tolerance: tolerance, location: location(row))
        var bounds: [String: VerificationTolerance] = [:]
        for column in columns {
            let text = Self.cell(row, column: column.column)
            if let input = context.inputs.first(where: { $0.name == column.field }) {
                guard let text else {
                    example.inputs[input.name] = .missing
                    continue
                }
                if input.type.isNumeric {
                    guard let value = PMMLNumber.parse(text) else {
                        return skip(row, "'\(text)' for '\(input.name)' is not a number")
                    }
                    example.inputs[input.name] = .number(value)
                } else {
                    example.inputs[input.name] = .text(text)
                }
                continue
            }
            guard let text else { continue }
            let kind = context.outputs.first { $0.name == column.field }?.kind ?? .predictedValue
            switch kind {
            case .predictedValue where context.function == .classification:
                example.expectedLabel = text
            case .reasonCode, .field:
                // Verification records compare the prediction; reason codes and declared output fields are not
                // golden values of the package's tests.
                continue
            case .predictedValue, .decision:
                guard let value = PMMLNumber.parse(text) else {
                    return skip(row, "'\(text)' for '\(column.field)' is not a number")
                }
                example.expectedPrediction = value
                bounds["prediction"] = VerificationTolerance(
                    precision: column.precision, zeroThreshold: column.zeroThreshold)
            case .probability(let label):
                guard let value = PMMLNumber.parse(text) else {
                    return skip(row, "'\(text)' for '\(column.field)' is not a number")
                }
                example.expectedProbabilities[label] = value
                bounds["probability(\(label))"] = VerificationTolerance(
                    precision: column.precision, zeroThreshold: column.zeroThreshold)
            }
        }
        // Each expected number is checked with its own VerificationField's precision and zeroThreshold.
        example.fieldTolerances = bounds.isEmpty ? nil : bounds
        return example
    }

    private mutating func skip(_ row: XMLTreeElement, _ reason: String) -> ExampleSpec? {
        warning(PMMLDiagnosticID.badVerification, "A verification record is left out: \(reason).", at: row)
        return nil
    }
}
