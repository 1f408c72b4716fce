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

extension OutputFieldSpec {
    /// How the model card and the `Output` docs name a declared output field's feature.
    public var featureDescription: String {
        if case .decision = feature { return "decision" }
        return "transformed value"
    }

    /// A `transformedValue` or `decision`: an expression computed from the prediction and the row.
    public var computesExpression: Bool {
        switch feature {
        case .transformedValue, .decision: true
        case .predictedValue, .probability, .entityId: false
        }
    }
}
