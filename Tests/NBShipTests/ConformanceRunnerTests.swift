import Foundation
import Testing

@testable import NBShipApp
@testable import NBShipCLI
@testable import NBShipConformance

/// The runner's plumbing: CSV, case selection, the batch package's names and compiler-error attribution, and
/// the `nbship conformance` command on real linear corpus cases.
@Suite("Conformance runner: plumbing and command", .serialized)
struct ConformanceRunnerTests {
    static let corpus = TestPaths.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    @Test("CSV keeps blanks and quotes, and reads a blank line of a one-column file as a missing cell")
    func csv() {
        let table = ConformanceCSV(parsing: "a,\"b \",c\r\n1,\"  female\",\"x,\"\"y\"\"\"\n\n")
        #expect(table.header == ["a", "b ", "c"])
        #expect(table.rows == [["1", "  female", "x,\"y\""], [""]])
        #expect(ConformanceCSV(parsing: table.text).rows == table.rows)
        #expect(ConformanceCSV(parsing: "prediction\n1.5\n\n2.5\n").rows == [["1.5"], [""], ["2.5"]])
    }

    @Test("--cases takes ids and globs; a pattern without '/' also matches the case name")
    func selection() {
        let ids = ["jpmml-rattle/RegressionAuto", "jpmml-rattle/KMeansIris", "cpmml/IrisTree", "cpmml/IrisLinearReg"]
        #expect(CaseSelection.select(ids, patterns: []) == ids)
        #expect(CaseSelection.select(ids, patterns: ["cpmml/*"]) == ["cpmml/IrisTree", "cpmml/IrisLinearReg"])
        #expect(
            CaseSelection.select(ids, patterns: ["Iris*, jpmml-rattle/RegressionAuto"])
                == ["jpmml-rattle/RegressionAuto", "cpmml/IrisTree", "cpmml/IrisLinearReg"])
        #expect(CaseSelection.select(ids, patterns: ["*Iris"]) == ["jpmml-rattle/KMeansIris"])
        #expect(CaseSelection.matches("j?mml-*/*Auto", "jpmml-rattle/RegressionAuto"))
        #expect(!CaseSelection.matches("nothing", "jpmml-rattle/RegressionAuto"))
    }

    @Test("Batch modules get stable unique names; compiler errors are attributed to their module")
    func batchPackage() {
        #expect(BatchBuild.moduleName(ordinal: 7, id: "dmg-pmml4s/sas_3.1_iris_tree") == "Case007Sas31iristree")
        #expect(BatchBuild.moduleName(ordinal: 142, id: "jpmml-rattle/RegressionAuto") == "Case142RegressionAuto")
        let output = """
            [3/9] Compiling Case007Sas31iristree Model.swift
            /tmp/x/package/Sources/Case007Sas31iristree/Model.swift:12:5: error: cannot find 'tree' in scope
            /tmp/x/package/Sources/Case007Sas31iristree/Model.swift:14:5: error: second error
            /tmp/x/package/Sources/ConformanceScorer/Case142RegressionAuto.swift:5:40: error: type 'Input' has no member 'columns'
            error: fatalError
            """
        let errors = BatchBuild.compilerErrors(in: output)
        #expect(errors.keys.sorted() == ["Case007Sas31iristree", "Case142RegressionAuto"])
        #expect(errors["Case007Sas31iristree"] == "Model.swift:12:5: error: cannot find 'tree' in scope")
    }

    #if NBSHIP_CORPUS_TESTS
        @Test("nbship conformance --no-compile on three linear corpus cases: a table, the summary line last, exit 0")
        func runsLinearCases() throws {
            guard FileManager.default.fileExists(atPath: Self.corpus.appendingPathComponent("pmml/index.json").path)
            else {
                Issue.record("the corpus is missing: \(Self.corpus.path); these tests need ../shared/corpus")
                return
            }
            let result = try Run.program(
                TestPaths.nbship,
                [
                    "conformance", "--corpus", Self.corpus.path, "--no-compile", "--cases",
                    "jpmml-transpiler/LinearRegressionAuto,jpmml-rattle/LogisticRegressionIris,"
                        + "dmg-pmml4s/general_multinomial_logistic",
                ])
            #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.last == "3 passed, 0 failed, 0 unsupported")
            let row = try #require(lines.first { $0.hasPrefix("jpmml-rattle/LogisticRegressionIris ") })
            #expect(row.contains("core"))
            #expect(row.contains("RegressionModel"))
            #expect(row.contains(" pass "))

            let json = try Run.program(
                TestPaths.nbship,
                [
                    "conformance", "--corpus", Self.corpus.path, "--no-compile", "--format", "json", "--cases",
                    "*/LinearRegressionAuto",
                ])
            let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
            #expect(object?["summary"] as? String == "1 passed, 0 failed, 0 unsupported")
            let cases = object?["cases"] as? [[String: Any]] ?? []
            let evaluator = cases.first?["evaluator"] as? [String: Any]
            #expect((evaluator?["checked"] as? Int ?? 0) >= 392)
            #expect((cases.first?["worst"] as? Double ?? 1) <= 1e-13)
        }
    #endif

    @Test("An unknown case pattern is a usage error; a missing corpus is reported clearly")
    func usageErrors() throws {
        let missing = try Run.program(TestPaths.nbship, ["conformance", "--corpus", "/nonexistent/corpus"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("the conformance corpus is missing"))
        #expect(missing.stderr.contains("/nonexistent/corpus/pmml/index.json"))
        #if NBSHIP_CORPUS_TESTS
            let none = try Run.program(
                TestPaths.nbship, ["conformance", "--corpus", Self.corpus.path, "--cases", "no/such-case"])
            #expect(none.status == 64)
            #expect(none.stderr.contains("matches none"))
        #endif
    }
}
