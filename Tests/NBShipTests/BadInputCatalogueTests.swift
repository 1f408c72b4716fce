import Foundation
import NBCore
import NBShipApp
import NBShipCLI
import Testing

/// One file per kind of broken input under `BadInputs/`, each pinned to the exact diagnostic id and location nbship
/// reports, so every error message a user can meet is held by a test. Notebooks are converted with the
/// `diabetes-linear` model file; model files alone.
@Suite("Bad-input catalogue")
struct BadInputCatalogueTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let id: String
        let cell: Int?
        let line: Int?
        let column: Int?
        /// Words the message must contain.
        let says: String
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(
            file: "model-loop.ipynb", id: "notebook.unsupported-statement", cell: 2, line: 3, column: 5,
            says: "`for` is not supported in a model function"),
        Case(
            file: "model-import-os.ipynb", id: "notebook.unsupported-statement", cell: 1, line: 1, column: 1,
            says: "may import only math and numpy"),
        Case(file: "empty.ipynb", id: "notebook.invalid-json", cell: nil, line: nil, column: nil, says: "empty"),
        Case(
            file: "truncated-json.ipynb", id: "notebook.invalid-json", cell: nil, line: 128, column: 8,
            says: "unexpected end of file"),
        Case(
            file: "nbformat-3.ipynb", id: "notebook.unsupported-version", cell: nil, line: nil, column: nil,
            says: "nbformat 3.0"),
        Case(
            file: "missing-cells.ipynb", id: "notebook.schema.missing-key", cell: nil, line: nil, column: nil,
            says: "no `cells`"),
        Case(
            file: "duplicate-cell-id.ipynb", id: "notebook.schema.duplicate-cell-id", cell: 2, line: nil, column: nil,
            says: "the same id"),
        Case(
            file: "parameters-syntax-error.ipynb", id: "notebook.literal-expected", cell: 1, line: 1, column: 17,
            says: "operator `+`"),
        Case(
            file: "parameters-not-a-literal.ipynb", id: "notebook.literal-expected", cell: 1, line: 2, column: 9,
            says: "it calls `np.log`"),
        Case(
            file: "number-overflow.ipynb", id: "notebook.syntax-error", cell: 1, line: 1, column: 11,
            says: "would become infinity"),
        Case(
            file: "example-disagrees.ipynb", id: "spec.example-mismatch", cell: 17, line: 2, column: 5,
            says: "expected 140.0"),
        Case(
            file: "misspelt-tag.ipynb", id: "notebook.unknown-tag", cell: 14, line: nil, column: nil,
            says: "did you mean `scaling`?"),
        Case(file: "empty.pmml", id: "pmml.xml-syntax", cell: nil, line: 1, column: nil, says: "empty"),
        Case(file: "not-xml.pmml", id: "pmml.xml-syntax", cell: nil, line: 1, column: 1, says: "not well-formed"),
        Case(file: "truncated.pmml", id: "pmml.xml-syntax", cell: nil, line: 21, column: 1, says: "Premature end"),
        Case(
            file: "external-entity.pmml", id: "pmml.xml-syntax", cell: nil, line: 4, column: 31,
            says: "external entity 'secret'"),
        Case(file: "deep-tree.pmml", id: "pmml.too-deep", cell: nil, line: 2, column: nil, says: "256 levels"),
        Case(
            file: "no-data-dictionary.pmml", id: "pmml.missing-element", cell: nil, line: 2, column: nil,
            says: "<DataDictionary>"),
        Case(
            file: "undeclared-field.pmml", id: "pmml.unknown-field", cell: nil, line: 31, column: nil,
            says: "'s7' names no DataField"),
        Case(file: "bad-number.pmml", id: "pmml.bad-number", cell: nil, line: 43, column: nil, says: "'1,25'"),
        Case(
            file: "unsupported-model.pmml", id: "pmml.unsupported-element", cell: nil, line: 6, column: nil,
            says: "<ClusteringModel>"),
        Case(
            file: "xgboost-truncated.json", id: "xgboost.syntax", cell: nil, line: nil, column: nil,
            says: "Unexpected end of file"),
        Case(
            file: "xgboost-truncated.ubj", id: "xgboost.syntax", cell: nil, line: nil, column: nil,
            says: "at byte 1498"),
        Case(
            file: "other-schema.json", id: "xgboost.schema", cell: nil, line: nil, column: nil,
            says: "not an XGBoost model"),
        Case(
            file: "xgboost-gblinear.json", id: "xgboost.unsupported", cell: nil, line: nil, column: nil,
            says: "`gblinear`"),
        Case(file: "pickled-model.pkl", id: "input.unknown-format", cell: nil, line: nil, column: nil, says: "pickle"),
        Case(
            file: "lightgbm-linear-tree.txt", id: "lightgbm.unsupported", cell: nil, line: 27, column: nil,
            says: "linear trees"),
        Case(
            file: "lightgbm-bad-threshold.txt", id: "lightgbm.syntax", cell: nil, line: 17, column: nil,
            says: "`threshold` has `abc`"),
        Case(
            file: "lightgbm-categorical-ambiguous.txt", id: "lightgbm.unsupported", cell: nil, line: 9, column: nil,
            says: "which names belong to which feature"),
        Case(
            file: "onnx-truncated.onnx", id: "onnx.syntax", cell: nil, line: nil, column: nil, says: "not a valid ONNX"),
        Case(
            file: "onnx-svm-pipeline.onnx", id: "onnx.unsupported", cell: nil, line: nil, column: nil,
            says: "(SVMRegressor, domain ai.onnx.ml) is not one nbship translates on the input columns"),
    ]

    static let folder = TestPaths.root.appendingPathComponent("Tests/NBShipTests/BadInputs")

    @Test("Every file in BadInputs/ has a case, and every case a file")
    func complete() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { !$0.hasPrefix(".") }
        #expect(Set(files) == Set(Self.cases.map(\.file)))
    }

    @Test("Each broken input gets its diagnostic at its place, and nothing is written", arguments: cases)
    func diagnostic(_ testCase: Case) throws {
        let work = try TestPaths.temporaryDirectory("bad-input")
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("out").path
        let path = Self.folder.appendingPathComponent(testCase.file).path
        let model = TestPaths.sample("diabetes-linear").appendingPathComponent("model.pmml").path
        let request =
            testCase.file.hasSuffix(".ipynb")
            ? Converter.Request(notebook: path, model: model, out: out)
            : Converter.Request(notebook: nil, model: path, out: out)
        var diagnostics: [Diagnostic] = []
        do {
            diagnostics = try Converter().convert(request).warnings
        } catch {
            diagnostics = error.diagnostics
        }
        let found = try #require(diagnostics.first { $0.id == testCase.id }, "\(diagnostics.map(\.description))")
        #expect(found.location?.file.hasSuffix(testCase.file) == true, "\(found)")
        #expect(found.location?.cell == testCase.cell, "\(found)")
        #expect(found.location?.line == testCase.line, "\(found)")
        #expect(found.location?.column == testCase.column, "\(found)")
        #expect(found.message.contains(testCase.says), "\(found.message)")
        if found.severity == .error {
            #expect(!FileManager.default.fileExists(atPath: out), "a failed conversion created \(out)")
        }
    }
}
