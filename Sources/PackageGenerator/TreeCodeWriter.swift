import NBCore

/// Writes the Swift of a tree or an ensemble: a `Row` holding every field the model reads, one function per tree
/// (nested conditionals that read like the decision logic), one per ensemble and per linear segment, all mirroring
/// nbship's reference evaluator (and so JPMML-Evaluator) step by step. The building blocks they call are in the
/// package's Runtime.swift.
struct TreeCodeWriter {
    let spec: ModelSpec
    let names: NamingPlan
    let fields: RowFields
    /// Ensembles with at least this many nodes in all are written as tables.
    let tableThreshold: Int

    init(
        spec: ModelSpec, names: NamingPlan, tableThreshold: Int = PackageGenerator.defaultTableThreshold
    ) throws(DiagnosticError) {
        self.tableThreshold = tableThreshold
        self.spec = spec
        self.names = names
        self.fields = try RowFields(spec: spec, names: names)
    }

    /// A generated function: its name and lines, and the file group it goes into.
    struct Function {
        var name: String
        var lines: [String]
    }

    /// Everything the templates place: the body of `predict`, the Row, and the model's functions.
    struct Output {
        var predictLines: [String]
        var rowLines: [String]
        var functions: [Function]
        /// Tree tables, each in a file of its own.
        var tables: [Function]
        /// For a model that is one large tree table: `predict` split in three, so that many rows are prepared one
        /// by one, scored tree by tree, and finished one by one.
        var batch: Batch?
    }

    /// `predict` in three parts: the root function (which also takes `rows:`), what fills `row`, and what turns
    /// `result` into the `Output`.
    struct Batch {
        var root: String
        var prepareLines: [String]
        var finishLines: [String]
    }

    func write() throws(DiagnosticError) -> Output {
        var state = State()
        let root = try modelFunction(spec.model, target: spec.target, state: &state)
        var batch: Batch?
        if state.tables.contains(where: { $0.name == "\(root)Table" }), !spec.model.isFunction,
            spec.outputFields == nil,
            spec.model.function == .classification || rescaling(spec.target, body: spec.model) == nil
        {
            batch = Batch(root: root, prepareLines: prepareLines(), finishLines: finishLines())
        }
        return Output(
            predictLines: try predictLines(root: root), rowLines: fields.declarations(), functions: state.functions,
            tables: state.tables, batch: batch)
    }

    /// Counters for unique function names, and the functions written so far.
    struct State {
        var functions: [Function] = []
        var tables: [Function] = []
        var counts: [String: Int] = [:]
        mutating func name(_ kind: String) -> String {
            counts[kind, default: 0] += 1
            return "\(kind)\(counts[kind]!)"
        }
    }

    // MARK: - predict

    func predictLines(root: String) throws(DiagnosticError) -> [String] {
        var lines = prepareLines()
        lines.append("// The model.")
        var call = "Trees.\(root)(row)"
        if case .function = spec.model { call = "try Trees.\(root)(row, parameters)" }
        if returnsReasonCodes {
            lines.append("let (score, reasonCodes) = \(call)")
            call = "score"
        }
        if spec.model.function == .regression, let rescale = rescaling(spec.target, body: spec.model) {
            call += rescale
        }
        lines.append("let result = \(call)")
        return lines + (try outputFieldLines()) + finishLines()
    }

    /// The model file's output fields (`ModelSpec.outputFields`), computed from `result` into `row` in declaration
    /// order, each reading the ones before it.
    func outputFieldLines() throws(DiagnosticError) -> [String] {
        guard let outputs = spec.outputFields else { return [] }
        var lines = ["// The model file's output fields."]
        for output in outputs {
            lines.append("// \(SwiftText.comment(output.name))")
            lines.append(try outputAssignment(output, model: spec.model, scope: "row"))
        }
        return lines
    }

    /// `, finalResult: row.finalResult`: the declared output fields' arguments of `Output(...)`.
    var fieldOutputArguments: String {
        spec.fieldOutputNames.map { ", \(names.fieldOutputs[$0] ?? "output"): row.\(fields.property($0))" }.joined()
    }

    /// The inputs as the model file's MiningSchema prepares them, into `row`, and the derived fields.
    func prepareLines() -> [String] {
        var lines = ["// Inputs, as the model file's MiningSchema prepares them."]
        lines.append("var row = Row()")
        for input in spec.inputs {
            lines += inputLines(input)
        }
        if !spec.derivedFields.isEmpty {
            lines.append("// Preprocessing.")
            for field in spec.derivedFields {
                lines.append("// \(SwiftText.comment(field.name))")
                lines.append(assignment(field.name, type: field.type, value: expression(field.expression), to: "row"))
            }
        }
        return lines
    }

    /// The `Output` of the model's `result`.
    func finishLines() -> [String] {
        var lines: [String] = []
        var code = SwiftCode()
        if spec.model.function == .regression {
            code.block("guard let prediction = result.value.number else {") {
                $0.line("throw .noPrediction(reason: \"the model gives no prediction for this input\")")
            }
            code.line(
                returnsReasonCodes
                    ? "return Output(prediction: prediction, reasonCodes: reasonCodes\(fieldOutputArguments))"
                    : "return Output(prediction: prediction\(fieldOutputArguments))")
            return lines + code.lines
        }
        let classes = spec.target.classes.map(SwiftText.stringLiteral).joined(separator: ", ")
        code.line("let classes = [\(classes)]")
        code.block(
            "guard let text = result.value.text, let label = \(names.labelType)(rawValue: Ensemble.canonical(text, classes: classes)) else {"
        ) { $0.line("throw .noPrediction(reason: \"the model gives no class for this input\")") }
        code.line("// Probabilities in class order; a class the model gives no probability has 0.")
        code.line("var probabilities = Array(repeating: 0.0, count: classes.count)")
        code.block("if result.probabilities.isEmpty {") {
            $0.line("probabilities[\(names.labelType).allCases.firstIndex(of: label) ?? 0] = 1")
        }
        code.block("for (name, probability) in result.probabilities {") {
            $0.block(
                "if let index = classes.firstIndex(of: Ensemble.canonical(name, classes: classes)), probabilities[index] == 0 {"
            ) { $0.line("probabilities[index] = probability") }
        }
        lines += code.lines
        if let decision = decision, let index = spec.target.classes.firstIndex(of: decision.positive) {
            let property = names.parameters[decision.parameter] ?? "threshold"
            lines.append("let decision = probabilities[\(index)] >= parameters.\(property)")
            lines.append(
                "return Output(label: label, probabilities: probabilities, decision: decision\(fieldOutputArguments))")
        } else {
            lines.append("return Output(label: label, probabilities: probabilities\(fieldOutputArguments))")
        }
        return lines
    }

    var decision: (positive: String, parameter: String)? { spec.decisionBinding }

    /// Missing-value markers, float32 rounding, replacement, validity and outliers of one input (the order of
    /// the reference evaluator's `prepare`).
    func inputLines(_ input: InputSpec) -> [String] {
        let name = "row." + fields.property(input.name)
        let literal = SwiftText.stringLiteral(input.name)
        var lines = ["\(name) = input.\(names.inputs[input.name] ?? "feature")  // \(SwiftText.comment(input.name))"]
        if input.type.isNumeric {
            lines.append("if let v = \(name), v.isNaN { \(name) = nil }")
            if let markers = input.missingValues {
                let numbers = markers.compactMap(Double.init).filter { !$0.isNaN }
                if !numbers.isEmpty {
                    let list = numbers.map(SwiftText.double).joined(separator: ", ")
                    lines.append("if let v = \(name), [\(list)].contains(v) { \(name) = nil }")
                }
            }
            if input.type == .float { lines.append("\(name) = \(name).map { Double(Float($0)) }") }
        } else if let markers = input.missingValues, !markers.isEmpty {
            let list = markers.map(SwiftText.stringLiteral).joined(separator: ", ")
            lines.append("if let v = \(name), [\(list)].contains(v) { \(name) = nil }")
        }
        var checks = SwiftCode()
        /// The invalid-value treatment, one level in, saying what was expected.
        func onInvalid(_ expected: String) -> (inout SwiftCode) -> Void {
            { code in
                code.append(
                    invalid.map { $0.replacingOccurrences(of: "EXPECTED", with: SwiftText.stringLiteral(expected)) })
            }
        }
        let invalid: [String]
        switch input.invalidTreatment {
        case .returnInvalid:
            invalid = ["throw .invalidValue(feature: \(literal), value: \"\\(v)\", expected: EXPECTED)"]
        case .asIs: invalid = []
        case .asMissing: invalid = ["\(name) = nil"]
        }
        if input.type.isNumeric {
            if !input.validIntervals.isEmpty, !invalid.isEmpty {
                let conditions = input.validIntervals.map { interval -> String in
                    var parts: [String] = []
                    if let lower = interval.lower {
                        parts.append("v \(interval.lowerClosed ? ">=" : ">") \(SwiftText.double(lower))")
                    }
                    if let upper = interval.upper {
                        parts.append("v \(interval.upperClosed ? "<=" : "<") \(SwiftText.double(upper))")
                    }
                    return parts.isEmpty ? "true" : "(" + parts.joined(separator: " && ") + ")"
                }
                let expected = "a number in " + input.validIntervals.map(\.description).joined(separator: " or ")
                checks.block("if !(\(conditions.joined(separator: " || "))) {", onInvalid(expected))
            }
            let validNumbers = input.validValues.compactMap(Double.init)
            if !input.validValues.isEmpty, input.opType != .continuous, !invalid.isEmpty {
                let numbers = validNumbers.map(SwiftText.double).joined(separator: ", ")
                let expected = "one of " + input.validValues.joined(separator: ", ")
                // No valid value is a number: every number is invalid.
                checks.block(validNumbers.isEmpty ? "if true {" : "if ![\(numbers)].contains(v) {", onInvalid(expected))
            }
            switch input.outliers.mode {
            case .asIs: break
            case .asMissingValues:
                if let low = input.outliers.low { checks.line("if v < \(SwiftText.double(low)) { \(name) = nil }") }
                if let high = input.outliers.high {
                    checks.line("if v > \(SwiftText.double(high)) { \(name) = nil }")
                }
            case .asExtremeValues:
                if let low = input.outliers.low {
                    checks.line("if v < \(SwiftText.double(low)) { \(name) = \(SwiftText.double(low)) }")
                }
                if let high = input.outliers.high {
                    checks.line("if v > \(SwiftText.double(high)) { \(name) = \(SwiftText.double(high)) }")
                }
            }
        } else if !input.validValues.isEmpty, !invalid.isEmpty {
            let list = input.validValues.map(SwiftText.stringLiteral).joined(separator: ", ")
            let expected = "one of " + input.validValues.joined(separator: ", ")
            checks.block("if ![\(list)].contains(v) {", onInvalid(expected))
        }
        var replacement: String?
        if let text = input.missingReplacement {
            if input.type.isNumeric {
                replacement = ValueSemantics.cast(.text(text), to: input.type).number.map(SwiftText.double)
            } else {
                replacement = SwiftText.stringLiteral(text)
            }
        }
        if !checks.lines.isEmpty {
            var code = SwiftCode()
            code.block("if let v = \(name) {", close: replacement == nil ? "}" : "} else {") { $0.append(checks.lines) }
            if let replacement {
                code.indented { $0.line("\(name) = \(replacement)") }
                code.line("}")
            }
            lines += code.lines
        } else if let replacement {
            lines.append("if \(name) == nil { \(name) = \(replacement) }")
        }
        return lines
    }

    /// `.rescaled(...)` for a regression model's target, or nil when it changes nothing.
    func rescaling(_ target: TargetSpec?, body: ModelBody) -> String? {
        guard let target else { return nil }
        let float = SpecEvaluator.numericSemantics(of: body) == .float
        let trivial =
            target.rescaleFactor == 1 && target.rescaleConstant == 0 && target.minimum == nil && target.maximum == nil
        if trivial && !float && target.type != .float { return nil }
        let minimum = target.minimum.map(SwiftText.double) ?? "nil"
        let maximum = target.maximum.map(SwiftText.double) ?? "nil"
        return
            ".rescaled(factor: \(SwiftText.double(target.rescaleFactor)), constant: \(SwiftText.double(target.rescaleConstant)), minimum: \(minimum), maximum: \(maximum), float: \(float), floatTarget: \(target.type == .float))"
    }

    // MARK: - Models

    /// Writes the function of a model body and returns its name.
    func modelFunction(_ body: ModelBody, target: TargetSpec?, state: inout State) throws(DiagnosticError) -> String {
        switch body {
        case .tree(let tree): return try treeFunction(tree, state: &state)
        case .linear(let linear):
            if linear.normalization == .power {
                throw DiagnosticError(
                    .error(
                        PackageDiagnosticID.unsupportedModel,
                        "code generation for a power link inside an ensemble or with output fields is not supported",
                        help: ["nbship evaluates this model, but generates the power link for plain GLMs only"]))
            }
            return linearFunction(linear, state: &state)
        case .ensemble(let ensemble): return try ensembleFunction(ensemble, state: &state)
        case .network(let network): return try networkFunction(network, state: &state)
        case .machine(let machine): return machineFunction(machine, state: &state)
        case .bayes(let bayes): return bayesFunction(bayes, state: &state)
        case .function(let function): return functionModel(function, state: &state)
        case .scorecard(let scorecard): return scorecardFunction(scorecard, state: &state)
        }
    }

    /// Naive Bayes: log-likelihoods input by input, then the log priors, then normalised exponentials.
    func bayesFunction(_ model: NaiveBayesSpec, state: inout State) -> String {
        let name = state.name("bayes")
        let labels = model.priors.map { SwiftText.stringLiteral($0.label) }.joined(separator: ", ")
        let threshold = SwiftText.double(model.threshold)
        var code = SwiftCode()
        code.line(
            "/// Naive Bayes over \(model.inputs.count) inputs; classes \(SwiftText.comment(model.priors.map(\.label).joined(separator: ", ")))."
        )
        var body = SwiftCode()
        body.line("var logs = Array(repeating: 0.0, count: \(model.priors.count))")
        for input in model.inputs {
            var value = valueOf(input.field)
            if let bins = input.discretize { value = expression(.discretize(bins)) }
            body.line("// \(SwiftText.comment(input.field))")
            switch input.evidence {
            case .counts(let rows):
                var totals: [Double] = []
                for prior in model.priors {
                    var total = 0.0
                    for other in rows { total += other.counts.first { $0.label == prior.label }?.count ?? 0 }
                    totals.append(total)
                }
                let table = rows.map { row -> String in
                    let counts = model.priors.map { prior in
                        SwiftText.double(row.counts.first { $0.label == prior.label }?.count ?? 0)
                    }
                    return "(\(SwiftText.stringLiteral(row.value)), [\(counts.joined(separator: ", "))])"
                }
                let kind = input.discretize.map { RowFields.kind($0.type) } ?? fields.kind(input.field)
                body.line(
                    "Bayes.add(&logs, Bayes.counts(\(value), \(kind), [\(table.joined(separator: ", "))], totals: [\(totals.map(SwiftText.double).joined(separator: ", "))], threshold: \(threshold)))"
                )
            case .distributions(let stats):
                let list = model.priors.map { prior -> String in
                    guard let stat = stats.first(where: { $0.label == prior.label }) else { return "nil" }
                    switch stat.distribution {
                    case .gaussian(let mean, let variance):
                        return ".gaussian(mean: \(SwiftText.double(mean)), variance: \(SwiftText.double(variance)))"
                    case .poisson(let mean): return ".poisson(mean: \(SwiftText.double(mean)))"
                    }
                }
                body.line(
                    "Bayes.add(&logs, Bayes.distributions(\(value), [\(list.joined(separator: ", "))], threshold: \(threshold)))"
                )
            }
        }
        let priors = model.priors.map { SwiftText.double($0.count) }.joined(separator: ", ")
        body.line("return Bayes.finish(logs, priors: [\(priors)], labels: [\(labels)])")
        code.block("static func \(name)(_ row: Row) -> Scored {") { $0.append(body.lines) }
        state.functions.append(Function(name: name, lines: code.lines))
        return name
    }

    /// A support vector machine: the input vector, each machine's decision value, then the vote or the value.
    /// The support vectors are text in a file of their own (`<name>Vectors`), read once.
    func machineFunction(_ model: SupportVectorMachineSpec, state: inout State) -> String {
        let name = state.name("machine")
        let kernel: String
        switch model.kernel {
        case .linear: kernel = ".linear"
        case .polynomial(let gamma, let coef0, let degree):
            kernel =
                ".polynomial(gamma: \(SwiftText.double(gamma)), coef0: \(SwiftText.double(coef0)), degree: \(SwiftText.double(degree)))"
        case .radialBasis(let gamma): kernel = ".radialBasis(gamma: \(SwiftText.double(gamma)))"
        case .sigmoid(let gamma, let coef0):
            kernel = ".sigmoid(gamma: \(SwiftText.double(gamma)), coef0: \(SwiftText.double(coef0)))"
        }
        var code = SwiftCode()
        code.line(
            "/// Support vector machine: \(model.machines.count) machines over \(model.vectors.count) support vectors.")
        var body = SwiftCode()
        body.line("// The input vector; a missing input gives no prediction.")
        var coordinates: [String] = []
        for (index, field) in model.fields.enumerated() {
            switch field {
            case .field(let fieldName):
                body.line("guard let x\(index) = \(numberOf(fieldName)) else { return .missing }")
                coordinates.append("x\(index)")
            case .category(let fieldName, let value, let coefficient):
                let read = valueOf(fieldName)
                body.line("if \(read).isMissing { return .missing }")
                coordinates.append(
                    "(Fn.equals(\(read), \(SwiftText.stringLiteral(value)), \(fields.kind(fieldName))) ? \(SwiftText.double(coefficient)) : 0)"
                )
            }
        }
        body.block("let x: [Double] = [", close: "]") { list in
            for (coordinate, field) in zip(coordinates, model.fields) {
                list.line("\(coordinate),  // \(SwiftText.comment(field.field))")
            }
        }
        body.line("let vectors = \(name)Vectors")
        body.line("let values = \(name)Machines.map { SVM.decision($0, \(name)Kernel, x, vectors) }")
        let oneAgainstOne =
            model.classificationMethod == .oneAgainstOne
            || (model.machines.count == 1 && model.machines[0].alternateTargetCategory != nil)
        if model.function == .regression {
            body.line("return Scored(values[0])")
        } else if oneAgainstOne {
            body.line("return SVM.votes(\(name)Machines, values, maxWins: \(model.maxWins))")
        } else {
            body.line("return SVM.nearest(\(name)Machines, values, maxWins: \(model.maxWins))")
        }
        code.block("static func \(name)(_ row: Row) -> Scored {") { $0.append(body.lines) }
        code.line("")
        code.line("static let \(name)Kernel = SVM.Kernel\(kernel)")
        code.line("")
        code.block("static let \(name)Machines: [SVM.Machine] = [", close: "]") { list in
            for machine in model.machines {
                let target = machine.targetCategory.map(SwiftText.stringLiteral) ?? "nil"
                let alternate = machine.alternateTargetCategory.map(SwiftText.stringLiteral) ?? "nil"
                list.line("SVM.Machine(")
                list.indented { arguments in
                    arguments.line(
                        "target: \(target), alternate: \(alternate), threshold: \(SwiftText.double(machine.threshold ?? model.threshold)), bias: \(SwiftText.double(machine.bias)),"
                    )
                    arguments.line(
                        "supportVectors: [\(machine.supportVectors.map(String.init).joined(separator: ", "))],")
                    arguments.line(
                        "coefficients: [\(machine.coefficients.map(SwiftText.double).joined(separator: ", "))]),")
                }
            }
        }
        state.functions.append(Function(name: name, lines: code.lines))
        var table = SwiftCode()
        table.line(
            "/// The \(model.vectors.count) support vectors of `\(name)`, \(model.fields.count) numbers each, read once at first use."
        )
        table.line("static let \(name)Vectors = SVM.vectors(")
        table.indented { text in
            text.line("\"\"\"")
            for vector in model.vectors { text.line(vector.map(SwiftText.double).joined(separator: " ")) }
            text.line("\"\"\", size: \(model.fields.count))")
        }
        state.tables.append(Function(name: "\(name)Vectors", lines: table.lines))
        return name
    }

    /// A neural network: its inputs, then layer by layer (data in `<name>Layer<k>`), then its outputs.
    func networkFunction(_ network: NeuralNetworkSpec, state: inout State) throws(DiagnosticError) -> String {
        let name = state.name("network")
        var index: [String: Int] = [:]
        var code = SwiftCode()
        code.line(
            "/// Neural network, \(network.layers.count) layers of \(network.layers.map { String($0.neurons.count) }.joined(separator: ", ")) neurons."
        )
        var body = SwiftCode()
        body.line("// Input neurons; a missing input gives no prediction.")
        var names: [String] = []
        for (position, input) in network.inputs.enumerated() {
            index[input.id] = position
            names.append("input\(position)")
            body.line(
                "guard let input\(position) = (\(expression(input.expression))).number else { return .missing }  // \(SwiftText.comment(input.id))"
            )
        }
        let total = network.inputs.count + network.neuronCount
        body.line("var x: [Double] = [\(names.joined(separator: ", "))]")
        body.line("x.reserveCapacity(\(total))")
        var data = SwiftCode()
        for (number, layer) in network.layers.enumerated() {
            let layerName = "\(name)Layer\(number + 1)"
            var neurons: [String] = []
            for neuron in layer.neurons {
                var from: [String] = []
                var weights: [String] = []
                for connection in neuron.connections {
                    guard let source = index[connection.from] else {
                        throw DiagnosticError(
                            .error(
                                PackageDiagnosticID.unsupportedModel,
                                "the neuron '\(neuron.id)' reads '\(connection.from)', which is not an input or an earlier neuron",
                                help: ["nbship computes layers in order; a connection must come from an earlier layer"])
                        )
                    }
                    from.append(String(source))
                    weights.append(SwiftText.double(connection.weight))
                }
                neurons.append(
                    "Network.Neuron(bias: \(SwiftText.double(neuron.bias)), from: [\(from.joined(separator: ", "))], weights: [\(weights.joined(separator: ", "))]),  // \(SwiftText.comment(neuron.id))"
                )
            }
            for neuron in layer.neurons {
                index[neuron.id] = index.count
            }
            data.line("")
            data.line(
                "/// Layer \(number + 1) of `\(name)`: each neuron's bias, and the entities (inputs, then neurons) it reads."
            )
            data.block("static let \(layerName): [Network.Neuron] = [", close: "]") { $0.append(neurons) }
            body.line(
                "Network.layer(&x, \(layerName), .\(Self.activationCase(layer.activation)), threshold: \(SwiftText.double(layer.threshold)), normalization: .\(layer.normalization.rawValue))"
            )
        }
        var probabilities: [String] = []
        var value: String?
        for output in network.outputs {
            guard let position = index[output.neuron] else {
                throw DiagnosticError(
                    .error(
                        PackageDiagnosticID.unsupportedModel,
                        "the output neuron '\(output.neuron)' is not a neuron of the network"))
            }
            switch output.meaning {
            case .probability(let label): probabilities.append("(\(SwiftText.stringLiteral(label)), x[\(position)])")
            case .value: value = "Scored(x[\(position)])"
            case .normalizedValue(let points):
                let list = points.map { "(\(SwiftText.double($0.original)), \(SwiftText.double($0.normalized)))" }
                value = "Network.denormalize(x[\(position)], [\(list.joined(separator: ", "))])"
            }
        }
        if network.function == .classification {
            body.line("return Scored(label: nil, [\(probabilities.joined(separator: ", "))])")
        } else {
            body.line("return \(value ?? ".missing")")
        }
        code.block("static func \(name)(_ row: Row) -> Scored {") { $0.append(body.lines) }
        // Each layer's data after a blank line.
        code.append(data.lines)
        state.functions.append(Function(name: name, lines: code.lines))
        return name
    }

    /// The runtime's case name of an activation function.
    static func activationCase(_ activation: NeuralNetworkSpec.Activation) -> String {
        switch activation {
        case .gauss: "gauss"
        case .elliott: "elliott"
        default: activation.rawValue
        }
    }

    func linearFunction(_ model: LinearModelSpec, state: inout State) -> String {
        let name = state.name("linear")
        let float = model.numeric == .float
        var code = SwiftCode()
        code.line(
            "/// \(model.sourceElement) (\(model.function.rawValue), normalization \(model.normalization.rawValue)).")
        var body = SwiftCode()
        var scores: [String] = []
        for (index, equation) in model.equations.enumerated() {
            let variable = "score\(index)"
            scores.append(variable)
            if let category = equation.category { body.line("// \(SwiftText.comment(category))") }
            // Numeric terms, then categorical ones, then interactions, then the intercept (JPMML's order).
            var numeric: [LinearTerm] = []
            var categorical: [LinearTerm] = []
            var interactions: [LinearTerm] = []
            for term in equation.terms {
                switch (term.factors.count, term.factors.first) {
                case (1, .numeric?): numeric.append(term)
                case (1, .indicator?): categorical.append(term)
                default: interactions.append(term)
                }
            }
            let terms = "terms\(index)"
            if model.fusedMultiplyAdd == true {
                // onnxruntime's GEMM order: fma from 0, term by term, in float32; the intercept last.
                var pairs: [String] = []
                for (number, term) in equation.terms.enumerated() {
                    guard case .numeric(let field, _)? = term.factors.first else { continue }
                    let local = "x\(index)_\(number + 1)"
                    body.line("guard let \(local) = \(numberOf(field)) else { return .missing }")
                    pairs.append("(\(SwiftText.double(term.coefficient)), \(local))")
                }
                body.line(
                    "let \(variable) = Linear.fused([\(pairs.joined(separator: ", "))], intercept: \(SwiftText.double(equation.intercept)))"
                )
                continue
            }
            if equation.terms.isEmpty && equation.intercept == 0 {
                body.line("let \(variable) = 0.0")
                continue
            }
            body.line("var \(terms): [Double] = []")
            var guards = 0
            func productLine(_ term: LinearTerm) -> [String] {
                var out: [String] = []
                var factors: [String] = []
                for factor in term.factors {
                    switch factor {
                    case .numeric(let field, let exponent):
                        guards += 1
                        let local = "x\(index)_\(guards)"
                        out.append("guard let \(local) = \(numberOf(field)) else { return .missing }")
                        factors.append(".number(\(local), \(exponent))")
                    case .indicator(let field, let category):
                        let value = valueOf(field)
                        out.append("if \(value).isMissing { return .missing }")
                        factors.append(
                            ".indicator(Fn.equals(\(value), \(SwiftText.stringLiteral(category)), \(fields.kind(field))))"
                        )
                    }
                }
                out.append(
                    "\(terms).append(Linear.product(\(SwiftText.double(term.coefficient)), [\(factors.joined(separator: ", "))], float: \(float)))"
                )
                return out
            }
            for term in numeric { body.append(productLine(term)) }
            for term in categorical {
                guard case .indicator(let field, let category)? = term.factors.first else { continue }
                body.line(
                    "if Fn.equals(\(valueOf(field)), \(SwiftText.stringLiteral(category)), \(fields.kind(field))) { \(terms).append(\(SwiftText.double(term.coefficient))) }"
                )
            }
            for term in interactions { body.append(productLine(term)) }
            if equation.intercept != 0 { body.line("\(terms).append(\(SwiftText.double(equation.intercept)))") }
            body.line("let \(variable) = Ensemble.sum(\(terms), float: \(float))")
        }
        let method = SwiftText.stringLiteral(model.normalization.rawValue)
        if model.function == .regression {
            body.line("return Linear.regression(\(scores.first ?? "0"), \(method), float: \(float))")
        } else {
            let labels = model.equations.map { SwiftText.stringLiteral($0.category ?? "") }.joined(separator: ", ")
            let secondIsDefault = model.equations.last.map { $0.terms.isEmpty && $0.intercept == 0 } ?? false
            body.line(
                "return Linear.classification([\(scores.joined(separator: ", "))], labels: [\(labels)], \(method), secondIsDefault: \(secondIsDefault), float: \(float))"
            )
        }
        code.block("static func \(name)(_ row: Row) -> Scored {") { $0.append(body.lines) }
        state.functions.append(Function(name: name, lines: code.lines))
        return name
    }

    func ensembleFunction(_ ensemble: MiningModelSpec, state: inout State) throws(DiagnosticError) -> String {
        let name = state.name("ensemble")
        let planName = "\(name)Plan"
        if let tableName = try tableEnsemble(ensemble, name: name, state: &state) { return tableName }
        let simple = ensemble.segments.allSatisfy { segment in
            segment.predicate == .true && segment.derivedFields.isEmpty && segment.outputFields.isEmpty
                && rescaling(segment.target, body: segment.model) == nil
        }
        // Regression trees summed or averaged give their scores as numbers: no `Scored` per tree.
        let numeric = simple && Self.sumsNumbers(ensemble)
        var segmentNames: [String] = []
        for segment in ensemble.segments {
            if numeric, case .tree(let tree) = segment.model {
                segmentNames.append(try treeFunction(tree, numeric: true, state: &state))
            } else {
                segmentNames.append(try modelFunction(segment.model, target: segment.target, state: &state))
            }
        }
        let method = ensemble.multipleModelMethod
        var code = SwiftCode()
        code.append([
            "/// \(SwiftText.comment(Self.describe(ensemble))): \(ensemble.segments.count) segments combined by \(method.rawValue).",
            Self.planDeclaration(ensemble, name: planName),
            "",
        ])
        if simple {
            // Direct calls: a table of closures would copy the whole `Row` into every call.
            let calls = segmentNames.map { "\($0)(row)" }
            let weights = ensemble.segments.map { SwiftText.double($0.weight) }
            code.block("static let \(name)Weights: [Double] = [", close: "]") { out in
                for chunk in stride(from: 0, to: weights.count, by: 16) {
                    out.line(weights[chunk..<min(chunk + 16, weights.count)].joined(separator: ", ") + ",")
                }
            }
            code.line("")
            code.block("static func \(name)(_ row: Row) -> Scored {") { out in
                out.block("let results = [", close: "]") { table in
                    for chunk in stride(from: 0, to: calls.count, by: 8) {
                        table.line(calls[chunk..<min(chunk + 8, calls.count)].joined(separator: ", ") + ",")
                    }
                }
                out.line(
                    "return Ensemble.combine(\(numeric ? "numbers: " : "")results, weights: \(name)Weights, \(planName))"
                )
            }
            state.functions.append(Function(name: name, lines: code.lines))
            return name
        }
        let chain = method == .modelChain
        let mutatesRow = chain && ensemble.segments.contains { !$0.outputFields.isEmpty }
        // Each segment: its comment, the statement that guards it, and its body.
        var segments: [(comment: String, opener: String, body: [String])] = []
        for (segment, function) in zip(ensemble.segments, segmentNames) {
            var body = SwiftCode()
            let needsLocal = !segment.derivedFields.isEmpty || !segment.outputFields.isEmpty
            if needsLocal { body.line("var local = row") }
            let scope = needsLocal ? "local" : "row"
            for field in segment.derivedFields {
                body.line(
                    assignment(field.name, type: field.type, value: expression(field.expression, in: scope), to: scope))
            }
            var call = "\(function)(\(scope))"
            if segment.model.function == .regression, let rescale = rescaling(segment.target, body: segment.model) {
                call += rescale
            }
            body.line("let result = \(call)")
            for output in segment.outputFields {
                body.line(try outputAssignment(output, model: segment.model, scope: scope))
            }
            body.block(
                "if let decided = Ensemble.admit(result, weight: \(SwiftText.double(segment.weight)), \(planName), into: &members) {"
            ) { $0.line("return decided") }
            if chain {
                for output in segment.outputFields {
                    let property = fields.property(output.name)
                    body.line("row.\(property) = local.\(property)")
                }
            }
            let opener =
                segment.predicate == .true ? "do {" : "if \(predicate(segment.predicate, scope: "row")) == true {"
            segments.append(("// Segment \(SwiftText.comment(segment.id)).", opener, body.lines))
        }
        code.block("static func \(name)(_ row: Row) -> Scored {") { out in
            if mutatesRow { out.line("var row = row") }
            out.line("var members: [Ensemble.Member] = []")
            for segment in segments {
                out.line(segment.comment)
                out.block(segment.opener) { $0.append(segment.body) }
            }
            out.line("return Ensemble.combine(members, \(planName))")
        }
        state.functions.append(Function(name: name, lines: code.lines))
        return name
    }

    /// One output field of a segment, computed from its result into the segment's scope.
    func outputAssignment(_ output: OutputFieldSpec, model: ModelBody, scope: String) throws(DiagnosticError) -> String
    {
        let value: String
        switch output.feature {
        case .predictedValue: value = "result.value"
        case .probability(let label):
            value = "Value(result.probability(of: \(label.map(SwiftText.stringLiteral) ?? "nil")))"
        case .transformedValue(let expression), .decision(let expression):
            value = self.expression(expression, in: scope)
        case .entityId:
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.unsupportedModel,
                    "code generation for the output field '\(output.name)' (feature entityId) is not supported",
                    at: output.location,
                    help: ["nbship evaluates this model, but its generated code does not report tree node ids"]))
        }
        let type = fields.type(output.name)
        return assignment(output.name, type: type, value: value, to: scope, declared: output.type)
    }

    // MARK: - Trees

    /// A tree's function; `numeric` (see `TreeBodyWriter.numeric`) returns its score as a `Double?`.
    func treeFunction(
        _ tree: TreeModelSpec, numeric: Bool = false, state: inout State
    ) throws(DiagnosticError) -> String {
        switch tree.missingValueStrategy {
        case .none, .nullPrediction, .lastPrediction, .defaultChild: break
        case .weightedConfidence, .aggregateNodes:
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.unsupportedModel,
                    "code generation for missingValueStrategy=\"\(tree.missingValueStrategy.rawValue)\" is not supported",
                    help: [
                        "nbship evaluates this tree, but generates code for the strategies none, nullPrediction, lastPrediction and defaultChild"
                    ]))
        }
        let name = state.name("tree")
        var writer = TreeBodyWriter(tree: tree, function: name, code: self, numeric: numeric)
        var code = SwiftCode()
        code.line(
            "/// \(tree.function == .regression ? "Regression" : "Classification") tree, \(tree.nodeCount) nodes (missingValueStrategy \(tree.missingValueStrategy.rawValue), noTrueChildStrategy \(tree.noTrueChildStrategy.rawValue))\(numeric ? "; its score, nil for no prediction" : "")."
        )
        let body = writer.rootLines()
        code.block("static func \(name)(_ row: Row) -> \(writer.resultType) {") { $0.append(body) }
        state.functions.append(Function(name: name, lines: code.lines))
        for (index, extra) in writer.nodeFunctions.enumerated() {
            state.functions.append(Function(name: "\(name)Node\(index)", lines: extra))
        }
        return name
    }

    // MARK: - Fields, expressions, predicates

    /// `row.x` as a `Value`.
    func valueOf(_ field: String, in scope: String = "row") -> String {
        "Value(\(scope).\(fields.property(field)))"
    }

    /// A numeric field as `Double?`.
    func numberOf(_ field: String, in scope: String = "row") -> String {
        fields.isNumeric(field)
            ? "\(scope).\(fields.property(field))" : "Value(\(scope).\(fields.property(field))).number"
    }

    /// Stores a `Value` into a field of the row, converted to the field's type.
    func assignment(
        _ field: String, type: FieldType, value: String, to scope: String, declared: FieldType?? = nil
    ) -> String {
        let property = fields.property(field)
        let kind = RowFields.kind(type)
        if case .some(.none) = declared {
            // No declared type: the value is kept as computed.
            return fields.isNumeric(field)
                ? "\(scope).\(property) = (\(value)).number" : "\(scope).\(property) = (\(value)).text"
        }
        return fields.isNumeric(field)
            ? "\(scope).\(property) = Fn.number(\(value), \(kind))"
            : "\(scope).\(property) = Fn.text(\(value), \(kind))"
    }

    /// A Swift expression of type `Value`.
    func expression(_ expression: NBCore.Expression, in scope: String = "row") -> String {
        switch expression {
        case .field(let name): return valueOf(name, in: scope)
        case .constant(let value): return "Value.number(\(SwiftText.double(value)))"
        case .text(let text): return "Value.text(\(SwiftText.stringLiteral(text)))"
        case .indicator(let field, let value):
            return "Fn.indicator(\(valueOf(field, in: scope)), \(SwiftText.stringLiteral(value)))"
        case .normContinuous(let field, let points, let outliers, let mapMissingTo):
            let list = points.map { "(\(SwiftText.double($0.original)), \(SwiftText.double($0.normalized)))" }
            return
                "Fn.normContinuous(\(valueOf(field, in: scope)), [\(list.joined(separator: ", "))], .\(outliers.rawValue), mapMissingTo: \(mapMissingTo.map(SwiftText.double) ?? "nil"))"
        case .apply(let function, let arguments, let mapMissingTo):
            let missing = mapMissingTo.map(SwiftText.double) ?? "nil"
            let args = arguments.map { self.expression($0, in: scope) }
            switch function {
            case "if":
                let then = args.count > 1 ? args[1] : "Value.missing"
                let otherwise = args.count > 2 ? args[2] : "Value.missing"
                return
                    "Fn.choose(\(args.first ?? "Value.missing"), mapMissingTo: \(missing), { \(then) }, { \(otherwise) })"
            case "isMissing": return "Fn.flag((\(args.first ?? "Value.missing")).isMissing)"
            case "isNotMissing": return "Fn.flag(!(\(args.first ?? "Value.missing")).isMissing)"
            case _ where SpecEvaluator.valueFunctions.contains(function):
                return
                    "Fn.test(\(SwiftText.stringLiteral(function)), [\(args.joined(separator: ", "))], mapMissingTo: \(missing))"
            default:
                return
                    "Fn.apply(\(SwiftText.stringLiteral(function)), [\(args.joined(separator: ", "))], mapMissingTo: \(missing))"
            }
        case .mapValues(let map):
            let keys = map.inputs.map { "(\(valueOf($0.field, in: scope)), \(fields.kind($0.field)))" }
            let rows = map.rows.map { row -> String in
                let cells =
                    map.inputs.map { row[$0.column].map(SwiftText.stringLiteral) ?? "nil" }
                    + [row[map.outputColumn].map(SwiftText.stringLiteral) ?? "nil"]
                return "[" + cells.joined(separator: ", ") + "]"
            }
            return
                "Fn.lookUp([\(keys.joined(separator: ", "))], [\(rows.joined(separator: ", "))], mapMissingTo: \(map.mapMissingTo.map(SwiftText.stringLiteral) ?? "nil"), defaultValue: \(map.defaultValue.map(SwiftText.stringLiteral) ?? "nil"), \(RowFields.kind(map.type)))"
        case .discretize(let bins):
            let list = bins.bins.map { bin -> String in
                let closure =
                    (bin.interval.lowerClosed ? "closed" : "open") + (bin.interval.upperClosed ? "Closed" : "Open")
                return
                    "(\(bin.interval.lower.map(SwiftText.double) ?? "nil"), \(bin.interval.upper.map(SwiftText.double) ?? "nil"), \"\(closure)\", \(SwiftText.stringLiteral(bin.value)))"
            }
            return
                "Fn.discretize(\(valueOf(bins.field, in: scope)), [\(list.joined(separator: ", "))], mapMissingTo: \(bins.mapMissingTo.map(SwiftText.stringLiteral) ?? "nil"), defaultValue: \(bins.defaultValue.map(SwiftText.stringLiteral) ?? "nil"), \(RowFields.kind(bins.type)))"
        }
    }

    /// The comparison of a numeric field with a constant that reads as a number, as plain Swift: the constant as
    /// the field's type reads it (float32 from its text for `float` fields). nil when the general form is needed.
    func fastComparison(_ field: String, _ comparison: ComparisonOperator, _ constant: String?) -> (String, String)? {
        guard let number = fastThreshold(field, comparison, constant) else { return nil }
        let symbol: String
        switch comparison {
        case .equal: symbol = "=="
        case .notEqual: symbol = "!="
        case .lessThan: symbol = "<"
        case .lessOrEqual: symbol = "<="
        case .greaterThan: symbol = ">"
        case .greaterOrEqual: symbol = ">="
        case .isMissing, .isNotMissing: return nil
        }
        return (fields.property(field), "\(symbol) \(SwiftText.double(number))")
    }

    /// The constant of a comparison that `fastComparison` writes as plain Swift, as the field's type reads it; nil
    /// when the comparison needs the runtime's (`Tri.compare`).
    func fastThreshold(_ field: String, _ comparison: ComparisonOperator, _ constant: String?) -> Double? {
        guard comparison.needsValue, fields.isNumeric(field), let constant else { return nil }
        let number: Double?
        switch fields.type(field) {
        case .float: number = Float(constant).map(Double.init)
        case .double, .integer: number = Double(constant)
        default: number = nil
        }
        guard let number, !number.isNaN else { return nil }
        return number
    }

    /// A Swift expression of type `Bool?` (nil: unknown because a field is missing).
    func predicate(_ condition: Condition, scope: String = "row") -> String {
        switch condition {
        case .true: return "Optional(true)"
        case .false: return "Optional(false)"
        case .simple(let field, let comparison, let constant):
            switch comparison {
            case .isMissing: return "Optional(\(valueOf(field, in: scope)).isMissing)"
            case .isNotMissing: return "Optional(!\(valueOf(field, in: scope)).isMissing)"
            default: break
            }
            if let (property, test) = fastComparison(field, comparison, constant) {
                return "\(scope).\(property).map { $0 \(test) }"
            }
            return
                "Tri.compare(\(valueOf(field, in: scope)), \"\(comparison.rawValue)\", \(SwiftText.stringLiteral(constant ?? "")), \(fields.kind(field)))"
        case .simpleSet(let field, let membership, let values):
            let call =
                "Tri.isIn(\(valueOf(field, in: scope)), [\(values.map(SwiftText.stringLiteral).joined(separator: ", "))], \(fields.kind(field)))"
            return membership == .isIn ? call : "\(call).map { !$0 }"
        case .compound(let combination, let parts):
            let list = parts.map { predicate($0, scope: scope) }.joined(separator: ", ")
            return "Tri.\(combination.rawValue)([\(list)])"
        }
    }
}

extension TreeCodeWriter {
    /// `static let <name> = Ensemble.Plan(...)`: how the runtime combines an ensemble's segments.
    /// Whether the ensemble sums or averages regression trees' numbers (`Ensemble.Numbers`), each tree predicting a
    /// number or nothing at every node.
    static func sumsNumbers(_ ensemble: MiningModelSpec) -> Bool {
        guard ensemble.function == .regression,
            [.sum, .weightedSum, .average, .weightedAverage].contains(ensemble.multipleModelMethod)
        else { return false }
        return ensemble.segments.allSatisfy { segment in
            guard case .tree(let tree) = segment.model else { return false }
            return tree.function == .regression && TreeBodyWriter.predictsNumbers(tree)
        }
    }

    static func planDeclaration(_ ensemble: MiningModelSpec, name: String) -> String {
        let treatment: String =
            switch ensemble.missingPredictionTreatment {
            case .returnMissing: ".returnMissing"
            case .skipSegment: ".skipSegment"
            case .continue: ".continue"
            }
        let classes = ensemble.classes.map(SwiftText.stringLiteral).joined(separator: ", ")
        let initial = ensemble.initialScore.map(SwiftText.double) ?? "nil"
        return
            "static let \(name) = Ensemble.Plan(method: .\(ensemble.multipleModelMethod.rawValue), regression: \(ensemble.function == .regression), treatment: \(treatment), missingThreshold: \(SwiftText.double(ensemble.missingThreshold)), initialScore: \(initial), float: \(ensemble.numeric == .float), classes: [\(classes)])"
    }

    /// The family with the producer's algorithm name, for a doc comment.
    static func describe(_ model: MiningModelSpec) -> String {
        let family = ModelBody.ensemble(model).familyName
        let capitalised = family.prefix(1).uppercased() + family.dropFirst()
        guard let algorithm = model.algorithm else { return capitalised }
        return "\(capitalised) (\(algorithm))"
    }
}
