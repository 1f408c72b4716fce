/// How bad a diagnostic is. Errors stop a conversion; warnings and notes do not.
public enum Severity: String, Sendable, Codable, Hashable, Comparable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A problem found in the user's input, with where it is and what to do about it.
///
/// `id` is stable (`notebook.literal-expected`) so tests and tools can rely on it; `message` is one sentence
/// that states the problem; `help` lines say how to fix it in the user's terms.
public struct Diagnostic: Error, Sendable, Codable, Hashable, CustomStringConvertible {
    /// A secondary remark attached to a diagnostic, optionally with its own location.
    public struct Note: Sendable, Codable, Hashable {
        public var message: String
        public var location: SourceLocation?
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    public var id: String
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var notes: [Note]
    public var help: [String]

    public init(
        _ severity: Severity, _ id: String, _ message: String, at location: SourceLocation? = nil,
        notes: [Note] = [], help: [String] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
        self.help = help
    }

    public static func error(
        _ id: String, _ message: String, at location: SourceLocation? = nil, notes: [Note] = [], help: [String] = []
    ) -> Diagnostic {
        Diagnostic(.error, id, message, at: location, notes: notes, help: help)
    }

    public static func warning(
        _ id: String, _ message: String, at location: SourceLocation? = nil, notes: [Note] = [], help: [String] = []
    ) -> Diagnostic {
        Diagnostic(.warning, id, message, at: location, notes: notes, help: help)
    }

    public static func note(
        _ id: String, _ message: String, at location: SourceLocation? = nil, notes: [Note] = [], help: [String] = []
    ) -> Diagnostic {
        Diagnostic(.note, id, message, at: location, notes: notes, help: help)
    }

    /// Compiler-style rendering without colour:
    /// `file:cell 7:3:12: error: message [id]` followed by `note:` and `help:` lines.
    public var description: String {
        var lines: [String] = []
        let prefix = location.map { "\($0): " } ?? ""
        lines.append("\(prefix)\(severity.rawValue): \(message) [\(id)]")
        for note in notes {
            let where_ = note.location.map { " (\($0))" } ?? ""
            lines.append("  note: \(note.message)\(where_)")
        }
        for line in help { lines.append("  help: \(line)") }
        return lines.joined(separator: "\n")
    }
}

/// One or more diagnostics that together stopped a stage. Thrown once, after all rules have run.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a stage runs, so that every problem is reported at once.
public struct DiagnosticCollector: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    public init() {}
    public mutating func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    public mutating func add(contentsOf more: [Diagnostic]) { diagnostics.append(contentsOf: more) }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity != .error } }

    /// Throws a `DiagnosticError` holding every diagnostic when any of them is an error.
    public func throwIfErrors() throws(DiagnosticError) {
        if hasErrors { throw DiagnosticError(diagnostics) }
    }
}
