import Foundation
import NBCore
import Testing

@testable import NotebookReader

@Suite("Notebook extraction")
struct ExtractTests {
    @Test("Title, markdown and role cells in notebook order")
    func extract() throws {
        let cells: [[String: Any]] = [
            markdownCell(["## Overview\n", "Predicts *progression*.\n"]),
            markdownCell("# Diabetes progression\n\n```python\n# not a heading\n```\n"),
            codeCell("alpha = 0.5  # regularisation", tags: ["parameters"]),
            codeCell("import numpy as np\nmeans = np.array([1.0, 2.0])", tags: ["remove_cell", "scaling"]),
            codeCell("alpha = 0.7", tags: ["injected-parameters"]),
            codeCell("print(alpha)"),
            codeCell("features = ['age', 'bmi']", tags: ["features", "examples"]),
        ]
        let data = notebookData(cells: cells)
        let (extract, diagnostics) = try NotebookReader.readAndExtract(data: data, file: "nb.ipynb")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(extract.title == "Diabetes progression")
        #expect(
            extract.markdown
                == "## Overview\nPredicts *progression*.\n\n# Diabetes progression\n\n```python\n# not a heading\n```")
        #expect(extract.cellCount == 7 && extract.kernelLanguage == "python" && extract.nbformatMinor == 4)
        #expect(extract.roleCells.map(\.role) == [.parameters, .scaling, .injectedParameters, .features, .examples])
        #expect(extract.roleCells.map(\.cellNumber) == [3, 4, 5, 7, 7])
        let alpha = try #require(extract.cells(.parameters).first?.assignments.first)
        #expect(alpha.comment == "regularisation" && alpha.location.cell == 3 && alpha.location.file == "nb.ipynb")
        #expect(extract.cells(.scaling).first?.assignments.first?.value?.constructor == "np.array")
    }

    @Test(
        "Headings: the first level-1 heading wins, else the first heading",
        arguments: [
            ("# Title", "Title"), ("Intro\n\n## Sub\n\n# Main #", "Main"), ("## Only sub", "Only sub"),
            ("Setext title\n============\n", "Setext title"), ("#NoSpace\n\n    # code\n", nil),
            ("   # Indented three  ", "Indented three"), ("~~~\n# fenced\n~~~\n# After", "After"),
        ] as [(String, String?)])
    func titles(markdown: String, title: String?) throws {
        let data = notebookData(cells: [markdownCell(markdown)])
        let (extract, _) = try NotebookReader.readAndExtract(data: data, file: "nb.ipynb")
        #expect(extract.title == title)
    }

    @Test(
        "Misspelt role tags warn with a did-you-mean; other tools' tags are silent",
        arguments: [
            ("paramters", "parameters"), ("scalling", "scaling"), ("example", "examples"), ("Parameters", "parameters"),
            ("injected_parameters", "injected-parameters"), ("nbship-features", "features"), ("feature", "features"),
            ("exmaples", "examples"), ("nbship-anything", nil),
        ] as [(String, String?)])
    func misspelt(tag: String, suggestion: String?) throws {
        let data = notebookData(cells: [codeCell("x = 1", tags: [tag])])
        let (extract, diagnostics) = try NotebookReader.readAndExtract(data: data, file: "nb.ipynb")
        #expect(extract.roleCells.isEmpty)
        #expect(diagnostics.ids == [NotebookDiagnosticID.unknownTag])
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.location?.jsonPath == "cells[0].metadata.tags[0]")
        if let suggestion {
            #expect(diagnostics.first?.message.hasSuffix("did you mean `\(suggestion)`?") == true, "\(diagnostics)")
        } else {
            #expect(diagnostics.first?.message.contains("did you mean") == false)
        }
    }

    @Test(
        "Ordinary tags are ignored silently",
        arguments: [
            "remove_cell", "skip-execution", "raises-exception", "hide-input", "papermill-error-cell-tag", "scale",
            "params",
        ])
    func ordinaryTags(tag: String) throws {
        let data = notebookData(cells: [codeCell("print(1)", tags: [tag])])
        let (extract, diagnostics) = try NotebookReader.readAndExtract(data: data, file: "nb.ipynb")
        #expect(extract.roleCells.isEmpty && diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test("A role tag on a markdown cell warns and the cell is ignored")
    func roleOnMarkdown() throws {
        let data = notebookData(cells: [markdownCell("alpha = 1", tags: ["parameters"])])
        let (extract, diagnostics) = try NotebookReader.readAndExtract(data: data, file: "nb.ipynb")
        #expect(extract.roleCells.isEmpty)
        #expect(diagnostics.ids == [NotebookDiagnosticID.roleOnNonCodeCell])
        #expect(diagnostics.first?.location?.cell == 1)
    }

    @Test("extract returns literal errors; readAndExtract throws them with every other diagnostic")
    func literalErrors() throws {
        let data = notebookData(
            cells: [markdownCell("# T"), codeCell("a = 1\nb = np.log(3)", tags: ["parameters", "paramters"])])
        let (document, _) = try NotebookReader.read(data: data, file: "nb.ipynb")
        let (extract, diagnostics) = NotebookReader.extract(document)
        #expect(extract.roleCells.first?.assignments.map(\.name) == ["a", "b"])
        #expect(extract.roleCells.first?.assignments.last?.value == nil)
        #expect(diagnostics.ids == [NotebookDiagnosticID.unknownTag, NotebookDiagnosticID.literalExpected])
        let error = try #require(diagnostics.errors.first)
        #expect(error.description.hasPrefix("nb.ipynb:cell 2:2:5: error: `np.log(3)` is not a literal"))
        #expect(throws: DiagnosticError.self) { try NotebookReader.readAndExtract(data: data, file: "nb.ipynb") }
        do {
            _ = try NotebookReader.readAndExtract(data: data, file: "nb.ipynb")
        } catch {
            #expect(error.diagnostics.ids == diagnostics.ids)
        }
    }
}
