import Foundation
import Testing

/// Every diagnostic id is a documented constant of one catalogue per area, with its severity; Sources never use a
/// literal id. Read from the source files themselves, so a new literal or an undocumented id fails here.
@Suite("Diagnostic id catalogues")
struct DiagnosticCatalogueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let catalogues = [
        "Sources/NBCore/Diagnostics/DiagnosticIDs.swift", "Sources/PMMLReader/Extraction/PMMLDiagnosticID.swift",
        "Sources/NotebookReader/NotebookDiagnosticID.swift", "Sources/BoosterReader/BoosterDiagnosticID.swift",
        "Sources/ONNXReader/ONNXDiagnosticID.swift",
    ]
    static let areas = [
        "spec", "notebook", "params", "archive", "pmml", "templates", "generate", "version", "input", "diff",
        "conformance", "nbship", "xgboost", "lightgbm", "onnx",
    ]

    static func sources() throws -> [(path: String, text: String)] {
        let folder = root.appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var files: [(String, String)] = []
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            files.append(
                ("Sources/\(path)", try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// id -> (`Catalogue.constant`, documentation) from the catalogue files.
    static func catalogued() throws -> [String: [(constant: String, doc: String)]] {
        var entries: [String: [(String, String)]] = [:]
        for file in catalogues {
            var catalogue = ""
            let lines = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("public enum ") {
                    catalogue = String(trimmed.dropFirst("public enum ".count).prefix { $0.isLetter || $0.isNumber })
                }
                guard trimmed.hasPrefix("public static let "), let open = trimmed.firstIndex(of: "\""),
                    let close = trimmed[trimmed.index(after: open)...].firstIndex(of: "\"")
                else { continue }
                let id = String(trimmed[trimmed.index(after: open)..<close])
                let name = String(trimmed.dropFirst("public static let ".count).prefix { $0 != " " })
                var doc = ""
                var above = index - 1
                while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                    doc = lines[above].trimmingCharacters(in: .whitespaces).dropFirst(3) + " " + doc
                    above -= 1
                }
                entries[id, default: []].append(("\(catalogue).\(name)", doc))
            }
        }
        return entries
    }

    @Test("Each id is listed once, documented, with its severity")
    func documented() throws {
        let entries = try Self.catalogued()
        #expect(entries.count >= 140)
        for (id, found) in entries {
            #expect(found.count == 1, "\(id) is listed \(found.count) times")
            #expect(Self.areas.contains(String(id.prefix { $0 != "." })), "\(id) has no known area")
            let doc = found[0].doc
            #expect(
                ["(error", "(warning", "(note"].contains { doc.contains($0) }, "\(id) does not say its severity: \(doc)"
            )
        }
    }

    @Test("Sources use catalogue constants, never a literal id")
    func noLiterals() throws {
        let pattern = try NSRegularExpression(
            pattern: "\"(?:\(Self.areas.joined(separator: "|")))\\.[a-z0-9]+(?:[.-][a-z0-9]+)*\"")
        let fileNames: Set<String> = ["csv", "pmml", "json", "yaml", "swift", "ipynb", "html", "md", "gz"]
        var literals: [String] = []
        for (path, text) in try Self.sources() where !Self.catalogues.contains(path) {
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                let literal = String(text[Range(match.range, in: text)!])
                if fileNames.contains(String(literal.dropLast().split(separator: ".").last ?? "")) { continue }
                literals.append("\(path): \(literal)")
            }
        }
        #expect(literals.isEmpty, "literal ids outside the catalogues: \(literals)")
    }

    @Test("Every catalogued id is used somewhere in Sources")
    func noStaleEntries() throws {
        let entries = try Self.catalogued()
        let code = try Self.sources().filter { !Self.catalogues.contains($0.path) }.map(\.text).joined(separator: "\n")
        for (id, found) in entries {
            let constant = found[0].constant
            #expect(code.contains(constant), "\(id) (\(constant)) is never used")
        }
    }
}
