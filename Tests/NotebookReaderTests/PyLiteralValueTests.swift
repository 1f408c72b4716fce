import NBCore
import Testing

@testable import NotebookReader

@Suite("Python literal values")
struct PyLiteralValueTests {
    @Test(
        "Integers in every notation",
        arguments: [
            ("x = 0", "0"), ("x = 42", "42"), ("x = 1_000_000", "1000000"), ("x = 0x1F", "31"), ("x = 0XfF", "255"),
            ("x = 0o17", "15"), ("x = 0b1010", "10"), ("x = 0x_ff", "255"), ("x = -5", "-5"), ("x = +5", "5"),
            ("x = --5", "5"), ("x = - 5", "-5"), ("x = 000", "0"), ("x = 9223372036854775807", "9223372036854775807"),
            ("x = -9223372036854775808", "-9223372036854775808"), ("x = -(3)", "-3"),
        ])
    func integers(source: String, expected: String) {
        #expect(renderedValue(source) == expected)
    }

    @Test(
        "Floats in every notation",
        arguments: [
            ("x = 1.5", "1.5"), ("x = 1e-3", "0.001"), ("x = 1E3", "1000.0"), ("x = .5", "0.5"), ("x = 5.", "5.0"),
            ("x = -0.5", "-0.5"), ("x = 1_000.5", "1000.5"), ("x = 1.5e+2", "150.0"), ("x = 0.1", "0.1"),
            ("x = 2.5e-3_0", "2.5e-30"), ("x = 0.0", "0.0"), ("x = -0.0", "-0.0"), ("x = 5e-324", "5e-324"),
            ("x = 1.7976931348623157e308", "1.7976931348623157e+308"), ("x = float('inf')", "inf"),
        ])
    func floats(source: String, expected: String) {
        #expect(renderedValue(source) == expected)
    }

    @Test(
        "Special float values and constants",
        arguments: [
            ("x = float('nan')", "nan"), ("x = float(\"inf\")", "inf"), ("x = float(\"-inf\")", "-inf"),
            ("x = float('Infinity')", "inf"), ("x = float(' -1_000.5 ')", "-1000.5"), ("x = float(3)", "3.0"),
            ("x = float(-2.5)", "-2.5"), ("x = float()", "0.0"), ("x = np.nan", "nan"), ("x = np.inf", "inf"),
            ("x = -np.inf", "-inf"), ("x = numpy.nan", "nan"), ("x = math.inf", "inf"), ("x = math.nan", "nan"),
            ("x = -float('inf')", "-inf"), ("x = int(3.9)", "3"), ("x = int(-3.9)", "-3"), ("x = int('42')", "42"),
            ("x = int(-7)", "-7"), ("x = int()", "0"),
        ])
    func specials(source: String, expected: String) {
        #expect(renderedValue(source) == expected)
    }

    @Test(
        "Strings in every quote style, with prefixes and escapes",
        arguments: [
            (#"x = 'a'"#, "a"), (#"x = "a""#, "a"), ("x = '''a\nb'''", "a\nb"), ("x = \"\"\"a\"b\"\"\"", "a\"b"),
            (#"x = r'\n'"#, "\\n"), (#"x = R"\d+""#, "\\d+"), (#"x = u'é'"#, "é"), (#"x = U"x""#, "x"),
            (#"x = 'a\nb\tc'"#, "a\nb\tc"), (#"x = 'back\\slash'"#, "back\\slash"), (#"x = 'it\'s'"#, "it's"),
            (#"x = "say \"hi\"""#, "say \"hi\""), (#"x = '\x41'"#, "A"), (#"x = '\u00e9'"#, "é"),
            (#"x = '\U0001F600'"#, "😀"), (#"x = '\101\0'"#, "A\0"), ("x = 'one \\\ntwo'", "one two"),
            (#"x = '\a\b\f\v\r'"#, "\u{07}\u{08}\u{0C}\u{0B}\r"), (#"x = ''"#, ""), (#"x = r'\''"#, "\\'"),
            (#"x = 'a' "b" 'c'"#, "abc"), ("x = ('a'\n     'b')", "ab"), ("x = ['x' # c\n 'y']", "[\"xy\"]"),
            ("x = '''l1\r\nl2'''", "l1\nl2"), (#"x = "naïve size""#, "naïve size"),
        ])
    func strings(source: String, expected: String) {
        let rendered = renderedValue(source)
        if expected.hasPrefix("[") {
            #expect(rendered == expected)
        } else {
            #expect(rendered == String(reflecting: expected))
        }
    }

    @Test(
        "True, False, None",
        arguments: [("x = True", "True"), ("x = False", "False"), ("x = None", "None")])
    func keywords(source: String, expected: String) {
        #expect(renderedValue(source) == expected)
    }

    @Test(
        "Containers, nesting and trailing commas",
        arguments: [
            ("x = []", "[]"), ("x = [1, 2, 3]", "[1, 2, 3]"), ("x = [1, 2, 3,]", "[1, 2, 3]"), ("x = ()", "()"),
            ("x = (1,)", "(1,)"), ("x = (1)", "1"), ("x = (1, 'a', None)", "(1, \"a\", None)"), ("x = 1, 2", "(1, 2)"),
            ("x = 1,", "(1,)"), ("x = {}", "{}"), ("x = {'a': 1, 'b': [2.5]}", "{\"a\": 1, \"b\": [2.5]}"),
            ("x = {1: 'one', (2, 3): None,}", "{1: \"one\", (2, 3): None}"),
            ("x = [[1, [2, [3]]], {'k': (4,)}]", "[[1, [2, [3]]], {\"k\": (4,)}]"),
            ("x = [\n  1,  # one\n  # a full-line comment\n  2,\n]", "[1, 2]"), ("x = [1, \\\n 2]", "[1, 2]"),
            ("x = \\\n  5", "5"), ("x = ((),)", "((),)"), ("x = [-1, +2.5, -np.inf]", "[-1, 2.5, -inf]"),
        ])
    func containers(source: String, expected: String) {
        #expect(renderedValue(source) == expected)
    }

    @Test(
        "Pure constructors around literals",
        arguments: [
            ("x = np.array([1, 2])", "[1, 2]", "np.array"), ("x = np.asarray((1, 2))", "[1, 2]", "np.asarray"),
            ("x = numpy.array([[1, 2], (3, 4)])", "[[1, 2], [3, 4]]", "numpy.array"),
            ("x = np.array([1, 2.5], dtype=float)", "[1.0, 2.5]", "np.array"),
            ("x = np.array([1, 2], dtype=np.float64)", "[1.0, 2.0]", "np.array"),
            ("x = np.array([1, 2], dtype='float32')", "[1.0, 2.0]", "np.array"),
            ("x = np.array([1, 2], dtype=int)", "[1, 2]", "np.array"), ("x = list((1, 2))", "[1, 2]", "list"),
            ("x = tuple([1, 2])", "(1, 2)", "tuple"), ("x = list()", "[]", "list"),
            ("x = dict(a=1, b='two')", "{\"a\": 1, \"b\": \"two\"}", "dict"), ("x = dict()", "{}", "dict"),
            ("x = dict({'a': 1})", "{\"a\": 1}", "dict"), ("x = float('nan')", "nan", "float"),
            ("x = np.array(\n    [1,\n     2],\n)", "[1, 2]", "np.array"),
        ])
    func constructors(source: String, expected: String, constructor: String) {
        #expect(renderedValue(source) == expected)
        #expect(parseCell(source).assignments.first?.value?.constructor == constructor)
    }

    @Test("Annotated assignments keep the annotation as written")
    func annotations() {
        let (assignments, diagnostics) = parseCell(
            "a: float = 2.25\nb: list[str] = ['x']\nc: \"NoneType\" = None\nd: Dict[str, int] = {}")
        #expect(diagnostics.isEmpty)
        #expect(assignments.map(\.annotation) == ["float", "list[str]", "\"NoneType\"", "Dict[str, int]"])
        #expect(assignments.map { render($0.value) } == ["2.25", "[\"x\"]", "None", "{}"])
    }

    @Test("Harmless statements are skipped silently")
    func harmless() {
        let source = """
            \"\"\"Parameters of the model.\"\"\"
            import numpy as np
            from math import inf
            from x import (a,
                           b)
            pass

            # comment only
            alpha = 0.5; beta = 2
            'a bare string'
            import math; gamma = 3
            """
        let (assignments, diagnostics) = parseCell(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(assignments.map(\.name) == ["alpha", "beta", "gamma"])
    }

    @Test("Locations: names and literals point at their first character")
    func locations() {
        let (assignments, _) = parseCell("# header\n\nnaïve = [1,\n   -2.5, 'é']")
        let assignment = assignments[0]
        #expect(assignment.location.line == 3 && assignment.location.column == 1 && assignment.location.cell == 1)
        let value = assignment.value
        #expect(value?.location.line == 3 && value?.location.column == 9)
        let items = value?.elements ?? []
        #expect(items.map { [$0.location.line ?? 0, $0.location.column ?? 0] } == [[3, 10], [4, 4], [4, 10]])
        #expect(items.first?.location.file == "test.ipynb")
    }

    @Test("Columns count Unicode scalars, not bytes or UTF-16 units")
    func unicodeColumns() {
        let (assignments, _) = parseCell("s = '😀é'; t = 1")
        #expect(assignments[1].location.column == 11)
    }

    @Test("Deep but allowed nesting parses")
    func deepNesting() {
        let depth = 150
        let source = "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let (assignments, diagnostics) = parseCell(source)
        #expect(diagnostics.isEmpty)
        var value = assignments.first?.value
        var levels = 0
        while let items = value?.elements {
            levels += 1
            value = items.first
        }
        #expect(levels == depth)
    }

    @Test("A long literal parses quickly")
    func longLiteral() {
        let numbers = (0..<20_000).map { "\(Double($0) / 7)" }.joined(separator: ", ")
        let (assignments, diagnostics) = parseCell("weights = [\(numbers)]")
        #expect(diagnostics.isEmpty)
        #expect(assignments.first?.value?.elements?.count == 20_000)
        #expect(assignments.first?.value?.elements?.last?.number == 19_999.0 / 7)
    }
}
