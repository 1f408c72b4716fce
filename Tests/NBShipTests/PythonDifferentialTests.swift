import Foundation
import NBCore
import NotebookReader
import Testing

/// nbship's translation of a hand-written model function against CPython: `Fixtures/python/calls.csv`
/// (scripts/make_python_differential.py) holds 1,170 calls of one function covering every supported operator,
/// built-in and exception, with CPython's results. The reference evaluator must give every result bit for bit and
/// raise where CPython raises, the same exception; the compile-and-run test holds the generated code to the same.
@Suite("Hand-written Python models reproduce CPython")
struct PythonDifferentialTests {
    static let folder = BoosterFixtureTests.folder.appendingPathComponent("python")

    static func spec() throws -> ModelSpec {
        let file = folder.appendingPathComponent("differential.ipynb")
        let (notebook, _) = try NotebookReader.readAndExtract(data: try Data(contentsOf: file), file: file.path)
        return try SpecBuilder().build(SpecBuilder.Request(notebook: notebook, model: nil)).spec
    }

    @Test("Every call gives CPython's float, or raises CPython's exception")
    func differential() throws {
        let spec = try Self.spec()
        guard case .function(let function) = spec.model else {
            Issue.record("not a function model")
            return
        }
        #expect(function.entry == "calc")
        #expect(function.parameters == ["high", "low"])
        #expect(spec.inputs.map(\.name) == ["op", "i", "j", "x", "y"])
        let evaluator = SpecEvaluator(spec: spec)
        let rows = SimpleCSV.parse(
            try String(contentsOf: Self.folder.appendingPathComponent("calls.csv"), encoding: .utf8))
        #expect(rows.count >= 1000)
        var raised = 0
        var refused = 0
        var kinds: Set<String> = []
        for (index, row) in rows.enumerated() {
            let place = "calls.csv row \(index + 2) (\(row["op"] ?? ""))"
            var values: [String: FieldValue] = ["op": .text(row["op"] ?? "")]
            for name in ["i", "j", "x", "y"] { values[name] = .number(try #require(Double(row[name] ?? ""))) }
            let expected = row["error"] ?? ""
            switch Result(catching: { () throws(EvaluationError) -> EvaluationResult in try evaluator.evaluate(values) }
            ) {
            case .success(let result):
                #expect(
                    expected.isEmpty, "\(place): CPython raises \(expected), nbship gives \(result.prediction ?? .nan)")
                guard expected.isEmpty else { continue }
                let want = try #require(Double(row["prediction"] ?? ""))
                let got = try #require(result.prediction)
                #expect(
                    got.bitPattern == want.bitPattern || (got.isNaN && want.isNaN),
                    "\(place): \(got) vs CPython \(want)")
            case .failure(.python("OverflowError", let message))
            where message.contains("64 bits") && expected.isEmpty:
                // Documented: nbship computes int in 64 bits and raises where Python's int grows past them.
                let want = try #require(Double(row["prediction"] ?? ""))
                #expect(abs(want) >= 9.2e18, "\(place): refused an int of \(want)")
                refused += 1
            case .failure(.python(let kind, let message)):
                raised += 1
                kinds.insert(kind)
                #expect(
                    kind == expected,
                    "\(place): nbship raises \(kind) (\(message)), CPython \(expected.isEmpty ? "does not" : expected)")
            case .failure(let other):
                Issue.record("\(place): \(other)")
            }
        }
        #expect(raised >= 100)
        print(
            "python differential: \(rows.count) calls, \(raised) raise as in CPython, \(refused) ints beyond 64 bits refused"
        )
        #expect(
            kinds.isSuperset(of: ["ZeroDivisionError", "ValueError", "KeyError", "OverflowError", "UnboundLocalError"]))
    }

    @Test("The model cell's function becomes inputs, parameters and a regression")
    func shape() throws {
        let spec = try Self.spec()
        #expect(spec.inputs.map(\.type) == [.string, .integer, .integer, .double, .double])
        let low = try #require(spec.parameters.first { $0.name == "low" })
        #expect(low.role == .modelConstant && low.editable && low.value == .double(-2.5))
        #expect(spec.model.function == .regression)
        #expect(spec.examples.count == 12)
    }

    @Test("diff: a changed parameter is a patch, a changed line of the function a minor version, naming the line")
    func versions() throws {
        let spec = try Self.spec()
        guard case .function(var function) = spec.model else { return }
        var edited = spec
        let index = try #require(edited.parameters.firstIndex { $0.name == "high" })
        edited.parameters[index].value = .double(3)
        #expect(SpecDiff.compare(spec, edited).level == .patch)
        function.source = function.source.replacingOccurrences(of: "return -1", with: "return -2")
        let body = try #require(function.functions.last?.body)
        function.functions[function.functions.count - 1].body = body.dropLast() + [.returns(.int(-2), line: 98)]
        edited.model = .function(function)
        let diff = SpecDiff.compare(spec, edited)
        #expect(diff.level == .minor)
        let texts = diff.changes.map(\.summary)
        #expect(texts.contains { $0.contains("function `calc` changed") })
        #expect(texts.contains { $0.contains("+ line") && $0.contains("return -2") })
    }

    /// A notebook of code cells (source, tags), as JSON.
    static func notebook(_ cells: [(String, [String])]) throws -> Data {
        let json: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": ["kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"]],
            "cells": cells.enumerated().map { index, cell in
                [
                    "cell_type": "code", "id": "c\(index)", "metadata": ["tags": cell.1], "execution_count": NSNull(),
                    "outputs": [Any](), "source": cell.0,
                ] as [String: Any]
            },
        ]
        return try JSONSerialization.data(withJSONObject: json)
    }

    @Test("A function returning True/False is a decision; one returning text a label over its literals")
    func outputKinds() throws {
        let decision = try Self.notebook([
            ("limit = 38.0  # alarm temperature, unit: C\n", ["parameters"]),
            (
                "def alarm(temperature: float, on_ward: bool) -> bool:\n    return on_ward and temperature >= limit\n",
                ["model"]
            ),
        ])
        let (extract, _) = try NotebookReader.readAndExtract(data: decision, file: "alarm.ipynb")
        let spec = try SpecBuilder().build(SpecBuilder.Request(notebook: extract, model: nil)).spec
        #expect(spec.target.classes == ["False", "True"])
        #expect(spec.inputs.map(\.type) == [.double, .boolean])
        let evaluator = SpecEvaluator(spec: spec)
        #expect(try evaluator.evaluate(["temperature": .number(39), "on_ward": .text("True")]).label == "True")
        #expect(try evaluator.evaluate(["temperature": .number(39), "on_ward": .text("0")]).label == "False")
        #expect(try evaluator.evaluate(["temperature": .number(37.9), "on_ward": .text("true")]).label == "False")
        #expect(throws: EvaluationError.self) {
            try evaluator.evaluate(["temperature": .number(39), "on_ward": .text("maybe")])
        }
        let label = try Self.notebook([
            (
                "def band(x: float) -> str:\n    if x < 0:\n        return \"low\"\n    return \"high\" if x > 10 else \"mid\"\n",
                ["model"]
            )
        ])
        let (labelExtract, _) = try NotebookReader.readAndExtract(data: label, file: "band.ipynb")
        let labelSpec = try SpecBuilder().build(SpecBuilder.Request(notebook: labelExtract, model: nil)).spec
        #expect(labelSpec.target.classes == ["low", "high", "mid"])
        #expect(try SpecEvaluator(spec: labelSpec).evaluate(["x": .number(5)]).label == "mid")
        // Arguments without annotation or default take the type of the examples' values.
        let untyped = try Self.notebook([
            (
                "TABLE = {\"a\": 1.5, \"b\": 2.5}\n\n\ndef price(kind, count, urgent):\n    return TABLE[kind] * count + (1 if urgent else 0)\n",
                ["model"]
            ),
            ("EXAMPLES = [{\"kind\": \"a\", \"count\": 2, \"urgent\": True, \"prediction\": 4.0}]\n", ["examples"]),
        ])
        let (untypedExtract, _) = try NotebookReader.readAndExtract(data: untyped, file: "price.ipynb")
        let untypedSpec = try SpecBuilder().build(SpecBuilder.Request(notebook: untypedExtract, model: nil)).spec
        #expect(untypedSpec.inputs.map(\.type) == [.string, .integer, .boolean])
        let mixed = try Self.notebook([("def f(x):\n    if x:\n        return 'a'\n    return 1\n", ["model"])])
        let (mixedExtract, _) = try NotebookReader.readAndExtract(data: mixed, file: "mixed.ipynb")
        #expect {
            _ = try SpecBuilder().build(SpecBuilder.Request(notebook: mixedExtract, model: nil))
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.contains { $0.id == SpecDiagnosticID.functionName } == true
        }
    }
}
