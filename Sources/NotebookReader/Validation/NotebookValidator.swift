import Foundation
import NBCore

/// Checks a parsed notebook against the nbformat 4 JSON schema (4.0–4.5), hand-written, and collects every
/// problem before giving up.
///
/// The rules follow the official schemas of the notebook's minor version. Newer minor versions (4.6 and later)
/// are checked like 4.5 but tolerate unknown keys, cell types and output types, as nbformat itself does.
/// Two problems nbformat repairs on load are warnings here because nbship does not need cell ids: a missing
/// id in 4.5 and duplicate ids.
struct NotebookValidator {
    let file: String
    var collector = DiagnosticCollector()
    /// The schema's minor version: the notebook's, clamped to 0...5.
    var minor = 0
    /// Whether unknown keys, cell types and output types are tolerated (future minor versions).
    var lenient = false
    /// First cell number of each cell id, to report duplicates.
    var cellIDs: [String: Int] = [:]
    /// Cells of a 4.5+ notebook without an id.
    var cellsWithoutID: [Int] = []
    /// Cells of a notebook older than 4.5 with an id.
    var cellsWithEarlyID: [Int] = []

    init(file: String) { self.file = file }

    /// Validates the top-level JSON value; returns the document only when there were no errors.
    mutating func validate(_ root: Any) -> NotebookDocument? {
        let top = JSONPath()
        guard let notebook = root as? [String: Any] else {
            error(
                NotebookDiagnosticID.wrongType,
                "the notebook must be a JSON object, not \(JSONKind(of: root).article)", at: top)
            return nil
        }
        guard let version = checkVersion(notebook) else { return nil }
        checkKeys(notebook, allowed: ["metadata", "nbformat_minor", "nbformat", "cells"], at: top)
        var kernel = KernelInfo()
        if let metadata = require("metadata", in: notebook, at: top).flatMap({ object($0, at: top.key("metadata")) }) {
            kernel = checkNotebookMetadata(metadata, at: top.key("metadata"))
        }
        var cells: [NotebookCell] = []
        if let cellsValue = require("cells", in: notebook, at: top),
            let items = array(cellsValue, at: top.key("cells"))
        {
            cells.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                if let cell = checkCell(item, index: index) { cells.append(cell) }
            }
            reportCellIDProblems()
        }
        if collector.hasErrors { return nil }
        return NotebookDocument(
            file: file, nbformat: version.major, nbformatMinor: version.minor, kernelName: kernel.name,
            kernelDisplayName: kernel.displayName, kernelLanguage: kernel.language, cells: cells)
    }

    /// Reads `nbformat` and `nbformat_minor`; nil when the notebook cannot be read at all.
    private mutating func checkVersion(_ notebook: [String: Any]) -> (major: Int, minor: Int)? {
        let top = JSONPath()
        guard let majorValue = require("nbformat", in: notebook, at: top) else { return nil }
        guard let major = JSON.integer(majorValue) else {
            wrongType(majorValue, expected: "an integer", at: top.key("nbformat"))
            return nil
        }
        let minorValue = notebook["nbformat_minor"]
        guard major == 4 else {
            reportUnsupported(major: major, minor: minorValue.flatMap(JSON.integer))
            return nil
        }
        guard let minorValue else {
            error(
                NotebookDiagnosticID.missingKey, "the notebook has no `nbformat_minor`", at: top.key("nbformat_minor"),
                help: [
                    "add `\"nbformat_minor\": 4` next to `\"nbformat\": 4`, or open and save the notebook in Jupyter"
                ])
            return (4, 0)
        }
        guard let written = JSON.integer(minorValue) else {
            wrongType(minorValue, expected: "an integer", at: top.key("nbformat_minor"))
            return (4, 0)
        }
        if written < 0 {
            error(
                NotebookDiagnosticID.badValue, "`nbformat_minor` must not be negative, but it is \(written)",
                at: top.key("nbformat_minor"))
            return (4, 0)
        }
        minor = min(written, 5)
        if written > 5 {
            lenient = true
            collector.add(
                .warning(
                    NotebookDiagnosticID.futureMinorVersion,
                    "the notebook uses nbformat 4.\(written), newer than 4.5, the newest version nbship knows",
                    at: location(top.key("nbformat_minor")),
                    help: ["nbship reads it like 4.5 and ignores keys, cell types and output types it does not know"]))
        }
        return (4, written)
    }

    private mutating func reportUnsupported(major: Int, minor: Int?) {
        let version = minor.map { "\(major).\($0)" } ?? "\(major)"
        var help: [String]
        if major < 4 {
            help = [
                "upgrade it with `jupyter nbconvert --to notebook --nbformat 4 \(file)`",
                "or open it in Jupyter and save it, which writes nbformat 4",
            ]
        } else {
            help = [
                "save it as nbformat 4 with `jupyter nbconvert --to notebook --nbformat 4 \(file)`",
                "or use a newer nbship that reads this version",
            ]
        }
        if major < 1 { help = [] }
        error(
            NotebookDiagnosticID.unsupportedVersion,
            "the notebook uses nbformat \(version); nbship reads nbformat 4.0–4.5",
            at: JSONPath().key("nbformat"), help: help)
    }
}

/// Kernel facts from the notebook metadata.
struct KernelInfo {
    var name: String?
    var displayName: String?
    var language: String?
}
