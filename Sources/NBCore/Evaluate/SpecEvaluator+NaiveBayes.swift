import NBRuntime

/// Naive Bayes, as JPMML-Evaluator computes it: in the log domain, input by input, then the log prior; a
/// missing input, or a value the counts do not list, contributes nothing; a zero count, or a density below the
/// model's threshold, counts as the threshold; the exponentials are normalised to probabilities. The arithmetic is
/// NBRuntime's `Bayes`, the code generated packages run.
extension SpecEvaluator {
    func bayesResult(_ model: NaiveBayesSpec, _ values: [String: FieldValue]) throws(EvaluationError) -> ModelResult {
        var logs = Array(repeating: 0.0, count: model.priors.count)
        for input in model.inputs {
            guard var value = values[input.field] else { throw .unknownField(input.field) }
            if let bins = input.discretize {
                value = try evaluate(.discretize(bins), values)
            }
            Bayes.add(&logs, Self.likelihoods(input, value, model, type: type(of: input.field)))
        }
        return ModelResult(
            Bayes.finish(logs, priors: model.priors.map(\.count), labels: model.priors.map(\.label)))
    }

    /// P(value | class) for every class in prior order, zeros replaced by the threshold; nil when the input says
    /// nothing about this value (missing, or not listed).
    static func likelihoods(
        _ input: NaiveBayesSpec.Input, _ value: FieldValue, _ model: NaiveBayesSpec, type: FieldType
    ) -> [Double]? {
        switch input.evidence {
        case .counts(let rows):
            let table = rows.map { row in
                (row.value, model.priors.map { prior in row.counts.first { $0.label == prior.label }?.count ?? 0 })
            }
            let totals = model.priors.indices.map { index in
                var total = 0.0
                for row in table { total += row.1[index] }
                return total
            }
            return Bayes.counts(value.runtime, type.kind, table, totals: totals, threshold: model.threshold)
        case .distributions(let stats):
            let distributions = model.priors.map { prior -> Bayes.Distribution? in
                switch stats.first(where: { $0.label == prior.label })?.distribution {
                case .gaussian(let mean, let variance)?: .gaussian(mean: mean, variance: variance)
                case .poisson(let mean)?: .poisson(mean: mean)
                case nil: nil
                }
            }
            return Bayes.distributions(value.runtime, distributions, threshold: model.threshold)
        }
    }
}
