/// The validated, format-neutral description of a model package. Only `SpecBuilder` makes one, so code that
/// holds a `ModelSpec` knows every cross-check has passed.
public struct ModelSpec: Sendable, Codable, Hashable {
    /// Package name: lower-case letters, digits and dashes (`diabetes-linear`).
    public var name: String
    /// A human title (`Diabetes progression`).
    public var title: String
    /// Markdown describing what the model does, from the notebook.
    public var summary: String
    public var inputs: [InputSpec]
    public var derivedFields: [DerivedFieldSpec]
    public var model: ModelBody
    public var target: TargetSpec
    public var outputs: [OutputSpec]
    public var parameters: [ParameterSpec]
    public var trainingValues: [RecordedValue]
    public var examples: [ExampleSpec]
    public var provenance: Provenance
    public var numeric: NumericSemantics

    init(
        name: String, title: String, summary: String, inputs: [InputSpec], derivedFields: [DerivedFieldSpec],
        model: ModelBody, target: TargetSpec, outputs: [OutputSpec], parameters: [ParameterSpec],
        trainingValues: [RecordedValue], examples: [ExampleSpec], provenance: Provenance, numeric: NumericSemantics
    ) {
        self.name = name
        self.title = title
        self.summary = summary
        self.inputs = inputs
        self.derivedFields = derivedFields
        self.model = model
        self.target = target
        self.outputs = outputs
        self.parameters = parameters
        self.trainingValues = trainingValues
        self.examples = examples
        self.provenance = provenance
        self.numeric = numeric
    }

    /// The editable parameters, in declaration order.
    public var editableParameters: [ParameterSpec] { parameters.filter(\.editable) }

    /// The parameter with the given role, if any.
    public func parameter(_ role: ParameterRole) -> ParameterSpec? { parameters.first { $0.role == role } }
}
