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
    /// The model file's OutputFields the package computes from the prediction (`transformedValue`, `decision`),
    /// with the intermediate ones they read, in declaration order; each final one is an output
    /// (`OutputSpec.Kind.field`). nil when the model file declares none.
    public var outputFields: [OutputFieldSpec]?

    init(
        name: String, title: String, summary: String, inputs: [InputSpec], derivedFields: [DerivedFieldSpec],
        model: ModelBody, target: TargetSpec, outputs: [OutputSpec], parameters: [ParameterSpec],
        trainingValues: [RecordedValue], examples: [ExampleSpec], provenance: Provenance, numeric: NumericSemantics,
        outputFields: [OutputFieldSpec]? = nil
    ) {
        self.outputFields = outputFields
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

    /// Decodes a spec (`model-spec.json`) and re-runs the structural rules (`validationErrors()`): a spec read from
    /// a file is as valid as one `SpecBuilder` made, or decoding fails with what is wrong.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            title: try container.decode(String.self, forKey: .title),
            summary: try container.decode(String.self, forKey: .summary),
            inputs: try container.decode([InputSpec].self, forKey: .inputs),
            derivedFields: try container.decode([DerivedFieldSpec].self, forKey: .derivedFields),
            model: try container.decode(ModelBody.self, forKey: .model),
            target: try container.decode(TargetSpec.self, forKey: .target),
            outputs: try container.decode([OutputSpec].self, forKey: .outputs),
            parameters: try container.decode([ParameterSpec].self, forKey: .parameters),
            trainingValues: try container.decode([RecordedValue].self, forKey: .trainingValues),
            examples: try container.decode([ExampleSpec].self, forKey: .examples),
            provenance: try container.decode(Provenance.self, forKey: .provenance),
            numeric: try container.decode(NumericSemantics.self, forKey: .numeric),
            outputFields: try container.decodeIfPresent([OutputFieldSpec].self, forKey: .outputFields))
        let problems = validationErrors()
        if !problems.isEmpty {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: problems.map(\.message).joined(separator: "; ")))
        }
    }

    /// How many reason-code columns the package writes (`reasonCode(1)`...): 0 unless the model is a scorecard
    /// that ranks reason codes and its file asks for them (SpecBuilder adds them only then).
    public var reasonCodeCount: Int { outputs.filter(\.isReasonCode).count }

    /// The model file's declared output fields the package returns (`OutputSpec.Kind.field`), in column order.
    public var fieldOutputNames: [String] {
        outputs.compactMap { output in
            if case .field(let name) = output.kind { return name }
            return nil
        }
    }

    /// Whether the package's prediction is written by the linear writer (a double-precision linear model without
    /// declared output fields), not by the general one (`TreeCodeWriter`).
    public var isPlainLinear: Bool {
        guard case .linear(let linear) = model, !linear.computesInFloat else { return false }
        return outputFields == nil
    }

    /// The editable parameters, in declaration order.
    public var editableParameters: [ParameterSpec] { parameters.filter(\.editable) }

    /// The parameter with the given role, if any.
    public func parameter(_ role: ParameterRole) -> ParameterSpec? { parameters.first { $0.role == role } }
}
