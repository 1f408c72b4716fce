/// A Python literal parsed (never executed) from a notebook cell, with the location of its first character.
///
/// Pure constructors around literals (`np.array([...])`, `float("nan")`) are resolved by the parser;
/// `constructor` records which one was written so messages can quote it.
public struct PyLiteral: Sendable, Hashable {
    /// The shape of a literal.
    public indirect enum Kind: Sendable, Hashable {
        case int(Int)
        case float(Double)
        case string(String)
        case bool(Bool)
        case none
        case list([PyLiteral])
        case tuple([PyLiteral])
        case dict([PyDictEntry])
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The constructor written around the literal, for example `np.array`; nil for a bare literal.
    public var constructor: String?

    public init(_ kind: Kind, at location: SourceLocation, constructor: String? = nil) {
        self.kind = kind
        self.location = location
        self.constructor = constructor
    }

    /// The numeric value of an int or float literal (bools are not numbers here).
    public var number: Double? {
        switch kind {
        case .int(let value): Double(value)
        case .float(let value): value
        default: nil
        }
    }

    /// The text of a string literal.
    public var string: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    /// The elements of a list or tuple.
    public var elements: [PyLiteral]? {
        switch kind {
        case .list(let items), .tuple(let items): items
        default: nil
        }
    }

    /// The entries of a dict, in source order.
    public var entries: [PyDictEntry]? {
        if case .dict(let entries) = kind { return entries }
        return nil
    }

    /// A short name of the literal's type, as Python would print it (`int`, `float`, `str`, `list`, ...).
    public var typeName: String {
        switch kind {
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .bool: "bool"
        case .none: "None"
        case .list: "list"
        case .tuple: "tuple"
        case .dict: "dict"
        }
    }
}

/// One `key: value` entry of a dict literal.
public struct PyDictEntry: Sendable, Hashable {
    public var key: PyLiteral
    public var value: PyLiteral
    public init(key: PyLiteral, value: PyLiteral) {
        self.key = key
        self.value = value
    }
}

/// One top-level assignment in a tagged cell: `name[: annotation] = literal  # comment`.
public struct PyAssignment: Sendable, Hashable {
    public var name: String
    /// The annotation text as written (`float`, `list[str]`), if any.
    public var annotation: String?
    /// The parsed value; nil when the right-hand side is outside the literal subset (a diagnostic says why).
    public var value: PyLiteral?
    /// The trailing comment on the assignment's last line (or the comment lines directly above it), without `#`.
    public var comment: String?
    /// Location of the assigned name.
    public var location: SourceLocation

    public init(
        name: String, annotation: String? = nil, value: PyLiteral?, comment: String? = nil, location: SourceLocation
    ) {
        self.name = name
        self.annotation = annotation
        self.value = value
        self.comment = comment
        self.location = location
    }
}
