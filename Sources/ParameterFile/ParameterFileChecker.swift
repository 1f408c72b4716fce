import Foundation
import NBCore
import Yams

/// Checks a package's `parameters.yaml` against the parameters its model spec declares, and reports every problem
/// at once, each with its line and column, what was expected, what was found, and how to fix it.
///
/// The file is read as YAML 1.2 through Yams' composer (so positions are known), but values are judged by their
/// text, never by YAML 1.1's guesses: `no`, `on`, `0x1F` or a quoted `"0.5"` never silently become a boolean or
/// a number. A text parameter that YAML would read as something else must be quoted.
public struct ParameterFileChecker: Sendable {
    public let parameters: [ParameterSpec]

    public init(parameters: [ParameterSpec]) {
        self.parameters = parameters
    }

    /// The values the file sets, by parameter name, when it has no errors.
    public struct Result: Sendable {
        public var values: [String: ParameterValue]
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public func check(_ text: String, file: String) -> Result {
        var diagnostics: [Diagnostic] = []
        func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if let tab = line.firstIndex(of: "\t") {
                let column = line.distance(from: line.startIndex, to: tab) + 1
                diagnostics.append(
                    .error(
                        ParamsDiagnosticID.tab, "a tab character; YAML files are indented with spaces only",
                        at: at(index + 1, column), help: ["replace the tab with spaces"]))
            }
        }
        let meaningful = lines.contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
        if !meaningful {
            if parameters.isEmpty { return Result(values: [:], diagnostics: diagnostics) }
            let example = parameters.first.map { "\($0.name): \($0.value)" } ?? "name: value"
            diagnostics.append(
                .error(
                    ParamsDiagnosticID.empty, "the file sets no parameter", at: SourceLocation(file: file, line: 1),
                    help: ["write one line per parameter, for example `\(example)`"]))
            return Result(values: [:], diagnostics: diagnostics)
        }
        // Yams refuses a mapping with a repeated key outright; report each repeat at its own line and read the file
        // without it, so the other problems are still found.
        var readable: [Substring] = []
        var firstLine: [String: Int] = [:]
        for (index, line) in lines.enumerated() {
            guard let first = line.first, first != " ", first != "#", first != "\t",
                let colon = line.firstIndex(of: ":")
            else {
                readable.append(line)
                continue
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\"'"))
            if let previous = firstLine[key] {
                diagnostics.append(
                    .error(
                        ParamsDiagnosticID.duplicate, "'\(key)' is set twice (first on line \(previous))",
                        at: at(index + 1, 1),
                        help: ["keep one of the two lines"]))
                readable.append("#" + line)
            } else {
                firstLine[key] = index + 1
                readable.append(line)
            }
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: readable.joined(separator: "\n"))
        } catch let error as YamlError {
            diagnostics.append(Self.syntaxDiagnostic(error, file: file))
            return Result(values: [:], diagnostics: diagnostics)
        } catch {
            diagnostics.append(
                .error(
                    ParamsDiagnosticID.syntax, "the file is not valid YAML: \(error)", at: SourceLocation(file: file)))
            return Result(values: [:], diagnostics: diagnostics)
        }
        guard let node, case .mapping(let mapping) = node else {
            diagnostics.append(
                .error(
                    ParamsDiagnosticID.notAMapping, "the file must be a list of `name: value` lines",
                    at: SourceLocation(file: file, line: 1),
                    help: ["each line names a parameter, a colon, a space, and its value: `threshold: 0.5`"]))
            return Result(values: [:], diagnostics: diagnostics)
        }
        var values: [String: ParameterValue] = [:]
        var positions: [String: SourceLocation] = [:]
        var seen: [String: Int] = [:]
        let names = parameters.map(\.name)
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            let keyMark = keyNode.mark
            let keyAt = at(keyMark?.line ?? 1, keyMark?.column ?? 1)
            if let first = seen[key] {
                diagnostics.append(
                    .error(
                        ParamsDiagnosticID.duplicate, "'\(key)' is set twice (first on line \(first))", at: keyAt,
                        help: ["keep one of the two lines"]))
                continue
            }
            seen[key] = keyMark?.line ?? 0
            guard let parameter = parameters.first(where: { $0.name == key }) else {
                let known =
                    names.isEmpty
                    ? ["this model has no parameters: the file should hold comments only"]
                    : ["the parameters are " + names.map { "'\($0)'" }.joined(separator: ", ")]
                diagnostics.append(
                    .error(
                        ParamsDiagnosticID.unknown, "'\(key)' is not a parameter of this model", at: keyAt,
                        help: NameSuggestion.help(for: key, in: names) + known))
                continue
            }
            let valueMark = valueNode.mark
            let valueAt = at(valueMark?.line ?? keyAt.line ?? 1, valueMark?.column ?? 1)
            switch Self.value(valueNode, for: parameter) {
            case .success(let value):
                if let problem = Self.rangeProblem(value, parameter) {
                    diagnostics.append(
                        .error(ParamsDiagnosticID.outOfRange, problem, at: valueAt, help: Self.fix(parameter)))
                } else {
                    values[key] = value
                    positions[key] = valueAt
                }
            case .failure(let problem):
                diagnostics.append(
                    .error(problem.id, problem.message, at: valueAt, help: problem.help + Self.fix(parameter)))
            }
        }
        for parameter in parameters where seen[parameter.name] == nil {
            diagnostics.append(
                .error(
                    ParamsDiagnosticID.missing, "the parameter '\(parameter.name)' is missing",
                    at: SourceLocation(file: file, line: max(1, lines.count - (text.hasSuffix("\n") ? 1 : 0))),
                    help: ["add the line `\(parameter.name): \(Self.yaml(parameter.value))` (its default)"]))
        }
        diagnostics += orderProblems(values, positions: positions)
        return Result(values: values, diagnostics: diagnostics)
    }

    /// A minimum above its maximum (a guard rail or a prediction floor and cap): nothing could pass.
    func orderProblems(_ values: [String: ParameterValue], positions: [String: SourceLocation]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for inverted in BoundsRule.inverted(parameters, value: { values[$0.name] }) {
            let (lower, upper, low, high, what) = (
                inverted.lower, inverted.upper, inverted.low, inverted.high, inverted.what
            )
            problems.append(
                .error(
                    ParamsDiagnosticID.boundsOrder,
                    "'\(lower.name)' is \(Self.yaml(.double(low))), above '\(upper.name)' (\(Self.yaml(.double(high)))): "
                        + "no \(what) could pass",
                    at: positions[lower.name],
                    help: ["make '\(lower.name)' at most '\(upper.name)'"]))
        }
        return problems
    }

    struct Problem: Error {
        var id: String
        var message: String
        var help: [String] = []
    }

    /// The value a scalar holds for a parameter of this type, judged by its text.
    static func value(_ node: Node, for parameter: ParameterSpec) -> Swift.Result<ParameterValue, Problem> {
        guard case .scalar(let scalar) = node else {
            return .failure(
                Problem(
                    id: ParamsDiagnosticID.wrongType,
                    message: "expected \(describe(parameter.type)), found a list or a table"))
        }
        let text = scalar.string
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        switch parameter.type {
        case .number, .integer:
            guard !quoted else {
                return .failure(
                    Problem(
                        id: ParamsDiagnosticID.wrongType,
                        message: "expected \(describe(parameter.type)), found the text \"\(text)\" in quotes",
                        help: ["remove the quotes"]))
            }
            if parameter.type == .integer {
                guard let number = Int(text) else {
                    return .failure(
                        Problem(id: ParamsDiagnosticID.wrongType, message: "expected a whole number, found '\(text)'"))
                }
                return .success(.integer(number))
            }
            if let value = Double(text), let problem = NumberFormat.outOfRange(text, as: value) {
                return .failure(
                    Problem(
                        id: ParamsDiagnosticID.wrongType, message: "\(problem)",
                        help: ["nbship never changes a number silently; write the value you mean"]))
            }
            guard let number = decimal(text) else {
                var help: [String] = []
                if text.contains(",") {
                    help.append("use a dot for decimals: `\(text.replacingOccurrences(of: ",", with: "."))`")
                }
                return .failure(
                    Problem(
                        id: ParamsDiagnosticID.wrongType, message: "expected a number, found the text '\(text)'",
                        help: help)
                )
            }
            return .success(.double(number))
        case .boolean:
            switch quoted ? "" : text {
            case "true": return .success(.boolean(true))
            case "false": return .success(.boolean(false))
            default:
                return .failure(
                    Problem(
                        id: ParamsDiagnosticID.wrongType, message: "expected true or false, found '\(text)'",
                        help: ["YAML 1.1 tools read yes/no/on/off as booleans and others do not: write true or false"]))
            }
        case .string:
            if !quoted && text.isEmpty {
                return .failure(
                    Problem(
                        id: ParamsDiagnosticID.wrongType, message: "expected a text, found nothing",
                        help: ["write the text after the colon"]))
            }
            if !quoted, looksLikeAnotherType(text) {
                return .failure(
                    Problem(
                        id: ParamsDiagnosticID.ambiguous,
                        message: "'\(text)' would be read as \(readAs(text)) by some YAML tools",
                        help: ["put it in quotes: `\"\(text)\"`"]))
            }
            if !parameter.allowedValues.isEmpty, !parameter.allowedValues.contains(text) {
                return .failure(
                    Problem(
                        id: ParamsDiagnosticID.notAllowed, message: "'\(text)' is not one of the allowed values",
                        help: NameSuggestion.help(for: text, in: parameter.allowedValues)))
            }
            return .success(.string(text))
        }
    }

    /// A plain decimal number: digits, an optional sign, dot and exponent; not hex, octal, `.inf` or `1_000`.
    static func decimal(_ text: String) -> Double? {
        let allowed = Set("0123456789+-.eE")
        guard !text.isEmpty, text.allSatisfy({ allowed.contains($0) }), text.contains(where: \.isNumber) else {
            return nil
        }
        guard let number = Double(text), number.isFinite else { return nil }
        return number
    }

    static func looksLikeAnotherType(_ text: String) -> Bool { readAs(text) != "text" }

    static func readAs(_ text: String) -> String {
        let lower = text.lowercased()
        if ["yes", "no", "on", "off", "true", "false", "y", "n"].contains(lower) { return "a boolean" }
        if ["null", "~"].contains(lower) { return "nothing (null)" }
        if Double(text) != nil || Int(text.replacingOccurrences(of: "_", with: "")) != nil
            || lower.hasPrefix("0x") || lower.hasPrefix("0o") || [".inf", "-.inf", ".nan"].contains(lower)
        {
            return "a number"
        }
        return "text"
    }

    static func rangeProblem(_ value: ParameterValue, _ parameter: ParameterSpec) -> String? {
        guard let range = parameter.range, let number = value.number, !range.contains(number) else { return nil }
        return "\(NumberFormat.shortest(number)) is outside the allowed range \(range)"
    }

    static func describe(_ type: ParameterType) -> String {
        switch type {
        case .number: "a number"
        case .integer: "a whole number"
        case .string: "a text"
        case .boolean: "true or false"
        }
    }

    /// The line the file should hold, with the parameter's range.
    static func fix(_ parameter: ParameterSpec) -> [String] {
        var help = "for example `\(parameter.name): \(yaml(parameter.value))` (the default)"
        if let range = parameter.range { help += "; allowed: \(range)" }
        return [help]
    }

    /// A value as the file writes it: text quoted when YAML could read it as something else.
    public static func yaml(_ value: ParameterValue) -> String {
        switch value {
        case .string(let text): looksLikeAnotherType(text) || text.isEmpty ? "\"\(text)\"" : text
        default: value.description
        }
    }

    static func syntaxDiagnostic(_ error: YamlError, file: String) -> Diagnostic {
        var line = 1
        var column = 1
        var problem = "\(error)"
        switch error {
        case .scanner(_, let message, let mark, _), .parser(_, let message, let mark, _),
            .composer(_, let message, let mark, _):
            line = mark.line
            column = mark.column
            problem = message
        default:
            break
        }
        return .error(
            ParamsDiagnosticID.syntax, "the file is not valid YAML: \(problem)",
            at: SourceLocation(file: file, line: line, column: column),
            help: ["each line is `name: value` at the start of the line; check the indentation and the colon"])
    }
}
