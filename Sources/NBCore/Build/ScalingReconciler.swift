/// Puts the notebook's scaling constants and the model file's transformations together.
///
/// - When the model file reads a feature directly and the notebook holds its constants, the model file was
///   exported for scaled inputs: the generated code takes the raw input and applies the notebook's scaling.
/// - When both scale a feature, they must agree; differences are listed per feature.
enum ScalingReconciler {
    static func reconcile(
        _ scaling: [ScalingExtractor.FeatureScaling], model: ImportedModel, derived: inout [DerivedFieldSpec],
        body: inout ModelBody, diagnostics: inout DiagnosticCollector
    ) {
        guard !scaling.isEmpty else { return }
        var renames: [String: String] = [:]
        var mismatches: [Diagnostic.Note] = []
        var firstLocation: SourceLocation?
        let order = Dictionary(uniqueKeysWithValues: model.inputs.enumerated().map { ($1.name, $0) })
        for feature in scaling.sorted(by: { order[$0.feature, default: 0] < order[$1.feature, default: 0] }) {
            let readers = model.derivedFields.filter { $0.expression.fieldReferences == [feature.feature] }
            if readers.isEmpty {
                let name = "scaled(\(feature.feature))"
                derived.insert(
                    DerivedFieldSpec(
                        name: name, expression: feature.expression, origin: .notebook, location: feature.location),
                    at: renames.count)
                renames[feature.feature] = name
                continue
            }
            let (slope, intercept) = feature.affine
            var matched = false
            var described: [String] = []
            for reader in readers {
                guard let (pmmlSlope, pmmlIntercept) = affine(of: reader.expression, field: feature.feature) else {
                    continue
                }
                if close(slope, pmmlSlope) && close(intercept, pmmlIntercept) {
                    matched = true
                    break
                }
                described.append(
                    "model file '\(reader.name)' computes x * \(NumberFormat.shortest(pmmlSlope)) + \(NumberFormat.shortest(pmmlIntercept))"
                )
            }
            if !matched && !described.isEmpty {
                firstLocation = firstLocation ?? feature.location
                mismatches.append(
                    Diagnostic.Note(
                        "'\(feature.feature)': notebook \(feature.formula) = x * \(NumberFormat.shortest(slope)) + \(NumberFormat.shortest(intercept)); "
                            + described.joined(separator: "; "), at: feature.location))
            }
        }
        if !mismatches.isEmpty {
            diagnostics.add(
                .error(
                    "spec.scaling-mismatch",
                    "the notebook's scaling constants disagree with the model file for \(mismatches.count) feature\(mismatches.count == 1 ? "" : "s")",
                    at: firstLocation, notes: mismatches,
                    help: [
                        "re-run the notebook and re-export the model so both come from the same fitted scaler",
                        "or remove the scaling cell's tag if its constants are not the ones the model was trained with",
                    ]))
        }
        if !renames.isEmpty {
            body = body.renamingFields(renames)
            for index in derived.indices where derived[index].origin == .modelFile {
                derived[index].expression = derived[index].expression.renamingFields(renames)
            }
            diagnostics.add(
                .note(
                    "spec.notebook-scaling-applied",
                    "the model file reads \(renames.count) feature\(renames.count == 1 ? "" : "s") unscaled; the generated code applies the notebook's scaling constants to the raw inputs",
                    at: scaling.first?.location))
        }
    }

    /// Slope and intercept of an expression of one field, when it is affine (checked at three points).
    static func affine(of expression: Expression, field: String) -> (Double, Double)? {
        let evaluator = SpecEvaluator(
            inputs: [], derivedFields: [],
            model: .linear(
                LinearModelSpec(function: .regression, normalization: .none, equations: [], sourceElement: "")),
            target: TargetSpec(name: "", type: .double, opType: .continuous))
        func at(_ x: Double) -> Double? {
            try? evaluator.evaluate(expression, [field: .number(x)]).number
        }
        guard let y0 = at(0), let y1 = at(1), let y2 = at(2) else { return nil }
        let slope = y1 - y0
        guard close(y2 - y1, slope) else { return nil }
        return (slope, y0)
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(abs(a), abs(b)) || abs(a - b) <= 1e-12
    }
}

extension Expression {
    /// The same expression with field references renamed.
    public func renamingFields(_ renames: [String: String]) -> Expression {
        func rename(_ name: String) -> String { renames[name] ?? name }
        switch self {
        case .field(let name): return .field(rename(name))
        case .constant: return self
        case .apply(let function, let arguments, let mapMissingTo):
            return .apply(
                function: function, arguments: arguments.map { $0.renamingFields(renames) }, mapMissingTo: mapMissingTo)
        case .normContinuous(let field, let points, let outliers, let mapMissingTo):
            return .normContinuous(field: rename(field), points: points, outliers: outliers, mapMissingTo: mapMissingTo)
        case .indicator(let field, let value):
            return .indicator(field: rename(field), value: value)
        case .text: return self
        case .mapValues(var map):
            map.inputs = map.inputs.map { ValueMap.Input(field: rename($0.field), column: $0.column) }
            return .mapValues(map)
        case .discretize(var bins):
            bins.field = rename(bins.field)
            return .discretize(bins)
        }
    }
}

extension ModelBody {
    /// The same model with the fields it reads renamed.
    public func renamingFields(_ renames: [String: String]) -> ModelBody {
        switch self {
        case .linear(var model):
            for e in model.equations.indices {
                for t in model.equations[e].terms.indices {
                    model.equations[e].terms[t].factors = model.equations[e].terms[t].factors.map { factor in
                        switch factor {
                        case .numeric(let field, let exponent):
                            .numeric(field: renames[field] ?? field, exponent: exponent)
                        case .indicator(let field, let value): .indicator(field: renames[field] ?? field, value: value)
                        }
                    }
                }
            }
            return .linear(model)
        case .tree(var model):
            model.root = model.root.renamingFields(renames)
            return .tree(model)
        case .ensemble(var model):
            model.segments = model.segments.map { $0.renamingFields(renames) }
            return .ensemble(model)
        case .network(var model):
            for i in model.inputs.indices {
                model.inputs[i].expression = model.inputs[i].expression.renamingFields(renames)
            }
            return .network(model)
        case .machine(var model):
            model.fields = model.fields.map { field in
                switch field {
                case .field(let name): .field(renames[name] ?? name)
                case .category(let name, let value, let coefficient):
                    .category(field: renames[name] ?? name, value: value, coefficient: coefficient)
                }
            }
            return .machine(model)
        case .bayes(var model):
            for i in model.inputs.indices {
                let field = renames[model.inputs[i].field] ?? model.inputs[i].field
                model.inputs[i].field = field
                model.inputs[i].discretize?.field = field
            }
            return .bayes(model)
        }
    }
}

extension Segment {
    /// The same segment with the fields it reads from outside renamed. Names the segment defines itself (its
    /// derived fields and output fields) are never renamed inside it.
    public func renamingFields(_ renames: [String: String]) -> Segment {
        var local = renames
        for name in derivedFields.map(\.name) + outputFields.map(\.name) { local[name] = nil }
        var copy = self
        copy.predicate = predicate.renamingFields(renames)
        copy.derivedFields = derivedFields.map { field in
            var field = field
            field.expression = field.expression.renamingFields(local)
            return field
        }
        copy.model = model.renamingFields(local)
        copy.outputFields = outputFields.map { $0.renamingFields(local) }
        copy.variableWeight = variableWeight.map { local[$0] ?? $0 }
        return copy
    }
}

extension OutputFieldSpec {
    /// The same output field with the fields its expression reads renamed.
    public func renamingFields(_ renames: [String: String]) -> OutputFieldSpec {
        var copy = self
        switch feature {
        case .transformedValue(let expression): copy.feature = .transformedValue(expression.renamingFields(renames))
        case .decision(let expression): copy.feature = .decision(expression.renamingFields(renames))
        case .predictedValue, .probability, .entityId: break
        }
        return copy
    }
}
