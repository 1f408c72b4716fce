import Foundation

/// How much a change matters to the people who use a package, in semantic-version terms.
public enum ChangeLevel: Int, Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// Parameters, documentation, provenance or regeneration only: the next patch version.
    case patch = 1
    /// A changed model, weights or preprocessing with the same contract: the next minor version.
    case minor = 2
    /// A change to the input or output contract callers rely on: the next major version.
    case major = 3

    public static func < (lhs: ChangeLevel, rhs: ChangeLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .patch: "patch"
        case .minor: "minor"
        case .major: "major"
        }
    }
}

/// The size of a model, for summaries and diffs.
public struct ModelSize: Sendable, Codable, Hashable {
    public var trees = 0
    public var nodes = 0
    public var layers = 0
    public var neurons = 0
    public var coefficients = 0
    public var supportVectors = 0
    public var segments = 0

    /// `50 trees, 5,084 nodes`, `2 layers, 13 neurons`, `11 coefficients`.
    public var summary: String {
        var parts: [String] = []
        func add(_ count: Int, _ unit: String) {
            if count > 0 {
                parts.append("\(count.formatted(.number.grouping(.automatic))) \(unit)\(count == 1 ? "" : "s")")
            }
        }
        add(segments, "segment")
        add(trees, "tree")
        add(nodes, "node")
        add(layers, "layer")
        add(neurons, "neuron")
        add(supportVectors, "support vector")
        add(coefficients, "coefficient")
        return parts.isEmpty ? "no parameters" : parts.joined(separator: ", ")
    }
}

extension ModelBody {
    /// Trees, nodes, layers, neurons, support vectors, coefficients and segments, summed over the whole model.
    public var size: ModelSize {
        var size = ModelSize()
        func visit(_ body: ModelBody) {
            switch body {
            case .linear(let model):
                size.coefficients += model.equations.reduce(0) { $0 + 1 + $1.terms.count }
            case .tree(let tree):
                size.trees += 1
                size.nodes += tree.nodeCount
            case .ensemble(let ensemble):
                size.segments += ensemble.segments.count
                for segment in ensemble.segments { visit(segment.model) }
            case .network(let network):
                size.layers += network.layers.count
                size.neurons += network.layers.reduce(0) { $0 + $1.neurons.count }
                size.coefficients += network.layers.reduce(0) { total, layer in
                    total + layer.neurons.reduce(0) { $0 + 1 + $1.connections.count }
                }
            case .machine(let machine):
                size.supportVectors += machine.vectors.count
                size.coefficients += machine.machines.reduce(0) { $0 + 1 + $1.coefficients.count }
            case .bayes(let bayes):
                size.coefficients += bayes.priors.count
            case .function(let function):
                size.coefficients += function.constants.count
            case .scorecard(let scorecard):
                size.coefficients += scorecard.characteristics.reduce(0) { $0 + $1.attributes.count }
            }
        }
        visit(self)
        // An ensemble of trees counts its trees, not also its segments.
        if size.trees == size.segments { size.segments = 0 }
        return size
    }
}

/// What changed between two versions of a package, at the level of the spec rather than the text.
public struct SpecDiff: Sendable, Codable, Hashable {
    /// One change, with what kind of thing changed and how much it matters.
    public struct Change: Sendable, Codable, Hashable {
        /// `input`, `output`, `target`, `preprocessing`, `model`, `parameter`, `example`, `documentation`,
        /// `provenance`.
        public var area: String
        public var level: ChangeLevel
        /// One line a reviewer reads: `input 'bmi' range [10, 60] -> [15, 60]`.
        public var summary: String

        public init(area: String, level: ChangeLevel, summary: String) {
            self.area = area
            self.level = level
            self.summary = summary
        }
    }

    public var changes: [Change]

    /// The largest level of any change; nil when nothing changed.
    public var level: ChangeLevel? { changes.map(\.level).max() }

    /// Why the version moves as it does, in a sentence.
    public var reason: String {
        guard let level else { return "no change" }
        let decisive = changes.filter { $0.level == level }
        let more = decisive.count > 3 ? " and \(decisive.count - 3) more" : ""
        return "\(level): " + decisive.prefix(3).map(\.summary).joined(separator: "; ") + more
    }

    public init(changes: [Change]) {
        self.changes = changes
    }

    /// Compares two specs. Golden examples of the old spec are scored by both reference evaluators, and every
    /// output that moved is listed with its size.
    public static func compare(_ old: ModelSpec, _ new: ModelSpec) -> SpecDiff {
        var changes: [Change] = []
        func add(_ area: String, _ level: ChangeLevel, _ summary: String) {
            changes.append(Change(area: area, level: level, summary: summary))
        }
        compareInputs(old, new, add)
        compareOutputs(old, new, add)
        comparePreprocessing(old, new, add)
        compareModel(old, new, add)
        compareParameters(old, new, add)
        for change in exampleChanges(from: old, to: new) {
            add("example", .patch, "\(change.example): \(change.output) \(change.from) -> \(change.to)")
        }
        if old.title != new.title { add("documentation", .patch, "title '\(old.title)' -> '\(new.title)'") }
        if old.summary != new.summary { add("documentation", .patch, "the model description changed") }
        // Where a value sits in the notebook is provenance, not content: compare without locations.
        for value in new.trainingValues {
            guard let was = old.trainingValues.first(where: { $0.name == value.name }) else {
                add("documentation", .patch, "training-time value \(value.name) = \(value.value) added")
                continue
            }
            if was.value != value.value {
                add("documentation", .patch, "training-time value \(value.name) \(was.value) -> \(value.value)")
            }
        }
        for value in old.trainingValues where !new.trainingValues.contains(where: { $0.name == value.name }) {
            add("documentation", .patch, "training-time value \(value.name) removed")
        }
        let examples = { (spec: ModelSpec) in
            spec.examples.map { example in
                var copy = example
                copy.location = nil
                return copy
            }
        }
        if examples(old) != examples(new) {
            add(
                "example", .patch,
                "golden examples changed (\(old.examples.count) -> \(new.examples.count)); the new ones are the package's tests"
            )
        }
        if changes.isEmpty, old.provenance != new.provenance {
            add("provenance", .patch, "regenerated: the source files changed, but nothing the package uses")
        }
        return SpecDiff(changes: changes)
    }

    typealias Add = (String, ChangeLevel, String) -> Void

    static func compareInputs(_ old: ModelSpec, _ new: ModelSpec, _ add: Add) {
        let before = Dictionary(old.inputs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.inputs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for input in old.inputs where after[input.name] == nil {
            add("input", .major, "input '\(input.name)' removed")
        }
        for input in new.inputs where before[input.name] == nil {
            add("input", .major, "input '\(input.name)' added (\(input.type.rawValue))")
        }
        for input in new.inputs {
            guard let was = before[input.name] else { continue }
            if was.type != input.type || was.opType != input.opType {
                add(
                    "input", .major,
                    "input '\(input.name)' retyped: \(was.type.rawValue) \(was.opType.rawValue) -> \(input.type.rawValue) \(input.opType.rawValue)"
                )
            }
            if was.validIntervals != input.validIntervals || was.validValues != input.validValues {
                let describe = { (spec: InputSpec) -> String in
                    let ranges = spec.validIntervals.map(\.description) + spec.validValues
                    return ranges.isEmpty ? "any" : ranges.joined(separator: ", ")
                }
                add("input", .major, "input '\(input.name)' re-ranged: \(describe(was)) -> \(describe(input))")
            }
            if was.missingReplacement != input.missingReplacement || was.invalidTreatment != input.invalidTreatment
                || was.missingValues != input.missingValues || was.outliers != input.outliers
            {
                add("input", .minor, "input '\(input.name)': missing or invalid value handling changed")
            }
            if was.unit != input.unit || was.description != input.description {
                add("documentation", .patch, "input '\(input.name)': unit or description changed")
            }
        }
        if old.inputs.map(\.name) != new.inputs.map(\.name), Set(old.inputs.map(\.name)) == Set(new.inputs.map(\.name))
        {
            add("input", .major, "inputs reordered (the positional Input initialiser changes)")
        }
    }

    static func compareOutputs(_ old: ModelSpec, _ new: ModelSpec, _ add: Add) {
        if old.model.function != new.model.function {
            add("output", .major, "\(old.model.function.rawValue) -> \(new.model.function.rawValue)")
        }
        if old.target.classes != new.target.classes {
            let removed = old.target.classes.filter { !new.target.classes.contains($0) }
            let added = new.target.classes.filter { !old.target.classes.contains($0) }
            var parts: [String] = []
            if !removed.isEmpty { parts.append("removed " + removed.joined(separator: ", ")) }
            if !added.isEmpty { parts.append("added " + added.joined(separator: ", ")) }
            if parts.isEmpty { parts.append("reordered") }
            add("output", .major, "classes: \(parts.joined(separator: "; "))")
        }
        let before = old.outputs.map(\.name)
        let after = new.outputs.map(\.name)
        for name in before where !after.contains(name) { add("output", .major, "output '\(name)' removed") }
        for name in after where !before.contains(name) { add("output", .major, "output '\(name)' added") }
        if old.target.name != new.target.name {
            add("target", .minor, "target '\(old.target.name)' -> '\(new.target.name)'")
        }
    }

    /// Every number in an expression, in order: the constants a reviewer compares.
    static func constants(_ expression: Expression) -> [Double] {
        switch expression {
        case .constant(let value): [value]
        case .apply(_, let arguments, let missing): arguments.flatMap(constants) + (missing.map { [$0] } ?? [])
        case .normContinuous(_, let points, _, let missing):
            points.flatMap { [$0.original, $0.normalized] } + (missing.map { [$0] } ?? [])
        case .field, .indicator, .text, .mapValues, .discretize: []
        }
    }

    static func comparePreprocessing(_ old: ModelSpec, _ new: ModelSpec, _ add: Add) {
        let after = Dictionary(new.derivedFields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let before = Dictionary(old.derivedFields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for field in old.derivedFields where after[field.name] == nil {
            add("preprocessing", .minor, "derived field '\(field.name)' removed")
        }
        for field in new.derivedFields where before[field.name] == nil {
            add("preprocessing", .minor, "derived field '\(field.name)' added")
        }
        for field in new.derivedFields {
            guard let was = before[field.name], was.expression != field.expression || was.type != field.type else {
                continue
            }
            let a = constants(was.expression)
            let b = constants(field.expression)
            if a.count == b.count, !a.isEmpty, stripConstants(was.expression) == stripConstants(field.expression) {
                let pairs = zip(a, b).filter { $0 != $1 }
                let largest = zip(a, b).map { relativeChange($0, $1) }.max() ?? 0
                add(
                    "preprocessing", .minor,
                    "'\(field.name)' constants "
                        + pairs.map { "\(NumberFormat.shortest($0)) -> \(NumberFormat.shortest($1))" }.joined(
                            separator: ", ")
                        + " (largest relative change \(percent(largest)))")
            } else {
                add("preprocessing", .minor, "'\(field.name)' computed differently")
            }
        }
    }

    /// The expression with every constant replaced by 0: the same shape means only the numbers changed.
    static func stripConstants(_ expression: Expression) -> Expression {
        switch expression {
        case .constant: .constant(0)
        case .apply(let function, let arguments, let missing):
            .apply(function: function, arguments: arguments.map(stripConstants), mapMissingTo: missing.map { _ in 0 })
        case .normContinuous(let field, let points, let outliers, let missing):
            .normContinuous(
                field: field, points: points.map { _ in NormPoint(original: 0, normalized: 0) }, outliers: outliers,
                mapMissingTo: missing.map { _ in 0 })
        case .field, .indicator, .text, .mapValues, .discretize: expression
        }
    }

    static func relativeChange(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        let scale = max(abs(a), abs(b))
        return scale == 0 ? 0 : abs(b - a) / scale
    }

    static func percent(_ value: Double) -> String {
        let percent = value * 100
        return percent >= 0.1 ? String(format: "%.1f%%", percent) : String(format: "%.2g%%", percent)
    }

    static func compareModel(_ old: ModelSpec, _ new: ModelSpec, _ add: Add) {
        guard old.model != new.model || old.numeric != new.numeric else { return }
        if old.model.familyName != new.model.familyName {
            add("model", .minor, "model \(old.model.familyName) -> \(new.model.familyName)")
        }
        if old.numeric != new.numeric {
            add("model", .minor, "arithmetic \(old.numeric.rawValue) -> \(new.numeric.rawValue)")
        }
        let (a, b) = (old.model.size, new.model.size)
        if a != b { add("model", .minor, "size \(a.summary) -> \(b.summary)") }
        if case .linear(let was) = old.model, case .linear(let now) = new.model {
            compareLinear(was, now, add)
        } else if case .function(let was) = old.model, case .function(let now) = new.model {
            compareFunctions(was, now, add)
        } else if old.model.familyName == new.model.familyName, a == b {
            add("model", .minor, "same shape (\(b.summary)); splits, scores or weights changed")
        }
    }

    /// A hand-written model: the functions, constants and tables that changed, with the lines of the source that
    /// differ (every change to what the function computes is a minor version).
    static func compareFunctions(_ old: FunctionModelSpec, _ new: FunctionModelSpec, _ add: Add) {
        if old.entry != new.entry { add("model", .minor, "model function `\(old.entry)` -> `\(new.entry)`") }
        for function in new.functions {
            guard let was = old.functions.first(where: { $0.name == function.name }) else {
                add("model", .minor, "function `\(function.name)` added")
                continue
            }
            if was.arguments != function.arguments || was.body != function.body {
                add("model", .minor, "function `\(function.name)` changed")
            }
        }
        for function in old.functions where !new.functions.contains(where: { $0.name == function.name }) {
            add("model", .minor, "function `\(function.name)` removed")
        }
        for constant in new.constants {
            let was = old.constants.first { $0.name == constant.name }
            if was?.value != constant.value {
                add(
                    "model", .minor,
                    was == nil ? "constant `\(constant.name)` added" : "constant `\(constant.name)` changed")
            }
        }
        for constant in old.constants where !new.constants.contains(where: { $0.name == constant.name }) {
            add("model", .minor, "constant `\(constant.name)` removed")
        }
        let before = old.source.split(separator: "\n", omittingEmptySubsequences: false)
        let after = new.source.split(separator: "\n", omittingEmptySubsequences: false)
        let difference = after.difference(from: before)
        var shown = 0
        for change in difference {
            guard shown < 12 else { break }
            switch change {
            case .remove(let offset, let line, _):
                add("model", .minor, "- line \(offset + 1): \(line.trimmingCharacters(in: .whitespaces))")
            case .insert(let offset, let line, _):
                add("model", .minor, "+ line \(offset + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
            shown += 1
        }
    }

    /// Coefficient deltas, term by term, matched by class and factors.
    static func compareLinear(_ old: LinearModelSpec, _ new: LinearModelSpec, _ add: Add) {
        if old.normalization != new.normalization {
            add("model", .minor, "normalization \(old.normalization.rawValue) -> \(new.normalization.rawValue)")
        }
        func describe(_ factors: [LinearFactor]) -> String {
            factors.map { factor in
                switch factor {
                case .numeric(let field, let exponent): exponent == 1 ? field : "\(field)^\(exponent)"
                case .indicator(let field, let value): "\(field)=\(value)"
                }
            }.joined(separator: "*")
        }
        var deltas: [(String, Double, Double)] = []
        for equation in new.equations {
            let prefix = equation.category.map { "[\($0)] " } ?? ""
            guard let was = old.equations.first(where: { $0.category == equation.category }) else {
                add("model", .minor, "\(prefix)new equation")
                continue
            }
            if was.intercept != equation.intercept {
                deltas.append(("\(prefix)intercept", was.intercept, equation.intercept))
            }
            for term in equation.terms {
                let name = prefix + describe(term.factors)
                if let before = was.terms.first(where: { $0.factors == term.factors }) {
                    if before.coefficient != term.coefficient {
                        deltas.append((name, before.coefficient, term.coefficient))
                    }
                } else {
                    add("model", .minor, "term \(name) added (\(NumberFormat.shortest(term.coefficient)))")
                }
            }
            for term in was.terms where !equation.terms.contains(where: { $0.factors == term.factors }) {
                add("model", .minor, "term \(prefix + describe(term.factors)) removed")
            }
        }
        deltas.sort { abs($0.2 - $0.1) > abs($1.2 - $1.1) }
        for (name, before, after) in deltas.prefix(10) {
            add(
                "model", .minor,
                "coefficient \(name) \(NumberFormat.shortest(before)) -> \(NumberFormat.shortest(after)) "
                    + "(\(after - before >= 0 ? "+" : "")\(NumberFormat.shortest(after - before)))")
        }
        if deltas.count > 10 { add("model", .minor, "\(deltas.count - 10) more coefficients changed") }
    }

    static func compareParameters(_ old: ModelSpec, _ new: ModelSpec, _ add: Add) {
        for parameter in new.editableParameters {
            guard let was = old.editableParameters.first(where: { $0.name == parameter.name }) else {
                add("parameter", .patch, "parameter '\(parameter.name)' added (\(parameter.value))")
                continue
            }
            if was.value != parameter.value {
                add("parameter", .patch, "parameter '\(parameter.name)' \(was.value) -> \(parameter.value)")
            }
            if was.range != parameter.range || was.allowedValues != parameter.allowedValues {
                add("parameter", .patch, "parameter '\(parameter.name)': allowed values changed")
            }
        }
        for parameter in old.editableParameters
        where !new.editableParameters.contains(where: { $0.name == parameter.name }) {
            // Callers that pass it to `Parameters(...)` no longer compile.
            add("parameter", .major, "parameter '\(parameter.name)' removed")
        }
    }

    /// A golden example whose output changed.
    public struct ExampleChange: Sendable, Codable, Hashable {
        /// The example as the generated tests name it (`notebook example 3 (cell 17, line 5)`).
        public var example: String
        /// `decision`, `label`, `prediction`, `probability(<class>)`, or `result` when it is refused before or after.
        public var output: String
        public var from: String
        public var to: String
    }

    /// Every output of the old spec's golden examples that differs when scored by the new spec.
    public static func exampleChanges(from old: ModelSpec, to new: ModelSpec) -> [ExampleChange] {
        let before = SpecEvaluator(spec: old)
        let after = SpecEvaluator(spec: new)
        var changes: [ExampleChange] = []
        for (index, example) in old.examples.enumerated() {
            let name = example.title(index: index, located: true)
            // Inputs the new spec does not have are dropped; new inputs are missing.
            let was = outputs(Result { () throws(EvaluationError) in try before.evaluate(example.row) })
            let now = outputs(Result { () throws(EvaluationError) in try after.evaluate(example.row) })
            if (was["result"] != nil || now["result"] != nil) && was != now {
                // Refused before or after: one line, from what it gave to what it gives.
                func summary(_ outputs: [String: String]) -> String {
                    outputs["result"]
                        ?? ["label", "prediction", "decision"].compactMap { key in outputs[key].map { "\(key) \($0)" } }
                        .joined(separator: ", ")
                }
                changes.append(ExampleChange(example: name, output: "result", from: summary(was), to: summary(now)))
                continue
            }
            for key in Set(was.keys).union(now.keys).sorted() where was[key] != now[key] {
                var to = now[key] ?? "none"
                if let a = was[key].flatMap(Double.init), let b = now[key].flatMap(Double.init) {
                    to += " (\(b - a >= 0 ? "+" : "")\(NumberFormat.shortest(b - a)))"
                }
                changes.append(ExampleChange(example: name, output: key, from: was[key] ?? "none", to: to))
            }
        }
        return changes
    }

    /// An evaluation's outputs by name, as text (`decision`, `label`, `prediction`, `probability(<class>)`).
    static func outputs(_ evaluation: Result<EvaluationResult, EvaluationError>) -> [String: String] {
        let result: EvaluationResult
        switch evaluation {
        case .success(let value): result = value
        case .failure(let error): return ["result": "\(error)"]
        }
        var outputs: [String: String] = [:]
        if let decision = result.decision { outputs["decision"] = decision ? "true" : "false" }
        if let label = result.label { outputs["label"] = label }
        if let prediction = result.prediction { outputs["prediction"] = NumberFormat.shortest(prediction) }
        for (label, probability) in result.probabilities {
            outputs["probability(\(label))"] = NumberFormat.shortest(probability)
        }
        return outputs
    }
}
