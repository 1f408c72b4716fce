import Foundation
import NBRuntime

/// Neural networks, as JPMML-Evaluator computes them: each neuron is `sum(weight * input) + bias`, the sum in
/// connection order, through the layer's activation; a layer's outputs may then be normalised together; output neurons give
/// class probabilities or the (denormalised) predicted value. A missing input gives no prediction.
extension SpecEvaluator {
    func networkResult(
        _ network: NeuralNetworkSpec, _ values: [String: FieldValue]
    ) throws(EvaluationError)
        -> ModelResult
    {
        var outputs: [String: Double] = [:]
        for input in network.inputs {
            guard let x = try evaluate(input.expression, values).number else { return .missing }
            outputs[input.id] = x
        }
        for layer in network.layers {
            var layerOutputs: [Double] = []
            for neuron in layer.neurons {
                // JPMML-Evaluator's order: the weighted inputs from 0, then the bias.
                var z = 0.0
                for connection in neuron.connections {
                    guard let x = outputs[connection.from] else {
                        throw .undefinedResult(
                            "neuron '\(neuron.id)' reads '\(connection.from)', which is not computed yet")
                    }
                    z += x * connection.weight
                }
                z += neuron.bias
                layerOutputs.append(Self.activate(layer.activation, z, threshold: layer.threshold))
            }
            layerOutputs = Self.normalize(layerOutputs, layer.normalization)
            for (neuron, value) in zip(layer.neurons, layerOutputs) { outputs[neuron.id] = value }
        }
        var result = ModelResult()
        for output in network.outputs {
            guard let value = outputs[output.neuron] else {
                throw .undefinedResult("the output neuron '\(output.neuron)' is not computed")
            }
            switch output.meaning {
            case .probability(let label):
                result.probabilities.append((label, value))
            case .value:
                result.value = .number(value)
            case .normalizedValue(let points):
                result.value = Self.denormalize(value, points).map(FieldValue.number) ?? .missing
            }
        }
        if network.function == .classification, let best = Ensemble.firstLargest(result.probabilities) {
            result.value = .text(best.label)
        }
        return result
    }

    /// PMML's activation functions: NBRuntime's `Network.activate`, the code generated packages run.
    public static func activate(_ activation: NeuralNetworkSpec.Activation, _ z: Double, threshold: Double) -> Double {
        let runtime: Network.Activation =
            switch activation {
            case .threshold: .threshold
            case .logistic: .logistic
            case .tanh: .tanh
            case .identity: .identity
            case .exponential: .exponential
            case .reciprocal: .reciprocal
            case .square: .square
            case .gauss: .gauss
            case .sine: .sine
            case .cosine: .cosine
            case .elliott: .elliott
            case .arctan: .arctan
            case .rectifier: .rectifier
            }
        return Network.activate(runtime, z, threshold: threshold)
    }

    /// A layer's outputs normalised together: NBRuntime's `Network.normalize`.
    public static func normalize(_ values: [Double], _ method: NeuralNetworkSpec.LayerNormalization) -> [Double] {
        switch method {
        case .none: Network.normalize(values, .none)
        case .simplemax: Network.normalize(values, .simplemax)
        case .softmax: Network.normalize(values, .softmax)
        }
    }

    /// The inverse of a piecewise-linear normalisation: the original value whose normalised value is `y`,
    /// extrapolating beyond the ends.
    public static func denormalize(_ y: Double, _ points: [NormPoint]) -> Double? {
        guard points.count >= 2 else { return nil }
        var segment = 0
        while segment < points.count - 2 && y > points[segment + 1].normalized { segment += 1 }
        let a = points[segment]
        let b = points[segment + 1]
        return a.original + (y - a.normalized) / (b.normalized - a.normalized) * (b.original - a.original)
    }
}
