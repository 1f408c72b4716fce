import Foundation

/// A `ModelSpec` is valid by construction: `SpecBuilder` builds it from checked inputs, decoding one
/// (`model-spec.json` of a package, possibly edited by hand) re-runs the structural rules below, and parameter
/// edits go through `settingParameters(_:)`, which re-runs them too. What a spec decoded from a file cannot
/// break: every field the model and derived fields read exists, names are unique, class labels of outputs and
/// examples are the target's, the decision rule names an existing threshold and class, and every parameter value
/// has its type and lies in its range and allowed values.
extension ModelSpec {
    /// Every structural problem of the spec, as `spec.invalid` errors (empty when valid).
    public func validationErrors(file: String = "model-spec.json") -> [Diagnostic] {
        var problems: [String] = []
        func duplicates(_ names: [String]) -> [String] {
            Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        }
        if name.isEmpty { problems.append("the package name is empty") }
        let inputNames = inputs.map(\.name)
        for name in duplicates(inputNames) { problems.append("the input '\(name)' is declared twice") }
        for name in duplicates(derivedFields.map(\.name)) {
            problems.append("the derived field '\(name)' is declared twice")
        }
        for field in derivedFields where inputNames.contains(field.name) {
            problems.append("the derived field '\(field.name)' has the name of an input")
        }
        let known = Set(inputNames + derivedFields.map(\.name))
        for field in derivedFields {
            for reference in field.expression.fieldReferences where !known.contains(reference) {
                problems.append("the derived field '\(field.name)' reads '\(reference)', which is not declared")
            }
        }
        for reference in model.fieldReferences where !known.contains(reference) {
            problems.append("the model reads '\(reference)', which is neither an input nor a derived field")
        }
        var visible = known
        for field in outputFields ?? [] {
            for reference in field.expressionReferences where !visible.contains(reference) {
                problems.append(
                    "the output field '\(field.name)' reads '\(reference)', which is not declared before it")
            }
            visible.insert(field.name)
        }
        let classification = target.opType != .continuous
        let classes = Set(target.classes)
        if classification && target.classes.isEmpty { problems.append("the classifier's target has no classes") }
        for name in duplicates(target.classes) { problems.append("the class '\(name)' is declared twice") }
        for name in duplicates(parameters.map(\.name)) { problems.append("the parameter '\(name)' is declared twice") }
        for output in outputs {
            switch output.kind {
            case .probability(let label) where !classes.contains(label):
                problems.append("the output '\(output.name)' is the probability of '\(label)', which is not a class")
            case .decision(let positive, let threshold):
                if !classes.contains(positive) {
                    problems.append("the decision is on '\(positive)', which is not a class")
                }
                if !parameters.contains(where: { $0.name == threshold }) {
                    problems.append("the decision's threshold parameter '\(threshold)' is not declared")
                }
            case .field(let name) where !(outputFields ?? []).contains(where: { $0.name == name && $0.isFinalResult }):
                problems.append("the output '\(output.name)' is the output field '\(name)', which is not declared")
            default: break
            }
        }
        for parameter in parameters {
            if let problem = Self.problem(with: parameter.value, of: parameter) { problems.append(problem) }
        }
        for inverted in BoundsRule.inverted(parameters) {
            problems.append(
                "'\(inverted.lower.name)' (\(inverted.lower.value)) is above '\(inverted.upper.name)' (\(inverted.upper.value)): no \(inverted.what) could pass"
            )
        }
        for (index, example) in examples.enumerated() {
            for key in example.inputs.keys.sorted() where !inputNames.contains(key) {
                problems.append("example \(index + 1) gives '\(key)', which is not an input")
            }
            if let label = example.expectedLabel, classification, !classes.contains(label) {
                problems.append("example \(index + 1) expects the label '\(label)', which is not a class")
            }
            for label in example.expectedProbabilities.keys.sorted() where !classes.contains(label) {
                problems.append("example \(index + 1) gives a probability of '\(label)', which is not a class")
            }
        }
        return problems.map {
            .error(
                SpecDiagnosticID.invalid, "the model spec is not valid: \($0)", at: SourceLocation(file: file),
                help: ["regenerate the package with nbship convert; model-spec.json is written by nbship, not by hand"])
        }
    }

    /// Why a value is not valid for a parameter: its type, its range, its allowed values; nil when it is.
    public static func problem(with value: ParameterValue, of parameter: ParameterSpec) -> String? {
        let typed: Bool
        switch (parameter.type, value) {
        case (.number, .double), (.number, .integer), (.integer, .integer), (.string, .string), (.boolean, .boolean):
            typed = true
        default: typed = false
        }
        guard typed else { return "the parameter '\(parameter.name)' is a \(parameter.type.rawValue), not '\(value)'" }
        let number: Double? =
            switch value {
            case .double(let x): x
            case .integer(let n): Double(n)
            default: nil
            }
        if let number, !number.isFinite {
            return "the parameter '\(parameter.name)' is \(value), not a finite number"
        }
        if let number, let range = parameter.range, !range.contains(number) {
            return "the parameter '\(parameter.name)' is \(value), outside its range \(range)"
        }
        if !parameter.allowedValues.isEmpty, !parameter.allowedValues.contains(value.description) {
            return "the parameter '\(parameter.name)' is '\(value)', not one of \(parameter.allowedValues)"
        }
        return nil
    }

    /// The spec with new values for editable parameters, checked by the same rules: an unknown or read-only
    /// parameter, or a value of the wrong type or outside its range, is an error and nothing changes.
    public func settingParameters(_ values: [String: ParameterValue]) throws(DiagnosticError) -> ModelSpec {
        var revised = self
        var errors: [Diagnostic] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let index = revised.parameters.firstIndex(where: { $0.name == name }) else {
                errors.append(.error(SpecDiagnosticID.invalid, "the model has no parameter '\(name)'"))
                continue
            }
            guard revised.parameters[index].editable else {
                errors.append(
                    .error(SpecDiagnosticID.invalid, "the parameter '\(name)' is a training value and cannot be edited")
                )
                continue
            }
            if let problem = Self.problem(with: value, of: revised.parameters[index]) {
                errors.append(.error(SpecDiagnosticID.invalid, problem))
                continue
            }
            let old = revised.parameters[index].value
            guard value != old else { continue }
            if revised.parameters[index].notebookValue == nil { revised.parameters[index].notebookValue = old }
            revised.parameters[index].value = value
            if revised.parameters[index].notebookValue == value { revised.parameters[index].notebookValue = nil }
        }
        errors += revised.validationErrors()
        if !errors.isEmpty { throw DiagnosticError(errors) }
        return revised
    }
}

extension ModelSpec {
    /// The same spec with inputs renamed (model-file name -> new name) everywhere they are read: the model, the
    /// derived fields, guard rails and the examples. The old name is kept in the input's description. Returns nil
    /// when a new name would clash with another field's name or with another new name.
    public func renamingInputs(_ renames: [String: String]) -> ModelSpec? {
        let renames = renames.filter { old, new in old != new && inputs.contains { $0.name == old } }
        guard !renames.isEmpty else { return self }
        // A model file's derived field named after the input it reads (`scaled(x3)`, as the ONNX reader names
        // them) follows the input's new name.
        var derivedRenames: [String: String] = [:]
        for field in derivedFields where field.origin == .modelFile {
            for (old, new) in renames where field.name.hasSuffix("(\(old))") {
                derivedRenames[field.name] = String(field.name.dropLast(old.count + 1)) + "\(new))"
            }
        }
        let kept = Set(inputs.map(\.name)).subtracting(renames.keys)
            .union(derivedFields.map(\.name)).subtracting(derivedRenames.keys)
        let newNames = Array(renames.values) + Array(derivedRenames.values)
        guard Set(newNames).count == newNames.count, kept.isDisjoint(with: newNames) else { return nil }
        let fieldRenames = renames.merging(derivedRenames) { first, _ in first }
        var copy = self
        for index in copy.inputs.indices {
            guard let new = renames[copy.inputs[index].name] else { continue }
            let note = "the model file's input `\(copy.inputs[index].name)`"
            copy.inputs[index].description = copy.inputs[index].description.map { "\($0) (\(note))" } ?? note
            copy.inputs[index].name = new
        }
        copy.derivedFields = derivedFields.map { field in
            var field = field
            field.name = derivedRenames[field.name] ?? field.name
            field.expression = field.expression.renamingFields(fieldRenames)
            return field
        }
        copy.model = model.renamingFields(fieldRenames)
        copy.outputFields = outputFields?.map { $0.renamingFields(fieldRenames) }
        for index in copy.parameters.indices {
            if let feature = copy.parameters[index].feature, let new = renames[feature] {
                copy.parameters[index].feature = new
            }
        }
        for index in copy.examples.indices {
            copy.examples[index].inputs = Dictionary(
                copy.examples[index].inputs.map { (renames[$0.key] ?? $0.key, $0.value) },
                uniquingKeysWith: { first, _ in first })
        }
        return copy
    }
}
