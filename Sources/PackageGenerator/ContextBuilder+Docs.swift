import Foundation
import NBCore

extension ContextBuilder {
    struct Row: Sendable {
        var name = "", swiftName = "", type = "", valid = "", missing = ""
        var formula = "", origin = "", meaning = "", value = "", range = "", unit = "", description = "", source = ""
    }
    struct SourceRow { let name, role, format, sha256: String }
    /// The runtime whose numbers the package reproduces, from the model file's format: the same model exported
    /// to PMML and to a booster's own format gives two packages, each exact against its own runtime.
    static func reproduces(_ spec: ModelSpec) -> String {
        if case .function(let function) = spec.model {
            return "CPython running the notebook's `\(function.entry)` (double precision, Python's int and float "
                + "rules and exceptions, operation by operation)"
        }
        let format = spec.provenance.sources.first { $0.role == "model" }?.format ?? ""
        if format.hasPrefix("XGBoost") {
            return "XGBoost's own predictor (float32 inputs, splits, leaf sums and link, in XGBoost's order)"
        }
        if format.hasPrefix("ONNX") {
            return
                "onnxruntime with one thread (float32 thresholds, leaf weights summed in tree order, base values after)"
        }
        if format.hasPrefix("LightGBM") {
            return "LightGBM's own predictor (double precision, LightGBM's missing-value rules and link)"
        }
        let precision = spec.model.computesInFloat ? "float32 where the model file declares it, else double" : "double"
        return "the model file as JPMML-Evaluator, PMML's reference evaluator, scores it (\(precision) precision)"
    }

    struct ReadmeContext {
        let title, packageName, version, family, sources: String
        /// Whose numbers the package reproduces: the runtime the model file was made for.
        let reproduces: String
        let summary, moduleName, exampleCall, predictProduct: String
        let inputs, preprocessing, outputs, parameters, trainingValues: [Row]
        let hasPreprocessing, hasParameters, hasTrainingValues: Bool
        let drivers: [String]
        /// The data behind `drivers`, for the HTML model card's charts.
        let driverSummary: DriverSummary
        let exampleCount: Int
        let exampleOrigins: String
        let provenance: [SourceRow]
        let cellsUsed: String?
        let producer: String?
    }

    /// Markdown table cell text: no pipes or line breaks.
    static func cell(_ text: String) -> String {
        SwiftText.comment(text).replacingOccurrences(of: "|", with: "\\|")
    }

    /// What the model does with a missing input, for the model card.
    static func missingHandling(_ body: ModelBody) -> String {
        func strategies(_ body: ModelBody) -> Set<String> {
            switch body {
            case .tree(let tree):
                switch tree.missingValueStrategy {
                case .none: return ["the tree's other branch"]
                case .nullPrediction: return ["no prediction"]
                case .lastPrediction: return ["the prediction so far"]
                case .defaultChild: return ["the default branch"]
                case .weightedConfidence, .aggregateNodes: return ["all branches, weighted"]
                }
            case .ensemble(let ensemble):
                // Linear steps of boosting chains read the trees' scores, not the inputs.
                return ensemble.segments.reduce(into: []) { result, segment in
                    if case .linear = segment.model { return }
                    result.formUnion(strategies(segment.model))
                }
            case .linear, .network, .machine, .function: return ["no prediction"]
            case .bayes: return ["left out"]
            case .scorecard: return ["the attribute for missing values, else no score"]
            }
        }
        let all = strategies(body)
        return all.count == 1 ? all.first ?? "no prediction" : "as each part of the model says"
    }

    func readme() -> ReadmeContext {
        let inputs = spec.inputs.map { input -> Row in
            var row = Row()
            row.name = "`\(Self.cell(input.name))`"
            row.swiftName = names.inputs[input.name] ?? ""
            row.type = "\(input.opType.rawValue) \(input.type.rawValue)"
            var valid = input.validIntervals.map(\.description) + input.validValues.map(Self.cell)
            if valid.isEmpty { valid = ["any"] }
            row.valid = valid.joined(separator: ", ")
            // Linear models need every input; the other families send a missing value where the model file says
            // (a branch of the tree, or no prediction).
            row.missing =
                input.missingReplacement.map { "replaced by \(Self.cell($0))" }
                ?? (optionalInputs ? Self.missingHandling(spec.model) : "error")
            return row
        }
        let preprocessing = spec.derivedFields.map { field -> Row in
            var row = Row()
            row.name = "`\(Self.cell(field.name))`"
            row.formula = "`" + Self.cell(FormulaText.render(field.expression)) + "`"
            row.origin =
                field.origin == .notebook
                ? "notebook" + (field.location.map { " " + LinearCodeWriter.place($0) } ?? "")
                : "model file"
            return row
        }
        let outputs = spec.outputs.map { output -> Row in
            var row = Row()
            row.name = "`\(Self.cell(output.name))`"
            switch output.kind {
            case .predictedValue:
                row.meaning =
                    spec.model.function == .regression
                    ? "predicted `\(Self.cell(spec.target.name))`"
                    : "most probable class of `\(Self.cell(spec.target.name))`"
            case .probability(let label): row.meaning = "probability of class `\(Self.cell(label))`"
            case .decision(let positive, let parameter):
                row.meaning = "`true` when probability(\(Self.cell(positive))) >= parameter `\(Self.cell(parameter))`"
            case .field(let name):
                let feature = spec.outputFields?.first { $0.name == name }?.featureDescription ?? "transformed value"
                row.meaning =
                    "the model file's output field `\(Self.cell(name))`, a \(feature) computed from the prediction"
            case .reasonCode(let rank):
                row.meaning =
                    rank == 1
                    ? "the reason code with the most points (empty when none has points of 0 or more)"
                    : "the reason code ranked \(rank) by points (empty when fewer have points)"
            }
            return row
        }
        let parameters = spec.editableParameters.map { parameter -> Row in
            var row = Row()
            row.name = parameter.name
            row.value = Self.cell(parameter.value.description)
            if let notebookValue = parameter.notebookValue, notebookValue != parameter.value {
                row.value += " (set with nbship params apply; the notebook set \(Self.cell(notebookValue.description)))"
            }
            row.range =
                parameter.range?.description
                ?? (parameter.allowedValues.isEmpty ? "" : parameter.allowedValues.joined(separator: ", "))
            row.unit = Self.cell(parameter.unit ?? "")
            row.description = Self.cell(parameter.description ?? "")
            return row
        }
        let training = spec.trainingValues.map { value -> Row in
            var row = Row()
            row.name = Self.cell(value.name)
            row.value = Self.cell(value.value.count > 80 ? String(value.value.prefix(77)) + "..." : value.value)
            row.description = Self.cell(value.description ?? "")
            row.source = value.location.map { LinearCodeWriter.place($0) } ?? ""
            return row
        }
        // A hand-written model's call uses its first example (a table lookup needs a real key).
        let example = spec.model.isFunction ? spec.examples.first : nil
        let exampleCall =
            spec.inputs.prefix(3).map { input -> String in
                let name = names.inputs[input.name] ?? "feature"
                switch example?.inputs[input.name] {
                case .number(let x)?: return "\(name): \(SwiftText.double(x))"
                case .text(let text)?: return "\(name): \(SwiftText.stringLiteral(text))"
                default: break
                }
                return "\(name): "
                    + (input.type.isNumeric ? "1.0" : SwiftText.stringLiteral(input.validValues.first ?? "value"))
            }.joined(separator: ", ") + (spec.inputs.count > 3 ? ", ..." : "")
        let origins = Dictionary(grouping: spec.examples, by: \.origin)
            .sorted { $0.key.rawValue < $1.key.rawValue }
            .map {
                switch $0.key {
                case .notebook: "\($0.value.count) from the notebook"
                case .modelVerification: "\($0.value.count) from the model file's ModelVerification"
                case .referenceEvaluator:
                    "\($0.value.count) scored by nbship's reference evaluator (the notebook and the model file have none; they check the generated code, not agreement with the training framework)"
                }
            }
        let cells = spec.provenance.cells.map { "\($0.role) (cell \($0.cell))" }
        let drivers = DriverSummary(spec)
        return ReadmeContext(
            title: Self.cell(spec.title), packageName: spec.name, version: version, family: spec.model.familyName,
            sources: Self.cell(sources), reproduces: Self.reproduces(spec), summary: spec.summary,
            moduleName: names.moduleName, exampleCall: exampleCall,
            predictProduct: names.predictProduct, inputs: inputs, preprocessing: preprocessing, outputs: outputs,
            parameters: parameters, trainingValues: training, hasPreprocessing: !preprocessing.isEmpty,
            hasParameters: !parameters.isEmpty, hasTrainingValues: !training.isEmpty,
            drivers: drivers.markdownLines, driverSummary: drivers,
            exampleCount: spec.examples.count,
            exampleOrigins: origins.isEmpty ? "none" : origins.joined(separator: ", "),
            provenance: spec.provenance.sources.map {
                SourceRow(name: Self.cell($0.name), role: $0.role, format: Self.cell($0.format), sha256: $0.sha256)
            },
            cellsUsed: cells.isEmpty ? nil : cells.joined(separator: ", "),
            producer: spec.provenance.modelProducer.map(Self.cell))
    }

    /// `from 0.0 to 1.0, both included`; `above 0.0 (excluded)`.
    static func rangeInWords(_ range: Interval) -> String {
        switch (range.lower, range.upper) {
        case (let low?, let high?):
            let ends =
                switch (range.lowerClosed, range.upperClosed) {
                case (true, true): "both included"
                case (false, false): "both excluded"
                case (true, false): "\(NumberFormat.shortest(high)) excluded"
                case (false, true): "\(NumberFormat.shortest(low)) excluded"
                }
            return "from \(NumberFormat.shortest(low)) to \(NumberFormat.shortest(high)), \(ends)"
        case (let low?, nil): return "\(range.lowerClosed ? "at least" : "more than") \(NumberFormat.shortest(low))"
        case (nil, let high?): return "\(range.upperClosed ? "at most" : "less than") \(NumberFormat.shortest(high))"
        case (nil, nil): return "any number"
        }
    }

    struct YAMLParameter { let name, yamlValue: String; let commentLines: [String] }
    struct YAMLContext {
        let title, packageName, version: String; let hasParameters: Bool; let parameters: [YAMLParameter]
    }

    func parametersYAML() -> YAMLContext {
        let parameters = spec.editableParameters.map { parameter -> YAMLParameter in
            var lines: [String] = []
            lines.append(SwiftText.comment(parameter.description ?? parameter.name))
            switch parameter.type {
            case .number: lines.append("Type: a number (use a dot for decimals, e.g. 0.5).")
            case .integer: lines.append("Type: a whole number.")
            case .string: lines.append("Type: text.")
            case .boolean: lines.append("Type: true or false.")
            }
            if let range = parameter.range {
                lines.append("Allowed: \(Self.rangeInWords(range)).")
            }
            if !parameter.allowedValues.isEmpty {
                lines.append(
                    "Allowed: one of \(parameter.allowedValues.map(SwiftText.comment).joined(separator: ", ")).")
            }
            if let unit = parameter.unit { lines.append("Unit: \(SwiftText.comment(unit)).") }
            lines.append("Default: \(parameter.value) (\(parameter.defaultOrigin)).")
            return YAMLParameter(name: parameter.name, yamlValue: YAMLText.scalar(parameter.value), commentLines: lines)
        }
        return YAMLContext(
            title: SwiftText.comment(spec.title), packageName: spec.name, version: version,
            hasParameters: !parameters.isEmpty, parameters: parameters)
    }
}

/// YAML scalars that can never change meaning: strings that look like other types are quoted.
enum YAMLText {
    static func scalar(_ value: ParameterValue) -> String {
        switch value {
        case .double(let number): NumberFormat.shortest(number)
        case .integer(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .string(let text): quoted(text)
        }
    }

    /// A double-quoted YAML scalar; JSON string escapes are valid YAML, so the JSON escaper serves both.
    static func quoted(_ text: String) -> String { ParameterSchema.jsonString(text) }
}

/// Expressions as short formulas for people: `(age - 48.5) / 13.1`.
enum FormulaText {
    static func render(_ expression: NBCore.Expression) -> String {
        switch expression {
        case .field(let name): return name
        case .constant(let value): return NumberFormat.shortest(value)
        case .indicator(let field, let value): return "\(field) == \"\(value)\" ? 1 : 0"
        case .normContinuous(let field, let points, _, _):
            return "piecewise-linear(\(field); "
                + points.map { "\(NumberFormat.shortest($0.original))->\(NumberFormat.shortest($0.normalized))" }
                .joined(separator: ", ") + ")"
        case .apply(let function, let arguments, _):
            let args = arguments.map(render)
            if ["+", "-", "*", "/"].contains(function), args.count == 2 {
                return "(\(args[0]) \(function) \(args[1]))"
            }
            return "\(function)(\(args.joined(separator: ", ")))"
        case .text(let text): return "\"\(text)\""  // Issue 3: new expression kinds, not generated yet.
        case .mapValues(let map): return "lookup(\(map.inputs.map(\.field).joined(separator: ", ")))"
        case .discretize(let bins): return "bin(\(bins.field))"
        }
    }
}

/// What drives a model, for the model card: the largest coefficients of a linear model (per class), or how often
/// the trees of a tree or tree ensemble split on each field. Other families get no summary.
struct DriverSummary: Sendable {
    /// One bar of a chart: a coefficient or a split count.
    struct Bar: Sendable {
        /// The field (or `a * b` for an interaction term), as the model names it.
        let name: String
        /// The signed coefficient or the split count.
        let value: Double
        /// `+1.366`; `42`.
        let label: String
    }
    /// Linear models: coefficients; trees: split counts; scorecards: the spread of each characteristic's points.
    enum Measure: Sendable { case coefficient, splits, points }
    /// One group of bars: an equation of a linear model (a class, or the prediction), or all trees.
    struct Chart: Sendable {
        let measure: Measure
        /// The class of a classification equation; nil for regression and for split counts.
        let category: String?
        /// How many trees the split counts cover (0 for coefficients).
        let trees: Int
        let bars: [Bar]
        /// Bars left out: smaller coefficients of the equation, or fields with fewer splits.
        let omitted: Int
    }

    /// Largest coefficients shown per equation, fields shown for split counts.
    static let topCoefficients = 5
    static let topSplitFields = 10

    var charts: [Chart] = []
    /// A sentence shown instead of charts when there are none to draw (a linear model without terms, a tree
    /// without splits).
    var emptyNote: String?
    /// What the numbers mean, after the charts.
    var notes: [String] = []
    /// A hand-written model's cell, as written: the model card shows it.
    var source: String?

    init(_ spec: ModelSpec) {
        switch spec.model {
        case .linear(let model):
            for equation in model.equations where !equation.terms.isEmpty {
                let top = equation.terms.sorted { abs($0.coefficient) > abs($1.coefficient) }
                    .prefix(Self.topCoefficients)
                let bars = top.map { term in
                    Bar(
                        name: term.factors.map(\.field).joined(separator: " * "), value: term.coefficient,
                        label: String(format: "%+.4g", term.coefficient))
                }
                charts.append(
                    Chart(
                        measure: .coefficient, category: equation.category, trees: 0, bars: bars,
                        omitted: equation.terms.count - bars.count))
            }
            if charts.isEmpty { emptyNote = "The model has no predictor terms; it predicts its intercept." }
            notes = ["Coefficients apply to the preprocessed features listed above."]
        case .tree, .ensemble:
            var counts: [String: Int] = [:]
            let trees = Self.countSplits(spec.model, into: &counts)
            guard trees > 0 else { return }
            let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let bars = ranked.prefix(Self.topSplitFields).map {
                Bar(name: $0.key, value: Double($0.value), label: "\($0.value)")
            }
            if bars.isEmpty {
                emptyNote =
                    trees == 1 ? "The tree has no splits; it always predicts its root." : "The trees have no splits."
            } else {
                charts.append(
                    Chart(measure: .splits, category: nil, trees: trees, bars: bars, omitted: ranked.count - bars.count)
                )
            }
            notes = [
                "A split count says how often \(trees == 1 ? "the tree tests" : "the trees test") a field, not how much the field changes the prediction."
            ]
        case .function(let function):
            source = function.source
            notes = [
                "The model is the function `\(function.entry)` of the notebook's model cell, as written below. "
                    + "`Trees.swift` holds its translation: each Swift statement under the Python line it comes from, "
                    + "every operation as CPython computes it."
            ]
        case .scorecard(let card):
            let bars = card.characteristics.enumerated().compactMap { index, characteristic -> Bar? in
                let points = characteristic.attributes.compactMap { attribute -> Double? in
                    if case .constant(let value) = attribute.partialScore { return value }
                    return nil
                }
                guard let low = points.min(), let high = points.max() else { return nil }
                return Bar(
                    name: characteristic.name ?? "characteristic \(index + 1)", value: high - low,
                    label: String(format: "%g to %g", low, high))
            }
            let ranked = bars.enumerated().sorted { a, b in
                a.element.value != b.element.value ? a.element.value > b.element.value : a.offset < b.offset
            }.map(\.element)
            if !ranked.isEmpty {
                charts.append(Chart(measure: .points, category: nil, trees: 0, bars: ranked, omitted: 0))
            }
            notes = [
                "A characteristic's bar is how far apart its lowest and highest points are: how much it can move the score."
                    + (card.characteristics.contains { $0.attributes.contains { !$0.partialScore.isConstant } }
                        ? " Points computed from the inputs (ComplexPartialScore) are not counted." : "")
            ]
        case .network, .machine, .bayes:
            break
        }
    }

    /// Adds, per field, the internal nodes that split on it (a node whose children test the field), over every
    /// tree of the model; returns the number of trees. Linear steps of ensembles read scores, not fields.
    static func countSplits(_ body: ModelBody, into counts: inout [String: Int]) -> Int {
        func visit(_ node: TreeNode) {
            guard !node.children.isEmpty else { return }
            var fields: [String] = []
            for child in node.children {
                for field in child.predicate.fieldReferences where !fields.contains(field) { fields.append(field) }
            }
            for field in fields { counts[field, default: 0] += 1 }
            node.children.forEach(visit)
        }
        switch body {
        case .tree(let tree):
            visit(tree.root)
            return 1
        case .ensemble(let ensemble):
            return ensemble.segments.reduce(0) { $0 + countSplits($1.model, into: &counts) }
        case .linear, .network, .machine, .bayes, .function, .scorecard:
            return 0
        }
    }

    /// What the chart shows, as Markdown: "Class `malignant`: largest coefficients".
    static func heading(_ chart: Chart, code: (String) -> String) -> String {
        switch chart.measure {
        case .coefficient:
            return (chart.category.map { "Class \(code($0))" } ?? "Prediction") + ": largest coefficients"
        case .splits:
            return chart.trees == 1 ? "Splits per field in the tree" : "Splits per field over the \(chart.trees) trees"
        case .points:
            return "Points per characteristic, lowest to highest"
        }
    }

    /// The README's lines: one bullet per chart, then the notes.
    var markdownLines: [String] {
        func code(_ text: String) -> String { "`\(ContextBuilder.cell(text))`" }
        var lines = charts.map { chart -> String in
            let items = chart.bars.map { "\(code($0.name)) (\($0.label))" }.joined(separator: ", ")
            let more =
                chart.measure == .splits && chart.omitted > 0
                ? "; \(chart.omitted) more field\(chart.omitted == 1 ? "" : "s") with fewer splits" : ""
            let heading = Self.heading(chart, code: code)
            return chart.measure == .coefficient ? "- \(heading) \(items)." : "- \(heading): \(items)\(more)."
        }
        if let emptyNote { lines.append("- " + emptyNote) }
        if !notes.isEmpty { lines += (lines.isEmpty ? [] : [""]) + notes }
        if let source {
            var text = Substring(source)
            while text.last?.isNewline == true { text = text.dropLast() }
            lines +=
                ["", "```python"] + text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                + ["```"]
        }
        return lines
    }
}

/// The JSON Schema of `parameters.yaml`, for editors.
enum ParameterSchema {
    static func json(for spec: ModelSpec) -> String {
        var properties: [String] = []
        for parameter in spec.editableParameters {
            var fields: [String] = []
            switch parameter.type {
            case .number: fields.append("\"type\": \"number\"")
            case .integer: fields.append("\"type\": \"integer\"")
            case .string: fields.append("\"type\": \"string\"")
            case .boolean: fields.append("\"type\": \"boolean\"")
            }
            if let range = parameter.range {
                if let lower = range.lower {
                    fields.append(
                        "\"\(range.lowerClosed ? "minimum" : "exclusiveMinimum")\": \(NumberFormat.json(lower))")
                }
                if let upper = range.upper {
                    fields.append(
                        "\"\(range.upperClosed ? "maximum" : "exclusiveMaximum")\": \(NumberFormat.json(upper))")
                }
            }
            if !parameter.allowedValues.isEmpty {
                fields.append("\"enum\": [" + parameter.allowedValues.map(jsonString).joined(separator: ", ") + "]")
            }
            if let description = parameter.description { fields.append("\"description\": \(jsonString(description))") }
            switch parameter.value {
            case .double(let number): fields.append("\"default\": \(NumberFormat.json(number))")
            case .integer(let number): fields.append("\"default\": \(number)")
            case .string(let text): fields.append("\"default\": \(jsonString(text))")
            case .boolean(let flag): fields.append("\"default\": \(flag)")
            }
            properties.append(
                "    \(jsonString(parameter.name)): {\n      " + fields.joined(separator: ",\n      ") + "\n    }")
        }
        let required = spec.editableParameters.map { jsonString($0.name) }.joined(separator: ", ")
        return """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": \(jsonString("Parameters of \(spec.title) (\(spec.name))")),
              "type": "object",
              "additionalProperties": false,
              "required": [\(required)],
              "properties": {
            \(properties.joined(separator: ",\n"))
              }
            }

            """
    }

    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension ParameterSpec {
    /// Where the compiled-in default comes from, in words: "set in the notebook, cell 2, line 2", or, after
    /// `nbship params apply`, "set with nbship params apply; the notebook set 0.35, cell 2, line 2".
    var defaultOrigin: String {
        let place = location.map { ", " + LinearCodeWriter.place($0) } ?? ""
        guard let notebookValue, notebookValue != value else { return "set in the notebook\(place)" }
        return "set with nbship params apply; the notebook set \(notebookValue)\(place)"
    }
}
