/// A naive Bayes classifier (PMML `NaiveBayesModel`): class priors from record counts, and per input either the
/// counts of each value per class (categorical) or a per-class distribution (continuous).
public struct NaiveBayesSpec: Sendable, Codable, Hashable {
    /// The record count of one class for one input value, or a class's distribution parameters.
    public struct ClassCount: Sendable, Codable, Hashable {
        public var label: String
        public var count: Double
        public init(label: String, count: Double) {
            self.label = label
            self.count = count
        }
    }

    public struct ValueCounts: Sendable, Codable, Hashable {
        public var value: String
        public var counts: [ClassCount]
        public init(value: String, counts: [ClassCount]) {
            self.value = value
            self.counts = counts
        }
    }

    public enum Distribution: Sendable, Codable, Hashable {
        case gaussian(mean: Double, variance: Double)
        case poisson(mean: Double)
    }

    public struct ClassDistribution: Sendable, Codable, Hashable {
        public var label: String
        public var distribution: Distribution
        public init(label: String, distribution: Distribution) {
            self.label = label
            self.distribution = distribution
        }
    }

    public enum Evidence: Sendable, Codable, Hashable {
        /// Counts per value (PairCounts).
        case counts([ValueCounts])
        /// A distribution per class (TargetValueStats).
        case distributions([ClassDistribution])
    }

    public struct Input: Sendable, Codable, Hashable {
        public var field: String
        /// Binning applied to the field first (a DerivedField with Discretize inside the BayesInput).
        public var discretize: Discretization?
        public var evidence: Evidence
        public init(field: String, discretize: Discretization?, evidence: Evidence) {
            self.field = field
            self.discretize = discretize
            self.evidence = evidence
        }
    }

    public var inputs: [Input]
    /// The classes with their training record counts (BayesOutput), in file order.
    public var priors: [ClassCount]
    /// The probability used in place of a zero one.
    public var threshold: Double
    public var algorithm: String?

    public init(inputs: [Input], priors: [ClassCount], threshold: Double, algorithm: String?) {
        self.inputs = inputs
        self.priors = priors
        self.threshold = threshold
        self.algorithm = algorithm
    }
}
