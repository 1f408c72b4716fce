/// Reads golden examples from the notebook's `examples` cells.
///
/// Two shapes are understood:
/// - a list of records: `EXAMPLES = [{"age": 50, "bmi": 27.1, "prediction": 151.3}, ...]`; besides input
///   names a record may hold `prediction` (also `expected`, `y`, or the target's name), `label`,
///   `probabilities` (a dict class -> probability) or `probability(<class>)` keys, and `decision`;
/// - parallel lists aligned with the feature list: `EXAMPLE_INPUTS = [[...], ...]` with `EXAMPLE_LABELS`,
///   `EXAMPLE_PREDICTIONS` and/or `EXAMPLE_PROBABILITIES` (aligned with `CLASSES`).
/// A trailing `# nbship: inputs|labels|predictions|probabilities|classes|records` names a list explicitly.
struct ExampleExtractor {
    enum ListRole: String { case records, inputs, labels, predictions, probabilities, classes }

    static let outputKeys: Set<String> = [
        "prediction", "predicted", "expected", "y", "label", "probabilities", "decision",
    ]

    static func role(of assignment: PyAssignment) -> ListRole? {
        if let directive = CommentAnnotation.parse(assignment.comment).directive {
            return ListRole(rawValue: directive)
        }
        let lower = assignment.name.lowercased()
        if lower == "classes" || lower.hasSuffix("classes") || lower.hasSuffix("classes_") { return .classes }
        if lower.contains("prob") { return .probabilities }
        if lower.contains("label") { return .labels }
        if lower.contains("pred") || lower == "y" || lower.hasPrefix("y_") || lower.contains("expected") {
            return .predictions
        }
        if lower.contains("input") || lower == "x" || lower.hasPrefix("x_") { return .inputs }
        if let items = assignment.value?.elements, items.first?.entries != nil { return .records }
        return nil
    }

    static func extract(
        cells: [RoleCell], features: [String]?, inputs: [InputSpec], target: TargetSpec,
        diagnostics: inout DiagnosticCollector
    ) -> [ExampleSpec] {
        var examples: [ExampleSpec] = []
        let inputNames = inputs.map(\.name)
        for cell in cells {
            var lists: [ListRole: PyAssignment] = [:]
            for assignment in cell.assignments {
                guard assignment.value != nil else { continue }
                if ScalingExtractor.featureListNames.contains(assignment.name.lowercased()) { continue }
                guard let role = role(of: assignment) else {
                    diagnostics.add(
                        .warning(
                            "notebook.examples-unrecognised",
                            "nbship does not know what '\(assignment.name)' holds; it is ignored",
                            at: assignment.location,
                            help: [
                                "name it EXAMPLES (a list of records) or EXAMPLE_INPUTS/EXAMPLE_LABELS/EXAMPLE_PREDICTIONS"
                            ]))
                    continue
                }
                if role == .records {
                    examples += records(
                        assignment, inputNames: inputNames, features: features, target: target,
                        diagnostics: &diagnostics)
                } else {
                    lists[role] = assignment
                }
            }
            if !lists.isEmpty {
                examples += parallel(
                    lists, features: features, inputNames: inputNames, target: target, diagnostics: &diagnostics)
            }
        }
        return examples
    }

    static func inputValue(_ literal: PyLiteral) -> ExampleInput? {
        switch literal.kind {
        case .int(let value): .number(Double(value))
        case .float(let value): value.isNaN ? .missing : .number(value)
        case .string(let text): .text(text)
        case .bool(let value): .text(value ? "true" : "false")
        case .none: .missing
        default: nil
        }
    }

    static func labelText(_ literal: PyLiteral) -> String? {
        switch literal.kind {
        case .string(let text): text
        case .int(let value): String(value)
        case .bool(let value): value ? "True" : "False"
        default: nil
        }
    }

    static func records(
        _ assignment: PyAssignment, inputNames: [String], features: [String]? = nil, target: TargetSpec,
        diagnostics: inout DiagnosticCollector
    ) -> [ExampleSpec] {
        guard let items = assignment.value?.elements else { return [] }
        var result: [ExampleSpec] = []
        for item in items {
            guard let entries = item.entries else {
                diagnostics.add(
                    .error(
                        "notebook.examples-bad-record", "each example in '\(assignment.name)' must be a dict",
                        at: item.location))
                continue
            }
            var example = ExampleSpec(inputs: [:], origin: .notebook, location: item.location)
            var ok = true
            for entry in entries {
                guard let key = entry.key.string else {
                    diagnostics.add(
                        .error("notebook.examples-bad-key", "example keys must be strings", at: entry.key.location))
                    ok = false
                    continue
                }
                let lower = key.lowercased()
                if inputNames.contains(key) {
                    guard let value = inputValue(entry.value) else {
                        diagnostics.add(
                            .error(
                                "notebook.examples-bad-value",
                                "the value of '\(key)' must be a number, a string or None",
                                at: entry.value.location))
                        ok = false
                        continue
                    }
                    example.inputs[key] = value
                } else if lower == "label" || (target.opType != .continuous && key == target.name) {
                    example.expectedLabel = labelText(entry.value)
                } else if ["prediction", "predicted", "expected", "y"].contains(lower) || key == target.name {
                    if target.opType == .continuous {
                        example.expectedPrediction = entry.value.number
                    } else {
                        example.expectedLabel = labelText(entry.value)
                    }
                } else if lower == "probabilities" {
                    for probability in entry.value.entries ?? [] {
                        if let label = labelText(probability.key), let p = probability.value.number {
                            example.expectedProbabilities[label] = p
                        }
                    }
                } else if lower.hasPrefix("probability(") && lower.hasSuffix(")") {
                    let label = String(key.dropFirst("probability(".count).dropLast())
                    if let p = entry.value.number { example.expectedProbabilities[label] = p }
                } else if lower == "decision" {
                    continue
                } else if features?.contains(key) == true {
                    // A feature the notebook lists but the model file does not use (sklearn2pmml drops unused
                    // columns); `spec.feature-not-used` has said so once.
                    continue
                } else {
                    diagnostics.add(
                        .error(
                            "spec.example-unknown-input",
                            "the example names '\(key)', which is not an input of the model",
                            at: entry.key.location,
                            help: NameSuggestion.help(
                                for: key, in: inputNames + ["prediction", "label", "probabilities"])))
                    ok = false
                }
            }
            if ok { result.append(example) }
        }
        return result
    }

    static func parallel(
        _ lists: [ListRole: PyAssignment], features: [String]?, inputNames: [String], target: TargetSpec,
        diagnostics: inout DiagnosticCollector
    ) -> [ExampleSpec] {
        guard let inputsList = lists[.inputs], let rows = inputsList.value?.elements else {
            if let any = lists.values.first {
                diagnostics.add(
                    .error(
                        "notebook.examples-missing-inputs", "the examples cell has expected outputs but no inputs",
                        at: any.location,
                        help: ["add EXAMPLE_INPUTS = [[...], ...], one list per example aligned with FEATURES"]))
            }
            return []
        }
        let columns = features ?? inputNames
        // Listed features the model does not use are skipped (`spec.feature-not-used` warns about them); without
        // a feature list the columns are the model's inputs.
        for name in columns where !inputNames.contains(name) && features == nil {
            diagnostics.add(
                .error(
                    "spec.example-unknown-input",
                    "the feature list names '\(name)', which is not an input of the model",
                    at: inputsList.location, help: NameSuggestion.help(for: name, in: inputNames)))
            return []
        }
        let labels = lists[.labels]?.value?.elements
        let predictions = lists[.predictions]?.value?.elements
        let probabilities = lists[.probabilities]?.value?.elements
        let classes = lists[.classes]?.value?.elements?.compactMap(labelText) ?? target.classes
        var result: [ExampleSpec] = []
        for (index, row) in rows.enumerated() {
            guard let values = row.elements, values.count == columns.count else {
                diagnostics.add(
                    .error(
                        "spec.example-length-mismatch",
                        "example \(index + 1) has \(row.elements?.count ?? 1) values but there are \(columns.count) features",
                        at: row.location, help: ["give one value per feature, in the order of the feature list"]))
                continue
            }
            var example = ExampleSpec(inputs: [:], origin: .notebook, location: row.location)
            for (name, literal) in zip(columns, values) where inputNames.contains(name) {
                example.inputs[name] = inputValue(literal) ?? .missing
            }
            if let labels, index < labels.count { example.expectedLabel = labelText(labels[index]) }
            if let predictions, index < predictions.count {
                if target.opType == .continuous {
                    example.expectedPrediction = predictions[index].number
                } else {
                    example.expectedLabel = labelText(predictions[index])
                }
            }
            if let probabilities, index < probabilities.count, let ps = probabilities[index].elements {
                if ps.count == classes.count {
                    for (label, p) in zip(classes, ps) { example.expectedProbabilities[label] = p.number }
                } else {
                    diagnostics.add(
                        .error(
                            "spec.example-length-mismatch",
                            "example \(index + 1) has \(ps.count) probabilities but there are \(classes.count) classes",
                            at: probabilities[index].location))
                }
            }
            result.append(example)
        }
        for (role, list) in lists where [.labels, .predictions, .probabilities].contains(role) {
            if let count = list.value?.elements?.count, count != rows.count {
                diagnostics.add(
                    .error(
                        "spec.example-length-mismatch",
                        "'\(list.name)' has \(count) entries but '\(inputsList.name)' has \(rows.count) examples",
                        at: list.location))
            }
        }
        return result
    }
}
