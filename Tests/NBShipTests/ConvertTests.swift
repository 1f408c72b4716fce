import ArchiveKit
import Foundation
import NBCore
import NBShipApp
import NBShipCLI
import PackageGenerator
import Testing

/// Converts a bundled sample in-process.
func buildSample(_ name: String, version: String = "1.0.0") throws -> (spec: ModelSpec, package: GeneratedPackage) {
    let folder = TestPaths.sample(name)
    let result = try Converter().build(
        Converter.Request(
            notebook: folder.appendingPathComponent("notebook.ipynb").path,
            model: folder.appendingPathComponent("model.pmml").path, version: version))
    return (result.spec, result.package)
}

@Suite("Converting the bundled samples")
struct ConvertTests {
    @Test("Every sample converts without errors", arguments: TestPaths.samples)
    func samplesConvert(_ sample: String) throws {
        let (spec, package) = try buildSample(sample)
        #expect(!spec.examples.isEmpty)
        for path in [
            "Package.swift", "README.md", "manifest.json", "SHA256SUMS", "parameters.yaml", "parameters.schema.json",
            "model-spec.json",
        ] {
            #expect(package.file(at: path) != nil, "missing \(path)")
        }
    }

    @Test("The diabetes model file reads scaled inputs, so the notebook's scaling is applied")
    func notebookScalingApplied() throws {
        let (spec, _) = try buildSample("diabetes-linear")
        let notebookFields = spec.derivedFields.filter { $0.origin == .notebook }
        #expect(notebookFields.count == 10)
        #expect(notebookFields.first?.location?.cell != nil)
        #expect(spec.name == "diabetes-progression")
        #expect(
            spec.editableParameters.map(\.name) == ["bmi_min", "bmi_max", "prediction_min", "prediction_max"],
            "a regression's editable parameters are its guard rails, floor and cap")
        #expect(spec.guardRails.map(\.input) == ["bmi"])
        #expect(spec.trainingValues.contains { $0.name == "test_size" })
    }

    @Test("The breast cancer threshold defines a decision output")
    func thresholdDecision() throws {
        let (spec, _) = try buildSample("breast-cancer-logistic")
        let threshold = try #require(spec.parameter(.threshold))
        #expect(threshold.value == .double(0.35))
        #expect(threshold.editable)
        #expect(spec.outputs.map(\.name) == ["label", "probability(benign)", "probability(malignant)", "decision"])
        #expect(!spec.trainingValues.contains { $0.name == "threshold" })
        #expect(spec.trainingValues.contains { $0.name == "C" })
    }

    @Test("Building twice gives identical files")
    func deterministic() throws {
        let first = try buildSample("wine-multiclass").package
        let second = try buildSample("wine-multiclass").package
        #expect(first == second)
    }
}
