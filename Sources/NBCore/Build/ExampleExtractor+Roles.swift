extension ExampleExtractor {
    static func isAbsent(_ literal: PyLiteral) -> Bool { literal.constructor == "absent" }

    /// The model input a key names: exactly, else the one input whose normalised name is the same.
    static func inputNamed(_ key: String, _ names: [String]) -> String? {
        if names.contains(key) { return key }
        let wanted = normalised(key)
        guard !wanted.isEmpty else { return nil }
        let matches = names.filter { normalised($0) == wanted }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The class a key mentions (`p_malignant`, `probability(class_1)`, `proba_1`): the longest class label
    /// contained in the normalised key, when one is longest.
    static func classNamed(_ key: String, _ classes: [String]) -> String? {
        let text = normalised(key)
        let found = classes.filter { !normalised($0).isEmpty && text.contains(normalised($0)) }
        guard let longest = found.max(by: { normalised($0).count < normalised($1).count }) else { return nil }
        return found.filter { normalised($0).count == normalised(longest).count }.count == 1 ? longest : nil
    }

    static let probabilityWords: Set<String> = [
        "p", "prob", "probs", "proba", "probas", "probability", "probabilities", "score", "scores", "risk",
        "likelihood", "confidence",
    ]

    /// What a column holds, from its values first and its key second. `given` are the inputs other columns of
    /// the table name: a key close to an input that nothing else gives is taken for a misspelling of it.
    static func classify(_ column: Column, _ context: Context, given: Set<String> = []) -> Role {
        let values = column.values.filter { !isAbsent($0) }
        let present = values.filter { $0.kind != .none && !isNaN($0) }
        let key = column.key
        let scalars = values.allSatisfy { $0.elements == nil && $0.entries == nil }
        if scalars, let name = context.input(key) { return .input(name) }
        if scalars, context.isOtherFeature(key) { return .unusedFeature }
        if scalars, column.position == nil, key.count >= 4,
            let close = NameSuggestion.closest(to: key, in: context.inputNames.filter { !given.contains($0) })
        {
            return .misspeltInput(close)
        }
        if scalars, present.isEmpty { return .text }
        let truth = namesGroundTruth(key)
        if values.allSatisfy({ $0.entries != nil }) {
            let keys = Set(values.flatMap { ($0.entries ?? []).compactMap { $0.key.string ?? labelText($0.key) } })
            if !keys.isEmpty, keys.allSatisfy({ context.input($0) != nil || context.isOtherFeature($0) }),
                keys.contains(where: { context.input($0) != nil })
            {
                return .inputRecord
            }
            if !context.classes.isEmpty, !keys.isEmpty, keys.isSubset(of: Set(context.classes)),
                values.allSatisfy({ ($0.entries ?? []).allSatisfy { $0.value.number != nil } })
            {
                return truth ? .groundTruth : .probabilities
            }
            return .unknown(
                "a dict with keys \(keys.sorted().prefix(4).map { "'\($0)'" }.joined(separator: ", ")), neither model inputs nor classes"
            )
        }
        if values.allSatisfy({ $0.elements != nil }) {
            let lengths = Set(values.map { $0.elements?.count ?? 0 })
            let numeric = values.allSatisfy { ($0.elements ?? []).allSatisfy { $0.number != nil } }
            let asInputs = lengths == [context.columns.count]
            let asProbabilities = numeric && !context.classes.isEmpty && lengths == [context.classes.count]
            let saysProbability = !Set(words(key)).isDisjoint(with: probabilityWords)
            switch (asInputs, asProbabilities) {
            case (true, false): return .inputVector(context.columns)
            case (false, true): return truth ? .groundTruth : .probabilityVector
            case (true, true):
                if saysProbability { return .probabilityVector }
                if column.position == 0
                    || words(key).contains(where: { ["x", "input", "inputs", "features"].contains($0) })
                {
                    return .inputVector(context.columns)
                }
                return .unknown(
                    "lists of \(context.classes.count) numbers: as many as there are inputs and classes, so they could be either"
                )
            case (false, false):
                let counts = lengths.sorted().map(String.init).joined(separator: ", ")
                return .unknown(
                    "lists of \(counts) values; the model has \(context.columns.count) inputs\(context.classes.isEmpty ? "" : " and \(context.classes.count) classes")"
                )
            }
        }
        guard scalars else { return .unknown("values of different shapes") }
        let role = scalarRole(key, present, context)
        if truth, case .unknown = role { return .groundTruth }
        if truth, role.isOutput { return .groundTruth }
        return role
    }

    static func isNaN(_ literal: PyLiteral) -> Bool {
        if case .float(let value) = literal.kind { return value.isNaN }
        return false
    }

    private static func scalarRole(_ key: String, _ values: [PyLiteral], _ context: Context) -> Role {
        let classes = Set(context.classes)
        let bools = values.allSatisfy { if case .bool = $0.kind { true } else { false } }
        if bools {
            if !classes.isEmpty, values.compactMap(labelText).allSatisfy(classes.contains) { return .label }
            if context.hasThreshold { return .decision }
            return .unknown("booleans, but the model has no threshold to decide with")
        }
        if !classes.isEmpty {
            let labels = values.compactMap { value -> String? in
                if case .float = value.kind { return nil }
                return labelText(value)
            }
            if labels.count == values.count, labels.allSatisfy(classes.contains) { return .label }
        }
        let numbers = values.compactMap(\.number)
        if numbers.count == values.count {
            if context.isRegression { return .prediction }
            if let label = classNamed(key, context.classes), numbers.allSatisfy({ (0...1).contains($0) }) {
                return .probability(label)
            }
            if context.classes.count == 2, let positive = context.positiveClass,
                numbers.allSatisfy({ (0...1).contains($0) })
            {
                return .probability(positive)
            }
            return .unknown("numbers that are neither classes nor probabilities")
        }
        let texts = values.compactMap(\.string)
        if texts.count == values.count {
            if let close = NameSuggestion.closest(to: key, in: context.inputNames) {
                return .unknown("text under a name like the input '\(close)'")
            }
            if !classes.isEmpty, let odd = texts.first(where: { !classes.contains($0) }),
                words(key).contains(where: {
                    ["label", "class", "prediction", "predicted", "expected"].contains($0)
                })
            {
                // Booster files (XGBoost, LightGBM) know their classes only as the codes predict returns.
                let codes = classes == Set((0..<classes.count).map(String.init))
                return .unknown(
                    "'\(odd)', which is not a class of the model"
                        + (codes
                            ? " (its classes are the codes \(classes.joined(separator: ", ")): the model file carries "
                                + "no class names, so write the labels as the codes the model's predict returns)"
                            : ""))
            }
            return .text
        }
        return .unknown("values of different types")
    }

    /// How a role reads in messages.
    static func describe(_ role: Role, _ context: Context) -> String {
        switch role {
        case .input(let name): return name == "" ? "an input" : "the input '\(name)'"
        case .unusedFeature: return "a feature the model file does not use"
        case .inputRecord: return "model inputs"
        case .inputVector(let columns):
            return context.features == nil
                ? "\(columns.count) inputs in the model file's order" : "\(columns.count) inputs in FEATURES order"
        case .label: return "a class"
        case .prediction: return "the prediction"
        case .probabilities: return "probabilities by class"
        case .probabilityVector: return "probabilities in class order"
        case .probability(let label): return "probability of '\(label)'"
        case .decision: return "the decision at the threshold"
        case .groundTruth: return "the observed outcome, not checked"
        case .text: return "text, not used"
        case .misspeltInput(let name): return "not an input; did you mean '\(name)'?"
        case .unknown(let why): return "not understood: \(why)"
        }
    }
}
