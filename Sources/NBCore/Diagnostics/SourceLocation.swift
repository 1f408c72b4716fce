/// Where something came from: a file, and inside it a notebook cell, a line and a column.
///
/// Lines and columns are 1-based. For notebooks, `cell` is the 1-based cell number as Jupyter shows it
/// (the first cell is cell 1) and `line`/`column` are relative to that cell's source. `jsonPath` names the
/// JSON element for structural problems (`cells[3].outputs[0].name`).
public struct SourceLocation: Sendable, Codable, Hashable, CustomStringConvertible {
    public var file: String
    public var cell: Int?
    public var line: Int?
    public var column: Int?
    public var jsonPath: String?

    public init(file: String, cell: Int? = nil, line: Int? = nil, column: Int? = nil, jsonPath: String? = nil) {
        self.file = file
        self.cell = cell
        self.line = line
        self.column = column
        self.jsonPath = jsonPath
    }

    /// Compiler-style text: `file:cell 7:3:12`, `file:12:4`, `file` (with ` (at cells[2].source)` for JSON paths).
    public var description: String {
        var text = file
        if let cell { text += ":cell \(cell)" }
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        if let jsonPath { text += " (at \(jsonPath))" }
        return text
    }
}
