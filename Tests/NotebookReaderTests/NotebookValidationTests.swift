import Foundation
import NBCore
import Testing

@testable import NotebookReader

@Suite("nbformat 4 validation")
struct NotebookValidationTests {
    @Test("A minimal valid notebook reads, with source as a string or a list of lines")
    func minimal() throws {
        let data = notebookData(
            minor: 5,
            cells: [
                codeCell(["a = 1\n", "b = 2"], tags: ["parameters"], id: "c1"),
                codeCell("a = 1\nb = 2", id: "c2"),
                ["cell_type": "raw", "source": "raw text", "metadata": ["format": "text/plain"], "id": "c3"],
            ])
        let (document, warnings) = try NotebookReader.read(data: data, file: "nb.ipynb")
        #expect(warnings.isEmpty)
        #expect(document.nbformat == 4 && document.nbformatMinor == 5)
        #expect(document.kernelName == "python3" && document.kernelLanguage == "python")
        #expect(document.cells.map(\.number) == [1, 2, 3])
        #expect(document.cells.map(\.id) == ["c1", "c2", "c3"])
        #expect(document.cells[0].source == document.cells[1].source)
        #expect(document.cells[0].tags == ["parameters"])
        #expect(document.cells[2].type == .raw)
    }

    /// Each case: a broken cell (as JSON), the diagnostic id and the JSON path it must name (cell 1).
    static let cellCases: [(String, String, String, String)] = [
        (
            "markdown without source", #"{"cell_type": "markdown", "metadata": {}}"#, NotebookDiagnosticID.missingKey,
            "cells[0].source"
        ),
        (
            "source not text", #"{"cell_type": "markdown", "metadata": {}, "source": 3}"#,
            NotebookDiagnosticID.wrongType, "cells[0].source"
        ),
        (
            "source list with a number", #"{"cell_type": "markdown", "metadata": {}, "source": ["a", 1]}"#,
            NotebookDiagnosticID.wrongType, "cells[0].source[1]"
        ),
        (
            "heading cell", #"{"cell_type": "heading", "metadata": {}, "source": "T", "level": 1}"#,
            NotebookDiagnosticID.badValue, "cells[0].cell_type"
        ),
        (
            "unknown cell type", #"{"cell_type": "python", "metadata": {}, "source": ""}"#,
            NotebookDiagnosticID.badValue, "cells[0].cell_type"
        ),
        (
            "cell without type", #"{"metadata": {}, "source": ""}"#, NotebookDiagnosticID.missingKey,
            "cells[0].cell_type"
        ),
        ("cell not an object", #"[]"#, NotebookDiagnosticID.wrongType, "cells[0]"),
        (
            "metadata missing", #"{"cell_type": "raw", "source": ""}"#, NotebookDiagnosticID.missingKey,
            "cells[0].metadata"
        ),
        (
            "tags not a list",
            #"{"cell_type": "code", "metadata": {"tags": "parameters"}, "source": "", "outputs": [], "execution_count": null}"#,
            NotebookDiagnosticID.wrongType, "cells[0].metadata.tags"
        ),
        (
            "tag not a string",
            #"{"cell_type": "code", "metadata": {"tags": ["a", 2]}, "source": "", "outputs": [], "execution_count": null}"#,
            NotebookDiagnosticID.wrongType, "cells[0].metadata.tags[1]"
        ),
        (
            "duplicate tag",
            #"{"cell_type": "code", "metadata": {"tags": ["a", "a"]}, "source": "", "outputs": [], "execution_count": null}"#,
            NotebookDiagnosticID.badValue, "cells[0].metadata.tags[1]"
        ),
        (
            "tag with a comma",
            #"{"cell_type": "code", "metadata": {"tags": ["a,b"]}, "source": "", "outputs": [], "execution_count": null}"#,
            NotebookDiagnosticID.badValue, "cells[0].metadata.tags[0]"
        ),
        (
            "code without outputs", #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": null}"#,
            NotebookDiagnosticID.missingKey, "cells[0].outputs"
        ),
        (
            "code without execution_count", #"{"cell_type": "code", "metadata": {}, "source": "", "outputs": []}"#,
            NotebookDiagnosticID.missingKey, "cells[0].execution_count"
        ),
        (
            "execution count a float",
            #"{"cell_type": "code", "metadata": {}, "source": "", "outputs": [], "execution_count": 1.5}"#,
            NotebookDiagnosticID.wrongType, "cells[0].execution_count"
        ),
        (
            "execution count a boolean",
            #"{"cell_type": "code", "metadata": {}, "source": "", "outputs": [], "execution_count": true}"#,
            NotebookDiagnosticID.wrongType, "cells[0].execution_count"
        ),
        (
            "negative execution count",
            #"{"cell_type": "code", "metadata": {}, "source": "", "outputs": [], "execution_count": -1}"#,
            NotebookDiagnosticID.badValue, "cells[0].execution_count"
        ),
        (
            "stream name not a string",
            #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [{"output_type": "stream", "name": 1, "text": "x"}]}"#,
            NotebookDiagnosticID.wrongType, "cells[0].outputs[0].name"
        ),
        (
            "stream without text",
            #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [{"output_type": "stream", "name": "stdout"}]}"#,
            NotebookDiagnosticID.missingKey, "cells[0].outputs[0].text"
        ),
        (
            "v3 output type",
            #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [{"output_type": "pyout"}]}"#,
            NotebookDiagnosticID.badValue, "cells[0].outputs[0].output_type"
        ),
        (
            "error without traceback",
            #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [{"output_type": "error", "ename": "E", "evalue": "v"}]}"#,
            NotebookDiagnosticID.missingKey, "cells[0].outputs[0].traceback"
        ),
        (
            "traceback line a number",
            #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [{"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["a", 2]}]}"#,
            NotebookDiagnosticID.wrongType, "cells[0].outputs[0].traceback[1]"
        ),
        (
            "mime data a number",
            #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": 5}}]}"#,
            NotebookDiagnosticID.wrongType, "cells[0].outputs[0].data[\"image/png\"]"
        ),
        (
            "execute_result without execution_count",
            #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [{"output_type": "execute_result", "metadata": {}, "data": {}}]}"#,
            NotebookDiagnosticID.missingKey, "cells[0].outputs[0].execution_count"
        ),
        (
            "output with an unknown key",
            #"{"cell_type": "code", "metadata": {}, "source": "", "execution_count": 1, "outputs": [{"output_type": "stream", "name": "stdout", "text": "", "extra": 1}]}"#,
            NotebookDiagnosticID.unknownKey, "cells[0].outputs[0].extra"
        ),
        (
            "attachment not a bundle",
            #"{"cell_type": "markdown", "metadata": {}, "source": "", "attachments": {"a.png": "x"}}"#,
            NotebookDiagnosticID.wrongType, "cells[0].attachments[\"a.png\"]"
        ),
        (
            "attachments on a code cell",
            #"{"cell_type": "code", "metadata": {}, "source": "", "outputs": [], "execution_count": null, "attachments": {}}"#,
            NotebookDiagnosticID.unknownKey, "cells[0].attachments"
        ),
        (
            "unknown key in a cell", #"{"cell_type": "markdown", "metadata": {}, "source": "", "extra": 1}"#,
            NotebookDiagnosticID.unknownKey, "cells[0].extra"
        ),
        (
            "collapsed not a boolean",
            #"{"cell_type": "code", "metadata": {"collapsed": "yes"}, "source": "", "outputs": [], "execution_count": null}"#,
            NotebookDiagnosticID.wrongType, "cells[0].metadata.collapsed"
        ),
        (
            "scrolled not allowed",
            #"{"cell_type": "code", "metadata": {"scrolled": "no"}, "source": "", "outputs": [], "execution_count": null}"#,
            NotebookDiagnosticID.wrongType, "cells[0].metadata.scrolled"
        ),
        (
            "execution timing not a string",
            #"{"cell_type": "code", "metadata": {"execution": {"iopub.status.busy": 1}}, "source": "", "outputs": [], "execution_count": null}"#,
            NotebookDiagnosticID.wrongType, "cells[0].metadata.execution[\"iopub.status.busy\"]"
        ),
        (
            "raw format not a string", #"{"cell_type": "raw", "metadata": {"format": 1}, "source": ""}"#,
            NotebookDiagnosticID.wrongType, "cells[0].metadata.format"
        ),
        (
            "empty cell name", #"{"cell_type": "raw", "metadata": {"name": ""}, "source": ""}"#,
            NotebookDiagnosticID.badValue, "cells[0].metadata.name"
        ),
    ]

    /// A 4.4 notebook around one cell given as JSON text.
    static func notebook(cell: String) -> Data {
        Data(#"{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [\#(cell)]}"#.utf8)
    }

    @Test("Each broken cell gives one error naming cell 1 and the JSON path", arguments: cellCases)
    func brokenCell(name: String, cell: String, id: String, path: String) throws {
        let (document, diagnostics) = readNotebook(Self.notebook(cell: cell))
        #expect(document == nil, "\(name)")
        #expect(diagnostics.count == 1, "\(name): \(diagnostics)")
        let error = try #require(diagnostics.first)
        #expect(error.id == id, "\(name): \(error)")
        #expect(error.location?.jsonPath == path, "\(name): \(error)")
        #expect(error.location?.cell == 1, "\(name)")
    }

    @Test("JSON mime types may hold any JSON value; other mime types need text")
    func jsonMimeTypes() {
        let output: [String: Any] = [
            "output_type": "display_data", "metadata": [:] as [String: Any],
            "data": [
                "application/json": ["a": 1], "application/vnd.custom+json": [1, 2], "text/plain": ["a", "b"],
            ],
        ]
        let (document, diagnostics) = readNotebook(notebookData(cells: [codeCell("", outputs: [output])]))
        #expect(document != nil && diagnostics.isEmpty, "\(diagnostics)")
    }

    @Test("All problems are collected before failing")
    func collectsAll() {
        let data = notebookData(
            cells: [
                markdownCell(3), codeCell("x", tags: ["a", "a"]),
                ["cell_type": "heading", "metadata": [:] as [String: Any]],
            ])
        let (_, diagnostics) = readNotebook(data)
        #expect(diagnostics.map { $0.location?.cell ?? 0 } == [1, 2, 3])
    }

    @Test(
        "Notebook-level problems",
        arguments: [
            (#"{"nbformat": 4, "nbformat_minor": 4, "cells": []}"#, NotebookDiagnosticID.missingKey, "metadata"),
            (#"{"nbformat": 4, "nbformat_minor": 4, "metadata": {}}"#, NotebookDiagnosticID.missingKey, "cells"),
            (#"{"nbformat": 4, "metadata": {}, "cells": []}"#, NotebookDiagnosticID.missingKey, "nbformat_minor"),
            (#"{"nbformat_minor": 4, "metadata": {}, "cells": []}"#, NotebookDiagnosticID.missingKey, "nbformat"),
            (
                #"{"nbformat": "4", "nbformat_minor": 4, "metadata": {}, "cells": []}"#, NotebookDiagnosticID.wrongType,
                "nbformat"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": -1, "metadata": {}, "cells": []}"#, NotebookDiagnosticID.badValue,
                "nbformat_minor"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": 4, "metadata": [], "cells": []}"#, NotebookDiagnosticID.wrongType,
                "metadata"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": {}}"#, NotebookDiagnosticID.wrongType,
                "cells"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": 4, "metadata": {"kernelspec": {"name": "p"}}, "cells": []}"#,
                NotebookDiagnosticID.missingKey, "metadata.kernelspec.display_name"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": 4, "metadata": {"kernelspec": "python"}, "cells": []}"#,
                NotebookDiagnosticID.wrongType, "metadata.kernelspec"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": 4, "metadata": {"language_info": {"name": 3}}, "cells": []}"#,
                NotebookDiagnosticID.wrongType, "metadata.language_info.name"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": 4, "metadata": {"authors": "me"}, "cells": []}"#,
                NotebookDiagnosticID.wrongType, "metadata.authors"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": 4, "metadata": {"orig_nbformat": 0}, "cells": []}"#,
                NotebookDiagnosticID.badValue, "metadata.orig_nbformat"
            ),
            (
                #"{"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [], "worksheets": []}"#,
                NotebookDiagnosticID.unknownKey, "worksheets"
            ),
            (
                #"{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}"#,
                NotebookDiagnosticID.unsupportedVersion, "nbformat"
            ),
            (
                #"{"nbformat": 5, "nbformat_minor": 0, "metadata": {}, "cells": []}"#,
                NotebookDiagnosticID.unsupportedVersion, "nbformat"
            ),
            (#"[1, 2]"#, NotebookDiagnosticID.wrongType, nil),
        ] as [(String, String, String?)])
    func notebookLevel(json: String, id: String, path: String?) throws {
        let (document, diagnostics) = readNotebook(Data(json.utf8))
        #expect(document == nil)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?.id == id, "\(diagnostics)")
        #expect(diagnostics.first?.location?.jsonPath == path, "\(diagnostics)")
    }

    @Test("metadata.title and authors are only checked from 4.2, as in the schemas")
    func titleFrom42() {
        let json = #"{"nbformat": 4, "nbformat_minor": 1, "metadata": {"authors": "me", "title": 1}, "cells": []}"#
        let (document, diagnostics) = readNotebook(Data(json.utf8))
        #expect(document != nil && diagnostics.isEmpty)
    }

    @Test("nbformat 3 is refused with the upgrade command")
    func version3() {
        let data = Data(#"{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}"#.utf8)
        let (_, diagnostics) = readNotebook(data, file: "old.ipynb")
        #expect(diagnostics.first?.message == "the notebook uses nbformat 3.0; nbship reads nbformat 4.0–4.5")
        #expect(
            diagnostics.first?.help.first == "upgrade it with `jupyter nbconvert --to notebook --nbformat 4 old.ipynb`")
    }

    @Test(
        "Invalid JSON is located at the line and column of the syntax error",
        arguments: [
            ("{\n  \"cells\": [1,,]\n}", 2, 15), ("{\n  \"é\": tru\n}", 2, 11), ("", nil, nil), ("{\"a\": [", 1, 8),
            ("[1] x", 1, 5),
        ] as [(String, Int?, Int?)])
    func invalidJSON(text: String, line: Int?, column: Int?) throws {
        let (document, diagnostics) = readNotebook(Data(text.utf8))
        #expect(document == nil)
        let error = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(error.id == NotebookDiagnosticID.invalidJSON)
        #expect(error.location?.line == line, "\(error)")
        #expect(error.location?.column == column, "\(error)")
    }

    @Test("A 4.5 cell id must match the pattern; missing and duplicate ids only warn")
    func cellIDs() {
        var cells = [codeCell("", id: "ok-1"), codeCell("", id: "ok-1"), codeCell(""), codeCell("")]
        var (document, diagnostics) = readNotebook(notebookData(minor: 5, cells: cells))
        #expect(document != nil)
        #expect(diagnostics.ids == [NotebookDiagnosticID.duplicateCellID, NotebookDiagnosticID.missingCellID])
        #expect(diagnostics.map { $0.location?.cell } == [2, 3])
        cells = [
            codeCell("", id: "bad id!"), codeCell("", id: String(repeating: "a", count: 65)), codeCell("", id: ""),
        ]
        (document, diagnostics) = readNotebook(notebookData(minor: 5, cells: cells))
        #expect(document == nil)
        #expect(diagnostics.ids == Array(repeating: NotebookDiagnosticID.badValue, count: 3))
        (document, diagnostics) = readNotebook(notebookData(minor: 4, cells: [codeCell("", id: "early")]))
        #expect(document != nil && diagnostics.ids == [NotebookDiagnosticID.unexpectedCellID])
    }

    @Test("A future minor version is read leniently, with a warning")
    func futureMinor() throws {
        var cell = codeCell("x = 1", tags: ["parameters"], id: "a")
        cell["future_key"] = true
        let cells: [[String: Any]] = [
            cell, ["cell_type": "sketch", "metadata": [:] as [String: Any], "id": "b"],
            codeCell("", outputs: [["output_type": "hologram", "payload": 1]], id: "c"),
        ]
        let (document, warnings) = try NotebookReader.read(data: notebookData(minor: 9, cells: cells), file: "f.ipynb")
        #expect(warnings.ids == [NotebookDiagnosticID.futureMinorVersion])
        #expect(document.nbformatMinor == 9)
        #expect(document.cells.map(\.type) == [.code, .unrecognized("sketch"), .code])
    }

    @Test("A 20 MB base64 image output reads quickly and is not kept")
    func largeOutput() throws {
        let base64 = String(repeating: "iVBORw0KGgoAAAANSUhEUgAA", count: 20_000_000 / 24)
        let output: [String: Any] = [
            "output_type": "display_data", "metadata": [:] as [String: Any],
            "data": ["image/png": base64, "text/plain": ["<Figure>"]],
        ]
        let data = notebookData(cells: [codeCell("x = 1", tags: ["parameters"], outputs: [output])])
        #expect(data.count > 20_000_000)
        let clock = ContinuousClock()
        var result: (NotebookExtract, [Diagnostic])?
        let elapsed = try clock.measure { result = try NotebookReader.readAndExtract(data: data, file: "big.ipynb") }
        #expect(elapsed < .seconds(5), "reading took \(elapsed)")
        #expect(result?.0.roleCells.first?.assignments.first?.value?.kind == .int(1))
        #expect(result?.1.isEmpty == true)
    }
}
