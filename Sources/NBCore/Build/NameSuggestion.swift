/// "Did you mean" suggestions by edit distance.
public enum NameSuggestion {
    /// The candidate closest to `name` (case-insensitive Levenshtein distance), if it is close enough to be a
    /// plausible typo: at most a third of the name's length, and at least 1 for short names.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let limit = max(1, target.count / 3)
        return best.1 <= limit && best.1 > 0 || (best.1 == 0 && best.0 != name) ? best.0 : nil
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions each
    /// cost 1, so `treshold`, `paramters` and `exmaples` are all one edit away from what was meant.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, previous2[j - 2] + 1)
                }
                current[j] = best
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// The edit distance between two strings, by characters.
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int { editDistance(Array(lhs), Array(rhs)) }

    /// A help line `did you mean 'x'?` when a suggestion exists.
    public static func help(for name: String, in candidates: some Sequence<String>) -> [String] {
        closest(to: name, in: candidates).map { ["did you mean '\($0)'?"] } ?? []
    }
}
