import NBCore

/// Large ensembles of simple trees become tables walked at run time (`TreeTable` in the generated Runtime.swift)
/// rather than nested conditionals: measured on a 300-tree random forest (141,144 nodes), conditionals took 246 s to
/// build in debug and 988 s in release, tables 14 s and 6 s. Small ensembles and single trees stay conditionals,
/// which read like the decision logic they are.
extension TreeCodeWriter {
    /// Writes the ensemble as a table when it is large and every segment is a simple tree; returns its function.
    func tableEnsemble(
        _ ensemble: MiningModelSpec, name: String, state: inout State
    ) throws(DiagnosticError) -> String? {
        var trees: [TreeModelSpec] = []
        for segment in ensemble.segments {
            guard case .tree(let tree) = segment.model, segment.predicate == .true, segment.derivedFields.isEmpty,
                segment.outputFields.isEmpty, rescaling(segment.target, body: segment.model) == nil,
                tableEligible(tree)
            else { return nil }
            trees.append(tree)
        }
        guard trees.reduce(0, { $0 + $1.nodeCount }) >= tableThreshold else { return nil }
        var table = TableText(code: self)
        for (segment, tree) in zip(ensemble.segments, trees) { table.add(tree, weight: segment.weight) }
        // The walker's nodes hold a field index in 16 bits and a child count in 8 (`TreeTable.Node`).
        guard table.fields.count <= Int(Int16.max), table.nodeCount <= Int(Int32.max) else { return nil }

        let planName = "\(name)Plan"
        let method = ensemble.multipleModelMethod
        let vector = table.fields.map { "row.\(fields.property($0)) ?? .nan" }
        var code = SwiftCode()
        code.append([
            "/// \(SwiftText.comment(Self.describe(ensemble))): \(trees.count) trees, \(table.nodeCount) nodes, combined by \(method.rawValue).",
            "/// The trees are a table (`\(name)Table` in TreeTable\(name.dropFirst("ensemble".count)).swift), walked by `TreeTable.combined` (or `.score`, tree by tree).",
            Self.planDeclaration(ensemble, name: planName),
            "",
        ])
        code.block("static func \(name)(_ row: Row) -> Scored {") { body in
            body.line("let table = \(name)Table")
            body.line("let x = \(name)Fields(row)")
            body.line("// Usually every tree reaches a leaf, and one pass over the leaves' tables gives the result.")
            body.line("if let result = table.combined(x, \(planName)) { return result }")
            body.line("var members: [Ensemble.Member] = []")
            body.line("members.reserveCapacity(table.roots.count)")
            body.block("for tree in table.roots.indices {") { loop in
                loop.block(
                    "if let decided = Ensemble.admit(table.score(tree, x), weight: table.weights[tree], \(planName), into: &members) {"
                ) { $0.line("return decided") }
            }
            body.line("return Ensemble.combine(members, \(planName))")
        }
        code.line("")
        code.line("/// The fields the trees read, by table index; NaN is a missing value.")
        code.block("static func \(name)Fields(_ row: Row) -> [Double] {") { body in
            body.block("[", close: "]") { list in
                for (field, value) in zip(table.fields, vector) {
                    list.line("\(value),  // \(SwiftText.comment(field))")
                }
            }
        }
        code.line("")
        code.line(
            "/// `\(name)` of many rows, with the same results: the rows walk the trees tree by tree, so that a tree stays in"
        )
        code.line("/// cache while every row walks it (`TreeTable.combined(rows:)`).")
        code.block("static func \(name)(rows: [Row]) -> [Scored] {") { body in
            body.line("let combined = \(name)Table.combined(rows: rows.map(\(name)Fields), \(planName))")
            body.line("return zip(rows, combined).map { row, result in result ?? \(name)(row) }")
        }
        state.functions.append(Function(name: name, lines: code.lines))
        let labels = table.labels.map(SwiftText.stringLiteral).joined(separator: ", ")
        var text = SwiftCode()
        text.line(
            "/// The \(trees.count) trees of `\(name)` (format: `TreeTable` in Runtime.swift), read once at first use.")
        text.line("static let \(name)Table = TreeTable(")
        text.indented { arguments in
            for (label, lines) in [("trees", table.treeLines), ("nodes", table.nodeLines), ("leaves", table.leafLines)]
            {
                arguments.line("\(label): \"\"\"")
                arguments.append(lines)
                arguments.line("\"\"\",")
            }
            arguments.line("labels: [\(labels)])")
        }
        state.tables.append(Function(name: "\(name)Table", lines: text.lines))
        return name
    }

    /// Whether a tree fits the table walker: its strategies, every split a comparison of a numeric field, and at
    /// most 255 children per node.
    func tableEligible(_ tree: TreeModelSpec) -> Bool {
        guard [.none, .nullPrediction, .lastPrediction].contains(tree.missingValueStrategy),
            tree.root.predicate == .true
        else { return false }
        guard tree.root.children.count <= Int(UInt8.max) else { return false }
        var stack = tree.root.children
        while let node = stack.popLast() {
            guard node.children.count <= Int(UInt8.max) else { return false }
            switch node.predicate {
            case .true, .false: break
            default: guard tableSplit(node.predicate) != nil else { return false }
            }
            stack += node.children
        }
        return true
    }

    /// A split as the table walker tests it: the field, `TreeTable`'s op code, the threshold. A comparison of a
    /// numeric field with a number; or such a comparison that a missing value also satisfies, `x is missing or
    /// x <= t` in either order (how XGBoost, LightGBM and ONNX send missing values to their default child): op + 8.
    func tableSplit(_ condition: Condition) -> (field: String, op: Int, threshold: Double)? {
        switch condition {
        case .simple(let field, let comparison, let constant):
            guard let threshold = fastThreshold(field, comparison, constant) else { return nil }
            let op =
                switch comparison {
                case .lessThan: 0
                case .lessOrEqual: 1
                case .greaterThan: 2
                case .greaterOrEqual: 3
                case .equal: 4
                case .notEqual: 5
                default: -1
                }
            return op < 0 ? nil : (field, op, threshold)
        case .compound(.or, let parts) where parts.count == 2:
            for (missing, test) in [(parts[0], parts[1]), (parts[1], parts[0])] {
                guard case .simple(let field, .isMissing, _) = missing, let split = tableSplit(test),
                    split.field == field, split.op < 8
                else { continue }
                return (field, split.op + 8, split.threshold)
            }
            return nil
        default: return nil
        }
    }

    /// The text of a table, built tree by tree.
    struct TableText {
        let code: TreeCodeWriter
        var fields: [String] = []
        var fieldIndices: [String: Int] = [:]
        var labels: [String] = []
        var treeLines: [String] = []
        var nodeLines: [String] = []
        var leafLines: [String] = []
        var nodeCount = 0

        init(code: TreeCodeWriter) { self.code = code }

        mutating func fieldIndex(_ field: String) -> Int {
            if let index = fieldIndices[field] { return index }
            fields.append(field)
            fieldIndices[field] = fields.count - 1
            return fields.count - 1
        }

        mutating func labelIndex(_ label: String) -> Int {
            if let index = labels.firstIndex(of: label) { return index }
            labels.append(label)
            return labels.count - 1
        }

        /// Lays the tree out breadth first, so each node's children are consecutive.
        mutating func add(_ tree: TreeModelSpec, weight: Double) {
            let strategy: Int =
                switch tree.missingValueStrategy {
                case .nullPrediction: 1
                case .lastPrediction: 2
                default: 0
                }
            let noTrueLast = tree.noTrueChildStrategy == .returnLastPrediction ? 1 : 0
            treeLines.append("\(nodeCount) \(SwiftText.double(weight)) \(strategy) \(noTrueLast)")
            var queue = [tree.root]
            var head = 0
            var next = nodeCount + 1
            while head < queue.count {
                let node = queue[head]
                head += 1
                var field = -1
                var op = 0
                var threshold = "0"
                if node.predicate == .false {
                    field = -2
                } else if let split = code.tableSplit(node.predicate) {
                    field = fieldIndex(split.field)
                    op = split.op
                    threshold = SwiftText.double(split.threshold)
                }
                var leaf = -1
                // Regression nodes without a score give no prediction; classification nodes as the evaluator says.
                if let prediction = SpecEvaluator.leafPrediction(node, of: tree) {
                    switch prediction.value {
                    case .number(let x):
                        leaf = leafLines.count
                        leafLines.append(SwiftText.double(x))
                    case .text(let label):
                        leaf = leafLines.count
                        let entries = prediction.probabilities.map {
                            "\(labelIndex($0.label)):\(SwiftText.double($0.probability))"
                        }
                        leafLines.append(
                            ([String(labelIndex(label)), String(entries.count)] + entries).joined(separator: " "))
                    case .missing: break
                    }
                }
                nodeLines.append("\(field) \(op) \(threshold) \(next) \(node.children.count) \(leaf)")
                queue += node.children
                next += node.children.count
            }
            nodeCount += queue.count
        }
    }
}
