/// The one rule for guard rails and prediction caps: a minimum above its maximum lets nothing pass. Checked when a
/// spec is built (`spec.bounds-order`), when a parameters file is edited (`params.bounds-order`), and when a spec is
/// decoded; each context words its own diagnostic, the rule is this one.
public enum BoundsRule {
    public struct Inverted: Sendable, Hashable {
        public var lower: ParameterSpec
        public var upper: ParameterSpec
        public var low: Double
        public var high: Double
        /// `'age'`, or `the prediction` for a prediction floor and cap.
        public var what: String { lower.feature.map { "'\($0)'" } ?? "the prediction" }
    }

    /// Every minimum above its maximum among `parameters`, with the values `value` gives (the parameters' own by
    /// default; an edited file's when checking one), in declaration order.
    public static func inverted(
        _ parameters: [ParameterSpec], value: (ParameterSpec) -> ParameterValue? = { $0.value }
    ) -> [Inverted] {
        var found: [Inverted] = []
        for lower in parameters where lower.role == .inputMinimum || lower.role == .predictionMinimum {
            let upperRole: ParameterRole = lower.role == .inputMinimum ? .inputMaximum : .predictionMaximum
            guard let upper = parameters.first(where: { $0.role == upperRole && $0.feature == lower.feature }),
                let low = value(lower)?.number, let high = value(upper)?.number, low > high
            else { continue }
            found.append(Inverted(lower: lower, upper: upper, low: low, high: high))
        }
        return found
    }
}
