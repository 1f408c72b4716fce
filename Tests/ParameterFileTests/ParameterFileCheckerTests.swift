import NBCore
import Testing

@testable import ParameterFile

/// Every mistake a person can make in parameters.yaml gets one error with its position and a fix.
@Suite("parameters.yaml checks")
struct ParameterFileCheckerTests {
    static let threshold = ParameterSpec(
        name: "threshold", type: .number, value: .double(0.5), range: Interval(lower: 0.5, upper: 0.99),
        description: "decision threshold", role: .threshold, editable: true)
    static let region = ParameterSpec(
        name: "region", type: .string, value: .string("north"), allowedValues: ["north", "south", "no"],
        role: .metadata, editable: true)
    let checker = ParameterFileChecker(parameters: [Self.threshold, Self.region])

    func errors(_ text: String) -> [Diagnostic] {
        checker.check(text, file: "parameters.yaml").diagnostics.filter { $0.severity == .error }
    }

    @Test("A valid file gives its values and no diagnostics")
    func valid() {
        let result = checker.check("# comment\nthreshold: 0.75\nregion: south\n", file: "parameters.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(result.values["threshold"] == .double(0.75))
        #expect(result.values["region"] == .string("south"))
    }

    @Test(
        "Each mistake is one error at its line and column",
        arguments: [
            ("treshold: 0.75\nregion: south\n", "params.unknown", 1, 1, "did you mean 'threshold'?"),
            ("threshold: 0,35\nregion: south\n", "params.wrong-type", 1, 12, "use a dot for decimals"),
            ("threshold: 0.35\nregion: south\n", "params.out-of-range", 1, 12, "allowed: [0.5, 0.99]"),
            ("threshold: \"0.75\"\nregion: south\n", "params.wrong-type", 1, 12, "remove the quotes"),
            ("threshold: 0.75\nregion: no\n", "params.ambiguous", 2, 9, "put it in quotes"),
            ("threshold: 0.75\nregion: east\n", "params.not-allowed", 2, 9, "the default"),
            ("threshold: 0.75\nthreshold: 0.8\nregion: south\n", "params.duplicate", 2, 1, "keep one"),
            ("region: south\n", "params.missing", 1, nil, "threshold: 0.5"),
            ("\tthreshold: 0.75\nregion: south\n", "params.tab", 1, 1, "spaces"),
            ("threshold: 0.75\n  region: south\n", "params.syntax", 2, 9, "indentation"),
            ("# only comments\n\n", "params.empty", 1, nil, "threshold: 0.5"),
            ("threshold: 0x1F\nregion: south\n", "params.wrong-type", 1, 12, "the default"),
            ("threshold: 1e400\nregion: south\n", "params.wrong-type", 1, 12, "never changes a number"),
            ("threshold: 1e-400\nregion: south\n", "params.wrong-type", 1, 12, "never changes a number"),
        ] as [(String, String, Int, Int?, String)])
    func mistake(_ text: String, _ id: String, _ line: Int, _ column: Int?, _ help: String) throws {
        let found = errors(text)
        let diagnostic = try #require(found.first { $0.id == id }, "\(found.map(\.description))")
        #expect(diagnostic.location?.line == line, "\(diagnostic)")
        if let column { #expect(diagnostic.location?.column == column, "\(diagnostic)") }
        #expect(diagnostic.help.joined(separator: " ").contains(help), "\(diagnostic)")
    }

    @Test("A quoted text that looks like a boolean is accepted as text")
    func quotedText() {
        let result = checker.check("threshold: 0.75\nregion: \"no\"\n", file: "parameters.yaml")
        #expect(!result.hasErrors, "\(result.diagnostics)")
        #expect(result.values["region"] == .string("no"))
    }

    @Test("Values are written back so that YAML cannot misread them")
    func writing() {
        #expect(ParameterFileChecker.yaml(.string("no")) == "\"no\"")
        #expect(ParameterFileChecker.yaml(.string("1.10")) == "\"1.10\"")
        #expect(ParameterFileChecker.yaml(.string("north")) == "north")
        #expect(ParameterFileChecker.yaml(.double(0.35)) == "0.35")
    }
}

@Suite("Parameters file: guard rails and caps")
struct ParameterFileBoundsTests {
    let checker: ParameterFileChecker = {
        var low = ParameterSpec(name: "bmi_min", type: .number, value: .double(10), role: .inputMinimum, editable: true)
        low.feature = "bmi"
        var high = ParameterSpec(
            name: "bmi_max", type: .number, value: .double(60), role: .inputMaximum, editable: true)
        high.feature = "bmi"
        let cap = ParameterSpec(
            name: "prediction_max", type: .number, value: .double(400), role: .predictionMaximum, editable: true)
        let floor = ParameterSpec(
            name: "prediction_min", type: .number, value: .double(0), role: .predictionMinimum, editable: true)
        return ParameterFileChecker(parameters: [low, high, floor, cap])
    }()

    @Test("A minimum above its maximum is one error at the minimum's value, for rails and caps alike")
    func order() throws {
        let rail = checker.check(
            "bmi_min: 70\nbmi_max: 60\nprediction_min: 0\nprediction_max: 400\n", file: "parameters.yaml")
        #expect(rail.diagnostics.map(\.id) == ["params.bounds-order"])
        #expect(rail.diagnostics.first?.location?.line == 1)
        #expect(rail.diagnostics.first?.location?.column == 10)
        #expect(rail.diagnostics.first?.message.contains("no 'bmi' could pass") == true)
        let cap = checker.check(
            "bmi_min: 10\nbmi_max: 60\nprediction_min: 500\nprediction_max: 400\n", file: "parameters.yaml")
        #expect(cap.diagnostics.map(\.id) == ["params.bounds-order"])
        #expect(cap.diagnostics.first?.location?.line == 3)
        let fine = checker.check(
            "bmi_min: 60\nbmi_max: 60\nprediction_min: 0\nprediction_max: 400\n", file: "parameters.yaml")
        #expect(fine.diagnostics.isEmpty)
    }
}
