/// The one place where floating-point numbers become text: shortest round-trip form.
public enum NumberFormat {
    /// Shortest text that reads back as the same Double: `0.35`, `1e-05`, `-2.5`, `151.0` is `151.0`.
    /// NaN and infinities are `nan`, `inf`, `-inf`.
    public static func shortest(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }

    /// A Swift literal for a Double: always a valid Swift expression (`1.0`, `-0.5`, `1e-05`, `.nan`, `.infinity`).
    public static func swiftLiteral(_ value: Double) -> String {
        if value.isNaN { return "Double.nan" }
        if value.isInfinite { return value < 0 ? "-Double.infinity" : "Double.infinity" }
        return "\(value)"
    }

    /// A JSON number for a finite Double; JSON has no NaN or infinity, those become `null`.
    public static func json(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "null"
    }
}
