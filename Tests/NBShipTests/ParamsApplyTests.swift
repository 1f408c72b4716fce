import ArchiveKit
import Foundation
import NBCore
import Testing

/// `nbship params apply` and the promise behind `set` and `apply`: nothing beyond what was asked changes, and no
/// broken or half-written file is ever left behind.
@Suite("nbship params apply", .serialized)
struct ParamsApplyTests {
    func nbship(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        try Run.program(TestPaths.nbship, arguments, in: directory)
    }

    /// Converts the breast-cancer sample into a new folder: the folder, the archive and its parameters.yaml text.
    func prepare(_ label: String) throws -> (work: URL, archive: URL, yaml: String) {
        let work = try TestPaths.temporaryDirectory(label)
        let sample = TestPaths.sample("breast-cancer-logistic")
        let convert = try nbship([
            "convert", sample.appendingPathComponent("notebook.ipynb").path, "--model",
            sample.appendingPathComponent("model.pmml").path, "--out", work.path,
        ])
        #expect(convert.status == 0, "\(convert.stderr)")
        let archive = work.appendingPathComponent("breast-cancer-risk-1.0.0.tar.gz")
        let yaml = try files(of: archive)["parameters.yaml"] ?? ""
        #expect(yaml.contains("threshold: 0.35\n"))
        return (work, archive, yaml)
    }

    /// An archive's files as text, by path inside the package.
    func files(of archive: URL) throws -> [String: String] {
        let package = try ArchiveReader().package(in: [UInt8](try Data(contentsOf: archive))).package
        return Dictionary(
            uniqueKeysWithValues: package.files.map { ($0.path, String(decoding: $0.contents, as: UTF8.self)) })
    }

    func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    func decodeSpec(_ text: String?) throws -> ModelSpec {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ModelSpec.self, from: Data((text ?? "").utf8))
    }

    @Test("An edited threshold becomes the next patch version, tested, with a changelog; the old archive stays")
    func applyThreshold() throws {
        let (work, archive, yaml) = try prepare("apply")
        defer { try? FileManager.default.removeItem(at: work) }
        let before = try Data(contentsOf: archive)
        let edited = work.appendingPathComponent("edited.yaml")
        try yaml.replacingOccurrences(of: "threshold: 0.35\n", with: "threshold: 0.003\n")
            .write(to: edited, atomically: true, encoding: .utf8)

        let applied = try nbship(["params", "apply", archive.path, edited.path])
        #expect(applied.status == 0, "\(applied.stderr)")
        let next = work.appendingPathComponent("breast-cancer-risk-1.0.1.tar.gz")
        #expect(applied.stdout.split(separator: "\n").last.map(String.init) == next.path)
        #expect(applied.stdout.contains("1.0.0 -> 1.0.1"), "\(applied.stdout)")
        #expect(applied.stdout.contains("threshold: 0.35 -> 0.003"))
        #expect(applied.stdout.contains("notebook example 2 (cell 17, line 9): decision false -> true"))
        #expect(applied.stdout.contains("Verification: swift test passed"))
        #expect(try Data(contentsOf: archive) == before, "the old archive was changed")

        let old = try files(of: archive)
        let new = try files(of: next)
        #expect(Set(old.keys) == Set(new.keys))
        // The manifest's changelog: the values, the flipped examples, the archive it came from.
        let manifest = try JSONSerialization.jsonObject(with: Data((new["manifest.json"] ?? "").utf8)) as? [String: Any]
        let changelog = manifest?["changelog"] as? [[String: Any]] ?? []
        #expect(changelog.count == 1)
        #expect(changelog.first?["previousVersion"] as? String == "1.0.0")
        #expect(changelog.first?["previousArchiveSHA256"] as? String == Checksums.sha256Hex(before))
        let parameters = changelog.first?["parameters"] as? [[String: String]]
        #expect(parameters == [["name": "threshold", "from": "0.35", "to": "0.003"]])
        let examples = (changelog.first?["examples"] as? [[String: String]] ?? []).map { $0["example"] ?? "" }
        #expect(examples == ["notebook example 2 (cell 17, line 9)", "notebook example 5 (cell 17, line 27)"])

        // Nothing beyond the value changed: the specs differ only in that parameter, and every file that does not
        // show parameter values is the old one with the new version number.
        var oldSpec = try decodeSpec(old["model-spec.json"])
        let newSpec = try decodeSpec(new["model-spec.json"])
        #expect(newSpec.parameter(.threshold)?.value == .double(0.003))
        #expect(newSpec.parameter(.threshold)?.notebookValue == .double(0.35))
        oldSpec.parameters = newSpec.parameters
        #expect(oldSpec == newSpec)
        let showsValues: Set = [
            "Sources/BreastCancerRisk/Parameters.swift", "parameters.yaml", "parameters.schema.json", "README.md",
            "model-card.html", "model-spec.json", "manifest.json", "SHA256SUMS",
        ]
        for (path, text) in old where !showsValues.contains(path) {
            let expected = text.replacingOccurrences(of: "breast-cancer-risk 1.0.0", with: "breast-cancer-risk 1.0.1")
            #expect(new[path] == expected, "\(path) changed beyond its version number")
        }
        #expect(
            new["Sources/BreastCancerRisk/Parameters.swift"]?.contains("Parameters(.validated, threshold: 0.003)")
                == true)
        #expect(new["parameters.yaml"]?.contains("threshold: 0.003\n") == true)
        #expect(new["parameters.yaml"]?.contains("the notebook set 0.35") == true)
        #expect(new["parameters.schema.json"]?.contains("\"default\": 0.003") == true)

        // Never over an existing archive.
        let again = try nbship(["params", "apply", archive.path, edited.path])
        #expect(again.status == 73)
        #expect(again.stderr.contains("[archive.exists]"))

        // Back to the notebook's value: 1.0.2 is 1.0.0 again apart from its version and history.
        let back = try nbship([
            "params", "apply", next.path, TestPaths.references.path + "/breast-cancer-logistic/parameters.yaml",
            "--skip-tests",
        ])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("Verification: tests not run (--skip-tests)"))
        let third = try files(of: work.appendingPathComponent("breast-cancer-risk-1.0.2.tar.gz"))
        for (path, text) in old where !["manifest.json", "SHA256SUMS"].contains(path) {
            let expected = text.replacingOccurrences(of: "breast-cancer-risk 1.0.0", with: "breast-cancer-risk 1.0.2")
                .replacingOccurrences(of: "(breast-cancer-risk 1.0.0)", with: "(breast-cancer-risk 1.0.2)")
                .replacingOccurrences(of: "`breast-cancer-risk` 1.0.0", with: "`breast-cancer-risk` 1.0.2")
                .replacingOccurrences(
                    of: "<code>breast-cancer-risk</code> 1.0.0", with: "<code>breast-cancer-risk</code> 1.0.2")
            #expect(third[path] == expected, "\(path) of 1.0.2 differs from 1.0.0")
        }
        let history =
            try JSONSerialization.jsonObject(with: Data((third["manifest.json"] ?? "").utf8)) as? [String: Any]
        #expect((history?["changelog"] as? [[String: Any]])?.map { $0["version"] as? String } == ["1.0.1", "1.0.2"])
    }

    @Test("Bad edits, damaged archives and unreadable files are refused and nothing is written")
    func refusals() throws {
        let (work, archive, yaml) = try prepare("apply-bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let edited = work.appendingPathComponent("edited.yaml")
        func attempt(_ text: String?, archive path: URL? = nil) throws -> ProcessResult {
            if let text { try text.write(to: edited, atomically: true, encoding: .utf8) }
            let before = try listing(work)
            let result = try nbship(["params", "apply", (path ?? archive).path, edited.path, "--skip-tests"])
            #expect(try listing(work) == before, "apply wrote something: \(result.stdout)")
            return result
        }
        let outOfRange = try attempt(yaml.replacingOccurrences(of: "threshold: 0.35", with: "threshold: 1.5"))
        #expect(outOfRange.status == 1)
        #expect(
            outOfRange.stderr.contains("edited.yaml:16:12: error: 1.5 is outside the allowed range"),
            "\(outOfRange.stderr)")
        #expect(outOfRange.stderr.contains("nothing was written"))
        let tab = try attempt(yaml.replacingOccurrences(of: "threshold: 0.35", with: "threshold:\t0.4"))
        #expect(tab.status == 1)
        #expect(tab.stderr.contains("[params.tab]"))
        let deleted = try attempt(yaml.replacingOccurrences(of: "threshold: 0.35\n", with: ""))
        #expect(deleted.status == 1)
        #expect(
            deleted.stderr.contains("[params.missing]") || deleted.stderr.contains("[params.empty]"),
            "\(deleted.stderr)")
        let unchanged = try attempt(yaml)
        #expect(unchanged.status == 0)
        #expect(unchanged.stdout.contains("nothing to write"))

        try FileManager.default.removeItem(at: edited)
        let missing = try attempt(nil)
        #expect(missing.status == 66)

        // A package edited after it was written: its checksums no longer match.
        let valid = yaml.replacingOccurrences(of: "threshold: 0.35", with: "threshold: 0.5")
        var package = try ArchiveReader().package(in: [UInt8](try Data(contentsOf: archive))).package
        let model = try #require(package.file(at: "Sources/BreastCancerRisk/Model.swift"))
        package = try package.replacing(
            GeneratedFile(path: model.path, contents: model.contents + Array("// edited\n".utf8)))
        let tampered = work.appendingPathComponent("tampered").appendingPathComponent("breast-cancer-risk-1.0.0.tar.gz")
        try FileManager.default.createDirectory(
            at: tampered.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(try ArchiveWriter(rootDirectory: "breast-cancer-risk-1.0.0").archive(package)).write(to: tampered)
        let damaged = try attempt(valid, archive: tampered)
        #expect(damaged.status == 66)
        #expect(damaged.stderr.contains("[params.damaged-archive]"))
        #expect(damaged.stderr.contains("Sources/BreastCancerRisk/Model.swift"))
        #expect(try listing(tampered.deletingLastPathComponent()) == ["breast-cancer-risk-1.0.0.tar.gz"])

        let garbage = work.appendingPathComponent("garbage.tar.gz")
        try Data("not an archive".utf8).write(to: garbage)
        let notArchive = try attempt(valid, archive: garbage)
        #expect(notArchive.status == 66)
        #expect(notArchive.stderr.contains("is not a gzip-compressed archive"))
    }

    @Test("nbship predict scores with the package's values or an edited parameters.yaml, without a toolchain")
    func predictWithParameters() throws {
        let (work, archive, yaml) = try prepare("predict")
        defer { try? FileManager.default.removeItem(at: work) }
        let rows = TestPaths.sample("breast-cancer-logistic").appendingPathComponent("rows.csv")
        let plain = try nbship(["predict", archive.path, rows.path])
        #expect(plain.status == 0, "\(plain.stderr)")
        let lines = plain.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix(",decision") == true)
        let edited = work.appendingPathComponent("edited.yaml")
        try yaml.replacingOccurrences(of: "threshold: 0.35", with: "threshold: 0.9").write(
            to: edited, atomically: true, encoding: .utf8)
        let strict = try nbship(["predict", archive.path, rows.path, "--parameters", edited.path])
        #expect(strict.status == 0, "\(strict.stderr)")
        let decisions = { (text: String) in text.split(separator: "\n").filter { $0.hasSuffix(",true") }.count }
        #expect(decisions(strict.stdout) < decisions(plain.stdout))
        // Everything but the decision is the same.
        let drop = { (text: String) in text.split(separator: "\n").map { $0.split(separator: ",").dropLast() } }
        #expect(drop(strict.stdout) == drop(plain.stdout))

        try yaml.replacingOccurrences(of: "threshold: 0.35", with: "threshold: 7").write(
            to: edited, atomically: true, encoding: .utf8)
        let invalid = try nbship(["predict", archive.path, rows.path, "--parameters", edited.path])
        #expect(invalid.status == 1)
        #expect(invalid.stdout.isEmpty)

        let text = try String(contentsOf: rows, encoding: .utf8).split(separator: "\n").map(String.init)
        let broken = work.appendingPathComponent("broken.csv")
        let header = text[0].split(separator: ",", omittingEmptySubsequences: false)
        let bad = header.map { _ in "oops" }.joined(separator: ",")
        try ([text[0], text[1], text[2], bad, text[3]].joined(separator: "\n") + "\n").write(
            to: broken, atomically: true, encoding: .utf8)
        let failed = try nbship(["predict", archive.path, broken.path])
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("line 4"))
        #expect(failed.stdout.split(separator: "\n").count == 3)
        let missing = try nbship(["predict", work.appendingPathComponent("nothing.tar.gz").path, rows.path])
        #expect(missing.status == 66)
    }

    @Test("Killed at any moment, apply and set leave the old files or complete new ones, and no temporary files")
    func killedMidWrite() throws {
        let (work, archive, yaml) = try prepare("apply-kill")
        defer { try? FileManager.default.removeItem(at: work) }
        let edited = work.appendingPathComponent("edited.yaml")
        let editedText = yaml.replacingOccurrences(of: "threshold: 0.35", with: "threshold: 0.5")
        try editedText.write(to: edited, atomically: true, encoding: .utf8)
        let next = work.appendingPathComponent("breast-cancer-risk-1.0.1.tar.gz")
        let started = Date()
        let full = try nbship(["params", "apply", archive.path, edited.path, "--skip-tests"])
        #expect(full.status == 0, "\(full.stderr)")
        let sweep = try Run.killSweep(
            TestPaths.nbship, ["params", "apply", archive.path, edited.path, "--skip-tests"],
            duration: Date().timeIntervalSince(started), steps: 24,
            before: { try? FileManager.default.removeItem(at: next) },
            inspect: {
                let names = try listing(work)
                #expect(
                    names.allSatisfy {
                        ["breast-cancer-risk-1.0.0.tar.gz", "breast-cancer-risk-1.0.1.tar.gz", "edited.yaml"]
                            .contains($0)
                    },
                    "left behind: \(names)")
                guard FileManager.default.fileExists(atPath: next.path) else { return false }
                // A complete archive: readable, and every file matches its checksum.
                let files = try self.files(of: next)
                #expect(files["parameters.yaml"]?.contains("threshold: 0.5\n") == true)
                let bytes = try ArchiveReader().package(in: [UInt8](try Data(contentsOf: next))).package
                let sums = String(decoding: bytes.file(at: "SHA256SUMS")?.contents ?? [], as: UTF8.self)
                let contents = Dictionary(uniqueKeysWithValues: bytes.files.map { ($0.path, $0.contents) })
                #expect(try Checksums.mismatches(in: sums, files: contents).isEmpty)
                return true
            })
        #expect(sweep.interrupted > 0, "no run was interrupted")
        #expect(sweep.completed > 0, "no run completed")

        // set: the parameters file is the old bytes or the new ones, never anything else.
        let folder = work.appendingPathComponent("package")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("parameters.yaml")
        try FileManager.default.copyItem(
            at: TestPaths.references.appendingPathComponent("breast-cancer-logistic/model-spec.json"),
            to: folder.appendingPathComponent("model-spec.json"))
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let setStarted = Date()
        let set = try nbship(["params", "set", folder.path, "threshold=0.5"])
        #expect(set.status == 0, "\(set.stderr)")
        let setSweep = try Run.killSweep(
            TestPaths.nbship, ["params", "set", folder.path, "threshold=0.5"],
            duration: Date().timeIntervalSince(setStarted), steps: 16,
            before: { try yaml.write(to: file, atomically: true, encoding: .utf8) },
            inspect: {
                let now = try String(contentsOf: file, encoding: .utf8)
                #expect(now == yaml || now == editedText, "a partial parameters.yaml after an interrupted set")
                #expect(try listing(folder) == ["model-spec.json", "parameters.yaml"])
                return now == editedText
            })
        #expect(setSweep.interrupted > 0 && setSweep.completed > 0, "\(setSweep)")
    }
}
