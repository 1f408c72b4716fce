/// A model file read by a format reader (PMML now; ONNX, XGBoost, LightGBM later), before it meets the notebook.
public struct ImportedModel: Sendable, Hashable {
    /// The path as the user gave it.
    public var file: String
    /// `PMML 4.4`.
    public var format: String
    /// The writing application, e.g. `SkLearn2PMML package 0.133.1`.
    public var producer: String?
    public var description: String?
    /// Model name declared in the file (PMML `modelName`), if any.
    public var modelName: String?
    public var inputs: [InputSpec]
    public var target: TargetSpec?
    public var derivedFields: [DerivedFieldSpec]
    public var model: ModelBody
    /// The outputs the file declares (PMML Output), mapped to nbship's output kinds.
    public var outputs: [OutputSpec]
    /// The top-level model's OutputFields in full, intermediate ones included, as the reference evaluator computes
    /// them (transformed values, decisions); those nbship cannot compute are left out (and reported).
    public var outputFields: [OutputFieldSpec]
    /// PMML ModelVerification records.
    public var verification: [ExampleSpec]
    public var numeric: NumericSemantics
    /// Warnings and notes found while reading (errors are thrown instead).
    public var diagnostics: [Diagnostic]

    public init(
        file: String, format: String, producer: String? = nil, description: String? = nil, modelName: String? = nil,
        inputs: [InputSpec], target: TargetSpec?, derivedFields: [DerivedFieldSpec], model: ModelBody,
        outputs: [OutputSpec] = [], verification: [ExampleSpec] = [], numeric: NumericSemantics = .double,
        diagnostics: [Diagnostic] = [], outputFields: [OutputFieldSpec] = []
    ) {
        self.file = file
        self.format = format
        self.producer = producer
        self.description = description
        self.modelName = modelName
        self.inputs = inputs
        self.target = target
        self.derivedFields = derivedFields
        self.model = model
        self.outputs = outputs
        self.outputFields = outputFields
        self.verification = verification
        self.numeric = numeric
        self.diagnostics = diagnostics
    }
}
