import Foundation
import NBCore
import Testing

@testable import NotebookReader

/// Parses a cell source as cell 1 of `test.ipynb`.
func parseCell(_ source: String) -> (assignments: [PyAssignment], diagnostics: [Diagnostic]) {
    PythonLiteralParser.parse(source, file: "test.ipynb", cell: 1)
}

/// A compact, exact rendering of a literal without locations: `[1, 2.5, "a", (True,), {"k": None}]`.
func render(_ literal: PyLiteral?) -> String {
    guard let literal else { return "<nil>" }
    switch literal.kind {
    case .int(let value): return String(value)
    case .float(let value): return value.isNaN ? "nan" : "\(value)"
    case .string(let value): return String(reflecting: value)
    case .bool(let value): return value ? "True" : "False"
    case .none: return "None"
    case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
    case .tuple(let items):
        return "(" + items.map(render).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
    case .dict(let entries):
        return "{" + entries.map { "\(render($0.key)): \(render($0.value))" }.joined(separator: ", ") + "}"
    }
}

/// The value of the single assignment in `source`, rendered; records an issue if there are errors.
func renderedValue(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let (assignments, diagnostics) = parseCell(source)
    #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)", sourceLocation: sourceLocation)
    #expect(assignments.count == 1, "\(assignments)", sourceLocation: sourceLocation)
    return render(assignments.last?.value)
}

/// A source with a `⟨here⟩` marker: the text without it, and the marker's 1-based line and column
/// (counted in Unicode scalars, like the parser).
func marked(_ text: String) -> (source: String, line: Int, column: Int) {
    let marker = "⟨here⟩"
    guard let range = text.range(of: marker) else {
        Issue.record("no ⟨here⟩ marker in \(text)")
        return (text, 0, 0)
    }
    let before = text[..<range.lowerBound]
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    let column = (lines.last?.unicodeScalars.count ?? 0) + 1
    return (text.replacingCharacters(in: range, with: ""), lines.count, column)
}

/// Builds a notebook JSON document from cells given as JSON objects.
func notebookData(minor: Int = 4, cells: [[String: Any]], metadata: [String: Any]? = nil) -> Data {
    let notebook: [String: Any] = [
        "nbformat": 4, "nbformat_minor": minor, "cells": cells,
        "metadata": metadata ?? [
            "kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"],
            "language_info": ["name": "python"],
        ],
    ]
    // Sorted keys keep the bytes (and so JSON error positions) stable.
    return (try? JSONSerialization.data(withJSONObject: notebook, options: [.sortedKeys, .prettyPrinted])) ?? Data()
}

/// A code cell; `id` is added for 4.5 notebooks by the caller when needed.
func codeCell(_ source: Any, tags: [String]? = nil, outputs: [[String: Any]] = [], id: String? = nil) -> [String: Any] {
    var metadata: [String: Any] = [:]
    if let tags { metadata["tags"] = tags }
    var cell: [String: Any] = [
        "cell_type": "code", "source": source, "metadata": metadata, "outputs": outputs, "execution_count": NSNull(),
    ]
    if let id { cell["id"] = id }
    return cell
}

func markdownCell(_ source: Any, tags: [String]? = nil) -> [String: Any] {
    var metadata: [String: Any] = [:]
    if let tags { metadata["tags"] = tags }
    return ["cell_type": "markdown", "source": source, "metadata": metadata]
}

/// Reads a notebook, returning the diagnostics whether or not reading failed.
func readNotebook(_ data: Data, file: String = "test.ipynb") -> (NotebookDocument?, [Diagnostic]) {
    do {
        let (document, warnings) = try NotebookReader.read(data: data, file: file)
        return (document, warnings)
    } catch {
        return (nil, error.diagnostics)
    }
}

/// The shared corpus directory (`../shared/corpus/notebooks` next to the package), resolved from this file.
func corpusDirectory() -> URL {
    URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // NotebookReaderTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/notebooks")
}

extension Array where Element == Diagnostic {
    var errors: [Diagnostic] { filter { $0.severity == .error } }
    var warnings: [Diagnostic] { filter { $0.severity == .warning } }
    var ids: [String] { map(\.id) }
}
