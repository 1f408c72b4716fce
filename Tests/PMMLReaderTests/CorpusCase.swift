import Foundation
import NBCore

#if NBSHIP_CORPUS_TESTS
    /// One case of `../shared/corpus/pmml` as its case.json, input.csv and expected.csv describe it.
    struct CorpusCase: Sendable, CustomStringConvertible {
        /// How numbers are compared (corpus README, "Tolerances").
        enum Tolerance: Sendable {
            /// `|a - e|` within `precision * |e|`, or both within `zeroThreshold` of 0.
            case relative(precision: Double, zeroThreshold: Double)
            /// Both cast to float32: equal, or at most `ulps` float32 ULPs of `e` apart.
            case floatULPs(Int)
            /// cPMML: equal text, or relative error below `relative`.
            case cpmml(relative: Double)
        }

        var id: String
        var tier: String
        var modelElement: String
        var compareColumns: [String]
        var roles: [String: String]
        var tolerance: Tolerance
        var missingMarkers: Set<String>
        var directory: URL

        var description: String { id }

        /// The cases of the corpus index whose top-level model element is one of `elements`.
        static func cases(in corpus: URL, elements: Set<String>) throws -> [CorpusCase] {
            let index = corpus.appendingPathComponent("index.json")
            guard FileManager.default.fileExists(atPath: index.path) else {
                throw CorpusTests.CorpusMissing(path: index.path)
            }
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: index)) as? [String: Any]
            let entries = object?["cases"] as? [[String: Any]] ?? []
            return try entries.compactMap { entry in
                guard let id = entry["id"] as? String, let element = entry["model_element"] as? String,
                    elements.contains(element)
                else { return nil }
                return try CorpusCase(id: id, modelElement: element, directory: corpus.appendingPathComponent(id))
            }
        }

        init(id: String, modelElement: String, directory: URL) throws {
            let data = try Data(contentsOf: directory.appendingPathComponent("case.json"))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            self.id = id
            self.modelElement = modelElement
            self.directory = directory
            tier = json["tier"] as? String ?? "core"
            compareColumns = json["compare_columns"] as? [String] ?? []
            roles = json["column_roles"] as? [String: String] ?? [:]
            missingMarkers = Set(json["missing_value_markers"] as? [String] ?? ["NA", "N/A"])
            let tolerance = json["tolerance"] as? [String: Any] ?? [:]
            switch tolerance["method"] as? String {
            case "float_ulps": self.tolerance = .floatULPs(tolerance["ulps"] as? Int ?? 1)
            case "cpmml": self.tolerance = .cpmml(relative: tolerance["relative"] as? Double ?? 0.001)
            default:
                self.tolerance = .relative(
                    precision: tolerance["precision"] as? Double ?? 1e-13,
                    zeroThreshold: tolerance["zero_threshold"] as? Double ?? 1e-13)
            }
        }

        /// input.csv as rows of name -> value; missing markers become absent values.
        func inputRows() throws -> [[String: FieldValue]] {
            let table = try CSVTable.read(directory.appendingPathComponent("input.csv"))
            return table.rows.map { cells in
                var row: [String: FieldValue] = [:]
                for (name, cell) in zip(table.header, cells) where !missingMarkers.contains(cell) {
                    row[name] = .text(cell)
                }
                return row
            }
        }

        /// expected.csv: header and rows of cells.
        func expected() throws -> CSVTable {
            try CSVTable.read(directory.appendingPathComponent("expected.csv"))
        }

        /// Whether an expected cell matches what the evaluator gave; `actual` nil means "no value".
        func matches(expected: String, actual: String?) -> Bool {
            if missingMarkers.contains(expected) { return actual == nil }
            guard let actual else { return false }
            guard let e = Double(expected), let a = Double(actual) else {
                // Non-numbers: text as written, booleans in any case.
                return expected == actual
                    || expected.lowercased() == actual.lowercased() && ["true", "false"].contains(actual)
            }
            switch tolerance {
            case .relative(let precision, let zero):
                if abs(e) <= zero && abs(a) <= zero { return true }
                let low = e * (1 - precision)
                let high = e * (1 + precision)
                return a >= min(low, high) && a <= max(low, high)
            case .floatULPs(let ulps):
                let ef = Float(e)
                let af = Float(a)
                return ef == af || abs(af - ef) <= Float(ulps) * ef.ulp
            case .cpmml(let relative):
                return expected == actual || e == a || abs(a - e) / max(abs(e), Double.leastNonzeroMagnitude) < relative
            }
        }
    }
#endif

/// A comma-separated file: first line header; double quotes around cells with commas, quotes or edge blanks.
struct CSVTable: Sendable {
    var header: [String]
    var rows: [[String]]

    static func read(_ url: URL) throws -> CSVTable {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = parse(text)
        guard !lines.isEmpty else { return CSVTable(header: [], rows: []) }
        let header = lines.removeFirst()
        return CSVTable(header: header, rows: lines.filter { $0 != [""] })
    }

    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            cell.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    cell.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                row.append(cell)
                cell = ""
            case "\n":
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            case "\r": break
            default: cell.unicodeScalars.append(scalar)
            }
        }
        if !cell.isEmpty || !row.isEmpty {
            row.append(cell)
            rows.append(row)
        }
        return rows
    }
}
