import NBCore

/// Maps cell tags to nbship roles and catches misspelt role tags.
///
/// A tag is a role when it equals a ``CellRole`` raw value exactly (`parameters`, `injected-parameters`,
/// `scaling`, `features`, `examples`). A tag that *looks like* a role (different case or `_` for `-`, a prefix
/// `nbship-`/`nbship:`, or a few edits away from a role: `paramters`, `scalling`, `example`) gets a
/// `notebook.unknown-tag` warning with a did-you-mean. Every other tag (`remove_cell`, `skip-execution`, ...)
/// belongs to other tools and is ignored silently.
enum RoleTags {
    /// The roles of a cell, in tag order; warns about misspelt roles and roles on non-code cells.
    static func classify(_ cell: NotebookCell, file: String, diagnostics: inout [Diagnostic]) -> [CellRole] {
        var roles: [CellRole] = []
        for (index, tag) in cell.tags.enumerated() {
            let location = SourceLocation(
                file: file, cell: cell.number, jsonPath: "\(cell.jsonPath).metadata.tags[\(index)]")
            if let role = CellRole(rawValue: tag) {
                roles.append(role)
            } else if let misspelling = misspelling(of: tag) {
                let roleList = CellRole.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
                var message = "cell \(cell.number) has the tag `\(tag)`, which is not an nbship role"
                var help = ["nbship roles are \(roleList)"]
                if let role = misspelling.suggestion {
                    message += "; did you mean `\(role.rawValue)`?"
                    help.append("rename the tag to `\(role.rawValue)` if the cell is meant for nbship")
                }
                diagnostics.append(.warning(NotebookDiagnosticID.unknownTag, message, at: location, help: help))
            }
        }
        guard !roles.isEmpty, cell.type != .code else { return roles }
        let names = roles.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        diagnostics.append(
            .warning(
                NotebookDiagnosticID.roleOnNonCodeCell,
                "cell \(cell.number) is a \(cell.type) cell tagged \(names); nbship only reads tagged code cells",
                at: SourceLocation(file: file, cell: cell.number, jsonPath: "\(cell.jsonPath).metadata.tags"),
                help: ["move the tag to the code cell that holds the values, or change this cell's type to code"]))
        return []
    }

    /// A tag that looks like an nbship role, with the role it most likely meant (if one is close enough).
    struct Misspelling: Equatable {
        var suggestion: CellRole?
    }

    /// Whether a tag that is not a role looks like one; nil for tags that belong to other tools.
    static func misspelling(of tag: String) -> Misspelling? {
        var normalized = tag.lowercased().replacingOccurrences(of: "_", with: "-")
        let prefixed = normalized.hasPrefix("nbship")
        if prefixed {
            normalized.removeFirst("nbship".count)
            if let first = normalized.first, "-:./".contains(first) { normalized.removeFirst() }
        }
        let ranked = CellRole.allCases.map {
            (role: $0, distance: NameSuggestion.editDistance(normalized, $0.rawValue))
        }
        guard let best = ranked.min(by: { $0.distance < $1.distance }) else { return nil }
        // About one edit per four letters, so near misses are caught and ordinary tags such as
        // `remove_cell` stay silent.
        let close = best.distance <= max(1, best.role.rawValue.count / 4)
        if close { return Misspelling(suggestion: best.role) }
        return prefixed ? Misspelling(suggestion: nil) : nil
    }
}
