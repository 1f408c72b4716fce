import NBCore

/// TreeModel: the node hierarchy with predicates, scores and score distributions, and the strategies for missing
/// values and nodes without a true child.
extension PMMLExtractor {
    static let missingValueStrategies: [String: TreeModelSpec.MissingValueStrategy] = Dictionary(
        uniqueKeysWithValues: TreeModelSpec.MissingValueStrategy.allCases.map { ($0.rawValue, $0) })
    static let noTrueChildStrategies: [String: TreeModelSpec.NoTrueChildStrategy] = Dictionary(
        uniqueKeysWithValues: TreeModelSpec.NoTrueChildStrategy.allCases.map { ($0.rawValue, $0) })
    static let splitCharacteristics: [String: TreeModelSpec.SplitCharacteristic] = Dictionary(
        uniqueKeysWithValues: TreeModelSpec.SplitCharacteristic.allCases.map { ($0.rawValue, $0) })

    /// The tree and its class labels (declared ones, or the order of first appearance in the tree).
    mutating func treeModel(
        _ model: XMLTreeElement, function: MiningFunction, declared: [String], numeric: NumericSemantics
    ) -> (spec: TreeModelSpec, classes: [String])? {
        var strategy = enumeration(
            "missingValueStrategy", of: model, Self.missingValueStrategies,
            default: TreeModelSpec.MissingValueStrategy.none)
        if function == .regression, let chosen = strategy, chosen == .weightedConfidence || chosen == .aggregateNodes {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "missingValueStrategy=\"\(chosen.rawValue)\" on a regression <TreeModel> is not supported.", at: model,
                help: [
                    "PMML defines \(chosen.rawValue) through class confidences and record counts, which a "
                        + "regression tree does not have"
                ])
            strategy = nil
        }
        let penalty = number("missingValuePenalty", of: model, default: 1)
        let noTrueChild = enumeration(
            "noTrueChildStrategy", of: model, Self.noTrueChildStrategies,
            default: TreeModelSpec.NoTrueChildStrategy.returnNullPrediction)
        let split = enumeration(
            "splitCharacteristic", of: model, Self.splitCharacteristics,
            default: TreeModelSpec.SplitCharacteristic.multiSplit)
        let nodes = model.children(named: "Node")
        guard let rootElement = nodes.first else {
            error(PMMLDiagnosticID.missingElement, "The <TreeModel> has no <Node>.", at: model)
            return nil
        }
        for extra in nodes.dropFirst() {
            error(PMMLDiagnosticID.invalidModel, "A <TreeModel> has one root <Node>; this is another.", at: extra)
        }
        let root = node(rootElement, function: function, numeric: numeric, strategy: strategy)
        guard let strategy, let penalty, let noTrueChild, let split, let root, nodes.count == 1 else { return nil }
        let classes = function == .classification ? declared.nilIfEmpty ?? Self.labels(in: root) : []
        if function == .classification, !declared.isEmpty {
            checkLabels(root, rootElement, classes: declared)
        }
        let spec = TreeModelSpec(
            function: function, missingValueStrategy: strategy, missingValuePenalty: penalty,
            noTrueChildStrategy: noTrueChild, splitCharacteristic: split, root: root, classes: classes,
            numeric: numeric, algorithm: model.attribute("algorithmName"), modelName: model.attribute("modelName"))
        return (spec, classes)
    }

    /// One node and its subtree.
    /// What a `<Node>` may hold (built once: a forest has hundreds of thousands of nodes).
    static let nodeElements = predicateElements.union(["Node", "ScoreDistribution"])

    private mutating func node(
        _ element: XMLTreeElement, function: MiningFunction, numeric: NumericSemantics,
        strategy: TreeModelSpec.MissingValueStrategy?
    ) -> TreeNode? {
        checkChildren(
            of: element, handled: Self.nodeElements,
            help: "nbship translates Nodes with a predicate, a score, ScoreDistributions and child Nodes; "
                + "<Partition>, embedded models and regression nodes are not translated")
        let predicate = predicate(of: element)
        let score = element.attribute("score")
        if function == .regression, let score, Self.number(score, numeric) == nil {
            error(
                PMMLDiagnosticID.badNumber, "The score '\(score)' of a regression <Node> is not a number.",
                at: element)
        }
        let recordCount = number("recordCount", of: element)
        let distribution = element.children(named: "ScoreDistribution").map { scoreDistribution($0) }
        if !distribution.isEmpty {
            checkDistribution(distribution.compactMap { $0 }, at: element)
        }
        let children = element.children(named: "Node").map {
            node($0, function: function, numeric: numeric, strategy: strategy)
        }
        let defaultChild = element.attribute("defaultChild")
        if strategy == .defaultChild, !children.isEmpty, defaultChild == nil {
            error(
                PMMLDiagnosticID.missingAttribute,
                "A <Node> with children has no 'defaultChild', which missingValueStrategy=\"defaultChild\" needs.",
                at: element, help: ["name the child to follow when a value is missing, e.g. defaultChild=\"2\""])
        }
        if let defaultChild, !children.isEmpty, !children.contains(where: { $0?.id == defaultChild }) {
            error(
                PMMLDiagnosticID.invalidModel, "defaultChild=\"\(defaultChild)\" names none of the node's children.",
                at: element)
        }
        if children.isEmpty, score == nil, function == .regression || distribution.isEmpty {
            error(
                PMMLDiagnosticID.missingAttribute, "A leaf <Node> has no 'score'.", at: element,
                help: ["every leaf needs a score (or, for classification, a ScoreDistribution)"])
        }
        guard let predicate, distribution.allSatisfy({ $0 != nil }), children.allSatisfy({ $0 != nil }) else {
            return nil
        }
        return TreeNode(
            id: element.attribute("id"), predicate: predicate, score: score, recordCount: recordCount,
            distribution: distribution.compactMap { $0 }, defaultChild: defaultChild,
            children: children.compactMap { $0 })
    }

    mutating func scoreDistribution(_ element: XMLTreeElement) -> ScoreDistribution? {
        checkChildren(of: element, handled: [])
        let value = required("value", of: element)
        let recordCount = number("recordCount", of: element)
        let probability = number("probability", of: element)
        let confidence = number("confidence", of: element)
        if let probability, !(0...1).contains(probability) {
            error(
                PMMLDiagnosticID.badAttributeValue,
                "The probability \(NumberFormat.shortest(probability)) is outside [0, 1].", at: element)
            return nil
        }
        guard let value else { return nil }
        for name in ["recordCount", "probability", "confidence"] where element.attribute(name) != nil {
            if name == "recordCount" && recordCount == nil || name == "probability" && probability == nil
                || name == "confidence" && confidence == nil
            {
                return nil
            }
        }
        return ScoreDistribution(
            value: value, recordCount: recordCount, probability: probability, confidence: confidence)
    }

    /// PMML: if one ScoreDistribution gives a probability, all do; otherwise all give a record count.
    private mutating func checkDistribution(_ entries: [ScoreDistribution], at element: XMLTreeElement) {
        let withProbability = entries.filter { $0.probability != nil }.count
        if withProbability != 0 && withProbability != entries.count {
            error(
                PMMLDiagnosticID.invalidModel,
                "Some ScoreDistributions of this <Node> give a probability and some do not.", at: element,
                help: ["PMML requires a probability for every class once one class has one"])
        } else if withProbability == 0, entries.contains(where: { $0.recordCount == nil }) {
            error(
                PMMLDiagnosticID.missingAttribute, "A <ScoreDistribution> of this <Node> has no 'recordCount'.",
                at: element)
        }
    }

    /// Class labels in order of first appearance: scores, then distribution values, depth first.
    static func labels(in root: TreeNode) -> [String] {
        var labels: [String] = []
        func visit(_ node: TreeNode) {
            for label in [node.score].compactMap({ $0 }) + node.distribution.map(\.value) where !labels.contains(label)
            {
                labels.append(label)
            }
            node.children.forEach(visit)
        }
        visit(root)
        return labels
    }

    /// Reports scores and distribution values that are not declared classes (numerically equal ones match).
    private mutating func checkLabels(_ root: TreeNode, _ rootElement: XMLTreeElement, classes: [String]) {
        let unknown = Self.labels(in: root).filter { label in
            !classes.contains(label)
                && !(Double(label).map { number in classes.contains { Double($0) == number } } ?? false)
        }
        guard let first = unknown.first else { return }
        error(
            PMMLDiagnosticID.unknownCategory,
            "The tree predicts " + unknown.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
                + ", which \(unknown.count == 1 ? "is not a class" : "are not classes") of the target.",
            at: rootElement,
            help: NameSuggestion.help(for: first, in: classes)
                + ["the target's classes are " + classes.map { "'\($0)'" }.joined(separator: ", ")])
    }

    /// A number as the model's numeric semantics read it.
    static func number(_ text: String, _ numeric: NumericSemantics) -> Double? {
        guard let value = PMMLNumber.parse(text) else { return nil }
        return numeric == .float ? Float(text.trimmingASCIIWhitespace()).map(Double.init) ?? value : value
    }
}
