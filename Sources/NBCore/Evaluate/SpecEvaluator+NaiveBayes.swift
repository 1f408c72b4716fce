import Foundation

/// Naive Bayes, as JPMML-Evaluator computes it: in the log domain, input by input, then the log prior; a
/// missing input, or a value the counts do not list, contributes nothing; a zero count, or a density below the
/// model's threshold, counts as the threshold; the exponentials are normalised to probabilities.
extension SpecEvaluator {
    func bayesResult(_ model: NaiveBayesSpec, _ values: [String: FieldValue]) throws(EvaluationError) -> ModelResult {
        var logs = Array(repeating: 0.0, count: model.priors.count)
        for input in model.inputs {
            guard var value = values[input.field] else { throw .unknownField(input.field) }
            if let bins = input.discretize {
                value = try evaluate(.discretize(bins), values)
            }
            if value.isMissing { continue }
            let likelihoods = Self.likelihoods(input, value, model, type: type(of: input.field))
            guard let likelihoods else { continue }
            for index in logs.indices { logs[index] += log(likelihoods[index]) }
        }
        for (index, prior) in model.priors.enumerated() { logs[index] += log(prior.count) }
        let exps = logs.map { exp($0) }
        var sum = 0.0
        for value in exps { sum += value }
        let probabilities = exps.map { $0 / sum }
        var result = ModelResult(
            probabilities: Array(zip(model.priors.map(\.label), probabilities)).map { ($0.0, $0.1) })
        if let best = Self.firstLargest(result.probabilities) { result.value = .text(best.label) }
        return result
    }

    /// P(value | class) for every class in prior order, zeros replaced by the threshold; nil when the input says
    /// nothing about this value.
    public static func likelihoods(
        _ input: NaiveBayesSpec.Input, _ value: FieldValue, _ model: NaiveBayesSpec, type: FieldType
    ) -> [Double]? {
        var result: [Double] = []
        switch input.evidence {
        case .counts(let rows):
            guard let row = rows.first(where: { ValueSemantics.equals(value, $0.value, type: type) }) else {
                return nil
            }
            for prior in model.priors {
                var total = 0.0
                for other in rows {
                    total += other.counts.first { $0.label == prior.label }?.count ?? 0
                }
                let count = row.counts.first { $0.label == prior.label }?.count ?? 0
                let p = total > 0 ? count / total : 0
                result.append(p == 0 ? model.threshold : p)
            }
        case .distributions(let stats):
            guard let x = value.number else { return nil }
            for prior in model.priors {
                guard let stat = stats.first(where: { $0.label == prior.label }) else {
                    result.append(model.threshold)
                    continue
                }
                // A density never counts for less than the threshold (JPMML-Evaluator's rule).
                result.append(Swift.max(density(stat.distribution, x), model.threshold))
            }
        }
        return result
    }

    public static func density(_ distribution: NaiveBayesSpec.Distribution, _ x: Double) -> Double {
        switch distribution {
        case .gaussian(let mean, let variance):
            let d = x - mean
            return exp(-(d * d) / (2 * variance)) / (2 * Double.pi * variance).squareRoot()
        case .poisson(let mean):
            guard x >= 0, x.rounded() == x else { return 0 }
            return exp(x * log(mean) - mean - lgamma(x + 1))
        }
    }
}
