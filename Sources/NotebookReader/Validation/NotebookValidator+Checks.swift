import NBCore

/// Small reporting and type-checking helpers shared by every rule.
extension NotebookValidator {
    func location(_ path: JSONPath, cell: Int? = nil) -> SourceLocation {
        let text = path.description
        return SourceLocation(file: file, cell: cell, jsonPath: text.isEmpty ? nil : text)
    }

    mutating func error(_ id: String, _ message: String, at path: JSONPath, cell: Int? = nil, help: [String] = []) {
        collector.add(.error(id, message, at: location(path, cell: cell), help: help))
    }

    /// The value of a required key, or nil after reporting `notebook.schema.missing-key`.
    mutating func require(_ key: String, in object: [String: Any], at path: JSONPath, cell: Int? = nil) -> Any? {
        if let value = object[key] { return value }
        let owner = path.description.isEmpty ? "the notebook" : "`\(path)`"
        let subject = cell.map { "cell \($0)" } ?? owner
        error(
            NotebookDiagnosticID.missingKey, "\(subject) has no `\(key)`, which nbformat requires",
            at: path.key(key), cell: cell)
        return nil
    }

    mutating func wrongType(_ value: Any, expected: String, at path: JSONPath, cell: Int? = nil, help: [String] = []) {
        error(
            NotebookDiagnosticID.wrongType, "`\(path)` must be \(expected), not \(JSONKind(of: value).article)",
            at: path, cell: cell, help: help)
    }

    /// The value as an object, or nil after reporting `notebook.schema.wrong-type`.
    mutating func object(_ value: Any, at path: JSONPath, cell: Int? = nil) -> [String: Any]? {
        if let object = value as? [String: Any] { return object }
        wrongType(value, expected: "an object", at: path, cell: cell)
        return nil
    }

    /// The value as an array, or nil after reporting `notebook.schema.wrong-type`.
    mutating func array(_ value: Any, at path: JSONPath, cell: Int? = nil) -> [Any]? {
        if let array = value as? [Any] { return array }
        wrongType(value, expected: "a list", at: path, cell: cell)
        return nil
    }

    /// Checks an optional key's JSON type; reports `notebook.schema.wrong-type` and returns false on mismatch.
    @discardableResult
    mutating func check(
        _ key: String, in object: [String: Any], is kinds: Set<JSONKind>, expected: String, at path: JSONPath,
        cell: Int? = nil
    ) -> Bool {
        guard let value = object[key] else { return true }
        if kinds.contains(JSONKind(of: value)) { return true }
        wrongType(value, expected: expected, at: path.key(key), cell: cell)
        return false
    }

    /// Checks that a value is a string or a list of strings.
    mutating func checkMultilineString(_ value: Any, at path: JSONPath, cell: Int? = nil) {
        if let items = value as? [Any] {
            for (index, item) in items.enumerated() where !(item is String) {
                wrongType(item, expected: "a string", at: path.index(index), cell: cell)
            }
        } else if !(value is String) {
            wrongType(value, expected: "a string or a list of strings", at: path, cell: cell)
        }
    }

    /// Checks an integer that may be null and must not be negative (`execution_count`).
    mutating func checkExecutionCount(_ value: Any, at path: JSONPath, cell: Int?) {
        let kind = JSONKind(of: value)
        if kind == .null { return }
        guard kind == .integer else {
            wrongType(value, expected: "an integer or null", at: path, cell: cell)
            return
        }
        if let count = JSON.integer(value), count < 0 {
            error(
                NotebookDiagnosticID.badValue, "`\(path)` must not be negative, but it is \(count)", at: path,
                cell: cell)
        }
    }

    /// Reports keys the schema does not allow (unless the notebook is from a future minor version).
    mutating func checkKeys(_ object: [String: Any], allowed: Set<String>, at path: JSONPath, cell: Int? = nil) {
        if lenient { return }
        for key in object.keys.sorted() where !allowed.contains(key) {
            let owner = path.description.isEmpty ? "the notebook" : "`\(path)`"
            error(
                NotebookDiagnosticID.unknownKey,
                "\(owner) has a key `\(key)` that nbformat 4.\(minor) does not allow", at: path.key(key), cell: cell,
                help: ["remove it; tools put their own data under `metadata`"])
        }
    }
}
