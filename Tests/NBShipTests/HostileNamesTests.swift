import ArchiveKit
import Foundation
import NBShipApp
import NBShipCLI
import NBShipTemplates
import Testing

@testable import PackageGenerator

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

    /// Names of the types the runtime and templates declare, and of Swift's own, as a target, its classes, its
    /// inputs and the package: `enum Value` for a target named `value` used to collide with the runtime's.
    static let typeNames = [
        "value", "Network", "Linear", "Ensemble", "Scored", "Model", "Input", "Output", "Parameters", "Link", "Trees",
        "String", "Double", "Test",
    ]

    static var typeNamedPMML: String {
        let classes = typeNames + ["allCases", "rawValue"]
        let fields = typeNames.map { "<DataField name=\"\($0)\" optype=\"continuous\" dataType=\"double\"/>" }
        let mining = typeNames.map { "<MiningField name=\"\($0)\"/>" }
        let tables = classes.enumerated().map { index, label in
            let predictors = typeNames.enumerated().map { position, name in
                "<NumericPredictor name=\"\(name)\" coefficient=\"\(Double((index * 7 + position) % 5) / 10)\"/>"
            }
            return "<RegressionTable intercept=\"\(Double(index) / 10)\" targetCategory=\"\(label)\">"
                + predictors.joined() + "</RegressionTable>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
              <Header/>
              <DataDictionary>
                <DataField name="value" optype="categorical" dataType="string">
                  \(classes.map { "<Value value=\"\($0)\"/>" }.joined())
                </DataField>
                \(fields.dropFirst().joined(separator: "\n    "))
                <DataField name="Value" optype="continuous" dataType="double"/>
              </DataDictionary>
              <RegressionModel functionName="classification" normalizationMethod="softmax">
                <MiningSchema>
                  <MiningField name="value" usageType="target"/>
                  \(mining.dropFirst().joined(separator: "\n      "))
                  <MiningField name="Value"/>
                </MiningSchema>
                \(tables.joined(separator: "\n    ").replacingOccurrences(of: "name=\"value\" coefficient", with: "name=\"Value\" coefficient"))
              </RegressionModel>
            </PMML>
            """
    }

    @Test("A package named Network whose target, classes and inputs are named like runtime and Swift types builds")
    func typeNamesCompile() throws {
        let work = try TestPaths.temporaryDirectory("type-names")
        defer { try? FileManager.default.removeItem(at: work) }
        let model = work.appendingPathComponent("model.pmml")
        try Self.typeNamedPMML.write(to: model, atomically: true, encoding: .utf8)
        let result = try Converter().convert(
            Converter.Request(notebook: nil, model: model.path, out: work.path, name: "Network"))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: result.archivePath)))
        let (root, _) = try ArchiveReader().package(in: bytes)
        try ArchiveReader().extract(bytes, to: work.path)
        let scratch = CompileAndRunTests.scratch.appendingPathComponent("type-names").path
        let package = work.appendingPathComponent(root).path
        let build = try Run.program(
            Run.swift,
            ["build", "--package-path", package, "--scratch-path", scratch, "-Xswiftc", "-warnings-as-errors"])
        #expect(build.status == 0, "swift build failed:\n\(build.stdout)\n\(build.stderr)")
        let test = try Run.program(Run.swift, ["test", "--package-path", package, "--scratch-path", scratch])
        #expect(test.status == 0, "swift test failed:\n\(test.stdout)\n\(test.stderr)")
    }
}

/// The namer's taken type names are read from the templates: every type they declare at the top level is in it.
@Suite("Taken names follow the templates")
struct TakenNamesTests {
    @Test("Every top-level type of the runtime and templates is a taken name, and Swift's types used there too")
    func declaredTypesAreTaken() throws {
        let taken = NamingPlan.takenTypeNames
        var declared: Set<String> = []
        for (name, text) in EmbeddedTemplates.all.merging(EmbeddedTemplates.runtime, uniquingKeysWith: { $1 })
        where name.hasSuffix(".swift") {
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                guard
                    let index = words.firstIndex(where: {
                        ["struct", "enum", "class", "protocol", "typealias"].contains($0)
                    }),
                    words[..<index].allSatisfy({
                        ["public", "package", "internal", "final", "indirect", "private", "fileprivate"].contains($0)
                    }),
                    index + 1 < words.count
                else { continue }
                let type = String(words[index + 1].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                if !type.isEmpty { declared.insert(type) }
            }
        }
        #expect(
            declared.isSuperset(of: ["Value", "Network", "Linear", "Ensemble", "Scored", "Model", "Input", "Output"]))
        #expect(declared.subtracting(taken).isEmpty, "not taken: \(declared.subtracting(taken).sorted())")
        #expect(taken.isSuperset(of: ["String", "Double", "Int", "Sendable", "Test"]))
    }
}
