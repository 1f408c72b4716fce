import Foundation
import NBCore

/// nbship's expression (Foundation has a type of the same name).
typealias Expression = NBCore.Expression

/// A constant tensor of the graph: an initializer or a `Constant` node's value.
struct ConstantTensor {
    var dims: [Int]
    /// Numbers (float, double and integer tensors), in row-major order.
    var numbers: [Double]
    /// Text (string tensors).
    var strings: [String]

    var count: Int { strings.isEmpty ? numbers.count : strings.count }
    /// The values as class labels: integers without a fraction, or text.
    var labels: [String] {
        strings.isEmpty
            ? numbers.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String($0) } : strings
    }

    /// Reads a TensorProto: typed fields or `raw_data` (little-endian), at most `limit` elements.
    static func read(_ tensor: Onnx_TensorProto, limit: Int) -> Result<ConstantTensor, TensorProblem> {
        let dims = tensor.dims.map { Int($0) }
        guard dims.allSatisfy({ $0 >= 0 }) else { return .failure(.invalid("a negative dimension")) }
        var expected = 1
        for dim in dims {
            let (product, overflow) = expected.multipliedReportingOverflow(by: dim)
            guard !overflow, product <= limit else { return .failure(.tooLarge) }
            expected = product
        }
        let raw = tensor.rawData
        func fromRaw<T>(_ size: Int, _ convert: (T) -> Double, _ type: T.Type) -> [Double]? {
            guard raw.count == expected * size else { return nil }
            return raw.withUnsafeBytes { buffer in
                (0..<expected).map { convert(buffer.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) }
            }
        }
        var numbers: [Double] = []
        var strings: [String] = []
        switch tensor.dataType {
        case 1:
            if raw.isEmpty {
                numbers = tensor.floatData.map(Double.init)
            } else {
                guard
                    let values = fromRaw(
                        4, { (bits: UInt32) in Double(Float(bitPattern: UInt32(littleEndian: bits))) }, UInt32.self)
                else { return .failure(.invalid("raw_data of \(raw.count) bytes for \(expected) floats")) }
                numbers = values
            }
        case 11:
            if raw.isEmpty {
                numbers = tensor.doubleData
            } else {
                guard
                    let values = fromRaw(
                        8, { (bits: UInt64) in Double(bitPattern: UInt64(littleEndian: bits)) }, UInt64.self)
                else { return .failure(.invalid("raw_data of \(raw.count) bytes for \(expected) doubles")) }
                numbers = values
            }
        case 7:
            if raw.isEmpty {
                numbers = tensor.int64Data.map(Double.init)
            } else {
                guard let values = fromRaw(8, { (bits: Int64) in Double(Int64(littleEndian: bits)) }, Int64.self)
                else { return .failure(.invalid("raw_data of \(raw.count) bytes for \(expected) int64s")) }
                numbers = values
            }
        case 6:
            if raw.isEmpty {
                numbers = tensor.int32Data.map(Double.init)
            } else {
                guard let values = fromRaw(4, { (bits: Int32) in Double(Int32(littleEndian: bits)) }, Int32.self)
                else { return .failure(.invalid("raw_data of \(raw.count) bytes for \(expected) int32s")) }
                numbers = values
            }
        case 8:
            strings = tensor.stringData.map { String(decoding: $0, as: UTF8.self) }
        default:
            return .failure(.unsupportedType(tensor.dataType))
        }
        guard numbers.count + strings.count == expected else {
            return .failure(.invalid("\(numbers.count + strings.count) values for shape \(dims)"))
        }
        return .success(ConstantTensor(dims: dims, numbers: numbers, strings: strings))
    }

    enum TensorProblem: Error {
        case invalid(String)
        case tooLarge
        case unsupportedType(Int32)
    }
}

/// A multilayer perceptron being read from MatMul, Add and activation nodes: its inputs, the layers so far, and
/// the values the graph holds of it, each `offset + factor * neuron` of the last layer.
struct NetworkValue {
    var inputs: [Expression]
    var layers: [NeuralNetworkSpec.Layer]
    /// Whether the last layer still takes a bias (`Add`) and an activation.
    var open: Bool
    var columns: [(offset: Double, factor: Double, neuron: Int)]

    static func neuronID(layer: Int, _ index: Int) -> String { "\(layer + 1).\(index)" }
    static func inputID(_ index: Int) -> String { "0.\(index)" }

    /// The network with its values as the plain outputs of neurons of its last layer, adding an identity layer
    /// where a value is an affine function of a neuron.
    func settled() -> NetworkValue {
        let width = layers.last?.neurons.count ?? 0
        let plain = columns.enumerated().allSatisfy { index, column in
            column.offset == 0 && column.factor == 1 && column.neuron == index
        }
        if plain && columns.count == width { return self }
        var copy = self
        let last = layers.count - 1
        let neurons = columns.enumerated().map { index, column in
            NeuralNetworkSpec.Neuron(
                id: Self.neuronID(layer: last + 1, index), bias: column.offset,
                connections: [.init(from: Self.neuronID(layer: last, column.neuron), weight: column.factor)])
        }
        copy.layers.append(.init(activation: .identity, threshold: 0, normalization: .none, neurons: neurons))
        copy.columns = columns.indices.map { (0, 1, $0) }
        copy.open = false
        return copy
    }
}

/// What a value of the graph holds, as far as nbship follows it.
enum GraphValue {
    /// A row of float32 values, each an expression over the model's inputs (and derived fields made so far).
    case columns([Expression])
    /// A constant tensor.
    case constant(ConstantTensor)
    /// Values computed by a multilayer perceptron.
    case network(NetworkValue)
    /// A regression's prediction.
    case prediction
    /// A classifier's label.
    case label
    /// The index of the largest probability (ArgMax).
    case labelIndex
    /// A classifier's probabilities (a tensor, or ZipMap's maps).
    case probabilities

    var isModelOutput: Bool {
        switch self {
        case .prediction, .label, .probabilities, .labelIndex: true
        case .columns, .constant, .network: false
        }
    }

    var kind: String {
        switch self {
        case .columns: "the input columns"
        case .constant: "a constant"
        case .network: "a neural network's values"
        case .prediction: "the prediction"
        case .label: "the label"
        case .labelIndex: "the label's index"
        case .probabilities: "the probabilities"
        }
    }
}
