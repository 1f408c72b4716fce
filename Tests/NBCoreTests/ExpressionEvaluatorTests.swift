import Testing

@testable import NBCore

@Suite("Reference evaluator: expressions")
struct ExpressionEvaluatorTests {
    typealias F = TreeFixtures

    static let evaluator = SpecEvaluator(
        inputs: [F.number("x"), F.category("c"), F.number("f", .float)], derivedFields: [],
        model: .tree(F.stump(threshold: "0", low: "0", high: "1")), target: F.regressionTarget)

    static func apply(_ function: String, _ arguments: [Expression], mapMissingTo: Double? = nil) -> Expression {
        .apply(function: function, arguments: arguments, mapMissingTo: mapMissingTo)
    }

    static let values: [String: FieldValue] = ["x": .number(2), "c": .text("b"), "f": .missing]

    static let cases: [(Expression, FieldValue)] = [
        (
            apply("if", [apply("greaterThan", [.field("x"), .constant(1)]), .text("big"), .text("small")]), .text("big")
        ),
        (apply("if", [apply("lessThan", [.field("x"), .constant(1)]), .text("big")]), .missing),
        (apply("if", [.field("f"), .constant(1), .constant(2)], mapMissingTo: 7), .number(7)),
        (apply("isMissing", [.field("f")]), .number(1)),
        (apply("isNotMissing", [.field("x")]), .number(1)),
        (apply("equal", [.field("c"), .text("b")]), .number(1)),
        (apply("notEqual", [.field("x"), .constant(2)]), .number(0)),
        (apply("lessOrEqual", [.field("x"), .constant(2)]), .number(1)),
        (apply("greaterOrEqual", [.field("x"), .constant(2.5)]), .number(0)),
        (apply("and", [apply("equal", [.field("c"), .text("b")]), .constant(1), .constant(0)]), .number(0)),
        (apply("or", [.constant(0), .constant(1)]), .number(1)),
        (apply("not", [.constant(0)]), .number(1)),
        (apply("isIn", [.field("c"), .text("a"), .text("b")]), .number(1)),
        (apply("isNotIn", [.field("x"), .constant(1), .constant(2)]), .number(0)),
        (apply("equal", [.field("f"), .constant(1)], mapMissingTo: -1), .number(-1)),
        (apply("+", [.field("f"), .constant(1)]), .missing),
    ]

    @Test("Logic and comparison functions, with PMML's missing-value rules", arguments: cases)
    func functions(_ expression: Expression, _ expected: FieldValue) throws {
        #expect(try Self.evaluator.evaluate(expression, Self.values) == expected)
    }

    @Test("MapValues looks rows up by all input columns, with a default and a value for missing inputs")
    func mapValues() throws {
        let map = ValueMap(
            inputs: [ValueMap.Input(field: "c", column: "code"), ValueMap.Input(field: "x", column: "n")],
            outputColumn: "weight",
            rows: [["code": "a", "n": "2", "weight": "0.5"], ["code": "b", "n": "2.0", "weight": "1.5"]],
            defaultValue: "1", mapMissingTo: "-1", type: .double)
        let e = Expression.mapValues(map)
        #expect(try Self.evaluator.evaluate(e, ["c": .text("b"), "x": .number(2)]) == .number(1.5))
        #expect(try Self.evaluator.evaluate(e, ["c": .text("a"), "x": .number(3)]) == .number(1))
        #expect(try Self.evaluator.evaluate(e, ["c": .missing, "x": .number(2)]) == .number(-1))
        var text = map
        text.type = .string
        text.defaultValue = nil
        #expect(try Self.evaluator.evaluate(.mapValues(text), ["c": .text("a"), "x": .number(2)]) == .text("0.5"))
        #expect(try Self.evaluator.evaluate(.mapValues(text), ["c": .text("z"), "x": .number(2)]) == .missing)
    }

    @Test("Discretize gives the first bin holding the value")
    func discretize() throws {
        let bins = Discretization(
            field: "x",
            bins: [
                Discretization.Bin(interval: Interval(lower: nil, upper: 2, upperClosed: false), value: "low"),
                Discretization.Bin(interval: Interval(lower: 2, upper: 5), value: "mid"),
            ], defaultValue: "high", mapMissingTo: "unknown")
        let e = Expression.discretize(bins)
        #expect(try Self.evaluator.evaluate(e, ["x": .number(1.99)]) == .text("low"))
        #expect(try Self.evaluator.evaluate(e, ["x": .number(2)]) == .text("mid"))
        #expect(try Self.evaluator.evaluate(e, ["x": .number(9)]) == .text("high"))
        #expect(try Self.evaluator.evaluate(e, ["x": .missing]) == .text("unknown"))
    }

    @Test("Values are converted to a field's type: float32 rounding, text, booleans")
    func casts() {
        #expect(ValueSemantics.cast(.number(0.1), to: .float) == .number(Double(Float(0.1))))
        #expect(ValueSemantics.cast(.text("0.1"), to: .float) == .number(Double(Float(0.1))))
        // Halfway between two floats as a double: rounds to even, as numpy's astype(float32) does.
        #expect(ValueSemantics.cast(.text("4.950000047683716"), to: .float) == .number(Double(Float(4.95))))
        #expect(ValueSemantics.cast(.number(4), to: .string) == .text("4"))
        #expect(ValueSemantics.cast(.number(2.5), to: .string) == .text("2.5"))
        #expect(ValueSemantics.cast(.number(1), to: .boolean) == .text("true"))
        #expect(ValueSemantics.cast(.text("FALSE"), to: .boolean) == .text("false"))
        #expect(ValueSemantics.cast(.text("abc"), to: .double) == .text("abc"))
        #expect(ValueSemantics.compare(.number(3), "3.0", type: .integer) == 0)
        #expect(ValueSemantics.compare(.text("b"), "a", type: .string) == 1)
        #expect(ValueSemantics.compare(.text("x"), "1", type: .double) == nil)
    }
}
