import Foundation
import Testing

/// Input limits: each refuses with a clear error and a flag to lift it, and a lifted limit lets real input through.
@Suite("Input limits", .serialized)
struct LimitsTests {
    func nbship(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        try Run.program(TestPaths.nbship, arguments, in: directory)
    }

    /// A regression tree that is a chain `depth` splits deep: at level i, `x <= i` is a leaf scoring i.
    static func deepTree(depth: Int) -> String {
        var nodes = ""
        for level in 0..<depth {
            nodes +=
                "<Node score=\"\(level)\"><SimplePredicate field=\"x\" operator=\"greaterThan\" value=\"\(level)\"/>"
            nodes +=
                "<Node score=\"\(level)\"><SimplePredicate field=\"x\" operator=\"lessOrEqual\" value=\"\(level + 1)\"/></Node>"
        }
        nodes += "<Node score=\"\(depth)\"><True/></Node>"
        nodes += String(repeating: "</Node>", count: depth)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
              <DataDictionary>
                <DataField name="x" optype="continuous" dataType="double"/>
                <DataField name="y" optype="continuous" dataType="double"/>
              </DataDictionary>
              <TreeModel functionName="regression" noTrueChildStrategy="returnLastPrediction">
                <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
                <Node score="0"><True/>\(nodes)</Node>
              </TreeModel>
            </PMML>
            """
    }

    @Test("A tree deeper than the limit is refused at its line with a hint; --max-depth can lower the limit")
    func depth() throws {
        let work = try TestPaths.temporaryDirectory("limits-depth")
        defer { try? FileManager.default.removeItem(at: work) }
        let deep = work.appendingPathComponent("deep.pmml")
        try Self.deepTree(depth: 300).write(to: deep, atomically: true, encoding: .utf8)
        let refused = try nbship(["convert", "--model", deep.path, "--out", work.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("more than 256 levels deep"), "\(refused.stderr)")
        #expect(refused.stderr.contains("[pmml.too-deep]"))
        #expect(refused.stderr.contains("retrain with a depth limit"))
        let beyond = try nbship(["convert", "--model", deep.path, "--max-depth", "100000"])
        #expect(beyond.status == 64)

        // 200 levels: converts by default, and is refused below the limit given.
        let tall = work.appendingPathComponent("tall.pmml")
        try Self.deepTree(depth: 200).write(to: tall, atomically: true, encoding: .utf8)
        let lowered = try nbship(["convert", "--model", tall.path, "--out", work.path, "--max-depth", "150"])
        #expect(lowered.status == 1)
        #expect(lowered.stderr.contains("more than 150 levels deep"), "\(lowered.stderr)")
        #expect(lowered.stderr.contains("--max-depth"))
        let allowed = try nbship(["convert", "--model", tall.path, "--out", work.path])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test("File size, cell count and node count limits refuse with the number found and the flag to pass")
    func sizes() throws {
        let work = try TestPaths.temporaryDirectory("limits-size")
        defer { try? FileManager.default.removeItem(at: work) }
        let model = TestPaths.sample("diabetes-random-forest").appendingPathComponent("model.pmml").path
        let notebook = TestPaths.sample("diabetes-random-forest").appendingPathComponent("notebook.ipynb").path
        let big = try nbship(["convert", notebook, "--model", model, "--out", work.path, "--max-file-bytes", "1000"])
        #expect(big.status == 1)
        #expect(big.stderr.contains("[input.too-large]"), "\(big.stderr)")
        #expect(big.stderr.contains("--max-file-bytes"))
        let cells = try nbship(["convert", notebook, "--model", model, "--out", work.path, "--max-cells", "3"])
        #expect(cells.status == 1)
        #expect(cells.stderr.contains("[notebook.too-many-cells]"), "\(cells.stderr)")
        let nodes = try nbship(["convert", notebook, "--model", model, "--out", work.path, "--max-nodes", "1000"])
        #expect(nodes.status == 1)
        #expect(nodes.stderr.contains("the model has 5084 tree nodes, more than the limit of 1000"), "\(nodes.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty, "a refused conversion wrote")
        let fine = try nbship(["convert", notebook, "--model", model, "--out", work.path])
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test("A notebook nested deeper than JSON allows is refused, not a crash")
    func deepJSON() throws {
        let work = try TestPaths.temporaryDirectory("limits-json")
        defer { try? FileManager.default.removeItem(at: work) }
        let notebook = work.appendingPathComponent("deep.ipynb")
        try ("{\"cells\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}")
            .write(to: notebook, atomically: true, encoding: .utf8)
        let model = TestPaths.sample("diabetes-linear").appendingPathComponent("model.pmml").path
        let result = try nbship(["convert", notebook.path, "--model", model, "--out", work.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("too many nested arrays or dictionaries"), "\(result.stderr)")
    }
}
