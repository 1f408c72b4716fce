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

    /// Why a decimal numeral cannot be read as a Double without changing its magnitude: it overflows to infinity
    /// (`1e400`) or underflows to zero (`1e-400`). Nil when `value` is a faithful reading of `text` (the nearest
    /// double, as every decimal is read).
    public static func outOfRange(_ text: String, as value: Double) -> String? {
        if value.isInfinite {
            return "`\(text)` is beyond the largest 64-bit float (about 1.8e308) and would become infinity"
        }
        if value == 0 {
            // The significand's digits: a nonzero one means a nonzero number that rounded to zero.
            let significand = text.prefix { $0 != "e" && $0 != "E" }
            if significand.contains(where: { $0 >= "1" && $0 <= "9" }) {
                return "`\(text)` is smaller than the smallest 64-bit float (about 4.9e-324) and would become 0"
            }
        }
        return nil
    }
}
