import NBCore

/// Rules for code cell outputs and mime bundles.
///
/// Output data (often megabytes of base64) is only type-checked, never copied.
extension NotebookValidator {
    mutating func checkOutput(_ value: Any, at path: JSONPath, cell: Int) {
        guard let output = object(value, at: path, cell: cell),
            let typeValue = require("output_type", in: output, at: path, cell: cell)
        else { return }
        guard let type = typeValue as? String else {
            wrongType(typeValue, expected: "a string", at: path.key("output_type"), cell: cell)
            return
        }
        switch type {
        case "execute_result":
            checkKeys(output, allowed: ["output_type", "data", "metadata", "execution_count"], at: path, cell: cell)
            checkDisplayed(output, at: path, cell: cell)
            if let count = require("execution_count", in: output, at: path, cell: cell) {
                checkExecutionCount(count, at: path.key("execution_count"), cell: cell)
            }
        case "display_data":
            checkKeys(output, allowed: ["output_type", "data", "metadata"], at: path, cell: cell)
            checkDisplayed(output, at: path, cell: cell)
        case "stream":
            checkKeys(output, allowed: ["output_type", "name", "text"], at: path, cell: cell)
            if require("name", in: output, at: path, cell: cell) != nil {
                check("name", in: output, is: [.string], expected: "a string", at: path, cell: cell)
            }
            if let text = require("text", in: output, at: path, cell: cell) {
                checkMultilineString(text, at: path.key("text"), cell: cell)
            }
        case "error":
            checkKeys(output, allowed: ["output_type", "ename", "evalue", "traceback"], at: path, cell: cell)
            for key in ["ename", "evalue"] where require(key, in: output, at: path, cell: cell) != nil {
                check(key, in: output, is: [.string], expected: "a string", at: path, cell: cell)
            }
            if let traceback = require("traceback", in: output, at: path, cell: cell),
                let lines = array(traceback, at: path.key("traceback"), cell: cell)
            {
                for (index, line) in lines.enumerated() where !(line is String) {
                    wrongType(line, expected: "a string", at: path.key("traceback").index(index), cell: cell)
                }
            }
        default:
            if lenient { return }
            let legacy = ["pyout": "execute_result", "pyerr": "error"]
            error(
                NotebookDiagnosticID.badValue,
                "cell \(cell) has an output of the unknown type `\(type)`; nbformat 4 knows execute_result, "
                    + "display_data, stream and error",
                at: path.key("output_type"), cell: cell,
                help: legacy[type].map { ["`\(type)` is the nbformat 3 name of `\($0)`"] }
                    ?? ["clear the cell's outputs (Edit > Clear Outputs) and save the notebook again"])
        }
    }

    /// `data` (a mime bundle) and `metadata` (an object) of execute_result and display_data outputs.
    private mutating func checkDisplayed(_ output: [String: Any], at path: JSONPath, cell: Int) {
        if let data = require("data", in: output, at: path, cell: cell) {
            checkMimeBundle(data, at: path.key("data"), cell: cell)
        }
        if let metadata = require("metadata", in: output, at: path, cell: cell) {
            _ = object(metadata, at: path.key("metadata"), cell: cell)
        }
    }

    /// A mime bundle maps mime types to a string or a list of strings; JSON mime types
    /// (`application/json`, `application/vnd.foo+json`) may hold any JSON value.
    mutating func checkMimeBundle(_ value: Any, at path: JSONPath, cell: Int) {
        guard let bundle = object(value, at: path, cell: cell) else { return }
        for mimeType in bundle.keys.sorted() where !Self.isJSONMimeType(mimeType) {
            if let data = bundle[mimeType] { checkMultilineString(data, at: path.key(mimeType), cell: cell) }
        }
    }

    /// Matches `^application/(.*\+)?json$`.
    static func isJSONMimeType(_ mimeType: String) -> Bool {
        guard mimeType.hasPrefix("application/") else { return false }
        let subtype = mimeType.dropFirst("application/".count)
        return subtype == "json" || subtype.hasSuffix("+json")
    }
}
