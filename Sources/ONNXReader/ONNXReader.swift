import Foundation
import NBCore
import SwiftProtobuf

/// Reads ONNX models (ONNX-ML) into `ImportedModel`s.
///
/// The graph is translated node by node, never run, by following each value symbolically: one float tensor input
/// `[N, k]` (its columns become the inputs `x0 ... x{k-1}`; ONNX carries no feature names, the notebook's feature
/// list gives them); preprocessing (`Scaler`, `Imputer`, `Normalizer`, `Mul`/`Add`/`Sub`/`Div` by constants,
/// `ArrayFeatureExtractor` and `Concat` of columns) becomes float32 expressions; the model is a tree ensemble, a
/// linear regressor or classifier, or a multilayer perceptron (`MatMul`, `Add`, `Relu`/`Tanh`/`Sigmoid`,
/// `Softmax`); the label tail (`ArgMax`, `ArrayFeatureExtractor`, `ZipMap`, `Normalizer` of probabilities) and
/// shape-only nodes (`Cast`, `Identity`, `Reshape`, `Flatten`) are followed. Computed as onnxruntime does with one
/// thread: float32 throughout (see the node handlers for each kernel's order of operations). Every other node is
/// refused naming it, its op type and domain, all at once.
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

struct GraphTranslator {
    let file: String
    let maxDepth: Int
    var errors: [Diagnostic] = []
    /// The values of the graph nbship follows, by name.
    var values: [String: GraphValue] = [:]
    /// The input fields (`x0 ... x{k-1}` for one tensor input, else named after the inputs).
    var features: [String] = []
    var inputSpecs: [InputSpec] = []
    /// The inputs that hold text (string tensors).
    var textInputs: Set<String> = []
    /// Preprocessing steps that became derived fields (what a model node reads, normalisation sums).
    var derivedFields: [DerivedFieldSpec] = []
    /// The model, once a model node (or the end of a network) gave it.
    var body: ModelBody?
    var target: TargetSpec?
    var classes: [String] = []
    /// A multilayer perceptron whose outputs the graph reads (finished at the end of the graph).
    var pendingNetwork: NetworkValue?
    var networkIsClassifier = false
    var networkStarted = false
    /// The step each column expression came from (`scaled`, `imputed`, `normalized`), for derived fields' names.
    var roles: [Expression: String] = [:]

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

}
