import Foundation

/// Turns the notebook's `parameters` and `injected-parameters` cells into typed parameters.
///
/// Inference parameters (the ones domain experts may edit) are recognised by name: `threshold` (also
/// `decision_threshold`, `classification_threshold`, `cutoff`) and `positive_class` (also `pos_label`).
/// `model_name`/`model_version` are metadata. Every other value is a training-time value: recorded for the
/// model card, never editable, because changing it after training does nothing.
struct ParameterExtractor {
    static let thresholdNames: Set<String> = ["threshold", "decision_threshold", "classification_threshold", "cutoff"]
    static let positiveClassNames: Set<String> = ["positive_class", "pos_label", "positive_label"]
    static let metadataNames: Set<String> = ["model_name", "model_version"]

    struct Result {
        var parameters: [ParameterSpec] = []
        var recorded: [RecordedValue] = []
        var modelName: (String, SourceLocation)?
    }

    /// Merges cells: later `parameters` cells and any `injected-parameters` cell override earlier values.
    static func merge(_ notebook: NotebookExtract) -> [PyAssignment] {
        var ordered: [PyAssignment] = []
        let cells = notebook.cells(.parameters) + notebook.cells(.injectedParameters)
        for cell in cells {
            for assignment in cell.assignments {
                if let index = ordered.firstIndex(where: { $0.name == assignment.name }) {
                    var merged = assignment
                    // An injected value keeps the documentation of the original declaration.
                    if merged.comment == nil { merged.comment = ordered[index].comment }
                    if merged.annotation == nil { merged.annotation = ordered[index].annotation }
                    ordered[index] = merged
                } else {
                    ordered.append(assignment)
                }
            }
        }
        return ordered
    }

    static func extract(_ notebook: NotebookExtract, diagnostics: inout DiagnosticCollector) -> Result {
        var result = Result()
        for assignment in merge(notebook) {
            let annotation = CommentAnnotation.parse(assignment.comment)
            if let malformed = annotation.malformedRange {
                diagnostics.add(
                    .warning(
                        "notebook.malformed-range", "the range in '\(malformed)' could not be read; it is ignored",
                        at: assignment.location,
                        help: [
                            "write a range like `range [0, 1]` (square brackets include the bound, parentheses exclude it)"
                        ]))
            }
            // The reader already reported a value outside the literal subset; never guess one.
            guard let literal = assignment.value else { continue }
            let name = assignment.name
            let lower = name.lowercased()
            if thresholdNames.contains(lower) {
                guard let number = literal.number, number.isFinite else {
                    diagnostics.add(
                        .error(
                            "spec.parameter-type",
                            "the threshold '\(name)' must be a number, found \(literal.typeName)",
                            at: literal.location, help: ["write it as a number between 0 and 1, e.g. `\(name) = 0.5`"]))
                    continue
                }
                let range = annotation.range ?? Interval(lower: 0, upper: 1)
                if !range.contains(number) {
                    diagnostics.add(
                        .error(
                            "spec.parameter-out-of-range",
                            "the threshold '\(name)' is \(NumberFormat.shortest(number)), outside its range \(range)",
                            at: literal.location, help: ["choose a value inside \(range)"]))
                    continue
                }
                result.parameters.append(
                    ParameterSpec(
                        name: name, type: .number, value: .double(number), range: range, unit: annotation.unit,
                        description: annotation.description ?? "decision threshold on the positive-class probability",
                        role: .threshold, editable: true, location: assignment.location))
            } else if positiveClassNames.contains(lower) {
                let text: String
                switch literal.kind {
                case .string(let value): text = value
                case .int(let value): text = String(value)
                case .bool(let value): text = value ? "True" : "False"
                default:
                    diagnostics.add(
                        .error(
                            "spec.parameter-type", "'\(name)' must name a class, found \(literal.typeName)",
                            at: literal.location, help: ["write the class label as a string, e.g. `\(name) = \"yes\"`"])
                    )
                    continue
                }
                result.parameters.append(
                    ParameterSpec(
                        name: name, type: .string, value: .string(text), description: annotation.description,
                        role: .positiveClass, editable: false, location: assignment.location))
            } else if lower == "model_name" {
                if let text = literal.string { result.modelName = (text, literal.location) }
                result.recorded.append(recorded(assignment, literal, annotation))
            } else {
                result.recorded.append(recorded(assignment, literal, annotation))
            }
        }
        return result
    }

    static func recorded(
        _ assignment: PyAssignment, _ literal: PyLiteral, _ annotation: CommentAnnotation
    )
        -> RecordedValue
    {
        RecordedValue(
            name: assignment.name, value: PythonText.render(literal), description: annotation.description,
            location: assignment.location)
    }
}

/// Renders a literal back as compact Python text, for the model card.
enum PythonText {
    static func render(_ literal: PyLiteral) -> String {
        switch literal.kind {
        case .int(let value): return String(value)
        case .float(let value):
            if value.isNaN { return "float(\"nan\")" }
            if value.isInfinite { return value < 0 ? "float(\"-inf\")" : "float(\"inf\")" }
            return NumberFormat.shortest(value)
        case .string(let value):
            return "\""
                + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .bool(let value): return value ? "True" : "False"
        case .none: return "None"
        case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .tuple(let items):
            return "(" + items.map(render).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .dict(let entries):
            return "{" + entries.map { render($0.key) + ": " + render($0.value) }.joined(separator: ", ") + "}"
        }
    }
}
