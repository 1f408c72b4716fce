import Foundation
import NBCore
import NBShipApp

/// Prints diagnostics to standard error: compiler-style text (colour only on a terminal) or JSON lines.
struct DiagnosticPrinter {
    let format: DiagnosticsFormat
    /// What the closing `N errors; ...` line adds after the count.
    var consequence = "nothing was written."

    func print(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        var text = ""
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for diagnostic in diagnostics {
                if let data = try? encoder.encode(diagnostic) { text += String(decoding: data, as: UTF8.self) + "\n" }
            }
        case .text:
            let colour = isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            for diagnostic in diagnostics { text += render(diagnostic, colour: colour) + "\n" }
            let errors = diagnostics.filter { $0.severity == .error }.count
            if errors > 0 { text += "\(errors) error\(errors == 1 ? "" : "s"); \(consequence)\n" }
        }
        FileHandle.standardError.write(Data(text.utf8))
    }

    func render(_ diagnostic: Diagnostic, colour: Bool) -> String {
        guard colour else { return diagnostic.description }
        let code =
            switch diagnostic.severity {
            case .error: "\u{1B}[1;31m"
            case .warning: "\u{1B}[1;33m"
            case .note: "\u{1B}[1;36m"
            }
        var plain = diagnostic
        plain.notes = []
        plain.help = []
        let first = plain.description.replacingOccurrences(
            of: "\(diagnostic.severity.rawValue):", with: "\(code)\(diagnostic.severity.rawValue):\u{1B}[0m")
        let rest = diagnostic.description.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        return ([first] + rest.map(String.init)).joined(separator: "\n")
    }
}
