import ArchiveKit
import Foundation
import NBCore
import NBShipTemplates
import PackageGenerator
import Testing

/// Byte-exact reference tests: each sample's generated package must equal the committed tree under
/// `References/<sample>/`. `NBSHIP_RECORD=1 swift test` rewrites the references (and still fails, so a
/// recording run is never mistaken for a passing one). Reviewers read the reference diff of every change.
@Suite("Generated packages match the committed references")
struct ReferenceTests {
    @Test("Generated package equals its reference", arguments: TestPaths.referenceSamples)
    func matchesReference(_ sample: String) throws {
        let package = try buildSample(sample).package
        // Output must not depend on where the inputs live: no file names the samples' folder.
        let inputs = TestPaths.sample(sample).deletingLastPathComponent().path
        for file in package.files where String(decoding: file.contents, as: UTF8.self).contains(inputs) {
            Issue.record("\(sample)/\(file.path) names the input folder \(inputs)")
        }
        let folder = TestPaths.references.appendingPathComponent(sample)
        if ProcessInfo.processInfo.environment["NBSHIP_RECORD"] == "1" {
            try? FileManager.default.removeItem(at: folder)
            for file in package.files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents).write(to: url)
            }
            Issue.record("recorded references for \(sample); run again without NBSHIP_RECORD to check them")
            return
        }
        guard FileManager.default.fileExists(atPath: folder.path) else {
            Issue.record(
                "no reference for \(sample) at \(folder.path); run NBSHIP_RECORD=1 swift test --filter ReferenceTests")
            return
        }
        var expected: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))
            expected[relative] = try Data(contentsOf: url)
        }
        let actual = Dictionary(uniqueKeysWithValues: package.files.map { ($0.path, Data($0.contents)) })
        #expect(Set(actual.keys) == Set(expected.keys), "file lists differ")
        for (path, data) in actual.sorted(by: { $0.key < $1.key }) {
            guard let reference = expected[path] else { continue }
            if data != reference {
                let new = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                let old = String(decoding: reference, as: UTF8.self).split(
                    separator: "\n", omittingEmptySubsequences: false)
                let line = Array(zip(new, old)).firstIndex { $0.0 != $0.1 } ?? min(new.count, old.count)
                Issue.record("\(sample)/\(path) differs from its reference at line \(line + 1)")
            }
        }
    }

    /// `nbship params apply` regenerates a package from the archive's own `model-spec.json`; that is only safe if
    /// the spec file holds everything the generator reads. Every file but the manifest and checksums (which the
    /// converter adds) must come out byte for byte as the reference.
    @Test(
        "A package generated again from its own model-spec.json is byte-identical",
        arguments: TestPaths.referenceSamples)
    func regeneratesFromItsSpec(_ sample: String) throws {
        let folder = TestPaths.references.appendingPathComponent(sample)
        let json = try Data(contentsOf: folder.appendingPathComponent("model-spec.json"))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let spec = try decoder.decode(ModelSpec.self, from: json)
        let files = try PackageGenerator().generate(spec, version: "1.0.0")
        #expect(files.count > 5)
        for file in files {
            let reference = try Data(contentsOf: folder.appendingPathComponent(file.path))
            #expect(
                Data(file.contents.utf8) == reference,
                "\(sample)/\(file.path) differs when generated from model-spec.json")
        }
    }

    /// Reviewers read generated code like code a careful engineer wrote: every public declaration is documented.
    @Test("Every public declaration in the generated sources has a doc comment", arguments: TestPaths.referenceSamples)
    func publicDeclarationsDocumented(_ sample: String) throws {
        let package = try buildSample(sample).package
        var undocumented: [String] = []
        for file in package.files where file.path.hasPrefix("Sources/") && file.path.hasSuffix(".swift") {
            let lines = String(decoding: file.contents, as: UTF8.self).split(separator: "\n").map(String.init)
            for (index, line) in lines.enumerated() where line.trimmingCharacters(in: .whitespaces).hasPrefix("public ")
            {
                var previous = index - 1
                while previous >= 0, lines[previous].trimmingCharacters(in: .whitespaces).hasPrefix("@") {
                    previous -= 1
                }
                if previous < 0 || !lines[previous].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                    undocumented.append("\(file.path):\(index + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(undocumented.isEmpty, "\(sample): \(undocumented.joined(separator: "\n"))")
    }
}

/// One source of scoring code: the runtime files of every generated package are nbship's own compiled sources.
@Suite("The runtime is shipped, not re-typed")
struct RuntimeShippedTests {
    static let runtime = TestPaths.root.appendingPathComponent("Sources/NBRuntime")

    @Test("The embedded runtime files are Sources/NBRuntime, byte for byte")
    func embeddedIsSource() throws {
        #expect(
            Set(EmbeddedTemplates.runtime.keys) == ["Link.swift", "Runtime.swift", "Python.swift", "Scorecard.swift"])
        for (name, text) in EmbeddedTemplates.runtime {
            let source = try Data(contentsOf: Self.runtime.appendingPathComponent(name))
            #expect(Data(text.utf8) == source, "\(name) differs from Sources/NBRuntime/\(name)")
        }
    }

    @Test("Every reference package carries the runtime byte for byte; tree-based ones carry Runtime.swift too")
    func referencesCarryIt() throws {
        var trees = 0
        for sample in TestPaths.referenceSamples {
            let sources = TestPaths.references.appendingPathComponent("\(sample)/Sources")
            let module = try #require(
                try FileManager.default.contentsOfDirectory(atPath: sources.path).first { !$0.hasSuffix("-predict") })
            for name in ["Link.swift", "Runtime.swift"] {
                let file = sources.appendingPathComponent("\(module)/\(name)")
                guard FileManager.default.fileExists(atPath: file.path) else {
                    #expect(name == "Runtime.swift", "\(sample) has no \(name)")
                    continue
                }
                if name == "Runtime.swift" { trees += 1 }
                #expect(
                    try Data(contentsOf: file) == Data(contentsOf: Self.runtime.appendingPathComponent(name)),
                    "\(sample): \(name) is not Sources/NBRuntime/\(name)")
            }
        }
        #expect(trees >= 3)
    }
}
