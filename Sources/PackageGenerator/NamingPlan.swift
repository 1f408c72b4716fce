import NBCore
import NBShipTemplates

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
    /// Declared output field (`OutputSpec.Kind.field`) name -> `Output` property.
    let fieldOutputs: [String: String]

    init(spec: ModelSpec) {
        packageName = spec.name
        let taken = Self.takenTypeNames
        var module = SwiftNamer.upperCamel(spec.name)
        while taken.contains(module) || taken.contains("\(module)Predict") { module += "Package" }
        moduleName = module
        predictProduct = "\(spec.name)-predict"
        predictTarget = "\(module)Predict"
        var label = SwiftNamer.upperCamel(spec.target.name, fallback: "Label")
        while taken.contains(label) || label == module || label == predictTarget { label += "Class" }
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
        // Members every label enum has (String raw values, CaseIterable, Hashable) cannot be case names.
        let caseNames = SwiftNamer.unique(
            spec.target.classes.map { SwiftNamer.lowerCamel($0, fallback: "class") },
            avoiding: ["allCases", "rawValue", "hashValue", "hash", "init"])
        classes = Dictionary(uniqueKeysWithValues: zip(spec.target.classes, caseNames))
        let parameterNames = SwiftNamer.unique(
            spec.editableParameters.map { SwiftNamer.lowerCamel($0.name, fallback: "parameter") })
        parameters = Dictionary(uniqueKeysWithValues: zip(spec.editableParameters.map(\.name), parameterNames))
        // `Output`'s own members cannot be output field names.
        let fieldNames = spec.fieldOutputNames
        let outputProperties = SwiftNamer.unique(
            fieldNames.map { SwiftNamer.lowerCamel($0, fallback: "output") },
            avoiding: [
                "prediction", "label", "probabilities", "decision", "reasonCodes", "probability", "reasonCode",
                "columnNames", "columnValues", "init", "hash", "hashValue",
            ])
        fieldOutputs = Dictionary(uniqueKeysWithValues: zip(fieldNames, outputProperties))
    }

    /// The Swift expression that reads a field inside `predict`.
    func reference(_ field: String) -> String {
        derived[field] ?? inputs[field] ?? "/* unknown field */ 0.0"
    }
}

extension NamingPlan {
    /// Type names a generated package declares or relies on, read from the embedded templates themselves so the
    /// list cannot drift from them: every capitalised identifier in their Swift code (comments, string literals
    /// and template tags left out). That is each type the runtime and templates declare (`Value`, `Network`,
    /// `Model`, `Input`, ...) and each type of Swift, Foundation and Testing they use (`String`, `Double`, `Test`).
    /// A target or package whose Swift name is one of these gets a suffix instead.
    static let takenTypeNames: Set<String> = typeNames(
        in: (EmbeddedTemplates.all.filter { $0.key.hasSuffix(".swift") } + EmbeddedTemplates.runtime)
            .sorted { $0.key < $1.key }.map(\.value))

    static func typeNames(in sources: [String]) -> Set<String> {
        var names: Set<String> = []
        for source in sources {
            for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
                var code = ""
                var inString = false
                var previous: Character = " "
                var braces = 0
                for character in line {
                    if !inString, character == "/", previous == "/" {
                        code.removeLast()
                        break
                    }
                    if character == "{" && previous == "{" { braces += 1 }
                    if character == "\"" && previous != "\\" { inString.toggle() }
                    if !inString && braces == 0 { code.append(character) }
                    if character == "}" && previous == "}" && braces > 0 { braces -= 1 }
                    previous = character
                }
                var word = ""
                for character in code + " " {
                    if character.isLetter || character.isNumber || character == "_" {
                        word.append(character)
                        continue
                    }
                    if let first = word.first, first.isUppercase, first.isASCII { names.insert(word) }
                    word = ""
                }
            }
        }
        return names
    }
}
