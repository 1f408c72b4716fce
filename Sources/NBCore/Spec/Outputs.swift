/// One result the generated code returns.
public struct OutputSpec: Sendable, Codable, Hashable {
    public enum Kind: Sendable, Codable, Hashable {
        /// The predicted label (classification) or number (regression).
        case predictedValue
        /// The probability of one class.
        case probability(classLabel: String)
        /// The decision of a thresholded binary classifier: `probability(positiveClass) >= threshold`.
        case decision(positiveClass: String, thresholdParameter: String)
        /// A scorecard's reason code of this rank (1: the one with the most points); missing when fewer codes
        /// have points.
        case reasonCode(rank: Int)
        /// A result the model file declares as an OutputField of this name (`transformedValue`, `decision`),
        /// computed from the prediction (`ModelSpec.outputFields`).
        case field(name: String)
    }
    /// The column name in CSV output and the PMML OutputField name: `label`, `prediction`,
    /// `probability(<class>)`, `decision`.
    public var name: String
    public var kind: Kind
    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    public var isReasonCode: Bool {
        if case .reasonCode = kind { return true }
        return false
    }

    /// The column name of the reason code of a rank: `reasonCode(1)`.
    public static func reasonCodeName(rank: Int) -> String { "reasonCode(\(rank))" }
}

/// A golden example: inputs with the outputs the source framework produced.
public struct ExampleSpec: Sendable, Codable, Hashable {
    public enum Origin: String, Sendable, Codable, Hashable {
        case notebook, modelVerification
        /// Scored by nbship's reference evaluator, for a package with no examples of its own (`ReferenceRows`).
        case referenceEvaluator
    }
    /// Input values by input name, as text (`""` never appears: a missing input is absent).
    public var inputs: [String: ExampleInput]
    public var expectedLabel: String?
    public var expectedPrediction: Double?
    public var expectedProbabilities: [String: Double]
    /// The thresholded decision the notebook expects (`probability(positive) >= threshold`), when it gives one.
    public var expectedDecision: Bool?
    public var origin: Origin
    /// Relative tolerance the comparison uses.
    public var tolerance: Double
    /// For models that compute in float32: numbers agree when, as float32, they are within this many ULPs of the
    /// expected value (and `tolerance` is not used). See `float32ULPs`.
    public var floatULPs: Int?
    /// PMML ModelVerification's own bound for each expected number, keyed by output name (`prediction`,
    /// `probability(<class>)`): when present it decides agreement for that output, instead of `tolerance` and
    /// `floatULPs`.
    public var fieldTolerances: [String: VerificationTolerance]?
    public var location: SourceLocation?

    /// The bound for float32 models. XGBoost adds its trees to the base score one by one in float32, but
    /// JPMML-XGBoost folds single-leaf trees into the base score when it writes the PMML, so no PMML consumer can
    /// repeat XGBoost's order of additions: on the wine-xgboost sample this moves probabilities by up to 16 ULPs
    /// (an exact replica of XGBoost's order, with the trees unfolded, reproduces every row bit for bit).
    public static let float32ULPs = 16

    public init(
        inputs: [String: ExampleInput], expectedLabel: String? = nil, expectedPrediction: Double? = nil,
        expectedProbabilities: [String: Double] = [:], origin: Origin, tolerance: Double = 1e-9,
        location: SourceLocation? = nil
    ) {
        self.inputs = inputs
        self.expectedLabel = expectedLabel
        self.expectedPrediction = expectedPrediction
        self.expectedProbabilities = expectedProbabilities
        self.origin = origin
        self.tolerance = tolerance
        self.location = location
    }
}

/// A VerificationField's `precision` and `zeroThreshold`, compared as the PMML specification (and JPMML-Evaluator)
/// define it: two values both within `zeroThreshold` of zero agree; otherwise the actual value must lie between
/// `expected * (1 - precision)` and `expected * (1 + precision)`, both ends included.
public struct VerificationTolerance: Sendable, Codable, Hashable {
    public var precision: Double
    public var zeroThreshold: Double

    /// PMML's defaults: `precision="1E-6"`, `zeroThreshold="1E-16"`.
    public static let pmmlDefault = VerificationTolerance(precision: 1e-6, zeroThreshold: 1e-16)

    public init(precision: Double, zeroThreshold: Double) {
        self.precision = precision
        self.zeroThreshold = zeroThreshold
    }

    /// Whether `actual` is acceptable for `expected`.
    public func accepts(_ actual: Double, expected: Double) -> Bool {
        if abs(expected) <= zeroThreshold && abs(actual) <= zeroThreshold { return true }
        let towardsZero = expected * (1 - precision)
        let towardsInfinity = expected * (1 + precision)
        return expected >= 0
            ? towardsZero <= actual && actual <= towardsInfinity
            : towardsInfinity <= actual && actual <= towardsZero
    }
}

/// An example's input value.
public enum ExampleInput: Sendable, Codable, Hashable {
    case number(Double)
    case text(String)
    case missing
}

/// Where the package came from: source files with hashes, cells used, the tool.
public struct Provenance: Sendable, Codable, Hashable {
    public struct SourceFile: Sendable, Codable, Hashable {
        /// `notebook` or `model`.
        public var role: String
        /// The file's base name (never an absolute path: output must not depend on where inputs live).
        public var name: String
        public var sha256: String
        public var format: String
        public init(role: String, name: String, sha256: String, format: String) {
            self.role = role
            self.name = name
            self.sha256 = sha256
            self.format = format
        }
    }
    public struct CellUse: Sendable, Codable, Hashable {
        public var role: String
        public var cell: Int
        public init(role: String, cell: Int) {
            self.role = role
            self.cell = cell
        }
    }
    public var sources: [SourceFile]
    public var cells: [CellUse]
    /// The application that wrote the model file (PMML Header), e.g. `SkLearn2PMML package 0.133.1`.
    public var modelProducer: String?

    public init(sources: [SourceFile] = [], cells: [CellUse] = [], modelProducer: String? = nil) {
        self.sources = sources
        self.cells = cells
        self.modelProducer = modelProducer
    }
}
