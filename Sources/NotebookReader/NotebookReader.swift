import Foundation
import NBCore

/// Reads Jupyter notebooks (nbformat 4.0–4.5) and extracts nbship's tagged cells, never running any code.
///
/// Reading is two steps so each can be tested alone:
/// 1. ``read(data:file:)`` parses the JSON and validates it against the nbformat 4 schema rules, collecting every
///    problem before failing once.
/// 2. ``extract(_:)`` finds the cells tagged with an nbship role (``CellRole``), parses them as Python literals
///    with ``PythonLiteralParser``, and collects the notebook's prose.
public enum NotebookReader {
    /// Parses and validates a notebook.
    ///
    /// - Parameters:
    ///   - data: The bytes of the `.ipynb` file.
    ///   - file: The path as the user gave it, used in diagnostics.
    /// - Returns: The document and the warnings found (for example a missing cell id, or a newer minor version).
    /// - Throws: A `DiagnosticError` with every problem (errors and warnings) when the notebook is not valid JSON,
    ///   is not nbformat 4, or breaks a schema rule.
    public static func read(
        data: Data, file: String, limits: InputLimits = InputLimits()
    ) throws(DiagnosticError) -> (NotebookDocument, [Diagnostic]) {
        let root: Any
        switch JSONDocument.parse(data, file: file) {
        case .success(let value): root = value
        case .failure(let error): throw error
        }
        if let cells = (root as? [String: Any])?["cells"] as? [Any], cells.count > limits.maxCells {
            throw DiagnosticError(
                .error(
                    NotebookDiagnosticID.tooManyCells,
                    "the notebook has \(cells.count) cells, more than the limit of \(limits.maxCells)",
                    at: SourceLocation(file: file),
                    help: ["if the notebook really is that long, pass --max-cells \(cells.count)"]))
        }
        var validator = NotebookValidator(file: file)
        let document = validator.validate(root)
        guard let document, !validator.collector.hasErrors else {
            throw DiagnosticError(validator.collector.diagnostics)
        }
        return (document, validator.collector.diagnostics)
    }

    /// Extracts the title, the markdown prose and the role cells of a validated notebook.
    ///
    /// - Returns: The extract and its diagnostics. These may include **errors** (a value that is not a literal,
    ///   a syntax error): the assignment concerned then has a nil value, and the caller must add the diagnostics
    ///   to its own collector so that they are reported together with later stages' problems.
    public static func extract(_ document: NotebookDocument) -> (NotebookExtract, [Diagnostic]) {
        NotebookExtractor.extract(document)
    }

    /// Reads, validates and extracts a notebook in one call.
    ///
    /// - Returns: The extract and the warnings of both steps.
    /// - Throws: A `DiagnosticError` holding every diagnostic of both steps when either found an error: the
    ///   notebook is not valid, or a tagged cell holds something other than literals.
    public static func readAndExtract(
        data: Data, file: String, limits: InputLimits = InputLimits()
    ) throws(DiagnosticError) -> (
        NotebookExtract, [Diagnostic]
    ) {
        let (document, readDiagnostics) = try read(data: data, file: file, limits: limits)
        let (extract, extractDiagnostics) = extract(document)
        let diagnostics = readDiagnostics + extractDiagnostics
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticError(diagnostics) }
        return (extract, diagnostics)
    }
}
