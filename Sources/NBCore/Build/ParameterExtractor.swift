import Foundation

/// Turns the notebook's `parameters` and `injected-parameters` cells into typed parameters.
///
/// Inference parameters (the ones domain experts may edit) are recognised by name: `threshold` (also
/// `decision_threshold`, `classification_threshold`, `cutoff`) and `positive_class` (also `pos_label`).
/// Guard rails are `<input>_min` / `<input>_max` (also `min_<input>` / `max_<input>`) for a numeric input of the
/// model; a regression's floor and cap are `prediction_min` / `prediction_max` (also `prediction_floor`,
/// `prediction_cap`). `model_name`/`model_version` are metadata. Every other value is a training-time value:
/// recorded for the model card, never editable, because changing it after training does nothing.
struct ParameterExtractor {
    static let thresholdNames: Set<String> = ["threshold", "decision_threshold", "classification_threshold", "cutoff"]
    static let positiveClassNames: Set<String> = ["positive_class", "pos_label", "positive_label"]
    static let metadataNames: Set<String> = ["model_name", "model_version"]
    static let predictionMinimumNames: Set<String> = ["prediction_min", "min_prediction", "prediction_floor"]
    static let predictionMaximumNames: Set<String> = ["prediction_max", "max_prediction", "prediction_cap"]

    /// The input a guard-rail name bounds, and whether it is the minimum: `bmi_min` -> (bmi, true). Input names
    /// compare lower-cased, with every run of characters other than letters and digits read as `_`
    /// (`mean radius` is `mean_radius_max`).
    static func guardRail(_ name: String, inputs: [InputSpec]) -> (input: InputSpec, isMinimum: Bool)? {
        func normal(_ text: String) -> String {
            var out = ""
            for character in text.lowercased() {
                if character.isLetter || character.isNumber {
                    out.append(character)
                } else if out.last != "_" {
                    out.append("_")
                }
            }
            return out
        }
        let lower = normal(name)
        for (prefix, suffix, isMinimum) in [
            ("", "_min", true), ("", "_max", false), ("min_", "", true), ("max_", "", false),
        ]
        where lower.hasPrefix(prefix) && lower.hasSuffix(suffix) && lower.count > prefix.count + suffix.count {
            let stem = String(lower.dropFirst(prefix.count).dropLast(suffix.count))
            if let input = inputs.first(where: { normal($0.name) == stem }) { return (input, isMinimum) }
        }
        return nil
    }

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

    static func extract(
        _ notebook: NotebookExtract, inputs: [InputSpec], modelReads: Set<String> = [],
        diagnostics: inout DiagnosticCollector
    ) -> Result {
        var result = Result()
        for assignment in merge(notebook) {
            let annotation = CommentAnnotation.parse(assignment.comment)
            if let malformed = annotation.malformedRange {
                diagnostics.add(
                    .warning(
                        NotebookCellDiagnosticID.malformedRange,
                        "the range in '\(malformed)' could not be read; it is ignored",
                        at: assignment.location,
                        help: [
                            "write a range like `range [0, 1]` (square brackets include the bound, parentheses exclude it)"
                        ]))
            }
            // The reader already reported a value outside the literal subset; never guess one.
            guard let literal = assignment.value else { continue }
            let name = assignment.name
            let lower = name.lowercased()
            if modelReads.contains(name) {
                // Read by the hand-written model function: a parameter of the model, editable.
                let typed: (ParameterType, ParameterValue)?
                switch literal.kind {
                case .int(let value): typed = (.integer, .integer(value))
                case .float(let value): typed = (.number, .double(value))
                case .string(let value): typed = (.string, .string(value))
                case .bool(let value): typed = (.boolean, .boolean(value))
                default: typed = nil
                }
                guard let (type, value) = typed else {
                    diagnostics.add(
                        .error(
                            SpecDiagnosticID.parameterType,
                            "the model function reads '\(name)', which is \(literal.typeName); parameters it reads are "
                                + "numbers, text or True/False", at: literal.location,
                            help: ["write tables in the model cell itself"]))
                    continue
                }
                if let range = annotation.range, let number = value.number, !range.contains(number) {
                    diagnostics.add(
                        .error(
                            SpecDiagnosticID.parameterOutOfRange,
                            "'\(name)' is \(NumberFormat.shortest(number)), outside its range \(range)",
                            at: literal.location, help: ["choose a value inside \(range)"]))
                    continue
                }
                result.parameters.append(
                    ParameterSpec(
                        name: name, type: type, value: value, range: annotation.range, unit: annotation.unit,
                        description: annotation.description ?? "read by the model function", role: .modelConstant,
                        editable: true, location: assignment.location))
            } else if thresholdNames.contains(lower) {
                guard let number = literal.number, number.isFinite else {
                    diagnostics.add(
                        .error(
                            SpecDiagnosticID.parameterType,
                            "the threshold '\(name)' must be a number, found \(literal.typeName)",
                            at: literal.location, help: ["write it as a number between 0 and 1, e.g. `\(name) = 0.5`"]))
                    continue
                }
                let range = annotation.range ?? Interval(lower: 0, upper: 1)
                if !range.contains(number) {
                    diagnostics.add(
                        .error(
                            SpecDiagnosticID.parameterOutOfRange,
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
                            SpecDiagnosticID.parameterType, "'\(name)' must name a class, found \(literal.typeName)",
                            at: literal.location, help: ["write the class label as a string, e.g. `\(name) = \"yes\"`"])
                    )
                    continue
                }
                result.parameters.append(
                    ParameterSpec(
                        name: name, type: .string, value: .string(text), description: annotation.description,
                        role: .positiveClass, editable: false, location: assignment.location))
            } else if predictionMinimumNames.contains(lower) || predictionMaximumNames.contains(lower) {
                let isMinimum = predictionMinimumNames.contains(lower)
                guard
                    let number = bound(
                        name, literal, what: "a prediction \(isMinimum ? "floor" : "cap")", range: annotation.range,
                        &diagnostics)
                else { continue }
                result.parameters.append(
                    ParameterSpec(
                        name: name, type: .number, value: .double(number), range: annotation.range,
                        unit: annotation.unit,
                        description: annotation.description
                            ?? (isMinimum
                                ? "predictions below this are raised to it"
                                : "predictions above this are lowered to it"),
                        role: isMinimum ? .predictionMinimum : .predictionMaximum, editable: true,
                        location: assignment.location))
            } else if let (input, isMinimum) = guardRail(name, inputs: inputs) {
                guard input.type.isNumeric else {
                    diagnostics.add(
                        .error(
                            SpecDiagnosticID.guardRailType,
                            "'\(name)' looks like a guard rail on '\(input.name)', but '\(input.name)' is not a number",
                            at: assignment.location,
                            help: ["guard rails bound numeric inputs only; rename '\(name)' if it is a training value"])
                    )
                    continue
                }
                guard
                    let number = bound(
                        name, literal, what: "a guard rail on '\(input.name)'", range: annotation.range, &diagnostics)
                else {
                    continue
                }
                var parameter = ParameterSpec(
                    name: name, type: .number, value: .double(number), range: annotation.range,
                    unit: annotation.unit ?? input.unit,
                    description: annotation.description
                        ?? "\(isMinimum ? "lowest" : "highest") '\(input.name)' the package accepts",
                    role: isMinimum ? .inputMinimum : .inputMaximum, editable: true, location: assignment.location)
                parameter.feature = input.name
                result.parameters.append(parameter)
            } else if lower == "model_name" {
                if let text = literal.string { result.modelName = (text, literal.location) }
                result.recorded.append(recorded(assignment, literal, annotation))
            } else {
                result.recorded.append(recorded(assignment, literal, annotation))
            }
        }
        return result
    }

    /// The finite number a bound parameter holds, or nil after reporting why not.
    static func bound(
        _ name: String, _ literal: PyLiteral, what: String, range: Interval?, _ diagnostics: inout DiagnosticCollector
    ) -> Double? {
        guard let number = literal.number, number.isFinite else {
            diagnostics.add(
                .error(
                    SpecDiagnosticID.parameterType,
                    "'\(name)' is \(what) and must be a finite number, found \(literal.typeName)",
                    at: literal.location, help: ["write it as a number, e.g. `\(name) = 10.0`"]))
            return nil
        }
        if let range, !range.contains(number) {
            diagnostics.add(
                .error(
                    SpecDiagnosticID.parameterOutOfRange,
                    "'\(name)' is \(NumberFormat.shortest(number)), outside its range \(range)",
                    at: literal.location, help: ["choose a value inside \(range)"]))
            return nil
        }
        return number
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
