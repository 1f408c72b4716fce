import Foundation
import NBCore
import Testing

@testable import PMMLReader

/// Helpers shared by the PMMLReader tests: inline documents, position markers and diagnostic lookups.
enum PMMLTestSupport {
    /// The marker placed in front of the element a diagnostic must point at; removed before parsing.
    static let marker = "@@"

    /// The document without its marker, and the 1-based line and column where the marker was.
    static func marked(_ text: String) -> (text: String, line: Int, column: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if let range = line.range(of: marker) {
                let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                return (text.replacingOccurrences(of: marker, with: ""), index + 1, column)
            }
        }
        Issue.record("the test document has no \(marker) marker")
        return (text, 0, 0)
    }

    /// Reads a document given as text.
    static func read(_ text: String, file: String = "model.pmml") throws(DiagnosticError) -> ImportedModel {
        try PMMLReader.read(data: Data(text.utf8), file: file)
    }

    /// The diagnostics reading `text` throws; records an issue if it does not throw.
    static func errors(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
        do {
            let model = try read(text)
            Issue.record(
                "expected the document to be refused, but it imported: \(model.model.familyName)",
                sourceLocation: sourceLocation)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Asserts that reading `text` fails with `id` at the marked line, and returns that diagnostic.
    @discardableResult
    static func expectError(
        _ id: String, in markedText: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Diagnostic? {
        let (text, line, _) = marked(markedText)
        let diagnostics = errors(text, sourceLocation: sourceLocation)
        let match = diagnostics.first { $0.id == id && $0.severity == .error }
        #expect(match != nil, "no \(id) among: \(diagnostics.map(\.description))", sourceLocation: sourceLocation)
        #expect(
            match?.location?.line == line, "\(id) at the wrong line: \(match?.description ?? "")",
            sourceLocation: sourceLocation)
        #expect(match?.location?.file == "model.pmml", sourceLocation: sourceLocation)
        return match
    }

    /// A complete PMML 4.4 document around a DataDictionary body and a model element.
    static func document(fields: String, model: String, extra: String = "", version: String = "4.4") -> String {
        let namespace = "http://www.dmg.org/PMML-" + version.replacingOccurrences(of: ".", with: "_")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <PMML xmlns="\(namespace)" version="\(version)">
            <Header description="test model"><Application name="nbship-tests" version="1.0"/></Header>
            <DataDictionary>
            \(fields)
            </DataDictionary>
            \(extra)
            \(model)
            </PMML>
            """
    }

    /// Two continuous inputs `x1`, `x2` and a continuous target `y`.
    static let numericFields = """
        <DataField name="x1" optype="continuous" dataType="double"/>
        <DataField name="x2" optype="continuous" dataType="double"/>
        <DataField name="y" optype="continuous" dataType="double"/>
        """

    /// The MiningSchema for `numericFields`.
    static let numericSchema = """
        <MiningSchema>
        <MiningField name="x1"/>
        <MiningField name="x2"/>
        <MiningField name="y" usageType="target"/>
        </MiningSchema>
        """

    /// A linear regression `y = 1 + 2 x1 + 3 x2` with `body` inserted before the RegressionTable.
    static func linearRegression(body: String = "", table: String? = nil) -> String {
        document(
            fields: numericFields,
            model: """
                <RegressionModel functionName="regression">
                \(numericSchema)
                \(body)
                \(table ?? """
                <RegressionTable intercept="1">
                <NumericPredictor name="x1" coefficient="2"/>
                <NumericPredictor name="x2" coefficient="3"/>
                </RegressionTable>
                """)
                </RegressionModel>
                """)
    }

    /// The linear model of an imported model; records an issue and returns an empty model for another family.
    static func linear(
        _ model: ImportedModel, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> LinearModelSpec {
        if case .linear(let spec) = model.model { return spec }
        Issue.record("expected a linear model, got \(model.model.familyName)", sourceLocation: sourceLocation)
        return LinearModelSpec(function: .regression, normalization: .none, equations: [], sourceElement: "")
    }
}
