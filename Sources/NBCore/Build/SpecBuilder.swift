import Foundation

/// Builds a validated `ModelSpec` from what the readers produced. Every rule runs and every problem is
/// collected; the builder then either returns the spec (with warnings) or throws all errors at once.
public struct SpecBuilder: Sendable {
    /// What the builder works from.
    public struct Request: Sendable {
        public var notebook: NotebookExtract?
        public var model: ImportedModel?
        /// Source files with hashes, for provenance.
        public var sources: [Provenance.SourceFile]
        /// `--name` from the command line; wins over the notebook's `model_name`.
        public var name: String?

        public init(
            notebook: NotebookExtract?, model: ImportedModel?, sources: [Provenance.SourceFile] = [],
            name: String? = nil
        ) {
            self.notebook = notebook
            self.model = model
            self.sources = sources
            self.name = name
        }
    }

    public init() {}

    /// What `check` found: the spec when the inputs are valid, every diagnostic, and what was understood.
    public struct Report: Sendable {
        public var spec: ModelSpec?
        public var diagnostics: [Diagnostic]
        public var understanding: Understanding

        public init(spec: ModelSpec?, diagnostics: [Diagnostic], understanding: Understanding) {
            self.spec = spec
            self.diagnostics = diagnostics
            self.understanding = understanding
        }
    }

    /// Builds the spec, or throws every error found.
    public func build(_ request: Request) throws(DiagnosticError) -> (spec: ModelSpec, warnings: [Diagnostic]) {
        let report = check(request)
        guard let spec = report.spec else { throw DiagnosticError(report.diagnostics) }
        return (spec, report.diagnostics)
    }

    /// Runs every rule and reports what was understood, whether or not a spec can be built (`nbship check`).
    public func check(_ request: Request) -> Report {
        do {
            return try run(request)
        } catch {
            return Report(spec: nil, diagnostics: error.diagnostics, understanding: Understanding())
        }
    }

    private func run(_ request: Request) throws(DiagnosticError) -> Report {
        var diagnostics = DiagnosticCollector()
        let functionModel = request.model == nil ? try request.notebook.flatMap(FunctionModelBuilder.imported) : nil
        guard let model = request.model ?? functionModel else {
            throw DiagnosticError(
                .error(
                    SpecDiagnosticID.modelRequired, "a model file is required",
                    help: [
                        "pass the exported model with --model, e.g. `--model model.pmml`",
                        "or write the model as a Python function in a cell tagged `model`",
                    ]))
        }
        diagnostics.add(contentsOf: model.diagnostics)
        guard let target = model.target else {
            throw DiagnosticError(
                diagnostics.diagnostics + [
                    .error(
                        SpecDiagnosticID.noTarget,
                        "the model file declares no target field; nbship packages models that predict one",
                        at: SourceLocation(file: model.file),
                        help: [
                            "export the model with its target (a MiningField with usageType=\"target\")",
                            "models without a target (anomaly scores, say) are not supported yet",
                        ])
                ])
        }
        let inputNames = model.inputs.map(\.name)
        var derived = model.derivedFields
        var body = model.model
        var provenance = Provenance(sources: request.sources, modelProducer: model.producer)

        var parameters = ParameterExtractor.Result()
        var examples: [ExampleSpec] = []
        var understanding = Understanding()
        var scaledInputsOnly = false
        var inputs = model.inputs
        var exampleReadings: [ExampleExtractor.Reading] = []
        if let notebook = request.notebook {
            for cell in notebook.roleCells {
                provenance.cells.append(Provenance.CellUse(role: cell.role.rawValue, cell: cell.cellNumber))
            }
            var modelReads: Set<String> = []
            if case .function(let function) = model.model { modelReads = Set(function.parameters) }
            parameters = ParameterExtractor.extract(
                notebook, inputs: model.inputs, modelReads: modelReads, diagnostics: &diagnostics)
            let featureCells = notebook.cells(.features) + notebook.cells(.scaling) + notebook.cells(.examples)
            let notebookFeatures = NotebookFeatures(
                cells: featureCells, inputs: inputNames, classes: target.opType == .continuous ? [] : target.classes)
            let features = notebookFeatures.primary.map { (names: $0.names, location: $0.location) }
            if let note = notebookFeatures.positionNote { diagnostics.add(note) }
            if let features {
                for name in features.names where !inputNames.contains(name) {
                    diagnostics.add(
                        .warning(
                            SpecDiagnosticID.featureNotUsed,
                            "the notebook lists the feature '\(name)', which the model file does not use",
                            at: features.location,
                            // Suggest only inputs the list lacks: a listed input is not what was misspelt.
                            help: NameSuggestion.help(
                                for: name, in: inputNames.filter { !features.names.contains($0) })))
                }
            }
            let scaling = ScalingExtractor.extract(
                cells: notebook.cells(.scaling), features: features?.names, knownInputs: inputNames,
                notebook: notebookFeatures, diagnostics: &diagnostics)
            let reading = ExampleExtractor.extract(
                cells: notebook.cells(.examples), features: features?.names, inputs: model.inputs, target: target,
                parameters: parameters.parameters, notebook: notebookFeatures, diagnostics: &diagnostics)
            examples = reading.examples
            exampleReadings = reading.readings
            let outcome = ScalingReconciler.reconcile(
                scaling, model: model, cells: notebook.cells(.scaling), evidence: examples, target: target,
                derived: &derived, body: &body, diagnostics: &diagnostics)
            understanding.scaling = outcome.decisions
            scaledInputsOnly = outcome.appliedToRawInputs
            inputs = outcome.inputs ?? inputs
            understanding.notebookNames = Dictionary(
                notebookFeatures.aliases.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
            let placedByPosition = outcome.decisions.filter {
                $0.kind == .applied && notebookFeatures.aliases.values.contains($0.input)
            }
            if !placedByPosition.isEmpty && examples.isEmpty {
                // The constants reach the inputs only through the order of the notebook's names: without examples
                // to check it, a different order would give a different package.
                let pairs = placedByPosition.prefix(3).map { decision in
                    "'\(notebookFeatures.aliases.first { $0.value == decision.input }?.key ?? "?")' = \(decision.input)"
                }
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.featuresByPositionUnconfirmed,
                        "the model file names its inputs by position, and the notebook's scaling constants reach them only through the order of its feature names (\(pairs.joined(separator: ", "))\(placedByPosition.count > 3 ? ", ..." : "")); no example checks that order",
                        at: notebookFeatures.aliasSource,
                        help: [
                            "add golden examples (raw inputs with the full pipeline's outputs) to a cell tagged `examples`",
                            "or key the constants by the model file's input names (\(inputNames.prefix(3).map { "'\($0)'" }.joined(separator: ", ")), ...)",
                        ]))
            }
        }
        var verification = model.verification
        if scaledInputsOnly && !verification.isEmpty {
            // The model file's records hold the scaled values the model file itself reads: check them against the
            // model file alone; they cannot be tests of a package that takes raw inputs.
            let fileEvaluator = SpecEvaluator(
                inputs: model.inputs, derivedFields: model.derivedFields, model: model.model, target: target)
            ExampleChecker.check(verification, evaluator: fileEvaluator, target: target, diagnostics: &diagnostics)
            diagnostics.add(
                .note(
                    SpecDiagnosticID.verificationScaledSpace,
                    "the model file's \(verification.count) ModelVerification records hold scaled inputs; they were checked against the model file and are not tests of the package, which takes raw inputs",
                    at: SourceLocation(file: model.file)))
            verification = []
        }

        var outputs: [OutputSpec] = []
        var editable = parameters.parameters
        if body.function == .regression {
            outputs.append(OutputSpec(name: "prediction", kind: .predictedValue))
            // A scorecard's reason codes, down to the deepest rank the model file's Output asks for.
            let ranks = model.outputs.compactMap { output -> Int? in
                if case .reasonCode(let rank) = output.kind { return rank }
                return nil
            }
            if body.givesReasonCodes, let deepest = ranks.max() {
                for rank in 1...deepest {
                    outputs.append(
                        OutputSpec(name: OutputSpec.reasonCodeName(rank: rank), kind: .reasonCode(rank: rank)))
                }
            }
            for parameter in editable where parameter.role == .threshold || parameter.role == .positiveClass {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.thresholdNeedsClassifier,
                        "'\(parameter.name)' only makes sense for a binary classifier, but this model is a regression",
                        at: parameter.location, help: ["remove '\(parameter.name)' from the parameters cell"]))
            }
        } else {
            outputs.append(OutputSpec(name: "label", kind: .predictedValue))
            // A hand-written function's label has probability 1, the other classes 0.
            for label in target.classes {
                outputs.append(OutputSpec(name: "probability(\(label))", kind: .probability(classLabel: label)))
            }
            bindDecision(target: target, parameters: &editable, outputs: &outputs, diagnostics: &diagnostics)
        }

        let outputFields = Self.declaredOutputFields(model.outputFields)
        for field in outputFields ?? [] where field.isFinalResult && field.computesExpression {
            if outputs.contains(where: { $0.name == field.name }) {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.outputNameClash,
                        "the model file's OutputField '\(field.name)' has the name of the package's own output column '\(field.name)'",
                        at: field.location ?? SourceLocation(file: model.file),
                        help: ["rename the OutputField in the model file"]))
                continue
            }
            outputs.append(OutputSpec(name: field.name, kind: .field(name: field.name)))
        }

        var evaluator = SpecEvaluator(
            inputs: inputs, derivedFields: derived, model: body, target: target,
            decision: decisionBinding(editable), outputFields: outputFields ?? [])
        for parameter in editable { evaluator.parameterValues[parameter.name] = parameter.value }
        var allExamples = examples + verification
        if allExamples.isEmpty {
            // Rows outside the guard rails or caps would be refusals, not predictions: they are left out.
            allExamples = ReferenceRows.make(
                inputs: inputs, derivedFields: derived, body: body, evaluator: evaluator, target: target
            ).filter { row in
                var scratch = DiagnosticCollector()
                Self.checkBounds(editable, function: body.function, examples: [row], diagnostics: &scratch)
                return scratch.diagnostics.isEmpty
            }
            diagnostics.add(
                .warning(
                    SpecDiagnosticID.noGoldenExamples,
                    "neither the notebook nor the model file has golden examples; the package's tests use \(allExamples.count) rows scored by nbship's reference evaluator, which check the generated code but not that it agrees with the framework that trained the model",
                    at: request.notebook.map { SourceLocation(file: $0.file) } ?? SourceLocation(file: model.file),
                    help: [
                        "add a cell tagged `examples` with a few raw input rows and the full pipeline's outputs",
                        "or export the model with its verification records (sklearn2pmml: `pipeline.verify(X.sample(5))`)",
                    ]))
        }
        if body.computesInFloat {
            for index in allExamples.indices { allExamples[index].floatULPs = ExampleSpec.float32ULPs }
        }
        ExampleChecker.check(allExamples, evaluator: evaluator, target: target, diagnostics: &diagnostics)
        Self.checkBounds(editable, function: body.function, examples: allExamples, diagnostics: &diagnostics)

        let name = packageName(request: request, model: model, parameters: parameters, diagnostics: &diagnostics)
        understanding.complete(
            notebook: request.notebook, model: model, parameters: editable, recorded: parameters.recorded,
            outputs: outputs,
            readings: exampleReadings)
        understanding.notebookExampleCount = examples.count
        understanding.verificationCount = verification.count
        if diagnostics.hasErrors {
            return Report(spec: nil, diagnostics: diagnostics.diagnostics, understanding: understanding)
        }
        let title = request.notebook?.title ?? model.modelName ?? name
        let summary = request.notebook.map { Self.introduction(of: $0.markdown) } ?? model.description ?? ""
        var spec = ModelSpec(
            name: name, title: title, summary: summary, inputs: inputs, derivedFields: derived, model: body,
            target: target, outputs: outputs, parameters: editable, trainingValues: parameters.recorded,
            examples: allExamples, provenance: provenance, numeric: model.numeric, outputFields: outputFields)
        // Inputs the model file names by position (`x3`, `f0`) take the notebook's names, so the package reads the
        // CSV columns people have; the model file's name stays in the input's description.
        if !understanding.notebookNames.isEmpty {
            if let renamed = spec.renamingInputs(understanding.notebookNames) {
                spec = renamed
            } else {
                diagnostics.add(
                    .note(
                        SpecDiagnosticID.featuresByPosition,
                        "the package keeps the model file's positional input names: the notebook's names would clash with other fields",
                        at: SourceLocation(file: model.file)))
            }
        }
        return Report(spec: spec, diagnostics: diagnostics.diagnostics, understanding: understanding)
    }

    /// Guard rails and caps: a floor or cap only on a regression, each minimum at most its maximum, and every golden
    /// example inside them (the generated tests expect the source framework's outputs).
    static func checkBounds(
        _ parameters: [ParameterSpec], function: MiningFunction, examples: [ExampleSpec],
        diagnostics: inout DiagnosticCollector
    ) {
        for inverted in BoundsRule.inverted(parameters) {
            let (lower, upper) = (inverted.lower, inverted.upper)
            diagnostics.add(
                .error(
                    SpecDiagnosticID.boundsOrder,
                    "'\(lower.name)' is \(lower.value), above '\(upper.name)' (\(upper.value)): nothing could pass",
                    at: lower.location, help: ["make '\(lower.name)' at most '\(upper.name)'"]))
        }
        let bounds = parameters.filter { $0.role == .predictionMinimum || $0.role == .predictionMaximum }
        if function != .regression {
            for parameter in bounds {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.capNeedsRegression,
                        "'\(parameter.name)' bounds a regression's prediction, but this model is a classifier",
                        at: parameter.location, help: ["remove '\(parameter.name)' from the parameters cell"]))
            }
            return
        }
        let rails = ModelSpec.guardRails(of: parameters)
        for (index, example) in examples.enumerated() {
            let what = example.title(index: index, located: false)
            if let refusal = ModelSpec.guardRailRefusal(example.inputs, rails: rails) {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.exampleOutsideGuardRail, "\(what) would be refused: \(refusal)",
                        at: example.location,
                        help: ["widen the guard rail in the parameters cell, or drop the example"]))
            }
            guard let prediction = example.expectedPrediction else { continue }
            for parameter in bounds {
                guard let bound = parameter.value.number else { continue }
                let outside = parameter.role == .predictionMinimum ? prediction < bound : prediction > bound
                if outside {
                    diagnostics.add(
                        .error(
                            SpecDiagnosticID.exampleOutsideCap,
                            "\(what) predicts \(NumberFormat.shortest(prediction)), beyond '\(parameter.name)' = \(parameter.value)",
                            at: example.location,
                            help: [
                                "the generated tests expect the notebook's outputs: move '\(parameter.name)' past it"
                            ]))
                }
            }
        }
    }

    /// The notebook's introduction: the text after its first heading, up to the next heading.
    static func introduction(of markdown: String) -> String {
        var lines: [String] = []
        var seenHeading = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let isHeading = line.hasPrefix("#")
            if isHeading {
                if seenHeading || !lines.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { break }
                seenHeading = true
                continue
            }
            lines.append(String(line))
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func decisionBinding(_ parameters: [ParameterSpec]) -> (threshold: Double, positiveClass: String)? {
        guard let threshold = parameters.first(where: { $0.role == .threshold })?.value.number,
            case .string(let positive)? = parameters.first(where: { $0.role == .positiveClass })?.value
        else { return nil }
        return (threshold, positive)
    }

    /// A threshold on a binary classifier defines the `decision` output.
    func bindDecision(
        target: TargetSpec, parameters: inout [ParameterSpec], outputs: inout [OutputSpec],
        diagnostics: inout DiagnosticCollector
    ) {
        guard let threshold = parameters.first(where: { $0.role == .threshold }) else {
            if let positive = parameters.first(where: { $0.role == .positiveClass }) {
                diagnostics.add(
                    .warning(
                        SpecDiagnosticID.positiveClassUnused,
                        "'\(positive.name)' is set but there is no threshold to apply it to",
                        at: positive.location,
                        help: ["add `threshold: float = 0.5  # range [0, 1]` to the parameters cell"]))
            }
            return
        }
        guard target.classes.count == 2 else {
            diagnostics.add(
                .error(
                    SpecDiagnosticID.thresholdNeedsBinary,
                    "a threshold needs a binary classifier, but this model has \(target.classes.count) classes",
                    at: threshold.location, help: ["remove '\(threshold.name)' or export a binary model"]))
            return
        }
        let positive: String
        if let index = parameters.firstIndex(where: { $0.role == .positiveClass }),
            case .string(let label) = parameters[index].value
        {
            guard target.classes.contains(label) else {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.unknownClass,
                        "'\(label)' is not a class of the model; its classes are \(target.classes.map { "'\($0)'" }.joined(separator: ", "))",
                        at: parameters[index].location, help: NameSuggestion.help(for: label, in: target.classes)))
                return
            }
            positive = label
            parameters[index].allowedValues = target.classes
        } else {
            // scikit-learn's convention: the second class is the positive one.
            positive = target.classes[1]
            parameters.append(
                ParameterSpec(
                    name: "positive_class", type: .string, value: .string(positive), allowedValues: target.classes,
                    description: "the class the threshold applies to (scikit-learn's second class)",
                    role: .positiveClass, editable: false))
            diagnostics.add(
                .note(
                    SpecDiagnosticID.positiveClassDefault,
                    "no positive_class is given; the threshold applies to '\(positive)', the model's second class",
                    at: threshold.location,
                    help: ["set `positive_class = \"\(positive)\"` in the parameters cell to make it explicit"]))
        }
        outputs.append(
            OutputSpec(name: "decision", kind: .decision(positiveClass: positive, thresholdParameter: threshold.name)))
    }

    func packageName(
        request: Request, model: ImportedModel, parameters: ParameterExtractor.Result,
        diagnostics: inout DiagnosticCollector
    ) -> String {
        let raw: String
        var location: SourceLocation?
        if let name = request.name {
            raw = name
        } else if let (name, at) = parameters.modelName {
            raw = name
            location = at
        } else {
            let base = (model.file as NSString).lastPathComponent
            raw = (base as NSString).deletingPathExtension
        }
        let name = PackageName.sanitize(raw)
        if name.isEmpty {
            diagnostics.add(
                .error(
                    SpecDiagnosticID.badName, "'\(raw)' cannot be used as a package name", at: location,
                    help: ["use letters, digits and dashes, e.g. --name churn-model"]))
        }
        return name
    }
}

/// Package names: lower-case ASCII letters, digits and single dashes, starting with a letter.
public enum PackageName {
    public static func sanitize(_ raw: String) -> String {
        var result = ""
        // Split camel case first: `LinearRegressionAuto` -> `linear-regression-auto`.
        var spaced = ""
        var previousLower = false
        for character in raw {
            if character.isUppercase && previousLower { spaced.append("-") }
            spaced.append(character)
            previousLower = character.isLowercase || character.isNumber
        }
        for scalar in spaced.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if !result.isEmpty, result.last != "-" {
                result.append("-")
            }
        }
        while result.last == "-" { result.removeLast() }
        while let first = result.first, !first.isLetter { result.removeFirst() }
        return String(result.prefix(64))
    }
}

extension SpecBuilder {
    /// The model file's OutputFields the package computes: nil unless one is a final `transformedValue` or
    /// `decision`; then every field in declaration order but node ids (`entityId`, which the generated code does
    /// not report), and those that read a field left out.
    public static func declaredOutputFields(_ fields: [OutputFieldSpec]) -> [OutputFieldSpec]? {
        guard fields.contains(where: { $0.isFinalResult && $0.computesExpression }) else { return nil }
        var kept: [OutputFieldSpec] = []
        var dropped: Set<String> = []
        for field in fields {
            if case .entityId = field.feature {
                dropped.insert(field.name)
                continue
            }
            if !dropped.isDisjoint(with: field.expressionReferences) {
                dropped.insert(field.name)
                continue
            }
            kept.append(field)
        }
        return kept.contains(where: { $0.isFinalResult && $0.computesExpression }) ? kept : nil
    }
}
