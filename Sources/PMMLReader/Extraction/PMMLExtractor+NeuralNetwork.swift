import NBCore

/// NeuralNetwork: input neurons with their expressions, layers of neurons with weighted connections, and the
/// output neurons' meaning (a class probability, the predicted value, or its normalised form).
extension PMMLExtractor {
    static let activations: [String: NeuralNetworkSpec.Activation] = Dictionary(
        uniqueKeysWithValues: NeuralNetworkSpec.Activation.allCases.map { ($0.rawValue, $0) })
    static let layerNormalizations: [String: NeuralNetworkSpec.LayerNormalization] = Dictionary(
        uniqueKeysWithValues: NeuralNetworkSpec.LayerNormalization.allCases.map { ($0.rawValue, $0) })

    mutating func neuralNetwork(
        _ model: XMLTreeElement, function: MiningFunction, declared: [String], target: String?
    ) -> (spec: NeuralNetworkSpec, classes: [String])? {
        let activation = enumeration(
            "activationFunction", of: model, Self.activations, default: nil, unsupported: ["radialBasis"],
            help: "radial-basis networks are not translated")
        let threshold = number("threshold", of: model, default: 0)
        let normalization = enumeration(
            "normalizationMethod", of: model, Self.layerNormalizations,
            default: NeuralNetworkSpec.LayerNormalization.none)
        var inputs: [NeuralNetworkSpec.Input] = []
        var known = Set<String>()
        guard let inputsElement = model.child(named: "NeuralInputs") else {
            error(PMMLDiagnosticID.missingElement, "The <NeuralNetwork> has no <NeuralInputs>.", at: model)
            return nil
        }
        for element in inputsElement.children(named: "NeuralInput") {
            guard let id = required("id", of: element) else { continue }
            guard let field = element.child(named: "DerivedField"),
                let body = Self.expressionChildren(of: field).first
            else {
                error(PMMLDiagnosticID.missingElement, "The <NeuralInput> '\(id)' has no expression.", at: element)
                continue
            }
            if let expression = expression(body, in: field) {
                inputs.append(NeuralNetworkSpec.Input(id: id, expression: expression))
            }
            known.insert(id)
        }
        var layers: [NeuralNetworkSpec.Layer] = []
        for element in model.children(named: "NeuralLayer") {
            let layerActivation = enumeration(
                "activationFunction", of: element, Self.activations, default: activation, unsupported: ["radialBasis"],
                help: "radial-basis networks are not translated")
            let layerThreshold = number("threshold", of: element, default: threshold)
            let layerNormalization = enumeration(
                "normalizationMethod", of: element, Self.layerNormalizations, default: normalization)
            var neurons: [NeuralNetworkSpec.Neuron] = []
            for neuronElement in element.children(named: "Neuron") {
                guard let id = required("id", of: neuronElement) else { continue }
                if neuronElement.attribute("width") != nil || neuronElement.attribute("altitude") != nil {
                    error(
                        PMMLDiagnosticID.unsupportedAttributeValue,
                        "width and altitude on a <Neuron> (radial-basis networks) are not supported.",
                        at: neuronElement)
                }
                let bias = number("bias", of: neuronElement, default: 0) ?? 0
                var connections: [NeuralNetworkSpec.Connection] = []
                for con in neuronElement.children(named: "Con") {
                    guard let from = required("from", of: con), let weight = number("weight", of: con, isRequired: true)
                    else { continue }
                    if !known.contains(from) {
                        error(
                            PMMLDiagnosticID.invalidModel,
                            "The <Con> of neuron '\(id)' reads '\(from)', which is not an input or a neuron of an earlier layer.",
                            at: con)
                    }
                    connections.append(NeuralNetworkSpec.Connection(from: from, weight: weight))
                }
                neurons.append(NeuralNetworkSpec.Neuron(id: id, bias: bias, connections: connections))
            }
            for neuron in neurons { known.insert(neuron.id) }
            guard let layerActivation, let layerThreshold, let layerNormalization else { continue }
            layers.append(
                NeuralNetworkSpec.Layer(
                    activation: layerActivation, threshold: layerThreshold, normalization: layerNormalization,
                    neurons: neurons))
        }
        var outputs: [NeuralNetworkSpec.Output] = []
        var labels: [String] = []
        for element in model.child(named: "NeuralOutputs")?.children(named: "NeuralOutput") ?? [] {
            guard let neuron = required("outputNeuron", of: element) else { continue }
            guard let field = element.child(named: "DerivedField"),
                let body = Self.expressionChildren(of: field).first
            else {
                error(PMMLDiagnosticID.missingElement, "The <NeuralOutput> '\(neuron)' has no expression.", at: element)
                continue
            }
            if !known.contains(neuron) {
                error(
                    PMMLDiagnosticID.invalidModel, "The <NeuralOutput> reads '\(neuron)', which is not a neuron.",
                    at: element)
            }
            if let target, let name = body.attribute("field"), name != target {
                error(
                    PMMLDiagnosticID.unsupportedElement,
                    "The <NeuralOutput> '\(neuron)' refers to '\(name)', not to the target '\(target)'.", at: body)
                continue
            }
            switch body.name {
            case "NormDiscrete" where function == .classification:
                guard let value = required("value", of: body) else { continue }
                outputs.append(NeuralNetworkSpec.Output(neuron: neuron, meaning: .probability(value)))
                labels.append(value)
            case "FieldRef" where function == .regression:
                outputs.append(NeuralNetworkSpec.Output(neuron: neuron, meaning: .value))
            case "NormContinuous" where function == .regression:
                var points: [NormPoint] = []
                for point in body.children(named: "LinearNorm") {
                    guard let original = number("orig", of: point, isRequired: true),
                        let normalized = number("norm", of: point, isRequired: true)
                    else { continue }
                    points.append(NormPoint(original: original, normalized: normalized))
                }
                guard points.count >= 2 else {
                    error(
                        PMMLDiagnosticID.missingElement, "<NormContinuous> needs at least two <LinearNorm> points.",
                        at: body)
                    continue
                }
                outputs.append(NeuralNetworkSpec.Output(neuron: neuron, meaning: .normalizedValue(points)))
            default:
                unsupportedElement(
                    body, in: field,
                    help:
                        "a classification network's outputs are NormDiscrete of the target; a regression network's a FieldRef or NormContinuous"
                )
            }
        }
        if outputs.isEmpty {
            error(PMMLDiagnosticID.missingElement, "The <NeuralNetwork> has no <NeuralOutput>.", at: model)
            return nil
        }
        let classes = function == .classification ? declared.nilIfEmpty ?? labels : []
        let spec = NeuralNetworkSpec(
            function: function, inputs: inputs, layers: layers, outputs: outputs,
            algorithm: model.attribute("algorithmName"))
        return (spec, classes)
    }
}
