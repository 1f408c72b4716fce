import Foundation

/// Every feature name the notebook writes down, read against the model file's inputs.
///
/// Data scientists name features in many places: one `FEATURES` list, several lists for the branches of a
/// ColumnTransformer (`NUMERIC_FEATURES`, `CATEGORICAL_FEATURES`), the keys of the scaling dicts, the keys of
/// the examples. Some of those features are not model inputs (sklearn2pmml drops what a tree does not use), and a
/// model fit on an array has positional inputs (`x1..xn`, `f0..`) while the notebook keeps the real names. This
/// collects the names so that readers can tell a feature the model does not use from a misspelt input or an
/// output, can align a list of constants with the one list it matches, and can map real names to positional
/// inputs when the evidence (counts and numbering) fixes the map.
struct NotebookFeatures {
    struct NamedList {
        var name: String
        var names: [String]
        var location: SourceLocation
    }

    /// The feature list named as such (`FEATURES = [...]`), with names mapped to model inputs.
    var primary: NamedList?
    /// Every list of feature names in the features and scaling cells (the primary one included), mapped.
    var lists: [NamedList] = []
    /// Names the notebook treats as features (lists and scaling keys), as written; not all are model inputs.
    var known: Set<String> = []
    /// Notebook name -> positional model input (`sepal length (cm)` -> `x1`), when the model's inputs are
    /// positional and the notebook's names fix which is which.
    var aliases: [String: String] = [:]
    /// Where the names that gave the aliases were written.
    var aliasSource: SourceLocation?

    init() {}

    /// `cells`: the features, scaling and examples cells. Lists of names count from features and scaling cells;
    /// in an examples cell only a list named as the feature list does (its other lists are labels or notes).
    init(cells: [RoleCell], inputs: [String], classes: [String]) {
        var candidates: [NamedList] = []
        var keyOrders: [[String]] = []
        var firstKeyed: SourceLocation?
        for cell in cells {
            for assignment in cell.assignments {
                guard let value = assignment.value else { continue }
                let annotation = CommentAnnotation.parse(assignment.comment)
                let named =
                    CellRole.featureListNames.contains(assignment.name.lowercased())
                    || annotation.directive == "features"
                if let items = value.elements, !items.isEmpty {
                    let names = items.compactMap(\.string)
                    guard names.count == items.count, named || cell.role != .examples,
                        named || !Set(names).isSubset(of: Set(classes))
                    else { continue }
                    let list = NamedList(name: assignment.name, names: names, location: assignment.location)
                    if named, primary == nil { primary = list }
                    candidates.append(list)
                    known.formUnion(names)
                } else if value.entries != nil, cell.role == .scaling {
                    let keys = Self.featureKeys(value)
                    known.formUnion(keys)
                    if !keys.isEmpty {
                        keyOrders.append(keys)
                        firstKeyed = firstKeyed ?? assignment.location
                    }
                }
            }
        }
        aliases = Self.positionalAliases(
            inputs: inputs, written: primary?.names ?? candidates.first?.names, keyOrders: keyOrders)
        if !aliases.isEmpty { aliasSource = primary?.location ?? candidates.first?.location ?? firstKeyed }
        let map = { (list: NamedList) -> NamedList in
            var mapped = list
            mapped.names = list.names.map { self.aliases[$0] ?? $0 }
            return mapped
        }
        primary = primary.map(map)
        lists = candidates.map(map)
    }

    /// Keys of a scaling dict that name features: its own keys, or those of the dicts under statistic keys.
    static func featureKeys(_ value: PyLiteral) -> [String] {
        guard let entries = value.entries else { return [] }
        let keys = entries.compactMap(\.key.string)
        guard keys.count == entries.count else { return [] }
        if keys.allSatisfy({ ScalingExtractor.classify($0) != nil }) {
            return entries.lazy.map { featureKeys($0.value) }.first { !$0.isEmpty } ?? []
        }
        return keys.filter { ScalingExtractor.classify($0) == nil }
    }

    /// `x1`, `x_3`, `f0`, `feature_2`, `column7`: the name of an input fit from an array column, with its number.
    static func positionalIndex(_ name: String) -> (prefix: String, index: Int)? {
        let lower = name.lowercased()
        let digits = lower.reversed().prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count < lower.count, let index = Int(String(digits.reversed())) else {
            return nil
        }
        var prefix = String(lower.dropLast(digits.count))
        if prefix.hasSuffix("_") || prefix.hasSuffix("-") { prefix.removeLast() }
        guard ["x", "f", "feature", "col", "column", "var", "input", "c"].contains(prefix) else { return nil }
        return (prefix, index)
    }

    /// The map from the notebook's names to positional inputs, when it is fixed: every model input positional
    /// with one prefix, none of the notebook's names an input, and the numbering's base evident (all inputs kept,
    /// or the lowest number 0, or the highest number the count of names for 1-based numbering). Dicts that
    /// order their keys differently leave the order undecided.
    static func positionalAliases(inputs: [String], written: [String]?, keyOrders: [[String]]) -> [String: String] {
        let numbered = inputs.compactMap(positionalIndex)
        guard !inputs.isEmpty, numbered.count == inputs.count, Set(numbered.map(\.prefix)).count == 1 else {
            return [:]
        }
        let orders = keyOrders.filter { $0.count >= inputs.count }
        guard let names = written ?? orders.first, Set(names).count == names.count,
            Set(names).isDisjoint(with: Set(inputs)),
            orders.allSatisfy({ order in order.filter(names.contains) == names.filter(order.contains) })
        else { return [:] }
        let indices = numbered.map(\.index)
        let low = indices.min()!, high = indices.max()!
        let base: Int
        if names.count == inputs.count, high - low + 1 == names.count, low == 0 || low == 1 {
            base = low
        } else if low == 0 {
            base = 0
        } else if high == names.count {
            base = 1
        } else {
            return [:]
        }
        var aliases: [String: String] = [:]
        for (input, index) in zip(inputs, indices) {
            let position = index - base
            guard names.indices.contains(position) else { return [:] }
            aliases[names[position]] = input
        }
        return aliases
    }

    /// The note that says how positional inputs were mapped (nil when they were not).
    var positionNote: Diagnostic? {
        guard !aliases.isEmpty else { return nil }
        let pairs = aliases.sorted { $0.value.localizedStandardCompare($1.value) == .orderedAscending }
        return .note(
            SpecDiagnosticID.featuresByPosition,
            "the model file names its inputs by position (it was fit on an array, or its format carries no names); the notebook's names are taken in order and become the package's input names: \(pairs.prefix(4).map { "'\($0.key)' = \($0.value)" }.joined(separator: ", "))\(pairs.count > 4 ? ", ..." : "")",
            at: aliasSource, help: ["golden examples in the examples cell check the order"])
    }

    /// The lists of feature names as long as a list of constants, the primary list first.
    func lists(ofLength count: Int) -> [NamedList] {
        var found: [NamedList] = []
        for list in [primary].compactMap({ $0 }) + lists where list.names.count == count {
            if !found.contains(where: { $0.names == list.names }) { found.append(list) }
        }
        return found
    }
}
