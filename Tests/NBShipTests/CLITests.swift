import Foundation
import Testing

/// Tests that run the built `nbship` binary: exit codes, output, error format.
@Suite("nbship command line", .serialized)
struct CLITests {
    func nbship(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> ProcessResult {
        try Run.program(TestPaths.nbship, arguments, in: directory, environment: environment)
    }

    func sampleArguments(_ sample: String) -> [String] {
        let folder = TestPaths.sample(sample)
        return [
            "convert", folder.appendingPathComponent("notebook.ipynb").path, "--model",
            folder.appendingPathComponent("model.pmml").path,
        ]
    }

    @Test("--help lists the convert command")
    func help() throws {
        let result = try nbship(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("convert"))
        let convert = try nbship(["convert", "--help"])
        #expect(convert.stdout.contains("--model"))
        // The model formats --model takes, as ModelFileFormat reads them (help text is wrapped: compare words).
        let words = convert.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for format in ["PMML", "ONNX", "XGBoost JSON or UBJSON", "LightGBM text"] {
            #expect(words.contains(format), "convert --help does not name \(format)")
        }
        #expect(words.contains("cell tagged `model`"))
        // And it holds: a notebook whose model is a hand-written function converts with no --model.
        let work = try TestPaths.temporaryDirectory("convert-function")
        defer { try? FileManager.default.removeItem(at: work) }
        let notebook = TestPaths.sample("price-table-python").appendingPathComponent("notebook.ipynb")
        let converted = try nbship(["convert", notebook.path, "--out", work.path])
        #expect(converted.status == 0, "\(converted.stderr)")
        #expect(converted.stdout.hasSuffix("parcel-price-1.0.0.tar.gz\n"))
    }

    @Test("check: what was understood, in text and JSON; nothing written; exit 1 with the diagnostic when refused")
    func check() throws {
        let work = try TestPaths.temporaryDirectory("check")
        let folder = TestPaths.sample("diabetes-linear")
        let arguments = [
            "check", folder.appendingPathComponent("notebook.ipynb").path, "--model",
            folder.appendingPathComponent("model.pmml").path,
        ]
        let text = try nbship(arguments, in: work)
        #expect(text.status == 0)
        #expect(text.stdout.contains("Tagged cells:"))
        #expect(text.stdout.contains("bmi_min = 10.0"))
        #expect(text.stdout.contains("age  double  notebook: scaled with the notebook's constants"))
        #expect(text.stdout.contains("`prediction`: the prediction"))
        #expect(text.stdout.contains("Result: converts as 'diabetes-progression'"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
        let json = try nbship(arguments + ["--format", "json"], in: work)
        #expect(json.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["converts"] as? Bool == true)
        let understanding = try #require(object["understanding"] as? [String: Any])
        #expect((understanding["inputs"] as? [[String: Any]])?.count == 10)
        #expect(understanding["notebookExampleCount"] as? Int == 5)
        // The model alone with the notebook's constants and no examples: refused, both readings named.
        let bare = work.appendingPathComponent("bare.ipynb")
        var notebook = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("notebook.ipynb")))
                as? [String: Any])
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        notebook["cells"] = cells.filter { cell in
            !(((cell["metadata"] as? [String: Any])?["tags"] as? [String]) ?? []).contains("examples")
        }
        try JSONSerialization.data(withJSONObject: notebook).write(to: bare)
        let refused = try nbship(["check", bare.path, "--model", folder.appendingPathComponent("model.pmml").path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("[spec.scaling-ambiguous]"))
        #expect(refused.stdout.contains("undecided"))
        try? FileManager.default.removeItem(at: bare)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }

    @Test("check shows the notebook's name of each positional input (x1..xn) and the note that maps them")
    func checkPositionalInputs() throws {
        let folder = TestPaths.sample("zoo/iris-mlp-outside-numpy")
        let result = try nbship([
            "check", folder.appendingPathComponent("notebook.ipynb").path, "--model",
            folder.appendingPathComponent("model.pmml").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("x1 (the notebook's 'sepal length (cm)')  double  notebook:"))
        #expect(result.stdout.contains("x4 (the notebook's 'petal width (cm)')"))
        #expect(result.stderr.contains("[spec.features-by-position]"))
    }

    @Test("Convert prints the archive path last; an unchanged second run writes nothing; an archive is never replaced")
    func convertAndRefuseOverwrite() throws {
        let work = try TestPaths.temporaryDirectory("cli")
        defer { try? FileManager.default.removeItem(at: work) }
        let first = try nbship(sampleArguments("breast-cancer-logistic") + ["--out", work.path])
        #expect(first.status == 0, "\(first.stderr)")
        let path = work.appendingPathComponent("breast-cancer-risk-1.0.0.tar.gz").path
        #expect(first.stdout.split(separator: "\n").last.map(String.init) == path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let second = try nbship(sampleArguments("breast-cancer-logistic") + ["--out", work.path])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("Nothing changed since"), "\(second.stdout)")
        let same = try nbship(sampleArguments("breast-cancer-logistic") + ["--out", work.path, "--version", "1.0.0"])
        #expect(same.status == 1)
        #expect(same.stderr.contains("[version.refused]"), "\(same.stderr)")
        let forced = try nbship(
            sampleArguments("breast-cancer-logistic") + [
                "--out", work.path, "--version", "1.0.0", "--version-override-reason", "try to replace it",
            ])
        #expect(forced.status == 1)
        #expect(forced.stderr.contains("[archive.exists]"), "\(forced.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        let next = try nbship(
            sampleArguments("breast-cancer-logistic") + [
                "--out", work.path, "--version", "1.0.1", "--version-override-reason", "a rebuild",
            ])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(
            FileManager.default.fileExists(atPath: work.appendingPathComponent("breast-cancer-risk-1.0.1.tar.gz").path))
    }

    @Test("params check: the generated file is valid; a mistake exits 1 with its position and a fix; no package, 66")
    func paramsCheck() throws {
        let work = try TestPaths.temporaryDirectory("params")
        defer { try? FileManager.default.removeItem(at: work) }
        let convert = try nbship(sampleArguments("breast-cancer-logistic") + ["--out", work.path])
        #expect(convert.status == 0, "\(convert.stderr)")
        let archive = work.appendingPathComponent("breast-cancer-risk-1.0.0.tar.gz").path
        let extract = try Run.program(URL(fileURLWithPath: "/usr/bin/tar"), ["-xzf", archive, "-C", work.path])
        #expect(extract.status == 0)
        let file = work.appendingPathComponent("breast-cancer-risk-1.0.0/parameters.yaml")
        let valid = try nbship(["params", "check", file.path])
        #expect(valid.status == 0, "\(valid.stderr)")
        #expect(valid.stdout.contains("all valid"))

        let original = try String(contentsOf: file, encoding: .utf8)
        let edited = work.appendingPathComponent("edited.yaml")
        try original.replacingOccurrences(of: "threshold: 0.35", with: "threshold: 0,35")
            .write(to: edited, atomically: true, encoding: .utf8)
        let wrong = try nbship(["params", "check", edited.path, "--package", archive])
        #expect(wrong.status == 1)
        #expect(
            wrong.stderr.contains("edited.yaml:16:12: error: expected a number, found the text '0,35'"),
            "\(wrong.stderr)")
        #expect(wrong.stderr.contains("use a dot for decimals"))

        let shown = try nbship(["params", "show", archive])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("threshold"), "\(shown.stdout)")
        #expect(shown.stdout.contains("[0.0, 1.0]"), "\(shown.stdout)")
        let json = try nbship(["params", "show", archive, "--format", "json"])
        #expect(json.stdout.contains("\"value\" : \"0.35\""), "\(json.stdout)")

        // set: validated first, only the value changes, written atomically.
        let folder = work.appendingPathComponent("breast-cancer-risk-1.0.0")
        let before = try Data(contentsOf: file)
        let refused = try nbship(["params", "set", folder.path, "threshold=1.5"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("1.5 is outside the allowed range [0.0, 1.0]"), "\(refused.stderr)")
        #expect(try Data(contentsOf: file) == before)
        let typo = try nbship(["params", "set", folder.path, "treshold=0.4"])
        #expect(typo.status == 1)
        #expect(typo.stderr.contains("did you mean 'threshold'?"))
        let set = try nbship(["params", "set", folder.path, "threshold=0.4"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("threshold: 0.35 -> 0.4"))
        let after = try String(contentsOf: file, encoding: .utf8)
        #expect(after == original.replacingOccurrences(of: "threshold: 0.35", with: "threshold: 0.4"))
        let archiveRefused = try nbship(["params", "set", archive, "threshold=0.4"])
        #expect(archiveRefused.status == 64)

        let orphan = try nbship(["params", "check", edited.path])
        #expect(orphan.status == 66)
        #expect(orphan.stderr.contains("[params.no-package]"))
    }

    @Test("The same inputs give byte-identical archives from different folders, users, umasks and times")
    func reproducibleArchives() throws {
        let a = try TestPaths.temporaryDirectory("repro-a")
        let b = try TestPaths.temporaryDirectory("repro-b")
        defer {
            try? FileManager.default.removeItem(at: a)
            try? FileManager.default.removeItem(at: b)
        }
        let first = try nbship(sampleArguments("wine-multiclass") + ["--out", "dist"], in: a)
        // A different working directory, a relative path to the inputs, another umask.
        let umask = try Run.program(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "umask 077 && \"$0\" \"$@\"", TestPaths.nbship.path] + sampleArguments("wine-multiclass") + [
                "--out", b.appendingPathComponent("out").path,
            ],
            in: b)
        #expect(first.status == 0 && umask.status == 0, "\(first.stderr)\(umask.stderr)")
        let one = try Data(contentsOf: a.appendingPathComponent("dist/wine-cultivar-1.0.0.tar.gz"))
        let two = try Data(contentsOf: b.appendingPathComponent("out/wine-cultivar-1.0.0.tar.gz"))
        #expect(one == two)

        // Another user: as root, run as `nobody` (uid 65534) with its own HOME and USER; otherwise only the
        // environment differs (the archive never records users, which the ArchiveKit tests check entry by entry).
        let c = try TestPaths.temporaryDirectory("repro-c")
        defer { try? FileManager.default.removeItem(at: c) }
        _ = chmod(c.path, 0o777)
        let environment = ["HOME": c.path, "USER": "nobody", "LOGNAME": "nobody"]
        let other: ProcessResult
        if getuid() == 0 {
            other = try Run.program(
                URL(fileURLWithPath: "/usr/bin/setpriv"),
                ["--reuid", "65534", "--regid", "65534", "--clear-groups", TestPaths.nbship.path]
                    + sampleArguments("wine-multiclass") + ["--out", c.appendingPathComponent("out").path],
                in: c, environment: environment)
        } else {
            other = try Run.program(
                TestPaths.nbship, sampleArguments("wine-multiclass") + ["--out", c.appendingPathComponent("out").path],
                in: c, environment: environment)
        }
        #expect(other.status == 0, "\(other.stderr)")
        let three = try Data(contentsOf: c.appendingPathComponent("out/wine-cultivar-1.0.0.tar.gz"))
        #expect(three == one)
    }

    @Test("Killed at any moment, convert leaves no file or a complete archive, and nothing else")
    func killedConvert() throws {
        let work = try TestPaths.temporaryDirectory("kill-convert")
        defer { try? FileManager.default.removeItem(at: work) }
        let archive = work.appendingPathComponent("diabetes-progression-forest-1.0.0.tar.gz")
        let reference = try TestPaths.temporaryDirectory("kill-convert-reference")
        defer { try? FileManager.default.removeItem(at: reference) }
        let started = Date()
        let complete = try nbship(sampleArguments("diabetes-random-forest") + ["--out", reference.path])
        let duration = Date().timeIntervalSince(started)
        #expect(complete.status == 0, "\(complete.stderr)")
        let expected = try Data(contentsOf: reference.appendingPathComponent(archive.lastPathComponent))
        let sweep = try Run.killSweep(
            TestPaths.nbship, sampleArguments("diabetes-random-forest") + ["--out", work.path], duration: duration,
            before: { try? FileManager.default.removeItem(at: archive) },
            inspect: {
                let names = try FileManager.default.contentsOfDirectory(atPath: work.path)
                #expect(names.isEmpty || names == [archive.lastPathComponent], "left behind: \(names)")
                guard names == [archive.lastPathComponent] else { return false }
                #expect(try Data(contentsOf: archive) == expected, "a partial or different archive")
                return true
            })
        #expect(sweep.interrupted > 0 && sweep.completed > 0, "\(sweep)")
    }

    @Test("A model file alone converts, named after the file")
    func modelOnly() throws {
        let work = try TestPaths.temporaryDirectory("model-only")
        defer { try? FileManager.default.removeItem(at: work) }
        let model = TestPaths.sample("wine-multiclass").appendingPathComponent("model.pmml").path
        let result = try nbship(["convert", "--model", model, "--out", work.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("model-1.0.0.tar.gz\n"))
    }

    @Test(
        "Usage errors exit 64 with a hint",
        arguments: [
            (["convert"], "--model is required"),
            (["convert", "--model", "m.pmml", "--version", "1.0"], "not a semantic version"),
        ])
    func usageErrors(_ arguments: [String], _ message: String) throws {
        let result = try nbship(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message))
    }

    @Test("Bad inputs give located, compiler-style errors, exit 1 and no archive")
    func badInputs() throws {
        let work = try TestPaths.temporaryDirectory("bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let original = try String(
            contentsOf: TestPaths.sample("breast-cancer-logistic").appendingPathComponent("notebook.ipynb"),
            encoding: .utf8)
        // Replace the threshold literal by an expression: it must be refused, never evaluated.
        let broken = original.replacingOccurrences(of: "threshold: float = 0.35", with: "threshold: float = np.log(3)")
        #expect(broken != original)
        let notebook = work.appendingPathComponent("notebook.ipynb")
        try broken.write(to: notebook, atomically: true, encoding: .utf8)
        let model = TestPaths.sample("breast-cancer-logistic").appendingPathComponent("model.pmml").path
        let result = try nbship([
            "convert", notebook.path, "--model", model, "--out", work.appendingPathComponent("dist").path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("notebook.ipynb:cell 2:2:"), "\(result.stderr)")
        #expect(result.stderr.contains("error:"))
        #expect(result.stderr.contains("help:"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("dist").path))

        let pmml = work.appendingPathComponent("broken.pmml")
        try "<PMML version=\"4.4\"><DataDictionary>".write(to: pmml, atomically: true, encoding: .utf8)
        let xml = try nbship(["convert", "--model", pmml.path, "--out", work.appendingPathComponent("dist").path])
        #expect(xml.status == 1)
        #expect(xml.stderr.contains("broken.pmml:1:"), "\(xml.stderr)")
        #expect(xml.stderr.contains("[pmml.xml-syntax]"))

        let missing = try nbship(["convert", "--model", work.appendingPathComponent("nope.pmml").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("[input.not-found]"))
    }

    @Test("--diagnostics-format json prints one JSON object per diagnostic")
    func jsonDiagnostics() throws {
        let result = try nbship(["convert", "--model", "/nonexistent/model.pmml", "--diagnostics-format", "json"])
        #expect(result.status == 1)
        let line = try #require(result.stderr.split(separator: "\n").first)
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["id"] as? String == "input.not-found")
        #expect(object?["severity"] as? String == "error")
    }
}

/// `--templates DIR` replaces the built-in templates; a template without the text pragma is refused.
@Suite("Custom templates")
struct CustomTemplateTests {
    @Test("A copy of Templates/ gives the same archive; a template without the pragma is refused")
    func customTemplates() throws {
        let work = try TestPaths.temporaryDirectory("templates")
        defer { try? FileManager.default.removeItem(at: work) }
        let copy = work.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: TestPaths.root.appendingPathComponent("Templates"), to: copy)
        let folder = TestPaths.sample("diabetes-linear")
        let arguments = [
            "convert", folder.appendingPathComponent("notebook.ipynb").path, "--model",
            folder.appendingPathComponent("model.pmml").path,
        ]
        let builtIn = try Run.program(TestPaths.nbship, arguments + ["--out", work.appendingPathComponent("a").path])
        let custom = try Run.program(
            TestPaths.nbship, arguments + ["--out", work.appendingPathComponent("b").path, "--templates", copy.path])
        #expect(builtIn.status == 0 && custom.status == 0, "\(builtIn.stderr)\(custom.stderr)")
        let name = "diabetes-progression-1.0.0.tar.gz"
        #expect(
            try Data(contentsOf: work.appendingPathComponent("a/\(name)"))
                == Data(contentsOf: work.appendingPathComponent("b/\(name)")))

        let model = copy.appendingPathComponent("Swift/Model.swift.mustache")
        let text = try String(contentsOf: model, encoding: .utf8)
        try String(text.dropFirst("{{%CONTENT_TYPE:TEXT}}".count)).write(to: model, atomically: true, encoding: .utf8)
        let refused = try Run.program(
            TestPaths.nbship, arguments + ["--out", work.appendingPathComponent("c").path, "--templates", copy.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("[templates.pragma-missing]"))
    }
}
