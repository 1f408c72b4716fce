import NBCore
import Testing

@testable import NotebookReader

/// Each case marks where the diagnostic must point with `⟨here⟩`.
@Suite("Python literal diagnostics")
struct PyLiteralDiagnosticTests {
    static let cases: [(String, String)] = [
        // Not literals.
        ("alpha = ⟨here⟩np.log(3)", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩y", NotebookDiagnosticID.literalExpected),
        ("x = 1 ⟨here⟩+ 2", NotebookDiagnosticID.literalExpected),
        ("x = [1, ⟨here⟩foo(2)]", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩f'{a}'", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩b'raw bytes'", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩{1, 2}", NotebookDiagnosticID.literalExpected),
        ("x = [i ⟨here⟩for i in range(3)]", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩3j", NotebookDiagnosticID.literalExpected),
        ("x = 'a'⟨here⟩.upper()", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩np.array([1], dtype=str)", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩float('abc')", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩-'a'", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩lambda: 1", NotebookDiagnosticID.literalExpected),
        ("d = ⟨here⟩a == 3", NotebookDiagnosticID.literalExpected),
        ("x = ⟨here⟩np.pi", NotebookDiagnosticID.literalExpected),
        // Numbers a 64-bit float cannot hold: Python would read inf or 0.0; nbship refuses to change them.
        ("x = ⟨here⟩1e400", NotebookDiagnosticID.syntaxError),
        ("x = -⟨here⟩1e400", NotebookDiagnosticID.syntaxError),
        ("x = ⟨here⟩1e-400", NotebookDiagnosticID.syntaxError),
        ("x = ⟨here⟩float('1e999')", NotebookDiagnosticID.literalExpected),
        // Statements that are not assignments.
        ("⟨here⟩print(x)", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩for i in range(3):\n    x = i", NotebookDiagnosticID.unsupportedStatement),
        ("x ⟨here⟩+= 1", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩a, b = 1, 2", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩del x", NotebookDiagnosticID.unsupportedStatement),
        ("a = b ⟨here⟩= 1", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩df.x = 1", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩x[0] = 1", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩%matplotlib inline", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩!pip install numpy", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩x: float", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩x", NotebookDiagnosticID.unsupportedStatement),
        ("⟨here⟩def f():\n    return 1", NotebookDiagnosticID.unsupportedStatement),
        // Syntax errors.
        ("⟨here⟩= 2", NotebookDiagnosticID.syntaxError),
        ("x = ⟨here⟩[1, 2", NotebookDiagnosticID.syntaxError),
        ("x = [1 ⟨here⟩2]", NotebookDiagnosticID.syntaxError),
        ("x = (1, 2⟨here⟩]", NotebookDiagnosticID.syntaxError),
        ("x = ⟨here⟩007", NotebookDiagnosticID.syntaxError),
        ("x = ⟨here⟩1__0", NotebookDiagnosticID.syntaxError),
        ("x = ⟨here⟩1abc", NotebookDiagnosticID.syntaxError),
        ("x = ⟨here⟩0b102", NotebookDiagnosticID.syntaxError),
        ("x = 1 ⟨here⟩$", NotebookDiagnosticID.syntaxError),
        ("x = 1\n  ⟨here⟩y = 2", NotebookDiagnosticID.syntaxError),
        ("x ⟨here⟩=", NotebookDiagnosticID.syntaxError),
        ("x = 'a⟨here⟩\\x4'", NotebookDiagnosticID.syntaxError),
        ("x = 1 ⟨here⟩\\ 2", NotebookDiagnosticID.syntaxError),
        ("x = {'a' ⟨here⟩1}", NotebookDiagnosticID.syntaxError),
        ("x = 1⟨here⟩]", NotebookDiagnosticID.syntaxError),
        ("x = 1 ⟨here⟩: 2", NotebookDiagnosticID.syntaxError),
        // Strings, integers, nesting.
        ("x = ⟨here⟩'abc", NotebookDiagnosticID.unterminatedString),
        ("x = ⟨here⟩'''abc\n\ndef", NotebookDiagnosticID.unterminatedString),
        ("x = ⟨here⟩r'abc\\'", NotebookDiagnosticID.unterminatedString),
        ("x = 'caf⟨here⟩\\N{LATIN SMALL LETTER E WITH ACUTE}'", NotebookDiagnosticID.unsupportedEscape),
        ("x = '⟨here⟩\\ud800'", NotebookDiagnosticID.unsupportedEscape),
        ("x = ⟨here⟩9223372036854775808", NotebookDiagnosticID.integerTooLarge),
        ("x = [⟨here⟩-9223372036854775809]", NotebookDiagnosticID.integerTooLarge),
        ("x = ⟨here⟩0xFFFFFFFFFFFFFFFFFF", NotebookDiagnosticID.integerTooLarge),
        ("x = ⟨here⟩int('99999999999999999999')", NotebookDiagnosticID.integerTooLarge),
    ]

    @Test("Each problem is reported with its id at the marked position", arguments: cases)
    func diagnostic(text: String, id: String) throws {
        let (source, line, column) = marked(text)
        let (assignments, diagnostics) = parseCell(source)
        let errors = diagnostics.errors
        #expect(errors.count == 1, "\(diagnostics)")
        let error = try #require(errors.first)
        #expect(error.id == id, "\(error)")
        #expect(error.location?.cell == 1)
        #expect(error.location?.line == line, "\(error)")
        #expect(error.location?.column == column, "\(error)")
        #expect(!error.message.isEmpty)
        if id == NotebookDiagnosticID.literalExpected || id == NotebookDiagnosticID.unsupportedStatement {
            #expect(error.help.last == "nbship reads tagged cells as Python literals and never runs code")
        }
        // An assignment whose value is refused is kept, without a guessed value.
        if let refused = assignments.first(where: { $0.location.line == line }) { #expect(refused.value == nil) }
    }

    @Test(
        "Refused arithmetic suggests the literal to write",
        arguments: [
            ("alpha = np.log(3)", "write the value as a literal, e.g. `alpha = 1.0986122886681098`"),
            ("x = 1 + 2", "write the value as a literal, e.g. `x = 3`"),
            ("x = 2 ** 10", "write the value as a literal, e.g. `x = 1024`"),
            ("x = 1 / 3", "write the value as a literal, e.g. `x = 0.3333333333333333`"),
            ("x = [1, math.sqrt(2)]", "write the value as a literal, e.g. `1.4142135623730951`"),
            ("x = -7 // 2", "write the value as a literal, e.g. `x = -4`"),
            ("x = np.pi / 2", "write the value as a literal, e.g. `x = 1.5707963267948966`"),
        ])
    func hints(source: String, help: String) {
        let (_, diagnostics) = parseCell(source)
        #expect(diagnostics.first?.help.first == help, "\(diagnostics)")
        #expect(diagnostics.first?.help.last == "nbship reads tagged cells as Python literals and never runs code")
    }

    @Test("Parsing resumes after an error so that every problem is reported")
    func resynchronises() {
        let source = """
            a = 1
            b = np.log(3)
            for i in range(3):
                c = i
                d = 2
            e = [1,
                 2 +
                 3]
            print(a)
            f = 'ok'
            g = 'unterminated
            h = 4
            """
        let (assignments, diagnostics) = parseCell(source)
        #expect(diagnostics.errors.map { $0.location?.line ?? 0 } == [2, 3, 7, 9, 11])
        #expect(
            diagnostics.errors.ids == [
                NotebookDiagnosticID.literalExpected, NotebookDiagnosticID.unsupportedStatement,
                NotebookDiagnosticID.literalExpected, NotebookDiagnosticID.unsupportedStatement,
                NotebookDiagnosticID.unterminatedString,
            ])
        #expect(assignments.map(\.name) == ["a", "b", "e", "f", "g", "h"])
        #expect(assignments.map { render($0.value) } == ["1", "<nil>", "<nil>", "\"ok\"", "<nil>", "4"])
    }

    @Test("Nesting deeper than the limit is an error, not a crash")
    func tooDeep() {
        for depth in [201, 5_000, 100_000] {
            let source =
                "x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\ny = 1"
            let (assignments, diagnostics) = parseCell(source)
            #expect(diagnostics.ids == [NotebookDiagnosticID.nestingTooDeep])
            #expect(diagnostics.first?.location?.column == 4 + 201)
            #expect(assignments.map(\.name) == ["x", "y"])
            #expect(assignments.first?.value == nil)
        }
    }

    @Test("Unknown escapes are kept with a warning")
    func invalidEscape() {
        let (source, line, column) = marked(#"pattern = '⟨here⟩\d+'"#)
        let (assignments, diagnostics) = parseCell(source)
        #expect(diagnostics.ids == [NotebookDiagnosticID.invalidEscape])
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.location?.line == line && diagnostics.first?.location?.column == column)
        #expect(assignments.first?.value?.string == "\\d+")
    }

    @Test("A name assigned twice warns and keeps the last value")
    func duplicates() throws {
        let (assignments, diagnostics) = parseCell("a = 1\nb = 2\na = 3")
        #expect(assignments.map(\.name) == ["a", "b"])
        #expect(assignments.map { render($0.value) } == ["3", "2"])
        let warning = try #require(diagnostics.first)
        #expect(warning.id == NotebookDiagnosticID.duplicateAssignment && warning.severity == .warning)
        #expect(warning.location?.line == 3)
        #expect(warning.notes.first?.location?.line == 1)
    }

    @Test("A papermill cell with annotations, comments and refused lines")
    func papermillComplexParameters() {
        let source = """
            msg = None
            a: float = 2.25 # Variable a
            b = [
                'Hello', # First element
            # Dummy comment
                'World'
            ] # type: List[str] Nice list

            # Interesting c variable
            c: "NoneType" = None
            # Not introspectable line
            d = a == 3
            # Broken name definition
            = 2
            """
        let (assignments, diagnostics) = parseCell(source)
        #expect(assignments.map(\.name) == ["msg", "a", "b", "c", "d"])
        #expect(
            assignments.map(\.comment) == [
                nil, "Variable a", "type: List[str] Nice list", "Interesting c variable", "Not introspectable line",
            ])
        #expect(assignments.map { render($0.value) } == ["None", "2.25", "[\"Hello\", \"World\"]", "None", "<nil>"])
        #expect(diagnostics.errors.ids == [NotebookDiagnosticID.literalExpected, NotebookDiagnosticID.syntaxError])
        #expect(diagnostics.errors.map { [$0.location?.line ?? 0, $0.location?.column ?? 0] } == [[12, 5], [14, 1]])
    }

    @Test("Comments: trailing on the last line wins, else the block directly above")
    func comments() {
        let source = """
            # Learning rate
            # (per epoch)
            lr = 0.1

            # separated by a blank line

            momentum = 0.9
            layers = [
                64,
            ]  #   sizes of the hidden layers  \n# about x
            x = 1
            """
        let (assignments, _) = parseCell(source)
        #expect(
            assignments.map(\.comment) == ["Learning rate\n(per epoch)", nil, "sizes of the hidden layers", "about x"])
    }
}
