/// An ensemble (PMML `MiningModel` with a `Segmentation`): segments, each a model with a predicate that says
/// whether it takes part, combined by `multipleModelMethod`. Random forests, gradient boosting (XGBoost,
/// LightGBM, scikit-learn, R gbm), AdaBoost, voting ensembles and model chains are all of this form.
public struct MiningModelSpec: Sendable, Codable, Hashable {
    /// How the results of the segments become one result (PMML `multipleModelMethod`).
    public enum MultipleModelMethod: String, Sendable, Codable, Hashable, CaseIterable {
        /// Regression: the sum of the segments' predictions (gradient boosting), starting from `initialScore`.
        /// In float32 where declared, in segment order.
        case sum
        /// Regression: the sum of weight times prediction.
        case weightedSum
        /// Regression: the mean prediction. Classification: the mean class probabilities.
        case average
        /// Regression: the weighted mean prediction. Classification: the weighted mean class probabilities.
        case weightedAverage
        /// Regression: the median prediction. Classification: the median probability per class.
        case median
        /// Regression: the smallest prediction whose cumulative weight reaches half of the total (AdaBoost).
        case weightedMedian
        /// Classification: the probabilities of the segment whose winning probability is largest.
        case max
        /// Classification: each segment votes for its predicted class; probabilities are vote shares.
        case majorityVote
        /// Classification: as `majorityVote`, each vote counting the segment's weight.
        case weightedMajorityVote
        /// The result of the first segment whose predicate is true.
        case selectFirst
        /// Segments run in order, later ones reading earlier ones' output fields; the last segment that runs
        /// gives the result.
        case modelChain
    }

    /// What a segment that returns no prediction does to the whole (PMML `missingPredictionTreatment`).
    public enum MissingPredictionTreatment: String, Sendable, Codable, Hashable, CaseIterable {
        /// The ensemble returns no prediction.
        case returnMissing
        /// The segment is left out, unless the left-out weight share exceeds `missingThreshold`.
        case skipSegment
        /// Votes: "missing" is a candidate that wins only with the most votes. Otherwise as `returnMissing`.
        case `continue`
    }

    public var function: MiningFunction
    public var multipleModelMethod: MultipleModelMethod
    public var missingPredictionTreatment: MissingPredictionTreatment
    /// The share of left-out segment weight above which `skipSegment` returns no prediction.
    public var missingThreshold: Double
    /// `sum` only: the constant the sum starts from, before the first segment (XGBoost's base margin). In float32
    /// the order of additions changes the result, and XGBoost adds its trees to the base margin one by one; PMML
    /// writes the base margin as the target's `rescaleConstant`, which the reader moves here for float32 sums.
    public var initialScore: Double?
    public var segments: [Segment]
    /// Classification: the class labels in declared order. Empty for regression.
    public var classes: [String]
    /// float32 where the model file says so (`x-mathContext="float"`, XGBoost): the aggregation runs in float32.
    public var numeric: NumericSemantics
    /// PMML `algorithmName`, e.g. `XGBoost (GBTree)`, `LightGBM`, `sklearn.ensemble._forest.RandomForestClassifier`.
    public var algorithm: String?
    public var modelName: String?

    public init(
        function: MiningFunction, multipleModelMethod: MultipleModelMethod,
        missingPredictionTreatment: MissingPredictionTreatment = .continue, missingThreshold: Double = 1,
        initialScore: Double? = nil, segments: [Segment], classes: [String] = [], numeric: NumericSemantics = .double,
        algorithm: String? = nil, modelName: String? = nil
    ) {
        self.function = function
        self.multipleModelMethod = multipleModelMethod
        self.missingPredictionTreatment = missingPredictionTreatment
        self.missingThreshold = missingThreshold
        self.initialScore = initialScore
        self.segments = segments
        self.classes = classes
        self.numeric = numeric
        self.algorithm = algorithm
        self.modelName = modelName
    }
}
