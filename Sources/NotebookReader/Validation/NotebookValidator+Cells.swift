import NBCore

/// Rules for cells: type, id, metadata, source, outputs and attachments.
extension NotebookValidator {
    /// Checks one cell; returns it when it is usable (the document is still dropped if anything was an error).
    mutating func checkCell(_ value: Any, index: Int) -> NotebookCell? {
        let number = index + 1
        let path = JSONPath("cells").index(index)
        guard let cell = object(value, at: path, cell: number),
            let typeValue = require("cell_type", in: cell, at: path, cell: number)
        else { return nil }
        guard let typeName = typeValue as? String else {
            wrongType(typeValue, expected: "a string", at: path.key("cell_type"), cell: number)
            return nil
        }
        guard let type = cellType(typeName, at: path.key("cell_type"), cell: number) else { return nil }
        let id = checkCellID(cell, at: path, cell: number)
        var tags: [String] = []
        if let metadataValue = require("metadata", in: cell, at: path, cell: number),
            let metadata = object(metadataValue, at: path.key("metadata"), cell: number)
        {
            tags = checkCellMetadata(metadata, type: type, at: path.key("metadata"), cell: number)
        }
        guard type.isKnown else {
            let source = JSON.multilineText(cell["source"]) ?? ""
            return NotebookCell(number: number, id: id, type: type, source: source, tags: tags)
        }
        var source = ""
        if let sourceValue = require("source", in: cell, at: path, cell: number) {
            checkMultilineString(sourceValue, at: path.key("source"), cell: number)
            source = JSON.multilineText(sourceValue) ?? ""
        }
        var outputCount = 0
        var executionCount: Int?
        if type == .code {
            checkKeys(
                cell, allowed: ["id", "cell_type", "metadata", "source", "outputs", "execution_count"], at: path,
                cell: number)
            if let outputsValue = require("outputs", in: cell, at: path, cell: number),
                let outputs = array(outputsValue, at: path.key("outputs"), cell: number)
            {
                outputCount = outputs.count
                for (outputIndex, output) in outputs.enumerated() {
                    checkOutput(output, at: path.key("outputs").index(outputIndex), cell: number)
                }
            }
            if let countValue = require("execution_count", in: cell, at: path, cell: number) {
                checkExecutionCount(countValue, at: path.key("execution_count"), cell: number)
                executionCount = JSON.integer(countValue)
            }
        } else {
            checkKeys(cell, allowed: ["id", "cell_type", "metadata", "source", "attachments"], at: path, cell: number)
            if let attachments = cell["attachments"] {
                checkAttachments(attachments, at: path.key("attachments"), cell: number)
            }
        }
        return NotebookCell(
            number: number, id: id, type: type, source: source, tags: tags, outputCount: outputCount,
            executionCount: executionCount)
    }

    private mutating func cellType(_ name: String, at path: JSONPath, cell: Int) -> NotebookCellType? {
        switch name {
        case "code": return .code
        case "markdown": return .markdown
        case "raw": return .raw
        case "heading":
            error(
                NotebookDiagnosticID.badValue, "cell \(cell) is a `heading` cell, a cell type nbformat 4 removed",
                at: path, cell: cell,
                help: ["make it a markdown cell whose text starts with `#` (one `#` per heading level)"])
            return nil
        default:
            if lenient { return .unrecognized(name) }
            error(
                NotebookDiagnosticID.badValue,
                "cell \(cell) has the unknown cell type `\(name)`; nbformat 4.\(minor) knows code, markdown and raw",
                at: path, cell: cell)
            return nil
        }
    }

    /// Checks the `id` of a cell (nbformat 4.5): a 1–64 character string of letters, digits, `-` and `_`.
    private mutating func checkCellID(_ cell: [String: Any], at path: JSONPath, cell number: Int) -> String? {
        guard let value = cell["id"] else {
            if minor >= 5 { cellsWithoutID.append(number) }
            return nil
        }
        guard let id = value as? String else {
            wrongType(value, expected: "a string", at: path.key("id"), cell: number)
            return nil
        }
        let allowed = id.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
        }
        guard allowed, (1...64).contains(id.unicodeScalars.count) else {
            error(
                NotebookDiagnosticID.badValue,
                "cell \(number) has the id `\(id)`; cell ids are 1 to 64 letters, digits, `-` or `_`",
                at: path.key("id"), cell: number,
                help: ["change the id, or delete the `id` key and let Jupyter create a new one when it saves"])
            return nil
        }
        if minor < 5 { cellsWithEarlyID.append(number) }
        if let first = cellIDs[id] {
            collector.add(
                .warning(
                    NotebookDiagnosticID.duplicateCellID, "cells \(first) and \(number) have the same id `\(id)`",
                    at: location(path.key("id"), cell: number),
                    notes: [
                        .init(
                            "first used here", at: location(JSONPath("cells").index(first - 1).key("id"), cell: first))
                    ],
                    help: ["nbship does not use cell ids; Jupyter renames duplicates when it saves the notebook"]))
        } else {
            cellIDs[id] = number
        }
        return id
    }

    /// One warning for all cells without an id, and one for ids in notebooks older than 4.5.
    mutating func reportCellIDProblems() {
        if let first = cellsWithoutID.first {
            let count = cellsWithoutID.count
            collector.add(
                .warning(
                    NotebookDiagnosticID.missingCellID,
                    count == 1
                        ? "cell \(first) has no `id`, which nbformat 4.5 requires"
                        : "\(count) cells have no `id`, which nbformat 4.5 requires (the first is cell \(first))",
                    at: location(JSONPath("cells").index(first - 1), cell: first),
                    help: ["nbship does not use cell ids; Jupyter adds them when it saves the notebook"]))
        }
        if let first = cellsWithEarlyID.first {
            collector.add(
                .warning(
                    NotebookDiagnosticID.unexpectedCellID,
                    "cell \(first) has an `id`, but cell ids only exist from nbformat 4.5 (this is 4.\(minor))",
                    at: location(JSONPath("cells").index(first - 1).key("id"), cell: first),
                    help: ["set `\"nbformat_minor\": 5`, or remove the ids"]))
        }
    }

    /// Attachments are mime bundles keyed by file name.
    private mutating func checkAttachments(_ value: Any, at path: JSONPath, cell: Int) {
        guard let attachments = object(value, at: path, cell: cell) else { return }
        for name in attachments.keys.sorted() {
            if let attachment = attachments[name] { checkMimeBundle(attachment, at: path.key(name), cell: cell) }
        }
    }
}
