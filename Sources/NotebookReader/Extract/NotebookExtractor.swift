import NBCore

/// Builds a ``NotebookExtract`` from a validated document.
enum NotebookExtractor {
    static func extract(_ document: NotebookDocument) -> (NotebookExtract, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var roleCells: [RoleCell] = []
        var markdownParts: [String] = []
        var title: String?
        var fallbackTitle: String?
        var modelCell: ModelCell?
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
            var roles = RoleTags.classify(cell, file: document.file, diagnostics: &diagnostics)
            if roles.contains(.model) {
                roles.removeAll { $0 == .model }
                if let first = modelCell {
                    diagnostics.append(
                        .error(
                            NotebookDiagnosticID.duplicateRole,
                            "cells \(first.cellNumber) and \(cell.number) are both tagged `model`",
                            at: SourceLocation(file: document.file, cell: cell.number),
                            help: ["tag the one cell that holds the model function"]))
                } else {
                    let (read, problems) = PyFunctionParser.read(cell.source, file: document.file, cell: cell.number)
                    modelCell = read
                    diagnostics += problems
                }
                if roles.isEmpty { continue }
            }
            guard !roles.isEmpty else { continue }
            let (assignments, parseDiagnostics) = PythonLiteralParser.parse(
                cell.source, file: document.file, cell: cell.number)
            diagnostics += runTimeFeatureLists(parseDiagnostics, assignments, roles: roles)
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
        var withModel = extract
        withModel.modelCell = modelCell
        return (withModel, diagnostics)
    }

    /// A feature list computed at run time (`features = data.feature_names.tolist()`) in a scaling, features or
    /// examples cell is not needed: lists follow the model file's input order, which the examples check. Its
    /// `notebook.literal-expected` error becomes a note there; in a parameters cell it stays an error.
    static func runTimeFeatureLists(
        _ diagnostics: [Diagnostic], _ assignments: [PyAssignment], roles: [CellRole]
    ) -> [Diagnostic] {
        guard !roles.contains(.parameters), !roles.contains(.injectedParameters) else { return diagnostics }
        let computed = assignments.filter {
            $0.value == nil && CellRole.featureListNames.contains($0.name.lowercased())
        }
        guard !computed.isEmpty else { return diagnostics }
        return diagnostics.map { diagnostic in
            guard diagnostic.id == NotebookDiagnosticID.literalExpected,
                let assignment = computed.first(where: { $0.location.line == diagnostic.location?.line })
            else { return diagnostic }
            return .note(
                NotebookCellDiagnosticID.featuresComputed,
                "'\(assignment.name)' is computed when the notebook runs, so nbship does not read it; lists of constants and examples are aligned with the model file's inputs instead",
                at: diagnostic.location,
                help: [
                    "write `\(assignment.name) = [\"first\", \"second\", ...]` as a literal to make the order explicit"
                ])
        }
    }

    private static func trimmingTrailingWhitespace(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
