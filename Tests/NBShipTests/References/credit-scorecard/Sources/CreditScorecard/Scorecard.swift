// The nbship runtime's scorecard reason codes, shipped in the packages of scorecards with reason codes. This file is
// nbship's own Sources/NBRuntime/Scorecard.swift, compiled and tested with nbship, and copied into generated packages
// byte for byte: do not edit it in a generated package.

/// A scorecard's reason codes, as PMML 4.4 and JPMML-Evaluator rank them: each characteristic adds its points
/// (how far its partial score is from its baseline) to its reason code; the codes whose points are 0 or more are
/// ranked by points, most first, a tie keeping the order in which the codes first got points.
package struct ReasonCodePoints: Sendable {
    private var codes: [String] = []
    private var points: [Double] = []

    package init() {}

    /// Adds one characteristic's points to a reason code.
    package mutating func add(_ code: String, _ value: Double) {
        if let index = codes.firstIndex(of: code) {
            points[index] += value
        } else {
            codes.append(code)
            points.append(value)
        }
    }

    /// The reason codes with points of 0 or more, most points first.
    package var ranked: [String] {
        let kept = codes.indices.filter { points[$0] >= 0 }
        let order = kept.enumerated().sorted { a, b in
            points[a.element] != points[b.element] ? points[a.element] > points[b.element] : a.offset < b.offset
        }
        return order.map { codes[$0.element] }
    }
}
