import Foundation

/// Reads feature scaling constants from the notebook's `scaling` cells.
///
/// Recognised names (case-insensitive, with or without a prefix such as `scaler_`, `X_`, `TRAIN_`):
/// - mean: `mean_`, `mean`, `means`, `mu`, `avg`, `average`
/// - scale (standard deviation, or RobustScaler's interquartile range): `scale_`, `scale`, `std`, `sd`, `stdev`,
///   `stddev`, `sigma`, `deviation`, `iqr` (and plurals)
/// - variance: `var_`, `var`, `variance`
/// - minimum / maximum / range: `data_min_`, `min`, `mins`, `minimum`; `data_max_`, `max`, `maximum`;
///   `data_range_`, `range`
/// - centre (RobustScaler): `center_`, `center`, `centre`, `median`
/// - offset (MinMaxScaler's own `min_`, used as `x * scale_ + min_`): a name ending in `min_` other than `data_min_`
/// - `feature_range`: MinMaxScaler's target range, default `(0, 1)`
/// - the feature list: `features`, `feature_names`, `feature_names_in_`, `columns`
/// A trailing `# nbship: <kind>` comment names a constant explicitly (`mean`, `scale`, `variance`, `min`, `max`,
/// `range`, `center`, `offset`, `features`, `feature_range`).
///
/// Shapes: a dict keyed by feature name; a list (or `np.array`) aligned with the feature list, or with the one
/// list of feature names of its length (`NUM_MEAN` with `NUMERIC_FEATURES`); a dict of per-feature dicts of
/// statistics (`{"age": {"mean": 48.5, "std": 13.1}}`); a dict keyed by statistic; or one number per variable
/// named for its feature and statistic (`age_mean = 48.5`, `std_age = 13.1`).
struct ScalingExtractor {
    enum Stat: String, CaseIterable {
        case mean, scale, variance, min, max, range, center, offset
    }

    /// How one feature is scaled, with the cell it came from.
    struct FeatureScaling: Equatable {
        enum Kind: Equatable {
            case standardize(mean: Double, scale: Double)
            case robust(center: Double, scale: Double)
            case affine(scale: Double, offset: Double)
        }
        var feature: String
        var kind: Kind
        var location: SourceLocation
        /// A short human description (`(x - 48.5) / 13.1`).
        var formula: String {
            switch kind {
            case .standardize(let m, let s):
                return "(x - \(NumberFormat.shortest(m))) / \(NumberFormat.shortest(s))"
            case .robust(let c, let s): return "(x - \(NumberFormat.shortest(c))) / \(NumberFormat.shortest(s))"
            case .affine(let s, let o): return "x * \(NumberFormat.shortest(s)) + \(NumberFormat.shortest(o))"
            }
        }
        /// The expression over the raw field, in the order scikit-learn computes it.
        var expression: Expression {
            let x = Expression.field(feature)
            switch kind {
            case .standardize(let mean, let scale), .robust(let mean, let scale):
                return .apply(
                    function: "/",
                    arguments: [
                        .apply(function: "-", arguments: [x, .constant(mean)], mapMissingTo: nil), .constant(scale),
                    ],
                    mapMissingTo: nil)
            case .affine(let scale, let offset):
                return .apply(
                    function: "+",
                    arguments: [
                        .apply(function: "*", arguments: [x, .constant(scale)], mapMissingTo: nil), .constant(offset),
                    ],
                    mapMissingTo: nil)
            }
        }
        /// Slope and intercept of the map x -> x'.
        var affine: (slope: Double, intercept: Double) {
            switch kind {
            case .standardize(let m, let s), .robust(let m, let s): (1 / s, -m / s)
            case .affine(let s, let o): (s, o)
            }
        }
    }

    static let featureListNames = CellRole.featureListNames

    /// Classifies a variable or dict-key name as a statistic.
    static func classify(_ name: String) -> Stat? {
        let lower = name.lowercased()
        if lower.hasSuffix("data_min_") || lower.hasSuffix("data_min") { return .min }
        if lower.hasSuffix("data_max_") || lower.hasSuffix("data_max") { return .max }
        if lower.hasSuffix("data_range_") || lower.hasSuffix("data_range") { return .range }
        if lower.hasSuffix("feature_range") || lower.hasSuffix("feature_range_") { return nil }
        if lower == "min_" || lower.hasSuffix("_min_") { return .offset }
        let tokens = lower.split(separator: "_").map(String.init)
        guard let last = tokens.last else { return nil }
        switch last {
        case "mean", "means", "mu", "mus", "avg", "avgs", "average", "averages": return .mean
        case "scale", "scales", "std", "stds", "sd", "sds", "stdev", "stdevs", "stddev", "stddevs", "sigma", "sigmas",
            "deviation", "deviations", "iqr", "iqrs":
            return .scale
        case "var", "vars", "variance", "variances": return .variance
        case "min", "mins", "minimum", "minima": return .min
        case "max", "maxs", "maximum", "maxima": return .max
        case "range", "ranges": return .range
        case "center", "centre", "centers", "centres", "median", "medians": return .center
        case "offset", "offsets": return .offset
        default: return nil
        }
    }

    static func directive(_ text: String?) -> Stat? {
        guard let text else { return nil }
        return Stat(rawValue: text) ?? (text == "std" ? .scale : text == "var" ? .variance : nil)
    }

    struct Collected {
        var stats: [String: [Stat: (Double, SourceLocation)]] = [:]
        var featureRange: (Double, Double) = (0, 1)
        /// Features with constants that the model file does not use, with where the first constant is.
        var unused: [String: SourceLocation] = [:]
        /// Lists aligned with the model file's input order (no feature list in the notebook), by name.
        var alignedWithModel: [(String, SourceLocation)] = []
        /// Lists aligned with a list of feature names other than the primary one: constant list -> names list.
        var alignedWith: [(String, String, SourceLocation)] = []
        var notebook = NotebookFeatures() {
            didSet { knownFeatures = notebook.known.sorted() }
        }
        /// The notebook's feature names, sorted once.
        private(set) var knownFeatures: [String] = []
    }

    /// Without a feature list, a list as long as the model file's inputs follows their order (the order the
    /// exporter saw the training columns in); the examples, keyed by name, then confirm it or refute it.
    static func alignedWithModel(
        _ count: Int, _ inputs: [String], _ name: String, _ value: PyLiteral, _ collected: inout Collected
    ) -> [String]? {
        guard count == inputs.count, count > 0 else { return nil }
        collected.alignedWithModel.append((name, value.location))
        return inputs
    }

    /// Reads every scaling cell. `features` aligns lists; `knownInputs` are the model's input names.
    static func extract(
        cells: [RoleCell], features: [String]?, knownInputs: [String], notebook: NotebookFeatures = NotebookFeatures(),
        diagnostics: inout DiagnosticCollector
    ) -> [FeatureScaling] {
        var collected = Collected()
        collected.notebook = notebook
        for cell in cells {
            for assignment in cell.assignments {
                guard let value = assignment.value else { continue }
                let annotation = CommentAnnotation.parse(assignment.comment)
                let lower = assignment.name.lowercased()
                if featureListNames.contains(lower) || annotation.directive == "features" { continue }
                if lower.hasSuffix("feature_range") || annotation.directive == "feature_range" {
                    if let items = value.elements, items.count == 2, let a = items[0].number, let b = items[1].number {
                        collected.featureRange = (a, b)
                    } else {
                        diagnostics.add(
                            .error(
                                NotebookCellDiagnosticID.scalingBadValue,
                                "'\(assignment.name)' must be a pair of numbers like (0, 1)",
                                at: value.location))
                    }
                    continue
                }
                let stat = directive(annotation.directive) ?? classify(assignment.name)
                if readTuples(
                    value, name: assignment.name, comment: assignment.comment, knownInputs: knownInputs,
                    into: &collected, &diagnostics)
                {
                    continue
                }
                read(
                    value, name: assignment.name, stat: stat, features: features, knownInputs: knownInputs,
                    into: &collected, diagnostics: &diagnostics)
            }
        }
        if !collected.unused.isEmpty {
            let names = collected.unused.keys.sorted()
            diagnostics.add(
                .note(
                    SpecDiagnosticID.scalingUnusedFeature,
                    "the scaling cell has constants for \(names.count) feature\(names.count == 1 ? "" : "s") the model file does not use (\(names.map { "'\($0)'" }.joined(separator: ", "))); they are left out",
                    at: names.compactMap { collected.unused[$0] }.min { ($0.line ?? 0) < ($1.line ?? 0) }))
        }
        for (name, location) in collected.alignedWithModel {
            diagnostics.add(
                .note(
                    SpecDiagnosticID.scalingOrderFromModel,
                    "'\(name)' has no feature list in the notebook; its values are taken in the model file's input order (\(knownInputs.prefix(3).map { "'\($0)'" }.joined(separator: ", "))\(knownInputs.count > 3 ? ", ..." : "")), which the examples check",
                    at: location,
                    help: ["give `FEATURES = [...]` in the scaling cell to make the order explicit"]))
        }
        for (name, list, location) in collected.alignedWith {
            diagnostics.add(
                .note(
                    SpecDiagnosticID.scalingOrderFromList,
                    "'\(name)' is aligned with '\(list)', the notebook's only list of feature names of its length",
                    at: location))
        }
        return combine(collected, diagnostics: &diagnostics)
    }

    /// Words that name the feature's own slot in a tuple layout such as `(feature, mean, std)`.
    static let featureSlotWords: Set<String> = [
        "feature", "name", "column", "col", "field", "variable", "feature_name",
    ]

    /// The statistics, in order, that a comment (`# feature: (mean, std)`, `(feature, mean, std) of ...`) or a
    /// name (`MEAN_STD`) gives for tuples of `count` numbers; nil slots are the feature's name.
    static func tupleLayout(comment: String?, name: String, count: Int, withName: Bool) -> [Stat?]? {
        var groups: [[String]] = []
        if let comment {
            var rest = Substring(comment)
            while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
                groups.append(
                    rest[rest.index(after: open)..<close].split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces).lowercased()
                    })
                rest = rest[rest.index(after: close)...]
            }
        }
        for group in groups {
            let slots = group.map { word -> (stat: Stat?, isName: Bool, known: Bool) in
                if featureSlotWords.contains(word) { return (nil, true, true) }
                let stat = classify(word)
                return (stat, false, stat != nil)
            }
            guard slots.allSatisfy(\.known), slots.filter({ $0.stat != nil }).count == count else { continue }
            let names = slots.filter(\.isName).count
            if withName, names == 1 { return slots.map(\.stat) }
            if !withName, names == 0 { return slots.map(\.stat) }
        }
        let fromName = name.lowercased().split(separator: "_").compactMap { classify(String($0)) }
        if fromName.count == count { return withName ? [nil] + fromName : fromName }
        return nil
    }

    /// Constants written as tuples: a dict of feature -> (mean, std), or a list of (feature, mean, std) rows, with
    /// the order of the statistics said by a comment or the name. False when the value has neither shape.
    static func readTuples(
        _ value: PyLiteral, name: String, comment: String?, knownInputs: [String], into collected: inout Collected,
        _ diagnostics: inout DiagnosticCollector
    ) -> Bool {
        var rows: [(feature: String, location: SourceLocation, numbers: [PyLiteral])] = []
        var withName = false
        if let entries = value.entries, !entries.isEmpty {
            for entry in entries {
                guard let feature = entry.key.string, classify(feature) == nil, let items = entry.value.elements,
                    items.count >= 2, items.allSatisfy({ $0.number != nil })
                else { return false }
                rows.append((feature, entry.key.location, items))
            }
        } else if let items = value.elements, !items.isEmpty, items.allSatisfy({ $0.entries != nil }) {
            return readRecords(items, name: name, knownInputs: knownInputs, into: &collected, &diagnostics)
        } else if let items = value.elements, !items.isEmpty {
            withName = true
            for item in items {
                guard let parts = item.elements, parts.count >= 3, let feature = parts[0].string,
                    parts.dropFirst().allSatisfy({ $0.number != nil })
                else { return false }
                rows.append((feature, item.location, Array(parts.dropFirst())))
            }
        } else {
            return false
        }
        let count = rows[0].numbers.count
        guard rows.allSatisfy({ $0.numbers.count == count }) else { return false }
        guard let layout = tupleLayout(comment: comment, name: name, count: count, withName: withName) else {
            diagnostics.add(
                .error(
                    NotebookCellDiagnosticID.scalingNotUnderstood,
                    "'\(name)' gives \(count) numbers for each feature, and nothing says which statistic each is",
                    at: value.location,
                    help: [
                        "say it in a comment above the assignment, like `# feature: (mean, std)`\(withName ? " or `# (feature, mean, std)`" : "")",
                        "or write one dict keyed by feature name for each statistic: `MEAN = {...}`, `STD = {...}`",
                    ]))
            return true
        }
        let stats = layout.compactMap { $0 }
        for row in rows {
            let feature = collected.notebook.aliases[row.feature] ?? row.feature
            for (stat, number) in zip(stats, row.numbers) {
                store(
                    number, feature: feature, stat: stat, name: name, into: &collected, &diagnostics,
                    knownInputs: knownInputs)
            }
        }
        return true
    }

    /// A table of records, one per feature (`scaler_table.to_dict("records")`): the one text value is the feature,
    /// the numbers are statistics named by their keys. False when the records are not of that shape.
    static func readRecords(
        _ items: [PyLiteral], name: String, knownInputs: [String], into collected: inout Collected,
        _ diagnostics: inout DiagnosticCollector
    ) -> Bool {
        var rows: [(feature: String, stats: [(Stat, PyLiteral)])] = []
        for item in items {
            let entries = item.entries ?? []
            let texts = entries.filter { $0.value.string != nil }
            let numbers = entries.filter { $0.value.string == nil }
            guard texts.count == 1, let feature = texts[0].value.string, !numbers.isEmpty else { return false }
            var stats: [(Stat, PyLiteral)] = []
            for entry in numbers {
                guard let key = entry.key.string, let stat = classify(key) else { return false }
                stats.append((stat, entry.value))
            }
            rows.append((feature, stats))
        }
        for row in rows {
            let feature = collected.notebook.aliases[row.feature] ?? row.feature
            for (stat, number) in row.stats {
                store(
                    number, feature: feature, stat: stat, name: name, into: &collected, &diagnostics,
                    knownInputs: knownInputs)
            }
        }
        return true
    }

    /// A single number in a variable named for a feature and a statistic: `bill_length_mm_mean`, `mean_age`.
    static func scalarConstant(
        _ value: PyLiteral, name: String, stat: Stat?, knownInputs: [String], into collected: inout Collected,
        _ diagnostics: inout DiagnosticCollector
    ) -> Bool {
        guard value.number != nil else { return false }
        let tokens = name.split(separator: "_").map(String.init)
        guard tokens.count >= 2 else { return false }
        var readings: [(String, Stat)] = []
        if let last = classify(tokens.last!) { readings.append((tokens.dropLast().joined(separator: "_"), last)) }
        if let first = classify(tokens.first!) { readings.append((tokens.dropFirst().joined(separator: "_"), first)) }
        let names = knownInputs + collected.knownFeatures
        for (written, readStat) in readings {
            guard let feature = ExampleExtractor.inputNamed(written, names) else { continue }
            store(
                value, feature: collected.notebook.aliases[feature] ?? feature, stat: stat ?? readStat, name: name,
                into: &collected, &diagnostics, knownInputs: knownInputs)
            return true
        }
        return false
    }

    static func read(
        _ value: PyLiteral, name: String, stat: Stat?, features: [String]?, knownInputs: [String],
        into collected: inout Collected, diagnostics: inout DiagnosticCollector
    ) {
        if let entries = value.entries {
            let keys = entries.compactMap(\.key.string)
            let statKeyed =
                !keys.isEmpty && keys.count == entries.count && keys.allSatisfy { classify($0) != nil }
                && !keys.contains(where: knownInputs.contains)
            if statKeyed {
                for entry in entries {
                    read(
                        entry.value, name: entry.key.string ?? name, stat: classify(entry.key.string ?? ""),
                        features: features, knownInputs: knownInputs, into: &collected, diagnostics: &diagnostics)
                }
                return
            }
            for entry in entries {
                guard let written = entry.key.string else {
                    diagnostics.add(
                        .error(
                            NotebookCellDiagnosticID.scalingBadKey, "keys of '\(name)' must be feature names (strings)",
                            at: entry.key.location))
                    continue
                }
                let feature = collected.notebook.aliases[written] ?? written
                guard knownInputs.contains(feature) else {
                    // sklearn2pmml drops features a model does not use; a constant for one is kept out, with a note.
                    // A name close to an input that has no constant of its own here is more likely a typo.
                    let unkeyed = knownInputs.filter { !keys.contains($0) }
                    let listed =
                        features?.contains(feature) == true
                        || collected.notebook.lists.contains { $0.names.contains(feature) }
                    if !listed, NameSuggestion.closest(to: feature, in: unkeyed) != nil {
                        diagnostics.add(
                            .error(
                                SpecDiagnosticID.scalingUnknownFeature,
                                "'\(feature)' in '\(name)' is not an input of the model",
                                at: entry.key.location, help: NameSuggestion.help(for: feature, in: unkeyed)))
                    } else {
                        collected.unused[feature, default: entry.key.location] = entry.key.location
                    }
                    continue
                }
                if let inner = entry.value.entries {
                    for statEntry in inner {
                        guard let key = statEntry.key.string, let innerStat = classify(key) else {
                            unrecognised(
                                statEntry.key.string ?? "?", statEntry.key.location, &diagnostics,
                                holdsNumbers: holdsNumbers(statEntry.value), statisticOf: name)
                            continue
                        }
                        store(
                            statEntry.value, feature: feature, stat: innerStat, name: name, into: &collected,
                            &diagnostics)
                    }
                } else if let stat {
                    store(entry.value, feature: feature, stat: stat, name: name, into: &collected, &diagnostics)
                } else {
                    unrecognised(name, value.location, &diagnostics, holdsNumbers: holdsNumbers(value))
                    return
                }
            }
            return
        }
        if let items = value.elements {
            guard let stat else {
                unrecognised(name, value.location, &diagnostics, holdsNumbers: holdsNumbers(value))
                return
            }
            guard
                let features = alignment(
                    items.count, primary: features, knownInputs, name, value, &collected, &diagnostics)
            else {
                if collected.notebook.lists(ofLength: items.count).count > 1 { return }
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.scalingNeedsFeatures,
                        "'\(name)' is a list of \(items.count) values, but the notebook does not say which feature each value belongs to, and the model file has \(knownInputs.count) inputs",
                        at: value.location,
                        help: [
                            "add `FEATURES = [\"first\", \"second\", ...]` to the scaling cell (or a cell tagged `features`)",
                            "or write '\(name)' as a dict keyed by feature name",
                        ]))
                return
            }
            guard items.count == features.count else {
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.scalingLengthMismatch,
                        "'\(name)' has \(items.count) values but the feature list has \(features.count) features",
                        at: value.location, help: ["give exactly one value per feature, in the feature list's order"]))
                return
            }
            for (feature, item) in zip(features, items) {
                store(
                    item, feature: feature, stat: stat, name: name, into: &collected, &diagnostics,
                    knownInputs: knownInputs)
            }
            return
        }
        if scalarConstant(value, name: name, stat: stat, knownInputs: knownInputs, into: &collected, &diagnostics) {
            return
        }
        if stat == nil {
            unrecognised(name, value.location, &diagnostics)
        } else if value.number != nil {
            diagnostics.add(
                .error(
                    NotebookCellDiagnosticID.scalingBadValue,
                    "'\(name)' is a single number, and its name does not say which feature it belongs to",
                    at: value.location,
                    help: [
                        "name it for the feature and the statistic, like `\(knownInputs.first ?? "age")_\(stat!.rawValue)`",
                        "or write one dict keyed by feature name for each statistic",
                    ]))
        } else {
            diagnostics.add(
                .error(
                    NotebookCellDiagnosticID.scalingBadValue,
                    "'\(name)' must be a dict keyed by feature name or a list aligned with the features, found \(value.typeName)",
                    at: value.location))
        }
    }

    /// The feature names a list of constants follows: the primary feature list when its length matches, else the
    /// one list of names of that length (several distinct ones are an error), else the model file's inputs when
    /// there is no feature list at all and the length matches.
    static func alignment(
        _ count: Int, primary: [String]?, _ inputs: [String], _ name: String, _ value: PyLiteral,
        _ collected: inout Collected, _ diagnostics: inout DiagnosticCollector
    ) -> [String]? {
        if let primary, primary.count == count { return primary }
        let candidates = collected.notebook.lists(ofLength: count)
        if candidates.count == 1 {
            collected.alignedWith.append((name, candidates[0].name, value.location))
            return candidates[0].names
        }
        if candidates.count > 1 {
            diagnostics.add(
                .error(
                    SpecDiagnosticID.scalingNeedsFeatures,
                    "'\(name)' is a list of \(count) values, and the notebook has \(candidates.count) lists of \(count) feature names (\(candidates.map { "'\($0.name)'" }.joined(separator: ", "))); nbship cannot tell which it follows",
                    at: value.location,
                    help: [
                        "write '\(name)' as a dict keyed by feature name",
                        "or mark the list it follows with a trailing `# nbship: features` comment",
                    ]))
            return nil
        }
        if let primary { return primary }
        return alignedWithModel(count, inputs, name, value, &collected)
    }

    /// A name nbship cannot place. Numbers in a dict or list may be the scaling the model needs, so leaving them
    /// out could give a wrong package: that is an error. Anything else (a lone setting, text) is a warning.
    static func unrecognised(
        _ name: String, _ location: SourceLocation, _ diagnostics: inout DiagnosticCollector,
        holdsNumbers: Bool = false,
        statisticOf variable: String? = nil
    ) {
        // `variable`: when `name` is a key of a per-feature dict of statistics, the dict it is in.
        let naming =
            variable == nil
            ? [
                "name it like MEAN, STD, SCALE, VAR, MIN, MAX (any prefix), or scikit-learn's mean_, scale_, data_min_",
                "or say what it is with a trailing comment: `\(name) = ...  # nbship: mean`",
            ] : ["use a key such as \"mean\", \"std\", \"min\" or \"max\""]
        if holdsNumbers {
            let message =
                variable.map {
                    "nbship does not know which statistic '\(name)' in '\($0)' is; leaving it out could give wrong predictions"
                }
                ?? "nbship does not know what the numbers in '\(name)' are; if they scale the inputs, leaving them out would give wrong predictions"
            let move =
                variable == nil ? ["or move it out of the cell tagged `scaling` if it is not a scaling constant"] : []
            diagnostics.add(
                .error(NotebookCellDiagnosticID.scalingNotUnderstood, message, at: location, help: naming + move))
        } else {
            let message =
                variable == nil
                ? "nbship does not know what '\(name)' holds; it is ignored"
                : "nbship does not know which statistic '\(name)' is; it is ignored"
            diagnostics.add(.warning(NotebookCellDiagnosticID.scalingUnrecognised, message, at: location, help: naming))
        }
    }

    /// Whether a literal holds a number anywhere inside.
    static func holdsNumbers(_ value: PyLiteral) -> Bool {
        if value.number != nil { return true }
        if let items = value.elements { return items.contains(where: holdsNumbers) }
        if let entries = value.entries { return entries.contains { holdsNumbers($0.value) } }
        return false
    }

    static func store(
        _ value: PyLiteral, feature: String, stat: Stat, name: String, into collected: inout Collected,
        _ diagnostics: inout DiagnosticCollector, knownInputs: [String]? = nil
    ) {
        if let knownInputs, !knownInputs.contains(feature) {
            collected.unused[feature, default: value.location] = value.location
            return
        }
        guard let number = value.number, number.isFinite else {
            diagnostics.add(
                .error(
                    NotebookCellDiagnosticID.scalingBadValue,
                    "the \(stat.rawValue) of '\(feature)' in '\(name)' must be a finite number, found \(value.typeName)",
                    at: value.location))
            return
        }
        collected.stats[feature, default: [:]][stat] = (number, value.location)
    }

    static func combine(_ collected: Collected, diagnostics: inout DiagnosticCollector) -> [FeatureScaling] {
        var result: [FeatureScaling] = []
        for feature in collected.stats.keys.sorted() {
            let stats = collected.stats[feature] ?? [:]
            let location = stats.values.map(\.1).min {
                ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0)
            }!
            func value(_ stat: Stat) -> Double? { stats[stat]?.0 }
            // scikit-learn replaces a zero scale by 1 (`_handle_zeros_in_scale`).
            func nonZero(_ x: Double) -> Double { x == 0 ? 1 : x }
            if let mean = value(.mean) {
                let scale = value(.scale) ?? value(.variance).map { $0.squareRoot() } ?? 1
                result.append(
                    FeatureScaling(
                        feature: feature, kind: .standardize(mean: mean, scale: nonZero(scale)), location: location))
            } else if let center = value(.center) {
                result.append(
                    FeatureScaling(
                        feature: feature, kind: .robust(center: center, scale: nonZero(value(.scale) ?? 1)),
                        location: location))
            } else if let minimum = value(.min), let range = value(.range) ?? value(.max).map({ $0 - minimum }) {
                let (low, high) = collected.featureRange
                let scale = (high - low) / nonZero(range)
                result.append(
                    FeatureScaling(
                        feature: feature, kind: .affine(scale: scale, offset: low - minimum * scale), location: location
                    ))
            } else if let offset = value(.offset), let scale = value(.scale) {
                result.append(
                    FeatureScaling(feature: feature, kind: .affine(scale: scale, offset: offset), location: location))
            } else {
                let have = stats.keys.map(\.rawValue).sorted().joined(separator: ", ")
                diagnostics.add(
                    .error(
                        SpecDiagnosticID.scalingIncomplete,
                        "the scaling of '\(feature)' is incomplete: only \(have) given",
                        at: location,
                        help: [
                            "give mean and std (standard scaling), min and max (min-max scaling), or center and scale"
                        ]))
            }
        }
        return result
    }
}
