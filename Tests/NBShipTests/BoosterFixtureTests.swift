import Foundation
import NBCore
import NBShipApp
import Testing

/// Every objective, missing-value rule and tree layout the booster and ONNX readers claim, scored by nbship's
/// reference evaluator and compared with the runtime's own predictions bit for bit (`Fixtures/boosters`, made by
/// `scripts/make_booster_fixtures.py`; `Fixtures/onnx`, made by `scripts/make_onnx_fixtures.py`, scored by
/// onnxruntime with one thread). The generated code computes what the evaluator computes; the native samples'
/// compile-and-run test holds that.
@Suite("Booster and ONNX fixtures: the reference evaluator equals XGBoost, LightGBM and onnxruntime")
struct BoosterFixtureTests {
    static let folder = TestPaths.root.appendingPathComponent("Tests/NBShipTests/Fixtures")

    /// `boosters/<case>.json` and `onnx/<case>.onnx`, ...
    static var cases: [String] {
        var found: [String] = []
        for sub in ["boosters", "onnx", "onnx-pipelines"] {
            let files =
                (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? []
            found += files.filter { file in
                [".json", ".ubj", ".txt", ".onnx"].contains { file.hasSuffix($0) } && file != "bounds.json"
            }
            .map { "\(sub)/\($0)" }
        }
        return found.sorted()
    }

    /// Fixtures nbship refuses, with the words the refusal must say.
    static let refused: [String: String] = [:]

    /// What `onnx-pipelines/bounds.json` says a case holds: bit for bit, or within the stated bounds (MLAS's
    /// approximate logistic, MLPs computed by onnxruntime in float32 GEMMs).
    static let bounds: [String: Bool] = {
        let url = folder.appendingPathComponent("onnx-pipelines/bounds.json")
        guard let data = try? Data(contentsOf: url),
            let read = try? JSONDecoder().decode([String: String].self, from: data)
        else { return [:] }
        return Dictionary(uniqueKeysWithValues: read.map { ("onnx-pipelines/\($0.key).onnx", $0.value == "exact") })
    }()

    /// `<case>.csv` beside `<case>.json`, `.ubj` or `.txt`.
    static func rows(of file: String) -> URL {
        folder.appendingPathComponent((file as NSString).deletingPathExtension + ".csv")
    }

    @Test("There are fixtures of both boosters and every file has its rows")
    func complete() {
        let cases = Self.cases
        #expect(cases.filter { $0.hasPrefix("boosters/xgb-") }.count >= 15)
        #expect(cases.filter { $0.hasPrefix("boosters/lgb-") }.count >= 15)
        #expect(cases.filter { $0.hasPrefix("onnx/") }.count >= 10)
        #expect(cases.filter { $0.hasPrefix("onnx-pipelines/") }.count >= 16)
        #expect(Set(Self.bounds.keys) == Set(cases.filter { $0.hasPrefix("onnx-pipelines/") }))
        for file in cases {
            #expect(FileManager.default.fileExists(atPath: Self.rows(of: file).path), "\(file) has no rows")
        }
    }

    @Test("Every row, every output, exactly", arguments: cases)
    func exact(_ file: String) throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(file))
        if let says = Self.refused[file] {
            #expect {
                _ = try Converter.readModel(data: data, file: file)
            } throws: { error in
                (error as? DiagnosticError)?.diagnostics.contains { $0.message.contains(says) } == true
            }
            return
        }
        let (model, source) = try Converter.readModel(data: data, file: file)
        let (spec, _) = try SpecBuilder().build(SpecBuilder.Request(notebook: nil, model: model, sources: [source]))
        let evaluator = SpecEvaluator(spec: spec)
        let rows = SimpleCSV.parse(try String(contentsOf: Self.rows(of: file), encoding: .utf8))
        #expect(rows.count >= 20)
        let inputNames = Set(model.inputs.map(\.name))
        let textInputs = Set(model.inputs.filter { $0.type == .string }.map(\.name))
        var compared = 0
        var worst = 0.0
        defer { if Self.bounds[file] == false { print("\(file): \(rows.count) rows, worst difference \(worst)") } }
        for (index, row) in rows.enumerated() {
            var values: [String: FieldValue] = [:]
            for (name, text) in row where inputNames.contains(name) {
                values[name] =
                    text.isEmpty
                    ? .missing : textInputs.contains(name) ? .text(text) : .number(try #require(Double(text)))
            }
            let result = try evaluator.evaluate(values)
            if Self.bounds[file] == false {
                worst = max(worst, try expectWithinBounds(result, row, inputNames, "\(file) row \(index + 2)"))
                compared += row.count - inputNames.count
                continue
            }
            for (column, text) in row where !inputNames.contains(column) {
                compared += 1
                if column == "label" {
                    #expect(result.label == text, "\(file) row \(index + 2): label \(result.label ?? "none")")
                } else if column == "prediction" {
                    #expect(
                        result.prediction == Double(text),
                        "\(file) row \(index + 2): \(result.prediction ?? .nan) vs \(text)")
                } else if column.hasPrefix("probability(") {
                    let label = String(column.dropFirst("probability(".count).dropLast())
                    let got = result.probabilities.first { $0.label == label }?.probability
                    #expect(got == Double(text), "\(file) row \(index + 2) \(column): \(got ?? .nan) vs \(text)")
                } else {
                    Issue.record("\(file): unknown column \(column)")
                }
            }
        }
        #expect(compared >= rows.count)
    }

    /// Probabilities within 1e-6, predictions within 1e-5 relative, the label equal unless the runtime's top two
    /// probabilities are within 1e-6.
    func expectWithinBounds(
        _ result: EvaluationResult, _ row: [String: String], _ inputs: Set<String>, _ place: String
    ) throws -> Double {
        var worst = 0.0
        var expected: [(label: String, probability: Double)] = []
        for (column, text) in row where column.hasPrefix("probability(") {
            let label = String(column.dropFirst("probability(".count).dropLast())
            let want = try #require(Double(text))
            expected.append((label, want))
            let got = try #require(
                result.probabilities.first { $0.label == label }?.probability, Comment(rawValue: "\(place) \(column)"))
            #expect(abs(got - want) <= 1e-6, "\(place) \(column): \(got) vs \(want)")
            worst = max(worst, abs(got - want))
        }
        if let text = row["prediction"] {
            let want = try #require(Double(text))
            let got = try #require(result.prediction, Comment(rawValue: place))
            #expect(abs(got - want) <= 1e-5 * max(abs(want), 1e-30), "\(place): \(got) vs \(want)")
            worst = max(worst, abs(got - want) / max(abs(want), 1e-30))
        }
        if let label = row["label"] {
            let sorted = expected.map(\.probability).sorted(by: >)
            let close = sorted.count >= 2 && sorted[0] - sorted[1] <= 1e-6
            #expect(result.label == label || close, "\(place): label \(result.label ?? "none") vs \(label)")
        }
        return worst
    }
}
