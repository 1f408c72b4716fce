import Foundation
import NBCore
import SwiftProtobuf

/// Reads ONNX models (ONNX-ML) into `ImportedModel`s.
///
/// The graph is translated node by node, never run: one float tensor input `[N, k]` (its columns become the inputs
/// `x0 ... x{k-1}`; ONNX carries no feature names, the notebook's feature list gives them), tree ensembles
/// (`TreeEnsembleRegressor`, `TreeEnsembleClassifier` with `post_transform` NONE), and the shape-only nodes around
/// them (`Cast`, `Identity`, `ZipMap`, `Reshape`, `Flatten`). Computed as onnxruntime does with one thread: inputs
/// and thresholds in float32, a split's true branch when the comparison holds or the input is missing and the
/// node tracks missing values to it, leaf weights summed in float32 in tree order, `base_values` added after.
/// Every other node is refused naming it, its op type and domain, all at once.
public enum ONNXReader {
    /// Parses and translates an ONNX model.
    public static func read(
        data: Data, file: String, limits: InputLimits = InputLimits()
    ) throws(DiagnosticError) -> ImportedModel {
        let model: Onnx_ModelProto
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 64
            model = try Onnx_ModelProto(serializedBytes: data, options: options)
        } catch {
            throw DiagnosticError(
                .error(
                    ONNXDiagnosticID.syntax, "the file is not a valid ONNX model (\(error))",
                    at: SourceLocation(file: file), help: ["export the model again (skl2onnx: `to_onnx(model, X[:1])`)"]
                ))
        }
        var translator = GraphTranslator(file: file, maxDepth: limits.maxDepth)
        let imported = translator.translate(model)
        if let imported, translator.errors.isEmpty { return imported }
        throw DiagnosticError(
            translator.errors.isEmpty
                ? [.error(ONNXDiagnosticID.invalid, "the ONNX graph gives no model", at: SourceLocation(file: file))]
                : translator.errors)
    }
}

/// What a value of the graph holds, as far as nbship follows it.
enum GraphValue {
    /// The model's input columns (after casts that do not change them).
    case features
    /// A regression's prediction.
    case prediction
    /// A classifier's label.
    case label
    /// A classifier's probabilities (a tensor, or ZipMap's maps).
    case probabilities
}

struct GraphTranslator {
    let file: String
    let maxDepth: Int
    var errors: [Diagnostic] = []

    init(file: String, maxDepth: Int) {
        self.file = file
        self.maxDepth = maxDepth
    }

    static let defaultDomains: Set<String> = ["", "ai.onnx"]
    static let mlDomain = "ai.onnx.ml"

    mutating func unsupported(_ message: String, help: String) {
        errors.append(
            .error(ONNXDiagnosticID.unsupported, message, at: SourceLocation(file: file), help: [help]))
    }

    mutating func invalid(_ message: String) {
        errors.append(
            .error(
                ONNXDiagnosticID.invalid, message, at: SourceLocation(file: file),
                help: ["export the model again; nbship reads ONNX as onnx.checker accepts it"]))
    }

    static func describe(_ node: Onnx_NodeProto) -> String {
        let domain = node.domain.isEmpty ? "ai.onnx" : node.domain
        return "node '\(node.name.isEmpty ? node.output.first ?? "?" : node.name)' (\(node.opType), domain \(domain))"
    }

    mutating func translate(_ model: Onnx_ModelProto) -> ImportedModel? {
        let graph = model.graph
        let initializers = Set(graph.initializer.map(\.name))
        let inputs = graph.input.filter { !initializers.contains($0.name) }
        guard inputs.count == 1, let input = inputs.first else {
            unsupported(
                "the ONNX graph has \(inputs.count) inputs (\(inputs.map { "'\($0.name)'" }.joined(separator: ", "))); "
                    + "nbship reads graphs with one float tensor input of shape [N, k]",
                help: "export with one input: skl2onnx `to_onnx(model, X[:1].astype(numpy.float32))`")
            return nil
        }
        let tensor = input.type.tensorType
        let dims = tensor.shape.dim
        guard input.type.tensorType.elemType == 1 else {
            unsupported(
                "the input '\(input.name)' is a tensor of ONNX type \(tensor.elemType); nbship reads float (type 1) "
                    + "inputs", help: "export with a float32 input: `X[:1].astype(numpy.float32)`")
            return nil
        }
        guard dims.count == 2, case .dimValue(let width)? = dims[1].value, width > 0, width <= 100_000 else {
            unsupported(
                "the input '\(input.name)' has no fixed number of columns (shape [N, k] with k known)",
                help: "export with `to_onnx(model, X[:1].astype(numpy.float32))`, which fixes k")
            return nil
        }
        let features = (0..<Int(width)).map { "x\($0)" }
        var values: [String: GraphValue] = [input.name: .features]
        var body: ModelBody?
        var target: TargetSpec?
        var classes: [String] = []
        for node in graph.node {
            let known = Self.defaultDomains.contains(node.domain) || node.domain == Self.mlDomain
            let inputsOf = node.input.map { values[$0] }
            switch (known ? node.opType : "", inputsOf.first ?? nil) {
            case ("Cast", .features?):
                let to = node.attribute.first { $0.name == "to" }?.i ?? 0
                guard to == 1 else {
                    unsupported(
                        "\(Self.describe(node)) casts the inputs to ONNX type \(to); nbship follows casts to float only",
                        help: "export with float32 inputs")
                    continue
                }
                values[node.output[0]] = .features
            case ("Cast", let value?), ("Identity", let value?), ("Reshape", let value?), ("Flatten", let value?),
                ("ZipMap", let value?) where value != .features || node.opType == "Identity":
                for output in node.output { values[output] = value }
            case ("TreeEnsembleRegressor", .features?) where node.domain == Self.mlDomain:
                guard body == nil else {
                    unsupported("\(Self.describe(node)) is a second model in the graph", help: "export one model")
                    continue
                }
                guard let (tree, base) = regressor(node, features: features) else { continue }
                body = tree
                target = TargetSpec(
                    name: node.output.first ?? "variable", type: .float, opType: .continuous, rescaleConstant: base)
                values[node.output[0]] = .prediction
            case ("TreeEnsembleClassifier", .features?) where node.domain == Self.mlDomain:
                guard body == nil else {
                    unsupported("\(Self.describe(node)) is a second model in the graph", help: "export one model")
                    continue
                }
                guard let (tree, labels) = classifier(node, features: features) else { continue }
                body = tree
                classes = labels
                target = TargetSpec(name: "label", type: .string, opType: .categorical, classes: labels)
                if node.output.count > 0 { values[node.output[0]] = .label }
                if node.output.count > 1 { values[node.output[1]] = .probabilities }
            default:
                unsupported(
                    "\(Self.describe(node)) is not one nbship translates"
                        + (inputsOf.contains { $0 == nil } ? " (it reads a value nbship could not follow)" : ""),
                    help: "nbship reads ONNX tree ensembles (TreeEnsembleRegressor, TreeEnsembleClassifier with "
                        + "post_transform NONE) with Cast, Identity, Reshape and ZipMap around them; export with "
                        + "sklearn2pmml for other pipelines")
            }
        }
        guard errors.isEmpty, let body, let target else {
            if errors.isEmpty { invalid("the ONNX graph has no tree ensemble node") }
            return nil
        }
        for output in graph.output where values[output.name] == nil || values[output.name] == .features {
            unsupported(
                "the graph output '\(output.name)' is not the model's prediction, label or probabilities",
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
            inputs: features.map {
                InputSpec(
                    name: $0, type: .float, opType: .continuous, location: SourceLocation(file: file),
                    missingValues: ["NaN"])
            }, target: target, derivedFields: [], model: body, outputs: outputs, numeric: .float)
    }
}
