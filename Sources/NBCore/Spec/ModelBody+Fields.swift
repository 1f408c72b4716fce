extension ModelBody {
    /// The names of the fields the model reads from outside itself, in first-use order: predictor and predicate
    /// fields, and what segment-local derived fields and output expressions read. Names a segment defines (its
    /// derived fields, its output fields, earlier chain outputs) are not included.
    public var fieldReferences: [String] {
        var names: [String] = []
        collectReferences(into: &names, defined: [])
        return names
    }

    private func collectReferences(into names: inout [String], defined: Set<String>) {
        func add(_ name: String) {
            if !defined.contains(name) && !names.contains(name) { names.append(name) }
        }
        switch self {
        case .linear(let model):
            for equation in model.equations {
                for term in equation.terms { term.factors.forEach { add($0.field) } }
            }
        case .tree(let model):
            var seen = defined.union(names)
            var found: [String] = []
            model.root.collectFieldReferences(into: &found, seen: &seen)
            names += found
        case .network(let model):
            for input in model.inputs { input.expression.fieldReferences.forEach(add) }
        case .machine(let model):
            model.fields.map(\.field).forEach(add)
        case .bayes(let model):
            model.inputs.map(\.field).forEach(add)
        case .scorecard(let model):
            model.fieldReferences.forEach(add)
        case .function(let model):
            (model.model?.arguments ?? []).map(\.name).forEach(add)
        case .ensemble(let model):
            var visible = defined
            for segment in model.segments {
                segment.predicate.fieldReferences.forEach(add)
                var local = visible
                for field in segment.derivedFields {
                    field.expression.fieldReferences.filter { !local.contains($0) }.forEach(add)
                    local.insert(field.name)
                }
                segment.model.collectReferences(into: &names, defined: local)
                for field in segment.outputFields {
                    field.expressionReferences.filter { !local.contains($0) }.forEach(add)
                    local.insert(field.name)
                }
                if let weight = segment.variableWeight, !local.contains(weight) { add(weight) }
                if model.multipleModelMethod == .modelChain {
                    visible.formUnion(segment.outputFields.map(\.name))
                }
            }
        }
    }
}

extension OutputFieldSpec {
    /// The fields an output field's expression reads (none for the other features).
    public var expressionReferences: [String] {
        switch feature {
        case .transformedValue(let expression), .decision(let expression): expression.fieldReferences
        case .predictedValue, .probability, .entityId: []
        }
    }
}
