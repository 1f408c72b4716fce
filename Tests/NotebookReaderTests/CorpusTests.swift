import Foundation
import NBCore
import Testing

@testable import NotebookReader

#if NBSHIP_CORPUS_TESTS
    /// Runs the shared notebook corpus (`../shared/corpus/notebooks`) through the reader.
    ///
    /// A missing corpus fails these tests: they guard the reader's verdicts, so they must not silently pass.
    @Suite("Notebook corpus")
    struct CorpusTests {
        /// What nbship must conclude about a notebook.
        enum Verdict: Equatable, CustomStringConvertible {
            /// Read without errors or warnings.
            case accepted
            /// Read, with exactly these warnings.
            case acceptedWithWarnings([String])
            /// Refused with an error with this id (and possibly others).
            case refused(String)
            /// Refused with exactly these errors.
            case refusedExactly([String])

            var description: String {
                switch self {
                case .accepted: "accepted"
                case .acceptedWithWarnings(let ids): "accepted with warnings \(ids)"
                case .refused(let id): "refused with \(id)"
                case .refusedExactly(let ids): "refused with exactly \(ids)"
                }
            }
        }

        /// The policy: how each corpus category maps to a verdict, with per-file refinements.
        static func expectedVerdict(file: String, category: String) -> Verdict? {
            switch (category, file) {
            case ("valid-v4", _): return .accepted
            case ("valid-future-minor", _): return .acceptedWithWarnings([NotebookDiagnosticID.futureMinorVersion])
            case ("valid-v3", _), ("legacy-v2", _), ("invalid-conversion", _):
                return .refusedExactly([NotebookDiagnosticID.unsupportedVersion])
            case ("invalid", "invalid.ipynb"):
                return .refusedExactly([
                    NotebookDiagnosticID.missingKey, NotebookDiagnosticID.badValue, NotebookDiagnosticID.badValue,
                ])
            case ("invalid", "invalid_cell_id.ipynb"): return .refusedExactly([NotebookDiagnosticID.badValue])
            case ("invalid", "no_min_version.ipynb"): return .refusedExactly([NotebookDiagnosticID.missingKey])
            case ("invalid", _): return .refused(NotebookDiagnosticID.unsupportedVersion)  // the v3 ones
            case ("repairable", "invalid_unique_cell_id.ipynb"):
                return .acceptedWithWarnings([NotebookDiagnosticID.duplicateCellID])
            case ("repairable", "v4_5_no_cell_id.ipynb"):
                return .acceptedWithWarnings([NotebookDiagnosticID.missingCellID])
            case ("repairable", "v4_5_invalid_metadata.ipynb"): return .refused(NotebookDiagnosticID.wrongType)
            default: return nil
            }
        }

        struct Entry: Decodable {
            var file: String
            var category: String
        }

        struct Expectations: Decodable {
            var notebooks: [Entry]
        }

        static func loadExpectations() throws -> [Entry] {
            let url = corpusDirectory().appendingPathComponent("nbformat/expectations.json")
            guard let data = try? Data(contentsOf: url) else {
                Issue.record(
                    "the notebook corpus is missing: expected \(url.path) (the shared corpus next to the package)")
                return []
            }
            return try JSONDecoder().decode(Expectations.self, from: data).notebooks
        }

        @Test("Every nbformat corpus notebook gets the verdict of its category")
        func nbformatVerdicts() throws {
            let entries = try Self.loadExpectations()
            guard !entries.isEmpty else { return }
            #expect(entries.count >= 20)
            for entry in entries {
                let expected = try #require(
                    Self.expectedVerdict(file: entry.file, category: entry.category),
                    "no verdict policy for \(entry.file) (category \(entry.category))")
                let url = corpusDirectory().appendingPathComponent("nbformat").appendingPathComponent(entry.file)
                let data = try Data(contentsOf: url)
                let (document, diagnostics) = readNotebook(data, file: entry.file)
                let errors = diagnostics.errors.ids
                let warnings = diagnostics.warnings.ids
                switch expected {
                case .accepted:
                    #expect(document != nil && diagnostics.isEmpty, "\(entry.file): \(diagnostics)")
                case .acceptedWithWarnings(let ids):
                    #expect(document != nil && errors.isEmpty && warnings == ids, "\(entry.file): \(diagnostics)")
                case .refused(let id):
                    #expect(document == nil && errors.contains(id), "\(entry.file): \(diagnostics)")
                case .refusedExactly(let ids):
                    #expect(document == nil && errors == ids, "\(entry.file): \(diagnostics)")
                }
                for error in diagnostics.errors {
                    #expect(!error.message.isEmpty && error.location?.file == entry.file)
                }
            }
        }

        @Test("invalid.ipynb reports its three problems at their cells and paths")
        func invalidNotebookDetails() throws {
            let url = corpusDirectory().appendingPathComponent("nbformat/invalid.ipynb")
            guard let data = try? Data(contentsOf: url) else {
                Issue.record("the notebook corpus is missing: expected \(url.path)")
                return
            }
            let (_, diagnostics) = readNotebook(data, file: "invalid.ipynb")
            #expect(diagnostics.map { $0.location?.cell } == [1, 3, 4])
            #expect(
                diagnostics.map { $0.location?.jsonPath } == [
                    "cells[0].source", "cells[2].cell_type", "cells[3].outputs[0].output_type",
                ])
        }

        /// The verdicts for the papermill, nbconvert and nbclient notebooks (strict nbformat 4 schema).
        static let toolVerdicts: [String: String] = [
            // kernelspec without name and display_name: invalid for nbformat too.
            "nbclient/output.ipynb": NotebookDiagnosticID.missingKey,
            // Its parameters cell has `d = a == 3` and `= 2` (papermill's own test of uninspectable lines).
            "papermill/complex_parameters.ipynb": NotebookDiagnosticID.literalExpected,
        ]

        @Test("Every papermill, nbconvert and nbclient notebook reads without crashing")
        func toolNotebooks() throws {
            let root = corpusDirectory()
            var files: [String] = []
            for folder in ["papermill", "nbconvert", "nbclient"] {
                let base = root.appendingPathComponent(folder)
                guard let enumerator = FileManager.default.enumerator(atPath: base.path) else {
                    Issue.record("the notebook corpus is missing: expected \(base.path)")
                    return
                }
                for case let path as String in enumerator where path.hasSuffix(".ipynb") {
                    files.append("\(folder)/\(path)")
                }
            }
            #expect(files.count >= 60)
            for file in files.sorted() {
                let data = try Data(contentsOf: root.appendingPathComponent(file))
                do {
                    let (extract, diagnostics) = try NotebookReader.readAndExtract(data: data, file: file)
                    #expect(Self.toolVerdicts[file] == nil, "\(file) was expected to be refused")
                    #expect(extract.cellCount > 0 || file.contains("blank"), "\(file)")
                    #expect(diagnostics.isEmpty, "\(file): \(diagnostics)")
                } catch {
                    let id = Self.toolVerdicts[file]
                    #expect(id != nil && error.diagnostics.errors.ids.contains(id ?? ""), "\(file): \(error)")
                }
            }
        }

        @Test("papermill's complex_parameters notebook: parameters, annotations and help comments")
        func papermillParameters() throws {
            let url = corpusDirectory().appendingPathComponent("papermill/complex_parameters.ipynb")
            guard let data = try? Data(contentsOf: url) else {
                Issue.record("the notebook corpus is missing: expected \(url.path)")
                return
            }
            let (document, _) = try NotebookReader.read(data: data, file: "complex_parameters.ipynb")
            let (extract, diagnostics) = NotebookReader.extract(document)
            let cell = try #require(extract.cells(.parameters).first)
            #expect(cell.cellNumber == 1)
            let byName = Dictionary(uniqueKeysWithValues: cell.assignments.map { ($0.name, $0) })
            #expect(render(byName["a"]?.value) == "2.25" && byName["a"]?.annotation == "float")
            #expect(byName["a"]?.comment == "Variable a")
            #expect(render(byName["b"]?.value) == "[\"Hello\", \"World\"]")
            #expect(byName["b"]?.comment == "type: List[str] Nice list")
            #expect(byName["c"]?.annotation == "\"NoneType\"" && render(byName["c"]?.value) == "None")
            #expect(byName["d"] != nil && byName["d"]?.value == nil)
            #expect(diagnostics.errors.ids == [NotebookDiagnosticID.literalExpected, NotebookDiagnosticID.syntaxError])
            #expect(diagnostics.errors.allSatisfy { $0.location?.cell == 1 })
        }
    }
#endif
