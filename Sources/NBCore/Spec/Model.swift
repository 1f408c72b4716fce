/// Regression (a number) or classification (a label with class probabilities).
public enum MiningFunction: String, Sendable, Codable, Hashable {
    case regression, classification
}

/// How raw linear scores become a prediction or probabilities (PMML `normalizationMethod`, GLM link).
public enum Normalization: String, Sendable, Codable, Hashable {
    case none, logit, softmax, simplemax, probit, cloglog, loglog, cauchit, exp
    /// `1 / (1 + exp(-y))` exactly as written, for every `y` (LightGBM's binary and cross-entropy outputs). `logit`
    /// computes the same function in the overflow-safe way, which differs in the last bit for negative `y`.
    case sigmoid
    /// XGBoost's float32 sigmoid, `1 / (1 + expf(min(-y, 88.7)))`: below a margin of -88.7 it stays at
    /// 1 / (1 + expf(88.7)) instead of reaching 0.
    case xgboostSigmoid
    /// Classification: the scores are the probabilities as they are, not normalised (onnxruntime's tree ensembles
    /// with `post_transform` NONE). Regression: the score.
    case identity
    /// onnxruntime's float32 logistic, applied to each score on its own: `v = 1 / (1 + expf(-|y|))`, `1 - v` for
    /// negative `y`.
    case onnxLogistic
    /// onnxruntime's float32 softmax: `expf(y - max)` divided by the float32 sum of those, added in class order.
    case onnxSoftmax
    /// `onnxLogistic`, then each probability divided by the float32 sum of their absolute values (skl2onnx's
    /// `Normalizer` L1 after a one-vs-rest LinearClassifier).
    case onnxLogisticL1
    /// `onnxSoftmax`, then each probability divided by the float32 sum of their absolute values (skl2onnx's
    /// `Normalizer` L1 after a multinomial LinearClassifier).
    case onnxSoftmaxL1
    /// A GLM's power link with parameter `p` (`LinearModelSpec.linkParameter`): the prediction is `y^(1/p)`, or
    /// `exp(y)` for `p = 0`. Regression only.
    case power
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
    /// float32 when the model file says so (`x-mathContext="float"`, the last step of an XGBoost chain); nil
    /// means float64. Only set inside ensembles: a top-level model's semantics are `ModelSpec.numeric`.
    public var numeric: NumericSemantics?
    /// true: each score is accumulated in float32 as `sum = fma(coefficient, x, sum)` from 0, term by term, and the
    /// intercept added last (onnxruntime's GEMM kernel for LinearRegressor and LinearClassifier). Terms are then
    /// single numeric factors with exponent 1. nil: products are rounded, then added (JPMML's order).
    public var fusedMultiplyAdd: Bool?
    /// The parameter of the `power` link; nil for the other normalisations.
    public var linkParameter: Double?

    public init(
        function: MiningFunction, normalization: Normalization, equations: [LinearEquation], sourceElement: String,
        algorithm: String? = nil, numeric: NumericSemantics? = nil, fusedMultiplyAdd: Bool? = nil,
        linkParameter: Double? = nil
    ) {
        self.linkParameter = linkParameter
        self.function = function
        self.normalization = normalization
        self.equations = equations
        self.sourceElement = sourceElement
        self.algorithm = algorithm
        self.numeric = numeric
        self.fusedMultiplyAdd = fusedMultiplyAdd
    }

    /// Whether the model is computed by the general path (float32 or fused accumulation), not the double one a
    /// top-level linear model from PMML takes.
    public var computesInFloat: Bool { numeric == .float || fusedMultiplyAdd == true }
}

/// The model body, by family. Networks and the other PMML families join in later issues.
public indirect enum ModelBody: Sendable, Codable, Hashable {
    case linear(LinearModelSpec)
    /// A single decision tree.
    case tree(TreeModelSpec)
    /// An ensemble of segments, each with its own model body (trees, linear models, nested ensembles).
    case ensemble(MiningModelSpec)
    /// A feed-forward neural network.
    case network(NeuralNetworkSpec)
    /// A support vector machine.
    case machine(SupportVectorMachineSpec)
    /// A naive Bayes classifier.
    case bayes(NaiveBayesSpec)
    /// A model written by hand as a Python function in the notebook's `model` cell.
    case function(FunctionModelSpec)
    /// A scorecard: partial scores summed, with ranked reason codes.
    case scorecard(ScorecardSpec)

    public var function: MiningFunction {
        switch self {
        case .linear(let model): model.function
        case .tree(let model): model.function
        case .ensemble(let model): model.function
        case .network(let model): model.function
        case .machine(let model): model.function
        case .bayes: .classification
        case .function(let model): model.function
        case .scorecard: .regression
        }
    }

    /// Whether any part of the model computes in float32 (XGBoost, LightGBM with float inputs).
    public var computesInFloat: Bool {
        switch self {
        case .linear(let model): model.computesInFloat
        case .tree(let model): model.numeric == .float
        case .ensemble(let model):
            model.numeric == .float || model.segments.contains { $0.model.computesInFloat }
        case .network, .machine, .bayes, .function, .scorecard: false
        }
    }

    /// A scorecard that ranks reason codes.
    public var givesReasonCodes: Bool {
        if case .scorecard(let model) = self { return model.useReasonCodes }
        return false
    }

    /// A hand-written Python function (its result is returned as Python returns it, never rescaled).
    public var isFunction: Bool {
        if case .function = self { return true }
        return false
    }

    /// Trees and ensembles of trees (a boosting chain with its final linear step counts as one).
    public var isTreeBased: Bool { EnsembleFamily.isTreeBased(self) }

    /// A short name of the model family for people (`linear regression`, `random forest`, `XGBoost`).
    public var familyName: String {
        switch self {
        case .linear(let model):
            if model.function == .regression { return "linear regression" }
            return model.equations.count <= 2 ? "logistic regression (binary)" : "logistic regression (multinomial)"
        case .tree:
            return "decision tree"
        case .ensemble(let model):
            return EnsembleFamily.name(of: model)
        case .network(let model):
            return "neural network (\(model.layers.count) layers, \(model.neuronCount) neurons)"
        case .machine(let model):
            return "support vector machine (\(model.machines.count) machines, \(model.vectors.count) support vectors)"
        case .bayes(let model):
            return "naive Bayes (\(model.inputs.count) inputs)"
        case .function(let model):
            return "hand-written Python function (\(model.entry))"
        case .scorecard(let model):
            return "scorecard (\(model.characteristics.count) characteristics)"
        }
    }
}

/// Names an ensemble's family from the algorithm and model names its producer wrote.
enum EnsembleFamily {
    /// Lower-cased fragments of algorithm or model names, in the order they are tried, with the family they mean.
    static let markers: [(fragments: [String], family: String)] = [
        (["xgboost"], "XGBoost"),
        (["lightgbm"], "LightGBM"),
        (["iforest", "isolationforest"], "isolation forest"),
        (["randomforest", "random forest", "random_forest", "_forest."], "random forest"),
        (["adaboost", "weight_boosting"], "AdaBoost"),
        (["gradientboost", "gradient boost", "_gb.", "gbm", "gbt"], "gradient boosting"),
    ]

    static func name(of model: MiningModelSpec) -> String {
        let names = ([model.algorithm, model.modelName] + model.segments.flatMap(algorithmNames))
            .compactMap { $0?.lowercased() }
        for (fragments, family) in markers
        where names.contains(where: { name in
            fragments.contains { name.contains($0) }
        }) {
            return family
        }
        return isTreeBased(.ensemble(model)) ? "tree ensemble" : "model ensemble"
    }

    /// The algorithm and model names of a segment's model, nested ensembles included.
    static func algorithmNames(_ segment: Segment) -> [String?] {
        switch segment.model {
        case .linear(let model): [model.algorithm]
        case .tree(let model): [model.algorithm, model.modelName]
        case .ensemble(let model):
            [model.algorithm, model.modelName] + model.segments.flatMap(algorithmNames)
        case .network(let model): [model.algorithm]
        case .machine(let model): [model.algorithm]
        case .bayes(let model): [model.algorithm]
        case .scorecard(let model): [model.algorithm]
        case .function: []
        }
    }

    /// Trees and ensembles of trees. A boosting chain (tree ensembles, then a linear step that turns their scores
    /// into probabilities) counts as one.
    static func isTreeBased(_ body: ModelBody) -> Bool {
        switch body {
        case .linear, .network, .machine, .bayes, .function, .scorecard: return false
        case .tree: return true
        case .ensemble(let model):
            let bodies = model.segments.map(\.model)
            if model.multipleModelMethod == .modelChain, case .linear? = bodies.last {
                let steps = bodies.dropLast()
                return !steps.isEmpty
                    && steps.allSatisfy { step in
                        if case .ensemble = step { return isTreeBased(step) }
                        return false
                    }
            }
            return bodies.allSatisfy(isTreeBased)
        }
    }
}
