import Foundation
import NBCore
import ParameterFile

/// Scores CSV rows with nbship's reference evaluator, in the CSV format of a package's `<name>-predict`: the same
/// header (the package's output columns), the same numbers (Swift's shortest round-trip text), probabilities in the
/// classes' order (a class the model gives no probability has 0; a model without probabilities gives its label 1),
/// the decision column where the package has one. It needs no Swift toolchain: a domain expert tries an edited
/// parameters file on real rows before applying it.
public struct ReferencePredictor: Sendable {
    public let spec: ModelSpec
    let evaluator: SpecEvaluator

    public init(spec: ModelSpec) {
        self.spec = spec
        evaluator = SpecEvaluator(spec: spec)
    }

    /// The package's spec with the values of an edited parameters file (checked as `nbship params check` checks it).
    public static func spec(
        _ spec: ModelSpec, parameters text: String, file: String
    ) throws(DiagnosticError) -> ModelSpec {
        let result = ParameterFileChecker(parameters: spec.editableParameters).check(text, file: file)
        if result.hasErrors { throw DiagnosticError(result.diagnostics) }
        return try spec.settingParameters(result.values)
    }

    /// The output columns, as `Output.columnNames`.
    public var header: [String] { spec.outputs.map(\.name) }

    /// What went wrong on a row, as `<name>-predict` reports it (exit status 65).
    public struct RowFailure: Error, Sendable {
        public var line: Int
        public var message: String
    }

    /// Scores every row of a CSV text (a header of input names in any order, extra columns ignored, an empty cell
    /// missing): the output CSV up to the first row that cannot be scored, and that row's failure.
    public func score(_ text: String) -> (output: String, notes: [String], failure: RowFailure?) {
        let records = Self.records(text)
        guard let header = records.first else {
            return ("", [], RowFailure(line: 1, message: "the input is empty; expected a CSV header"))
        }
        var notes: [String] = []
        let missing = spec.inputs.map(\.name).filter { !header.contains($0) }
        if !missing.isEmpty { notes.append("no column for \(missing.joined(separator: ", ")); treated as missing") }
        var output = Self.line(self.header)
        for (offset, record) in records.dropFirst().enumerated() {
            if record.allSatisfy({ $0.isEmpty }) { continue }
            var row: [String: FieldValue] = [:]
            for input in spec.inputs {
                guard let index = header.firstIndex(of: input.name), index < record.count, !record[index].isEmpty
                else { continue }
                let cell = record[index]
                if input.type.isNumeric, input.type != .boolean {
                    guard let number = Double(cell) else {
                        return (
                            output, notes,
                            RowFailure(
                                line: offset + 2,
                                message: "'\(cell)' is not a valid value for '\(input.name)': expected a number")
                        )
                    }
                    row[input.name] = .number(number)
                } else {
                    row[input.name] = .text(cell)
                }
            }
            do {
                output += Self.line(try values(evaluator.evaluate(row)))
            } catch {
                return (output, notes, RowFailure(line: offset + 2, message: error.description))
            }
        }
        return (output, notes, nil)
    }

    func values(_ result: EvaluationResult) throws(EvaluationError) -> [String] {
        if spec.model.function == .regression {
            guard let prediction = result.prediction else {
                throw .undefinedResult("the model gives no prediction for this input")
            }
            // A scorecard's reason-code columns: the code of each rank, empty when fewer codes have points.
            return ["\(prediction)"]
                + (0..<spec.reasonCodeCount).map { $0 < result.reasonCodes.count ? result.reasonCodes[$0] : "" }
                + fieldValues(result)
        }
        let classes = spec.target.classes
        guard let label = result.label.map({ Self.canonical($0, classes: classes) }), classes.contains(label) else {
            throw .undefinedResult("the model gives no class for this input")
        }
        var probabilities = Array(repeating: 0.0, count: classes.count)
        if result.probabilities.isEmpty, let index = classes.firstIndex(of: label) { probabilities[index] = 1 }
        for (name, probability) in result.probabilities {
            if let index = classes.firstIndex(of: Self.canonical(name, classes: classes)), probabilities[index] == 0 {
                probabilities[index] = probability
            }
        }
        var values = [label] + probabilities.map { "\($0)" }
        let hasDecision = spec.outputs.contains { if case .decision = $0.kind { true } else { false } }
        if hasDecision { values.append(result.decision == true ? "true" : "false") }
        return values + fieldValues(result)
    }

    /// The model file's declared output fields, as the package's `Output.columnValues` writes them.
    func fieldValues(_ result: EvaluationResult) -> [String] {
        spec.fieldOutputNames.map { name in
            switch result.outputs[name] {
            case .number(let x)?: "\(x)"
            case .text(let text)?: text
            case .missing?, nil: ""
            }
        }
    }

    /// A class label as the package's label type reads it (`1.0` finds `1`).
    static func canonical(_ label: String, classes: [String]) -> String {
        if classes.contains(label) { return label }
        guard let number = Double(label) else { return label }
        return classes.first { Double($0) == number } ?? label
    }

    /// A CSV line as the package's writer quotes it.
    static func line(_ fields: [String]) -> String {
        fields.map { field -> String in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\n"
    }

    /// RFC 4180 records.
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var started = false
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            started = true
            if quoted {
                if scalar == "\"" {
                    if scalars.first == "\"" {
                        scalars.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\r": continue
            case "\n":
                fields.append(field)
                records.append(fields)
                fields = []
                field = ""
                started = false
            default: field.unicodeScalars.append(scalar)
            }
        }
        if started {
            fields.append(field)
            records.append(fields)
        }
        return records
    }
}
