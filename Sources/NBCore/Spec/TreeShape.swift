/// Builds `TreeNode`s from node arrays (XGBoost, LightGBM, ONNX): a split's left child carries the condition under
/// which a row goes left; the right child is `True` (the row goes right when the left condition is false or unknown).
public struct TreeShape {
    public enum Node {
        case leaf(score: String)
        case split(left: Int, right: Int, goesLeft: Condition)
        /// The right child is tried first, under `goesRight`; the left one takes the rest.
        case splitRightFirst(left: Int, right: Int, goesRight: Condition)
    }

    /// The nodes reached from `root`, depth first; a node reached twice, a child out of range or a tree deeper
    /// than `maxDepth` is reported through `problem` and nil returned.
    public static func build(
        root: Int, count: Int, maxDepth: Int, node: (Int) -> Node?, problem: (String) -> Void
    ) -> TreeNode? {
        var seen = Set<Int>()
        func make(_ index: Int, _ predicate: Condition, depth: Int) -> TreeNode? {
            guard index >= 0, index < count else {
                problem("a child index \(index) is outside the tree's \(count) nodes")
                return nil
            }
            guard seen.insert(index).inserted else {
                problem("node \(index) is reached twice")
                return nil
            }
            guard depth <= maxDepth else {
                problem("the tree is deeper than \(maxDepth) levels")
                return nil
            }
            switch node(index) {
            case nil: return nil
            case .leaf(let score)?:
                return TreeNode(id: String(index), predicate: predicate, score: score)
            case .split(let left, let right, let goesLeft)?:
                guard let leftNode = make(left, goesLeft, depth: depth + 1),
                    let rightNode = make(right, .true, depth: depth + 1)
                else { return nil }
                return TreeNode(id: String(index), predicate: predicate, children: [leftNode, rightNode])
            case .splitRightFirst(let left, let right, let goesRight)?:
                guard let rightNode = make(right, goesRight, depth: depth + 1),
                    let leftNode = make(left, .true, depth: depth + 1)
                else { return nil }
                return TreeNode(id: String(index), predicate: predicate, children: [rightNode, leftNode])
            }
        }
        return make(root, .true, depth: 0)
    }
}
