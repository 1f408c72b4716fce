// The nbship runtime: numeric building blocks shared by nbship's reference evaluator and every package it
// generates. This file is nbship's own Sources/NBRuntime/Link.swift, compiled and tested with nbship, and copied
// into generated packages byte for byte: do not edit it in a generated package.
import Foundation

/// Numeric building blocks, written to avoid overflow at extreme inputs.
package enum Link {
    /// `1 / (1 + exp(-y))`, computed without overflow for any finite `y`.
    package static func logistic(_ y: Double) -> Double {
        if y >= 0 { return 1 / (1 + exp(-y)) }
        let e = exp(y)
        return e / (1 + e)
    }

    /// `1 / (1 + exp(-y))` as written, for every `y` (LightGBM's sigmoid): `exp` overflows to infinity for
    /// `y < -709` and the result is then 0, as in LightGBM.
    package static func sigmoid(_ y: Double) -> Double { 1 / (1 + exp(-y)) }

    /// XGBoost's sigmoid, `1 / (1 + exp(min(-y, 88.7)))` (XGBoost computes it in float32).
    package static func xgboostSigmoid(_ y: Double) -> Double { 1 / (1 + exp(min(-y, Double(Float(88.7))))) }

    /// XGBoost's sigmoid in float32, as XGBoost computes it.
    package static func xgboostSigmoid(_ y: Float) -> Float { 1 / (exp(min(-y, 88.7)) + 1) }

    /// onnxruntime's logistic in float32: `v = 1 / (1 + expf(-|y|))`, and `1 - v` for negative `y`.
    package static func onnxLogistic(_ y: Float) -> Float {
        let v = 1 / (1 + exp(-abs(y)))
        return y < 0 ? 1 - v : v
    }

    /// onnxruntime's softmax in float32: exps of the scores less the largest, divided by their float32 sum.
    package static func onnxSoftmax(_ scores: [Float]) -> [Float] {
        guard let largest = scores.max() else { return [] }
        let exps = scores.map { exp($0 - largest) }
        var sum: Float = 0
        for value in exps { sum += value }
        return exps.map { $0 / sum }
    }

    /// onnxruntime's Normalizer L1 in float32: each value divided by the float32 sum of the absolute values, added
    /// in order; values as they are when that sum is 0.
    package static func onnxL1(_ values: [Float]) -> [Float] {
        var sum: Float = 0
        for value in values { sum += abs(value) }
        return sum == 0 ? values : values.map { $0 / sum }
    }

    /// Standard normal distribution function.
    package static func probit(_ y: Double) -> Double { 0.5 * erfc(-y / 2.0.squareRoot()) }

    /// Complementary log-log inverse link.
    package static func cloglog(_ y: Double) -> Double { 1 - exp(-exp(y)) }

    /// Log-log inverse link.
    package static func loglog(_ y: Double) -> Double { exp(-exp(-y)) }

    /// Cauchit inverse link.
    package static func cauchit(_ y: Double) -> Double { 0.5 + atan(y) / Double.pi }

    /// Softmax; subtracts the largest score first so large scores cannot overflow.
    package static func softmax(_ scores: [Double]) -> [Double] {
        guard let largest = scores.max() else { return [] }
        if !largest.isFinite {
            let count = Double(scores.filter { $0 == largest }.count)
            return scores.map { $0 == largest ? 1 / count : 0 }
        }
        let exps = scores.map { exp($0 - largest) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    /// Scores divided by their sum.
    package static func simplemax(_ scores: [Double]) -> [Double] {
        let sum = scores.reduce(0, +)
        return scores.map { $0 / sum }
    }

    /// Index of the largest value; the first wins a tie.
    package static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// Piecewise-linear interpolation through `points` (original, normalized), extrapolating beyond the ends.
    package static func normContinuous(_ x: Double, _ points: [(Double, Double)]) -> Double {
        var segment = 0
        if x > points[points.count - 1].0 {
            segment = points.count - 2
        } else {
            while segment < points.count - 2 && x > points[segment + 1].0 { segment += 1 }
        }
        let (a0, a1) = points[segment]
        let (b0, b1) = points[segment + 1]
        return a1 + (x - a0) / (b0 - a0) * (b1 - a1)
    }
}
