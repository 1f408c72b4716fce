import NBCore

/// Writes the body of `predict(_:)` for a linear model, statement by statement, in the same order of
/// operations as nbship's reference evaluator (and the source framework): intercept first, then each term.
struct LinearCodeWriter {
    let spec: ModelSpec
    let names: NamingPlan

    func bodyLines(_ model: LinearModelSpec) -> [String] {
        var lines: [String] = []
        lines += inputLines()
        lines += preprocessingLines()
        lines.append("// Linear scores (\(model.sourceElement), normalization \(model.normalization.rawValue)).")
        for (index, equation) in model.equations.enumerated() {
            if index == 1 && Self.usesBinaryRule(model) {
                let category = SwiftText.comment(equation.category ?? "")
                lines.append(
                    "// Class \(category): probability 1 - the first (PMML's binary rule); its table is not needed.")
                continue
            }
            lines += equationLines(equation, variable: "score\(index)")
        }
        if model.function == .regression {
            lines += regressionLines(model)
        } else {
            lines += classificationLines(model)
        }
        return lines
    }

    /// Two classes with a binary link: the second probability is the complement of the first.
    static func usesBinaryRule(_ model: LinearModelSpec) -> Bool {
        model.function == .classification && model.equations.count == 2
            && ![.softmax, .simplemax].contains(model.normalization)
    }

    func inputLines() -> [String] {
        var lines = ["// Inputs."]
        let used = usedFields()
        for input in spec.inputs {
            let name = names.inputs[input.name] ?? "input"
            let validity = validityLines(input, name: name)
            guard used.contains(input.name) || !validity.isEmpty else { continue }
            lines.append("let \(name) = input.\(name)  // \(SwiftText.comment(input.name))")
            lines += validity
        }
        return lines
    }

    /// The fields read by preprocessing or the model.
    func usedFields() -> Set<String> {
        var used = Set(spec.derivedFields.flatMap { $0.expression.fieldReferences })
        if case .linear(let model) = spec.model {
            for equation in model.equations {
                for term in equation.terms { used.formUnion(term.factors.map(\.field)) }
            }
        }
        return used
    }

    /// Checks of valid intervals and outlier treatment, where the model file defines them.
    func validityLines(_ input: InputSpec, name: String) -> [String] {
        guard input.type.isNumeric else {
            guard !input.validValues.isEmpty, input.invalidTreatment == .returnInvalid else { return [] }
            let list = input.validValues.map(SwiftText.stringLiteral).joined(separator: ", ")
            return SwiftCode.block(
                "guard [\(list)].contains(\(name)) else {",
                [
                    "throw .invalidValue(feature: \(SwiftText.stringLiteral(input.name)), value: \(name), expected: \(SwiftText.stringLiteral("one of " + input.validValues.joined(separator: ", "))))"
                ])
        }
        var lines: [String] = []
        if !input.validIntervals.isEmpty, input.invalidTreatment == .returnInvalid {
            let conditions = input.validIntervals.map { interval -> String in
                var parts: [String] = []
                if let lower = interval.lower {
                    parts.append("\(name) \(interval.lowerClosed ? ">=" : ">") \(SwiftText.double(lower))")
                }
                if let upper = interval.upper {
                    parts.append("\(name) \(interval.upperClosed ? "<=" : "<") \(SwiftText.double(upper))")
                }
                return parts.isEmpty ? "true" : "(" + parts.joined(separator: " && ") + ")"
            }
            let expected = input.validIntervals.map(\.description).joined(separator: " or ")
            lines += SwiftCode.block(
                "guard \(conditions.joined(separator: " || ")) else {",
                [
                    "throw .invalidValue(feature: \(SwiftText.stringLiteral(input.name)), value: \"\\(\(name))\", expected: \(SwiftText.stringLiteral("a number in " + expected)))"
                ])
        }
        return lines
    }

    func preprocessingLines() -> [String] {
        guard !spec.derivedFields.isEmpty else { return [] }
        var lines = ["// Preprocessing."]
        for field in spec.derivedFields {
            let local = names.derived[field.name] ?? "derived"
            let origin =
                field.origin == .notebook
                ? "notebook scaling" + (field.location.map { ", \(Self.place($0))" } ?? "")
                : "model file"
            lines.append("// \(SwiftText.comment(field.name)) (\(origin))")
            lines.append("let \(local): Double = \(expression(field.expression))")
        }
        return lines
    }

    /// `cell 4, line 2` — a location without the file path, so output does not depend on where inputs live.
    static func place(_ location: SourceLocation) -> String {
        var parts: [String] = []
        if let cell = location.cell { parts.append("cell \(cell)") }
        if let line = location.line { parts.append("line \(line)") }
        return parts.joined(separator: ", ")
    }

    func expression(_ expression: NBCore.Expression) -> String {
        switch expression {
        case .field(let name): return names.reference(name)
        case .constant(let value): return SwiftText.double(value)
        case .indicator(let field, let value):
            return "(\(names.reference(field)) == \(literal(for: field, value)) ? 1.0 : 0.0)"
        case .normContinuous(let field, let points, _, _):
            let list = points.map { "(\(SwiftText.double($0.original)), \(SwiftText.double($0.normalized)))" }
            return "Link.normContinuous(\(names.reference(field)), [\(list.joined(separator: ", "))])"
        case .apply(let function, let arguments, _):
            let args = arguments.map(self.expression)
            switch function {
            case "+", "-", "*", "/": return "(\(args[0]) \(function) \(args[1]))"
            case "ln": return "log(\(args[0]))"
            case "sqrt": return "(\(args[0])).squareRoot()"
            case "round": return "((\(args[0])) + 0.5).rounded(.down)"
            case "threshold": return "(\(args[0]) > \(args[1]) ? 1.0 : 0.0)"
            case "float32": return "Double(Float(\(args[0])))"
            case "min", "max":
                return args.count == 1 ? args[0] : "\(function)(\(args.joined(separator: ", ")))"
            default: return "\(function)(\(args.joined(separator: ", ")))"
            }
        case .text, .mapValues, .discretize:
            // Issue 3: refused by GenerationSupport.check before any code is written.
            return "Double.nan"
        }
    }

    /// A literal comparable with the field: a number for numeric inputs, a string otherwise.
    func literal(for field: String, _ value: String) -> String {
        if let input = spec.inputs.first(where: { $0.name == field }), input.type.isNumeric, let number = Double(value)
        {
            return SwiftText.double(number)
        }
        return SwiftText.stringLiteral(value)
    }

    func equationLines(_ equation: LinearEquation, variable: String) -> [String] {
        var lines: [String] = []
        if let category = equation.category { lines.append("// Class \(SwiftText.comment(category)).") }
        let keyword = equation.terms.isEmpty ? "let" : "var"
        lines.append("\(keyword) \(variable): Double = \(SwiftText.double(equation.intercept))")
        for term in equation.terms {
            var factors: [String] = []
            var comment: [String] = []
            for factor in term.factors {
                switch factor {
                case .numeric(let field, let exponent):
                    let reference = names.reference(field)
                    factors.append(
                        exponent == 1 ? reference : "pow(\(reference), \(SwiftText.double(Double(exponent))))")
                    comment.append(exponent == 1 ? field : "\(field)^\(exponent)")
                case .indicator(let field, let value):
                    factors.append("(\(names.reference(field)) == \(literal(for: field, value)) ? 1.0 : 0.0)")
                    comment.append("\(field)=\(value)")
                }
            }
            let product = ([SwiftText.double(term.coefficient)] + factors).joined(separator: " * ")
            lines.append("\(variable) += \(product)  // \(SwiftText.comment(comment.joined(separator: " * ")))")
        }
        return lines
    }

    func regressionLines(_ model: LinearModelSpec) -> [String] {
        var lines: [String] = []
        var value = "score0"
        switch model.normalization {
        case .none, .softmax, .simplemax, .identity, .onnxSoftmax, .onnxSoftmaxL1: break
        case .onnxLogistic, .onnxLogisticL1: value = "Double(Link.onnxLogistic(Float(score0)))"
        case .logit: value = "Link.logistic(score0)"
        case .sigmoid: value = "Link.sigmoid(score0)"
        case .xgboostSigmoid: value = "Link.xgboostSigmoid(score0)"
        case .exp: value = "exp(score0)"
        case .power:
            // The inverse of the power link y = mu^p.
            let p = model.linkParameter ?? 1
            value = p == 0 ? "exp(score0)" : "pow(score0, 1 / \(SwiftText.double(p)))"
        case .probit, .cloglog, .loglog, .cauchit: value = "Link.\(model.normalization.rawValue)(score0)"
        }
        var adjustments: [String] = []
        if spec.target.rescaleFactor != 1 || spec.target.rescaleConstant != 0 {
            adjustments.append(
                "prediction = prediction * \(SwiftText.double(spec.target.rescaleFactor)) + \(SwiftText.double(spec.target.rescaleConstant))"
            )
        }
        if let minimum = spec.target.minimum {
            adjustments.append("prediction = max(prediction, \(SwiftText.double(minimum)))")
        }
        if let maximum = spec.target.maximum {
            adjustments.append("prediction = min(prediction, \(SwiftText.double(maximum)))")
        }
        lines.append("\(adjustments.isEmpty ? "let" : "var") prediction = \(value)")
        lines += adjustments
        lines.append("return Output(prediction: prediction)")
        return lines
    }

    func classificationLines(_ model: LinearModelSpec) -> [String] {
        let scores = model.equations.indices.map { "score\($0)" }
        var lines = ["// Probabilities, in the order of the model file's scores."]
        switch model.normalization {
        case .softmax: lines.append("let raw = Link.softmax([\(scores.joined(separator: ", "))])")
        case .simplemax: lines.append("let raw = Link.simplemax([\(scores.joined(separator: ", "))])")
        case .identity: lines.append("let raw = [\(scores.joined(separator: ", "))]")
        case .onnxLogistic:
            lines.append(
                "let raw = [\(scores.map { "Double(Link.onnxLogistic(Float(\($0))))" }.joined(separator: ", "))]")
        case .onnxSoftmax:
            lines.append(
                "let raw = Link.onnxSoftmax([\(scores.map { "Float(\($0))" }.joined(separator: ", "))]).map(Double.init)"
            )
        case .onnxLogisticL1:
            lines.append(
                "let raw = Link.onnxL1([\(scores.map { "Link.onnxLogistic(Float(\($0)))" }.joined(separator: ", "))]).map(Double.init)"
            )
        case .onnxSoftmaxL1:
            lines.append(
                "let raw = Link.onnxL1(Link.onnxSoftmax([\(scores.map { "Float(\($0))" }.joined(separator: ", "))])).map(Double.init)"
            )
        default:
            let link: (String) -> String = { score in
                switch model.normalization {
                case .none, .softmax, .simplemax, .identity, .onnxSoftmax, .onnxLogistic, .onnxSoftmaxL1,
                    .onnxLogisticL1:
                    score
                case .logit: "Link.logistic(\(score))"
                case .exp: "exp(\(score))"
                default: "Link.\(model.normalization.rawValue)(\(score))"
                }
            }
            if scores.count == 2 {
                lines.append("let first = \(link(scores[0]))")
                lines.append("let raw = [first, 1 - first]")
            } else {
                lines.append("let raw = [\(scores.map(link).joined(separator: ", "))]")
            }
        }
        let categories = model.equations.map { $0.category ?? "" }
        let ordered = spec.target.classes.map { label -> String in
            guard let index = categories.firstIndex(of: label) else { return "0.0" }
            return "raw[\(index)]"
        }
        lines.append("// In class order: \(spec.target.classes.map(SwiftText.comment).joined(separator: ", ")).")
        lines.append("let probabilities = [\(ordered.joined(separator: ", "))]")
        lines.append("let label = \(names.labelType).allCases[Link.argmax(probabilities)]")
        if let decision = spec.outputs.first(where: { if case .decision = $0.kind { true } else { false } }),
            case .decision(let positive, let parameter) = decision.kind,
            let index = spec.target.classes.firstIndex(of: positive)
        {
            let property = names.parameters[parameter] ?? "threshold"
            lines.append("let decision = probabilities[\(index)] >= parameters.\(property)")
            lines.append("return Output(label: label, probabilities: probabilities, decision: decision)")
        } else {
            lines.append("return Output(label: label, probabilities: probabilities)")
        }
        return lines
    }
}
