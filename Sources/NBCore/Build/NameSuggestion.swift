/// "Did you mean" suggestions by edit distance.
public enum NameSuggestion {
    /// The most work one suggestion may take, in edit-distance cells (about a millisecond): enough for hundreds of
    /// long names, and what keeps thousands of unknown names among thousands of long fields from taking minutes.
    public static let maximumWork = 1_000_000

    /// The candidate closest to `name` (case-insensitive Levenshtein distance), if it is close enough to be a
    /// plausible typo: at most a third of the name's length, and at least 1 for short names. Among equally close
    /// candidates the first wins.
    ///
    /// Candidates whose length alone puts them out of reach are skipped, and a distance is only computed as far as
    /// it could still win. When that would take more than ``maximumWork`` (a very long name, or a very long list),
    /// there is no suggestion.
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased())
        let limit = max(1, target.count / 3)
        var best: (name: String, distance: Int)?
        var work = 0
        for candidate in candidates {
            // Only a distance within the limit is suggested, and a later candidate must be strictly closer.
            let bound = min(limit, (best?.distance ?? Int.max) - 1)
            if bound < 0 { break }
            let other = Array(candidate.lowercased())
            work += other.count
            guard abs(other.count - target.count) <= bound else { continue }
            work += target.count * (2 * bound + 1)
            if work > maximumWork { return nil }
            if let distance = editDistance(target, other, atMost: bound) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        return best.distance > 0 || best.name != name ? best.name : nil
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

    /// The distance between `a` and `b` when it is at most `bound`, else nil, in `a.count * (2 * bound + 1)` steps
    /// at most: only alignments that stay within `bound` of the diagonal are followed, and the computation stops
    /// as soon as none of them can stay within `bound`.
    public static func editDistance(_ a: [Character], _ b: [Character], atMost bound: Int) -> Int? {
        guard bound >= 0, abs(a.count - b.count) <= bound else { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        // A cell (i, j) with |i - j| > bound holds more than bound; every such value is kept as `outside`.
        let outside = bound + 1
        var previous2 = [Int](repeating: outside, count: b.count + 1)
        var previous = [Int](repeating: outside, count: b.count + 1)
        for j in 0...min(b.count, bound) { previous[j] = j }
        var current = [Int](repeating: outside, count: b.count + 1)
        var previousMinimum = 0
        for i in 1...a.count {
            let low = max(1, i - bound)
            let high = min(b.count, i + bound)
            // The cells next to the band, which this row's and the next rows' cells read.
            current[low - 1] = low == 1 && i <= bound ? i : outside
            if high < b.count { current[high + 1] = outside }
            var rowMinimum = current[low - 1]
            for j in low...high {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, previous2[j - 2] + 1)
                }
                current[j] = min(best, outside)
                rowMinimum = min(rowMinimum, current[j])
            }
            // Every later cell builds on this row or (by a transposition) on the one before, plus a cost.
            if rowMinimum > bound && previousMinimum > bound { return nil }
            previousMinimum = rowMinimum
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count] <= bound ? previous[b.count] : nil
    }

    /// The edit distance between two strings, by characters.
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int { editDistance(Array(lhs), Array(rhs)) }

    /// A help line `did you mean 'x'?` when a suggestion exists.
    public static func help(for name: String, in candidates: some Sequence<String>) -> [String] {
        closest(to: name, in: candidates).map { ["did you mean '\($0)'?"] } ?? []
    }
}
