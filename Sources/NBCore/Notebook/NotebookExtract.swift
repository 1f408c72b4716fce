/// What a cell tag asks nbship to do with the cell.
public enum CellRole: String, Sendable, Codable, CaseIterable, Hashable {
    /// papermill's `parameters` cell: defaults of the notebook's parameters.
    case parameters
    /// papermill's override cell; its values win over `parameters`.
    case injectedParameters = "injected-parameters"
    /// Feature scaling constants (means, scales, minima, maxima).
    case scaling
    /// The ordered list of feature names.
    case features
    /// Golden rows: inputs with expected outputs.
    case examples
    /// A model written by hand as a Python function (translated, never run).
    case model
}

extension CellRole {
    /// Names of a feature list in scaling, features and examples cells (any case).
    public static let featureListNames: Set<String> = [
        "features", "feature_names", "feature_names_in_", "columns", "feature_list", "feature_cols", "feature_columns",
    ]
}

/// A notebook cell that carries one of nbship's roles, with its parsed assignments.
public struct RoleCell: Sendable, Hashable {
    public var role: CellRole
    /// 1-based cell number, as Jupyter shows it.
    public var cellNumber: Int
    public var cellID: String?
    public var assignments: [PyAssignment]
    /// `# nbship: <word>` comment lines of the cell that stand on their own (not trailing an assignment): they
    /// speak for the whole cell, e.g. `# nbship: scale-inputs` in a scaling cell.
    public var directives: [CellDirective]

    public init(
        role: CellRole, cellNumber: Int, cellID: String? = nil, assignments: [PyAssignment],
        directives: [CellDirective] = []
    ) {
        self.role = role
        self.cellNumber = cellNumber
        self.cellID = cellID
        self.assignments = assignments
        self.directives = directives
    }

    /// The first of the given directives the cell states, with where.
    public func directive(among words: Set<String>) -> CellDirective? {
        directives.first { words.contains($0.word) }
    }
}

/// A whole-line `# nbship: <word>` comment in a tagged cell.
public struct CellDirective: Sendable, Hashable {
    /// The word after `nbship:`, lower-cased (`scale-inputs`).
    public var word: String
    public var location: SourceLocation

    public init(word: String, location: SourceLocation) {
        self.word = word
        self.location = location
    }

    /// The directives of a cell's source: lines whose first non-blank character is `#` and that read
    /// `# nbship: <word>` (more `#`s and spaces allowed; text after the word is ignored).
    public static func scan(_ source: String, file: String, cell: Int) -> [CellDirective] {
        var result: [CellDirective] = []
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("#") else { continue }
            let body = trimmed.drop { $0 == "#" || $0 == " " || $0 == "\t" }
            guard body.lowercased().hasPrefix("nbship:") else { continue }
            let rest = body.dropFirst("nbship:".count).drop { $0 == " " || $0 == "\t" }
            let word = rest.prefix { !$0.isWhitespace && $0 != "," && $0 != "#" }.lowercased()
            guard !word.isEmpty else { continue }
            let column = line.count - trimmed.count + 1
            result.append(
                CellDirective(
                    word: word, location: SourceLocation(file: file, cell: cell, line: index + 1, column: column)))
        }
        return result
    }
}

/// Everything nbship takes from a notebook: its prose and its tagged cells, parsed.
public struct NotebookExtract: Sendable, Hashable {
    /// The path as the user gave it (used in diagnostics).
    public var file: String
    public var nbformat: Int
    public var nbformatMinor: Int
    public var kernelLanguage: String?
    /// The first markdown heading, if any (`# Diabetes progression`).
    public var title: String?
    /// The markdown text of the notebook (all markdown cells, joined), for the model card.
    public var markdown: String
    public var cellCount: Int
    public var roleCells: [RoleCell]
    /// The `model` cell's functions and constants, when the notebook has one (read by the notebook reader;
    /// checked against the parameters cell by the spec builder).
    public var modelCell: ModelCell?

    public init(
        file: String, nbformat: Int, nbformatMinor: Int, kernelLanguage: String?, title: String?, markdown: String,
        cellCount: Int, roleCells: [RoleCell]
    ) {
        self.file = file
        self.nbformat = nbformat
        self.nbformatMinor = nbformatMinor
        self.kernelLanguage = kernelLanguage
        self.title = title
        self.markdown = markdown
        self.cellCount = cellCount
        self.roleCells = roleCells
    }

    /// The cells with the given role, in notebook order.
    public func cells(_ role: CellRole) -> [RoleCell] { roleCells.filter { $0.role == role } }
}

/// The cell tagged `model`: what the notebook reader read of it.
public struct ModelCell: Sendable, Hashable {
    public var cellNumber: Int
    public var source: String
    public var functions: [PyFunction]
    public var constants: [PyConstant]
    /// Where each function's `def` is (for diagnostics).
    public var location: SourceLocation

    public init(
        cellNumber: Int, source: String, functions: [PyFunction], constants: [PyConstant], location: SourceLocation
    ) {
        self.cellNumber = cellNumber
        self.source = source
        self.functions = functions
        self.constants = constants
        self.location = location
    }
}
