import NBCore

/// Parses the Python source of a tagged cell as literals and assignments, never running it.
///
/// **Statements.** Each top-level statement must be one of:
/// - `name = value` or `name: annotation = value` (the annotation is kept as written);
/// - harmless lines that are skipped silently: `import ...`, `from ... import ...`, `pass`, a bare string
///   (docstring), blank lines and comments.
///
/// Anything else is an error with the cell, line and column of the offending token: `print(x)`, `for`/`if`/`def`
/// blocks, `del`, augmented (`x += 1`), chained (`a = b = 1`) and tuple (`a, b = 1, 2`) assignments, assignments
/// to attributes or items, IPython magics. After an error the parser resumes at the next top-level line.
///
/// **Values.** `int` (decimal, `0x`/`0o`/`0b`, `_` separators, any number of unary `+`/`-`; 64-bit only),
/// `float` (`1e-3`, `.5`, `5.`, `1_000.5`), `str` in every quote style with the prefixes `r`/`u` and every
/// escape except `\N{...}` (adjacent strings are concatenated, also across lines inside brackets), `True`,
/// `False`, `None`, lists, tuples (`()`, `(1,)`, and bare `x = 1, 2`), dicts, nested up to
/// ``maximumNestingDepth`` levels, with trailing commas, comments and line continuations anywhere Python
/// allows them. Bytes, f-strings, sets, complex numbers and comprehensions are refused.
///
/// **Named constants and constructors** (pure, resolved by the parser; recorded in `PyLiteral.constructor`):
/// - `np.nan`, `np.inf`, `numpy.nan`, `numpy.inf`, `math.nan`, `math.inf`;
/// - `float(x)` of a number or a numeric string (`float("nan")`, `float("-inf")`, `float("1.5")`), `float()`;
/// - `int(x)` of an integer, a float (truncated toward zero) or a decimal string, `int()`;
/// - `list(L)`, `tuple(L)` of a list or tuple literal, and `list()`, `tuple()`;
/// - `dict(a=1, b=2)`, `dict({...})`, `dict()`;
/// - `np.array(L)`, `np.asarray(L)`, `numpy.array(L)`, `numpy.asarray(L)`: tuples become lists; an optional
///   `dtype=` of float (`float`, `np.float64`, `"float32"`, ...) turns integers into floats, one of int
///   (`int`, `np.int64`, `"int32"`, ...) requires integers; other dtypes are refused.
///
/// **Comments.** The comment at the end of an assignment's last line becomes `PyAssignment.comment`; without
/// one, the full-line comments directly above the assignment do (joined with newlines).
///
/// **Positions.** Lines and columns are 1-based and relative to the cell source; columns count Unicode
/// scalars. `PyAssignment.location` is the assigned name, `PyLiteral.location` the literal's first character.
public enum PythonLiteralParser {
    /// How deeply brackets and constructor calls may nest before `notebook.nesting-too-deep`.
    public static let maximumNestingDepth = 200

    /// Parses a cell's source.
    ///
    /// - Parameters:
    ///   - source: The cell's source text.
    ///   - file: The notebook path, for diagnostics.
    ///   - cell: The 1-based cell number, for diagnostics.
    /// - Returns: The assignments in source order (an assignment whose value is not a literal is kept with a nil
    ///   value) and the diagnostics. A name assigned twice keeps its first position and its last value, as a
    ///   Python namespace would, with a `notebook.duplicate-assignment` warning.
    public static func parse(
        _ source: String, file: String, cell: Int
    ) -> (
        assignments: [PyAssignment], diagnostics: [Diagnostic]
    ) {
        var tokenizer = PyTokenizer(source: source, file: file, cell: cell)
        tokenizer.run()
        var parser = PyCellParser(tokenizer: tokenizer)
        parser.parseCell()
        var diagnostics = tokenizer.diagnostics + parser.diagnostics
        diagnostics.sort { lhs, rhs in
            (lhs.location?.line ?? 0, lhs.location?.column ?? 0) < (rhs.location?.line ?? 0, rhs.location?.column ?? 0)
        }
        var assignments: [PyAssignment] = []
        var indexByName: [String: Int] = [:]
        for assignment in parser.assignments {
            guard let index = indexByName[assignment.name] else {
                indexByName[assignment.name] = assignments.count
                assignments.append(assignment)
                continue
            }
            let earlier = assignments[index]
            diagnostics.append(
                .warning(
                    NotebookDiagnosticID.duplicateAssignment,
                    "`\(assignment.name)` is assigned more than once in this cell; the last value wins",
                    at: assignment.location, notes: [.init("first assigned here", at: earlier.location)],
                    help: ["remove one of the assignments"]))
            assignments[index] = assignment
        }
        return (assignments, diagnostics)
    }
}

/// Reads a `model` cell (a hand-written model function) on its own: what the notebook reader does with a cell
/// tagged `model` (for the fuzz harness and tools).
public enum ModelCellReader {
    public static func read(_ source: String, file: String, cell: Int) -> (ModelCell?, [Diagnostic]) {
        PyFunctionParser.read(source, file: file, cell: cell)
    }
}
