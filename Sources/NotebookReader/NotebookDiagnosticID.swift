/// The stable ids of every diagnostic the notebook reader emits.
///
/// Tests and tools match on these; messages may change, ids do not.
public enum NotebookDiagnosticID {
    // MARK: File and format

    /// The file is not JSON (error; located at the line and column of the syntax error when known).
    public static let invalidJSON = "notebook.invalid-json"
    /// More cells than the limit (error; `--max-cells` raises it).
    public static let tooManyCells = "notebook.too-many-cells"
    /// nbformat 1–3 or 5+ (error); nbship reads nbformat 4.0–4.5.
    public static let unsupportedVersion = "notebook.unsupported-version"
    /// nbformat 4.x with x > 5: read leniently, like 4.5 (warning).
    public static let futureMinorVersion = "notebook.future-minor-version"

    // MARK: nbformat 4 schema

    /// A required key is absent (error).
    public static let missingKey = "notebook.schema.missing-key"
    /// A value has the wrong JSON type (error).
    public static let wrongType = "notebook.schema.wrong-type"
    /// A value has the right type but is not allowed (error): unknown cell type, bad cell id, duplicate tag, ...
    public static let badValue = "notebook.schema.bad-value"
    /// A key the schema does not allow (error; tolerated in future minor versions).
    public static let unknownKey = "notebook.schema.unknown-key"
    /// A 4.5+ cell without an id (warning: nbship does not need ids).
    public static let missingCellID = "notebook.schema.missing-cell-id"
    /// Two cells share an id (warning: nbship does not need ids).
    public static let duplicateCellID = "notebook.schema.duplicate-cell-id"
    /// A cell id in a notebook older than 4.5, where ids do not exist yet (warning; the id is kept).
    public static let unexpectedCellID = "notebook.schema.unexpected-cell-id"

    // MARK: Cell tags

    /// A tag that looks like a misspelt nbship role (warning, with a did-you-mean).
    public static let unknownTag = "notebook.unknown-tag"
    /// A role tag on a markdown or raw cell (warning; the cell is ignored).
    public static let roleOnNonCodeCell = "notebook.role-on-non-code-cell"

    // MARK: Python literals in tagged cells

    /// A right-hand side that is not a literal (`np.log(3)`, `x = y`, `1 + 2`) (error).
    public static let literalExpected = "notebook.literal-expected"
    /// A statement other than an assignment or an import (`print(x)`, `for`, `x += 1`, `a, b = ...`) (error).
    public static let unsupportedStatement = "notebook.unsupported-statement"
    /// Python itself would reject the text (error).
    public static let syntaxError = "notebook.syntax-error"
    /// A string literal without its closing quote (error).
    public static let unterminatedString = "notebook.unterminated-string"
    /// An integer outside the 64-bit range (error; write it as a float).
    public static let integerTooLarge = "notebook.integer-too-large"
    /// Literals nested deeper than ``PythonLiteralParser/maximumNestingDepth`` (error).
    public static let nestingTooDeep = "notebook.nesting-too-deep"
    /// `\N{...}` named escapes and other escapes nbship cannot decode (error).
    public static let unsupportedEscape = "notebook.unsupported-escape"
    /// An unknown escape such as `\d`, kept as written as Python does (warning).
    public static let invalidEscape = "notebook.invalid-escape"
    /// The same name assigned twice in one tagged cell (warning; the last value wins, as in Python).
    public static let duplicateAssignment = "notebook.duplicate-assignment"
    /// Two cells carry a role there can be only one of (`model`) (error).
    public static let duplicateRole = "notebook.duplicate-role"
    /// The `model` cell has no function, calls an unknown function, recurses, or reads a name nothing defines (error).
    public static let modelFunction = "notebook.model-function"
}
