/// Reads golden examples from the notebook's `examples` cells by what each value holds, checked against what the
/// model declares (its inputs, target, classes and outputs), not by a list of key names.
///
/// A cell may hold rows (a list of records, of tuples or of lists), a record of records, a dict of columns, or
/// parallel lists (one of input rows, others of outputs, of the same length). Every key, position or list is
/// classified by its values: a record whose keys are model inputs is the input; a dict keyed by the classes is
/// the probabilities; a class is the label; a boolean at a threshold is the decision; a number is the prediction
/// (regression) or a probability (the class its name mentions, else the positive class of a binary model). Names
/// only break ties: exact input names first, then a normalised match (`mean_radius` for `mean radius`), and names
/// that say "actual" or "true" mark the ground truth, which is not the model's output.
/// Whatever cannot be classified is an error that shows what was understood; two readings that would give
/// different tests are an error that says how to settle them. A tagged cell is never silently left out.
struct ExampleExtractor {
    /// What one assignment of an examples cell was understood to hold, for messages and `nbship check`.
    struct Reading: Sendable, Hashable, Codable {
        var name: String
        var location: SourceLocation
        /// `4 records`, `5 rows of (inputs, label)`.
        var shape: String
        /// `input` -> `30 model inputs`, `expected_proba` -> `probabilities by class`, `note` -> `not understood`.
        var parts: [Part]
        var count: Int
        struct Part: Sendable, Hashable, Codable {
            var key: String
            var role: String
            var understood: Bool
        }
        var summary: String {
            "\(name): \(shape); "
                + parts.map { "`\($0.key)` (\($0.role))" }.joined(separator: ", ")
        }
    }

    struct Result {
        var examples: [ExampleSpec] = []
        var readings: [Reading] = []
    }

    /// What the model declares, that example values are read against.
    struct Context {
        var inputNames: [String]
        var inputs: [InputSpec]
        /// The notebook's feature list, if any (it may name features the model file does not use).
        var features: [String]?
        var target: TargetSpec
        var classes: [String]
        var positiveClass: String?
        var hasThreshold: Bool
        var isRegression: Bool { target.opType == .continuous }
        /// The columns a list of input values is aligned with: the feature list, else the model file's inputs.
        var columns: [String] { features ?? inputNames }
        /// Other names the notebook treats as features (feature lists, scaling keys); not all are model inputs.
        var knownFeatures: [String] = []
        /// Notebook names of positional model inputs (`sepal length (cm)` -> `x1`).
        var aliases: [String: String] = [:]

        /// The model input a key names: through the notebook's positional names, else by (normalised) name.
        func input(_ key: String) -> String? {
            aliases[key] ?? ExampleExtractor.inputNamed(key, inputNames)
        }
        /// Whether a key names a feature of the notebook that is not a model input.
        func isOtherFeature(_ key: String) -> Bool {
            ExampleExtractor.inputNamed(key, (features ?? []) + knownFeatures) != nil
        }
    }

    static func extract(
        cells: [RoleCell], features: [String]?, inputs: [InputSpec], target: TargetSpec, parameters: [ParameterSpec],
        notebook: NotebookFeatures = NotebookFeatures(), diagnostics: inout DiagnosticCollector
    ) -> Result {
        var positive: String?
        if case .string(let label)? = parameters.first(where: { $0.role == .positiveClass })?.value {
            positive = label
        }
        let classes = target.opType == .continuous ? [] : target.classes
        var context = Context(
            inputNames: inputs.map(\.name), inputs: inputs, features: features, target: target, classes: classes,
            positiveClass: positive ?? (classes.count == 2 ? classes[1] : nil),
            hasThreshold: parameters.contains { $0.role == .threshold })
        context.knownFeatures = notebook.known.sorted()
        context.aliases = notebook.aliases
        var result = Result()
        for cell in cells {
            var cellContext = context
            if let order = classOrder(in: cell, context) { cellContext.classes = order }
            var reader = CellReader(context: cellContext)
            reader.read(cell, diagnostics: &diagnostics)
            result.examples += reader.examples
            result.readings += reader.readings
            context.features = context.features ?? reader.features
        }
        return result
    }

    /// A `CLASSES = [...]` list in the cell (named for classes or their order, or `# nbship: classes`) that holds
    /// exactly the model's classes gives the order of probability lists; otherwise the model file's order is used.
    static func classOrder(in cell: RoleCell, _ context: Context) -> [String]? {
        cell.assignments.lazy.compactMap { isClassOrder($0, context) }.first
    }

    static func isClassOrder(_ assignment: PyAssignment, _ context: Context) -> [String]? {
        guard let items = assignment.value?.elements, !items.isEmpty else { return nil }
        let labels = items.compactMap(labelText)
        let named =
            CommentAnnotation.parse(assignment.comment).directive == "classes"
            || words(assignment.name).contains { ["class", "classes", "order"].contains($0) }
        guard named, labels.count == items.count, labels.count == context.target.classes.count,
            Set(labels) == Set(context.target.classes)
        else { return nil }
        return labels
    }

    static func inputValue(_ literal: PyLiteral) -> ExampleInput? {
        switch literal.kind {
        case .int(let value): .number(Double(value))
        case .float(let value): value.isNaN ? .missing : .number(value)
        case .string(let text): .text(text)
        case .bool(let value): .text(value ? "true" : "false")
        case .none: .missing
        default: nil
        }
    }

    static func labelText(_ literal: PyLiteral) -> String? {
        switch literal.kind {
        case .string(let text): text
        case .int(let value): String(value)
        case .bool(let value): value ? "True" : "False"
        default: nil
        }
    }

    /// Lower-case letters and digits only: `Mean Radius`, `mean_radius` and `mean-radius` are all `meanradius`.
    static func normalised(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
    }

    /// The words of a name: `y_true` -> [y, true], `expectedProba` -> [expected, proba].
    static func words(_ name: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousLower = false
        for character in name {
            if !(character.isLetter || character.isNumber) {
                if !current.isEmpty { result.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase && previousLower {
                result.append(current)
                current = ""
            }
            current.append(character)
            previousLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { result.append(current) }
        return result.map { $0.lowercased() }
    }

    /// Names that say a value is the observed outcome, not what the model gave.
    static func namesGroundTruth(_ key: String) -> Bool {
        let parts = words(key)
        return parts.contains { ["actual", "true", "truth", "observed", "ground", "real", "gt"].contains($0) }
    }
}
