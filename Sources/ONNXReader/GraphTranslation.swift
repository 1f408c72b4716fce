import Foundation
import NBCore

/// The walk over the graph's nodes, and the nodes that only move values (casts, shapes, the label tail).
extension GraphTranslator {
    /// The most elements a constant tensor may have (a weight matrix of a large network is well under it).
    static let tensorLimit = 20_000_000

    mutating func translate(_ model: Onnx_ModelProto) -> ImportedModel? {
        let graph = model.graph
        for initializer in graph.initializer {
            guard let tensor = constant(initializer, name: "the initializer '\(initializer.name)'") else { continue }
            values[initializer.name] = .constant(tensor)
        }
        let inputs = graph.input.filter { values[$0.name] == nil }
        guard !inputs.isEmpty else {
            invalid("the ONNX graph has no input")
            return nil
        }
        for input in inputs { readInput(input, alone: inputs.count == 1) }
        guard errors.isEmpty else { return nil }
        for node in graph.node {
            let known = Self.defaultDomains.contains(node.domain) || node.domain == Self.mlDomain
            let before = errors.count
            if !known || !translate(node) {
                if errors.count == before { refuse(node) }
            }
        }
        finishNetwork(graph)
        guard errors.isEmpty, let body, let target else {
            if errors.isEmpty { invalid("the ONNX graph gives no model (no tree ensemble, linear model or network)") }
            return nil
        }
        for output in graph.output where !(values[output.name]?.isModelOutput ?? false) {
            unsupported(
                "the graph output '\(output.name)' is \(values[output.name]?.kind ?? "a value nbship could not follow"), "
                    + "not the model's prediction, label or probabilities",
                help: "export the model's outputs only")
        }
        guard errors.isEmpty else { return nil }
        var outputs: [OutputSpec] = []
        if classes.isEmpty {
            outputs = [OutputSpec(name: "prediction", kind: .predictedValue)]
        } else {
            outputs =
                [OutputSpec(name: "label", kind: .predictedValue)]
                + classes.map { OutputSpec(name: "probability(\($0))", kind: .probability(classLabel: $0)) }
        }
        let producer = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        let opset = model.opsetImport.first { Self.defaultDomains.contains($0.domain) }?.version
        return ImportedModel(
            file: file, format: "ONNX (IR \(model.irVersion)\(opset.map { ", opset \($0)" } ?? ""))",
            producer: producer.isEmpty ? nil : producer, description: model.docString.isEmpty ? nil : model.docString,
            inputs: inputSpecs, target: target, derivedFields: derivedFields, model: body, outputs: outputs,
            numeric: .float)
    }

    /// One graph input: a float, int64 or string tensor `[N, k]` with k fixed. A graph with one input names its
    /// columns `x0 ... x{k-1}` (the notebook's feature list names them); with several (skl2onnx's
    /// `initial_types` for a DataFrame, one per column) a column is named after its input, `name0 ...` when the
    /// input has several.
    mutating func readInput(_ input: Onnx_ValueInfoProto, alone: Bool) {
        let tensor = input.type.tensorType
        let dims = tensor.shape.dim
        let type: FieldType
        switch tensor.elemType {
        case 1: type = .float
        case 7: type = .integer
        case 8: type = .string
        default:
            unsupported(
                "the input '\(input.name)' is a tensor of ONNX type \(tensor.elemType); nbship reads float (1), int64 "
                    + "(7) and string (8) inputs", help: "export with float32 inputs: `X[:1].astype(numpy.float32)`")
            return
        }
        guard dims.count == 2, case .dimValue(let width)? = dims[1].value, width > 0, width <= 100_000 else {
            unsupported(
                "the input '\(input.name)' has no fixed number of columns (shape [N, k] with k known)",
                help: "export with `to_onnx(model, X[:1].astype(numpy.float32))`, which fixes k")
            return
        }
        let names =
            alone && type == .float
            ? (0..<Int(width)).map { "x\($0)" }
            : width == 1 ? [input.name] : (0..<Int(width)).map { "\(input.name)\($0)" }
        for name in names {
            guard !features.contains(name) else {
                invalid("the column name '\(name)' is given twice")
                return
            }
            features.append(name)
            inputSpecs.append(
                InputSpec(
                    name: name, type: type, opType: type == .string ? .categorical : .continuous,
                    location: SourceLocation(file: file), missingValues: type == .float ? ["NaN"] : nil))
        }
        if type == .string { textInputs.formUnion(names) }
        values[input.name] = .columns(names.map(Expression.field))
    }

    /// Whether every column is a number (a text input reaches arithmetic only through OneHotEncoder); reports the
    /// node otherwise.
    mutating func numeric(_ columns: [Expression], _ node: Onnx_NodeProto) -> Bool {
        let text = columns.compactMap { column -> String? in
            if case .field(let name) = column, textInputs.contains(name) { return name }
            return nil
        }
        guard text.isEmpty else {
            unsupported(
                "\(Self.describe(node)) computes with the text input\(text.count == 1 ? "" : "s") "
                    + text.map { "'\($0)'" }.joined(separator: ", "),
                help: "encode text columns with OneHotEncoder before the model")
            return false
        }
        return true
    }

    mutating func constant(_ tensor: Onnx_TensorProto, name: String) -> ConstantTensor? {
        switch ConstantTensor.read(tensor, limit: Self.tensorLimit) {
        case .success(let value): return value
        case .failure(.invalid(let problem)):
            invalid("\(name) is not a valid tensor: \(problem)")
        case .failure(.tooLarge):
            unsupported(
                "\(name) has more than \(Self.tensorLimit) elements", help: "nbship reads models of a size to review")
        case .failure(.unsupportedType(let type)):
            unsupported(
                "\(name) is a tensor of ONNX type \(type)", help: "nbship reads float, double and integer tensors")
        }
        return nil
    }

    mutating func refuse(_ node: Onnx_NodeProto) {
        let read = node.input.filter { !$0.isEmpty }.map { values[$0] }
        let what =
            read.contains { $0 == nil }
            ? " (it reads a value nbship could not follow)"
            : read.isEmpty ? "" : " on " + read.compactMap { $0?.kind }.joined(separator: " and ")
        unsupported(
            "\(Self.describe(node)) is not one nbship translates\(what)",
            help: "nbship reads what skl2onnx and onnxmltools write for scikit-learn pipelines: Scaler, Imputer, "
                + "Normalizer, Mul/Add/Sub/Div by constants, Concat, ArrayFeatureExtractor, Cast, Reshape, tree "
                + "ensembles, LinearRegressor, LinearClassifier, MLPs (MatMul, Add, Relu, Tanh, Sigmoid, Softmax), "
                + "ArgMax and ZipMap; export other pipelines with sklearn2pmml")
    }

    /// Translates one node; false when nbship does not follow it (refused by the caller, unless it reported why).
    mutating func translate(_ node: Onnx_NodeProto) -> Bool {
        guard !node.output.isEmpty, !node.output[0].isEmpty else {
            invalid("\(Self.describe(node)) has no output")
            return true
        }
        let input = node.input.map { values[$0] }
        let first = input.first ?? nil
        let attributes = Attributes(node)
        let ml = node.domain == Self.mlDomain
        switch (node.opType, first) {
        case ("Constant", _) where !ml:
            guard let tensor = attributes.byName["value"]?.t else { return false }
            guard let value = constant(tensor, name: Self.describe(node)) else { return true }
            values[node.output[0]] = .constant(value)
        case ("Cast", .columns(let columns)?) where !ml:
            let to = attributes.byName["to"]?.i ?? 0
            let integers = columns.allSatisfy { column in
                guard case .field(let name) = column else { return false }
                return inputSpecs.first { $0.name == name }?.type == .integer
            }
            if to == 7 && integers {
                // int64 to int64 (skl2onnx casts integer columns before a OneHotEncoder).
                values[node.output[0]] = first
                return true
            }
            guard to == 1 else {
                unsupported(
                    "\(Self.describe(node)) casts the inputs to ONNX type \(to); nbship follows casts to float only",
                    help: "export with float32 inputs")
                return true
            }
            guard numeric(columns, node) else { return true }
            // Integer inputs become float32 (exact below 2^24); float columns stay as they are.
            values[node.output[0]] = .columns(
                columns.map { column in
                    if case .field(let name) = column, inputSpecs.first(where: { $0.name == name })?.type == .integer {
                        return Self.float32(column)
                    }
                    return column
                })
        case ("Cast", let value?) where !ml, ("Identity", let value?) where !ml, ("Reshape", let value?) where !ml,
            ("Flatten", let value?) where !ml:
            if case .columns = value, node.opType == "Reshape" || node.opType == "Flatten" {
                // A reshape of the row keeps its columns only as [N, k] -> [N, k] or [-1, k].
                guard reshapeKeepsRow(node, input) else { return false }
            }
            values[node.output[0]] = value
        case ("ZipMap", let value?) where ml:
            guard case .probabilities = value else {
                guard case .network(let network) = value, finishAsClassifier(network, node, attributes) else {
                    return false
                }
                values[node.output[0]] = .probabilities
                return true
            }
            values[node.output[0]] = .probabilities
        case ("ArgMax", .network(let network)?) where !ml:
            guard finishAsClassifier(network, node, attributes) else { return false }
            values[node.output[0]] = .labelIndex
        case ("ArgMax", .probabilities?) where !ml:
            values[node.output[0]] = .labelIndex
        case ("ArrayFeatureExtractor", .constant(let labels)?) where ml:
            guard input.count == 2, case .labelIndex? = input[1] else { return false }
            if classes.isEmpty { classes = labels.labels }
            guard labels.labels == classes else {
                invalid("\(Self.describe(node)) reads labels \(labels.labels) for the classes \(classes)")
                return true
            }
            values[node.output[0]] = .label
        case ("TreeEnsembleRegressor", .columns(let columns)?) where ml:
            guard claimModel(node), numeric(columns, node) else { return true }
            let fields = fieldNames(columns)
            guard let (tree, base) = regressor(node, features: fields) else { return true }
            body = tree
            target = TargetSpec(
                name: node.output.first ?? "variable", type: .float, opType: .continuous, rescaleConstant: base)
            values[node.output[0]] = .prediction
        case ("TreeEnsembleClassifier", .columns(let columns)?) where ml:
            guard claimModel(node), numeric(columns, node) else { return true }
            let fields = fieldNames(columns)
            guard let (tree, labels) = classifier(node, features: fields) else { return true }
            setClassifier(tree, labels: labels, node)
        case ("LinearRegressor", .columns(let columns)?) where ml:
            guard claimModel(node), numeric(columns, node) else { return true }
            linearRegressor(node, attributes, columns: columns)
        case ("LinearClassifier", .columns(let columns)?) where ml:
            guard claimModel(node), numeric(columns, node) else { return true }
            linearClassifier(node, attributes, columns: columns)
        case ("Normalizer", .probabilities?) where ml:
            return normalizeProbabilities(node, attributes)
        default:
            return translatePreprocessingOrNetwork(node, input, attributes)
        }
        return true
    }

    /// Whether a Reshape or Flatten keeps the row as it is: Flatten with axis 1, Reshape to [-1 or 0 or N, k].
    func reshapeKeepsRow(_ node: Onnx_NodeProto, _ input: [GraphValue?]) -> Bool {
        guard case .columns(let columns)? = input.first ?? nil else { return false }
        if node.opType == "Flatten" { return (Attributes(node).byName["axis"]?.i ?? 1) == 1 }
        guard input.count == 2, case .constant(let shape)? = input[1], shape.numbers.count == 2 else { return false }
        return shape.numbers[1] == Double(columns.count) || (shape.numbers[1] == -1 && shape.numbers[0] != -1)
    }

    mutating func claimModel(_ node: Onnx_NodeProto) -> Bool {
        guard body == nil, pendingNetwork == nil else {
            unsupported("\(Self.describe(node)) is a second model in the graph", help: "export one model")
            return false
        }
        return true
    }

    mutating func setClassifier(_ model: ModelBody, labels: [String], _ node: Onnx_NodeProto) {
        body = model
        classes = labels
        target = TargetSpec(name: "label", type: .string, opType: .categorical, classes: labels)
        if node.output.count > 0 { values[node.output[0]] = .label }
        if node.output.count > 1 { values[node.output[1]] = .probabilities }
    }

    /// The field each column is read from: the input itself, or a derived field holding the column's expression,
    /// named after the step that made it and the input it reads (`scaled(x3)`), or its position.
    mutating func fieldNames(_ columns: [Expression]) -> [String] {
        columns.enumerated().map { index, column in
            if case .field(let name) = column { return name }
            if let existing = derivedFields.first(where: { $0.expression == column }) { return existing.name }
            let inputs = column.fieldReferences.filter { features.contains($0) }
            let role = roles[column] ?? "column"
            var name = inputs.count == 1 ? "\(role)(\(inputs[0]))" : "\(role)[\(index)]"
            // A one-hot column: `job=admin`.
            if case .indicator(let field, let value) = column { name = "\(field)=\(value)" }
            var suffix = 2
            while derivedFields.contains(where: { $0.name == name }) || features.contains(name) {
                name = "\(name.split(separator: "#").first ?? "")#\(suffix)"
                suffix += 1
            }
            derivedFields.append(
                DerivedFieldSpec(
                    name: name, type: .float, expression: column, origin: .modelFile,
                    location: SourceLocation(file: file)))
            return name
        }
    }
}
