extension ExampleExtractor {
    /// What one key, position or list of an examples cell holds.
    enum Role: Equatable {
        case input(String)
        case unusedFeature
        /// A dict of input values (a nested record).
        case inputRecord
        /// A list of input values aligned with these columns.
        case inputVector([String])
        case label
        case prediction
        /// A dict keyed by the classes.
        case probabilities
        /// A list of probabilities in class order.
        case probabilityVector
        case probability(String)
        case decision
        /// The observed outcome (`actual`, `y_true`): not the model's output, not checked.
        case groundTruth
        /// Free text that is neither an input nor an output (`note`): kept out.
        case text
        /// A key close to the name of an input that the example does not give.
        case misspeltInput(String)
        case unknown(String)

        var isInput: Bool {
            switch self {
            case .input, .inputRecord, .inputVector: true
            default: false
            }
        }
        var isOutput: Bool {
            switch self {
            case .label, .prediction, .probabilities, .probabilityVector, .probability, .decision: true
            default: false
            }
        }
    }

    /// One column of a table: a key (or position, or list name) and its value in each row.
    struct Column {
        var key: String
        var values: [PyLiteral]
        /// Position in a tuple row, if the rows are tuples.
        var position: Int?
    }

    /// Rows read from one assignment, before classification.
    struct Table {
        var name: String
        var location: SourceLocation
        var shape: String
        var rowLocations: [SourceLocation]
        var columns: [Column]
        var count: Int { rowLocations.count }
    }

    struct CellReader {
        var context: Context
        var examples: [ExampleSpec] = []
        var readings: [Reading] = []
        var features: [String]?

        init(context: Context) { self.context = context }

        mutating func read(_ cell: RoleCell, diagnostics: inout DiagnosticCollector) {
            var tables: [Table] = []
            for assignment in cell.assignments {
                guard let value = assignment.value else { continue }
                let lower = assignment.name.lowercased()
                let directive = CommentAnnotation.parse(assignment.comment).directive
                if ScalingExtractor.featureListNames.contains(lower) || directive == "features",
                    let names = value.elements?.compactMap(\.string), names.count == value.elements?.count
                {
                    features = names
                    context.features = context.features ?? names
                    continue
                }
                if isClassOrder(assignment, context) != nil { continue }
                guard let table = Self.table(assignment, value) else {
                    diagnostics.add(
                        .error(
                            NotebookCellDiagnosticID.examplesNotUnderstood,
                            "'\(assignment.name)' in the examples cell is a \(value.typeName), not rows of examples",
                            at: value.location,
                            help: [
                                "write the examples as a list of records: `EXAMPLES = [{\"<input>\": ..., \"label\": ...}, ...]`",
                                "or as parallel lists of input rows and outputs of the same length",
                                "`nbship check` shows how nbship reads the cell",
                            ]))
                    continue
                }
                tables.append(table)
            }
            for table in Self.joinParallel(tables, context) {
                readTable(table, diagnostics: &diagnostics)
            }
        }

        /// The rows of an assignment: records, tuples, columns, a record of records, or one list of values.
        static func table(_ assignment: PyAssignment, _ value: PyLiteral) -> Table? {
            let name = assignment.name
            if let items = value.elements {
                guard !items.isEmpty else { return nil }
                if items.allSatisfy({ $0.entries != nil }) {
                    return records(name, value.location, "\(items.count) records", items)
                }
                if items.allSatisfy({ $0.elements != nil }) {
                    let width = items.map { $0.elements?.count ?? 0 }.max() ?? 0
                    let columns = (0..<width).map { position in
                        Column(
                            key: "position \(position + 1)",
                            values: items.map { item in
                                let elements = item.elements ?? []
                                return position < elements.count
                                    ? elements[position] : PyLiteral(.none, at: item.location)
                            }, position: position)
                    }
                    // A list of plain value rows is a list of input vectors (or of probability vectors).
                    if items.allSatisfy({ ($0.elements ?? []).allSatisfy { $0.elements == nil && $0.entries == nil } })
                    {
                        return Table(
                            name: name, location: value.location, shape: "\(items.count) rows of values",
                            rowLocations: items.map(\.location), columns: [Column(key: name, values: items)])
                    }
                    return Table(
                        name: name, location: value.location, shape: "\(items.count) rows of \(width) parts",
                        rowLocations: items.map(\.location), columns: columns)
                }
                return Table(
                    name: name, location: value.location, shape: "\(items.count) values",
                    rowLocations: items.map(\.location), columns: [Column(key: name, values: items)])
            }
            guard let entries = value.entries, !entries.isEmpty, entries.allSatisfy({ $0.key.string != nil }) else {
                return nil
            }
            let lists = entries.compactMap(\.value.elements)
            if lists.count == entries.count, let first = lists.first, !first.isEmpty,
                lists.allSatisfy({ $0.count == first.count })
            {
                let columns = entries.map { Column(key: $0.key.string ?? "", values: $0.value.elements ?? []) }
                return Table(
                    name: name, location: value.location, shape: "\(first.count) rows by column",
                    rowLocations: first.map(\.location), columns: columns)
            }
            if entries.allSatisfy({ $0.value.entries != nil }) {
                return records(name, value.location, "\(entries.count) named records", entries.map(\.value))
            }
            return records(name, value.location, "1 record", [value])
        }

        static func records(_ name: String, _ location: SourceLocation, _ shape: String, _ items: [PyLiteral]) -> Table
        {
            var keys: [String] = []
            for item in items {
                for entry in item.entries ?? [] {
                    if let key = entry.key.string ?? labelText(entry.key), !keys.contains(key) { keys.append(key) }
                }
            }
            let columns = keys.map { key in
                Column(
                    key: key,
                    values: items.map { item in
                        item.entries?.first { (($0.key.string ?? labelText($0.key)) == key) }?.value
                            ?? PyLiteral(.none, at: item.location, constructor: "absent")
                    })
            }
            return Table(
                name: name, location: location, shape: shape, rowLocations: items.map(\.location), columns: columns)
        }

        /// Parallel lists: one table of inputs and tables of one output column each, of the same length, become
        /// one table whose columns are the lists.
        static func joinParallel(_ tables: [Table], _ context: Context) -> [Table] {
            let roles = tables.map { table in table.columns.map { classify($0, context) } }
            let inputTables = tables.indices.filter { index in roles[index].contains { $0.isInput } }
            let outputOnly = tables.indices.filter { index in
                !roles[index].contains { $0.isInput } && tables[index].columns.count == 1
            }
            guard !outputOnly.isEmpty else { return tables }
            var result: [Table] = []
            var used: Set<Int> = []
            for index in inputTables {
                let matching = outputOnly.filter { !used.contains($0) && tables[$0].count == tables[index].count }
                guard !matching.isEmpty else { continue }
                var joined = tables[index]
                if joined.columns.count == 1 { joined.columns[0].key = joined.name }
                for other in matching {
                    var column = tables[other].columns[0]
                    column.key = tables[other].name
                    joined.columns.append(column)
                    used.insert(other)
                }
                joined.name = ([tables[index].name] + matching.map { tables[$0].name }).joined(separator: " + ")
                joined.shape = "\(joined.count) rows in parallel lists"
                used.insert(index)
                result.append(joined)
            }
            for index in tables.indices where !used.contains(index) { result.append(tables[index]) }
            return result.sorted { ($0.location.line ?? 0) < ($1.location.line ?? 0) }
        }
    }
}

extension ExampleExtractor.CellReader {
    typealias Role = ExampleExtractor.Role

    /// Classifies every column of a table, settles duplicates, and reads its rows as examples.
    mutating func readTable(_ table: ExampleExtractor.Table, diagnostics: inout DiagnosticCollector) {
        let given = Self.inputsGiven(table, context)
        let roles = table.columns.map { ExampleExtractor.classify($0, context, given: given) }
        for (column, role) in zip(table.columns, roles) {
            guard case .misspeltInput(let name) = role else { continue }
            diagnostics.add(
                .error(
                    SpecDiagnosticID.exampleUnknownInput,
                    "the example names '\(column.key)', which is not an input of the model",
                    at: column.values.first { !ExampleExtractor.isAbsent($0) }?.location ?? table.location,
                    help: ["did you mean '\(name)'?"]))
        }
        if roles.contains(where: { if case .misspeltInput = $0 { true } else { false } }) { return }
        var parts = zip(table.columns, roles).map { column, role in
            ExampleExtractor.Reading.Part(
                key: column.key, role: ExampleExtractor.describe(role, context),
                understood: { if case .unknown = role { false } else { true } }())
        }
        var problems: [String] = []
        if !roles.contains(where: \.isInput) {
            problems.append(
                "no column holds the model's inputs (\(context.inputNames.prefix(3).map { "'\($0)'" }.joined(separator: ", "))\(context.inputNames.count > 3 ? ", ..." : ""))"
            )
        }
        if !roles.contains(where: \.isOutput) {
            problems.append(
                "no column holds an output of the model (a class, probabilities, a prediction or a decision)")
        }
        // Two columns for the same output must agree on every row, or the tests would depend on which is read.
        var outputs: [String: Int] = [:]
        for (index, role) in roles.enumerated() where role.isOutput {
            let slot: String
            switch role {
            case .probabilities, .probabilityVector: slot = "probabilities"
            case .probability(let label): slot = "probability(\(label))"
            default: slot = "\(role)"
            }
            if let first = outputs[slot] {
                let a = table.columns[first].values.map(\.kind)
                let b = table.columns[index].values.map(\.kind)
                if a != b && slot != "probabilities" {
                    problems.append(
                        "`\(table.columns[first].key)` and `\(table.columns[index].key)` both look like \(ExampleExtractor.describe(role, context)) and differ"
                    )
                }
            } else {
                outputs[slot] = index
            }
        }
        let reading = ExampleExtractor.Reading(
            name: table.name, location: table.location, shape: table.shape, parts: parts, count: table.count)
        let unknown = parts.filter { !$0.understood }
        if !unknown.isEmpty || !problems.isEmpty {
            parts = reading.parts
            diagnostics.add(
                .error(
                    NotebookCellDiagnosticID.examplesNotUnderstood,
                    "nbship cannot read the examples in '\(table.name)': \(reading.summary)",
                    at: table.location,
                    notes: (unknown.map { "`\($0.key)`: \($0.role)" } + problems).map { Diagnostic.Note($0) },
                    help: [
                        "each example needs the model's inputs (by name, or a list in FEATURES order) and at least one expected output",
                        "name an output after what it is: `label`, `prediction`, `probabilities` (a dict by class), `probability(<class>)`, `decision`",
                        "a key that is not an input or output can hold text (a note), which is left out",
                        "`nbship check <notebook> --model <model file>` shows how the cell is read",
                    ]))
            readings.append(reading)
            return
        }
        readings.append(reading)
        let chosen = Set(outputs.values)
        for row in 0..<table.count {
            var example = ExampleSpec(inputs: [:], origin: .notebook, location: table.rowLocations[row])
            var ok = true
            for (index, column) in table.columns.enumerated() {
                let value = column.values[row]
                if roles[index].isOutput && !chosen.contains(index) { continue }
                ok = read(value, as: roles[index], key: column.key, into: &example, diagnostics: &diagnostics) && ok
            }
            if ok { examples.append(example) }
        }
    }

    /// The inputs a table gives: by key, in nested records, or all of them in lists of values.
    static func inputsGiven(_ table: ExampleExtractor.Table, _ context: ExampleExtractor.Context) -> Set<String> {
        var given: Set<String> = []
        for column in table.columns {
            if let name = context.input(column.key) { given.insert(name) }
            for value in column.values {
                for entry in value.entries ?? [] {
                    if let key = entry.key.string, let name = context.input(key) {
                        given.insert(name)
                    }
                }
                if value.elements?.count == context.columns.count { given.formUnion(context.inputNames) }
            }
        }
        return given
    }

    /// Puts one value in its place; false (with an error) when it does not fit.
    private func read(
        _ value: PyLiteral, as role: Role, key: String, into example: inout ExampleSpec,
        diagnostics: inout DiagnosticCollector
    ) -> Bool {
        func bad(_ what: String) -> Bool {
            diagnostics.add(
                .error(
                    NotebookCellDiagnosticID.examplesBadValue, "`\(key)` \(what), found \(value.typeName)",
                    at: value.location))
            return false
        }
        if ExampleExtractor.isAbsent(value) {
            return role.isOutput ? bad("has no value in this example, which other examples give") : true
        }
        switch role {
        case .input(let name):
            guard let input = ExampleExtractor.inputValue(value) else {
                return bad("must be a number, a string or None")
            }
            example.inputs[name] = input
        case .inputRecord:
            for entry in value.entries ?? [] {
                guard let key = entry.key.string, let name = context.input(key) else { continue }
                guard let input = ExampleExtractor.inputValue(entry.value) else {
                    diagnostics.add(
                        .error(
                            NotebookCellDiagnosticID.examplesBadValue,
                            "the value of '\(key)' must be a number, a string or None",
                            at: entry.value.location))
                    return false
                }
                example.inputs[name] = input
            }
        case .inputVector(let columns):
            for (name, literal) in zip(columns, value.elements ?? []) where context.inputNames.contains(name) {
                example.inputs[name] = ExampleExtractor.inputValue(literal) ?? .missing
            }
        case .label:
            example.expectedLabel = ExampleExtractor.labelText(value)
        case .prediction:
            guard let number = value.number else { return bad("must be a number") }
            example.expectedPrediction = number
        case .probabilities:
            for entry in value.entries ?? [] {
                if let label = ExampleExtractor.labelText(entry.key), let p = entry.value.number {
                    example.expectedProbabilities[label] = p
                }
            }
        case .probabilityVector:
            for (label, p) in zip(context.classes, value.elements ?? []) {
                example.expectedProbabilities[label] = p.number
            }
        case .probability(let label):
            guard let number = value.number else { return bad("must be a number") }
            example.expectedProbabilities[label] = number
        case .decision:
            guard case .bool(let decision) = value.kind else { return bad("must be True or False") }
            example.expectedDecision = decision
        case .unusedFeature, .groundTruth, .text, .misspeltInput, .unknown:
            break
        }
        return true
    }
}
