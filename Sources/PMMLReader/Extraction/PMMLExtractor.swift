import NBCore

/// Reads a parsed PMML tree into an `ImportedModel`. Every rule runs and records its problems in `diagnostics`;
/// the caller fails once at the end if any of them is an error.
///
/// The extension files each read one part of the document: `+DataDictionary`, `+MiningSchema`,
/// `+Expressions`, `+Transformations`, `+RegressionModel`, `+GeneralRegression`, `+Targets`, `+Output`,
/// `+Verification`; `+Document` and `+Model` tie them together.
struct PMMLExtractor {
    /// A DataField as declared in the DataDictionary.
    struct DataFieldInfo {
        var name: String
        /// nil when the dataType is absent or not translatable; `typeProblem` then says why, and is reported only
        /// if the model actually uses the field.
        var type: FieldType?
        var typeProblem: Diagnostic?
        var opType: OpType?
        var validValues: [String]
        /// Values that mean "missing" (`Value property="missing"`).
        var missingValues: [String]
        var intervals: [Interval]
        var displayName: String?
        var line: Int
    }

    /// A MiningField, resolved against its DataField.
    struct MiningFieldInfo {
        enum Usage: Equatable {
            case active, target, notUsed
        }
        var name: String
        var usage: Usage
        var opType: OpType?
        var missingReplacement: String?
        var invalidTreatment: InvalidValueTreatment
        var outliers: OutlierTreatment
        var line: Int
    }

    /// The file name used in every `SourceLocation`.
    let file: String
    var diagnostics = DiagnosticCollector()

    var dataFields: [String: DataFieldInfo] = [:]
    var dataFieldOrder: [String] = []
    /// Names of `DefineFunction`s: calling one is reported as an unsupported (user-defined) function.
    var definedFunctions: Set<String> = []
    var miningFields: [MiningFieldInfo] = []
    /// The index in `miningFields` of each name, so that a long MiningSchema is not searched once per reference.
    var miningFieldIndex: [String: Int] = [:]
    /// Active inputs and derived fields: the names an expression or predictor may reference.
    var visibleFields: Set<String> = []
    var derivedFieldNames: Set<String> = []
    /// How many more "did you mean" suggestions for unknown names this document gets (see ``suggesting()``).
    var suggestionsLeft = PMMLExtractor.maximumSuggestions

    /// The most "did you mean" suggestions for unknown field and parameter names in one document. Each compares the
    /// name with every name the model declares, so a broken or hostile file with thousands of unknown names among
    /// thousands of fields would otherwise take minutes; the first suggestions are the useful ones anyway.
    static let maximumSuggestions = 20

    init(file: String) {
        self.file = file
    }

    /// Where `element` starts.
    func location(_ element: XMLTreeElement) -> SourceLocation {
        SourceLocation(file: file, line: element.line > 0 ? element.line : nil)
    }

    mutating func error(
        _ id: String, _ message: String, at element: XMLTreeElement, notes: [Diagnostic.Note] = [],
        help: [String] = []
    ) {
        diagnostics.add(.error(id, message, at: location(element), notes: notes, help: help))
    }

    mutating func warning(
        _ id: String, _ message: String, at element: XMLTreeElement, notes: [Diagnostic.Note] = [],
        help: [String] = []
    ) {
        diagnostics.add(.warning(id, message, at: location(element), notes: notes, help: help))
    }

    /// Runs `body` with a fresh collector and returns what it produced together with its diagnostics, leaving
    /// the main collector untouched. Used where problems only matter if the result is used (derived fields).
    mutating func isolated<Result>(_ body: (inout PMMLExtractor) -> Result) -> (Result, [Diagnostic]) {
        let saved = diagnostics
        diagnostics = DiagnosticCollector()
        let result = body(&self)
        let produced = diagnostics.diagnostics
        diagnostics = saved
        return (result, produced)
    }

    /// The active input names in MiningSchema order.
    var activeInputNames: [String] { miningFields.filter { $0.usage == .active }.map(\.name) }

    /// Reports a reference to a field that is neither an active input nor a derived field. Returns whether the
    /// reference is valid.
    @discardableResult
    mutating func resolveField(_ name: String, at element: XMLTreeElement, role: String) -> Bool {
        if visibleFields.contains(name) { return true }
        var notes: [Diagnostic.Note] = []
        if let index = miningFieldIndex[name] {
            let mining = miningFields[index]
            let why = mining.usage == .target ? "it is the model's target" : "it is not an active MiningField"
            notes.append(
                Diagnostic.Note("'\(name)' is declared, but \(why)", at: SourceLocation(file: file, line: mining.line)))
        } else if let field = dataFields[name] {
            notes.append(
                Diagnostic.Note(
                    "'\(name)' is a DataField but the model's MiningSchema does not list it",
                    at: SourceLocation(file: file, line: field.line)))
        }
        let help = suggesting() ? NameSuggestion.help(for: name, in: visibleFields.sorted()) : []
        error(
            PMMLDiagnosticID.unknownField, "\(role) refers to '\(name)', which is not a field of this model.",
            at: element, notes: notes,
            help: help + ["a model can use its active MiningFields and the DerivedFields it can see"])
        return false
    }

    /// Whether an unknown name still gets a "did you mean" suggestion: the first ``maximumSuggestions`` of the
    /// document do.
    mutating func suggesting() -> Bool {
        guard suggestionsLeft > 0 else { return false }
        suggestionsLeft -= 1
        return true
    }
}
