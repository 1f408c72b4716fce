import NBCore

/// What XGBoost and LightGBM models have in common once read: trees of one or more classes, a base margin per
/// class, and the function from margins to outputs. `BoosterModel.imported` turns it into the format-neutral spec
/// (an ensemble of trees, chained to a final link step where the objective has one).
struct BoosterModel {
    /// How the summed margins become the model's output.
    enum Output {
        /// The margin is the prediction (squared error, ranking, quantile, ...).
        case identity
        /// `exp(margin)` (Poisson, gamma, Tweedie, Cox).
        case exponential
        /// The logistic of the margin, as a regression prediction (XGBoost `reg:logistic`, LightGBM
        /// `cross_entropy`).
        case logisticRegression
        /// Two classes, the probability of class 1 from the margin.
        case binary
        /// One margin per class, softmax.
        case softmax
    }

    /// One tree and the class whose margin it adds to (0 for a single margin).
    struct Tree {
        var root: TreeNode
        var group: Int
    }

    var format: String
    var producer: String?
    var algorithm: String
    var file: String
    var features: [String]
    var featureType: FieldType
    var trees: [Tree]
    /// The margin each class starts from, before its first tree (nil when the booster has none).
    var baseMargins: [Double]?
    var output: Output
    var numeric: NumericSemantics
    var classCount: Int
    /// The normalization of `binary` and `logisticRegression` (XGBoost's float32 `logit`, LightGBM's `sigmoid`).
    var logistic: Normalization
    var diagnostics: [Diagnostic]
    /// Features given as category names that the booster reads as codes (pandas categoricals in LightGBM): the
    /// input is text, and a derived field `code(<feature>)` holds its position in the list (missing when the name
    /// is not in it, which the booster reads as NaN).
    var categories: [String: [String]] = [:]

    /// The field a tree reads for a feature: the feature itself, or its code.
    static func codeField(_ feature: String) -> String { "code(\(feature))" }

    var isClassifier: Bool { output == .binary || output == .softmax }

    /// The format-neutral model: inputs, target, the ensemble and the outputs it declares.
    func imported() -> ImportedModel {
        let inputs = features.map { feature in
            if categories[feature] != nil {
                return InputSpec(
                    name: feature, type: .string, opType: .categorical, invalidTreatment: .asIs,
                    location: SourceLocation(file: file))
            }
            return InputSpec(
                name: feature, type: featureType, opType: .continuous, location: SourceLocation(file: file),
                missingValues: ["NaN"])
        }
        let derived = features.compactMap { feature -> DerivedFieldSpec? in
            guard let names = categories[feature] else { return nil }
            let map = ValueMap(
                inputs: [ValueMap.Input(field: feature, column: "category")], outputColumn: "code",
                rows: names.enumerated().map { ["category": $0.element, "code": String($0.offset)] }, type: .double)
            return DerivedFieldSpec(
                name: Self.codeField(feature), type: .double, expression: .mapValues(map), origin: .modelFile,
                location: SourceLocation(file: file))
        }
        let classes = isClassifier ? (0..<max(classCount, 2)).map(String.init) : []
        let target = TargetSpec(
            name: "y", type: isClassifier ? .integer : featureType == .float ? .float : .double,
            opType: isClassifier ? .categorical : .continuous, classes: classes)
        let groups = output == .softmax ? classCount : 1
        let marginType: FieldType = numeric == .float ? .float : .double
        var segments: [Segment] = []
        for group in 0..<groups {
            let members = trees.enumerated().filter { $0.element.group == group }.map { index, tree in
                Segment(
                    id: String(index + 1),
                    model: .tree(
                        TreeModelSpec(function: .regression, root: tree.root, numeric: numeric, algorithm: algorithm)))
            }
            let sum = MiningModelSpec(
                function: .regression, multipleModelMethod: .sum, missingPredictionTreatment: .returnMissing,
                initialScore: baseMargins.map { $0[group] }, segments: members, numeric: numeric)
            segments.append(
                Segment(
                    id: String(group + 1), model: .ensemble(sum),
                    target: TargetSpec(name: "", type: .double, opType: .continuous),
                    outputFields: [
                        OutputFieldSpec(
                            name: marginName(group), feature: .predictedValue, type: marginType, isFinalResult: false)
                    ]))
        }
        let model: ModelBody
        var outputs: [OutputSpec] = []
        switch output {
        case .identity:
            model = .ensemble(chainOrSum(segments))
            outputs = [OutputSpec(name: "prediction", kind: .predictedValue)]
        case .exponential, .logisticRegression:
            let link: Normalization = output == .exponential ? .exp : logistic
            segments.append(finalStep(.regression, link, equations: [equation(nil, margin: 0)], id: 2))
            model = .ensemble(chain(segments, function: .regression))
            outputs = [OutputSpec(name: "prediction", kind: .predictedValue)]
        case .binary:
            // The first equation gets the link, the second is the rest (PMML's binary RegressionModel).
            let equations = [equation("1", margin: 0), LinearEquation(category: "0", intercept: 0, terms: [])]
            segments.append(finalStep(.classification, logistic, equations: equations, id: 2, classes: classes))
            model = .ensemble(chain(segments, function: .classification, classes: classes))
        case .softmax:
            let equations = (0..<classCount).map { equation(String($0), margin: $0) }
            segments.append(
                finalStep(.classification, .softmax, equations: equations, id: groups + 1, classes: classes))
            model = .ensemble(chain(segments, function: .classification, classes: classes))
        }
        if isClassifier {
            outputs =
                [OutputSpec(name: "label", kind: .predictedValue)]
                + classes.map { OutputSpec(name: "probability(\($0))", kind: .probability(classLabel: $0)) }
        }
        return ImportedModel(
            file: file, format: format, producer: producer, inputs: inputs, target: target, derivedFields: derived,
            model: model, outputs: outputs, numeric: numeric, diagnostics: diagnostics)
    }

    private func marginName(_ group: Int) -> String { output == .softmax ? "margin(\(group))" : "margin" }

    private func equation(_ category: String?, margin group: Int) -> LinearEquation {
        LinearEquation(
            category: category, intercept: 0,
            terms: [LinearTerm(coefficient: 1, factors: [.numeric(field: marginName(group), exponent: 1)])])
    }

    private func finalStep(
        _ function: MiningFunction, _ link: Normalization, equations: [LinearEquation], id: Int,
        classes: [String] = []
    ) -> Segment {
        let linear = LinearModelSpec(
            function: function, normalization: link, equations: equations, sourceElement: format,
            algorithm: algorithm, numeric: numeric)
        let target =
            function == .classification
            ? TargetSpec(name: "y", type: .integer, opType: .categorical, classes: classes)
            : TargetSpec(name: "", type: .double, opType: .continuous)
        return Segment(id: String(id), model: .linear(linear), target: target)
    }

    /// A single margin with nothing after it is the sum itself.
    private func chainOrSum(_ segments: [Segment]) -> MiningModelSpec {
        guard segments.count == 1, case .ensemble(var sum) = segments[0].model else {
            return chain(segments, function: .regression)
        }
        sum.algorithm = algorithm
        return sum
    }

    private func chain(_ segments: [Segment], function: MiningFunction, classes: [String] = []) -> MiningModelSpec {
        MiningModelSpec(
            function: function, multipleModelMethod: .modelChain, missingPredictionTreatment: .returnMissing,
            segments: segments, classes: classes, numeric: numeric, algorithm: algorithm)
    }
}
