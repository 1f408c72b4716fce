import Foundation
import NBShipApp

/// One case of the PMML conformance corpus, as its `case.json` describes it (see the corpus README).
public struct ConformanceCase: Sendable, Hashable {
    /// `<source>/<case>`, also the case's folder below `pmml/`.
    public var id: String
    /// `core`, `quirks`, `single-evaluator` or `disputed`.
    public var tier: String
    /// The top-level model element (`RegressionModel`, `TreeModel`, ...).
    public var modelElement: String
    /// The expected.csv columns to check (disputed columns are already removed).
    public var compareColumns: [String]
    /// What each expected.csv column is: `target:predictedValue`, `output:probability(<class>)`, ...
    public var columnRoles: [String: String]
    public var tolerance: Tolerance
    /// Cell texts that mean "missing" in input.csv and expected.csv.
    public var missingMarkers: Set<String>
    /// An expected cell with exactly this text is not checked.
    public var unassertedMarker: String?
    /// Rows are (transaction, item) pairs to be grouped (association rules).
    public var groupedInput: Bool
    /// A text replacement to apply to model.pmml before reading it (SAS `quirks`).
    public var repair: Repair?

    /// `replace` -> `with`, every occurrence.
    public struct Repair: Sendable, Hashable, Codable {
        public var replace: String
        public var with: String
        public init(replace: String, with: String) {
            self.replace = replace
            self.with = with
        }
    }

    public init(
        id: String, tier: String = "core", modelElement: String = "RegressionModel", compareColumns: [String],
        columnRoles: [String: String], tolerance: Tolerance, missingMarkers: Set<String> = ["NA", "N/A"],
        unassertedMarker: String? = nil, groupedInput: Bool = false, repair: Repair? = nil
    ) {
        self.id = id
        self.tier = tier
        self.modelElement = modelElement
        self.compareColumns = compareColumns
        self.columnRoles = columnRoles
        self.tolerance = tolerance
        self.missingMarkers = missingMarkers
        self.unassertedMarker = unassertedMarker
        self.groupedInput = groupedInput
        self.repair = repair
    }
}

/// Why a case.json could not be used.
public struct CaseFileError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension ConformanceCase {
    /// The keys of case.json the runner needs; everything else (provenance, cross-check) is informational.
    package struct File: Decodable {
        struct ToleranceFile: Decodable {
            var method: String
            var precision: Double?
            var zeroThreshold: Double?
            var relative: Double?
            var ulps: Int?
        }
        struct PMMLFacts: Decodable {
            struct OutputField: Decodable {
                var name: String
                var feature: String?
                var rank: String?
            }
            var modelElement: String?
            var outputFields: [OutputField]?
        }
        var id: String
        var tier: String
        var groupedInput: Bool?
        var missingValueMarkers: [String]?
        var tolerance: ToleranceFile
        var compareColumns: [String]
        var columnRoles: [String: String]?
        var unassertedMarker: String?
        var repairBeforeScoring: Repair?
        var pmml: PMMLFacts?
    }

    /// Reads `case.json`.
    public init(contentsOf url: URL) throws(CaseFileError) {
        let file: File
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            file = try decoder.decode(File.self, from: Data(contentsOf: url))
        } catch {
            throw CaseFileError(path: url.path, reason: "cannot be read as a case description: \(error)")
        }
        let tolerance: Tolerance
        switch file.tolerance.method {
        case "relative":
            let precision = file.tolerance.precision ?? 1e-13
            tolerance = .relative(precision: precision, zeroThreshold: file.tolerance.zeroThreshold ?? precision)
        case "float_ulps":
            tolerance = .floatULPs(file.tolerance.ulps ?? 1)
        case "cpmml":
            tolerance = .cpmml(relative: file.tolerance.relative ?? 0.001)
        case let other:
            throw CaseFileError(path: url.path, reason: "unknown tolerance method '\(other)'")
        }
        // `output:reasonCode` names no rank; the model's OutputField of that name does (1 when it says none).
        var roles = file.columnRoles ?? [:]
        for (column, role) in roles where role == "output:reasonCode" {
            let field = file.pmml?.outputFields?.first { $0.name == column && $0.feature == "reasonCode" }
            if let field { roles[column] = "output:reasonCode(\(field.rank ?? "1"))" }
        }
        self.init(
            id: file.id, tier: file.tier, modelElement: file.pmml?.modelElement ?? "?",
            compareColumns: file.compareColumns, columnRoles: roles, tolerance: tolerance,
            missingMarkers: Set(file.missingValueMarkers ?? ["NA", "N/A"]), unassertedMarker: file.unassertedMarker,
            groupedInput: file.groupedInput ?? false, repair: file.repairBeforeScoring)
    }
}
