import Foundation
import NBCore
import Testing

@testable import PMMLReader

#if NBSHIP_CORPUS_TESTS
    /// Real-world PMML files from `../shared/corpus/pmml`, read in place (never copied into the project).
    @Suite("PMML corpus")
    struct CorpusTests {
        /// A corpus case whose top-level model is a RegressionModel or GeneralRegressionModel.
        struct Case: Sendable, CustomStringConvertible {
            var id: String
            var modelElement: String
            var description: String { id }
        }

        /// What reading one case gave.
        enum Outcome: Sendable {
            case imported(ImportedModel)
            case unsupported([Diagnostic])
            case failed([Diagnostic])
        }

        /// `/work/shared/corpus/pmml`, found from this file: Tests/PMMLReaderTests/ -> package root -> ../shared.
        static let corpusDirectory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/corpus/pmml").standardizedFileURL

        /// Imports measured in November 2026 with this reader (33 of 45); more support raises it, never lower it.
        static let minimumImports = 33

        /// Cases that are refused for a reason other than missing support, with the diagnostic id they must give.
        static let knownInvalid: [String: String] = [
            // A transformations-only fixture: its <RegressionTable/> has no intercept, which PMML requires.
            "jpmml-unit/TransformationDictionaryTest": PMMLDiagnosticID.missingAttribute
        ]

        /// The linear model elements; trees and ensembles have their own corpus test (`TreeCorpusTests`).
        static let linearElements: Set<String> = ["RegressionModel", "GeneralRegressionModel"]

        static func linearCases() throws -> [Case] {
            let index = corpusDirectory.appendingPathComponent("index.json")
            guard FileManager.default.fileExists(atPath: index.path) else {
                throw CorpusMissing(path: index.path)
            }
            let data = try Data(contentsOf: index)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let cases = object?["cases"] as? [[String: Any]] ?? []
            return cases.compactMap { entry in
                guard let id = entry["id"] as? String, let element = entry["model_element"] as? String,
                    linearElements.contains(element)
                else { return nil }
                return Case(id: id, modelElement: element)
            }
        }

        struct CorpusMissing: Error, CustomStringConvertible {
            var path: String
            var description: String {
                "the PMML corpus is missing: \(path) does not exist; the corpus tests need ../shared/corpus next to the package"
            }
        }

        static func outcome(_ testCase: Case) throws -> Outcome {
            let url = corpusDirectory.appendingPathComponent(testCase.id).appendingPathComponent("model.pmml")
            let data = try Data(contentsOf: url)
            do {
                return .imported(try PMMLReader.read(data: data, file: "\(testCase.id)/model.pmml"))
            } catch {
                let errors = error.diagnostics.filter { $0.severity == .error }
                let unsupported = !errors.isEmpty && errors.allSatisfy { $0.id.hasPrefix("pmml.unsupported-") }
                return unsupported ? .unsupported(error.diagnostics) : .failed(error.diagnostics)
            }
        }

        @Test("Every RegressionModel and GeneralRegressionModel case imports or is precisely unsupported")
        func linearCasesImportOrAreUnsupported() throws {
            let cases = try Self.linearCases()
            #expect(!cases.isEmpty, "index.json lists no RegressionModel or GeneralRegressionModel case")
            var imported: [String] = []
            var summary: [String] = []
            for testCase in cases {
                switch try Self.outcome(testCase) {
                case .imported(let model):
                    imported.append(testCase.id)
                    let warnings = model.diagnostics.map(\.id)
                    summary.append("imported     \(testCase.id)\(warnings.isEmpty ? "" : "  warnings: \(warnings)")")
                case .unsupported(let diagnostics):
                    let first = diagnostics.first { $0.severity == .error }
                    #expect(first?.location?.line != nil, "\(testCase.id): the refusal has no line")
                    summary.append("unsupported  \(testCase.id): \(first.map { "[\($0.id)] \($0.message)" } ?? "")")
                case .failed(let diagnostics) where Self.knownInvalid[testCase.id] != nil:
                    let expected = Self.knownInvalid[testCase.id] ?? ""
                    let errors = diagnostics.filter { $0.severity == .error }
                    #expect(errors.map(\.id) == [expected], "\(testCase.id)")
                    summary.append("invalid      \(testCase.id): [\(expected)] \(errors.first?.message ?? "")")
                case .failed(let diagnostics):
                    summary.append(
                        "FAILED       \(testCase.id):\n" + diagnostics.map(\.description).joined(separator: "\n"))
                    let details = diagnostics.map(\.description).joined(separator: "\n")
                    Issue.record("\(testCase.id) failed without a pmml.unsupported-* diagnostic:\n\(details)")
                }
            }
            let report = summary.joined(separator: "\n")
            print("PMML corpus, linear models: \(imported.count) of \(cases.count) import\n\(report)")
            #expect(imported.count >= Self.minimumImports)
        }

        @Test("sklearn2pmml's ModelVerification records become examples (jpmml-transpiler/LogisticRegressionIris)")
        func sklearnVerification() throws {
            let testCase = Case(id: "jpmml-transpiler/LogisticRegressionIris", modelElement: "RegressionModel")
            guard case .imported(let model) = try Self.outcome(testCase) else {
                Issue.record("\(testCase.id) did not import")
                return
            }
            #expect(model.producer == "SkLearn2PMML package 0.127.1")
            #expect(model.verification.count == 3)
            let first = try #require(model.verification.first)
            #expect(first.inputs["Sepal.Length"] == .number(5.7))
            #expect(first.inputs.count == 4)
            #expect(first.expectedProbabilities["versicolor"] == 0.8601780788770542)
            #expect(first.tolerance == 1e-13)
            #expect(model.target?.classes == ["setosa", "versicolor", "virginica"])
        }
    }
#endif
