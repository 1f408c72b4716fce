import Foundation
import NBCore

/// LinearRegressor, LinearClassifier and the end of a multilayer perceptron.
extension GraphTranslator {
    /// onnxruntime computes both linear kernels as a GEMM: per score, `fma(coefficient, x, sum)` in float32 from 0
    /// in column order, the intercept added last (one thread, batches of more than one row; a single row takes
    /// another kernel that can differ in the last bit).
    func linearEquations(
        _ coefficients: [Float], _ intercepts: [Float], fields: [String], labels: [String?]
    ) -> [LinearEquation] {
        labels.enumerated().map { k, label in
            LinearEquation(
                category: label, intercept: intercepts.isEmpty ? 0 : Double(intercepts[k]),
                terms: fields.enumerated().map { i, field in
                    LinearTerm(
                        coefficient: Double(coefficients[k * fields.count + i]),
                        factors: [.numeric(field: field, exponent: 1)])
                })
        }
    }

    mutating func linearRegressor(_ node: Onnx_NodeProto, _ attributes: Attributes, columns: [Expression]) {
        let where_ = Self.describe(node)
        let targets = attributes.byName["targets"]?.i ?? 1
        let transform = attributes.string("post_transform", default: "NONE")
        guard targets == 1, transform == "NONE" else {
            unsupported(
                "\(where_) has \(targets) targets and post_transform \(transform); nbship translates one target "
                    + "without a post transform", help: "export one model per target")
            return
        }
        let coefficients = attributes.floats("coefficients") ?? []
        let intercepts = attributes.floats("intercepts") ?? []
        guard coefficients.count == columns.count, intercepts.count <= 1 else {
            invalid(
                "\(where_) has \(coefficients.count) coefficients and \(intercepts.count) intercepts for "
                    + "\(columns.count) columns")
            return
        }
        let fields = fieldNames(columns)
        body = .linear(
            LinearModelSpec(
                function: .regression, normalization: .none,
                equations: linearEquations(coefficients, intercepts, fields: fields, labels: [nil]),
                sourceElement: "ONNX LinearRegressor", algorithm: "ONNX LinearRegressor", numeric: .float,
                fusedMultiplyAdd: true))
        target = TargetSpec(name: node.output.first ?? "variable", type: .float, opType: .continuous)
        values[node.output[0]] = .prediction
    }

    /// One score per class; probabilities as they are (NONE), through onnxruntime's float32 logistic per score
    /// (LOGISTIC; its batch kernel is an approximation within 1e-7) or its softmax (SOFTMAX); the label the first
    /// largest. A binary classifier with a single score row follows another rule and is refused.
    mutating func linearClassifier(_ node: Onnx_NodeProto, _ attributes: Attributes, columns: [Expression]) {
        let where_ = Self.describe(node)
        let labels =
            attributes.ints("classlabels_ints").map { $0.map(String.init) }
            ?? attributes.strings("classlabels_strings") ?? []
        let coefficients = attributes.floats("coefficients") ?? []
        let intercepts = attributes.floats("intercepts") ?? []
        guard labels.count >= 2, Set(labels).count == labels.count else {
            invalid("\(where_) has no class labels, or a label twice")
            return
        }
        guard intercepts.count == labels.count, coefficients.count == labels.count * columns.count else {
            unsupported(
                "\(where_) has \(intercepts.count) intercepts and \(coefficients.count) coefficients for "
                    + "\(labels.count) classes and \(columns.count) columns; nbship translates one score row per class "
                    + "(as skl2onnx writes them)", help: "export with skl2onnx, or with sklearn2pmml")
            return
        }
        let transform = attributes.string("post_transform", default: "NONE")
        guard let normalization = classifierNormalization(transform, node) else { return }
        let fields = fieldNames(columns)
        let model = LinearModelSpec(
            function: .classification, normalization: normalization,
            equations: linearEquations(coefficients, intercepts, fields: fields, labels: labels),
            sourceElement: "ONNX LinearClassifier", algorithm: "ONNX LinearClassifier", numeric: .float,
            fusedMultiplyAdd: true)
        setClassifier(.linear(model), labels: labels, node)
    }

    /// A Normalizer after a classifier's probabilities (skl2onnx writes L1 after a multiclass LinearClassifier).
    mutating func normalizeProbabilities(_ node: Onnx_NodeProto, _ attributes: Attributes) -> Bool {
        let norm = attributes.string("norm", default: "MAX")
        guard norm == "L1", case .linear(var model)? = body else { return false }
        switch model.normalization {
        case .onnxSoftmax: model.normalization = .onnxSoftmaxL1
        case .onnxLogistic: model.normalization = .onnxLogisticL1
        default: return false
        }
        body = .linear(model)
        values[node.output[0]] = .probabilities
        return true
    }

    /// ZipMap or ArgMax of a network's values: the network is a classifier, its values the class probabilities.
    mutating func finishAsClassifier(
        _ network: NetworkValue, _ node: Onnx_NodeProto, _ attributes: Attributes
    ) -> Bool {
        let settled = network.settled()
        if let pending = pendingNetwork {
            guard pending.layers == settled.layers else { return false }
        }
        pendingNetwork = settled
        networkIsClassifier = true
        if node.opType == "ZipMap" {
            let labels =
                attributes.ints("classlabels_int64s").map { $0.map(String.init) }
                ?? attributes.strings("classlabels_strings") ?? []
            if classes.isEmpty { classes = labels }
            guard labels == classes else {
                invalid("\(Self.describe(node)) names classes \(labels), the graph's labels are \(classes)")
                return true
            }
        }
        return true
    }

    /// Builds the network's model body: a classifier's probabilities, or a regression read from the graph output
    /// that holds a network value.
    mutating func finishNetwork(_ graph: Onnx_GraphProto) {
        if networkIsClassifier {
            // The probabilities tensor itself as a graph output (skl2onnx with zipmap=False).
            for output in graph.output {
                if case .network? = values[output.name] { values[output.name] = .probabilities }
            }
        }
        if pendingNetwork == nil {
            let outputs = graph.output.compactMap { output -> NetworkValue? in
                guard case .network(let network)? = values[output.name] else { return nil }
                values[output.name] = .prediction
                target = TargetSpec(name: output.name, type: .float, opType: .continuous)
                return network
            }
            guard let network = outputs.first else { return }
            guard outputs.count == 1, network.columns.count == 1 else {
                unsupported(
                    "the network gives \(network.columns.count) values; nbship translates one prediction or class "
                        + "probabilities", help: "export one target")
                return
            }
            pendingNetwork = network.settled()
        }
        guard let network = pendingNetwork, body == nil else { return }
        let last = network.layers.count - 1
        let spec: NeuralNetworkSpec
        let inputs = network.inputs.enumerated().map {
            NeuralNetworkSpec.Input(id: NetworkValue.inputID($0.offset), expression: $0.element)
        }
        if networkIsClassifier {
            guard classes.count == network.columns.count, classes.count >= 2 else {
                unsupported(
                    "the network gives \(network.columns.count) probabilities for the classes \(classes)",
                    help: "export with ZipMap (skl2onnx's default), which names the classes")
                return
            }
            spec = NeuralNetworkSpec(
                function: .classification, inputs: inputs, layers: network.layers,
                outputs: classes.enumerated().map {
                    .init(neuron: NetworkValue.neuronID(layer: last, $0.offset), meaning: .probability($0.element))
                }, algorithm: "ONNX MLP")
            target = TargetSpec(name: "label", type: .string, opType: .categorical, classes: classes)
        } else {
            spec = NeuralNetworkSpec(
                function: .regression, inputs: inputs, layers: network.layers,
                outputs: [.init(neuron: NetworkValue.neuronID(layer: last, 0), meaning: .value)], algorithm: "ONNX MLP")
        }
        body = .network(spec)
    }
}
