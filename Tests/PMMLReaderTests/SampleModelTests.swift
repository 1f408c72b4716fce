import Foundation
import NBCore
import Testing

@testable import PMMLReader

/// The tree and ensemble samples in `Samples/`: each model file imported and every row of `rows.csv` scored with
/// the reference evaluator, against scikit-learn's (XGBoost's, LightGBM's) own outputs.
@Suite("Samples: trees and ensembles")
struct SampleModelTests {
    static let samples = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples")

    /// Relative agreement per sample: float64 producers to 1e-9; XGBoost computes in float32, and its outputs are
    /// float32 values, so they agree to float32 precision.
    static let cases: [(String, Double)] = [
        ("iris-decision-tree", 1e-12), ("diabetes-random-forest", 1e-12), ("breast-cancer-gradient-boosting", 1e-9),
        ("wine-xgboost", 1e-6), ("diabetes-lightgbm", 1e-9),
    ]

    @Test("Each sample's rows score as the producing library scored them", arguments: cases)
    func sample(_ name: String, _ tolerance: Double) throws {
        let folder = Self.samples.appendingPathComponent(name)
        let data = try Data(contentsOf: folder.appendingPathComponent("model.pmml"))
        let model = try PMMLReader.read(data: data, file: "\(name)/model.pmml")
        let target = try #require(model.target)
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: model.derivedFields, model: model.model, target: target)
        let table = try CSVTable.read(folder.appendingPathComponent("rows.csv"))
        var mismatches: [String] = []
        for (index, cells) in table.rows.enumerated() {
            var row: [String: FieldValue] = [:]
            for (column, cell) in zip(table.header, cells) where !cell.isEmpty { row[column] = .text(cell) }
            let result = try evaluator.evaluate(row)
            for (column, cell) in zip(table.header, cells) {
                let actual: Double?
                switch column {
                case "prediction": actual = result.prediction
                case "label":
                    if result.label != cell { mismatches.append("row \(index + 1): label \(result.label ?? "none")") }
                    continue
                case let name where name.hasPrefix("probability("):
                    actual = result.probability(of: String(name.dropFirst("probability(".count).dropLast()))
                default: continue
                }
                guard let expected = Double(cell), let actual,
                    abs(actual - expected) <= tolerance * max(abs(expected), 1e-3)
                else {
                    mismatches.append(
                        "row \(index + 1) \(column): expected \(cell), got \(actual.map { "\($0)" } ?? "none")")
                    continue
                }
            }
        }
        #expect(mismatches.isEmpty, "\(name): \(mismatches.count) mismatches, first \(mismatches.prefix(3))")
    }
}
