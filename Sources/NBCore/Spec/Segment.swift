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
