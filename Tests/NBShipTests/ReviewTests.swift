import ArchiveKit
import Foundation
import Testing

/// The reviewer's workflow: `nbship inspect`, `verify` and `diff`, and versions derived from what changed.
@Suite("Reviewing packages: inspect, verify, diff, versions", .serialized)
struct ReviewTests {
    func nbship(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        try Run.program(TestPaths.nbship, arguments, in: directory)
    }

    func sampleFile(_ sample: String, _ name: String) -> String {
        TestPaths.sample(sample).appendingPathComponent(name).path
    }

    /// The diabetes model file with `edit` applied to its text, written into `folder`.
    func editedModel(_ folder: URL, _ name: String, _ edits: [(String, String)]) throws -> String {
        var text = try String(contentsOfFile: sampleFile("diabetes-linear", "model.pmml"), encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "the sample model no longer contains \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func manifest(_ archive: String) throws -> [String: Any] {
        let package = try ArchiveReader().package(in: [UInt8](try Data(contentsOf: URL(fileURLWithPath: archive))))
        let data = Data(try #require(package.package.file(at: "manifest.json")).contents)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("A coefficient, a new feature and a parameter give minor, major and patch versions, each with its diff")
    func versionsFollowChanges() throws {
        let work = try TestPaths.temporaryDirectory("versions")
        defer { try? FileManager.default.removeItem(at: work) }
        let out = work.appendingPathComponent("dist").path
        let original = sampleFile("diabetes-linear", "model.pmml")
        let coefficient = try editedModel(
            work, "coefficient.pmml", [("coefficient=\"1.2479725027258848\"", "coefficient=\"1.5\"")])
        let feature = try editedModel(
            work, "feature.pmml",
            [
                ("coefficient=\"1.2479725027258848\"", "coefficient=\"1.5\""),
                (
                    "<DataField name=\"s6\" optype=\"continuous\" dataType=\"double\"/>",
                    "<DataField name=\"s6\" optype=\"continuous\" dataType=\"double\"/><DataField name=\"s7\" optype=\"continuous\" dataType=\"double\"/>"
                ),
                ("<MiningField name=\"s6\"/>", "<MiningField name=\"s6\"/><MiningField name=\"s7\"/>"),
                (
                    "<NumericPredictor name=\"s6\" coefficient=\"1.5\"/>",
                    "<NumericPredictor name=\"s6\" coefficient=\"1.5\"/><NumericPredictor name=\"s7\" coefficient=\"0.5\"/>"
                ),
            ])
        func convert(_ model: String, _ extra: [String] = []) throws -> ProcessResult {
            try nbship(["convert", "--model", model, "--name", "diab", "--out", out] + extra)
        }
        let first = try convert(original)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasSuffix("diab-1.0.0.tar.gz\n"))

        let same = try convert(original)
        #expect(same.status == 0)
        #expect(same.stdout.contains("Nothing changed since"), "\(same.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["diab-1.0.0.tar.gz"])

        let minor = try convert(coefficient)
        #expect(minor.status == 0, "\(minor.stderr)")
        #expect(
            minor.stdout.contains("1.0.0 -> 1.1.0: minor: coefficient s6 1.2479725027258848 -> 1.5"), "\(minor.stdout)")
        let minorManifest = try manifest("\(out)/diab-1.1.0.tar.gz")
        let entry = try #require((minorManifest["changelog"] as? [[String: Any]])?.last)
        #expect(entry["previousVersion"] as? String == "1.0.0")
        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: "\(out)/diab-1.0.0.tar.gz"))
        #expect(entry["previousArchiveSHA256"] as? String == Checksums.sha256Hex(firstBytes))
        #expect((entry["reason"] as? String)?.hasPrefix("minor:") == true)

        let major = try convert(feature)
        #expect(major.status == 0, "\(major.stderr)")
        #expect(major.stdout.contains("1.1.0 -> 2.0.0: major: input 's7' added"), "\(major.stdout)")

        // diff: the spec-level changes, each with the bump it calls for; JSON for tools.
        let diff = try nbship(["diff", "\(out)/diab-1.0.0.tar.gz", "\(out)/diab-2.0.0.tar.gz"])
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("[major] input 's7' added (double)"), "\(diff.stdout)")
        #expect(diff.stdout.contains("[minor] coefficient s6 1.2479725027258848 -> 1.5 (+0.2520274972741152)"))
        #expect(diff.stdout.contains("[minor] size 11 coefficients -> 12 coefficients"))
        let json = try nbship(["diff", "\(out)/diab-1.0.0.tar.gz", "\(out)/diab-1.1.0.tar.gz", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["level"] as? String == "minor")
        let equal = try nbship(["diff", "\(out)/diab-1.0.0.tar.gz", "\(out)/diab-1.0.0.tar.gz"])
        #expect(equal.status == 0)
        #expect(equal.stdout.contains("No differences"))

        // Explicit versions: not above the newest, or under-stating the change, are refused unless a reason is given.
        let lower = try convert(feature, ["--version", "1.0.5"])
        #expect(lower.status == 1)
        #expect(lower.stderr.contains("1.0.5 is not above the newest archive, 2.0.0"), "\(lower.stderr)")
        let understated = try convert(original, ["--version", "2.0.1"])
        #expect(understated.status == 1)
        #expect(
            understated.stderr.contains("2.0.1 under-states the change: it calls for at least 3.0.0"),
            "\(understated.stderr)")
        let forced = try convert(original, ["--version", "2.0.1", "--version-override-reason", "rollback of s7"])
        #expect(forced.status == 0, "\(forced.stderr)")
        let forcedEntry = try #require(
            (try manifest("\(out)/diab-2.0.1.tar.gz")["changelog"] as? [[String: Any]])?.last)
        #expect((forcedEntry["reason"] as? String)?.contains("version 2.0.1 chosen by hand: rollback of s7") == true)
        #expect((forcedEntry["changes"] as? [String])?.contains("[major] input: input 's7' removed") == true)

        // A parameter edited in the notebook: a patch version whose changelog lists the value.
        let notebook = try String(contentsOfFile: sampleFile("diabetes-linear", "notebook.ipynb"), encoding: .utf8)
        #expect(notebook.contains("bmi_max = 60.0"))
        let edited = work.appendingPathComponent("notebook.ipynb")
        try notebook.replacingOccurrences(of: "bmi_max = 60.0", with: "bmi_max = 55.0")
            .write(to: edited, atomically: true, encoding: .utf8)
        let notebookOut = work.appendingPathComponent("nb").path
        let base = try nbship([
            "convert", sampleFile("diabetes-linear", "notebook.ipynb"), "--model", original, "--out", notebookOut,
        ])
        #expect(base.status == 0, "\(base.stderr)")
        let patch = try nbship(["convert", edited.path, "--model", original, "--out", notebookOut])
        #expect(patch.status == 0, "\(patch.stderr)")
        #expect(patch.stdout.contains("1.0.0 -> 1.0.1: patch: parameter 'bmi_max' 60.0 -> 55.0"), "\(patch.stdout)")
        let patchEntry = try #require(
            (try manifest("\(notebookOut)/diabetes-progression-1.0.1.tar.gz")["changelog"] as? [[String: Any]])?.last)
        #expect(patchEntry["parameters"] as? [[String: String]] == [["name": "bmi_max", "from": "60.0", "to": "55.0"]])
    }

    @Test("inspect and verify --no-build work on every sample; diff of a package with itself is empty")
    func everySample() throws {
        let work = try TestPaths.temporaryDirectory("inspect")
        defer { try? FileManager.default.removeItem(at: work) }
        for sample in TestPaths.samples {
            let convert = try nbship([
                "convert", sampleFile(sample, "notebook.ipynb"), "--model", sampleFile(sample, "model.pmml"), "--out",
                work.path,
            ])
            #expect(convert.status == 0, "\(sample): \(convert.stderr)")
            let archive = try #require(convert.stdout.split(separator: "\n").last.map(String.init))
            let inspect = try nbship(["inspect", archive])
            #expect(inspect.status == 0, "\(sample): \(inspect.stdout)\(inspect.stderr)")
            #expect(inspect.stdout.contains("Inputs ("), "\(sample)")
            #expect(inspect.stdout.contains("sha256"), "\(sample)")
            #expect(!inspect.stdout.contains("FAIL"), "\(sample): \(inspect.stdout)")
            let json = try nbship(["inspect", archive, "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect((report["inputs"] as? [Any])?.isEmpty == false, "\(sample)")
            #expect((report["files"] as? [Any])?.isEmpty == false, "\(sample)")
            let verify = try nbship(["verify", archive, "--no-build"])
            #expect(verify.status == 0, "\(sample): \(verify.stdout)")
            let diff = try nbship(["diff", archive, archive])
            #expect(diff.status == 0, "\(sample): \(diff.stdout)")
        }
    }

    @Test("verify builds and tests an intact package; a changed byte is detected and named")
    func verifyAndTamper() throws {
        let work = try TestPaths.temporaryDirectory("verify")
        defer { try? FileManager.default.removeItem(at: work) }
        let convert = try nbship([
            "convert", sampleFile("breast-cancer-logistic", "notebook.ipynb"), "--model",
            sampleFile("breast-cancer-logistic", "model.pmml"), "--out", work.path,
        ])
        #expect(convert.status == 0, "\(convert.stderr)")
        let archive = work.appendingPathComponent("breast-cancer-risk-1.0.0.tar.gz").path
        let verified = try nbship(["verify", archive])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("ok   swift test: "), "\(verified.stdout)")
        #expect(verified.stdout.contains("verified"))

        // One byte of one generated file changed, the archive rebuilt around it.
        var package = try ArchiveReader().package(in: [UInt8](try Data(contentsOf: URL(fileURLWithPath: archive))))
            .package
        let model = try #require(package.file(at: "Sources/BreastCancerRisk/Model.swift"))
        var contents = model.contents
        let index = try #require(contents.firstIndex(of: UInt8(ascii: "5")))
        contents[index] = UInt8(ascii: "6")
        package = try package.replacing(GeneratedFile(path: model.path, contents: contents))
        let tampered = work.appendingPathComponent("tampered.tar.gz")
        try Data(try ArchiveWriter(rootDirectory: "breast-cancer-risk-1.0.0").archive(package)).write(to: tampered)
        let caught = try nbship(["verify", tampered.path])
        #expect(caught.status == 1)
        #expect(
            caught.stdout.contains("FAIL SHA256SUMS: changed or missing: Sources/BreastCancerRisk/Model.swift"),
            "\(caught.stdout)")
        #expect(caught.stdout.contains("FAIL manifest files: Sources/BreastCancerRisk/Model.swift changed"))
        #expect(caught.stdout.contains("skipped: not intact"))
        let inspected = try nbship(["inspect", tampered.path])
        #expect(inspected.status == 1)
        #expect(inspected.stdout.contains("FAIL SHA256SUMS"))
    }

    @Test("Truncated, non-gzip and hostile archives are refused with a clear message and nothing is unpacked")
    func hostileArchives() throws {
        let work = try TestPaths.temporaryDirectory("hostile")
        defer { try? FileManager.default.removeItem(at: work) }
        let convert = try nbship([
            "convert", "--model", sampleFile("diabetes-linear", "model.pmml"), "--out", work.path, "--name", "d",
        ])
        #expect(convert.status == 0, "\(convert.stderr)")
        let good = try Data(contentsOf: work.appendingPathComponent("d-1.0.0.tar.gz"))
        var cases: [(String, [UInt8], String)] = [
            ("truncated", Array(good.prefix(good.count / 2)), "[archive."),
            ("empty", [], "is not a gzip-compressed archive"),
            ("garbage", Array("not an archive at all".utf8), "is not a gzip-compressed archive"),
        ]
        let plain = try ArchiveKitSafetyTests.systemArchive(
            "mkdir d-1.0.0; echo x > d-1.0.0/a", tar: "-cf out.tar d-1.0.0")
        cases.append(("plain tar", plain, "is not a gzip-compressed archive"))
        cases.append(
            (
                "dot-dot",
                try ArchiveKitSafetyTests.systemArchive(
                    "echo x > evil", tar: "-czf out.tar -P --transform 's,^,../,' evil"), "../evil"
            ))
        cases.append(
            (
                "absolute",
                try ArchiveKitSafetyTests.systemArchive(
                    "echo x > evil", tar: "-czf out.tar -P --transform 's,^,/tmp/,' evil"), "/tmp/evil"
            ))
        cases.append(
            (
                "symlink", try ArchiveKitSafetyTests.systemArchive("ln -s /etc/passwd link", tar: "-czf out.tar link"),
                "link"
            ))
        cases.append(
            (
                "no manifest",
                try ArchiveKitSafetyTests.systemArchive(
                    "mkdir p-1.0.0; echo x > p-1.0.0/a", tar: "-czf out.tar p-1.0.0"), "no manifest.json"
            ))
        let scratch = work.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        for (name, bytes, message) in cases {
            let file = work.appendingPathComponent("\(name.replacingOccurrences(of: " ", with: "-")).tar.gz")
            try Data(bytes).write(to: file)
            for command in ["verify", "inspect"] {
                let result = try nbship([command, file.path], in: scratch)
                #expect(result.status == 66, "\(command) \(name): \(result.status) \(result.stdout)")
                #expect(result.stderr.contains(message), "\(command) \(name): \(result.stderr)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty, "\(name) wrote files")
        }
        // A huge entry: more than the limit allows is refused from its header, before it is read.
        let huge = try ArchiveKitSafetyTests.systemArchive(
            "mkdir h-1.0.0; head -c 3000000 /dev/zero > h-1.0.0/big", tar: "-czf out.tar h-1.0.0")
        let hugeFile = work.appendingPathComponent("huge.tar.gz")
        try Data(huge).write(to: hugeFile)
        let refused = try nbship(["verify", hugeFile.path, "--max-unpacked-bytes", "1000000"], in: scratch)
        #expect(refused.status == 66)
        #expect(refused.stderr.contains("big"), "\(refused.stderr)")
    }

    @Test("An archive made by an older nbship (the first spec format) is inspected, verified, diffed and succeeded")
    func olderArchive() throws {
        let fixture = TestPaths.root.appendingPathComponent(
            "Tests/NBShipTests/Fixtures/breast-cancer-risk-1.0.0-nbship-513137f.tar.gz")
        let inspect = try nbship(["inspect", fixture.path])
        #expect(inspect.status == 0, "\(inspect.stdout)\(inspect.stderr)")
        #expect(inspect.stdout.contains("breast-cancer-risk 1.0.0: logistic regression (binary)"), "\(inspect.stdout)")
        let verify = try nbship(["verify", fixture.path, "--no-build"])
        #expect(verify.status == 0, "\(verify.stdout)")

        let work = try TestPaths.temporaryDirectory("older")
        defer { try? FileManager.default.removeItem(at: work) }
        try FileManager.default.copyItem(
            at: fixture, to: work.appendingPathComponent("breast-cancer-risk-1.0.0.tar.gz"))
        let sample = TestPaths.sample("breast-cancer-logistic")
        let convert = try nbship([
            "convert", sample.appendingPathComponent("notebook.ipynb").path, "--model",
            sample.appendingPathComponent("model.pmml").path, "--out", work.path,
        ])
        #expect(convert.status == 0, "\(convert.stderr)")
        // Same notebook and model: the spec is the same, the generated code is newer.
        #expect(convert.stdout.contains("1.0.0 -> 1.0.1: patch: regenerated: same spec"), "\(convert.stdout)")
        let diff = try nbship([
            "diff", work.appendingPathComponent("breast-cancer-risk-1.0.0.tar.gz").path,
            work.appendingPathComponent("breast-cancer-risk-1.0.1.tar.gz").path,
        ])
        #expect(diff.status == 0, "\(diff.stdout)")
        #expect(diff.stdout.contains("No differences in the spec"))
    }
}
