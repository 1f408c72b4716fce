/// Regression (a number) or classification (a label with class probabilities).
public enum MiningFunction: String, Sendable, Codable, Hashable {
    case regression, classification
}

/// How raw linear scores become a prediction or probabilities (PMML `normalizationMethod`, GLM link).
public enum Normalization: String, Sendable, Codable, Hashable {
    case none, logit, softmax, simplemax, probit, cloglog, loglog, cauchit, exp
}

/// Whether the model computes in float64 or float32 (XGBoost and LightGBM models declare float).
public enum NumericSemantics: String, Sendable, Codable, Hashable {
    case double, float
}

/// A factor of a linear term: a numeric field raised to a power, or an indicator of a category.
public enum LinearFactor: Sendable, Codable, Hashable {
    case numeric(field: String, exponent: Int)
    case indicator(field: String, value: String)

    public var field: String {
        switch self {
        case .numeric(let field, _), .indicator(let field, _): field
        }
    }
}

/// `coefficient * factor1 * factor2 ...`; several factors express interactions (PMML PredictorTerm).
public struct LinearTerm: Sendable, Codable, Hashable {
    public var coefficient: Double
    public var factors: [LinearFactor]
    public init(coefficient: Double, factors: [LinearFactor]) {
        self.coefficient = coefficient
        self.factors = factors
    }
}

/// One linear score: `intercept + sum(terms)`, for one class (classification) or the target (regression).
public struct LinearEquation: Sendable, Codable, Hashable {
    /// The class this score belongs to; nil for regression.
    public var category: String?
    public var intercept: Double
    public var terms: [LinearTerm]
    public init(category: String?, intercept: Double, terms: [LinearTerm]) {
        self.category = category
        self.intercept = intercept
        self.terms = terms
    }
}

/// A linear or generalised linear model: regression, binary or multinomial classification.
public struct LinearModelSpec: Sendable, Codable, Hashable {
    public var function: MiningFunction
    public var normalization: Normalization
    public var equations: [LinearEquation]
    /// The element it came from, e.g. `RegressionModel` or `GeneralRegressionModel`, and the algorithm name.
    public var sourceElement: String
    public var algorithm: String?

    public init(
        function: MiningFunction, normalization: Normalization, equations: [LinearEquation], sourceElement: String,
        algorithm: String? = nil
    ) {
        self.function = function
        self.normalization = normalization
        self.equations = equations
        self.sourceElement = sourceElement
        self.algorithm = algorithm
    }
}

/// The model body, by family. Trees, ensembles and networks join in later issues.
public enum ModelBody: Sendable, Codable, Hashable {
    case linear(LinearModelSpec)

    public var function: MiningFunction {
        switch self {
        case .linear(let model): model.function
        }
    }

    /// A short name of the model family for people (`linear regression`, `logistic regression`).
    public var familyName: String {
        switch self {
        case .linear(let model):
            if model.function == .regression { return "linear regression" }
            return model.equations.count <= 2 ? "logistic regression (binary)" : "logistic regression (multinomial)"
        }
    }
}
