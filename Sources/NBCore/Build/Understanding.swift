/// What nbship understood of a notebook and model file: the report of `nbship check`, made by the same code that
/// converts, whether or not the conversion would succeed.
public struct Understanding: Sendable, Codable, Hashable {
    /// A tagged cell and the names it assigns.
    public struct Cell: Sendable, Codable, Hashable {
        public var cell: Int
        public var role: String
        public var names: [String]
    }
    /// A parameter of the parameters cell, as the package will carry it.
    public struct Parameter: Sendable, Codable, Hashable {
        public var name: String
        public var value: String
        public var type: String
        public var range: String?
        public var allowedValues: [String]
        public var unit: String?
        public var description: String?
        /// `threshold`, `training`, `inputMinimum`, ...
        public var role: String
        public var editable: Bool
    }
    /// How one model input is prepared before the model reads it, and where that comes from.
    public struct Input: Sendable, Codable, Hashable {
        public var name: String
        public var type: String
        /// `model file`, `notebook`, or `none`.
        public var source: String
        public var preprocessing: String
        /// The notebook's name for an input the model file names by position (`x1` is `sepal length (cm)`).
        public var notebookName: String? = nil
    }
    /// What one assignment of an examples cell was read as.
    public struct Examples: Sendable, Codable, Hashable {
        public var name: String
        public var location: String
        public var shape: String
        /// Key or position -> what it holds.
        public var parts: [[String]]
        public var count: Int
    }

    public var cells: [Cell] = []
    public var parameters: [Parameter] = []
    public var inputs: [Input] = []
    public var examples: [Examples] = []
    /// Examples read from the notebook, and ModelVerification records of the model file.
    public var notebookExampleCount = 0
    public var verificationCount = 0
    /// The outputs the package computes (`label`, `probability(benign)`, `decision`, `prediction`).
    public var outputs: [String] = []
    /// The decision rule, when the model has a threshold: `probability(malignant) >= threshold (0.35)`.
    public var decision: String?

    public init() {}

    var scaling: [ScalingReconciler.Decision] = []
    var notebookNames: [String: String] = [:]

    private enum CodingKeys: String, CodingKey {
        case cells, parameters, inputs, examples, notebookExampleCount, verificationCount, outputs, decision
    }
}

extension Understanding {
    /// Fills in what the builder knows once it has run: cells, parameters, inputs and outputs.
    mutating func complete(
        notebook: NotebookExtract?, model: ImportedModel, parameters: [ParameterSpec], recorded: [RecordedValue],
        outputs: [OutputSpec], readings: [ExampleExtractor.Reading]
    ) {
        cells = (notebook?.roleCells ?? []).map {
            Cell(cell: $0.cellNumber, role: $0.role.rawValue, names: $0.assignments.map(\.name))
        }
        self.parameters = parameters.map { parameter in
            Parameter(
                name: parameter.name, value: parameter.value.description, type: parameter.type.rawValue,
                range: parameter.range?.description, allowedValues: parameter.allowedValues, unit: parameter.unit,
                description: parameter.description, role: parameter.role.rawValue, editable: parameter.editable)
        }
        self.parameters += recorded.map { value in
            Parameter(
                name: value.name, value: value.value, type: "as written", range: nil, allowedValues: [], unit: nil,
                description: value.description, role: "training", editable: false)
        }
        let preprocessing = ModelPreprocessing(model: model)
        let decided = Dictionary(scaling.map { ($0.input, $0) }, uniquingKeysWith: { first, _ in first })
        inputs = model.inputs.map { input in
            if let decision = decided[input.name] {
                let source: String
                switch decision.kind {
                case .inModel, .mismatch: source = "model file"
                case .applied: source = "notebook"
                case .notApplied, .ambiguous: source = decision.kind == .ambiguous ? "undecided" : "none"
                }
                return Input(
                    name: input.name, type: input.type.rawValue, source: source,
                    preprocessing: "\(decision.kind.rawValue): \(decision.detail)")
            }
            guard input.type.isNumeric else {
                return Input(
                    name: input.name, type: input.type.rawValue, source: "none", preprocessing: "read as given")
            }
            let reading = preprocessing.reading(of: input.name, at: [0, 1, 2])
            if let view = reading.views.first {
                return Input(
                    name: input.name, type: input.type.rawValue, source: "model file",
                    preprocessing: "\(view.scope) '\(view.name)' computes \(view.formula)")
            }
            if let other = reading.otherTransforms.first {
                return Input(
                    name: input.name, type: input.type.rawValue, source: "model file",
                    preprocessing: "transformed by the model file ('\(other)')")
            }
            return Input(name: input.name, type: input.type.rawValue, source: "none", preprocessing: "read raw")
        }
        for index in inputs.indices { inputs[index].notebookName = notebookNames[inputs[index].name] }
        examples = readings.map { reading in
            Examples(
                name: reading.name, location: reading.location.description, shape: reading.shape,
                parts: reading.parts.map { [$0.key, $0.role] }, count: reading.count)
        }
        self.outputs = outputs.map(\.name)
        for output in outputs {
            if case .decision(let positive, let threshold) = output.kind {
                let value = parameters.first { $0.name == threshold }?.value.description ?? "?"
                decision = "probability(\(positive)) >= \(threshold) (\(value))"
            }
        }
    }
}
