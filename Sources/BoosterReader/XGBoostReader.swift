import Foundation
import NBCore

/// Reads XGBoost models saved with `save_model` as JSON (`model.json`) or UBJSON (`model.ubj`), format versions
/// 1.x to 3.x, into `ImportedModel`s.
///
/// XGBoost computes in float32: inputs are rounded to float, a split sends a row left when `x < threshold`
/// (float32) and a missing value the split's default way, leaf values are added to the base margin in float32 in
/// tree order, and the objective's link (sigmoid, softmax, exp) runs in float32. The spec records exactly that.
/// Gradient-boosted trees (`gbtree`) and DART are read; `gblinear`, multi-output trees, categorical splits and
/// objectives whose output nbship cannot reproduce are refused, naming what and how to export instead.
public enum XGBoostReader {
    /// Whether a value is one of a categorical split's categories, as XGBoost decides it: the value truncated to an
    /// integer is in the set; negative values are no category (they go left with the values outside the set).
    static func inCategories(field: String, _ categories: [Int]) -> Condition {
        let ranges = categories.sorted().map { category -> Condition in
            .compound(
                .and,
                [
                    .simple(field: field, operator: .greaterOrEqual, value: Float(category).description),
                    .simple(field: field, operator: .lessThan, value: Float(category + 1).description),
                ])
        }
        switch ranges.count {
        case 0: return .false
        case 1: return ranges[0]
        default: return .compound(.or, ranges)
        }
    }

    /// Whether bytes are a UBJSON object: `{` followed by a length marker of its first key (JSON has a quote or
    /// white space there).
    public static func looksLikeUBJSON(_ data: Data) -> Bool {
        guard data.count > 1, data[data.startIndex] == UInt8(ascii: "{") else { return false }
        return Array("iUIlL$#".utf8).contains(data[data.startIndex + 1])
    }

    /// Parses and translates an XGBoost model.
    /// - Parameter binary: true for UBJSON, false for JSON text.
    public static func read(
        data: Data, file: String, binary: Bool, limits: InputLimits = InputLimits()
    ) throws(DiagnosticError) -> ImportedModel {
        let document: TreeJSON
        do {
            document =
                binary
                ? try TreeJSON.parseUBJSON(data, maxDepth: 64) : try TreeJSON.parseJSON(data, maxDepth: 64)
        } catch {
            let place = error.offset.map { " at byte \($0)" } ?? ""
            throw DiagnosticError(
                .error(
                    BoosterDiagnosticID.xgboostSyntax,
                    "the \(binary ? "UBJSON" : "JSON") of the XGBoost model cannot be read\(place): \(error.message)",
                    at: SourceLocation(file: file),
                    help: ["save the model again with `booster.save_model(\"model.json\")`"]))
        }
        var reader = Translator(file: file, maxDepth: limits.maxDepth)
        let model = reader.translate(document)
        if let model, reader.errors.isEmpty { return model.imported() }
        throw DiagnosticError(reader.errors.isEmpty ? [reader.schema("the model has no trees")] : reader.errors)
    }

    private struct Translator {
        let file: String
        let maxDepth: Int
        var errors: [Diagnostic] = []

        init(file: String, maxDepth: Int) {
            self.file = file
            self.maxDepth = maxDepth
        }

        func schema(_ message: String, path: String? = nil) -> Diagnostic {
            .error(
                BoosterDiagnosticID.xgboostSchema,
                "the XGBoost model \(path.map { "field `\($0)` " } ?? "")is not as XGBoost writes it: \(message)",
                at: SourceLocation(file: file, jsonPath: path),
                help: ["nbship reads models saved by XGBoost 1.0 to 3.x with `save_model(\"model.json\")` or `.ubj`"])
        }

        mutating func unsupported(_ message: String, path: String? = nil, help: String) {
            errors.append(
                .error(
                    BoosterDiagnosticID.xgboostUnsupported, message, at: SourceLocation(file: file, jsonPath: path),
                    help: [help]))
        }

        mutating func translate(_ document: TreeJSON) -> BoosterModel? {
            guard let learner = document["learner"], learner.object != nil else {
                let keys = document.object.map { $0.keys.sorted().prefix(6).joined(separator: ", ") } ?? ""
                errors.append(
                    .error(
                        BoosterDiagnosticID.xgboostSchema,
                        "the file is JSON but not an XGBoost model (it has no `learner`\(keys.isEmpty ? "" : "; its keys are \(keys)"))",
                        at: SourceLocation(file: file),
                        help: [
                            "nbship reads PMML, XGBoost JSON/UBJSON (`save_model`) and LightGBM text models",
                            "a notebook goes first on the command line: `nbship convert notebook.ipynb --model model.json`",
                        ]))
                return nil
            }
            let version = document["version"]?.array?.compactMap(\.int) ?? []
            let producer = version.isEmpty ? "XGBoost" : "XGBoost " + version.map(String.init).joined(separator: ".")
            let parameters = learner["learner_model_param"]?.object ?? [:]
            let classCount = parameters["num_class"]?.int ?? 0
            let targets = parameters["num_target"]?.int ?? 1
            if targets > 1 {
                unsupported(
                    "the XGBoost model has \(targets) targets; nbship translates models with one target",
                    path: "learner.learner_model_param.num_target",
                    help: "train one model per target, or export with skl2onnx")
            }
            guard let objective = learner["objective"]?["name"]?.string else {
                errors.append(schema("no objective name", path: "learner.objective.name"))
                return nil
            }
            guard let booster = learner["gradient_booster"], let kind = booster["name"]?.string else {
                errors.append(schema("no booster", path: "learner.gradient_booster"))
                return nil
            }
            var weights: [Float]?
            let model: TreeJSON?
            switch kind {
            case "gbtree":
                model = booster["model"]
            case "dart":
                model = booster["gbtree"]?["model"]
                weights = booster["weight_drop"]?.array?.compactMap(\.float)
            default:
                unsupported(
                    "the XGBoost booster is `\(kind)`; nbship translates tree boosters (`gbtree`, `dart`)",
                    path: "learner.gradient_booster.name",
                    help: kind == "gblinear"
                        ? "a linear booster is a linear model: export it with sklearn2pmml or skl2onnx"
                        : "retrain with booster=\"gbtree\"")
                return nil
            }
            guard let model, let treeList = model["trees"]?.array else {
                errors.append(schema("no trees", path: "learner.gradient_booster.model.trees"))
                return nil
            }
            let info = model["tree_info"]?.array?.compactMap(\.int) ?? []
            guard info.count == treeList.count else {
                errors.append(schema("`tree_info` does not list one class per tree", path: "tree_info"))
                return nil
            }
            if let weights, weights.count != treeList.count {
                errors.append(schema("`weight_drop` does not list one weight per tree", path: "weight_drop"))
                return nil
            }
            if weights?.contains(where: { $0 != 1 }) == true {
                unsupported(
                    "the DART model scales its trees by `weight_drop`; nbship does not translate tree weights yet",
                    path: "learner.gradient_booster.weight_drop", help: "retrain with booster=\"gbtree\"")
                return nil
            }
            guard let (output, groups) = outputKind(objective, classCount: classCount) else { return nil }
            guard info.allSatisfy({ (0..<groups).contains($0) }) else {
                errors.append(schema("a tree belongs to no class of the model", path: "tree_info"))
                return nil
            }
            let featureCount = parameters["num_feature"]?.int ?? 0
            var names = learner["feature_names"]?.array?.compactMap(\.string) ?? []
            if names.isEmpty { names = (0..<featureCount).map { "f\($0)" } }
            if Set(names).count != names.count {
                errors.append(schema("two features have the same name", path: "learner.feature_names"))
                return nil
            }
            let types = learner["feature_types"]?.array?.compactMap(\.string) ?? []
            let categories = categoryNames(model["cats"], types: types, names: names)
            guard let base = baseMargins(parameters["base_score"], objective: objective, groups: groups) else {
                return nil
            }
            var trees: [BoosterModel.Tree] = []
            for (index, tree) in treeList.enumerated() {
                guard let root = translateTree(tree, index: index, names: names, categories: categories) else {
                    continue
                }
                trees.append(BoosterModel.Tree(root: root, group: info[index]))
            }
            guard errors.isEmpty else { return nil }
            var translated = BoosterModel(
                format: "XGBoost \(version.first.map { "\($0).x" } ?? "")".trimmingCharacters(in: .whitespaces),
                producer: producer, algorithm: "XGBoost (\(kind), \(objective))", file: file, features: names,
                featureType: .float, trees: trees, baseMargins: base, output: output, numeric: .float,
                classCount: output == .binary ? 2 : groups, logistic: .xgboostSigmoid, diagnostics: [])
            translated.categories = categories
            return translated
        }

        /// The category names XGBoost 3.x keeps for features fit as pandas categoricals (`cats.enc`: per feature,
        /// UTF-8 bytes cut at `offsets`); a category's code is its position. Features without names read codes.
        func categoryNames(_ cats: TreeJSON?, types: [String], names: [String]) -> [String: [String]] {
            guard let encodings = cats?["enc"]?.array else { return [:] }
            var result: [String: [String]] = [:]
            for (feature, encoding) in encodings.enumerated()
            where names.indices.contains(feature) && types.indices.contains(feature) && types[feature] == "c" {
                let offsets = encoding["offsets"]?.array?.compactMap(\.int) ?? []
                let bytes = encoding["values"]?.array?.compactMap(\.int) ?? []
                guard offsets.count >= 2, offsets.first == 0, offsets.last == bytes.count,
                    zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
                else { continue }
                result[names[feature]] = zip(offsets, offsets.dropFirst()).map { start, end in
                    String(decoding: bytes[start..<end].map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
                }
            }
            return result
        }

        /// The output of an objective, and how many margins it has.
        mutating func outputKind(_ objective: String, classCount: Int) -> (BoosterModel.Output, Int)? {
            switch objective {
            case "reg:squarederror", "reg:linear", "reg:pseudohubererror", "reg:absoluteerror", "reg:quantileerror",
                "reg:squaredlogerror", "binary:logitraw", "rank:pairwise", "rank:ndcg", "rank:map":
                return (.identity, 1)
            case "reg:logistic": return (.logisticRegression, 1)
            case "binary:logistic": return (.binary, 1)
            case "count:poisson", "reg:gamma", "reg:tweedie", "survival:cox": return (.exponential, 1)
            case "multi:softprob", "multi:softmax":
                guard classCount >= 2 else {
                    errors.append(schema("a multi-class objective with \(classCount) classes", path: "num_class"))
                    return nil
                }
                return (.softmax, classCount)
            default:
                unsupported(
                    "the XGBoost objective `\(objective)` is not one nbship translates",
                    path: "learner.objective.name",
                    help: "nbship translates reg:*, binary:logistic, binary:logitraw, count:poisson, "
                        + "multi:softprob/softmax, survival:cox and rank:* objectives")
                return nil
            }
        }

        /// XGBoost stores `base_score` in output space (a probability for logistic objectives, the mean for
        /// log-link ones); the margin trees add to is its inverse link in float32. 3.x may store one per class as a
        /// JSON list inside the string.
        mutating func baseMargins(_ value: TreeJSON?, objective: String, groups: Int) -> [Double]? {
            let path = "learner.learner_model_param.base_score"
            guard let value else {
                errors.append(schema("no base_score", path: path))
                return nil
            }
            var scores: [Float]
            if let text = value.string, text.trimmingCharacters(in: .whitespaces).hasPrefix("[") {
                let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: " []"))
                scores = inner.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
                guard scores.count == inner.split(separator: ",").count else {
                    errors.append(schema("`\(text)` is not a list of numbers", path: path))
                    return nil
                }
            } else if let score = value.float {
                scores = [score]
            } else {
                errors.append(schema("base_score is \(value.kind), not a number", path: path))
                return nil
            }
            if scores.count == 1, groups > 1 { scores = Array(repeating: scores[0], count: groups) }
            guard scores.count == groups else {
                errors.append(schema("\(scores.count) base scores for \(groups) margins", path: path))
                return nil
            }
            return scores.map { score -> Double in
                switch objective {
                case "binary:logistic", "reg:logistic":
                    return Double(-Foundation.log(Float(1) / score - Float(1)))
                case "count:poisson", "reg:gamma", "reg:tweedie", "survival:cox":
                    return Double(Foundation.log(score))
                default:
                    return Double(score)
                }
            }
        }

        mutating func translateTree(
            _ tree: TreeJSON, index: Int, names: [String], categories: [String: [String]]
        ) -> TreeNode? {
            let path = "learner.gradient_booster.model.trees[\(index)]"
            func ints(_ key: String) -> [Int]? {
                tree[key]?.array.flatMap { items in
                    let values = items.compactMap(\.int)
                    return values.count == items.count ? values : nil
                }
            }
            guard let left = ints("left_children"), let right = ints("right_children"),
                let features = ints("split_indices"),
                let conditions = tree["split_conditions"]?.array?.compactMap(\.float)
            else {
                errors.append(schema("a tree lacks its node arrays", path: path))
                return nil
            }
            let count = left.count
            let defaults = ints("default_left") ?? []
            let kinds = ints("split_type") ?? Array(repeating: 0, count: count)
            guard right.count == count, features.count == count, conditions.count == count, defaults.count == count,
                kinds.count == count, count > 0
            else {
                errors.append(schema("a tree's node arrays have different lengths", path: path))
                return nil
            }
            if let size = tree["tree_param"]?["size_leaf_vector"]?.int, size > 1 {
                unsupported(
                    "tree \(index) has vector leaves (multi-output trees); nbship translates scalar leaves",
                    path: path, help: "train with multi_strategy=\"one_output_per_tree\"")
                return nil
            }
            // Categorical splits: the categories of node n are categories[segments[k] ..< + sizes[k]] where
            // categories_nodes[k] == n.
            var categorySets: [Int: [Int]] = [:]
            if let nodes = ints("categories_nodes"), let segments = ints("categories_segments"),
                let sizes = ints("categories_sizes"), let all = ints("categories"),
                nodes.count == segments.count, nodes.count == sizes.count
            {
                for (k, node) in nodes.enumerated() {
                    let start = segments[k], end = segments[k] + sizes[k]
                    guard start >= 0, sizes[k] >= 0, end <= all.count else { continue }
                    categorySets[node] = Array(all[start..<end])
                }
            }
            var problems: [String] = []
            let root = TreeShape.build(
                root: 0, count: count, maxDepth: maxDepth,
                node: { node -> TreeShape.Node? in
                    if left[node] == -1 { return .leaf(score: conditions[node].description) }
                    guard names.indices.contains(features[node]) else {
                        problems.append("node \(node) splits on feature \(features[node]), which the model lacks")
                        return nil
                    }
                    let field = names[features[node]]
                    if kinds[node] == 1 {
                        guard let set = categorySets[node] else {
                            problems.append("categorical node \(node) has no categories")
                            return nil
                        }
                        let read = categories[field] != nil ? BoosterModel.codeField(field) : field
                        // A category in the set goes right; a missing value takes the default direction.
                        var goesRight = XGBoostReader.inCategories(field: read, set)
                        if defaults[node] == 0 {
                            goesRight = .compound(
                                .or, [.simple(field: read, operator: .isMissing, value: nil), goesRight])
                        }
                        return .splitRightFirst(left: left[node], right: right[node], goesRight: goesRight)
                    }
                    guard kinds[node] == 0 else {
                        problems.append("node \(node) has the split type \(kinds[node])")
                        return nil
                    }
                    let below = Condition.simple(
                        field: field, operator: .lessThan, value: conditions[node].description)
                    let goesLeft =
                        defaults[node] != 0
                        ? Condition.compound(.or, [.simple(field: field, operator: .isMissing, value: nil), below])
                        : below
                    return .split(left: left[node], right: right[node], goesLeft: goesLeft)
                }, problem: { problems.append($0) })
            for problem in problems.prefix(3) { errors.append(schema("tree \(index): \(problem)", path: path)) }
            return problems.isEmpty ? root : nil
        }
    }
}
