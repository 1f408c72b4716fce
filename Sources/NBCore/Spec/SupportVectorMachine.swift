/// A support vector machine (PMML `SupportVectorMachineModel`): each machine computes
/// `sum(coefficient_i * K(x, v_i)) + b` over its support vectors; regression returns that value, classification
/// decides by one-against-all distances or one-against-one votes.
public struct SupportVectorMachineSpec: Sendable, Codable, Hashable {
    public enum Kernel: Sendable, Codable, Hashable {
        case linear
        case polynomial(gamma: Double, coef0: Double, degree: Double)
        case radialBasis(gamma: Double)
        case sigmoid(gamma: Double, coef0: Double)
    }

    /// One coordinate of the input vector: a field's value, or `coefficient` when a categorical field has `value`.
    public enum VectorField: Sendable, Codable, Hashable {
        case field(String)
        case category(field: String, value: String, coefficient: Double)

        public var field: String {
            switch self {
            case .field(let name), .category(let name, _, _): name
            }
        }
    }

    public enum ClassificationMethod: String, Sendable, Codable, Hashable {
        case oneAgainstAll = "OneAgainstAll"
        case oneAgainstOne = "OneAgainstOne"
    }

    public struct Machine: Sendable, Codable, Hashable {
        public var targetCategory: String?
        public var alternateTargetCategory: String?
        /// The machine's own threshold; nil uses the model's.
        public var threshold: Double?
        /// `b`, PMML's `Coefficients@absoluteValue`.
        public var bias: Double
        /// Indices into `vectors`, with the coefficient of each.
        public var supportVectors: [Int]
        public var coefficients: [Double]

        public init(
            targetCategory: String?, alternateTargetCategory: String?, threshold: Double?, bias: Double,
            supportVectors: [Int], coefficients: [Double]
        ) {
            self.targetCategory = targetCategory
            self.alternateTargetCategory = alternateTargetCategory
            self.threshold = threshold
            self.bias = bias
            self.supportVectors = supportVectors
            self.coefficients = coefficients
        }
    }

    public var function: MiningFunction
    public var kernel: Kernel
    public var fields: [VectorField]
    /// The support vectors, dense, in `fields` order.
    public var vectors: [[Double]]
    public var machines: [Machine]
    public var classificationMethod: ClassificationMethod
    public var maxWins: Bool
    public var threshold: Double
    public var algorithm: String?

    public init(
        function: MiningFunction, kernel: Kernel, fields: [VectorField], vectors: [[Double]], machines: [Machine],
        classificationMethod: ClassificationMethod, maxWins: Bool, threshold: Double, algorithm: String?
    ) {
        self.function = function
        self.kernel = kernel
        self.fields = fields
        self.vectors = vectors
        self.machines = machines
        self.classificationMethod = classificationMethod
        self.maxWins = maxWins
        self.threshold = threshold
        self.algorithm = algorithm
    }
}
