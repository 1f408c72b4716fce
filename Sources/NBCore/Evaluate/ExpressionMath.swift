import NBRuntime

/// PMML built-in functions and NormContinuous: the catalogue nbship supports, computed by NBRuntime's `Fn`.
public enum ExpressionMath {
    /// The functions nbship supports in `Apply`, with their arity (nil = one or more).
    public static let arity: [String: Int?] = [
        "+": 2, "-": 2, "*": 2, "/": 2, "exp": 1, "ln": 1, "log10": 1, "sqrt": 1, "pow": 2, "abs": 1,
        "min": nil, "max": nil, "floor": 1, "ceil": 1, "round": 1, "threshold": 2, "float32": 1,
    ]

    /// Whether `function` is supported and takes `arguments` arguments.
    public static func accepts(_ function: String, arguments: Int) -> Bool {
        guard let expected = arity[function] else { return false }
        if let expected { return arguments == expected }
        return arguments > 0
    }

    /// Piecewise-linear interpolation through sorted points; outside the points per `outliers`.
    public static func normContinuous(_ x: Double, _ points: [NormPoint], _ outliers: OutlierTreatment.Mode) -> Double?
    {
        Fn.normContinuous(.number(x), points.map { ($0.original, $0.normalized) }, outliers.runtime, mapMissingTo: nil)
            .number
    }
}

extension OutlierTreatment.Mode {
    /// The mode as NBRuntime's normalisation takes it.
    var runtime: Fn.Outliers {
        switch self {
        case .asIs: .asIs
        case .asMissingValues: .asMissingValues
        case .asExtremeValues: .asExtremeValues
        }
    }
}
