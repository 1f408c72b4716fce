/// A feed-forward neural network (PMML `NeuralNetwork`): inputs computed from fields, layers of neurons, and
/// outputs read from neurons — a class probability per output neuron (classification) or the predicted value,
/// possibly denormalised (regression).
public struct NeuralNetworkSpec: Sendable, Codable, Hashable {
    /// A neuron's activation function (PMML `activationFunction`), applied to `sum(weight * input) + bias`.
    public enum Activation: String, Sendable, Codable, Hashable, CaseIterable {
        case threshold, logistic, tanh, identity, exponential, reciprocal, square
        case gauss = "Gauss"
        case sine, cosine
        case elliott = "Elliott"
        case arctan, rectifier
    }

    /// How a layer's outputs are normalised together (PMML `normalizationMethod` of a layer or the network).
    public enum LayerNormalization: String, Sendable, Codable, Hashable, CaseIterable {
        case none, simplemax, softmax
    }

    /// A weighted input of a neuron: the output of an input or an earlier neuron, by id.
    public struct Connection: Sendable, Codable, Hashable {
        public var from: String
        public var weight: Double
        public init(from: String, weight: Double) {
            self.from = from
            self.weight = weight
        }
    }

    public struct Neuron: Sendable, Codable, Hashable {
        public var id: String
        public var bias: Double
        public var connections: [Connection]
        public init(id: String, bias: Double, connections: [Connection]) {
            self.id = id
            self.bias = bias
            self.connections = connections
        }
    }

    public struct Layer: Sendable, Codable, Hashable {
        public var activation: Activation
        /// The threshold of the `threshold` activation.
        public var threshold: Double
        public var normalization: LayerNormalization
        public var neurons: [Neuron]
        public init(activation: Activation, threshold: Double, normalization: LayerNormalization, neurons: [Neuron]) {
            self.activation = activation
            self.threshold = threshold
            self.normalization = normalization
            self.neurons = neurons
        }
    }

    /// An input neuron: its id and the expression that gives its value.
    public struct Input: Sendable, Codable, Hashable {
        public var id: String
        public var expression: Expression
        public init(id: String, expression: Expression) {
            self.id = id
            self.expression = expression
        }
    }

    /// What an output neuron gives.
    public enum OutputMeaning: Sendable, Codable, Hashable {
        /// The probability of a class (PMML `NormDiscrete` of the target).
        case probability(String)
        /// The predicted value itself (PMML `FieldRef` to the target).
        case value
        /// The normalised predicted value (PMML `NormContinuous` of the target): the neuron's output is mapped
        /// back through these points.
        case normalizedValue([NormPoint])
    }

    public struct Output: Sendable, Codable, Hashable {
        public var neuron: String
        public var meaning: OutputMeaning
        public init(neuron: String, meaning: OutputMeaning) {
            self.neuron = neuron
            self.meaning = meaning
        }
    }

    public var function: MiningFunction
    public var inputs: [Input]
    public var layers: [Layer]
    public var outputs: [Output]
    public var algorithm: String?

    public init(
        function: MiningFunction, inputs: [Input], layers: [Layer], outputs: [Output], algorithm: String? = nil
    ) {
        self.function = function
        self.inputs = inputs
        self.layers = layers
        self.outputs = outputs
        self.algorithm = algorithm
    }

    /// The number of neurons in the hidden and output layers.
    public var neuronCount: Int { layers.reduce(0) { $0 + $1.neurons.count } }
}
