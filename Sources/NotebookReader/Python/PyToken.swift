/// One token of a tagged cell's Python source.
struct PyToken {
    enum Kind: Equatable {
        /// An identifier or keyword.
        case name
        case number
        case string
        /// Operators and delimiters: `=`, `(`, `,`, `+=`, ...
        case op
        /// The end of a logical line (never emitted inside brackets or after a backslash continuation).
        case newline
        /// An IPython magic or shell escape line (`%matplotlib inline`, `!pip install x`).
        case magic
        /// Text the tokenizer could not read; it has already reported a diagnostic.
        case invalid
        case end
    }

    var kind: Kind
    /// The source text for names, numbers and operators (empty for other kinds).
    var text: String
    /// Offsets into the cell's Unicode scalars, end exclusive.
    var start: Int
    var end: Int
    /// 1-based line and column (in Unicode scalars) of the first character.
    var line: Int
    var column: Int
    /// The line of the last character (strings and continuations may span lines).
    var endLine: Int
    /// Whether this is the first token of a logical line, and whether that line is indented.
    var startsLine = false
    var indented = false
    var number: PyNumber?
    var string: PyString?

    func isOp(_ text: String) -> Bool { kind == .op && self.text == text }
}

/// A numeric token's value.
enum PyNumber: Equatable {
    /// The magnitude of an integer literal; nil when it does not fit in 64 bits.
    case integer(UInt64?)
    case float(Double)
    /// `3j`: complex numbers are not supported.
    case imaginary
}

/// A string token's decoded value.
struct PyString: Equatable {
    enum Kind: Equatable {
        case text
        case bytes
        /// f-strings (and t-strings) are evaluated at run time, so they are never literals.
        case formatted
    }

    var kind: Kind
    var value: String
    /// False when the string had an error the tokenizer already reported.
    var valid: Bool
}

/// A `#` comment in a cell.
struct PyComment: Equatable {
    var line: Int
    var column: Int
    /// The text after `#`, trimmed.
    var text: String
    /// Whether the comment is alone on its line.
    var fullLine: Bool
    /// Whether it is outside any brackets.
    var topLevel: Bool
}

/// Python's hard keywords; none of them can be assigned to.
let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]
