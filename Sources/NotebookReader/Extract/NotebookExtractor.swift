import NBCore

/// Builds a ``NotebookExtract`` from a validated document.
enum NotebookExtractor {
    static func extract(_ document: NotebookDocument) -> (NotebookExtract, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var roleCells: [RoleCell] = []
        var markdownParts: [String] = []
        var title: String?
        var fallbackTitle: String?
        for cell in document.cells {
            if cell.type == .markdown {
                let text = trimmingTrailingWhitespace(cell.source)
                if !text.isEmpty { markdownParts.append(text) }
                if title == nil {
                    let headings = MarkdownHeading.all(in: cell.source)
                    title = headings.first { $0.level == 1 }?.text
                    fallbackTitle = fallbackTitle ?? headings.first?.text
                }
            }
            let roles = RoleTags.classify(cell, file: document.file, diagnostics: &diagnostics)
            guard !roles.isEmpty else { continue }
            let (assignments, parseDiagnostics) = PythonLiteralParser.parse(
                cell.source, file: document.file, cell: cell.number)
            diagnostics += parseDiagnostics
            for role in roles {
                roleCells.append(
                    RoleCell(
                        role: role, cellNumber: cell.number, cellID: cell.id, assignments: assignments,
                        directives: CellDirective.scan(cell.source, file: document.file, cell: cell.number)))
            }
        }
        let extract = NotebookExtract(
            file: document.file, nbformat: document.nbformat, nbformatMinor: document.nbformatMinor,
            kernelLanguage: document.kernelLanguage, title: title ?? fallbackTitle,
            markdown: markdownParts.joined(separator: "\n\n"), cellCount: document.cells.count, roleCells: roleCells)
        return (extract, diagnostics)
    }

    private static func trimmingTrailingWhitespace(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
