import NBCore

/// NaiveBayesModel: BayesInputs (value counts per class, or per-class Gaussian or Poisson distributions, possibly
/// after a Discretize), the BayesOutput's class counts, and the threshold that stands in for zero probabilities.
extension PMMLExtractor {
    mutating func naiveBayesModel(
        _ model: XMLTreeElement, function: MiningFunction, declared: [String]
    ) -> (spec: NaiveBayesSpec, classes: [String])? {
        guard function == .classification else {
            error(PMMLDiagnosticID.invalidModel, "A <NaiveBayesModel> is a classifier.", at: model)
            return nil
        }
        let threshold = number("threshold", of: model, isRequired: true)
        var inputs: [NaiveBayesSpec.Input] = []
        for element in model.child(named: "BayesInputs")?.children(named: "BayesInput") ?? [] {
            guard let field = required("fieldName", of: element) else { continue }
            _ = resolveField(field, at: element, role: "<BayesInput>")
            var discretize: Discretization?
            if let derived = element.child(named: "DerivedField") {
                guard let body = Self.expressionChildren(of: derived).first,
                    case .discretize(let bins)? = expression(body, in: derived)
                else {
                    error(
                        PMMLDiagnosticID.unsupportedElement,
                        "A <BayesInput>'s DerivedField other than a Discretize is not supported.", at: derived)
                    continue
                }
                discretize = bins
            }
            if let stats = element.child(named: "TargetValueStats") {
                var distributions: [NaiveBayesSpec.ClassDistribution] = []
                for stat in stats.children(named: "TargetValueStat") {
                    guard let label = required("value", of: stat) else { continue }
                    if let gaussian = stat.child(named: "GaussianDistribution"),
                        let mean = number("mean", of: gaussian, isRequired: true),
                        let variance = number("variance", of: gaussian, isRequired: true)
                    {
                        distributions.append(
                            .init(label: label, distribution: .gaussian(mean: mean, variance: variance)))
                    } else if let poisson = stat.child(named: "PoissonDistribution"),
                        let mean = number("mean", of: poisson, isRequired: true)
                    {
                        distributions.append(.init(label: label, distribution: .poisson(mean: mean)))
                    } else {
                        error(
                            PMMLDiagnosticID.unsupportedElement,
                            "nbship translates Gaussian and Poisson distributions in a <TargetValueStat>.", at: stat)
                    }
                }
                inputs.append(
                    NaiveBayesSpec.Input(field: field, discretize: discretize, evidence: .distributions(distributions)))
                continue
            }
            var rows: [NaiveBayesSpec.ValueCounts] = []
            for pair in element.children(named: "PairCounts") {
                guard let value = required("value", of: pair) else { continue }
                rows.append(
                    NaiveBayesSpec.ValueCounts(
                        value: value, counts: classCounts(pair.child(named: "TargetValueCounts"))))
            }
            inputs.append(NaiveBayesSpec.Input(field: field, discretize: discretize, evidence: .counts(rows)))
        }
        guard let output = model.child(named: "BayesOutput") else {
            error(PMMLDiagnosticID.missingElement, "The <NaiveBayesModel> has no <BayesOutput>.", at: model)
            return nil
        }
        var priors = classCounts(output.child(named: "TargetValueCounts"))
        guard let threshold, !priors.isEmpty else { return nil }
        if !declared.isEmpty {
            // The class order is the target's declared order.
            priors = declared.map { label in priors.first { $0.label == label } ?? .init(label: label, count: 0) }
        }
        let spec = NaiveBayesSpec(
            inputs: inputs, priors: priors, threshold: threshold, algorithm: model.attribute("algorithmName"))
        return (spec, priors.map(\.label))
    }

    private mutating func classCounts(_ element: XMLTreeElement?) -> [NaiveBayesSpec.ClassCount] {
        (element?.children(named: "TargetValueCount") ?? []).compactMap { count in
            guard let label = required("value", of: count), let value = number("count", of: count, isRequired: true)
            else {
                return nil
            }
            return NaiveBayesSpec.ClassCount(label: label, count: value)
        }
    }
}
