import NBCore

/// Every Swift name of a generated package, decided once so all templates agree.
struct NamingPlan {
    let packageName: String
    let moduleName: String
    let predictProduct: String
    let predictTarget: String
    let labelType: String
    /// Input name -> Swift property.
    let inputs: [String: String]
    /// Derived field name -> Swift local.
    let derived: [String: String]
    /// Class label -> enum case.
    let classes: [String: String]
    /// Parameter name -> Swift property.
    let parameters: [String: String]

    init(spec: ModelSpec) {
        packageName = spec.name
        var module = SwiftNamer.upperCamel(spec.name)
        if ["Model", "Input", "Output", "Parameters", "Link", "Foundation", "Testing"].contains(module) {
            module += "Package"
        }
        moduleName = module
        predictProduct = "\(spec.name)-predict"
        predictTarget = "\(module)Predict"
        var label = SwiftNamer.upperCamel(spec.target.name, fallback: "Label")
        let taken: Set<String> = [
            module, "Model", "Input", "Output", "Parameters", "ParameterError", "PredictionError",
            "Link", "InputText", "JSONScalar", "CSVReader", "CSVWriter", "GoldenExample",
        ]
        if taken.contains(label) { label += "Class" }
        labelType = label
        // The generated `predict` declares these locals (and `score0`, `score1`, ... per equation); inputs and
        // derived fields, which become locals too, must not take their names.
        let locals = Set(
            [
                "input", "output", "scores", "probabilities", "raw", "index", "label", "prediction", "decision",
                "parameters", "first", "value", "row", "result", "classes", "text",
            ] + (0..<max(1, spec.target.classes.count)).map { "score\($0)" })
        let inputNames = SwiftNamer.unique(
            spec.inputs.map { SwiftNamer.lowerCamel($0.name, fallback: "feature") }, avoiding: locals)
        inputs = Dictionary(uniqueKeysWithValues: zip(spec.inputs.map(\.name), inputNames))
        let derivedNames = SwiftNamer.unique(
            spec.derivedFields.map { SwiftNamer.lowerCamel($0.name, fallback: "derived") },
            avoiding: Set(inputNames).union(locals))
        derived = Dictionary(uniqueKeysWithValues: zip(spec.derivedFields.map(\.name), derivedNames))
        let caseNames = SwiftNamer.unique(spec.target.classes.map { SwiftNamer.lowerCamel($0, fallback: "class") })
        classes = Dictionary(uniqueKeysWithValues: zip(spec.target.classes, caseNames))
        let parameterNames = SwiftNamer.unique(
            spec.editableParameters.map { SwiftNamer.lowerCamel($0.name, fallback: "parameter") })
        parameters = Dictionary(uniqueKeysWithValues: zip(spec.editableParameters.map(\.name), parameterNames))
    }

    /// The Swift expression that reads a field inside `predict`.
    func reference(_ field: String) -> String {
        derived[field] ?? inputs[field] ?? "/* unknown field */ 0.0"
    }
}
