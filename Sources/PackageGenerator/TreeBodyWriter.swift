import NBCore

/// Writes one decision tree as nested conditionals. A node is entered when its predicate is true; its children
/// are tried in order; an unknown predicate (a missing field) is handled by the tree's missing-value strategy, a
/// node without a true child by its no-true-child strategy — as the reference evaluator walks the tree.
struct TreeBodyWriter {
    let tree: TreeModelSpec
    let function: String
    let code: TreeCodeWriter
    /// The tree returns its score as a `Double?` (nil: no prediction) rather than a `Scored`: a regression tree
    /// in an ensemble that sums or averages numbers (`numericEligible`).
    let numeric: Bool
    /// Nodes that are some node's `defaultChild` get a function of their own, so both ways into them (their
    /// predicate true, or their parent's split unknown) call it instead of repeating the subtree.
    private(set) var nodeFunctions: [[String]] = []
    private var targetIndexes: [String: Int] = [:]
    /// The ids that some node names as its default child.
    private let defaultTargets: Set<String>

    init(tree: TreeModelSpec, function: String, code: TreeCodeWriter, numeric: Bool = false) {
        self.tree = tree
        self.function = function
        self.code = code
        self.numeric = numeric
        var targets = Set<String>()
        if tree.missingValueStrategy == .defaultChild {
            var stack = [tree.root]
            while let node = stack.popLast() {
                if let id = node.defaultChild, node.children.contains(where: { $0.id == id }) { targets.insert(id) }
                stack += node.children
            }
        }
        defaultTargets = targets
    }

    mutating func rootLines() -> [String] {
        var lines: [String] = []
        switch tree.root.predicate {
        case .true: break
        default:
            lines.append("guard \(code.predicate(tree.root.predicate)) == true else { return \(missing) }")
        }
        lines += descend(tree.root)
        return lines
    }

    /// The function's result type.
    var resultType: String { numeric ? "Double?" : "Scored" }

    /// No prediction, as the function returns it.
    var missing: String { numeric ? "nil" : ".missing" }

    /// Whether every node of the tree predicts a number or nothing, so that it can be `numeric`.
    static func predictsNumbers(_ tree: TreeModelSpec) -> Bool {
        var stack = [tree.root]
        while let node = stack.popLast() {
            if case .text? = SpecEvaluator.leafPrediction(node, of: tree)?.value { return false }
            stack += node.children
        }
        return true
    }

    /// What the tree predicts at a node, as a `Scored` expression (a `Double?` one when `numeric`).
    func leaf(_ node: TreeNode) -> String {
        guard let prediction = SpecEvaluator.leafPrediction(node, of: tree) else { return missing }
        switch prediction.value {
        case .number(let x): return numeric ? SwiftText.double(x) : "Scored(\(SwiftText.double(x)))"
        case .text(let label):
            let list = prediction.probabilities.map {
                "(\(SwiftText.stringLiteral($0.label)), \(SwiftText.double($0.probability)))"
            }
            return "Scored(label: \(SwiftText.stringLiteral(label)), [\(list.joined(separator: ", "))])"
        case .missing: return missing
        }
    }

    /// The lines that finish a node known to be true.
    mutating func descend(_ node: TreeNode) -> [String] {
        if node.children.isEmpty { return ["return \(leaf(node))"] }
        var out = SwiftCode()
        let onUnknown = unknownLines(node)
        for child in node.children {
            switch child.predicate {
            case .false:
                continue
            case .true:
                out.append(enter(child))
                return out.lines
            case .simple(let field, let comparison, let constant):
                if let (property, test) = code.fastComparison(field, comparison, constant) {
                    let entered = enter(child)
                    if onUnknown.isEmpty {
                        out.block("if let \(property) = row.\(property), \(property) \(test) {") { $0.append(entered) }
                    } else {
                        out.block("if let \(property) = row.\(property) {", close: "} else {") { inner in
                            inner.block("if \(property) \(test) {") { $0.append(entered) }
                        }
                        out.indented { $0.append(onUnknown) }
                        out.line("}")
                    }
                    continue
                }
                fallthrough
            default:
                let test = code.predicate(child.predicate)
                let entered = enter(child)
                if onUnknown.isEmpty {
                    out.block("if \(test) == true {") { $0.append(entered) }
                } else {
                    out.line("switch \(test) {")
                    out.line("case true?:")
                    out.indented { $0.append(entered) }
                    out.line("case false?:")
                    out.indented { $0.line("break") }
                    out.line("case nil:")
                    out.indented { $0.append(onUnknown) }
                    out.line("}")
                }
            }
        }
        switch tree.noTrueChildStrategy {
        case .returnNullPrediction: out.line("return \(missing)")
        case .returnLastPrediction: out.line("return \(node.score == nil ? missing : leaf(node))")
        }
        return out.lines
    }

    /// Enters a child whose predicate is true: its subtree, or a call of its own function.
    mutating func enter(_ child: TreeNode) -> [String] {
        if let index = targetIndex(child) { return ["return \(function)Node\(index)(row)"] }
        return descend(child)
    }

    /// The lines for a child whose predicate is unknown; empty when the walk just tries the next child.
    mutating func unknownLines(_ node: TreeNode) -> [String] {
        switch tree.missingValueStrategy {
        case .none, .weightedConfidence, .aggregateNodes: return []
        case .nullPrediction: return ["return \(missing)"]
        case .lastPrediction: return ["return \(leaf(node))"]
        case .defaultChild:
            guard let id = node.defaultChild, let next = node.children.first(where: { $0.id == id }) else {
                return ["return \(missing)  // no defaultChild to follow"]
            }
            // The default child's own predicate is not evaluated.
            guard let index = targetIndex(next) else { return ["return \(missing)"] }
            return ["return \(function)Node\(index)(row)"]
        }
    }

    /// The index of a default-child target's function, writing the function on first use.
    mutating func targetIndex(_ node: TreeNode) -> Int? {
        guard let id = node.id, defaultTargets.contains(id) else { return nil }
        if let index = targetIndexes[id] { return index }
        let index = nodeFunctions.count
        targetIndexes[id] = index
        nodeFunctions.append([])
        var out = SwiftCode()
        out.line(
            "/// Node \(SwiftText.comment(node.id ?? "?")) of \(function), reached by its predicate or as a default child."
        )
        let body = descend(node)
        out.block("static func \(function)Node\(index)(_ row: Row) -> \(resultType) {") { $0.append(body) }
        nodeFunctions[index] = out.lines
        return index
    }
}
