import Foundation
import NBRuntime

/// The reference evaluator's link functions: NBRuntime's `Link`, the very code every generated package carries
/// (`Sources/NBRuntime/Link.swift`, copied byte for byte), so the evaluator and generated code agree by
/// construction.
public enum LinkFunctions {
    /// Logistic function without overflow: `1 / (1 + exp(-y))` for y >= 0, `exp(y) / (1 + exp(y))` otherwise.
    public static func logistic(_ y: Double) -> Double { Link.logistic(y) }

    /// The inverse link of a binary or regression normalisation.
    public static func inverseLink(_ method: Normalization, _ y: Double) -> Double {
        switch method {
        case .none, .softmax, .simplemax, .identity, .onnxSoftmax, .onnxSoftmaxL1: y
        case .onnxLogistic, .onnxLogisticL1: Double(Link.onnxLogistic(Float(y)))
        case .logit: Link.logistic(y)
        case .sigmoid: Link.sigmoid(y)
        case .xgboostSigmoid: Link.xgboostSigmoid(y)
        case .probit: Link.probit(y)
        case .cloglog: Link.cloglog(y)
        case .loglog: Link.loglog(y)
        case .cauchit: Link.cauchit(y)
        case .exp: exp(y)
        // The parameter is the model's (`powerLink`); without one this is the identity.
        case .power: y
        }
    }

    /// The inverse of the power link with parameter `p`, as JPMML-Evaluator computes it: `pow(y, 1 / p)`, or
    /// `exp(y)` for `p = 0`.
    public static func powerLink(_ y: Double, _ p: Double) -> Double {
        p != 0 ? Foundation.pow(y, 1 / p) : Foundation.exp(y)
    }

    /// Softmax without overflow: subtracts the largest score first.
    public static func softmax(_ scores: [Double]) -> [Double] { Link.softmax(scores) }

    /// Probabilities from per-class linear scores, as PMML RegressionModel classification defines them.
    public static func classProbabilities(_ method: Normalization, _ scores: [Double]) -> [Double] {
        switch method {
        case .softmax:
            return Link.softmax(scores)
        case .simplemax:
            return Link.simplemax(scores)
        default:
            if scores.count == 2 {
                let first = inverseLink(method, scores[0])
                return [first, 1 - first]
            }
            return scores.map { inverseLink(method, $0) }
        }
    }

    /// Index of the largest probability; the first in class order wins a tie.
    public static func argmax(_ values: [Double]) -> Int { Link.argmax(values) }
}
