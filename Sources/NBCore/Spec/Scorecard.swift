/// A scorecard (PMML `Scorecard`): the score is `initialScore` plus, for each characteristic in order, the partial
/// score of its first attribute whose predicate is true. With reason codes, each characteristic's attribute also
/// gives points (how far its partial score is from the baseline); the reason codes are ranked by their points.
public struct ScorecardSpec: Sendable, Codable, Hashable {
    /// How a reason code's points are computed from an attribute's partial score and its baseline.
    public enum ReasonCodeAlgorithm: String, Sendable, Codable, Hashable {
        /// `partialScore - baselineScore`: points above the baseline explain the score.
        case pointsAbove
        /// `baselineScore - partialScore`: points below the baseline explain the score (the PMML default).
        case pointsBelow
    }

    /// One bin of a characteristic.
    public struct Attribute: Sendable, Codable, Hashable {
        public var condition: Condition
        /// The partial score, a constant or an expression (`ComplexPartialScore`) over the row's fields.
        public var partialScore: Expression
        /// The reason code this attribute gives: its own, else its characteristic's; nil without reason codes.
        public var reasonCode: String?
        /// The model file's line, for diagnostics and comments.
        public var line: Int?

        public init(condition: Condition, partialScore: Expression, reasonCode: String?, line: Int? = nil) {
            self.condition = condition
            self.partialScore = partialScore
            self.reasonCode = reasonCode
            self.line = line
        }
    }

    public struct Characteristic: Sendable, Codable, Hashable {
        public var name: String?
        /// The baseline the attributes' points are measured from (the characteristic's, else the scorecard's); nil
        /// without reason codes.
        public var baselineScore: Double?
        public var attributes: [Attribute]

        public init(name: String?, baselineScore: Double?, attributes: [Attribute]) {
            self.name = name
            self.baselineScore = baselineScore
            self.attributes = attributes
        }
    }

    public var initialScore: Double
    public var characteristics: [Characteristic]
    public var useReasonCodes: Bool
    public var reasonCodeAlgorithm: ReasonCodeAlgorithm
    /// PMML `baselineMethod` (`other`, `max`, `min`, `mean`, `neutral`): how the producer chose the baselines. It is
    /// documentation only; the baselines themselves are in the file.
    public var baselineMethod: String?
    public var algorithm: String?

    public init(
        initialScore: Double, characteristics: [Characteristic], useReasonCodes: Bool,
        reasonCodeAlgorithm: ReasonCodeAlgorithm, baselineMethod: String?, algorithm: String?
    ) {
        self.initialScore = initialScore
        self.characteristics = characteristics
        self.useReasonCodes = useReasonCodes
        self.reasonCodeAlgorithm = reasonCodeAlgorithm
        self.baselineMethod = baselineMethod
        self.algorithm = algorithm
    }

    /// The fields the scorecard reads (predicates and partial-score expressions).
    public var fieldReferences: [String] {
        characteristics.flatMap { characteristic in
            characteristic.attributes.flatMap { $0.condition.fieldReferences + $0.partialScore.fieldReferences }
        }
    }

    /// Every reason code an attribute can give, in order of first appearance.
    public var reasonCodes: [String] {
        var seen: Set<String> = []
        var codes: [String] = []
        for attribute in characteristics.flatMap(\.attributes) {
            if let code = attribute.reasonCode, seen.insert(code).inserted { codes.append(code) }
        }
        return codes
    }
}
