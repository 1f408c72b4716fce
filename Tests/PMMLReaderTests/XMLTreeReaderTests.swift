import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("libxml2 wrapper")
struct XMLTreeReaderTests {
    static func parse(_ text: String) throws(DiagnosticError) -> XMLTreeElement {
        try XMLTreeReader.parse(Data(text.utf8), file: "doc.xml")
    }

    /// The diagnostics parsing `text` throws, or nil when it parses.
    static func failure(_ text: String) -> [Diagnostic]? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.diagnostics
        }
    }

    @Test("Converts elements, attributes in order, text, namespaces and line numbers")
    func convertsTree() throws {
        let root = try Self.parse(
            """
            <?xml version="1.0"?>
            <PMML xmlns="http://www.dmg.org/PMML-4_4" xmlns:data="urn:x" version="4.4">
              <Field b="2" a="1" data:c="3">some &amp; text<![CDATA[ <raw> ]]></Field>
              <!-- a comment -->
              <data:cell>5.5</data:cell>
            </PMML>
            """)
        #expect(root.name == "PMML")
        #expect(root.namespaceURI == "http://www.dmg.org/PMML-4_4")
        #expect(root.line == 2)
        #expect(root.children.count == 2)
        let field = try #require(root.child(named: "Field"))
        #expect(field.attributes.map(\.name) == ["b", "a", "data:c"])
        #expect(field.attribute("a") == "1")
        #expect(field.text == "some & text <raw> ")
        #expect(field.line == 3)
        let cell = try #require(root.child(named: "cell"))
        #expect(cell.prefix == "data")
        #expect(cell.qualifiedName == "data:cell")
        #expect(cell.namespaceURI == "urn:x")
        #expect(cell.text == "5.5")
        #expect(cell.line == 5)
    }

    @Test("Malformed XML gives pmml.xml-syntax with line and column")
    func malformed() {
        let text = "<PMML>\n  <DataDictionary>\n    <DataField name=\"x\">\n  </DataDictionary>\n</PMML>\n"
        do {
            _ = try Self.parse(text)
            Issue.record("malformed XML was accepted")
        } catch {
            let first = error.diagnostics.first
            #expect(first?.id == "pmml.xml-syntax")
            #expect(first?.severity == .error)
            #expect(first?.location?.file == "doc.xml")
            #expect(first?.location?.line == 4)
            #expect((first?.location?.column ?? 0) > 0)
            #expect(first?.message.contains("DataField") == true)
        }
    }

    @Test(
        "Truncated and empty documents are syntax errors",
        arguments: ["", "<PMML", "<PMML></PMML><PMML/>", "just text"])
    func truncated(text: String) {
        let diagnostics = Self.failure(text)
        #expect(diagnostics?.first?.id == "pmml.xml-syntax")
    }

    @Test("An external entity (XXE) never brings in the file's content", arguments: ["text", "attribute"])
    func externalEntity(place: String) throws {
        let secret = "nbship-secret-\(UInt32.random(in: 0...UInt32.max))"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(secret).txt")
        try Data(secret.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let use = place == "text" ? "<Header>&e;</Header>" : "<Header description=\"&e;\"/>"
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE PMML [<!ENTITY e SYSTEM "file://\(url.path)">]>
            <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">\(use)</PMML>
            """
        do {
            let root = try Self.parse(text)
            Issue.record("the XXE document was accepted: \(root)")
        } catch {
            #expect(!error.description.contains(secret))
            #expect(error.diagnostics.allSatisfy { $0.severity == .error })
            #expect(error.diagnostics.contains { $0.id == "pmml.xml-entity" || $0.id == "pmml.xml-syntax" })
        }
        do {
            _ = try PMMLReader.read(data: Data(text.utf8), file: "x.pmml")
            Issue.record("PMMLReader accepted the XXE document")
        } catch {
            #expect(!error.description.contains(secret))
        }
    }

    @Test("Billion laughs is refused quickly, never expanded")
    func billionLaughs() throws {
        var entities = "<!ENTITY lol0 \"lol\">\n"
        for level in 1...9 {
            let previous = String(repeating: "&lol\(level - 1);", count: 10)
            entities += "<!ENTITY lol\(level) \"\(previous)\">\n"
        }
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE PMML [\n\(entities)]>
            <PMML version="4.4"><Header description="&lol9;">&lol9;</Header></PMML>
            """
        let clock = ContinuousClock()
        var diagnostics: [Diagnostic]?
        let elapsed = clock.measure { diagnostics = Self.failure(text) }
        #expect(elapsed < .seconds(2))
        let found = try #require(diagnostics, "the billion-laughs document was accepted")
        #expect(DiagnosticError(found).description.count < 10_000)
        #expect(found.contains { $0.id == "pmml.xml-entity" || $0.id == "pmml.xml-syntax" })
    }

    @Test("An internal entity used in content is reported, not expanded")
    func internalEntity() {
        let text = """
            <!DOCTYPE PMML [<!ENTITY one "1.5">]>
            <PMML version="4.4">
            <Constant>&one;</Constant>
            </PMML>
            """
        do {
            _ = try Self.parse(text)
            Issue.record("an entity reference was accepted")
        } catch {
            let entity = error.diagnostics.first { $0.id == "pmml.xml-entity" }
            #expect(entity?.location?.line == 3)
            #expect(entity?.message.contains("&one;") == true)
        }
    }

    @Test("A DOCTYPE naming an external DTD is not fetched and does not stop parsing")
    func externalDTDIgnored() throws {
        let root = try Self.parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE PMML SYSTEM "http://nbship.invalid/pmml.dtd">
            <PMML version="4.4"><Header/></PMML>
            """)
        #expect(root.children.map(\.name) == ["Header"])
    }

    @Test("Deep nesting beyond libxml2's limit is refused, not a stack overflow")
    func deepNesting() {
        let depth = 5_000
        let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        #expect(throws: DiagnosticError.self) { try Self.parse(text) }
    }

    @Test("Line numbers past 65535 stay correct")
    func bigLineNumbers() throws {
        let padding = String(repeating: "\n", count: 70_000)
        let root = try Self.parse("<PMML>\(padding)<Header/></PMML>")
        #expect(root.child(named: "Header")?.line == 70_001)
    }

    @Test("Parsing from several tasks at once is safe")
    func concurrentParsing() async throws {
        let good = PMMLTestSupport.linearRegression()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<16 {
                group.addTask {
                    if index.isMultiple(of: 2) {
                        return try PMMLReader.read(data: Data(good.utf8), file: "m.pmml").inputs.count
                    }
                    let diagnostics = Self.failure("<PMML>\n<x></PMML>")
                    return diagnostics?.first?.location?.line ?? -1
                }
            }
            for try await result in group { #expect(result == 2) }
        }
    }
}
