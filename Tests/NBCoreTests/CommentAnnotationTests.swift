import Testing

@testable import NBCore

@Suite("Trailing-comment syntax")
struct CommentAnnotationTests {
    @Test("Description, range and unit are separated")
    func fullComment() {
        let annotation = CommentAnnotation.parse(" daily cap, range (0, 80], unit: mg")
        #expect(annotation.description == "daily cap")
        #expect(annotation.range == Interval(lower: 0, upper: 80, lowerClosed: false, upperClosed: true))
        #expect(annotation.unit == "mg")
    }

    @Test(
        "Unbounded ranges use inf",
        arguments: [
            ("range [0, inf)", Double?.some(0), Double?.none), ("range (-inf, 5]", Double?.none, Double?.some(5)),
        ])
    func unbounded(_ text: String, _ lower: Double?, _ upper: Double?) {
        let range = CommentAnnotation.parse(text).range
        #expect(range?.lower == lower)
        #expect(range?.upper == upper)
    }

    @Test("A malformed range is reported, not guessed")
    func malformedRange() {
        let annotation = CommentAnnotation.parse("threshold, range [1, 0]")
        #expect(annotation.range == nil)
        #expect(annotation.malformedRange == "range [1, 0]")
    }

    @Test("Directives and allowed values")
    func directives() {
        #expect(CommentAnnotation.parse("nbship: mean").directive == "mean")
        #expect(CommentAnnotation.parse("region, one of {north, south}").allowedValues == ["north", "south"])
    }

    @Test("Commas inside brackets do not split clauses")
    func bracketCommas() {
        #expect(CommentAnnotation.splitClauses("a, range [0, 1], b") == ["a", "range [0, 1]", "b"])
    }
}

@Suite("Names and suggestions")
struct NameSuggestionTests {
    @Test("A close misspelling is suggested")
    func suggestion() {
        #expect(NameSuggestion.closest(to: "treshold", in: ["threshold", "positive_class"]) == "threshold")
        #expect(NameSuggestion.closest(to: "zzz", in: ["threshold"]) == nil)
    }

    @Test("The closest name wins, the first among equals; the name itself is never suggested")
    func closestRules() {
        #expect(NameSuggestion.closest(to: "bmi_mn", in: ["bmi_max", "bmi_min", "bmi_mi"]) == "bmi_min")
        #expect(NameSuggestion.closest(to: "bmi_mx", in: ["bmi_min", "bmi_max"]) == "bmi_max")
        #expect(NameSuggestion.closest(to: "alpha", in: ["alpha", "alpah"]) == nil)
        #expect(NameSuggestion.closest(to: "alpha", in: ["Alpha", "alpha"]) == "Alpha")
        #expect(NameSuggestion.closest(to: "ALPHA", in: ["alpha"]) == "alpha")
        #expect(NameSuggestion.closest(to: "ab", in: ["xy", "", "a"]) == "a")
    }

    @Test("A suggestion that would take more than the work limit is not made")
    func workLimit() {
        let long = String(repeating: "a", count: 5000)
        #expect(NameSuggestion.closest(to: long, in: [String(long.dropLast())]) == nil)
        #expect(NameSuggestion.closest(to: "alpah", in: Array(repeating: "x", count: 10000) + ["alpha"]) == "alpha")
    }

    @Test("A bounded edit distance is the full one when within the bound, and nil beyond it")
    func boundedDistance() {
        let words = ["", "a", "ab", "ba", "abc", "acb", "kitten", "sitting", "threshold", "treshold", "thresholds"]
        for a in words {
            for b in words {
                let full = NameSuggestion.editDistance(a, b)
                for bound in 0...6 {
                    let bounded = NameSuggestion.editDistance(Array(a), Array(b), atMost: bound)
                    #expect(bounded == (full <= bound ? full : nil), "\(a) \(b) \(bound)")
                }
            }
        }
    }

    @Test(
        "Package names are sanitised",
        arguments: [("Breast Cancer Risk", "breast-cancer-risk"), ("__x__1", "x-1"), ("123", "")])
    func packageNames(_ raw: String, _ expected: String) {
        #expect(PackageName.sanitize(raw) == expected)
    }
}
