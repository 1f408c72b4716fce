import Foundation
import NBCore

/// Compact JSON of decision trees, written directly. `JSONEncoder` builds a dictionary per node and spends most of
/// a large forest's conversion on it (about 1.6 s of 6 s for 300 trees and 130,000 nodes); this writer gives the
/// same bytes: the keys `JSONEncoder` writes with `.sortedKeys` in the same order, optionals left out when nil,
/// numbers as `Double.description` without a trailing `.0`, non-finite numbers as the strings `SpecJSON` asks for,
/// and strings escaped the same way. A test compares the two on every sample and on awkward values.
enum TreeNodeJSON {
    /// The spec's JSON as `encoder` writes it (compact), with every tree written by this writer.
    static func encode(_ spec: ModelSpec, with encoder: JSONEncoder) throws -> Data {
        var roots: [TreeNode] = []
        var skeleton = spec
        skeleton.model = replacingRoots(spec.model, with: &roots)
        if roots.isEmpty { return try encoder.encode(spec) }
        let encoded = try encoder.encode(skeleton)
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count + roots.count * 4096)
        encoded.withUnsafeBytes { (skeletonBytes: UnsafeRawBufferPointer) in
            let bytes = skeletonBytes.bindMemory(to: UInt8.self)
            var index = 0
            var copied = 0
            while index < bytes.count {
                // A placeholder is `{"children":[],"distribution":[],"id":"\u0000tree<n>","predicate":{"true":{}}}`.
                guard bytes[index] == UInt8(ascii: "{"), let (tree, end) = placeholder(in: bytes, at: index) else {
                    index += 1
                    continue
                }
                output.append(contentsOf: bytes[copied..<index])
                write(roots[tree], into: &output)
                index = end
                copied = end
            }
            output.append(contentsOf: bytes[copied..<bytes.count])
        }
        return Data(output)
    }

    private static let placeholderHead = Array(#"{"children":[],"distribution":[],"id":"\u0000tree"#.utf8)
    private static let placeholderTail = Array(#"","predicate":{"true":{}}}"#.utf8)

    /// The tree number and the end of a placeholder starting at `index`, or nil.
    private static func placeholder(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Int, Int)? {
        let head = placeholderHead
        guard index + head.count < bytes.count, bytes[index..<(index + head.count)].elementsEqual(head) else {
            return nil
        }
        var position = index + head.count
        var number = 0
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
            number = number * 10 + Int(bytes[position] - 0x30)
            position += 1
        }
        let tail = placeholderTail
        guard position + tail.count <= bytes.count,
            bytes[position..<(position + tail.count)].elementsEqual(tail)
        else { return nil }
        return (number, position + tail.count)
    }

    /// The model with each tree's root replaced by a numbered placeholder (PMML text cannot hold U+0000, so no
    /// real node looks like one), the roots collected in `roots`.
    private static func replacingRoots(_ body: ModelBody, with roots: inout [TreeNode]) -> ModelBody {
        switch body {
        case .tree(var tree):
            let placeholder = TreeNode(id: "\u{0}tree\(roots.count)", predicate: .true)
            roots.append(tree.root)
            tree.root = placeholder
            return .tree(tree)
        case .ensemble(var ensemble):
            for index in ensemble.segments.indices {
                ensemble.segments[index].model = replacingRoots(ensemble.segments[index].model, with: &roots)
            }
            return .ensemble(ensemble)
        case .linear, .network, .machine, .bayes, .function, .scorecard:
            return body
        }
    }

    /// `{"children":[...],"defaultChild":...,"distribution":[...],"id":...,"predicate":...,"recordCount":...,"score":...}`
    static func write(_ node: TreeNode, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"children":"#.utf8)
        array(node.children, into: &out) { write($0, into: &$1) }
        if let defaultChild = node.defaultChild {
            out.append(contentsOf: #","defaultChild":"#.utf8)
            string(defaultChild, into: &out)
        }
        out.append(contentsOf: #","distribution":"#.utf8)
        array(node.distribution, into: &out) { write($0, into: &$1) }
        if let id = node.id {
            out.append(contentsOf: #","id":"#.utf8)
            string(id, into: &out)
        }
        out.append(contentsOf: #","predicate":"#.utf8)
        write(node.predicate, into: &out)
        if let recordCount = node.recordCount {
            out.append(contentsOf: #","recordCount":"#.utf8)
            number(recordCount, into: &out)
        }
        if let score = node.score {
            out.append(contentsOf: #","score":"#.utf8)
            string(score, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func write(_ entry: ScoreDistribution, into out: inout [UInt8]) {
        var first = true
        func key(_ name: String) {
            out.append(contentsOf: (first ? "{\"" : ",\"").utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
            first = false
        }
        if let confidence = entry.confidence {
            key("confidence")
            number(confidence, into: &out)
        }
        if let probability = entry.probability {
            key("probability")
            number(probability, into: &out)
        }
        if let recordCount = entry.recordCount {
            key("recordCount")
            number(recordCount, into: &out)
        }
        key("value")
        string(entry.value, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The synthesized coding of `Condition`: `{"case":{labels...}}`, unlabelled values as `_0`, `_1`.
    static func write(_ condition: Condition, into out: inout [UInt8]) {
        switch condition {
        case .true:
            out.append(contentsOf: #"{"true":{}}"#.utf8)
        case .false:
            out.append(contentsOf: #"{"false":{}}"#.utf8)
        case .simple(let field, let comparison, let value):
            out.append(contentsOf: #"{"simple":{"field":"#.utf8)
            string(field, into: &out)
            out.append(contentsOf: #","operator":"#.utf8)
            string(comparison.rawValue, into: &out)
            if let value {
                out.append(contentsOf: #","value":"#.utf8)
                string(value, into: &out)
            }
            out.append(contentsOf: "}}".utf8)
        case .compound(let combination, let parts):
            out.append(contentsOf: #"{"compound":{"_0":"#.utf8)
            string(combination.rawValue, into: &out)
            out.append(contentsOf: #","_1":"#.utf8)
            array(parts, into: &out) { write($0, into: &$1) }
            out.append(contentsOf: "}}".utf8)
        case .simpleSet(let field, let membership, let values):
            out.append(contentsOf: #"{"simpleSet":{"field":"#.utf8)
            string(field, into: &out)
            out.append(contentsOf: #","operator":"#.utf8)
            string(membership.rawValue, into: &out)
            out.append(contentsOf: #","values":"#.utf8)
            array(values, into: &out) { string($0, into: &$1) }
            out.append(contentsOf: "}}".utf8)
        }
    }

    /// `[a,b,...]`, each element written by `element`.
    static func array<Element>(
        _ elements: [Element], into out: inout [UInt8], _ element: (Element, inout [UInt8]) -> Void
    ) {
        out.append(UInt8(ascii: "["))
        for (index, item) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            element(item, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A number as `JSONEncoder` writes it; non-finite numbers as `SpecJSON`'s strings.
    static func number(_ value: Double, into out: inout [UInt8]) {
        if value.isNaN {
            out.append(contentsOf: #""nan""#.utf8)
        } else if value.isInfinite {
            out.append(contentsOf: (value < 0 ? #""-inf""# : #""inf""#).utf8)
        } else {
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out.append(contentsOf: text.utf8)
        }
    }

    /// A string as `JSONEncoder` escapes it with `.withoutEscapingSlashes`.
    static func string(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
