import NBCore

/// SupportVectorMachineModel: the kernel, the vector dictionary (fields and support vectors, sparse or dense),
/// and each machine's support vectors, coefficients and categories.
extension PMMLExtractor {
    mutating func supportVectorMachine(
        _ model: XMLTreeElement, function: MiningFunction, declared: [String]
    ) -> (spec: SupportVectorMachineSpec, classes: [String])? {
        if let representation = model.attribute("svmRepresentation"), representation != "SupportVectors" {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "svmRepresentation=\"\(representation)\" on <SupportVectorMachineModel> is not supported.", at: model,
                help: ["nbship translates machines written as support vectors"])
            return nil
        }
        if model.attribute("alternateBinaryTargetCategory") != nil {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "alternateBinaryTargetCategory on <SupportVectorMachineModel> is not supported.", at: model)
            return nil
        }
        let method = enumeration(
            "classificationMethod", of: model,
            [
                "OneAgainstAll": SupportVectorMachineSpec.ClassificationMethod.oneAgainstAll,
                "OneAgainstOne": .oneAgainstOne,
            ],
            default: .oneAgainstAll)
        let maxWins = enumeration(
            "maxWins", of: model, ["true": true, "false": false, "1": true, "0": false], default: false)
        let threshold = number("threshold", of: model, default: 0)
        guard let kernel = svmKernel(model) else { return nil }
        guard let dictionary = model.child(named: "VectorDictionary") else {
            error(
                PMMLDiagnosticID.missingElement, "The <SupportVectorMachineModel> has no <VectorDictionary>.", at: model
            )
            return nil
        }
        var fields: [SupportVectorMachineSpec.VectorField] = []
        for element in dictionary.child(named: "VectorFields")?.children ?? [] {
            switch element.name {
            case "FieldRef":
                guard let name = required("field", of: element) else { continue }
                _ = resolveField(name, at: element, role: "<VectorFields>")
                fields.append(.field(name))
            case "CategoricalPredictor":
                guard let name = required("name", of: element), let value = required("value", of: element),
                    let coefficient = number("coefficient", of: element, isRequired: true)
                else { continue }
                _ = resolveField(name, at: element, role: "<VectorFields>")
                fields.append(.category(field: name, value: value, coefficient: coefficient))
            case "Extension": continue
            default:
                unsupportedElement(element, in: dictionary, help: "VectorFields hold FieldRef and CategoricalPredictor")
            }
        }
        var vectors: [[Double]] = []
        var vectorIndex: [String: Int] = [:]
        for element in dictionary.children(named: "VectorInstance") {
            guard let id = required("id", of: element) else { continue }
            guard let vector = svmVector(element, size: fields.count) else { continue }
            vectorIndex[id] = vectors.count
            vectors.append(vector)
        }
        var machines: [SupportVectorMachineSpec.Machine] = []
        for element in model.children(named: "SupportVectorMachine") {
            let ids =
                element.child(named: "SupportVectors")?.children(named: "SupportVector").compactMap {
                    required("vectorId", of: $0)
                } ?? []
            guard let coefficientsElement = element.child(named: "Coefficients") else {
                error(PMMLDiagnosticID.missingElement, "The <SupportVectorMachine> has no <Coefficients>.", at: element)
                continue
            }
            let coefficients = coefficientsElement.children(named: "Coefficient").map {
                number("value", of: $0, default: 0) ?? 0
            }
            guard coefficients.count == ids.count else {
                error(
                    PMMLDiagnosticID.invalidModel,
                    "The <SupportVectorMachine> has \(ids.count) support vectors but \(coefficients.count) coefficients.",
                    at: element)
                continue
            }
            var indices: [Int] = []
            for id in ids {
                guard let index = vectorIndex[id] else {
                    error(
                        PMMLDiagnosticID.invalidModel, "The support vector '\(id)' is not in the <VectorDictionary>.",
                        at: element)
                    continue
                }
                indices.append(index)
            }
            machines.append(
                SupportVectorMachineSpec.Machine(
                    targetCategory: element.attribute("targetCategory"),
                    alternateTargetCategory: element.attribute("alternateTargetCategory"),
                    threshold: number("threshold", of: element),
                    bias: number("absoluteValue", of: coefficientsElement, default: 0) ?? 0,
                    supportVectors: indices, coefficients: coefficients))
        }
        guard let method, let maxWins, let threshold, !machines.isEmpty else {
            if machines.isEmpty {
                error(
                    PMMLDiagnosticID.missingElement, "The <SupportVectorMachineModel> has no <SupportVectorMachine>.",
                    at: model)
            }
            return nil
        }
        var labels: [String] = []
        for machine in machines {
            for label in [machine.targetCategory, machine.alternateTargetCategory].compactMap({ $0 })
            where !labels.contains(label) {
                labels.append(label)
            }
        }
        let spec = SupportVectorMachineSpec(
            function: function, kernel: kernel, fields: fields, vectors: vectors, machines: machines,
            classificationMethod: method, maxWins: maxWins, threshold: threshold,
            algorithm: model.attribute("algorithmName"))
        return (spec, function == .classification ? declared.nilIfEmpty ?? labels : [])
    }

    private mutating func svmKernel(_ model: XMLTreeElement) -> SupportVectorMachineSpec.Kernel? {
        if model.child(named: "LinearKernelType") != nil { return .linear }
        if let element = model.child(named: "PolynomialKernelType") {
            guard let gamma = number("gamma", of: element, default: 1),
                let coef0 = number("coef0", of: element, default: 1),
                let degree = number("degree", of: element, default: 1)
            else { return nil }
            return .polynomial(gamma: gamma, coef0: coef0, degree: degree)
        }
        if let element = model.child(named: "RadialBasisKernelType") {
            guard let gamma = number("gamma", of: element, default: 1) else { return nil }
            return .radialBasis(gamma: gamma)
        }
        if let element = model.child(named: "SigmoidKernelType") {
            guard let gamma = number("gamma", of: element, default: 1),
                let coef0 = number("coef0", of: element, default: 1)
            else { return nil }
            return .sigmoid(gamma: gamma, coef0: coef0)
        }
        error(PMMLDiagnosticID.missingElement, "The <SupportVectorMachineModel> names no kernel.", at: model)
        return nil
    }

    /// A support vector, dense: a `REAL-SparseArray` (1-based indices) or an `Array` of `size` numbers.
    private mutating func svmVector(_ element: XMLTreeElement, size: Int) -> [Double]? {
        func numbers(_ text: String, at node: XMLTreeElement) -> [Double]? {
            var values: [Double] = []
            for token in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
                guard let value = parseNumber(String(token), what: "an entry of <\(node.name)>", at: node) else {
                    return nil
                }
                values.append(value)
            }
            return values
        }
        if let sparse = element.child(named: "REAL-SparseArray") ?? element.child(named: "SparseArray") {
            var vector = Array(repeating: 0.0, count: size)
            let indices = sparse.child(named: "Indices").flatMap { numbers($0.text, at: $0) } ?? []
            let entries =
                (sparse.child(named: "REAL-Entries") ?? sparse.child(named: "Entries")).flatMap {
                    numbers($0.text, at: $0)
                }
                ?? []
            guard indices.count == entries.count else {
                error(
                    PMMLDiagnosticID.invalidModel,
                    "The sparse array has \(indices.count) indices but \(entries.count) entries.", at: sparse)
                return nil
            }
            for (index, entry) in zip(indices, entries) {
                let position = Int(index) - 1
                guard position >= 0, position < size else {
                    error(
                        PMMLDiagnosticID.invalidModel, "The sparse array index \(Int(index)) is outside 1...\(size).",
                        at: sparse)
                    return nil
                }
                vector[position] = entry
            }
            return vector
        }
        if let array = element.child(named: "Array") {
            guard let values = numbers(array.text, at: array), values.count == size else {
                error(PMMLDiagnosticID.invalidModel, "The support vector does not have \(size) numbers.", at: array)
                return nil
            }
            return values
        }
        error(PMMLDiagnosticID.missingElement, "The <VectorInstance> has no array.", at: element)
        return nil
    }
}
