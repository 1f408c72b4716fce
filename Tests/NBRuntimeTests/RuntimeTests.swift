import Testing

@testable import NBRuntime

/// nbship's runtime, tested where it is written: the files generated packages carry byte for byte.
@Suite("Runtime primitives")
struct RuntimeTests {
    @Test("Link functions stay finite and exact at extreme scores")
    func links() {
        #expect(Link.logistic(0) == 0.5)
        #expect(Link.logistic(-800) >= 0 && Link.logistic(-800) < 1e-300)
        #expect(Link.logistic(800) == 1)
        #expect(Link.probit(0) == 0.5)
        #expect(abs(Link.cauchit(1) - 0.75) < 1e-15)
        #expect(Link.softmax([1000, 1000]) == [0.5, 0.5])
        #expect(Link.softmax([.infinity, 1, .infinity]) == [0.5, 0, 0.5])
        #expect(Link.softmax([]) == [])
        #expect(Link.simplemax([1, 3]) == [0.25, 0.75])
        #expect(Link.argmax([0.2, 0.4, 0.4]) == 1, "the first of equal values wins")
        #expect(Link.normContinuous(5, [(0, 0), (10, 1)]) == 0.5)
        #expect(Link.normContinuous(20, [(0, 0), (10, 1)]) == 2, "extrapolates beyond the last point")
    }

    @Test("A table split that a missing value satisfies (op + 8) takes its child for NaN, whatever the strategy")
    func tableMissingSatisfies() {
        // One tree: the root's children are `x0 is missing or x0 <= 0.5` (op 1 + 8) and `x1 > 2` (op 2), then True.
        for strategy in 0...2 {
            let table = TreeTable(
                trees: "0 1 \(strategy) 0", nodes: "-1 0 0 1 3 -1\n0 9 0.5 4 0 0\n1 2 2 4 0 1\n-1 0 0 4 0 2",
                leaves: "10\n20\n30", labels: [])
            #expect(table.leafValues == [10, 20, 30])
            #expect(table.stop(0, [.nan, 5]) == 1, "missing x0 satisfies the first split")
            #expect(table.stop(0, [0.5, 5]) == 1)
            #expect(table.stop(0, [0.7, 5]) == 2)
            #expect(table.stop(0, [0.7, 1]) == 3)
            // A plain comparison with a missing value follows the tree's strategy: next child, no prediction, or
            // the parent's score.
            #expect(table.stop(0, [0.7, .nan]) == [3, -1, 0][strategy])
        }
    }

    @Test("Three-valued logic as PMML's compound predicates define it")
    func triLogic() {
        #expect(Tri.and([true, nil]) == nil)
        #expect(Tri.and([false, nil]) == false)
        #expect(Tri.or([true, nil]) == true)
        #expect(Tri.or([false, nil]) == nil)
        #expect(Tri.xor([true, false, true]) == false)
        #expect(Tri.xor([true, nil]) == nil)
        #expect(Tri.surrogate([nil, false, true]) == false)
    }

    @Test("Ensemble sums and medians in double, and in float for float32 models")
    func aggregation() {
        #expect(Ensemble.sum([0.1, 0.2], float: false) == 0.1 + 0.2)
        #expect(Ensemble.sum([0.1, 0.2], float: true) == Double(Float(0.1) + Float(0.2)))
        #expect(Ensemble.median([3, 1, 2], float: false) == 2)
        #expect(Ensemble.median([1, 2, 3, 4], float: false) == 2.5)
        #expect(Ensemble.median([], float: false) == nil)
    }
}
