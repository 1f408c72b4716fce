/// The PMML names nbship knows: model elements, built-in functions and their arities, and help texts.
enum PMMLVocabulary {
    /// Model elements nbship translates.
    static let supportedModels: Set<String> = [
        "RegressionModel", "GeneralRegressionModel", "TreeModel", "MiningModel", "NeuralNetwork",
        "SupportVectorMachineModel", "RuleSetModel", "NaiveBayesModel", "Scorecard",
    ]

    /// Every model element PMML 3.0–4.4 defines, with the help line shown when it is not supported.
    static let modelHelp: [String: String] = [
        "TreeModel": "", "MiningModel": "",
        "AnomalyDetectionModel": laterFamily, "AssociationModel": laterFamily, "BayesianNetworkModel": laterFamily,
        "BaselineModel": laterFamily, "ClusteringModel": laterFamily, "GaussianProcessModel": laterFamily,
        "NaiveBayesModel": "", "NearestNeighborModel": laterFamily, "NeuralNetwork": "",
        "RuleSetModel": "", "Scorecard": "", "SequenceModel": laterFamily,
        "SupportVectorMachineModel": "", "TextModel": laterFamily, "TimeSeriesModel": laterFamily,
        "RegressionModel": "", "GeneralRegressionModel": "",
    ]

    static let laterFamily =
        "nbship currently translates linear models (RegressionModel, GeneralRegressionModel), trees (TreeModel), "
        + "ensembles (MiningModel), neural networks, support vector machines, naive Bayes, firstHit rule sets and scorecards; this model family is planned for a later version"

    /// Built-in `Apply` functions nbship translates, with the number of arguments each takes
    /// (`nil` upper bound: any number, at least the lower bound).
    static let functionArity: [String: (minimum: Int, maximum: Int?)] = [
        "+": (2, 2), "-": (2, 2), "*": (2, 2), "/": (2, 2), "pow": (2, 2), "threshold": (2, 2),
        "exp": (1, 1), "ln": (1, 1), "log10": (1, 1), "sqrt": (1, 1), "abs": (1, 1),
        "floor": (1, 1), "ceil": (1, 1), "round": (1, 1), "min": (1, nil), "max": (1, nil),
        // Folded into nested `+` and `*`; PMML gives them the same missing-value rule (any missing, result missing).
        "sum": (1, nil), "product": (1, nil),
        // Logic and comparison: results are 1 for true and 0 for false.
        "if": (2, 3), "isMissing": (1, 1), "isNotMissing": (1, 1), "equal": (2, 2), "notEqual": (2, 2),
        "lessThan": (2, 2), "lessOrEqual": (2, 2), "greaterThan": (2, 2), "greaterOrEqual": (2, 2),
        "and": (2, nil), "or": (2, nil), "not": (1, 1), "isIn": (2, nil), "isNotIn": (2, nil),
    ]

    /// Expression elements PMML defines that nbship does not translate.
    static let unsupportedExpressions: Set<String> = ["TextIndex", "Aggregate", "Lag"]

    /// Elements that document a model but never change its predictions; skipped without a diagnostic.
    static let informational: Set<String> = ["Extension", "ModelStats", "ModelExplanation", "PCovMatrix"]
}
