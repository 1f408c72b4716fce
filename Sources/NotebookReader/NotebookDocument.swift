import NBCore

/// A structurally valid nbformat 4 notebook, reduced to what nbship needs.
///
/// Only ``NotebookReader/read(data:file:)`` makes one, after the whole JSON document has been checked against
/// the nbformat 4.0–4.5 rules. Outputs are validated but not kept: a cell only records how many it had.
public struct NotebookDocument: Sendable, Hashable {
    /// The path as the user gave it (used in diagnostics).
    public var file: String
    /// Major format version; always 4.
    public var nbformat: Int
    /// Minor format version as written (may be newer than 5; such notebooks are read leniently).
    public var nbformatMinor: Int
    /// `metadata.kernelspec.name`, for example `python3`.
    public var kernelName: String?
    /// `metadata.kernelspec.display_name`, for example `Python 3 (ipykernel)`.
    public var kernelDisplayName: String?
    /// `metadata.language_info.name`, else the non-standard `metadata.kernelspec.language`.
    public var kernelLanguage: String?
    /// The cells in notebook order.
    public var cells: [NotebookCell]

    /// Creates a document; normally only the reader does this.
    public init(
        file: String, nbformat: Int, nbformatMinor: Int, kernelName: String? = nil, kernelDisplayName: String? = nil,
        kernelLanguage: String? = nil, cells: [NotebookCell]
    ) {
        self.file = file
        self.nbformat = nbformat
        self.nbformatMinor = nbformatMinor
        self.kernelName = kernelName
        self.kernelDisplayName = kernelDisplayName
        self.kernelLanguage = kernelLanguage
        self.cells = cells
    }
}

/// The kind of a notebook cell.
public enum NotebookCellType: Sendable, Hashable, CustomStringConvertible {
    /// Python (or another kernel language); the only kind nbship reads roles from.
    case code
    /// Prose; the first heading becomes the title.
    case markdown
    /// Text passed through untouched by Jupyter.
    case raw
    /// A cell type from a future minor version of nbformat 4 (only accepted in such notebooks).
    case unrecognized(String)

    /// The `cell_type` text as written in the notebook.
    public var description: String {
        switch self {
        case .code: "code"
        case .markdown: "markdown"
        case .raw: "raw"
        case .unrecognized(let name): name
        }
    }
}

/// One cell of a notebook: its number, kind, source text and tags.
public struct NotebookCell: Sendable, Hashable {
    /// 1-based cell number, as Jupyter shows it.
    public var number: Int
    /// The cell id (nbformat 4.5 and later), if present.
    public var id: String?
    /// Code, markdown, raw, or (in future minor versions only) a type nbship does not know.
    public var type: NotebookCellType
    /// The source text, with a list of lines joined as nbformat specifies (lines keep their own newlines).
    public var source: String
    /// `metadata.tags`, in the order written.
    public var tags: [String]
    /// How many outputs a code cell has (0 for other cells).
    public var outputCount: Int
    /// The `execution_count` of a code cell, if it was run.
    public var executionCount: Int?

    /// Creates a cell; normally only the reader does this.
    public init(
        number: Int, id: String? = nil, type: NotebookCellType, source: String, tags: [String] = [],
        outputCount: Int = 0, executionCount: Int? = nil
    ) {
        self.number = number
        self.id = id
        self.type = type
        self.source = source
        self.tags = tags
        self.outputCount = outputCount
        self.executionCount = executionCount
    }

    /// The 0-based JSON path of the cell, `cells[3]`.
    public var jsonPath: String { "cells[\(number - 1)]" }
}

extension NotebookCellType {
    /// Whether this is one of nbformat 4.5's cell types (code, markdown or raw).
    var isKnown: Bool {
        if case .unrecognized = self { return false }
        return true
    }
}
