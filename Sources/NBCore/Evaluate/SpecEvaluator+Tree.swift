import Foundation
import NBRuntime

/// Decision trees, as PMML 4.4 and JPMML-Evaluator define them: the first true child wins; an unknown child is
/// handled by the missing-value strategy; a node without a true child by the no-true-child strategy.
extension SpecEvaluator {
    /// Where a walk down the tree ended.
    enum TreeSelection {
        /// No prediction.
        case none
        /// The node whose score (and distribution) is the prediction; `missingLevels` counts surrogates and
        /// default children taken on the way.
        case node(TreeNode, missingLevels: Int)
        /// A result combined from several nodes (`weightedConfidence`, `aggregateNodes`).
        case combined(ModelResult)
    }

    func treeResult(_ tree: TreeModelSpec, _ values: [String: FieldValue]) throws(EvaluationError) -> ModelResult {
        var levels = 0
        let rootOutcome = try outcome(tree.root.predicate, values)
        if rootOutcome.usedSurrogate { levels += 1 }
        guard rootOutcome.value == true else { return .missing }
        switch try descend(tree.root, tree, values, levels: &levels) {
        case .none: return .missing
        case .combined(let result): return result
        case .node(let node, let missingLevels): return try Self.nodeResult(node, tree, missingLevels: missingLevels)
        }
    }

    /// Follows the first true child of a node that is known to be true.
    private func descend(
        _ node: TreeNode, _ tree: TreeModelSpec, _ values: [String: FieldValue], levels: inout Int
    ) throws(EvaluationError) -> TreeSelection {
        if node.children.isEmpty { return .node(node, missingLevels: levels) }
        for child in node.children {
            let childOutcome = try outcome(child.predicate, values)
            if childOutcome.usedSurrogate { levels += 1 }
            switch childOutcome.value {
            case true?:
                return try descend(child, tree, values, levels: &levels)
            case false?:
                continue
            case nil:
                switch tree.missingValueStrategy {
                case .none:
                    continue
                case .nullPrediction:
                    return .none
                case .lastPrediction:
                    return .node(node, missingLevels: levels)
                case .defaultChild:
                    guard let id = node.defaultChild, let next = node.children.first(where: { $0.id == id }) else {
                        throw .undefinedResult("node '\(node.id ?? "?")' names no defaultChild to follow")
                    }
                    levels += 1
                    // The default child's own predicate is not evaluated.
                    return try descend(next, tree, values, levels: &levels)
                case .weightedConfidence:
                    return .combined(try weightedConfidenceResult(node, tree, values))
                case .aggregateNodes:
                    return .combined(try aggregateNodesResult(node, tree, values))
                }
            }
        }
        switch tree.noTrueChildStrategy {
        case .returnNullPrediction: return .none
        case .returnLastPrediction: return node.score == nil ? .none : .node(node, missingLevels: levels)
        }
    }

    /// The prediction of one node: its score, and for classification its class distribution.
    /// What a tree predicts when it stops at `node` (no missing levels): a number, or a label with class
    /// probabilities; nil when the node gives no prediction. Code generation writes this result into the leaf.
    public static func leafPrediction(
        _ node: TreeNode, of tree: TreeModelSpec
    ) -> (value: FieldValue, probabilities: [(label: String, probability: Double)])? {
        guard let result = try? nodeResult(node, tree, missingLevels: 0), !result.value.isMissing else { return nil }
        return (result.value, result.probabilities)
    }

    private static func nodeResult(
        _ node: TreeNode, _ tree: TreeModelSpec, missingLevels: Int
    ) throws(EvaluationError) -> ModelResult {
        var result = ModelResult(entityId: node.id)
        guard tree.function == .classification else {
            guard let score = node.score, let number = Self.number(score, tree.numeric) else {
                throw .undefinedResult("node '\(node.id ?? "?")' has no numeric score")
            }
            result.value = .number(number)
            return result
        }
        result.value = node.score.map(FieldValue.text) ?? .missing
        guard !node.distribution.isEmpty else { return result }
        let counts = try Self.distributionWeights(node)
        var sum = 0.0
        if tree.numeric == .float {
            var floatSum: Float = 0
            for count in counts { floatSum += Float(count) }
            sum = Double(floatSum)
        } else {
            for count in counts { sum += count }
        }
        if sum == 0 { throw .undefinedResult("node '\(node.id ?? "?")' has a score distribution that sums to 0") }
        let penalty =
            missingLevels == 0
            ? 1 : (missingLevels == 1 ? tree.missingValuePenalty : pow(tree.missingValuePenalty, Double(missingLevels)))
        for (entry, count) in zip(node.distribution, counts) {
            let probability: Double
            if tree.numeric == .float {
                probability = sum == 1 ? Double(Float(count)) : Double(Float(count) / Float(sum))
            } else {
                probability = sum == 1 ? count : count / sum
            }
            result.probabilities.append((entry.value, probability))
            if let confidence = entry.confidence { result.confidences[entry.value] = confidence * penalty }
        }
        if node.score == nil, let best = Ensemble.firstLargest(result.probabilities) {
            result.value = .text(best.label)
        }
        return result
    }

    /// Probabilities as given, or else record counts (PMML: all entries give a probability, or none does).
    static func distributionWeights(_ node: TreeNode) throws(EvaluationError) -> [Double] {
        let useProbabilities = node.distribution.first?.probability != nil
        var weights: [Double] = []
        for entry in node.distribution {
            guard let weight = useProbabilities ? entry.probability : entry.recordCount else {
                throw .undefinedResult("node '\(node.id ?? "?")' has a ScoreDistribution without recordCount")
            }
            weights.append(weight)
        }
        return weights
    }

    /// A score as the tree's numeric semantics read it: float32 directly from the text where declared.
    static func number(_ text: String, _ numeric: NumericSemantics) -> Double? {
        numeric == .float ? Float(text).map(Double.init) : Double(text)
    }

    // MARK: - weightedConfidence and aggregateNodes (PMML 4.4; JPMML-Evaluator does not implement them)

    /// `weightedConfidence`: every child that is not false is scored in turn (recursively), and the class
    /// confidences are summed, each weighted by the child's share of the node's records. The class with the highest
    /// confidence wins.
    private func weightedConfidenceResult(
        _ node: TreeNode, _ tree: TreeModelSpec, _ values: [String: FieldValue]
    ) throws(EvaluationError) -> ModelResult {
        guard let confidences = try weightedConfidences(node, tree, values) else { return .missing }
        var result = ModelResult()
        var best: (label: String, confidence: Double)?
        for label in tree.classes {
            let confidence = confidences[label] ?? 0
            if best == nil || confidence > best!.confidence { best = (label, confidence) }
        }
        guard let best else { return .missing }
        result.value = .text(best.label)
        result.confidences = confidences
        return result
    }

    private func weightedConfidences(
        _ node: TreeNode, _ tree: TreeModelSpec, _ values: [String: FieldValue]
    ) throws(EvaluationError) -> [String: Double]? {
        let own = Dictionary(node.distribution.compactMap { e in e.confidence.map { (e.value, $0) } }) { a, _ in a }
        if node.children.isEmpty { return own }
        var candidates: [TreeNode] = []
        var unknown = false
        for child in node.children {
            let value = try holds(child.predicate, values)
            if value == true && !unknown { return try weightedConfidences(child, tree, values) }
            if value == nil { unknown = true }
            if value != false { candidates.append(child) }
        }
        guard unknown else { return tree.noTrueChildStrategy == .returnLastPrediction ? own : nil }
        guard let total = node.recordCount, total > 0 else {
            throw .undefinedResult("weightedConfidence needs the recordCount of node '\(node.id ?? "?")'")
        }
        var combined: [String: Double] = [:]
        for child in candidates {
            guard let share = child.recordCount, let scores = try weightedConfidences(child, tree, values) else {
                continue
            }
            for (label, confidence) in scores { combined[label, default: 0] += confidence * share / total }
        }
        return combined
    }

    /// `aggregateNodes`: every leaf that can be reached, following unknown children as if they were true, adds its
    /// record counts; the class with the most records wins, its confidence being its share.
    private func aggregateNodesResult(
        _ node: TreeNode, _ tree: TreeModelSpec, _ values: [String: FieldValue]
    ) throws(EvaluationError) -> ModelResult {
        var leaves: [TreeNode] = []
        try collectLeaves(node, values, into: &leaves)
        var records: [String: Double] = [:]
        for leaf in leaves {
            for entry in leaf.distribution { records[entry.value, default: 0] += entry.recordCount ?? 0 }
        }
        let total = records.values.reduce(0, +)
        guard total > 0 else { return .missing }
        var result = ModelResult()
        var best: (label: String, count: Double)?
        for label in tree.classes {
            let count = records[label] ?? 0
            result.probabilities.append((label, count / total))
            if best == nil || count > best!.count { best = (label, count) }
        }
        guard let best else { return .missing }
        result.value = .text(best.label)
        result.confidences[best.label] = best.count / total
        return result
    }

    private func collectLeaves(
        _ node: TreeNode, _ values: [String: FieldValue], into leaves: inout [TreeNode]
    ) throws(EvaluationError) {
        if node.children.isEmpty {
            leaves.append(node)
            return
        }
        for child in node.children {
            let value = try holds(child.predicate, values)
            if value == false { continue }
            try collectLeaves(child, values, into: &leaves)
            if value == true { break }
        }
    }
}
