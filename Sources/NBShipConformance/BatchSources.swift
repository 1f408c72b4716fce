/// The Swift sources of the batch package `BatchBuild` writes, besides the generated libraries.
///
/// The scorer relies only on the API every generated library offers its `<name>-predict` tool:
/// `Input.columns(forHeader:)`, `Input(row:columns:)`, `Model()`, `predict(_:)`, `Output.columnNames` and
/// `columnValues`.
package enum BatchSources {
    /// The column the scorer adds for a row it could not score; it holds the error.
    package static let errorColumn = "nbship-error"

    package static func manifest(modules: [String]) -> String {
        var text = """
            // swift-tools-version: 6.0
            // Written by `nbship conformance`: every converted corpus case's generated library, and one scorer.
            import PackageDescription

            let package = Package(
                name: "nbship-conformance",
                targets: [

            """
        for module in modules {
            text += "        .target(name: \"\(module)\"),\n"
        }
        text += "        .executableTarget(\n"
        text += "            name: \"\(BatchBuild.scorer)\",\n"
        text += "            dependencies: [" + modules.map { "\"\($0)\"" }.joined(separator: ", ") + "]),\n"
        text += "    ],\n    swiftLanguageModes: [.v6]\n)\n"
        return text
    }

    /// One case's adapter: the generated API behind a common protocol.
    package static func caseScorer(module: String) -> String {
        """
        import \(module)

        enum \(module)Scorer: CaseScorer {
            static let model = \(module).Model()
            static var columnNames: [String] { \(module).Output.columnNames }
            static func columns(forHeader header: [String]) -> [Int?] { \(module).Input.columns(forHeader: header) }
            static func score(_ row: [String], _ columns: [Int?]) throws -> [String] {
                try model.predict(\(module).Input(row: row, columns: columns)).columnValues
            }
        }

        """
    }

    package static func main(modules: [String]) -> String {
        var text = """
            import Foundation

            // ConformanceScorer <module> <input.csv> <output.csv>: scores every row of input.csv with one case's
            // generated code and writes its output columns plus `\(errorColumn)` (the error of a row it cannot score).

            protocol CaseScorer {
                static var columnNames: [String] { get }
                static func columns(forHeader header: [String]) -> [Int?]
                static func score(_ row: [String], _ columns: [Int?]) throws -> [String]
            }

            let scorers: [String: any CaseScorer.Type] = [

            """
        for module in modules { text += "    \"\(module)\": \(module)Scorer.self,\n" }
        if modules.isEmpty { text += "    :\n" }
        text += """
            ]

            let arguments = Array(CommandLine.arguments.dropFirst())
            guard arguments.count == 3, let scorer = scorers[arguments[0]],
                let data = FileManager.default.contents(atPath: arguments[1])
            else {
                FileHandle.standardError.write(Data("usage: ConformanceScorer <module> <input.csv> <output.csv>\\n".utf8))
                exit(64)
            }
            var records = CSV.records(String(decoding: data, as: UTF8.self))
            let header = records.isEmpty ? [] : records.removeFirst()
            let columns = scorer.columns(forHeader: header)
            var output = [scorer.columnNames + ["\(errorColumn)"]]
            for row in records {
                do {
                    output.append(try scorer.score(row, columns) + [""])
                } catch {
                    output.append(Array(repeating: "", count: scorer.columnNames.count) + ["\\(error)"])
                }
            }
            let text = output.map { $0.map(CSV.quoted).joined(separator: ",") + "\\n" }.joined()
            guard FileManager.default.createFile(atPath: arguments[2], contents: Data(text.utf8)) else {
                FileHandle.standardError.write(Data("cannot write \\(arguments[2])\\n".utf8))
                exit(73)
            }

            """
        return text
    }

    /// RFC 4180 reading and writing, the same dialect as `ConformanceCSV`.
    package static let csv = """
        import Foundation

        enum CSV {
            static func records(_ text: String) -> [[String]] {
                var records: [[String]] = []
                var fields: [String] = []
                var field = ""
                var quoted = false
                var iterator = text.makeIterator()
                var pending: Character?
                func next() -> Character? {
                    if let character = pending {
                        pending = nil
                        return character
                    }
                    return iterator.next()
                }
                var sawAny = false
                while let character = next() {
                    sawAny = true
                    if quoted {
                        if character == "\\"" {
                            if let following = next() {
                                if following == "\\"" { field.append("\\"") } else { quoted = false; pending = following }
                            } else {
                                quoted = false
                            }
                        } else {
                            field.append(character)
                        }
                        continue
                    }
                    switch character {
                    case "\\"" where field.isEmpty: quoted = true
                    case ",": fields.append(field); field = ""
                    case "\\n", "\\r\\n":
                        fields.append(field)
                        field = ""
                        records.append(fields)
                        fields = []
                        sawAny = false
                    case "\\r": continue
                    default: field.append(character)
                    }
                }
                if sawAny { fields.append(field); records.append(fields) }
                return records
            }

            static func quoted(_ field: String) -> String {
                let needsQuotes =
                    field.contains { $0 == "," || $0 == "\\"" || $0 == "\\n" || $0 == "\\r" }
                    || field.first == " " || field.last == " " || field.first == "\\t" || field.last == "\\t"
                guard needsQuotes else { return field }
                return "\\"" + field.replacingOccurrences(of: "\\"", with: "\\"\\"") + "\\""
            }
        }

        """
}
