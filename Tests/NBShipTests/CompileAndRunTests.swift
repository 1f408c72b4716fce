import ArchiveKit
import Foundation
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
        let work = try TestPaths.temporaryDirectory("e2e-\(sample)")
        defer { try? FileManager.default.removeItem(at: work) }
        let folder = TestPaths.sample(sample)
        let result = try Converter().convert(
            Converter.Request(
                notebook: folder.appendingPathComponent("notebook.ipynb").path,
                model: folder.appendingPathComponent("model.pmml").path, out: work.appendingPathComponent("dist").path))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: result.archivePath)))
        let (root, _) = try ArchiveReader().package(in: bytes)
        try ArchiveReader().extract(bytes, to: work.path)
        let package = work.appendingPathComponent(root)

        // Build warning-free, in Swift 6 mode (the generated Package.swift sets it).
        let scratch = Self.scratch.appendingPathComponent(sample).path
        let build = try Run.program(Run.swift, ["build", "--package-path", package.path, "--scratch-path", scratch, "-Xswiftc", "-warnings-as-errors"])
        #expect(build.status == 0, "swift build failed:\n\(build.stdout)\n\(build.stderr)")
        let test = try Run.program(Run.swift, ["test", "--package-path", package.path, "--scratch-path", scratch])
        #expect(test.status == 0, "swift test failed:\n\(test.stdout)\n\(test.stderr)")
        #expect(test.stdout.contains("passed") || test.stderr.contains("passed"))

        // Score the sample rows with the generated command-line tool.
        let binPath = try Run.program(Run.swift, ["build", "--package-path", package.path, "--scratch-path", scratch, "--show-bin-path"])
        let predict = URL(fileURLWithPath: binPath.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            .appendingPathComponent("\(result.spec.name)-predict")
        let rows = folder.appendingPathComponent("rows.csv")
        let scored = try Run.program(predict, [rows.path])
        #expect(scored.status == 0, "\(scored.stderr)")
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
                    let error = w == g ? 0 : abs(g - w) / max(abs(w), 1e-300)
                    worst = max(worst, abs(g - w) <= 1e-15 ? 0 : error)
                    #expect(error <= 1e-9 || abs(g - w) <= 1e-15, "row \(index + 1) \(column): \(gotText) vs scikit-learn \(wantText)")
                } else {
                    #expect(gotText == wantText, "row \(index + 1) \(column)")
                }
            }
        }
        print("\(sample): \(actual.count) rows, worst relative error \(worst)")
    }
}
