import Foundation
import NBCore
import NBShipApp
import NBShipCLI
import Testing

/// The notebook zoo (`Samples/zoo`, see its README): notebooks written and executed with scikit-learn,
/// sklearn2pmml, XGBoost, LightGBM and papermill the ways data scientists write them. Each case converts or is
/// refused as its `expected.json` says; every case that converts scores every row of its `rows.csv` (raw inputs,
/// the full pipeline's outputs computed by the producing library) with the reference evaluator on the built spec.
@Suite("Notebook zoo: conversions agree with the pipelines that made them")
struct ZooTests {
    static let folder = TestPaths.sample("zoo")

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/expected.json").path)
        }.sorted()
    }()

    struct Expected: Decodable {
        var outcome: String
        var diagnostic: String?
        var why: String
    }

    @Test("The zoo is there: at least 40 cases, with refusals of each kind")
    func zooIsComplete() throws {
        #expect(Self.cases.count >= 40)
        let expected = try Self.cases.map { try Self.expected($0) }
        let refusals = Set(expected.compactMap(\.diagnostic))
        #expect(refusals.isSuperset(of: ["spec.scaling-ambiguous", "spec.example-mismatch", "spec.scaling-mismatch"]))
        #expect(expected.filter { $0.outcome == "converts" }.count >= 30)
    }

    static func expected(_ name: String) throws -> Expected {
        try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: folder.appendingPathComponent("\(name)/expected.json")))
    }

    @Test(
        "Converts or is refused as expected; what converts scores rows.csv as the producing library did",
        arguments: cases)
    func zooCase(_ name: String) throws {
        let expected = try Self.expected(name)
        let report = Converter().check(
            Converter.Request(
                notebook: Self.folder.appendingPathComponent("\(name)/notebook.ipynb").path,
                model: Self.folder.appendingPathComponent("\(name)/model.pmml").path))
        let errors = report.diagnostics.filter { $0.severity == .error }
        if expected.outcome == "refused" {
            #expect(report.spec == nil, "\(name) converted, but \(expected.why)")
            #expect(
                errors.contains { $0.id == expected.diagnostic },
                "\(name): expected \(expected.diagnostic ?? "?"), got \(errors.map(\.id))")
            return
        }
        let spec = try #require(
            report.spec, "\(name) was refused: \(errors.map { "\($0.id): \($0.message)" }.joined(separator: "; "))")
        try Self.score(name, spec, report.understanding)
    }

    /// Scores every row; column names of rows.csv are the notebook's feature names (mapped to positional inputs
    /// where the model file has them); blank cells are missing values.
    static func score(_ name: String, _ spec: ModelSpec, _ understanding: Understanding) throws {
        let text = try String(contentsOf: folder.appendingPathComponent("\(name)/rows.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { SimpleCSV.split(String($0)) }
        let header = try #require(lines.first)
        let rows = lines.dropFirst()
        #expect(rows.count >= 100, "\(name): \(rows.count) rows")
        var inputFor: [String: InputSpec] = [:]
        for input in spec.inputs {
            inputFor[input.name] = input
            if let written = understanding.inputs.first(where: { $0.name == input.name })?.notebookName {
                inputFor[written] = input
            }
        }
        let outputs = Set(["label", "prediction", "decision"])
        let inputColumns = header.filter { !outputs.contains($0) && !$0.hasPrefix("probability(") }
        let read = inputColumns.compactMap { inputFor[$0]?.name }
        #expect(
            Set(read) == Set(spec.inputs.map(\.name)),
            "\(name): rows.csv gives \(read), the spec has \(spec.inputs.map(\.name))")
        let evaluator = SpecEvaluator(spec: spec)
        var worst = 0.0
        var problems: [String] = []
        for (index, cells) in rows.enumerated() {
            var row: [String: FieldValue] = [:]
            for (column, cell) in zip(header, cells) where !cell.isEmpty {
                guard let input = inputFor[column] else { continue }
                row[input.name] =
                    input.type.isNumeric ? Double(cell).map(FieldValue.number) ?? .text(cell) : .text(cell)
            }
            let result = try evaluator.evaluate(row)
            for (column, cell) in zip(header, cells) {
                let actual: Double?
                switch column {
                case "label":
                    if result.label != cell {
                        problems.append("row \(index + 1): label \(result.label ?? "none"), expected \(cell)")
                    }
                    continue
                case "decision":
                    if result.decision.map(String.init) != cell {
                        problems.append(
                            "row \(index + 1): decision \(result.decision.map(String.init) ?? "none"), expected \(cell)"
                        )
                    }
                    continue
                case "prediction": actual = result.prediction
                case let probability where probability.hasPrefix("probability("):
                    actual = result.probability(of: String(probability.dropFirst("probability(".count).dropLast()))
                default: continue
                }
                guard let want = Double(cell), let got = actual else {
                    problems.append("row \(index + 1) \(column): \(actual.map { "\($0)" } ?? "none"), expected \(cell)")
                    continue
                }
                if spec.model.computesInFloat {
                    // float32 models (XGBoost): within the documented ULP bound of float32 values.
                    let ulps =
                        Float(got) == Float(want)
                        ? 0 : abs(Double(Float(got)) - Double(Float(want))) / Double(Float(want).ulp)
                    worst = max(worst, ulps)
                    if ulps > Double(ExampleSpec.float32ULPs) {
                        problems.append("row \(index + 1) \(column): \(got), expected \(cell) (\(ulps) float32 ULPs)")
                    }
                } else {
                    let error = abs(got - want) <= 1e-15 ? 0 : abs(got - want) / max(abs(want), 1e-300)
                    worst = max(worst, error)
                    if error > 1e-9 { problems.append("row \(index + 1) \(column): \(got), expected \(cell)") }
                }
            }
        }
        #expect(problems.isEmpty, "\(name): \(problems.count) disagreements, first: \(problems.prefix(3))")
        print(
            "zoo \(name): \(rows.count) rows, worst \(spec.model.computesInFloat ? "float32 ULPs" : "relative error") \(worst)"
        )
    }
}
