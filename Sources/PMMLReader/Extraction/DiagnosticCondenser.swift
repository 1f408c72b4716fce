import NBCore

/// Puts diagnostics in file order and folds repetitions, so a model with 500 DerivedFields calling the same
/// unsupported function reports it once, with the other places as a note.
enum DiagnosticCondenser {
    /// At most this many further lines are listed in the note of a folded diagnostic.
    static let listedLines = 10

    static func condense(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let sorted = diagnostics.enumerated().sorted { lhs, rhs in
            let left = lhs.element.location?.line ?? 0
            let right = rhs.element.location?.line ?? 0
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        var result: [Diagnostic] = []
        var repeats: [Int: [Int]] = [:]  // index in result -> lines of the folded repetitions
        var firstIndex: [String: Int] = [:]
        for diagnostic in sorted {
            let key = "\(diagnostic.severity.rawValue)|\(diagnostic.id)|\(diagnostic.message)"
            if let index = firstIndex[key] {
                repeats[index, default: []].append(diagnostic.location?.line ?? 0)
                continue
            }
            firstIndex[key] = result.count
            result.append(diagnostic)
        }
        for (index, lines) in repeats {
            let shown = lines.prefix(listedLines).map(String.init).joined(separator: ", ")
            let more = lines.count > listedLines ? ", …" : ""
            result[index].notes.append(
                Diagnostic.Note(
                    "the same problem occurs \(lines.count) more time\(lines.count == 1 ? "" : "s"), "
                        + "at line\(lines.count == 1 ? "" : "s") \(shown)\(more)"))
        }
        return result
    }
}
