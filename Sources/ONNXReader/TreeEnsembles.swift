import Foundation
import NBCore

/// `TreeEnsembleRegressor` and `TreeEnsembleClassifier` (ai.onnx.ml 1 to 3) as onnxruntime evaluates them.
extension GraphTranslator {
    /// A node's attributes by name.
    struct Attributes {
        let node: Onnx_NodeProto
        let byName: [String: Onnx_AttributeProto]

        init(_ node: Onnx_NodeProto) {
            self.node = node
            byName = Dictionary(node.attribute.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }

        func ints(_ name: String) -> [Int64]? { byName[name].map(\.ints) }
        func floats(_ name: String) -> [Float]? { byName[name].map(\.floats) }
        func strings(_ name: String) -> [String]? {
            byName[name].map { $0.strings.map { String(decoding: $0, as: UTF8.self) } }
        }
        func string(_ name: String, default value: String) -> String {
            byName[name].map { String(decoding: $0.s, as: UTF8.self) } ?? value
        }
    }

    /// One tree ensemble's trees, each a `TreeNode` per output (target or class): the leaves carry that output's
    /// weight.
    struct Forest {
        /// trees[t][k]: tree t for output k (for the outputs asked for, in that order).
        var trees: [[TreeNode]]
    }

    mutating func forest(
        _ node: Onnx_NodeProto, _ attributes: Attributes, features: [String], weightPrefix: String, outputs: Int,
        building wanted: [Int]? = nil
    ) -> Forest? {
        let where_ = Self.describe(node)
        guard let treeIDs = attributes.ints("nodes_treeids"), let nodeIDs = attributes.ints("nodes_nodeids"),
            let featureIDs = attributes.ints("nodes_featureids"), let modes = attributes.strings("nodes_modes"),
            let trueIDs = attributes.ints("nodes_truenodeids"), let falseIDs = attributes.ints("nodes_falsenodeids")
        else {
            invalid("\(where_) lacks one of its nodes_* attributes")
            return nil
        }
        if attributes.byName["nodes_values_as_tensor"] != nil
            || attributes.byName["\(weightPrefix)weights_as_tensor"] != nil
            || attributes.byName["base_values_as_tensor"] != nil
        {
            unsupported(
                "\(where_) keeps its thresholds or weights as double tensors (`*_as_tensor`); nbship translates float "
                    + "tree ensembles", help: "export with float32 inputs (skl2onnx's default)")
            return nil
        }
        let values = attributes.floats("nodes_values") ?? []
        let tracks = attributes.ints("nodes_missing_value_tracks_true") ?? []
        let count = treeIDs.count
        guard count > 0,
            [nodeIDs.count, featureIDs.count, modes.count, values.count, trueIDs.count, falseIDs.count]
                .allSatisfy({ $0 == count }), tracks.isEmpty || tracks.count == count
        else {
            invalid("\(where_)'s nodes_* attributes have different lengths")
            return nil
        }
        guard let weightTrees = attributes.ints("\(weightPrefix)treeids"),
            let weightNodes = attributes.ints("\(weightPrefix)nodeids"),
            let weightIDs = attributes.ints("\(weightPrefix)ids"),
            let weights = attributes.floats("\(weightPrefix)weights"),
            [weightNodes.count, weightIDs.count, weights.count].allSatisfy({ $0 == weightTrees.count })
        else {
            invalid("\(where_)'s \(weightPrefix)* attributes are missing or of different lengths")
            return nil
        }
        struct Key: Hashable {
            let tree: Int64
            let node: Int64
        }
        var index: [Key: Int] = [:]
        var treeOrder: [Int64] = []
        var roots: [Int64: Int] = [:]
        for position in 0..<count {
            let key = Key(tree: treeIDs[position], node: nodeIDs[position])
            guard index[key] == nil else {
                invalid("\(where_) defines node \(key.node) of tree \(key.tree) twice")
                return nil
            }
            index[key] = position
            if roots[key.tree] == nil {
                roots[key.tree] = position
                treeOrder.append(key.tree)
            }
        }
        // Leaf weights per output, added in the order the file lists them (onnxruntime's order).
        var leafWeights: [Int: [(output: Int, weight: Float)]] = [:]
        for entry in 0..<weightTrees.count {
            guard let position = index[Key(tree: weightTrees[entry], node: weightNodes[entry])] else {
                invalid(
                    "\(where_) gives a weight to node \(weightNodes[entry]) of tree \(weightTrees[entry]), which it lacks"
                )
                return nil
            }
            guard weightIDs[entry] >= 0, weightIDs[entry] < outputs else {
                invalid("\(where_) gives a weight to output \(weightIDs[entry]) of \(outputs)")
                return nil
            }
            leafWeights[position, default: []].append((Int(weightIDs[entry]), weights[entry]))
        }
        var problems: [String] = []
        var trees: [[TreeNode]] = []
        for tree in treeOrder {
            var perOutput: [TreeNode] = []
            for output in wanted ?? Array(0..<outputs) {
                func child(_ id: Int64) -> Int {
                    index[Key(tree: tree, node: id)] ?? count
                }
                let built = TreeShape.build(
                    root: roots[tree]!, count: count, maxDepth: maxDepth,
                    node: { position -> TreeShape.Node? in
                        let mode = modes[position]
                        if mode == "LEAF" {
                            let mine = (leafWeights[position] ?? []).filter { $0.output == output }.map(\.weight)
                            var total: Float = 0
                            for weight in mine { total += weight }
                            return .leaf(score: total.description)
                        }
                        guard featureIDs[position] >= 0, featureIDs[position] < features.count else {
                            problems.append(
                                "node \(nodeIDs[position]) of tree \(tree) reads column \(featureIDs[position]) of \(features.count)"
                            )
                            return nil
                        }
                        let field = features[Int(featureIDs[position])]
                        let threshold = values[position].description
                        let comparison: ComparisonOperator
                        switch mode {
                        case "BRANCH_LEQ": comparison = .lessOrEqual
                        case "BRANCH_LT": comparison = .lessThan
                        case "BRANCH_GTE": comparison = .greaterOrEqual
                        case "BRANCH_GT": comparison = .greaterThan
                        case "BRANCH_EQ": comparison = .equal
                        case "BRANCH_NEQ": comparison = .notEqual
                        default:
                            problems.append("node \(nodeIDs[position]) of tree \(tree) has the mode '\(mode)'")
                            return nil
                        }
                        var goesTrue = Condition.simple(field: field, operator: comparison, value: threshold)
                        // A missing value fails every comparison but !=, unless the node sends it to the true branch.
                        if (tracks.isEmpty ? 0 : tracks[position]) != 0 || comparison == .notEqual {
                            goesTrue = .compound(
                                .or, [.simple(field: field, operator: .isMissing, value: nil), goesTrue])
                        }
                        return .split(
                            left: child(trueIDs[position]), right: child(falseIDs[position]), goesLeft: goesTrue)
                    }, problem: { problems.append($0) })
                guard let built else { break }
                perOutput.append(built)
            }
            trees.append(perOutput)
            if !problems.isEmpty { break }
        }
        for problem in problems.prefix(3) { invalid("\(where_): \(problem)") }
        return problems.isEmpty ? Forest(trees: trees) : nil
    }

    /// A regressor with one target: the trees summed (or averaged) in float32 in tree order, then `base_values`.
    mutating func regressor(_ node: Onnx_NodeProto, features: [String]) -> (ModelBody, Double)? {
        let attributes = Attributes(node)
        let where_ = Self.describe(node)
        let targets = attributes.byName["n_targets"]?.i ?? 1
        guard targets == 1 else {
            unsupported("\(where_) has \(targets) targets; nbship translates one", help: "export one model per target")
            return nil
        }
        let transform = attributes.string("post_transform", default: "NONE")
        guard transform == "NONE" else {
            unsupported(
                "\(where_) applies post_transform \(transform); nbship translates NONE for regressors",
                help: "export without a post transform")
            return nil
        }
        let aggregate = attributes.string("aggregate_function", default: "SUM")
        let method: MiningModelSpec.MultipleModelMethod
        switch aggregate {
        case "SUM": method = .sum
        case "AVERAGE": method = .average
        default:
            unsupported("\(where_) aggregates its trees by \(aggregate); nbship translates SUM and AVERAGE", help: "")
            return nil
        }
        let base = attributes.floats("base_values") ?? []
        guard base.count <= 1 else {
            invalid("\(where_) has \(base.count) base values for one target")
            return nil
        }
        guard let forest = forest(node, attributes, features: features, weightPrefix: "target_", outputs: 1) else {
            return nil
        }
        let segments = forest.trees.enumerated().map { number, trees in
            Segment(
                id: String(number + 1),
                model: .tree(TreeModelSpec(function: .regression, root: trees[0], numeric: .float, algorithm: "ONNX")))
        }
        let ensemble = MiningModelSpec(
            function: .regression, multipleModelMethod: method, missingPredictionTreatment: .returnMissing,
            segments: segments, numeric: .float, algorithm: "ONNX TreeEnsembleRegressor (\(aggregate.lowercased()))")
        return (.ensemble(ensemble), Double(base.first ?? 0))
    }

    /// A classifier's `post_transform` as onnxruntime applies it to each row's scores; nil (reported) for PROBIT and
    /// SOFTMAX_ZERO, which follow rules nbship does not reproduce.
    mutating func classifierNormalization(_ transform: String, _ node: Onnx_NodeProto) -> Normalization? {
        switch transform {
        case "NONE": return .identity
        case "LOGISTIC": return .onnxLogistic
        case "SOFTMAX": return .onnxSoftmax
        default:
            unsupported(
                "\(Self.describe(node)) applies post_transform \(transform); nbship translates NONE, LOGISTIC and SOFTMAX",
                help: "export with sklearn2pmml")
            return nil
        }
    }

    /// A classifier with three or more classes: each class's weights summed in float32 in tree order, plus its base
    /// value; the probabilities are those sums (NONE), their onnxruntime logistic (LOGISTIC) or softmax (SOFTMAX),
    /// the label the first largest.
    mutating func classifier(_ node: Onnx_NodeProto, features: [String]) -> (ModelBody, [String])? {
        let attributes = Attributes(node)
        let where_ = Self.describe(node)
        let labels =
            attributes.ints("classlabels_int64s").map { $0.map(String.init) } ?? attributes.strings(
                "classlabels_strings")
            ?? []
        guard labels.count >= 2, Set(labels).count == labels.count else {
            invalid("\(where_) has no class labels, or a label twice")
            return nil
        }
        let transform = attributes.string("post_transform", default: "NONE")
        let base = attributes.floats("base_values") ?? []
        if labels.count == 2 {
            return binaryClassifier(
                node, attributes, labels: labels, base: base, transform: transform, features: features)
        }
        guard let normalization = classifierNormalization(transform, node) else { return nil }
        guard base.isEmpty || base.count == labels.count else {
            invalid("\(where_) has \(base.count) base values for \(labels.count) classes")
            return nil
        }
        guard let forest = forest(node, attributes, features: features, weightPrefix: "class_", outputs: labels.count)
        else { return nil }
        var segments: [Segment] = []
        for (k, label) in labels.enumerated() {
            let trees = forest.trees.enumerated().map { number, perClass in
                Segment(
                    id: String(number + 1),
                    model: .tree(
                        TreeModelSpec(function: .regression, root: perClass[k], numeric: .float, algorithm: "ONNX")))
            }
            let sum = MiningModelSpec(
                function: .regression, multipleModelMethod: .sum, missingPredictionTreatment: .returnMissing,
                segments: trees, numeric: .float)
            segments.append(
                Segment(
                    id: String(k + 1), model: .ensemble(sum),
                    target: TargetSpec(
                        name: "", type: .double, opType: .continuous,
                        rescaleConstant: Double(base.isEmpty ? 0 : base[k])),
                    outputFields: [
                        OutputFieldSpec(
                            name: "score(\(label))", feature: .predictedValue, type: .float, isFinalResult: false)
                    ]))
        }
        let equations = labels.map { label in
            LinearEquation(
                category: label, intercept: 0,
                terms: [LinearTerm(coefficient: 1, factors: [.numeric(field: "score(\(label))", exponent: 1)])])
        }
        let final = LinearModelSpec(
            function: .classification, normalization: normalization, equations: equations, sourceElement: "ONNX",
            algorithm: "ONNX TreeEnsembleClassifier", numeric: .float)
        segments.append(
            Segment(
                id: String(labels.count + 1), model: .linear(final),
                target: TargetSpec(name: "label", type: .string, opType: .categorical, classes: labels)))
        let chain = MiningModelSpec(
            function: .classification, multipleModelMethod: .modelChain, missingPredictionTreatment: .returnMissing,
            segments: segments, classes: labels, numeric: .float, algorithm: "ONNX TreeEnsembleClassifier")
        return (.ensemble(chain), labels)
    }

    /// Two classes whose weights all go to one class id (as skl2onnx writes forests, trees and gradient boosting):
    /// onnxruntime sums them, plus `base_values[0]`, into the positive class's score s. With no negative weight it
    /// gives `[1 - s, s]` whatever the post transform, the label of class 1 when s > 0.5; otherwise
    /// `[logistic(-s), logistic(s)]` (LOGISTIC, its own float32 logistic) or `[-s, s]`, the label of class 1 when
    /// s > 0. Other layouts (weights for both classes, two base values, PROBIT) follow rules of their own and are
    /// refused.
    mutating func binaryClassifier(
        _ node: Onnx_NodeProto, _ attributes: Attributes, labels: [String], base: [Float], transform: String,
        features: [String]
    ) -> (ModelBody, [String])? {
        let where_ = Self.describe(node)
        let ids = Set(attributes.ints("class_ids") ?? [])
        let weights = attributes.floats("class_weights") ?? []
        guard ids.count == 1, let id = ids.first, base.count <= 1, transform != "PROBIT" else {
            unsupported(
                "\(where_) is a binary classifier with weights for \(ids.count) classes, \(base.count) base values and "
                    + "post_transform \(transform); nbship translates the layout skl2onnx writes (weights for one "
                    + "class, at most one base value, no PROBIT)",
                help: "export with sklearn2pmml")
            return nil
        }
        guard
            let forest = forest(
                node, attributes, features: features, weightPrefix: "class_", outputs: 2, building: [Int(id)])
        else { return nil }
        let trees = forest.trees.enumerated().map { number, perClass in
            Segment(
                id: String(number + 1),
                model: .tree(
                    TreeModelSpec(function: .regression, root: perClass[0], numeric: .float, algorithm: "ONNX")))
        }
        let sum = MiningModelSpec(
            function: .regression, multipleModelMethod: .sum, missingPredictionTreatment: .returnMissing,
            segments: trees, numeric: .float)
        let score = "score(\(labels[1]))"
        let positive = weights.allSatisfy { $0 >= 0 }
        func equation(_ label: String, _ coefficient: Double, _ intercept: Double) -> LinearEquation {
            LinearEquation(
                category: label, intercept: intercept,
                terms: [LinearTerm(coefficient: coefficient, factors: [.numeric(field: score, exponent: 1)])])
        }
        // Scores taken as they are ([1 - s, s] or [-s, s]) or through the logistic: a tie goes to the first class,
        // as onnxruntime's s > 0.5 and s > 0 do.
        let equations = [equation(labels[0], -1, positive ? 1 : 0), equation(labels[1], 1, 0)]
        let normalization: Normalization = !positive && transform == "LOGISTIC" ? .onnxLogistic : .identity
        let final = LinearModelSpec(
            function: .classification, normalization: normalization, equations: equations, sourceElement: "ONNX",
            algorithm: "ONNX TreeEnsembleClassifier", numeric: .float)
        let chain = MiningModelSpec(
            function: .classification, multipleModelMethod: .modelChain, missingPredictionTreatment: .returnMissing,
            segments: [
                Segment(
                    id: "1", model: .ensemble(sum),
                    target: TargetSpec(
                        name: "", type: .double, opType: .continuous, rescaleConstant: Double(base.first ?? 0)),
                    outputFields: [
                        OutputFieldSpec(name: score, feature: .predictedValue, type: .float, isFinalResult: false)
                    ]),
                Segment(
                    id: "2", model: .linear(final),
                    target: TargetSpec(name: "label", type: .string, opType: .categorical, classes: labels)),
            ], classes: labels, numeric: .float, algorithm: "ONNX TreeEnsembleClassifier")
        return (.ensemble(chain), labels)
    }
}
