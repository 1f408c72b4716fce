import Foundation
import NBRuntime

/// Linear models inside ensembles (the last step of a boosting chain, the members of a selectFirst or voting
/// ensemble), with PMML's missing-value rules and JPMML-Evaluator's arithmetic: a missing numeric input gives no
/// prediction, a missing categorical input contributes nothing; float32 where the model declares it.
extension SpecEvaluator {
    func segmentScore(_ model: LinearModelSpec, _ values: [String: FieldValue]) throws(EvaluationError) -> ModelResult {
        let float = model.numeric == .float
        var scores: [Double] = []
        for equation in model.equations {
            let score =
                model.fusedMultiplyAdd == true
                ? try fusedScore(equation, values) : try tableScore(equation, values, float: float)
            guard let score else { return .missing }
            scores.append(score)
        }
        let method = model.normalization.rawValue
        if model.function == .regression {
            guard let score = scores.first else { return .missing }
            if model.normalization == .power, let p = model.linkParameter {
                return ModelResult(value: .number(LinkFunctions.powerLink(score, p)))
            }
            let value = float ? Double(Linear.inverseLink(method, Float(score))) : Linear.inverseLink(method, score)
            return ModelResult(value: .number(value))
        }
        // The generated code's own function (NBRuntime's Linear.classification), so the two agree by construction.
        let labels = model.equations.map { $0.category ?? "" }
        let secondIsDefault = model.equations.last.map { $0.terms.isEmpty && $0.intercept == 0 } ?? false
        let scored = Linear.classification(
            scores, labels: labels, method, secondIsDefault: secondIsDefault, float: float)
        guard !scored.probabilities.isEmpty || labels.isEmpty else {
            throw .undefinedResult(
                "normalizationMethod \(method) does not give probabilities for \(labels.count) classes")
        }
        var result = ModelResult(probabilities: scored.probabilities)
        if let best = Ensemble.firstLargest(result.probabilities) { result.value = .text(best.label) }
        return result
    }

    /// A score as onnxruntime's GEMM kernel accumulates it (NBRuntime's `Linear.fused`); nil when an input is
    /// missing.
    private func fusedScore(
        _ equation: LinearEquation, _ values: [String: FieldValue]
    ) throws(EvaluationError)
        -> Double?
    {
        var terms: [(coefficient: Double, x: Double)] = []
        for term in equation.terms {
            guard case .numeric(let field, 1)? = term.factors.first, term.factors.count == 1 else {
                throw .undefinedResult("a fused linear score takes single numeric factors")
            }
            guard let value = values[field] else { throw .unknownField(field) }
            guard let x = value.number else { return nil }
            terms.append((term.coefficient, x))
        }
        return Linear.fused(terms, intercept: equation.intercept)
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

    /// `coefficient * factor1 * ...` (NBRuntime's `Linear.product`); nil when a factor's input is missing.
    private func product(
        _ term: LinearTerm, _ values: [String: FieldValue], float: Bool
    ) throws(EvaluationError)
        -> Double?
    {
        var factors: [Linear.Factor] = []
        for factor in term.factors {
            guard let value = values[factor.field] else { throw .unknownField(factor.field) }
            switch factor {
            case .numeric(_, let exponent):
                guard let x = value.number else { return nil }
                factors.append(.number(x, exponent))
            case .indicator(let field, let category):
                if value.isMissing { return nil }
                factors.append(.indicator(ValueSemantics.equals(value, category, type: type(of: field))))
            }
        }
        return Linear.product(term.coefficient, factors, float: float)
    }
}
