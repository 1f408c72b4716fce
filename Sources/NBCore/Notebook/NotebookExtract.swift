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
}

/// A notebook cell that carries one of nbship's roles, with its parsed assignments.
public struct RoleCell: Sendable, Hashable {
    public var role: CellRole
    /// 1-based cell number, as Jupyter shows it.
    public var cellNumber: Int
    public var cellID: String?
    public var assignments: [PyAssignment]

    public init(role: CellRole, cellNumber: Int, cellID: String? = nil, assignments: [PyAssignment]) {
        self.role = role
        self.cellNumber = cellNumber
        self.cellID = cellID
        self.assignments = assignments
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
