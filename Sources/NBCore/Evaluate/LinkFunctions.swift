import Foundation

/// The numeric building blocks shared by the reference evaluator and, as text, by generated code. Each
/// function is written once here in the form the generated code uses, so both agree to the last bit.
public enum LinkFunctions {
    /// Logistic function without overflow: `1 / (1 + exp(-y))` for y >= 0, `exp(y) / (1 + exp(y))` otherwise.
    public static func logistic(_ y: Double) -> Double {
        if y >= 0 { return 1 / (1 + exp(-y)) }
        let e = exp(y)
        return e / (1 + e)
    }

    /// The inverse link of a binary or regression normalisation.
    public static func inverseLink(_ method: Normalization, _ y: Double) -> Double {
        switch method {
        case .none, .softmax, .simplemax: y
        case .logit: logistic(y)
        case .probit: 0.5 * erfc(-y / 2.0.squareRoot())
        case .cloglog: 1 - exp(-exp(y))
        case .loglog: exp(-exp(-y))
        case .cauchit: 0.5 + atan(y) / Double.pi
        case .exp: exp(y)
        }
    }

    /// Softmax without overflow: subtracts the largest score first.
    public static func softmax(_ scores: [Double]) -> [Double] {
        guard let largest = scores.max() else { return [] }
        if !largest.isFinite {
            return scores.map { $0 == largest ? 1 / Double(scores.filter { $0 == largest }.count) : 0 }
        }
        let exps = scores.map { exp($0 - largest) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }

    /// Probabilities from per-class linear scores, as PMML RegressionModel classification defines them.
    public static func classProbabilities(_ method: Normalization, _ scores: [Double]) -> [Double] {
        switch method {
        case .softmax:
            return softmax(scores)
        case .simplemax:
            let sum = scores.reduce(0, +)
            return scores.map { $0 / sum }
        default:
            if scores.count == 2 {
                let first = inverseLink(method, scores[0])
                return [first, 1 - first]
            }
            return scores.map { inverseLink(method, $0) }
        }
    }

    /// Index of the largest probability; the first in class order wins a tie.
    public static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }
}
