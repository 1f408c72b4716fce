import ArchiveKit
import Foundation
import NBShipCLI
import Testing

/// A model whose field names, class labels and documentation try to break out of identifiers, string
/// literals and comments. The generated package must still compile, warning-free, and keep the original names.
@Suite("Hostile names stay data", .serialized)
struct HostileNamesTests {
    static let pmml = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
          <Header description="*/ #error(&quot;injected&quot;) /*"/>
          <DataDictionary>
            <DataField name="y&quot;); exit(0) //" optype="categorical" dataType="string">
              <Value value="class"/>
              <Value value="na&#239;ve &quot;yes&quot;\n"/>
            </DataField>
            <DataField name="class" optype="continuous" dataType="double"/>
            <DataField name="na&#239;ve size" optype="continuous" dataType="double"/>
            <DataField name="&quot;; exit(0) //" optype="continuous" dataType="double"/>
            <DataField name="1st \u{0} value" optype="categorical" dataType="string">
              <Value value="a&quot;b"/>
              <Value value="\(boom)"/>
            </DataField>
          </DataDictionary>
          <RegressionModel functionName="classification" normalizationMethod="logit">
            <MiningSchema>
              <MiningField name="y&quot;); exit(0) //" usageType="target"/>
              <MiningField name="class"/>
              <MiningField name="na&#239;ve size"/>
              <MiningField name="&quot;; exit(0) //"/>
              <MiningField name="1st \u{0} value"/>
            </MiningSchema>
            <RegressionTable intercept="0.25" targetCategory="class">
              <NumericPredictor name="class" coefficient="1.5"/>
              <NumericPredictor name="na&#239;ve size" coefficient="-2"/>
              <NumericPredictor name="&quot;; exit(0) //" coefficient="0.5" exponent="2"/>
              <CategoricalPredictor name="1st \u{0} value" value="\(boom)" coefficient="3"/>
            </RegressionTable>
            <RegressionTable intercept="0" targetCategory="na&#239;ve &quot;yes&quot;\n"/>
          </RegressionModel>
        </PMML>
        """#

    @Test("The generated package compiles and keeps the original names as data")
    func hostileNamesCompile() throws {
        let work = try TestPaths.temporaryDirectory("hostile")
        defer { try? FileManager.default.removeItem(at: work) }
        let model = work.appendingPathComponent("hostile.pmml")
        try Self.pmml.write(to: model, atomically: true, encoding: .utf8)
        let result = try Converter().convert(Converter.Request(notebook: nil, model: model.path, out: work.path))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: result.archivePath)))
        let (root, package) = try ArchiveReader().package(in: bytes)
        let input = try #require(package.file(at: "Sources/Hostile/Input.swift"))
        let text = String(decoding: input.contents, as: UTF8.self)
        #expect(text.contains(#""\"; exit(0) //""#), "the original name is kept as an escaped string literal")
        try ArchiveReader().extract(bytes, to: work.path)
        let build = try Run.program(
            Run.swift,
            [
                "build", "--package-path", work.appendingPathComponent(root).path, "--scratch-path",
                CompileAndRunTests.scratch.appendingPathComponent("hostile").path, "-Xswiftc", "-warnings-as-errors",
            ])
        #expect(build.status == 0, "swift build failed:\n\(build.stdout)\n\(build.stderr)")
    }
}
