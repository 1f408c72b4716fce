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

/// One member of an ensemble (PMML `Segment`).
public struct Segment: Sendable, Codable, Hashable {
    /// PMML `id`, or the 1-based position when the file gives none.
    public var id: String
    public var weight: Double
    /// The field whose value is the segment's weight for a row, in place of `weight` (PMML `VariableWeight`):
    /// typically one of the segment's own output fields.
    public var variableWeight: String?
    /// Whether the segment takes part for a row; an unknown result (a missing field) counts as false.
    public var predicate: Condition
    public var model: ModelBody
    /// The segment model's own target, when it declares one (a target MiningField or `Targets`): its rescaling
    /// applies to the segment's prediction, and its classes are the segment's labels. The name is empty when the
    /// segment predicts no named field (an intermediate score of a gradient-boosting chain).
    public var target: TargetSpec?
    /// The segment model's LocalTransformations, computed before it runs and visible only inside it.
    public var derivedFields: [DerivedFieldSpec]
    /// The OutputFields the segment model declares. In a model chain, later segments (and the ensemble's own
    /// outputs) read them by name.
    public var outputFields: [OutputFieldSpec]

    public init(
        id: String, weight: Double = 1, predicate: Condition = .true, model: ModelBody, target: TargetSpec? = nil,
        derivedFields: [DerivedFieldSpec] = [], outputFields: [OutputFieldSpec] = [], variableWeight: String? = nil
    ) {
        self.id = id
        self.weight = weight
        self.variableWeight = variableWeight
        self.predicate = predicate
        self.model = model
        self.target = target
        self.derivedFields = derivedFields
        self.outputFields = outputFields
    }
}

/// A result a model declares (PMML `OutputField`), in full: what nbship's evaluator computes for ensembles and
/// their segments. `OutputSpec` is the narrower view the generated code exposes.
public struct OutputFieldSpec: Sendable, Codable, Hashable {
    public enum Feature: Sendable, Codable, Hashable {
        /// The model's prediction: a number or a class label.
        case predictedValue
        /// The probability of the given class, or of the predicted class when nil.
        case probability(String?)
        /// An expression over fields and other output fields (PMML `transformedValue`).
        case transformedValue(Expression)
        /// An expression giving a decision (PMML `decision`), typically a boolean.
        case decision(Expression)
        /// The id of the tree node that gave the prediction.
        case entityId
    }

    public var name: String
    public var feature: Feature
    /// The declared `dataType` (or the one PMML implies); a result is converted to it (float32 rounding, text,
    /// boolean). nil for an expression without a declared type: its value is kept as computed.
    public var type: FieldType?
    /// An intermediate result only other output fields read (`isFinalResult="false"`).
    public var isFinalResult: Bool
    public var location: SourceLocation?

    public init(
        name: String, feature: Feature, type: FieldType? = .double, isFinalResult: Bool = true,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.feature = feature
        self.type = type
        self.isFinalResult = isFinalResult
        self.location = location
    }
}
