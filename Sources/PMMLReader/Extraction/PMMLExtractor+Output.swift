import NBCore

/// Output: OutputFields with feature predictedValue and probability become `OutputSpec`s; the others are listed
/// in one warning rather than dropped silently.
extension PMMLExtractor {
    mutating func readOutput(
        _ output: XMLTreeElement, function: MiningFunction?, classes: [String], targetName: String?,
        reasonCodes: Bool = false, computed: Set<String> = []
    ) -> [OutputSpec] {
        checkChildren(of: output, handled: ["OutputField"])
        var specs: [OutputSpec] = []
        var leftOut: [String] = []
        var lines: [String: Int] = [:]
        for field in output.children(named: "OutputField") {
            guard let name = required("name", of: field) else { continue }
            if let line = lines[name] {
                error(
                    PMMLDiagnosticID.duplicateField, "Two OutputFields are named '\(name)'.", at: field,
                    notes: [Diagnostic.Note("the first one", at: SourceLocation(file: file, line: line))])
                continue
            }
            lines[name] = field.line
            // Intermediate results feed other OutputFields only; they are not results of the model.
            if field.attribute("isFinalResult") == "false" { continue }
            if let other = field.attribute("targetField"), let targetName, other != targetName {
                error(
                    PMMLDiagnosticID.unknownField,
                    "The OutputField '\(name)' is for '\(other)', which is not the model's target '\(targetName)'.",
                    at: field, help: NameSuggestion.help(for: other, in: [targetName]))
                continue
            }
            let feature = field.attribute("feature") ?? "predictedValue"
            switch (feature, field.attribute("value")) {
            case ("predictedValue", _):
                specs.append(OutputSpec(name: name, kind: .predictedValue))
            case ("probability", let label?) where function == .classification:
                if !classes.isEmpty && !classes.contains(label) {
                    error(
                        PMMLDiagnosticID.unknownCategory,
                        "The OutputField '\(name)' asks for the probability of '\(label)', which is not a class of "
                            + "the model.", at: field,
                        help: NameSuggestion.help(for: label, in: classes)
                            + ["the classes are " + classes.map { "'\($0)'" }.joined(separator: ", ")])
                    continue
                }
                specs.append(OutputSpec(name: name, kind: .probability(classLabel: label)))
            case ("probability", nil) where function == .classification:
                leftOut.append("'\(name)' (probability of the predicted class)")
            case ("transformedValue", _), ("decision", _):
                if !computed.contains(name) { leftOut.append("'\(name)' (\(feature))") }
            case ("reasonCode", _) where reasonCodes:
                guard let rank = integer("rank", of: field, default: 1) else { continue }
                guard rank >= 1 else {
                    error(
                        PMMLDiagnosticID.badAttributeValue,
                        "The OutputField '\(name)' asks for the reason code of rank \(rank).", at: field,
                        help: ["rank 1 is the reason code with the most points, 2 the next, and so on"])
                    continue
                }
                specs.append(OutputSpec(name: name, kind: .reasonCode(rank: rank)))
            default:
                leftOut.append("'\(name)' (\(feature))")
            }
        }
        if !leftOut.isEmpty {
            warning(
                PMMLDiagnosticID.unsupportedOutput,
                "nbship leaves out the OutputField\(leftOut.count == 1 ? "" : "s") "
                    + leftOut.joined(separator: ", ") + ".", at: output,
                help: [
                    "the generated code returns the prediction and, for classifiers, each class probability; "
                        + "compute other results from those"
                ])
        }
        return specs
    }
}
