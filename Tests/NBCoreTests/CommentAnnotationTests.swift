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

    @Test(
        "Package names are sanitised",
        arguments: [("Breast Cancer Risk", "breast-cancer-risk"), ("__x__1", "x-1"), ("123", "")])
    func packageNames(_ raw: String, _ expected: String) {
        #expect(PackageName.sanitize(raw) == expected)
    }
}
