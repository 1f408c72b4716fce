import Foundation
import NBCore

/// Reads LightGBM models saved as text (`booster.save_model("model.txt")`, format `v2` to `v4`) into
/// `ImportedModel`s.
///
/// LightGBM computes in double: a split sends a row left when `x <= threshold`; a missing value (NaN) counts as 0
/// unless the split's missing type is NaN, and with missing type Zero values within 1e-35 of zero (and NaN) take
/// the split's default direction; leaf values are summed in tree order, then the objective's link applies
/// (`1 / (1 + exp(-k x))`, softmax, exp). Linear trees, categorical splits, random-forest averaging and
/// one-vs-all multiclass are refused, naming what and how to export instead.
public enum LightGBMReader {
    /// LightGBM's `kZeroThreshold` (a float constant, compared in double).
    static let zeroThreshold = Double(Float(1e-35))

    /// Parses and translates a LightGBM text model.
    public static func read(
        data: Data, file: String, limits: InputLimits = InputLimits()
    ) throws(DiagnosticError) -> ImportedModel {
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError(
                .error(
                    BoosterDiagnosticID.lightgbmSyntax, "the LightGBM model is not UTF-8 text",
                    at: SourceLocation(file: file), help: ["save the model with `booster.save_model(\"model.txt\")`"]))
        }
        var reader = Translator(file: file, maxDepth: limits.maxDepth)
        let model = reader.translate(text)
        if let model, reader.errors.isEmpty { return model.imported() }
        throw DiagnosticError(reader.errors)
    }

    /// One `key=value` block of the file (the header or a tree), with the line of each key.
    struct Block {
        var values: [String: String] = [:]
        var lines: [String: Int] = [:]
        var firstLine = 0
    }

    /// Splits the text into the header block and the tree blocks; stops at `end of trees`.
    static func blocks(_ text: String) -> (header: Block, trees: [Block]) {
        var header = Block()
        var trees: [Block] = []
        var current = Block()
        var inTree = false
        var number = 0
        for rawLine in text.asciiSplit("\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line == "end of trees" { break }
            if line.hasPrefix("Tree=") {
                if inTree { trees.append(current) } else { header = current }
                current = Block()
                current.firstLine = number
                inTree = true
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                if !line.isEmpty, !inTree { current.values[String(line)] = "" }
                continue
            }
            let key = String(line[..<equals])
            current.values[key] = String(line[line.index(after: equals)...])
            current.lines[key] = number
        }
        if inTree { trees.append(current) } else { header = current }
        return (header, trees)
    }

    private struct Translator {
        let file: String
        let maxDepth: Int
        var errors: [Diagnostic] = []

        mutating func syntax(_ message: String, line: Int?) {
            errors.append(
                .error(
                    BoosterDiagnosticID.lightgbmSyntax, "the LightGBM model is malformed: \(message)",
                    at: SourceLocation(file: file, line: line),
                    help: ["save the model again with `booster.save_model(\"model.txt\")`"]))
        }

        mutating func unsupported(_ message: String, line: Int?, help: String) {
            errors.append(
                .error(
                    BoosterDiagnosticID.lightgbmUnsupported, message, at: SourceLocation(file: file, line: line),
                    help: [help]))
        }

        mutating func translate(_ text: String) -> BoosterModel? {
            let (header, blocks) = LightGBMReader.blocks(text)
            guard header.values["tree"] != nil || header.values["version"] != nil else {
                syntax("it does not start with LightGBM's `tree` header", line: 1)
                return nil
            }
            let version = header.values["version"] ?? "v?"
            let classCount = Int(header.values["num_class"] ?? "1") ?? 0
            let perIteration = Int(header.values["num_tree_per_iteration"] ?? "1") ?? 0
            guard classCount >= 1, perIteration >= 1 else {
                syntax("`num_class` and `num_tree_per_iteration` must be positive", line: header.lines["num_class"])
                return nil
            }
            if header.values["average_output"] != nil {
                unsupported(
                    "the LightGBM model averages its trees (random-forest mode); nbship does not translate it yet",
                    line: header.lines["average_output"],
                    help: "train with boosting=\"gbdt\", or export with sklearn2pmml")
                return nil
            }
            guard let namesText = header.values["feature_names"] else {
                syntax("no `feature_names` line", line: nil)
                return nil
            }
            let names = namesText.asciiSplit(" ").map(String.init)
            guard !names.isEmpty, Set(names).count == names.count else {
                syntax("`feature_names` is empty or names a feature twice", line: header.lines["feature_names"])
                return nil
            }
            let objectiveText = header.values["objective"] ?? ""
            guard let output = outputKind(objectiveText, classes: classCount, line: header.lines["objective"])
            else { return nil }
            let groups = output == .softmax ? classCount : 1
            guard perIteration == groups else {
                syntax(
                    "\(perIteration) trees per iteration for \(groups) margins",
                    line: header.lines["num_tree_per_iteration"])
                return nil
            }
            guard !blocks.isEmpty else {
                syntax("the model has no trees", line: nil)
                return nil
            }
            guard let categories = categoryNames(text, header: header, names: names) else { return nil }
            let linear = blocks.indices.filter { blocks[$0].values["is_linear"] == "1" }
            if let first = linear.first {
                unsupported(
                    "\(linear.count) of the \(blocks.count) trees are linear trees (linear_tree=true), the first tree "
                        + "\(first); nbship does not translate linear trees",
                    line: blocks[first].lines["is_linear"], help: "train with linear_tree=false")
                return nil
            }
            var trees: [BoosterModel.Tree] = []
            for (index, block) in blocks.enumerated() {
                guard let root = translateTree(block, index: index, names: names, categories: categories) else {
                    continue
                }
                trees.append(BoosterModel.Tree(root: root, group: index % groups))
            }
            guard errors.isEmpty else { return nil }
            let objective = objectiveText.split(separator: " ").first.map(String.init) ?? "regression"
            var model = BoosterModel(
                format: "LightGBM text \(version)", producer: "LightGBM", algorithm: "LightGBM (\(objective))",
                file: file, features: names, featureType: .double, trees: trees, baseMargins: nil, output: output,
                numeric: .double, classCount: output == .binary ? 2 : groups, logistic: .sigmoid, diagnostics: [])
            model.categories = categories
            return model
        }

        /// The category names of features fit as pandas categoricals (`pandas_categorical`, one list per such
        /// column in column order). The file does not say which columns they were; they are the categorical
        /// features of `feature_infos` when there are as many of those as lists, and otherwise nothing decides.
        mutating func categoryNames(_ text: String, header: Block, names: [String]) -> [String: [String]]? {
            guard let line = text.asciiSplit("\n").last(where: { $0.hasPrefix("pandas_categorical:") }) else {
                return [:]
            }
            let json = line.dropFirst("pandas_categorical:".count)
            guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
            else {
                syntax("`pandas_categorical` is not JSON", line: nil)
                return nil
            }
            guard let lists = value as? [[Any]], !lists.isEmpty else { return [:] }
            let infos = (header.values["feature_infos"] ?? "").split(separator: " ")
            let categorical = infos.indices.filter { index in
                let info = infos[index]
                return !info.hasPrefix("[") && info != "none"
                    && info.split(separator: ":").allSatisfy { Int($0) != nil }
            }
            guard categorical.count == lists.count, categorical.allSatisfy({ names.indices.contains($0) }) else {
                unsupported(
                    "the model lists category names for \(lists.count) pandas categorical column(s) but has "
                        + "\(categorical.count) categorical features, so which names belong to which feature is not "
                        + "written in the file", line: header.lines["feature_infos"],
                    help: "fit on a DataFrame whose categorical_feature columns are all pandas categoricals, or on "
                        + "integer codes")
                return nil
            }
            var result: [String: [String]] = [:]
            for (feature, list) in zip(categorical, lists) {
                result[names[feature]] = list.map { item in
                    if let text = item as? String { return text }
                    if let number = item as? NSNumber { return number.stringValue }
                    return "\(item)"
                }
            }
            return result
        }

        mutating func outputKind(
            _ objective: String, classes: Int, line: Int?
        ) -> BoosterModel.Output? {
            let parts = objective.split(separator: " ").map(String.init)
            let name = parts.first ?? ""
            let options = Dictionary(
                parts.dropFirst().compactMap { part -> (String, String)? in
                    guard let colon = part.firstIndex(of: ":") else { return (part, "") }
                    return (String(part[..<colon]), String(part[part.index(after: colon)...]))
                }, uniquingKeysWith: { first, _ in first })
            if options["sqrt"] != nil {
                unsupported(
                    "the LightGBM objective `\(objective)` trains on square roots (reg_sqrt); nbship does not "
                        + "translate it yet", line: line, help: "train without reg_sqrt")
                return nil
            }
            switch name {
            case "regression", "regression_l2", "regression_l1", "l1", "l2", "mse", "mae", "huber", "fair", "quantile",
                "mape", "lambdarank", "rank_xendcg":
                return .identity
            case "poisson", "gamma", "tweedie":
                return .exponential
            case "cross_entropy", "xentropy":
                return .logisticRegression
            case "binary":
                let k = Double(options["sigmoid"] ?? "1") ?? .nan
                guard k == 1 else {
                    unsupported(
                        "the LightGBM objective `\(objective)` uses sigmoid \(options["sigmoid"] ?? "?"); nbship "
                            + "translates sigmoid:1", line: line, help: "train with the default sigmoid=1.0")
                    return nil
                }
                return .binary
            case "multiclass", "softmax":
                guard classes >= 2 else {
                    unsupported("a multiclass objective with \(classes) class", line: line, help: "check num_class")
                    return nil
                }
                return .softmax
            default:
                unsupported(
                    "the LightGBM objective `\(objective.isEmpty ? "(none)" : objective)` is not one nbship translates",
                    line: line,
                    help: "nbship translates regression objectives, poisson, gamma, tweedie, cross_entropy, binary "
                        + "and multiclass")
                return nil
            }
        }

        mutating func translateTree(
            _ block: Block, index: Int, names: [String], categories: [String: [String]]
        ) -> TreeNode? {
            var unreadable: [String] = []
            func numbers<T>(_ key: String, _ parse: (Substring) -> T?) -> [T]? {
                guard let text = block.values[key] else { return nil }
                let items = text.asciiSplit(" ")
                let values = items.compactMap(parse)
                if values.count != items.count, let bad = items.first(where: { parse($0) == nil }) {
                    unreadable.append(key)
                    syntax(
                        "tree \(index): `\(key)` has `\(bad.prefix(40))`, which is not a number", line: block.lines[key]
                    )
                }
                return values.count == items.count ? values : nil
            }
            let where_ = block.firstLine
            guard let leafCount = Int(block.values["num_leaves"] ?? ""), leafCount >= 1,
                let leaves = numbers("leaf_value", { Double($0) }), leaves.count == leafCount
            else {
                guard unreadable.isEmpty else { return nil }
                syntax("tree \(index) lacks `num_leaves` or its `leaf_value`s", line: where_)
                return nil
            }
            if leafCount == 1 {
                return TreeNode(id: "leaf0", predicate: .true, score: leaves[0].description)
            }
            let splits = leafCount - 1
            guard let features = numbers("split_feature", { Int($0) }),
                let thresholds = numbers("threshold", { Double($0) }),
                let decisions = numbers("decision_type", { Int($0) }),
                let left = numbers("left_child", { Int($0) }), let right = numbers("right_child", { Int($0) }),
                [features.count, thresholds.count, decisions.count, left.count, right.count].allSatisfy({ $0 == splits }
                )
            else {
                guard unreadable.isEmpty else { return nil }
                syntax("tree \(index)'s split arrays are missing or of other lengths than num_leaves - 1", line: where_)
                return nil
            }
            let boundaries = numbers("cat_boundaries", { Int($0) }) ?? []
            let words = numbers("cat_threshold", { UInt32($0) }) ?? []
            // Internal nodes are 0..<splits; leaf i is the node splits + i (LightGBM writes it as ~i).
            var problems: [String] = []
            func node(_ child: Int) -> Int { child >= 0 ? child : splits + ~child }
            let root = TreeShape.build(
                root: 0, count: splits + leafCount, maxDepth: maxDepth,
                node: { index -> TreeShape.Node? in
                    if index >= splits { return .leaf(score: leaves[index - splits].description) }
                    guard names.indices.contains(features[index]) else {
                        problems.append("split \(index) is on feature \(features[index]), which the model lacks")
                        return nil
                    }
                    let decision = decisions[index]
                    let feature = names[features[index]]
                    if decision & 1 != 0 {
                        let slot = Int(exactly: thresholds[index]) ?? -1
                        guard slot >= 0, slot + 1 < boundaries.count, boundaries[slot] >= 0,
                            boundaries[slot] <= boundaries[slot + 1], boundaries[slot + 1] <= words.count
                        else {
                            problems.append("categorical split \(index) points outside cat_boundaries")
                            return nil
                        }
                        let field = categories[feature] != nil ? BoosterModel.codeField(feature) : feature
                        let set = Array(words[boundaries[slot]..<boundaries[slot + 1]])
                        return .split(
                            left: node(left[index]), right: node(right[index]),
                            goesLeft: LightGBMReader.inCategories(field: field, bitset: set))
                    }
                    guard
                        let goesLeft = LightGBMReader.goesLeft(
                            field: feature, threshold: thresholds[index], decision: decision)
                    else {
                        problems.append("split \(index) has an unknown missing type in decision_type \(decision)")
                        return nil
                    }
                    return .split(left: node(left[index]), right: node(right[index]), goesLeft: goesLeft)
                }, problem: { problems.append($0) })
            for problem in problems.prefix(3) { syntax("tree \(index): \(problem)", line: where_) }
            return problems.isEmpty ? root.map { renumbered($0, splits: splits) } : nil
        }

        /// Leaf ids as LightGBM numbers them (`leaf3`), split ids as split indices.
        func renumbered(_ node: TreeNode, splits: Int) -> TreeNode {
            var copy = node
            if let id = node.id, let number = Int(id), number >= splits { copy.id = "leaf\(number - splits)" }
            copy.children = node.children.map { renumbered($0, splits: splits) }
            return copy
        }
    }

    /// When a row goes left at a categorical split: its value truncated to an integer is in the split's bitset
    /// (LightGBM's `static_cast<int>`: -0.5 is category 0). NaN, negative values and values past the bitset go
    /// right.
    static func inCategories(field: String, bitset: [UInt32]) -> Condition {
        var ranges: [Condition] = []
        for (word, bits) in bitset.enumerated() where bits != 0 {
            for bit in 0..<32 where bits & (1 << UInt32(bit)) != 0 {
                let category = word * 32 + bit
                let low: Condition =
                    category == 0
                    ? .simple(field: field, operator: .greaterThan, value: "-1.0")
                    : .simple(field: field, operator: .greaterOrEqual, value: Double(category).description)
                ranges.append(
                    .compound(
                        .and,
                        [low, .simple(field: field, operator: .lessThan, value: Double(category + 1).description)]))
            }
        }
        switch ranges.count {
        case 0: return .false
        case 1: return ranges[0]
        default: return .compound(.or, ranges)
        }
    }

    /// When a row goes left at a numerical split (`decision_type` bit 1: default left; bits 2-3: missing type
    /// None, Zero or NaN), as a condition that is true, false or unknown (missing).
    static func goesLeft(field: String, threshold: Double, decision: Int) -> Condition? {
        let defaultLeft = decision & 2 != 0
        // LightGBM reads every input within the zero threshold as 0 before it compares: for a threshold in
        // [-z, z) that moves the cut to -z (0 > t) or to z (0 <= t).
        let z = zeroThreshold
        let atMost: Condition
        if threshold >= -z && threshold < 0 {
            atMost = .simple(field: field, operator: .lessThan, value: (-z).description)
        } else if threshold >= 0 && threshold < z {
            atMost = .simple(field: field, operator: .lessOrEqual, value: z.description)
        } else {
            atMost = .simple(field: field, operator: .lessOrEqual, value: threshold.description)
        }
        let missing = Condition.simple(field: field, operator: .isMissing, value: nil)
        switch (decision >> 2) & 3 {
        case 0:
            // None: a missing value is read as 0.
            return 0 <= threshold ? .compound(.or, [missing, atMost]) : atMost
        case 1:
            // Zero: NaN is read as 0, and zero takes the default direction.
            let limit = zeroThreshold.description
            let zero = Condition.compound(
                .and,
                [
                    .simple(field: field, operator: .greaterOrEqual, value: "-" + limit),
                    .simple(field: field, operator: .lessOrEqual, value: limit),
                ])
            if defaultLeft { return .compound(.or, [missing, zero, atMost]) }
            return .compound(
                .and,
                [
                    .simple(field: field, operator: .isNotMissing, value: nil),
                    .compound(
                        .or,
                        [
                            .simple(field: field, operator: .lessThan, value: "-" + limit),
                            .simple(field: field, operator: .greaterThan, value: limit),
                        ]),
                    atMost,
                ])
        case 2:
            // NaN: a missing value takes the default direction.
            return defaultLeft ? .compound(.or, [missing, atMost]) : atMost
        default:
            return nil
        }
    }
}

extension StringProtocol {
    /// The parts between occurrences of an ASCII character, as `split(separator:)` gives them, but found byte by
    /// byte: splitting a model file by `Character` took a third of the conversion of a 300-tree model. A UTF-8
    /// sequence never contains an ASCII byte, so every part starts and ends on a character boundary.
    func asciiSplit(_ separator: Unicode.Scalar, omittingEmptySubsequences: Bool = true) -> [Substring] {
        let whole = Substring(self)
        return whole.utf8.split(
            separator: UInt8(ascii: separator), omittingEmptySubsequences: omittingEmptySubsequences
        )
        .map { whole[$0.startIndex..<$0.endIndex] }
    }
}
