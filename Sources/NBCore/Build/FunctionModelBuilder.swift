/// Turns the notebook's `model` cell into an `ImportedModel`, as a model file reader would: the model function is
/// the cell's only public function (no leading underscore), or its last one; its arguments are the inputs (typed
/// by annotation or default); what it returns decides the output (a number: `prediction`; text: a `label` among the
/// string literals it returns; True/False: a `decision`); the names it reads from the parameters cell become
/// parameters.
public enum FunctionModelBuilder {
    public static func imported(_ notebook: NotebookExtract) throws(DiagnosticError) -> ImportedModel? {
        guard let cell = notebook.modelCell else { return nil }
        let file = notebook.file
        let public_ = cell.functions.filter { !$0.name.hasPrefix("_") }
        guard let entry = public_.count == 1 ? public_[0] : cell.functions.last else { return nil }
        let location = SourceLocation(file: file, cell: cell.cellNumber, line: entry.line)
        let parameterNames = Set(
            (notebook.cells(.parameters) + notebook.cells(.injectedParameters)).flatMap { $0.assignments.map(\.name) })
        let constants = Set(cell.constants.map(\.name))
        let functions = Set(cell.functions.map(\.name))
        var errors: [Diagnostic] = []
        var reads: Set<String> = []
        for function in cell.functions {
            let locals = Set(function.arguments.map(\.name) + PyStatement.assignedNames(function.body))
            for name in readNames(function.body) where !locals.contains(name) && !constants.contains(name) {
                if parameterNames.contains(name) {
                    reads.insert(name)
                } else if !functions.contains(name) {
                    errors.append(
                        .error(
                            SpecDiagnosticID.functionName,
                            "`\(function.name)` reads `\(name)`, which neither the model cell nor the parameters cell "
                                + "defines", at: SourceLocation(file: file, cell: cell.cellNumber, line: function.line),
                            help: NameSuggestion.help(
                                for: name, in: Array(locals) + Array(constants) + Array(parameterNames))))
                }
            }
        }
        var strings: [String] = []
        var kinds: Set<String> = []
        func classify(_ expression: PyExpression) {
            switch expression {
            case .string(let text):
                kinds.insert("text")
                if !strings.contains(text) { strings.append(text) }
            case .bool, .comparison, .unary("not", _), .call("bool", _): kinds.insert("bool")
            case .name(let name) where entry.arguments.contains { $0.name == name && $0.annotation == "bool" }:
                kinds.insert("bool")
            case .name(let name) where entry.arguments.contains { $0.name == name && $0.annotation == "str" }:
                kinds.insert("text")
            case .choice(_, let then, let otherwise):
                classify(then)
                classify(otherwise)
            case .logical(_, let operands):
                // `a and b` is one of its operands.
                operands.forEach(classify)
            default: kinds.insert("number")
            }
        }
        for value in returns(entry.body) { classify(value) }
        let result: FunctionModelSpec.ResultKind
        switch kinds {
        case ["text"]: result = .label
        case ["bool"]: result = .decision
        case [], ["number"]: result = .number
        default:
            errors.append(
                .error(
                    SpecDiagnosticID.functionName,
                    "`\(entry.name)` returns \(kinds.sorted().joined(separator: " and ")); a model function returns "
                        + "numbers (a prediction), string literals (a label) or True/False (a decision)", at: location))
            result = .number
        }
        if returns(entry.body).isEmpty {
            errors.append(
                .error(SpecDiagnosticID.functionName, "`\(entry.name)` never returns a value", at: location))
        }
        guard errors.isEmpty else { throw DiagnosticError(errors) }
        let classes = result == .label ? strings : result == .decision ? ["False", "True"] : []
        let spec = FunctionModelSpec(
            entry: entry.name, functions: cell.functions, constants: cell.constants, parameters: reads.sorted(),
            result: result, classes: classes, source: cell.source)
        let seen = exampleTypes(notebook, arguments: Set(entry.arguments.map(\.name)))
        let inputs = entry.arguments.map { argument -> InputSpec in
            let type: FieldType
            switch argument.annotation ?? defaultType(argument.defaultValue) ?? seen[argument.name] {
            case "int": type = .integer
            case "bool": type = .boolean
            case "str": type = .string
            default: type = .double
            }
            var input = InputSpec(
                name: argument.name, type: type,
                opType: type == .string || type == .boolean ? .categorical : .continuous,
                location: location)
            if type == .boolean { input.validValues = [] }
            return input
        }
        let target: TargetSpec
        let outputs: [OutputSpec]
        switch result {
        case .number:
            target = TargetSpec(name: "prediction", type: .double, opType: .continuous)
            outputs = [OutputSpec(name: "prediction", kind: .predictedValue)]
        case .label, .decision:
            target = TargetSpec(name: "label", type: .string, opType: .categorical, classes: classes)
            outputs = [OutputSpec(name: "label", kind: .predictedValue)]
        }
        return ImportedModel(
            file: file, format: "Python function `\(entry.name)` (cell \(cell.cellNumber))", producer: nil,
            description: nil, modelName: nil, inputs: inputs, target: target, derivedFields: [],
            model: .function(spec), outputs: outputs)
    }

    /// The type of each argument the examples cell gives values of, when they all agree (text, bools, ints, or
    /// numbers with a float among them): for arguments without annotation or default.
    static func exampleTypes(_ notebook: NotebookExtract, arguments: Set<String>) -> [String: String] {
        var kinds: [String: Set<String>] = [:]
        func visit(_ literal: PyLiteral) {
            switch literal.kind {
            case .list(let items), .tuple(let items): items.forEach(visit)
            case .dict(let entries):
                for entry in entries {
                    if case .string(let key) = entry.key.kind, arguments.contains(key) {
                        switch entry.value.kind {
                        case .string: kinds[key, default: []].insert("str")
                        case .bool: kinds[key, default: []].insert("bool")
                        case .int: kinds[key, default: []].insert("int")
                        case .float: kinds[key, default: []].insert("float")
                        default: break
                        }
                    }
                    visit(entry.value)
                }
            default: break
            }
        }
        for cell in notebook.cells(.examples) {
            for assignment in cell.assignments { assignment.value.map(visit) }
        }
        return kinds.compactMapValues { found in
            if found == ["int", "float"] { return "float" }
            return found.count == 1 ? found.first : nil
        }
    }

    static func defaultType(_ value: PyExpression?) -> String? {
        switch value {
        case .int?: "int"
        case .float?: "float"
        case .bool?: "bool"
        case .string?: "str"
        default: nil
        }
    }

    static func returns(_ statements: [PyStatement]) -> [PyExpression] {
        statements.flatMap { statement -> [PyExpression] in
            switch statement {
            case .returns(let value, _): [value]
            case .conditional(let branches, let otherwise, _):
                branches.flatMap { returns($0.body) } + returns(otherwise)
            case .assign, .pass: []
            }
        }
    }

    /// Every name the statements read (not called); an augmented assignment reads its target.
    static func readNames(_ statements: [PyStatement]) -> Set<String> {
        var names: Set<String> = []
        for expression in PyStatement.allExpressions(statements) {
            expression.forEach { if case .name(let name) = $0 { names.insert(name) } }
        }
        func augmented(_ list: [PyStatement]) {
            for statement in list {
                if case .assign(let name, _?, _, _) = statement { names.insert(name) }
                augmented(statement.nested)
            }
        }
        augmented(statements)
        return names
    }
}
