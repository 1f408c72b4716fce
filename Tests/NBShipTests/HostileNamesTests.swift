import ArchiveKit
import Foundation
import NBShipCLI
import Testing

/// A model whose field names, class labels and documentation try to break out of identifiers, string
/// literals and comments. The generated package must still compile, warning-free, and keep the original names.
@Suite("Hostile names stay data", .serialized)
struct HostileNamesTests {
    /// Input names: quotes, `//`, `*/`, `#"`, a backslash, a NUL escape, a Swift keyword or type name, a leading
    /// digit, a right-to-left override (U+202E), a line break, and three names that collide once sanitised.
    static let inputNames = [
        "class", "naïve size", "\"; exit(0) //", "1st \\u{0} value", "self", "Type", "init", "a b", "a_b", "a-b",
        "x\u{202E}y", "#\"raw\"#", "*/ end", "two\nlines",
    ]

    /// The target's classes: a keyword, and a label with quotes, a literal `\n` and a real line break.
    static let classes = ["class", "naïve \"yes\"\\n\nnext"]

    /// XML attribute text for a name: `&`, `<`, quotes and control characters as character references.
    static func attribute(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case "\"": out += "&quot;"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    out += "&#\(scalar.value);"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static var pmml: String {
        let numeric = inputNames.filter { $0 != "1st \\u{0} value" }
        let fields = numeric.map { "<DataField name=\"\(attribute($0))\" optype=\"continuous\" dataType=\"double\"/>" }
        let mining = inputNames.map { "<MiningField name=\"\(attribute($0))\"/>" }
        let predictors = numeric.enumerated().map { index, name in
            "<NumericPredictor name=\"\(attribute(name))\" coefficient=\"\(Double(index + 1) / 10)\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
              <Header description="*/ #error(&quot;injected&quot;) /* #&quot; &#8238;"/>
              <DataDictionary>
                <DataField name="y&quot;); exit(0) //" optype="categorical" dataType="string">
                  <Value value="\(attribute(classes[0]))"/>
                  <Value value="\(attribute(classes[1]))"/>
                </DataField>
                \(fields.joined(separator: "\n    "))
                <DataField name="1st \\u{0} value" optype="categorical" dataType="string">
                  <Value value="a&quot;b"/>
                  <Value value="\\(boom)"/>
                </DataField>
              </DataDictionary>
              <RegressionModel functionName="classification" normalizationMethod="logit">
                <MiningSchema>
                  <MiningField name="y&quot;); exit(0) //" usageType="target"/>
                  \(mining.joined(separator: "\n      "))
                </MiningSchema>
                <RegressionTable intercept="0.25" targetCategory="\(attribute(classes[0]))">
                  \(predictors.joined(separator: "\n      "))
                  <CategoricalPredictor name="1st \\u{0} value" value="\\(boom)" coefficient="3"/>
                </RegressionTable>
                <RegressionTable intercept="0" targetCategory="\(attribute(classes[1]))"/>
              </RegressionModel>
            </PMML>
            """
    }

    /// A CSV field, quoted as RFC 4180 says.
    static func csv(_ field: String) -> String { "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

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

        // End to end: a CSV whose header holds the original names exactly is read by the generated tool, so every
        // name survived as data, byte for byte; and the output names the classes exactly.
        let header = Self.inputNames.map(Self.csv).joined(separator: ",")
        let row = Self.inputNames.map { $0 == "1st \\u{0} value" ? Self.csv("a\"b") : "1" }.joined(separator: ",")
        let tool = CompileAndRunTests.scratch.appendingPathComponent("hostile/debug/hostile-predict")
        let predicted = try Run.program(tool, [], stdin: Data((header + "\n" + row + "\n").utf8))
        #expect(predicted.status == 0, "\(predicted.stderr)")
        for label in Self.classes {
            let column = "probability(\(label))"
            #expect(
                predicted.stdout.contains(Self.csv(column)) || predicted.stdout.contains(column), "\(predicted.stdout)")
        }
        let missing = try Run.program(
            tool, [], stdin: Data((header.replacingOccurrences(of: "a_b", with: "a__b") + "\n" + row + "\n").utf8))
        #expect(missing.status != 0, "a header without 'a_b' must be refused: the three colliding names are distinct")
        #expect(missing.stderr.contains("a_b"), "\(missing.stderr)")
        // The right-to-left override stays inside string literals and comments, escaped: never raw in the source.
        for file in package.files where file.path.hasSuffix(".swift") {
            #expect(!String(decoding: file.contents, as: UTF8.self).unicodeScalars.contains("\u{202E}"), "\(file.path)")
        }
    }
}
