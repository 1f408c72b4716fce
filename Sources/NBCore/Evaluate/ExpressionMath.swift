import Foundation

/// PMML built-in functions and NormContinuous, as the reference evaluator computes them.
public enum ExpressionMath {
    /// The functions nbship supports in `Apply`, with their arity (nil = one or more).
    public static let arity: [String: Int?] = [
        "+": 2, "-": 2, "*": 2, "/": 2, "exp": 1, "ln": 1, "log10": 1, "sqrt": 1, "pow": 2, "abs": 1,
        "min": nil, "max": nil, "floor": 1, "ceil": 1, "round": 1, "threshold": 2, "float32": 1,
    ]

    /// Applies a built-in function; nil for an unknown function or a wrong argument count.
    public static func apply(_ function: String, _ x: [Double]) -> Double? {
        guard let expected = arity[function] else { return nil }
        if let expected, x.count != expected { return nil }
        if expected == nil, x.isEmpty { return nil }
        switch function {
        case "+": return x[0] + x[1]
        case "-": return x[0] - x[1]
        case "*": return x[0] * x[1]
        case "/": return x[0] / x[1]
        case "exp": return exp(x[0])
        case "ln": return log(x[0])
        case "log10": return log10(x[0])
        case "sqrt": return x[0].squareRoot()
        case "pow": return pow(x[0], x[1])
        case "abs": return abs(x[0])
        case "min": return x.min()
        case "max": return x.max()
        case "floor": return floor(x[0])
        case "ceil": return ceil(x[0])
        case "round": return (x[0] + 0.5).rounded(.down)
        case "threshold": return x[0] > x[1] ? 1 : 0
        case "float32": return Double(Float(x[0]))
        default: return nil
        }
    }

    /// Piecewise-linear interpolation through sorted points; outside the points per `outliers`.
    public static func normContinuous(_ x: Double, _ points: [NormPoint], _ outliers: OutlierTreatment.Mode) -> Double?
    {
        guard points.count >= 2, let first = points.first, let last = points.last else { return nil }
        var segment = 0
        if x < first.original {
            switch outliers {
            case .asMissingValues: return nil
            case .asExtremeValues: return first.normalized
            case .asIs: segment = 0
            }
        } else if x > last.original {
            switch outliers {
            case .asMissingValues: return nil
            case .asExtremeValues: return last.normalized
            case .asIs: segment = points.count - 2
            }
        } else {
            while segment < points.count - 2 && x > points[segment + 1].original { segment += 1 }
        }
        let a = points[segment]
        let b = points[segment + 1]
        return a.normalized + (x - a.original) / (b.original - a.original) * (b.normalized - a.normalized)
    }
}
