import ArchiveKit
import Foundation
import NBCore
import NBShipApp
import NBShipCLI
import Testing

/// End to end: convert each sample to an archive, unpack it, build and test the generated package with
/// `swift`, run `<name>-predict` on the sample rows and compare with scikit-learn's values.
/// The packages share one scratch folder so dependencies of the toolchain are built once.
@Suite("Generated packages build, pass their tests and agree with scikit-learn", .serialized)
struct CompileAndRunTests {
    static let scratch: URL = FileManager.default.temporaryDirectory.appendingPathComponent("nbship-generated-scratch")

    @Test("Build, test and score", arguments: TestPaths.samples)
    func buildTestAndScore(_ sample: String) throws {
        try buildTestAndScoreSample(sample)
    }

    /// A few notebooks of the zoo (`Samples/zoo`) end to end: scaling inside GradientBoosting segments with no
    /// evidence (issue 13's silently wrong case), the notebook's scaling applied before a float32 tree, a
    /// ColumnTransformer with one-hot, imputation and a threshold on the first class, and XGBoost with missing
    /// values after papermill injection, and a model fit on an array (inputs `x1..x4`) whose package reads the
    /// notebook's column names.
    @Test(
        "Zoo notebooks: build, test and score",
        arguments: [
            "zoo/bc-gbc-std-inside-no-verify", "zoo/wine-gbc-outside-examples-marker", "zoo/loans-columntransformer-rf",
            "zoo/shop-xgb-missing-papermill", "zoo/iris-mlp-outside-numpy",
        ])
    func buildTestAndScoreZoo(_ sample: String) throws {
        try buildTestAndScoreSample(sample)
    }

    /// Models saved in XGBoost's and LightGBM's own formats and as ONNX: every row (held-out rows, rows with missing
    /// values, rows on and beside split thresholds) must equal the runtime's own output (onnxruntime with one
    /// thread) bit for bit.
    @Test("Booster and ONNX files: build, test and score bit for bit", arguments: TestPaths.nativeSamples)
    func buildTestAndScoreNative(_ sample: String) throws {
        try buildTestAndScoreSample(sample, exact: true)
    }

    /// The same booster files with every ensemble written as a tree table (the form ensembles of 2,000 nodes or more
    /// take): the table walker's splits that a missing value satisfies (`x is missing or x < t`, how XGBoost and
    /// LightGBM send missing values to their default child) give the runtime's outputs bit for bit.
    @Test(
        "Booster files as tree tables: build, test and score bit for bit",
        arguments: ["wine-xgboost-json", "breast-cancer-xgboost-ubj", "diabetes-lightgbm-text", "iris-lightgbm-text"])
    func buildTestAndScoreTables(_ sample: String) throws {
        try buildTestAndScoreSample(sample, exact: true, tableNodes: 0)
    }

    /// Converts, unpacks, builds warning-free and tests the package; the path of its `<name>-predict`.
    func buildAndTest(
        notebook: String?, model: String?, scratch label: String, work: URL, tableNodes: Int? = nil
    ) throws -> (URL, Converter.Result) {
        var converter = Converter()
        if let tableNodes { converter.treeTableNodes = tableNodes }
        let result = try converter.convert(
            Converter.Request(notebook: notebook, model: model, out: work.appendingPathComponent("dist").path))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: result.archivePath)))
        let (root, contents) = try ArchiveReader().package(in: bytes)
        if tableNodes != nil {
            #expect(
                contents.files.contains { $0.path.contains("/TreeTable") && $0.path.hasSuffix(".swift") },
                "the package has no tree table")
        }
        try ArchiveReader().extract(bytes, to: work.path)
        let package = work.appendingPathComponent(root)

        // Build warning-free, in Swift 6 mode (the generated Package.swift sets it).
        let scratch = Self.scratch.appendingPathComponent(label).path
        let build = try Run.program(
            Run.swift,
            ["build", "--package-path", package.path, "--scratch-path", scratch, "-Xswiftc", "-warnings-as-errors"])
        #expect(build.status == 0, "swift build failed:\n\(build.stdout)\n\(build.stderr)")
        let test = try Run.program(Run.swift, ["test", "--package-path", package.path, "--scratch-path", scratch])
        #expect(test.status == 0, "swift test failed:\n\(test.stdout)\n\(test.stderr)")
        #expect(test.stdout.contains("passed") || test.stderr.contains("passed"))
        let binPath = try Run.program(
            Run.swift, ["build", "--package-path", package.path, "--scratch-path", scratch, "--show-bin-path"])
        let predict = URL(fileURLWithPath: binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            .appendingPathComponent("\(result.spec.name)-predict")
        return (predict, result)
    }

    /// The CPython differential test (`Fixtures/python`) through the generated package: every call that CPython
    /// answers gives the same double from `<name>-predict`, bit for bit; every call where CPython raises makes the
    /// tool refuse that row (exit 65) naming the same exception.
    @Test("Hand-written Python model: the package reproduces CPython on every call")
    func pythonDifferential() throws {
        let work = try TestPaths.temporaryDirectory("e2e-python")
        defer { try? FileManager.default.removeItem(at: work) }
        let folder = BoosterFixtureTests.folder.appendingPathComponent("python")
        let (predict, result) = try buildAndTest(
            notebook: folder.appendingPathComponent("differential.ipynb").path, model: nil, scratch: "python",
            work: work)
        let evaluator = SpecEvaluator(spec: result.spec)
        let text = try String(contentsOf: folder.appendingPathComponent("calls.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let rows = SimpleCSV.parse(text)
        var answered = [lines[0]]
        var expected: [String] = []
        var raising: [(line: String, kind: String)] = []
        for (line, row) in zip(lines.dropFirst(), rows) {
            if let kind = row["error"], !kind.isEmpty {
                raising.append((line, kind))
            } else if let value = row["prediction"],
                // Leave out the ints past 64 bits nbship refuses (the evaluator's test counts them).
                (try? evaluator.evaluate([
                    "op": .text(row["op"] ?? ""), "i": .number(Double(row["i"] ?? "") ?? 0),
                    "j": .number(Double(row["j"] ?? "") ?? 0), "x": .number(Double(row["x"] ?? "") ?? 0),
                    "y": .number(Double(row["y"] ?? "") ?? 0),
                ])) != nil
            {
                answered.append(line)
                expected.append(value)
            }
        }
        let input = work.appendingPathComponent("answered.csv")
        try (answered.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let scored = try Run.program(predict, [input.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        let got = SimpleCSV.parse(scored.stdout).map { $0["prediction"] ?? "" }
        #expect(got.count == expected.count)
        var differ = 0
        for (index, (g, w)) in zip(got, expected).enumerated() {
            let same = Double(g).map { $0.bitPattern == Double(w)!.bitPattern || ($0.isNaN && Double(w)!.isNaN) }
            if same != true { differ += 1 }
            #expect(same == true, "answered row \(index + 1): \(g), CPython \(w)")
        }
        for (line, kind) in raising {
            let one = work.appendingPathComponent("one.csv")
            try (lines[0] + "\n" + line + "\n").write(to: one, atomically: true, encoding: .utf8)
            let refused = try Run.program(predict, [one.path])
            #expect(refused.status == 65 && refused.stderr.contains(kind), "\(line): \(refused.stderr)")
        }
        print(
            "python differential (package): \(got.count) calls, \(differ) differ, \(raising.count) refused as CPython raises"
        )
    }

    /// ONNX pipelines (`Fixtures/onnx-pipelines`: preprocessing, linear models, MLPs), converted from the model
    /// file alone: the package scores every fixture row as onnxruntime did, bit for bit where `bounds.json` says
    /// exact, else within its bounds (the reference evaluator's test holds the same rows to the same rule).
    @Test(
        "ONNX pipelines: build, test and score as onnxruntime does",
        arguments: [
            "imputer-robust-ridge", "normalizer-l2-maxabs-linreg", "minmax-logreg-multi", "columns-gbr",
            "scaler-mlp-tanh-binary", "scaler-mlp-reg", "mixed-onehot-logreg", "mixed-onehot-int-ridge",
        ])
    func buildTestAndScoreONNXPipeline(_ name: String) throws {
        let work = try TestPaths.temporaryDirectory("e2e-onnx-\(name)")
        defer { try? FileManager.default.removeItem(at: work) }
        let fixtures = BoosterFixtureTests.folder.appendingPathComponent("onnx-pipelines")
        let (predict, result) = try buildAndTest(
            notebook: nil, model: fixtures.appendingPathComponent("\(name).onnx").path, scratch: "onnx-\(name)",
            work: work)
        let rows = fixtures.appendingPathComponent("\(name).csv")
        let scored = try Run.program(predict, [rows.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        let expected = SimpleCSV.parse(try String(contentsOf: rows, encoding: .utf8))
        let actual = SimpleCSV.parse(scored.stdout)
        #expect(actual.count == expected.count && !expected.isEmpty)
        let exact: Bool = try #require(BoosterFixtureTests.bounds["onnx-pipelines/\(name).onnx"] as Bool?)
        var worst = 0.0
        for (index, (want, got)) in zip(expected, actual).enumerated() {
            for column in result.spec.outputs.map(\.name) {
                let wantText = try #require(want[column], "\(name).csv has no column \(column)")
                let gotText = try #require(got[column], "output has no column \(column)")
                guard let w = Double(wantText), let g = Double(gotText) else {
                    #expect(gotText == wantText, "row \(index + 1) \(column)")
                    continue
                }
                let difference = column == "prediction" ? abs(g - w) / max(abs(w), 1e-30) : abs(g - w)
                worst = max(worst, difference)
                let bound = exact ? 0 : column == "prediction" ? 1e-5 : 1e-6
                #expect(difference <= bound, "row \(index + 1) \(column): \(gotText), onnxruntime \(wantText)")
            }
        }
        print(
            "onnx-pipelines/\(name): \(actual.count) rows, worst difference \(worst) (\(exact ? "exact" : "bounded"))")
    }

    /// Models written by hand as a Python function (a dosing rule, a triage score giving labels, a price table
    /// with rounding): every row of rows.csv, scored by CPython, bit for bit.
    @Test("Hand-written Python samples: build, test and score as CPython does", arguments: TestPaths.functionSamples)
    func buildTestAndScoreFunction(_ sample: String) throws {
        try buildTestAndScoreSample(sample, exact: true)
    }

    func buildTestAndScoreSample(_ sample: String, exact: Bool = false, tableNodes: Int? = nil) throws {
        let label = sample.replacingOccurrences(of: "/", with: "-") + (tableNodes == nil ? "" : "-tables")
        let work = try TestPaths.temporaryDirectory("e2e-\(label)")
        defer { try? FileManager.default.removeItem(at: work) }
        let folder = TestPaths.sample(sample)
        let (predict, result) = try buildAndTest(
            notebook: folder.appendingPathComponent("notebook.ipynb").path,
            model: FileManager.default.fileExists(atPath: TestPaths.modelFile(in: folder).path)
                ? TestPaths.modelFile(in: folder).path : nil, scratch: label, work: work, tableNodes: tableNodes)
        let rows = folder.appendingPathComponent("rows.csv")
        let scored = try Run.program(predict, [rows.path])
        #expect(scored.status == 0, "\(scored.stderr)")
        // `nbship predict` (the reference evaluator, no toolchain) writes the very same bytes.
        let reference = try Run.program(TestPaths.nbship, ["predict", result.archivePath, rows.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        #expect(reference.stdout == scored.stdout, "nbship predict and \(result.spec.name)-predict differ")
        let expected = SimpleCSV.parse(try String(contentsOf: rows, encoding: .utf8))
        let actual = SimpleCSV.parse(scored.stdout)
        #expect(actual.count == expected.count)
        #expect(expected.count >= 50)
        var worst = 0.0
        for (index, (want, got)) in zip(expected, actual).enumerated() {
            for column in result.spec.outputs.map(\.name) {
                let wantText = try #require(want[column], "rows.csv has no column \(column)")
                let gotText = try #require(got[column], "output has no column \(column)")
                if let w = Double(wantText), let g = Double(gotText) {
                    if exact {
                        if g != w { worst += 1 }
                        #expect(g == w, "row \(index + 1) \(column): \(gotText), the booster \(wantText)")
                        continue
                    }
                    if result.spec.model.computesInFloat {
                        // float32 models: within the documented ULP bound (ExampleSpec.float32ULPs).
                        let ulps =
                            Float(g) == Float(w) ? 0 : abs(Double(Float(g)) - Double(Float(w))) / Double(Float(w).ulp)
                        worst = max(worst, ulps)
                        #expect(
                            ulps <= Double(ExampleSpec.float32ULPs),
                            "row \(index + 1) \(column): \(gotText) vs \(wantText), \(ulps) float32 ULPs")
                        continue
                    }
                    let error = w == g ? 0 : abs(g - w) / max(abs(w), 1e-300)
                    worst = max(worst, abs(g - w) <= 1e-15 ? 0 : error)
                    #expect(
                        error <= 1e-9 || abs(g - w) <= 1e-15,
                        "row \(index + 1) \(column): \(gotText) vs scikit-learn \(wantText)")
                } else {
                    #expect(gotText == wantText, "row \(index + 1) \(column)")
                }
            }
        }
        if exact {
            print("\(sample): \(actual.count) rows, \(Int(worst)) values differ from the runtime's")
        }
        print(
            "\(sample): \(actual.count) rows, worst \(result.spec.model.computesInFloat ? "float32 ULPs" : "relative error") \(worst)"
        )
        if sample == "breast-cancer-logistic" {
            try checkPredictPromises(predict, rows: rows, work: work, baseline: actual)
            try checkCSVReading(predict, rows: rows, work: work, baseline: scored.stdout)
        }
        if sample == "diabetes-random-forest" {
            try checkBlockFailures(predict, rows: rows, work: work)
        }
        if sample == "iris-decision-tree" {
            try checkNoPrediction(predict, rows: rows, work: work)
        }
    }

    /// A tree whose missing-value strategy is nullPrediction gives no prediction for a row with a missing input
    /// it needs: `<name>-predict` exits 65 naming the line, and the rows before it are still scored.
    func checkNoPrediction(_ predict: URL, rows: URL, work: URL) throws {
        let lines = try String(contentsOf: rows, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = try #require(header.firstIndex(of: "petal length (cm)"))
        var cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[column] = ""
        let file = work.appendingPathComponent("missing.csv")
        let text = "\(lines[0])\n\(lines[1])\n\(cells.joined(separator: ","))\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let run = try Run.program(predict, [file.path])
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stderr.contains("line 3"), "\(run.stderr)")
        #expect(run.stderr.contains("no class"), "\(run.stderr)")
    }

    /// A large forest's predict tool scores blocks of 256 rows tree by tree; a row that cannot be scored still stops
    /// it at that row with its line, after every row before it is written, whether the row fails in the model (a
    /// missing input under nullPrediction, in the middle of a block) or in reading (text for a number).
    func checkBlockFailures(_ predict: URL, rows: URL, work: URL) throws {
        let lines = try String(contentsOf: rows, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0]
        let column = try #require(header.split(separator: ",").firstIndex(of: "bmi"))
        let data = Array(lines.dropFirst())
        let many = (0..<600).map { data[$0 % data.count] }
        for (row, cell, message) in [(400, "", "no prediction"), (300, "abc", "bmi")] {
            var cells = many[row - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[column] = cell
            var broken = many
            broken[row - 1] = cells.joined(separator: ",")
            let file = work.appendingPathComponent("block-\(row).csv")
            try ([header] + broken).joined(separator: "\n").appending("\n").write(
                to: file, atomically: true, encoding: .utf8)
            let before = work.appendingPathComponent("before-\(row).csv")
            try ([header] + many.prefix(row - 1)).joined(separator: "\n").appending("\n").write(
                to: before, atomically: true, encoding: .utf8)
            let run = try Run.program(predict, [file.path])
            #expect(run.status == 65, "\(run.stderr)")
            #expect(run.stderr.contains("line \(row + 1)"), "\(run.stderr)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
            let expected = try Run.program(predict, [before.path])
            #expect(expected.status == 0, "\(expected.stderr)")
            #expect(run.stdout == expected.stdout, "the rows before line \(row + 1) are written as scored alone")
            #expect(SimpleCSV.parse(run.stdout).count == row - 1)
        }
    }

    /// The predict tool reads its input a chunk at a time on bytes: the same rows written differently (BOM, CRLF,
    /// every cell quoted, spaces and tabs around numbers, `+`, trailing zeros, exponents, an extra quoted column
    /// with commas, doubled quotes and a line break), many times over so that rows and quoted cells straddle the
    /// 1 MiB chunks, read from standard input, give the same output as the plain file repeated.
    func checkCSVReading(_ predict: URL, rows: URL, work: URL, baseline: String) throws {
        let lines = try String(contentsOf: rows, encoding: .utf8).split(separator: "\n").map(String.init)
        func quoted(_ cell: String) -> String { "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func rewritten(_ cell: String, _ variant: Int) -> String {
            guard Double(cell) != nil, !cell.isEmpty else { return quoted(cell) }
            switch variant % 5 {
            case 0: return quoted(" \(cell)\t")
            case 1: return cell.hasPrefix("-") ? cell : "+\(cell)"
            case 2: return cell.contains(".") && !cell.contains("e") ? "\(cell)000" : cell
            case 3: return cell.contains("e") || cell.contains(".") ? cell : "\(cell)e0"
            default: return quoted(cell)
            }
        }
        let extra = "\"note, with \"\"quotes\"\"\nand a line break\""
        var plain = lines[0] + "\n"
        var awkward = "\u{FEFF}" + lines[0].split(separator: ",").map { quoted(String($0)) }.joined(separator: ",")
        awkward += ",\"extra\"\r\n"
        var repeats = 0
        while awkward.utf8.count < 3 << 20 {
            for (index, line) in lines.dropFirst().enumerated() {
                plain += line + "\n"
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                awkward += cells.enumerated().map { rewritten($1, index + $0 + repeats) }.joined(separator: ",")
                awkward += "," + extra + "\r\n"
            }
            repeats += 1
        }
        let plainFile = work.appendingPathComponent("plain.csv")
        try plain.write(to: plainFile, atomically: true, encoding: .utf8)
        let expected = try Run.program(predict, [plainFile.path])
        #expect(expected.status == 0, "\(expected.stderr)")
        #expect(expected.stdout.hasPrefix(baseline), "the plain file repeated starts with the rows scored alone")
        let fromStdin = try Run.program(predict, [], stdin: Data(awkward.utf8))
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(fromStdin.stdout == expected.stdout, "awkward CSV on standard input scores differently")

        let unreadable = try Run.program(predict, [work.path])
        #expect(unreadable.status == 66, "a folder as input: \(unreadable.stderr)")
        #expect(unreadable.stderr.contains("cannot read"), "\(unreadable.stderr)")
        let missing = try Run.program(predict, [work.appendingPathComponent("absent.csv").path])
        #expect(missing.status == 66, "\(missing.stderr)")

        // Output that cannot be written (a full disk: /dev/full) is exit 74, as README says, not a crash.
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let process = Process()
        process.executableURL = predict
        process.arguments = [plainFile.path]
        process.standardOutput = full
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 74, "\(message)")
        #expect(message.contains("cannot write the output"), "\(message)")
    }

    /// README promises of `<name>-predict`: `--parameters` overrides, exit 65 naming the line of a bad row.
    func checkPredictPromises(_ predict: URL, rows: URL, work: URL, baseline: [[String: String]]) throws {
        let strict = work.appendingPathComponent("strict.json")
        try Data(#"{"threshold": 0.99}"#.utf8).write(to: strict)
        let overridden = try Run.program(predict, ["--parameters", strict.path, rows.path])
        #expect(overridden.status == 0, "\(overridden.stderr)")
        let decisions = SimpleCSV.parse(overridden.stdout).filter { $0["decision"] == "true" }.count
        #expect(decisions < baseline.filter { $0["decision"] == "true" }.count)

        let typo = work.appendingPathComponent("typo.json")
        try Data(#"{"treshold": 0.5}"#.utf8).write(to: typo)
        let refused = try Run.program(predict, ["--parameters", typo.path, rows.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("'treshold' is not a parameter"))

        let lines = try String(contentsOf: rows, encoding: .utf8).split(separator: "\n")
        let header = String(lines[0])
        let bad = work.appendingPathComponent("bad.csv")
        let first = String(lines[1])
        let broken = "abc" + first.drop { $0 != "," }
        try "\(header)\n\(first)\n\(broken)\n".write(to: bad, atomically: true, encoding: .utf8)
        let failed = try Run.program(predict, [bad.path])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("line 3"), "\(failed.stderr)")
    }
}

#if NBSHIP_CORPUS_TESTS
    /// The same end-to-end check on linear models that nobody here wrote: PMML files from JPMML-Transpiler's
    /// test suite (scikit-learn), read in place from `../shared/corpus` (never copied), with their ModelVerification
    /// rows as the generated tests and the upstream expected values compared at the upstream tolerance.
    @Suite("Corpus linear models convert, build and agree with upstream", .serialized)
    struct CorpusCompileAndRunTests {
        static let cases = [
            "jpmml-transpiler/LinearRegressionAuto", "jpmml-transpiler/LogisticRegressionIris",
            "jpmml-transpiler/LogisticRegressionAudit",
        ]

        @Test("Convert, build, test and score a corpus case", arguments: cases)
        func corpusCase(_ id: String) throws {
            let folder = TestPaths.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/pmml")
                .appendingPathComponent(id)
            guard FileManager.default.fileExists(atPath: folder.path) else {
                Issue.record(
                    "the corpus case \(folder.path) is missing: these tests need ../shared/corpus beside the package")
                return
            }
            let work = try TestPaths.temporaryDirectory("corpus")
            defer { try? FileManager.default.removeItem(at: work) }
            let result = try Converter().convert(
                Converter.Request(
                    notebook: nil, model: folder.appendingPathComponent("model.pmml").path, out: work.path, name: id))
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: result.archivePath)))
            let (root, _) = try ArchiveReader().package(in: bytes)
            try ArchiveReader().extract(bytes, to: work.path)
            let package = work.appendingPathComponent(root).path
            let scratch = CompileAndRunTests.scratch.appendingPathComponent("corpus").path
            let test = try Run.program(
                Run.swift,
                ["test", "--package-path", package, "--scratch-path", scratch, "-Xswiftc", "-warnings-as-errors"])
            #expect(test.status == 0, "swift test failed:\n\(test.stdout)\n\(test.stderr)")

            let caseInfo =
                try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("case.json")))
                as? [String: Any]
            let columns = caseInfo?["compare_columns"] as? [String] ?? []
            let roles = caseInfo?["column_roles"] as? [String: String] ?? [:]
            let tolerance = (caseInfo?["tolerance"] as? [String: Any])?["precision"] as? Double ?? 1e-13
            let zero = (caseInfo?["tolerance"] as? [String: Any])?["zero_threshold"] as? Double ?? 1e-13
            let binPath = try Run.program(
                Run.swift, ["build", "--package-path", package, "--scratch-path", scratch, "--show-bin-path"])
            let predict = URL(fileURLWithPath: binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
                .appendingPathComponent("\(result.spec.name)-predict")
            let scored = try Run.program(predict, [folder.appendingPathComponent("input.csv").path])
            #expect(scored.status == 0, "\(scored.stderr)")
            let expected = SimpleCSV.parse(
                try String(contentsOf: folder.appendingPathComponent("expected.csv"), encoding: .utf8))
            let actual = SimpleCSV.parse(scored.stdout)
            #expect(actual.count == expected.count)
            var failures = 0
            for (want, got) in zip(expected, actual) {
                for column in columns {
                    let ours =
                        roles[column] == "target:predictedValue"
                        ? (result.spec.model.function == .regression ? "prediction" : "label") : column
                    guard let w = want[column], let g = got[ours] else {
                        Issue.record("column \(column) missing")
                        return
                    }
                    if let wn = Double(w), let gn = Double(g) {
                        let ok = (abs(wn) <= zero && abs(gn) <= zero) || abs(gn - wn) <= tolerance * abs(wn)
                        if !ok { failures += 1 }
                    } else if w != g {
                        failures += 1
                    }
                }
            }
            #expect(failures == 0, "\(failures) values outside the upstream tolerance \(tolerance)")
            print("\(id): \(actual.count) rows compared at \(tolerance)")
        }
    }
#endif
