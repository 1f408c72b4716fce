import NBCore
import Testing

@testable import NotebookReader

/// The `model` cell: what is translated, and every unsupported construct refused at its line and column, all at
/// once.
@Suite("Model cell: the hand-written function subset")
struct ModelCellTests {
    static func read(_ source: String) -> (ModelCell?, [Diagnostic]) {
        PyFunctionParser.read(source, file: "nb.ipynb", cell: 3)
    }

    @Test("Functions, helpers, tables, imports and every supported statement are read")
    func supported() throws {
        let source = """
            import math
            import numpy as np

            LIMITS = {"a": 1, 2: -0.5, 3.5: "x"}
            SCALE = -2


            def _helper(v, w=3):
                return v * w


            def model(x: float, n: int = 2, flag: bool = False, kind: str = "a") -> float:
                \"\"\"Docstring.\"\"\"
                y = x ** 2 // 3 % 7
                y += _helper(x)
                if 0 < x <= 10 and not flag:
                    y = math.exp(x) if kind == "a" else np.clip(x, -1, 1)
                elif x < 0 or n >= 3:
                    pass
                else:
                    return LIMITS.get(kind, SCALE)
                return round(abs(y - LIMITS[kind]), 2) + min(x, n) + max(1, 2, 3)
            """
        let (cell, diagnostics) = Self.read(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let read = try #require(cell)
        #expect(read.functions.map(\.name) == ["_helper", "model"])
        #expect(read.constants.map(\.name) == ["LIMITS", "SCALE"])
        let model = try #require(read.functions.last)
        #expect(model.arguments.map(\.annotation) == ["float", "int", "bool", "str"])
        #expect(model.arguments[1].defaultValue == .int(2))
        #expect(model.body.count == 4)
    }

    @Test("Every unsupported construct is refused at its place, all in one pass")
    func refusals() {
        let source = """
            import os
            from math import exp


            def model(x: float) -> float:
                total = 0
                for i in range(3):
                    total += i
                values = [1, 2, 3]
                f = lambda v: v
                while x > 0:
                    x -= 1
                global counter
                return x if x in (1, 2) else total
            """
        let (cell, diagnostics) = Self.read(source)
        #expect(cell == nil)
        let places = diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" }
        // import os, from ... import, for, a list, lambda, while, global, `in`.
        #expect(places == ["1:1", "2:1", "7:5", "9:14", "10:9", "11:5", "13:5", "14:19"], "\(diagnostics)")
        #expect(diagnostics.allSatisfy { $0.severity == .error && $0.location?.cell == 3 })
        #expect(diagnostics.allSatisfy { !$0.help.isEmpty })
    }

    @Test("Unknown functions, wrong argument counts and recursion are refused")
    func calls() {
        let source = """
            def a(x):
                return b(x) + print(x)


            def b(x, y):
                return a(x)
            """
        let (cell, diagnostics) = Self.read(source)
        #expect(cell == nil)
        let messages = diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("calls `print`, which is not a function of the model cell") })
        #expect(messages.contains { $0.contains("calls `b` with 1 argument(s)") })
        #expect(messages.contains { $0.contains("`a` calls itself (recursion)") })
    }

    @Test("A cell without a function says what to write")
    func noFunction() {
        let (cell, diagnostics) = Self.read("x = 1\n")
        #expect(cell == nil)
        #expect(diagnostics.contains { $0.id == NotebookDiagnosticID.modelFunction })
    }
}
