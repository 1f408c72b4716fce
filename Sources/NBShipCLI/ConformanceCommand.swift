import ArgumentParser
import Foundation
import NBCore
import NBShipApp
import NBShipConformance

/// `nbship conformance`: runs the PMML conformance corpus and prints a pass / fail / unsupported table.
struct ConformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conformance",
        abstract: "Check nbship against the PMML conformance corpus.",
        discussion: """
            Converts each case's model.pmml with nbship, scores its input.csv with the reference evaluator and \
            (unless --no-compile) with the generated code, built for all cases at once in one temporary \
            package, and compares the results with expected.csv at the corpus tolerance.
            The table ends with the line `N passed, N failed, N unsupported`; timings go to standard error.
            Exit status: 0 no core or quirks case fails (single-evaluator and disputed cases are reported, not \
            fatal); 1 such a case fails; 64 bad usage (e.g. --cases matches nothing); \
            66 the corpus is missing.
            """)

    @Option(name: .long, help: "The corpus folder, holding pmml/index.json.")
    var corpus: String = "../shared/corpus"

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp(
            "Case ids or glob patterns, comma-separated (e.g. 'jpmml-rattle/*,LinearRegression*').",
            valueName: "ids or globs"))
    var cases: [String] = []

    @Flag(
        inversion: .prefixedNo,
        help: "Compile the generated code of all converted cases in one package and score with it too.")
    var compile = true

    @Option(name: .long, help: "How to print the table: text, markdown or json.")
    var format: ConformanceFormat = .text

    @Option(name: .long, help: "Also write the table to this file.")
    var out: String?

    func run() throws {
        let runner = ConformanceRunner(corpus: URL(fileURLWithPath: Self.corpusRoot(corpus)))
        let ids: [String]
        do {
            ids = try runner.caseIDs()
        } catch {
            Self.printError(error.description)
            throw ExitCode(66)
        }
        let selected = CaseSelection.select(ids, patterns: cases)
        guard !selected.isEmpty else {
            Self.printError("--cases \(cases.joined(separator: ",")) matches none of the \(ids.count) corpus cases")
            throw ExitCode(64)
        }
        let report = try runner.run(selected, allIDs: ids, compile: compile) { line in
            FileHandle.standardError.write(Data("nbship conformance: \(line)\n".utf8))
        }
        let table = ConformanceTable.render(report, format: format, corpus: corpus)
        print(table, terminator: "")
        if let out {
            do {
                try Data(table.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                Self.printError("cannot write '\(out)': \(error.localizedDescription)")
                throw ExitCode(73)
            }
        }
        if !report.succeeded { throw ExitCode(1) }
    }

    /// Accepts the corpus folder or its `pmml` folder.
    static func corpusRoot(_ path: String) -> String {
        let pmmlIndex = (path as NSString).appendingPathComponent("index.json")
        if !FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("pmml/index.json")),
            FileManager.default.fileExists(atPath: pmmlIndex)
        {
            return (path as NSString).deletingLastPathComponent
        }
        return path
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("nbship conformance: error: \(message)\n".utf8))
    }
}

extension ConformanceFormat: ExpressibleByArgument {}
