/// A decision tree (PMML `TreeModel`): regression (a number per leaf) or classification (a label per leaf, with
/// class probabilities from the node's score distribution).
public struct TreeModelSpec: Sendable, Codable, Hashable {
    /// What to do when a node's predicate cannot be decided because a field is missing (PMML
    /// `missingValueStrategy`).
    public enum MissingValueStrategy: String, Sendable, Codable, Hashable, CaseIterable {
        /// Treat the unknown predicate as false and try the next sibling.
        case none
        /// Return the prediction of the last node whose predicate was true.
        case lastPrediction
        /// Return no prediction.
        case nullPrediction
        /// Continue with the node named by the parent's `defaultChild`.
        case defaultChild
        /// Follow every branch and weigh the leaves' confidences (PMML's `weightedConfidence`).
        case weightedConfidence
        /// Follow every branch and add up the leaves' record counts (PMML's `aggregateNodes`).
        case aggregateNodes
    }

    /// What to do when a node is true but none of its children is (PMML `noTrueChildStrategy`).
    public enum NoTrueChildStrategy: String, Sendable, Codable, Hashable, CaseIterable {
        /// No prediction.
        case returnNullPrediction
        /// The node's own prediction, if it has a score; else no prediction.
        case returnLastPrediction
    }

    /// Whether nodes have two children or more (PMML `splitCharacteristic`); informational.
    public enum SplitCharacteristic: String, Sendable, Codable, Hashable, CaseIterable {
        case binarySplit, multiSplit
    }

    public var function: MiningFunction
    public var missingValueStrategy: MissingValueStrategy
    /// Confidences are multiplied by this once per "missing level" (surrogate or default child taken).
    public var missingValuePenalty: Double
    public var noTrueChildStrategy: NoTrueChildStrategy
    public var splitCharacteristic: SplitCharacteristic
    public var root: TreeNode
    /// Classification: the class labels in the order the model file declares them (the target's values, or the
    /// order of first appearance in the tree). Empty for regression.
    public var classes: [String]
    /// float32 where the model file says so (`x-mathContext="float"`): scores and comparisons of float fields.
    public var numeric: NumericSemantics
    /// PMML `algorithmName`, e.g. `sklearn.tree._classes.DecisionTreeClassifier` or `rpart`.
    public var algorithm: String?
    /// PMML `modelName`.
    public var modelName: String?

    public init(
        function: MiningFunction, missingValueStrategy: MissingValueStrategy = .none, missingValuePenalty: Double = 1,
        noTrueChildStrategy: NoTrueChildStrategy = .returnNullPrediction,
        splitCharacteristic: SplitCharacteristic = .multiSplit, root: TreeNode, classes: [String] = [],
        numeric: NumericSemantics = .double, algorithm: String? = nil, modelName: String? = nil
    ) {
        self.function = function
        self.missingValueStrategy = missingValueStrategy
        self.missingValuePenalty = missingValuePenalty
        self.noTrueChildStrategy = noTrueChildStrategy
        self.splitCharacteristic = splitCharacteristic
        self.root = root
        self.classes = classes
        self.numeric = numeric
        self.algorithm = algorithm
        self.modelName = modelName
    }

    /// The number of nodes, the root included.
    public var nodeCount: Int {
        func count(_ node: TreeNode) -> Int { 1 + node.children.reduce(0) { $0 + count($1) } }
        return count(root)
    }
}

/// One node of a decision tree. A node is entered when its predicate is true; its children are tried in order.
public struct TreeNode: Sendable, Codable, Hashable {
    /// PMML `id`; nil when the file gives none.
    public var id: String?
    public var predicate: Condition
    /// The prediction at this node as written: a number (regression) or a class label (classification).
    public var score: String?
    public var recordCount: Double?
    /// Class distribution of the training records at this node (classification).
    public var distribution: [ScoreDistribution]
    /// The `id` of the child to follow when this node's split cannot be decided (`defaultChild` strategy).
    public var defaultChild: String?
    public var children: [TreeNode]

    public init(
        id: String? = nil, predicate: Condition, score: String? = nil, recordCount: Double? = nil,
        distribution: [ScoreDistribution] = [], defaultChild: String? = nil, children: [TreeNode] = []
    ) {
        self.id = id
        self.predicate = predicate
        self.score = score
        self.recordCount = recordCount
        self.distribution = distribution
        self.defaultChild = defaultChild
        self.children = children
    }

    /// The same node and subtree with field references renamed.
    public func renamingFields(_ renames: [String: String]) -> TreeNode {
        var copy = self
        copy.predicate = predicate.renamingFields(renames)
        copy.children = children.map { $0.renamingFields(renames) }
        return copy
    }

    /// The fields read by this node's predicate and its subtree, in first-use order.
    public var fieldReferences: [String] {
        var names: [String] = []
        var seen: Set<String> = []
        collectFieldReferences(into: &names, seen: &seen)
        return names
    }

    /// Adds the fields this subtree reads that `seen` does not hold, in first-use order (node, then children).
    func collectFieldReferences(into names: inout [String], seen: inout Set<String>) {
        predicate.collectFieldReferences(into: &names, seen: &seen)
        for index in children.indices { children[index].collectFieldReferences(into: &names, seen: &seen) }
    }
}

/// One class of a node's score distribution (PMML `ScoreDistribution`).
public struct ScoreDistribution: Sendable, Codable, Hashable {
    /// The class label.
    public var value: String
    /// Training records of this class at the node; PMML requires it, but some producers give only probabilities.
    public var recordCount: Double?
    /// The class probability, when the file gives it; otherwise probabilities are record-count ratios.
    public var probability: Double?
    public var confidence: Double?

    public init(value: String, recordCount: Double?, probability: Double? = nil, confidence: Double? = nil) {
        self.value = value
        self.recordCount = recordCount
        self.probability = probability
        self.confidence = confidence
    }
}
