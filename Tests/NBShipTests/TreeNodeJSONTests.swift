import Foundation
import NBCore
import Testing

@testable import PackageGenerator

/// model-spec.json of large trees is written by `TreeNodeJSON` instead of `JSONEncoder`; the bytes must not change.
@Suite("Tree JSON writer gives JSONEncoder's bytes")
struct TreeNodeJSONTests {
    static func spec(_ sample: String) throws -> ModelSpec {
        let url = TestPaths.references.appendingPathComponent(sample).appendingPathComponent("model-spec.json")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ModelSpec.self, from: Data(contentsOf: url))
    }

    static func expectSameBytes(_ spec: ModelSpec, _ label: String) throws {
        let encoder = SpecJSON.compactEncoder()
        let expected = try encoder.encode(spec)
        let written = try TreeNodeJSON.encode(spec, with: encoder)
        #expect(written.count == expected.count, "\(label): \(written.count) bytes instead of \(expected.count)")
        let a = [UInt8](expected)
        let b = [UInt8](written)
        if a != b {
            let index = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            func context(_ bytes: [UInt8]) -> String {
                String(decoding: bytes[max(0, index - 80)..<min(bytes.count, index + 80)], as: UTF8.self)
            }
            Issue.record(
                "\(label) differs at byte \(index):\n  JSONEncoder: \(context(a))\n  TreeNodeJSON: \(context(b))")
        }
    }

    @Test("Every reference spec", arguments: TestPaths.referenceSamples)
    func referenceSpec(_ sample: String) throws {
        try Self.expectSameBytes(try Self.spec(sample), sample)
    }

    /// Every case of a node, condition and distribution entry, with awkward strings and numbers, in a nested
    /// ensemble.
    @Test("Awkward values in every kind of node")
    func awkwardValues() throws {
        let numbers: [Double] = [
            0, -0.0, 1, -1, 0.1, 1e-7, 1e-5, 1e15, 1e16, 1e21, 1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
            123_456_789.125, .infinity, -.infinity, .nan,
        ]
        let strings = [
            "plain", "quote \" and backslash \\ and slash /", "\u{0}\u{1}\u{8}\u{9}\u{a}\u{c}\u{d}\u{1f}\u{7f}",
            "é 😀 \u{202E}RTL \u{2028}", "", "\u{0}tree0",
        ]
        var leaves: [TreeNode] = []
        for (index, number) in numbers.enumerated() {
            let text = strings[index % strings.count]
            leaves.append(
                TreeNode(
                    id: index % 3 == 0 ? nil : text,
                    predicate: .simple(field: text, operator: .lessOrEqual, value: text),
                    score: index % 2 == 0 ? text : nil, recordCount: index % 4 == 1 ? nil : number,
                    distribution: [
                        ScoreDistribution(value: text, recordCount: number),
                        ScoreDistribution(value: "b", recordCount: nil, probability: number, confidence: -number),
                    ],
                    defaultChild: index % 5 == 0 ? text : nil))
        }
        let conditions: [Condition] = [
            .true, .false, .simple(field: "x", operator: .isMissing, value: nil),
            .compound(.surrogate, [.simple(field: "y", operator: .greaterThan, value: "1"), .false]),
            .simpleSet(field: "z", operator: .isNotIn, values: ["a", "\"b\"", ""]),
            .compound(.and, []), .simpleSet(field: "w", operator: .isIn, values: []),
        ]
        let inner = conditions.enumerated().map { index, condition in
            TreeNode(id: "n\(index)", predicate: condition, children: Array(leaves.dropFirst(index)))
        }
        let root = TreeNode(predicate: .true, score: "root", children: inner)

        var spec = try Self.spec("iris-decision-tree")
        guard case .tree(var tree) = spec.model else {
            Issue.record("iris-decision-tree is no longer a single tree")
            return
        }
        tree.root = root
        spec.model = .tree(tree)
        try Self.expectSameBytes(spec, "a single awkward tree")

        // The same trees inside an ensemble inside an ensemble, next to the original tree.
        var ensembleSpec = try Self.spec("diabetes-random-forest")
        guard case .ensemble(var forest) = ensembleSpec.model, case .tree(var first) = forest.segments[0].model else {
            Issue.record("diabetes-random-forest is no longer an ensemble of trees")
            return
        }
        first.root = root
        forest.segments[0].model = .tree(first)
        var nested = forest
        nested.segments = Array(forest.segments.prefix(3))
        forest.segments[1].model = .ensemble(nested)
        ensembleSpec.model = .ensemble(forest)
        try Self.expectSameBytes(ensembleSpec, "nested ensembles")
    }
}
