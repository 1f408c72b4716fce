import Foundation
import NBCore
import Testing

@testable import PMMLReader

@Suite("Scorecard")
struct ScorecardTests {
    typealias T = PMMLTestSupport

    static let fields = """
        <DataField name="dept" optype="categorical" dataType="string"/>
        <DataField name="age" optype="continuous" dataType="double"/>
        <DataField name="score" optype="continuous" dataType="double"/>
        """

    /// Two characteristics; `header` goes on the Scorecard element, `outputs` into its Output.
    static func document(
        header: String = "reasonCodeAlgorithm=\"pointsBelow\"", outputs: String = Self.rankedOutputs,
        age: String = Self.ageCharacteristic
    ) -> String {
        T.document(
            fields: fields,
            model: """
                <Scorecard functionName="regression" initialScore="10" \(header)>
                <MiningSchema>
                <MiningField name="dept"/>
                <MiningField name="age"/>
                <MiningField name="score" usageType="target"/>
                </MiningSchema>
                <Output>
                <OutputField name="Final" feature="predictedValue"/>
                \(outputs)
                </Output>
                <Characteristics>
                <Characteristic name="deptScore" reasonCode="D" baselineScore="5">
                <Attribute partialScore="2"><SimplePredicate field="dept" operator="equal" value="sales"/></Attribute>
                <Attribute partialScore="8"><SimplePredicate field="dept" operator="equal" value="research"/></Attribute>
                <Attribute partialScore="0"><True/></Attribute>
                </Characteristic>
                \(age)
                </Characteristics>
                </Scorecard>
                """)
    }

    static let rankedOutputs = """
        <OutputField name="RC1" feature="reasonCode" rank="1"/>
        <OutputField name="RC2" feature="reasonCode" rank="2"/>
        """

    static let ageCharacteristic = """
        <Characteristic name="ageScore" baselineScore="4">
        <Attribute partialScore="1" reasonCode="A_missing"><SimplePredicate field="age" operator="isMissing"/></Attribute>
        <Attribute partialScore="3" reasonCode="A_young"><SimplePredicate field="age" operator="lessThan" value="30"/></Attribute>
        <Attribute reasonCode="A_old"><SimplePredicate field="age" operator="greaterOrEqual" value="30"/>
        <ComplexPartialScore><Apply function="*"><Constant>0.1</Constant><FieldRef field="age"/></Apply></ComplexPartialScore>
        </Attribute>
        </Characteristic>
        """

    static func evaluate(_ text: String, _ row: [String: String]) throws -> EvaluationResult {
        let model = try T.read(text)
        let target = try #require(model.target)
        let evaluator = SpecEvaluator(
            inputs: model.inputs, derivedFields: model.derivedFields, model: model.model, target: target)
        return try evaluator.evaluate(row.mapValues { FieldValue.text($0) })
    }

    @Test("Reads characteristics, attributes, baselines and reason codes (the attribute's over its characteristic's)")
    func reads() throws {
        let model = try T.read(Self.document())
        guard case .scorecard(let card) = model.model else {
            Issue.record("not a scorecard: \(model.model.familyName)")
            return
        }
        #expect(card.initialScore == 10)
        #expect(card.useReasonCodes)
        #expect(card.reasonCodeAlgorithm == .pointsBelow)
        #expect(card.characteristics.map(\.name) == ["deptScore", "ageScore"])
        #expect(card.characteristics.map(\.baselineScore) == [5, 4])
        #expect(card.characteristics[0].attributes.map(\.reasonCode) == ["D", "D", "D"])
        #expect(card.characteristics[1].attributes.map(\.reasonCode) == ["A_missing", "A_young", "A_old"])
        #expect(card.reasonCodes == ["D", "A_missing", "A_young", "A_old"])
        #expect(model.outputs.map(\.kind) == [.predictedValue, .reasonCode(rank: 1), .reasonCode(rank: 2)])
        #expect(model.model.familyName == "scorecard (2 characteristics)")
        #expect(model.diagnostics.filter { $0.severity == .warning }.isEmpty, "\(model.diagnostics)")
    }

    @Test("The score adds the first attribute that holds; reason codes rank points below the baseline")
    func scores() throws {
        // sales: 2 (5 - 2 = 3 points for D); age 20: 3 (4 - 3 = 1 point for A_young).
        var result = try Self.evaluate(Self.document(), ["dept": "sales", "age": "20"])
        #expect(result.prediction == 15)
        #expect(result.reasonCodes == ["D", "A_young"])
        // research: 8 (-3 points, left out); age 50: 0.1 * 50 = 5 (-1, left out).
        result = try Self.evaluate(Self.document(), ["dept": "research", "age": "50"])
        #expect(result.prediction == 10 + 8 + 0.1 * 50)
        #expect(result.reasonCodes == [])
        // Neither department: the True attribute, 0 (5 points); age missing: 1 (3 points). A tie would keep order.
        result = try Self.evaluate(Self.document(), ["dept": "other"])
        #expect(result.prediction == 11)
        #expect(result.reasonCodes == ["D", "A_missing"])
    }

    @Test("pointsAbove measures partial score minus baseline; points of exactly 0 count")
    func pointsAbove() throws {
        let text = Self.document(header: "reasonCodeAlgorithm=\"pointsAbove\"")
        // research: 8 - 5 = 3; age 40: 4 - 4 = 0, kept.
        let result = try Self.evaluate(text, ["dept": "research", "age": "40"])
        #expect(result.prediction == 22)
        #expect(result.reasonCodes == ["D", "A_old"])
    }

    @Test("Ties keep the order in which the codes first got points; codes shared by characteristics add up")
    func ranking() throws {
        let shared = """
            <Characteristic name="ageScore" reasonCode="D" baselineScore="4">
            <Attribute partialScore="3"><True/></Attribute>
            </Characteristic>
            <Characteristic name="ageAgain" reasonCode="E" baselineScore="4">
            <Attribute partialScore="0"><True/></Attribute>
            </Characteristic>
            """
        // D: (5 - 2) + (4 - 3) = 4 and E: 4 - 0 = 4: a tie, D first.
        var result = try Self.evaluate(Self.document(age: shared), ["dept": "sales"])
        #expect(result.reasonCodes == ["D", "E"])
        // D: (5 - 8) + 1 = -2, left out.
        result = try Self.evaluate(Self.document(age: shared), ["dept": "research"])
        #expect(result.reasonCodes == ["E"])
        #expect(result.prediction == 21)
    }

    @Test("No attribute holds, or a partial score is missing: no score")
    func noScore() throws {
        let partial = """
            <Characteristic name="ageScore" reasonCode="A" baselineScore="4">
            <Attribute partialScore="3"><SimplePredicate field="age" operator="lessThan" value="30"/></Attribute>
            </Characteristic>
            """
        // age 50: no attribute; age missing: the predicate is unknown, which is not true.
        #expect(try Self.evaluate(Self.document(age: partial), ["dept": "sales", "age": "50"]).isMissing)
        #expect(try Self.evaluate(Self.document(age: partial), ["dept": "sales"]).isMissing)
        let undefined = """
            <Characteristic name="ageScore" reasonCode="A" baselineScore="4">
            <Attribute><True/><ComplexPartialScore><FieldRef field="age"/></ComplexPartialScore></Attribute>
            </Characteristic>
            """
        #expect(try Self.evaluate(Self.document(age: undefined), ["dept": "sales"]).isMissing)
        #expect(try Self.evaluate(Self.document(age: undefined), ["dept": "sales", "age": "7"]).prediction == 19)
    }

    @Test("Without reason codes neither baselines nor codes are needed, and reason-code outputs are left out")
    func withoutReasonCodes() throws {
        let bare = """
            <Characteristic name="ageScore">
            <Attribute partialScore="3"><True/></Attribute>
            </Characteristic>
            """
        let text = Self.document(header: "useReasonCodes=\"false\"", age: bare)
        let model = try T.read(text)
        #expect(model.outputs.map(\.kind) == [.predictedValue])
        #expect(model.diagnostics.contains { $0.id == PMMLDiagnosticID.unsupportedOutput })
        let result = try Self.evaluate(text, ["dept": "sales"])
        #expect(result.prediction == 15)
        #expect(result.reasonCodes == [])
    }

    @Test("Refusals name the element and how to fix it")
    func refusals() {
        // A reason code nowhere.
        T.expectError(
            PMMLDiagnosticID.missingAttribute,
            in: Self.document(
                age: """
                    <Characteristic name="ageScore" baselineScore="4">
                    @@<Attribute partialScore="3"><True/></Attribute>
                    </Characteristic>
                    """))
        // No baseline on the characteristic or the scorecard.
        T.expectError(
            PMMLDiagnosticID.missingAttribute,
            in: Self.document(
                age: """
                    @@<Characteristic name="ageScore" reasonCode="A">
                    <Attribute partialScore="3"><True/></Attribute>
                    </Characteristic>
                    """))
        // Neither partialScore nor ComplexPartialScore.
        T.expectError(
            PMMLDiagnosticID.missingAttribute,
            in: Self.document(
                age: """
                    <Characteristic name="ageScore" reasonCode="A" baselineScore="1">
                    @@<Attribute><True/></Attribute>
                    </Characteristic>
                    """))
        // A characteristic without attributes.
        T.expectError(
            PMMLDiagnosticID.invalidModel,
            in: Self.document(age: "@@<Characteristic name=\"ageScore\" reasonCode=\"A\" baselineScore=\"1\"/>"))
        // An unknown algorithm.
        let badAlgorithm = Self.document(header: "reasonCodeAlgorithm=\"pointsSideways\"")
        #expect(T.errors(badAlgorithm).contains { $0.id == PMMLDiagnosticID.badAttributeValue })
        // A classification scorecard.
        let classification = Self.document().replacingOccurrences(
            of: "functionName=\"regression\"", with: "functionName=\"classification\"")
        #expect(T.errors(classification).contains { $0.id == PMMLDiagnosticID.unsupportedAttributeValue })
    }

    @Test("A scorecard's baseline may come from the Scorecard element")
    func modelBaseline() throws {
        let text = Self.document(
            header: "baselineScore=\"6\"",
            age: """
                <Characteristic name="ageScore" reasonCode="A">
                <Attribute partialScore="1"><True/></Attribute>
                </Characteristic>
                """)
        // D: 5 - 2 = 3 (its own baseline); A: 6 - 1 = 5 (the scorecard's).
        let result = try Self.evaluate(text, ["dept": "sales"])
        #expect(result.reasonCodes == ["A", "D"])
    }
}
