import NBRuntime
import Foundation

/// Linear models inside ensembles (the last step of a boosting chain, the members of a selectFirst or voting
/// ensemble), with PMML's missing-value rules and JPMML-Evaluator's arithmetic: a missing numeric input gives no
/// prediction, a missing categorical input contributes nothing; float32 where the model declares it.
extension SpecEvaluator {
    func segmentScore(_ model: LinearModelSpec, _ values: [String: FieldValue]) throws(EvaluationError) -> ModelResult {
        let float = model.numeric == .float
        var scores: [Double] = []
        for equation in model.equations {
            guard let score = try tableScore(equation, values, float: float) else { return .missing }
            scores.append(score)
        }
        if model.function == .regression {
            guard let score = scores.first else { return .missing }
            let value =
                float
                ? Double(Self.inverseLink(model.normalization, Float(score)))
                : Self.inverseLink(model.normalization, score)
            return ModelResult(value: .number(value))
        }
        let labels = model.equations.map { $0.category ?? "" }
        let probabilities = try Self.classProbabilities(model, scores, float: float)
        var result = ModelResult(probabilities: Array(zip(labels, probabilities)).map { ($0.0, $0.1) })
        if let best = Self.firstLargest(result.probabilities) { result.value = .text(best.label) }
        return result
    }

    /// One table's score: numeric terms, then categorical ones, then interactions, then the intercept (the order
    /// JPMML-Evaluator adds them in). nil when a numeric input is missing.
    private func tableScore(
        _ equation: LinearEquation, _ values: [String: FieldValue], float: Bool
    ) throws(EvaluationError) -> Double? {
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
        var numericProducts: [Double] = []
        for term in numeric {
            guard let product = try self.product(term, values, float: float) else { return nil }
            numericProducts.append(product)
        }
        var categoricalProducts: [Double] = []
        for term in categorical {
            guard case .indicator(let field, let category)? = term.factors.first else { continue }
            guard let value = values[field] else { throw .unknownField(field) }
            // A missing categorical input is ignored.
            if !value.isMissing, ValueSemantics.equals(value, category, type: type(of: field)) {
                categoricalProducts.append(term.coefficient)
            }
        }
        var interactionProducts: [Double] = []
        for term in interactions {
            guard let product = try self.product(term, values, float: float) else { return nil }
            interactionProducts.append(product)
        }
        var terms = numericProducts + categoricalProducts + interactionProducts
        if equation.intercept != 0 { terms.append(equation.intercept) }
        return Self.sum(terms, float: float)
    }

    /// `coefficient * factor1 * ...`; nil when a factor's input is missing.
    private func product(
        _ term: LinearTerm, _ values: [String: FieldValue], float: Bool
    ) throws(EvaluationError)
        -> Double?
    {
        var product = float ? Double(Float(term.coefficient)) : term.coefficient
        for factor in term.factors {
            guard let value = values[factor.field] else { throw .unknownField(factor.field) }
            switch factor {
            case .numeric(_, let exponent):
                guard let x = value.number else { return nil }
                if float {
                    let power = exponent == 1 ? Float(x) : Float(pow(Double(Float(x)), Double(exponent)))
                    product = Double(Float(product) * power)
                } else {
                    product *= exponent == 1 ? x : pow(x, Double(exponent))
                }
            case .indicator(let field, let category):
                if value.isMissing { return nil }
                if !ValueSemantics.equals(value, category, type: type(of: field)) { product = 0 }
            }
        }
        return product
    }

    /// The inverse link of a single score (PMML `normalizationMethod` of a regression table).
    static func inverseLink(_ method: Normalization, _ y: Double) -> Double {
        method == .softmax ? LinkFunctions.logistic(y) : LinkFunctions.inverseLink(method, y)
    }

    /// The same in float32, as XGBoost computes its sigmoid: `1 / (1 + expf(-y))`.
    static func inverseLink(_ method: Normalization, _ y: Float) -> Float {
        switch method {
        case .none, .simplemax, .identity, .onnxSoftmax: y
        case .onnxLogistic: Link.onnxLogistic(y)
        case .logit, .softmax, .sigmoid: 1 / (1 + Foundation.exp(-y))
        case .xgboostSigmoid: Link.xgboostSigmoid(y)
        case .exp: Foundation.exp(y)
        case .probit, .cloglog, .loglog, .cauchit: Float(LinkFunctions.inverseLink(method, Double(y)))
        }
    }

    /// Class probabilities from per-class scores, as JPMML-Evaluator computes them for a categorical target.
    static func classProbabilities(
        _ model: LinearModelSpec, _ scores: [Double], float: Bool
    ) throws(EvaluationError) -> [Double] {
        let method = model.normalization
        if scores.count == 2 {
            let secondIsDefault = model.equations.last.map { $0.terms.isEmpty && $0.intercept == 0 } ?? false
            switch method {
            case .none, .logit, .sigmoid, .xgboostSigmoid, .probit, .cloglog, .loglog, .cauchit:
                return binomial(method, scores[0], float: float)
            case .softmax where secondIsDefault:
                return binomial(.logit, scores[0], float: float)
            case .softmax, .simplemax:
                return multinomial(method, scores, float: float)
            case .identity, .onnxLogistic, .onnxSoftmax:
                return multinomial(method, scores, float: float)
            case .exp:
                throw .undefinedResult("normalizationMethod exp does not give class probabilities")
            }
        }
        switch method {
        case .none, .simplemax, .softmax, .identity, .onnxLogistic, .onnxSoftmax:
            return multinomial(method, scores, float: float)
        case .logit:
            let links = scores.map { float ? Double(inverseLink(.logit, Float($0))) : LinkFunctions.logistic($0) }
            return multinomial(.simplemax, links, float: float)
        default:
            throw .undefinedResult("normalizationMethod \(method.rawValue) does not apply to \(scores.count) classes")
        }
    }

    /// The first class's probability from the link, the second's the rest.
    private static func binomial(_ method: Normalization, _ score: Double, float: Bool) -> [Double] {
        if float {
            let first = inverseLink(method, Float(score))
            return [Double(first), Double(1 - first)]
        }
        let first = LinkFunctions.inverseLink(method, score)
        return [first, 1 - first]
    }

    private static func multinomial(_ method: Normalization, _ scores: [Double], float: Bool) -> [Double] {
        switch method {
        case .identity:
            return float ? scores.map { Double(Float($0)) } : scores
        case .onnxLogistic:
            return scores.map { Double(Link.onnxLogistic(Float($0))) }
        case .onnxSoftmax:
            return Link.onnxSoftmax(scores.map { Float($0) }).map(Double.init)
        case .softmax:
            guard let largest = scores.max() else { return [] }
            if float {
                // XGBoost's softmax: float32 exps, summed in double, divided in float32.
                let exps = scores.map { Foundation.exp(Float($0) - Float(largest)) }
                var sum = 0.0
                for value in exps { sum += Double(value) }
                let total = Float(sum)
                return exps.map { Double($0 / total) }
            }
            let exps = scores.map { exp($0 - largest) }
            let sum = Self.sum(exps, float: false)
            return exps.map { $0 / sum }
        case .simplemax:
            let sum = Self.sum(scores, float: float)
            if sum == 1 { return scores }
            return scores.map { float ? Double(Float($0) / Float(sum)) : $0 / sum }
        default:
            // none: the last class gets what the others leave.
            let others = Self.sum(Array(scores.dropLast()), float: float)
            return scores.dropLast() + [float ? Double(1 - Float(others)) : 1 - others]
        }
    }
}
