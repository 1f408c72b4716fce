import NBCore

/// Rules for notebook-level and cell-level `metadata`.
extension NotebookValidator {
    /// Checks the notebook's `metadata` and returns the kernel facts nbship keeps.
    mutating func checkNotebookMetadata(_ metadata: [String: Any], at path: JSONPath) -> KernelInfo {
        var kernel = KernelInfo()
        if let value = metadata["kernelspec"], let spec = object(value, at: path.key("kernelspec")) {
            let specPath = path.key("kernelspec")
            for key in ["name", "display_name"] {
                if require(key, in: spec, at: specPath) != nil {
                    check(key, in: spec, is: [.string], expected: "a string", at: specPath)
                }
            }
            kernel.name = spec["name"] as? String
            kernel.displayName = spec["display_name"] as? String
            kernel.language = spec["language"] as? String
        }
        if let value = metadata["language_info"], let info = object(value, at: path.key("language_info")) {
            let infoPath = path.key("language_info")
            if require("name", in: info, at: infoPath) != nil,
                check("name", in: info, is: [.string], expected: "a string", at: infoPath)
            {
                kernel.language = info["name"] as? String
            }
            check("codemirror_mode", in: info, is: [.string, .object], expected: "a string or an object", at: infoPath)
            for key in ["file_extension", "mimetype", "pygments_lexer"] {
                check(key, in: info, is: [.string], expected: "a string", at: infoPath)
            }
        }
        if check("orig_nbformat", in: metadata, is: [.integer], expected: "an integer", at: path),
            let original = JSON.integer(metadata["orig_nbformat"]), original < 1
        {
            error(
                NotebookDiagnosticID.badValue, "`\(path.key("orig_nbformat"))` must be at least 1",
                at: path.key("orig_nbformat"))
        }
        if minor >= 2 {
            check("title", in: metadata, is: [.string], expected: "a string", at: path)
            check("authors", in: metadata, is: [.array], expected: "a list", at: path)
        }
        return kernel
    }

    /// Checks a cell's `metadata` and returns its tags (empty when absent or invalid).
    mutating func checkCellMetadata(
        _ metadata: [String: Any], type: NotebookCellType, at path: JSONPath, cell: Int
    ) -> [String] {
        if let name = metadata["name"] {
            if let text = name as? String {
                if text.isEmpty || text.contains("\n") {
                    error(
                        NotebookDiagnosticID.badValue, "`\(path.key("name"))` must be a non-empty single line",
                        at: path.key("name"), cell: cell)
                }
            } else {
                wrongType(name, expected: "a string", at: path.key("name"), cell: cell)
            }
        }
        if minor >= 3, type.isKnown {
            check("jupyter", in: metadata, is: [.object], expected: "an object", at: path, cell: cell)
        }
        switch type {
        case .code:
            check("collapsed", in: metadata, is: [.boolean], expected: "true or false", at: path, cell: cell)
            if let scrolled = metadata["scrolled"], JSONKind(of: scrolled) != .boolean, scrolled as? String != "auto" {
                error(
                    NotebookDiagnosticID.wrongType, "`\(path.key("scrolled"))` must be true, false or \"auto\"",
                    at: path.key("scrolled"), cell: cell)
            }
            if minor >= 4, let execution = metadata["execution"],
                let timings = object(execution, at: path.key("execution"), cell: cell)
            {
                for key in timings.keys.sorted() where !(timings[key] is String) {
                    wrongType(timings[key] as Any, expected: "a string", at: path.key("execution").key(key), cell: cell)
                }
            }
        case .raw:
            check("format", in: metadata, is: [.string], expected: "a string", at: path, cell: cell)
        case .markdown, .unrecognized:
            break
        }
        guard let tags = metadata["tags"] else { return [] }
        return checkTags(tags, at: path.key("tags"), cell: cell)
    }

    /// Tags must be a list of distinct, non-empty strings without commas; nbship's cell roles depend on them.
    private mutating func checkTags(_ value: Any, at path: JSONPath, cell: Int) -> [String] {
        let help = ["nbship reads cell roles from tags; edit them in Jupyter's property inspector (the gear icon)"]
        guard let items = value as? [Any] else {
            wrongType(value, expected: "a list of strings", at: path, cell: cell, help: help)
            return []
        }
        var tags: [String] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            guard let tag = item as? String else {
                wrongType(item, expected: "a string", at: path.index(index), cell: cell, help: help)
                continue
            }
            if tag.isEmpty || tag.contains(",") {
                error(
                    NotebookDiagnosticID.badValue,
                    tag.isEmpty ? "cell \(cell) has an empty tag" : "cell \(cell) has a tag with a comma: `\(tag)`",
                    at: path.index(index), cell: cell, help: ["tags must be non-empty and must not contain commas"])
            } else if !seen.insert(tag).inserted {
                error(
                    NotebookDiagnosticID.badValue, "cell \(cell) has the tag `\(tag)` twice", at: path.index(index),
                    cell: cell, help: ["remove the repeated tag"])
                continue
            }
            tags.append(tag)
        }
        return tags
    }
}
