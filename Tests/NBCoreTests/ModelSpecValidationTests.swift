import Foundation
import Testing

@testable import NBCore

/// A spec is valid by construction: decoding re-runs the rules, and parameter edits go through them.
@Suite("Model spec validity")
struct ModelSpecValidationTests {
    static func spec() throws -> ModelSpec {
        let threshold = RoleCell(
            role: .parameters, cellNumber: 1,
            assignments: [
                assign("threshold", num(0.4), comment: "range [0, 1]"), assign("positive_class", str("yes"), line: 2),
            ])
        return try SpecBuilder().build(.init(notebook: notebook([threshold]), model: smallModel())).spec
    }

    static func encoded(_ spec: ModelSpec) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(spec)
    }

    static func decode(_ data: Data) throws -> ModelSpec {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ModelSpec.self, from: data)
    }

    @Test("A built spec is valid and survives encoding and decoding unchanged")
    func roundTrip() throws {
        let spec = try Self.spec()
        #expect(spec.validationErrors().isEmpty)
        #expect(try Self.decode(Self.encoded(spec)) == spec)
    }

    @Test(
        "Decoding refuses a spec whose structure was broken by hand",
        arguments: [
            ("\"thresholdParameter\":\"threshold\"", "\"thresholdParameter\":\"limit\"", "threshold parameter 'limit'"),
            ("\"field\":\"s(x)\"", "\"field\":\"t(x)\"", "reads 't(x)'"),
            ("\"positiveClass\":\"yes\"", "\"positiveClass\":\"maybe\"", "'maybe', which is not a class"),
        ])
    func brokenByHand(_ from: String, _ to: String, _ expected: String) throws {
        let json = String(decoding: try Self.encoded(Self.spec()), as: UTF8.self)
        #expect(json.contains(from), "the fixture no longer has \(from)")
        let broken = Data(json.replacingOccurrences(of: from, with: to).utf8)
        do {
            _ = try Self.decode(broken)
            Issue.record("decoded a spec broken by replacing \(from) with \(to)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test("Parameter edits are checked: type, range, editable, known; nothing changes on an error")
    func edits() throws {
        let spec = try Self.spec()
        let revised = try spec.settingParameters(["threshold": .double(0.7)])
        #expect(revised.parameters.first { $0.name == "threshold" }?.value == .double(0.7))
        #expect(revised.parameters.first { $0.name == "threshold" }?.notebookValue == .double(0.4))
        for (edit, message) in [
            (["threshold": ParameterValue.double(1.5)], "outside its range"),
            (["threshold": .string("high")], "is a number"), (["nope": .double(1)], "no parameter 'nope'"),
        ] {
            #expect(throws: DiagnosticError.self) { try spec.settingParameters(edit) }
            do {
                _ = try spec.settingParameters(edit)
            } catch {
                #expect(error.diagnostics.contains { $0.message.contains(message) }, "\(error.diagnostics)")
            }
        }
    }

    @Test("A guard rail whose minimum is above its maximum is refused on decoding, by the same rule as on building")
    func invertedBounds() throws {
        let cell = RoleCell(
            role: .parameters, cellNumber: 1, assignments: [assign("x_min", num(1)), assign("x_max", num(9), line: 2)])
        let spec = try SpecBuilder().build(.init(notebook: notebook([cell]), model: smallRegression())).spec
        var inverted = spec
        let index = try #require(inverted.parameters.firstIndex { $0.name == "x_min" })
        inverted.parameters[index].value = .double(20)
        #expect(BoundsRule.inverted(inverted.parameters).map(\.lower.name) == ["x_min"])
        do {
            _ = try Self.decode(Self.encoded(inverted))
            Issue.record("decoded a spec whose x_min is above x_max")
        } catch {
            #expect("\(error)".contains("no 'x' could pass"), "\(error)")
        }
        #expect(throws: DiagnosticError.self) { try spec.settingParameters(["x_min": .double(20)]) }
    }
}
