import Foundation

/// The reference evaluator: scores rows by interpreting a spec's parts directly, without generating code.
/// The spec builder uses it to check golden examples before any code is written, and tests cross-check
/// generated code against it.
public struct SpecEvaluator: Sendable {
    public var inputs: [InputSpec] { didSet { refreshTypes() } }
    public var derivedFields: [DerivedFieldSpec] { didSet { refreshTypes() } }
    public var model: ModelBody { didSet { refreshTypes() } }
    public var target: TargetSpec
    /// Threshold and positive class, when a decision is bound.
    public var decision: (threshold: Double, positiveClass: String)?
    /// OutputFields of the top-level model to compute into `EvaluationResult.outputs` (trees and ensembles).
    public var outputFields: [OutputFieldSpec] { didSet { refreshTypes() } }
    /// Guard rails on inputs: a row outside one is refused before scoring.
    public var guardRails: [GuardRail] = []
    /// A regression's floor and cap, applied to the prediction.
    public var predictionBounds: (lower: Double?, upper: Double?) = (nil, nil)
    /// The parameters' values in force (a hand-written function reads them).
    public var parameterValues: [String: ParameterValue] = [:]
    /// The type of every field name the spec defines (inputs, derived fields, segment fields, output fields):
    /// comparisons read constants with the field's type.
    var types: [String: FieldType] = [:]

    public init(
        inputs: [InputSpec], derivedFields: [DerivedFieldSpec], model: ModelBody, target: TargetSpec,
        decision: (threshold: Double, positiveClass: String)? = nil, outputFields: [OutputFieldSpec] = []
    ) {
        self.inputs = inputs
        self.derivedFields = derivedFields
        self.model = model
        self.target = target
        self.decision = decision
        self.outputFields = outputFields
        refreshTypes()
    }

    public init(spec: ModelSpec) {
        var decision: (Double, String)?
        if let threshold = spec.parameter(.threshold)?.value.number,
            case .string(let positive)? = spec.parameter(.positiveClass)?.value
        {
            decision = (threshold, positive)
        } else if let threshold = spec.parameter(.threshold)?.value.number,
            case .decision(let positive, _)? = spec.outputs.first(where: {
                if case .decision = $0.kind { return true } else { return false }
            })?.kind
        {
            decision = (threshold, positive)
        }
        self.init(
            inputs: spec.inputs, derivedFields: spec.derivedFields, model: spec.model, target: spec.target,
            decision: decision, outputFields: spec.outputFields ?? [])
        guardRails = spec.guardRails
        predictionBounds = spec.predictionBounds
        for parameter in spec.parameters { parameterValues[parameter.name] = parameter.value }
    }

    /// Scores one row given as input name -> value. Absent inputs are missing.
    ///
    /// Linear models refuse a row with a missing input they need. Trees and ensembles follow PMML: a missing
    /// value goes where the model's missing-value strategy sends it, and a row the model cannot score gives a
    /// result without prediction, label or probabilities.
    public func evaluate(_ row: [String: FieldValue]) throws(EvaluationError) -> EvaluationResult {
        for rail in guardRails {
            if case .number(let value)? = row[rail.input], let refusal = rail.refusal(value) {
                throw .outsideGuardRail(refusal)
            }
        }
        var result = try score(row)
        if let prediction = result.prediction {
            if let upper = predictionBounds.upper, prediction > upper { result.prediction = upper }
            if let lower = predictionBounds.lower, prediction < lower { result.prediction = lower }
        }
        return result
    }

    /// Scores a row inside the guard rails, before floor and cap.
    func score(_ row: [String: FieldValue]) throws(EvaluationError) -> EvaluationResult {
        var values: [String: FieldValue] = [:]
        for input in inputs {
            values[input.name] = try prepare(input, row[input.name] ?? .missing)
        }
        for field in derivedFields {
            values[field.name] = ValueSemantics.cast(try evaluate(field.expression, values), to: field.type)
        }
        switch model {
        case .linear(let linear) where !linear.computesInFloat && outputFields.isEmpty:
            return try score(linear, values)
        case .linear, .tree, .ensemble, .network, .machine, .bayes, .function, .scorecard:
            let result = try evaluateModel(model, values, target: target)
            return try finish(result, values: values)
        }
    }

    mutating func refreshTypes() {
        var types: [String: FieldType] = [:]
        for input in inputs { types[input.name] = input.type }
        for field in derivedFields { types[field.name] = field.type }
        for field in outputFields { types[field.name] = field.type ?? .double }
        func visit(_ body: ModelBody) {
            guard case .ensemble(let ensemble) = body else { return }
            for segment in ensemble.segments {
                for field in segment.derivedFields { types[field.name] = field.type }
                for field in segment.outputFields { types[field.name] = field.type ?? .double }
                visit(segment.model)
            }
        }
        visit(model)
        self.types = types
    }

    /// The type a field is compared with: declared, else double.
    func type(of field: String) -> FieldType { types[field] ?? .double }

    /// Applies MiningSchema semantics: missing replacement, validity, outliers.
    func prepare(_ input: InputSpec, _ raw: FieldValue) throws(EvaluationError) -> FieldValue {
        var value = raw
        if let markers = input.missingValues, isMarker(value, markers, type: input.type) { value = .missing }
        if case .text(let text) = value, input.type.isNumeric {
            guard let number = Double(text) else { return try invalid(input, text) }
            value = .number(number)
        }
        if case .number(let number) = value, input.type == .float {
            // A float input is the caller's double rounded to float32, as numpy's astype(float32) does before
            // scikit-learn, XGBoost or LightGBM see it (text is read as a double first, so a value halfway between
            // two floats rounds as it does there).
            value = .number(Double(Float(number)))
        }
        if value.isMissing {
            guard let replacement = input.missingReplacement else { return .missing }
            guard input.type.isNumeric else { return .text(replacement) }
            let number = ValueSemantics.cast(.text(replacement), to: input.type)
            return number.number == nil ? .missing : number
        }
        switch value {
        case .number(let number):
            if !input.validIntervals.isEmpty, !input.validIntervals.contains(where: { $0.contains(number) }) {
                return try invalid(input, NumberFormat.shortest(number))
            }
            if !input.validValues.isEmpty, input.opType != .continuous,
                !input.validValues.contains(where: { Double($0) == number })
            {
                return try invalid(input, NumberFormat.shortest(number))
            }
            switch input.outliers.mode {
            case .asIs: return value
            case .asMissingValues:
                if let low = input.outliers.low, number < low { return .missing }
                if let high = input.outliers.high, number > high { return .missing }
                return value
            case .asExtremeValues:
                if let low = input.outliers.low, number < low { return .number(low) }
                if let high = input.outliers.high, number > high { return .number(high) }
                return value
            }
        case .text(let text):
            if !input.validValues.isEmpty, !input.validValues.contains(text) { return try invalid(input, text) }
            return value
        case .missing:
            return value
        }
    }

    /// Whether a raw value is one of the field's missing-value markers (`NaN` in XGBoost models).
    private func isMarker(_ value: FieldValue, _ markers: [String], type: FieldType) -> Bool {
        switch value {
        case .missing: return false
        case .text(let text): return markers.contains(text)
        case .number(let x): return markers.contains { Double($0).map { $0 == x || ($0.isNaN && x.isNaN) } ?? false }
        }
    }

    private func invalid(_ input: InputSpec, _ text: String) throws(EvaluationError) -> FieldValue {
        switch input.invalidTreatment {
        case .returnInvalid: throw .invalidValue(field: input.name, value: text)
        case .asIs: return Double(text).map(FieldValue.number) ?? .text(text)
        case .asMissing: return .missing
        }
    }

    func score(_ model: LinearModelSpec, _ values: [String: FieldValue]) throws(EvaluationError) -> EvaluationResult {
        var scores: [Double] = []
        for equation in model.equations {
            var sum = equation.intercept
            for term in equation.terms {
                var product = term.coefficient
                for factor in term.factors {
                    switch factor {
                    case .numeric(let field, let exponent):
                        guard let x = values[field]?.number else { throw .missingValue(field: field) }
                        product *= exponent == 1 ? x : pow(x, Double(exponent))
                    case .indicator(let field, let category):
                        guard let value = values[field], !value.isMissing else { throw .missingValue(field: field) }
                        let matches: Bool
                        if case .text(let text) = value {
                            matches = text == category
                        } else {
                            matches = Double(category) == value.number
                        }
                        if !matches { product = 0 }
                    }
                }
                sum += product
            }
            scores.append(sum)
        }
        if model.function == .regression {
            var y = LinkFunctions.inverseLink(model.normalization, scores.first ?? 0)
            if model.normalization == .power, let p = model.linkParameter {
                y = LinkFunctions.powerLink(scores.first ?? 0, p)
            }
            y = y * target.rescaleFactor + target.rescaleConstant
            if let minimum = target.minimum { y = max(y, minimum) }
            if let maximum = target.maximum { y = min(y, maximum) }
            return EvaluationResult(prediction: y)
        }
        let probabilities = LinkFunctions.classProbabilities(model.normalization, scores)
        let labels = model.equations.map { $0.category ?? "" }
        let ordered = orderedByClasses(labels: labels, probabilities: probabilities)
        let best = LinkFunctions.argmax(ordered.map(\.probability))
        var result = EvaluationResult(label: ordered[best].label, probabilities: ordered)
        if let decision {
            result.decision = (result.probability(of: decision.positiveClass) ?? 0) >= decision.threshold
        }
        return result
    }

    /// Puts probabilities in the target's class order (the order of the model file's declared values).
    func orderedByClasses(labels: [String], probabilities: [Double]) -> [(label: String, probability: Double)] {
        let pairs = Array(zip(labels, probabilities))
        guard !target.classes.isEmpty else { return pairs.map { ($0.0, $0.1) } }
        return target.classes.map { label in (label, pairs.first { $0.0 == label }?.1 ?? 0) }
    }
}
