import Foundation
import NBCore
import Testing

@testable import PMMLReader

/// Numbers in model files are read exactly (the nearest double, sign and subnormals kept) or refused: never
/// silently turned into infinity or zero.
@Suite("PMML numbers")
struct PMMLNumberTests {
    @Test("Extremes that a double holds are kept exactly")
    func kept() throws {
        #expect(PMMLNumber.parse("5e-324") == Double.leastNonzeroMagnitude)
        #expect(PMMLNumber.parse("4.9406564584124654E-324")?.isSubnormal == true)
        let negativeZero = try #require(PMMLNumber.parse("-0.0"))
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
        #expect(PMMLNumber.parse("1.7976931348623157E308") == .greatestFiniteMagnitude)
        #expect(PMMLNumber.parse("INF") == .infinity)
        #expect(PMMLNumber.parse("NaN")?.isNaN == true)
        #expect(PMMLNumber.parse("9007199254740993") == 9_007_199_254_740_992, "the nearest double, as every reader")
    }

    @Test("Surrounding ASCII whitespace is trimmed, nothing else; other characters are refused")
    func whitespace() {
        #expect(PMMLNumber.parse(" 1.5\r\n") == 1.5)
        #expect(PMMLNumber.parse("\t-2E3 ") == -2000)
        #expect(PMMLNumber.parse("   ") == nil)
        #expect(PMMLNumber.parse("1.5\u{A0}") == nil, "a no-break space is not PMML whitespace")
        #expect(PMMLNumber.parse("0x1p3") == nil)
        #expect(PMMLNumber.parse("1,5") == nil)
        #expect(" é x\n".trimmingASCIIWhitespace() == "é x")
        #expect("\r\n".trimmingASCIIWhitespace() == "")
        #expect("value".trimmingASCIIWhitespace() == "value")
    }

    @Test(
        "Overflow and underflow are refused, naming the attribute and the value",
        arguments: ["1e400", "-1E999", "1e-400"])
    func refused(_ text: String) throws {
        #expect(PMMLNumber.parse(text) == nil)
        let pmml = """
            <PMML xmlns="http://www.dmg.org/PMML-4_4" version="4.4">
              <DataDictionary>
                <DataField name="x" optype="continuous" dataType="double"/>
                <DataField name="y" optype="continuous" dataType="double"/>
              </DataDictionary>
              <RegressionModel functionName="regression">
                <MiningSchema><MiningField name="x"/><MiningField name="y" usageType="target"/></MiningSchema>
                <RegressionTable intercept="0"><NumericPredictor name="x" coefficient="\(text)"/></RegressionTable>
              </RegressionModel>
            </PMML>
            """
        #expect {
            try PMMLReader.read(data: Data(pmml.utf8), file: "m.pmml")
        } throws: { error in
            let diagnostic = (error as? DiagnosticError)?.diagnostics.first { $0.id == PMMLDiagnosticID.badNumber }
            return diagnostic?.location?.line == 8 && diagnostic?.message.contains("`\(text)` is") == true
        }
    }
}
