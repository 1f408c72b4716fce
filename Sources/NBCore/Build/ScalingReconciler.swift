/// Puts the notebook's scaling constants and the model file's own preprocessing together, deciding from evidence.
///
/// For each input with constants in the notebook, `ModelPreprocessing` measures what the model file does to it,
/// through derived fields at any depth:
/// - the model file scales it: the notebook's map must be the same (then nothing more is applied), else
///   `spec.scaling-mismatch` lists each difference;
/// - the model file reads it raw: either the model was fit on scaled inputs (the constants must be applied) or the
///   scaling was folded into the model (they must not). The two readings give different numbers, so they are
///   decided by a `# nbship: scale-inputs` / `# nbship: already-in-model` line in the scaling cell or by the
///   notebook's examples (raw inputs with the pipeline's outputs), and checked against both; with nothing to
///   decide, the conversion is refused (`spec.scaling-ambiguous`).
enum ScalingReconciler {
    static let applyMarker = "scale-inputs"
    static let inModelMarker = "already-in-model"

    /// How one input's scaling was settled, for `nbship check` and the notes.
    struct Decision: Sendable, Hashable {
        enum Kind: String, Sendable, Hashable {
            /// The model file scales the input as the notebook's constants say.
            case inModel = "scaled by the model file"
            /// The model file scales the input, differently from the notebook's constants.
            case mismatch = "scaled by the model file, differently from the notebook"
            /// The notebook's constants are applied to the raw input.
            case applied = "scaled with the notebook's constants"
            /// The model file reads the input raw and the notebook's constants are not applied.
            case notApplied = "read raw (the notebook's constants are not applied)"
            /// Not settled: the conversion is refused.
            case ambiguous = "undecided"
        }
        var input: String
        var kind: Kind
        /// What was found and why: `segment 1 'standardScaler(x)' computes x * 0.5 + -1`.
        var detail: String
    }

    /// What reconciling decided.
    struct Outcome {
        var decisions: [Decision] = []
        /// The notebook's constants were applied to inputs the model file reads raw: ModelVerification records are
        /// then in the model file's scaled input space, not the package's.
        var appliedToRawInputs = false
        /// The inputs as the package reads them when the constants are applied: an input the model file reads as
        /// float is read as double, scaled in double (as scikit-learn's scaler computes in float64), and the
        /// scaled value is rounded to float, as the model file reads it.
        var inputs: [InputSpec]?
    }

    static func reconcile(
        _ scaling: [ScalingExtractor.FeatureScaling], model: ImportedModel, cells: [RoleCell],
        evidence: [ExampleSpec], target: TargetSpec, derived: inout [DerivedFieldSpec], body: inout ModelBody,
        diagnostics: inout DiagnosticCollector
    ) -> Outcome {
        var outcome = Outcome()
        guard !scaling.isEmpty else { return outcome }
        let preprocessing = ModelPreprocessing(model: model)
        var mismatches: [Diagnostic.Note] = []
        var firstLocation: SourceLocation?
        var raw: [ScalingExtractor.FeatureScaling] = []
        var inModel: [String] = []
        let order = Dictionary(uniqueKeysWithValues: model.inputs.enumerated().map { ($1.name, $0) })
        for feature in scaling.sorted(by: { order[$0.feature, default: 0] < order[$1.feature, default: 0] })
        where order[feature.feature] != nil {
            let (slope, intercept) = feature.affine
            // Raw values whose scaled images are 0, 1 and 2: typical inputs, away from any outlier clipping.
            let points = [0.0, 1, 2].map { ($0 - intercept) / slope }
            let reading = preprocessing.reading(of: feature.feature, at: points)
            guard reading.isScaledByModel else {
                raw.append(feature)
                continue
            }
            if let view = reading.views.first(where: { close(slope, $0.slope) && close(intercept, $0.intercept) }) {
                inModel.append(feature.feature)
                outcome.decisions.append(
                    Decision(
                        input: feature.feature, kind: .inModel,
                        detail: "\(view.scope) '\(view.name)' = \(feature.formula), as the notebook says"))
                continue
            }
            let described = reading.views.map { "model file \($0.scope) '\($0.name)' computes \($0.formula)" }
            firstLocation = firstLocation ?? feature.location
            mismatches.append(
                Diagnostic.Note(
                    "'\(feature.feature)': notebook \(feature.formula) = x * \(NumberFormat.shortest(slope)) + \(NumberFormat.shortest(intercept)); "
                        + described.joined(separator: "; "), at: feature.location))
            outcome.decisions.append(
                Decision(
                    input: feature.feature, kind: .mismatch,
                    detail: "notebook \(feature.formula); " + described.joined(separator: "; ")))
        }
        if !mismatches.isEmpty {
            diagnostics.add(
                .error(
                    SpecDiagnosticID.scalingMismatch,
                    "the notebook's scaling constants disagree with the model file for \(mismatches.count) feature\(mismatches.count == 1 ? "" : "s")",
                    at: firstLocation, notes: mismatches,
                    help: [
                        "re-run the notebook and re-export the model so both come from the same fitted scaler",
                        "if the constants are lists, check that they follow the order of the feature list (or give FEATURES)",
                        "or remove the scaling cell's tag if its constants are not the ones the model was trained with",
                    ]))
        }
        if !inModel.isEmpty {
            diagnostics.add(
                .note(
                    SpecDiagnosticID.scalingInModel,
                    "the model file already scales \(count(inModel.count, "input")) exactly as the notebook's constants say; nbship applies nothing more",
                    at: scaling.first?.location))
        }
        guard !raw.isEmpty else { return outcome }
        decideRaw(
            raw, model: model, cells: cells, evidence: evidence, target: target, derived: &derived, body: &body,
            outcome: &outcome, diagnostics: &diagnostics)
        return outcome
    }

    /// Inputs the model file reads raw while the notebook holds constants for them: apply the constants or not.
    private static func decideRaw(
        _ raw: [ScalingExtractor.FeatureScaling], model: ImportedModel, cells: [RoleCell], evidence: [ExampleSpec],
        target: TargetSpec, derived: inout [DerivedFieldSpec], body: inout ModelBody, outcome: inout Outcome,
        diagnostics: inout DiagnosticCollector
    ) {
        var appliedDerived = derived
        var renames: [String: String] = [:]
        let declared = Dictionary(model.inputs.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        for (index, feature) in raw.enumerated() {
            let name = "scaled(\(feature.feature))"
            appliedDerived.insert(
                DerivedFieldSpec(
                    name: name, type: declared[feature.feature] == .float ? .float : .double,
                    expression: feature.expression, origin: .notebook, location: feature.location),
                at: index)
            renames[feature.feature] = name
        }
        let scaledNames = Set(raw.map(\.feature))
        let appliedInputs = model.inputs.map { input in
            var raw = input
            if scaledNames.contains(input.name) && input.type == .float { raw.type = .double }
            return raw
        }
        let appliedBody = body.renamingFields(renames)
        for index in appliedDerived.indices where appliedDerived[index].origin == .modelFile {
            appliedDerived[index].expression = appliedDerived[index].expression.renamingFields(renames)
        }
        let marker = cells.lazy.compactMap { $0.directive(among: [applyMarker, inModelMarker]) }.first
        let checked = evidence.filter {
            $0.expectedLabel != nil || $0.expectedPrediction != nil || !$0.expectedProbabilities.isEmpty
        }
        let modelInputs = model.inputs
        /// How many examples disagree under one reading (the example check gives one error per example at most).
        func failures(_ derivedFields: [DerivedFieldSpec], _ model: ModelBody, _ inputs: [InputSpec]) -> Int {
            let evaluator = SpecEvaluator(
                inputs: inputs, derivedFields: derivedFields, model: model, target: target)
            var scratch = DiagnosticCollector()
            ExampleChecker.check(checked, evaluator: evaluator, target: target, diagnostics: &scratch)
            return scratch.errors.count
        }
        let names = raw.map(\.feature)
        let listed = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (names.count > 3 ? ", ..." : "")
        let readings = [
            "the model was fit on scaled inputs, so the notebook's constants must be applied to raw inputs (`# nbship: \(applyMarker)`)",
            "the constants are already part of the model file (folded in by the exporter), so they must not be applied (`# nbship: \(inModelMarker)`)",
        ]
        var apply: Bool
        var reason: String
        if !checked.isEmpty {
            let whenApplied = failures(appliedDerived, appliedBody, appliedInputs)
            let whenNot = failures(derived, body, modelInputs)
            let what = count(checked.count, "example")
            switch (whenApplied == 0, whenNot == 0) {
            case (true, false):
                apply = true
                reason = "the notebook's \(what) agree only with the constants applied"
            case (false, true):
                apply = false
                reason = "the notebook's \(what) agree only without them"
            case (true, true) where marker == nil:
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.scalingAmbiguous,
                        "the model file reads \(count(names.count, "input")) (\(listed)) raw and the scaling cell holds constants for them; the notebook's \(what) agree with both readings, which give different numbers elsewhere",
                        at: raw.first?.location, notes: readings.map { Diagnostic.Note($0) },
                        help: ambiguityHelp + [
                            "or add examples with expected probabilities or predictions (labels alone may not tell)"
                        ]))
                record(names, .ambiguous, "examples agree either way", &outcome)
                return
            case (true, true):
                apply = marker?.word == applyMarker
                reason = "the scaling cell says `# nbship: \(marker?.word ?? "")`"
            case (false, false):
                // Neither reading reproduces them: keep the marker's reading (or apply), and let the example check
                // report each disagreement.
                apply = marker.map { $0.word == applyMarker } ?? true
                reason = "neither reading reproduces the notebook's \(what)"
                diagnostics.add(
                    .note(
                        SpecDiagnosticID.scalingNoReadingFits,
                        "neither applying the notebook's scaling constants nor leaving them out reproduces the notebook's \(what)",
                        at: raw.first?.location))
            }
            if let marker, (marker.word == applyMarker) != apply, whenApplied != whenNot {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.scalingMarkerContradicted,
                        "the scaling cell says `# nbship: \(marker.word)`, but \(reason)",
                        at: marker.location,
                        help: [
                            "remove the marker, or check that the examples hold raw inputs and the pipeline's outputs"
                        ]))
                record(names, .ambiguous, reason, &outcome)
                return
            }
        } else if let marker {
            apply = marker.word == applyMarker
            reason = "the scaling cell says `# nbship: \(marker.word)`"
        } else {
            var notes = readings.map { Diagnostic.Note($0) }
            if !model.verification.isEmpty {
                notes.append(
                    Diagnostic.Note(
                        "the model file's ModelVerification records are in the model file's own input space, so they cannot tell the two readings apart"
                    ))
            }
            diagnostics.add(
                .error(
                    SpecDiagnosticID.scalingAmbiguous,
                    "the model file reads \(count(names.count, "input")) (\(listed)) raw, and the scaling cell holds constants for them; nothing says whether to apply them, and the two readings give different predictions",
                    at: raw.first?.location, notes: notes, help: ambiguityHelp))
            record(names, .ambiguous, "no marker and no examples", &outcome)
            return
        }
        if apply {
            derived = appliedDerived
            body = appliedBody
            outcome.appliedToRawInputs = true
            outcome.inputs = appliedInputs
            diagnostics.add(
                .note(
                    SpecDiagnosticID.notebookScalingApplied,
                    "the model file reads \(count(names.count, "feature")) unscaled; the generated code applies the notebook's scaling constants to the raw inputs (\(reason))",
                    at: raw.first?.location))
            for feature in raw {
                outcome.decisions.append(
                    Decision(input: feature.feature, kind: .applied, detail: "\(feature.formula), because \(reason)"))
            }
        } else {
            diagnostics.add(
                .note(
                    SpecDiagnosticID.notebookScalingNotApplied,
                    "the model file reads \(count(names.count, "feature")) raw and the notebook's constants for them are not applied (\(reason))",
                    at: raw.first?.location))
            record(names, .notApplied, reason, &outcome)
        }
    }

    static let ambiguityHelp = [
        "if the exported model was fit on scaled data (the scaler is not in the model file), add a line `# nbship: \(applyMarker)` to the scaling cell",
        "if the constants only document a scaling the model file already contains, add `# nbship: \(inModelMarker)`",
        "or add golden examples (raw inputs with the full pipeline's outputs) to a cell tagged `examples`: they decide",
        "`nbship check <notebook> --model <model file>` shows how each input is read",
    ]

    private static func record(
        _ names: [String], _ kind: Decision.Kind, _ detail: String, _ outcome: inout Outcome
    ) {
        outcome.decisions += names.map { Decision(input: $0, kind: kind, detail: detail) }
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

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
        case .function:
            // A function's inputs are its arguments, named in the cell: never renamed.
            return self
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
        case .scorecard(var model):
            for c in model.characteristics.indices {
                for a in model.characteristics[c].attributes.indices {
                    model.characteristics[c].attributes[a].condition =
                        model.characteristics[c].attributes[a].condition.renamingFields(renames)
                    model.characteristics[c].attributes[a].partialScore =
                        model.characteristics[c].attributes[a].partialScore.renamingFields(renames)
                }
            }
            return .scorecard(model)
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
