import NBRuntime

/// How values of each `FieldType` are converted and compared, as PMML (and JPMML-Evaluator) define it: NBRuntime's
/// `Fn`, the functions generated packages run.
///
/// Numbers are carried as `Double`; a `float` value is a Double that holds a float32 exactly. A value converted to
/// `float` is read as a double first and then rounded to float32, as numpy's `astype(float32)` does before
/// scikit-learn, XGBoost or LightGBM see it; a model file's constant compared with a `float` field is read as
/// float32 directly from its text, as the producer wrote it (the shortest text of a float32). Logical functions give 1 and 0; a value of the `boolean`
/// type is the text `true` or `false`.
public enum ValueSemantics {
    /// The value converted to `type`: float32 rounding for `float`, text for `string`, `true`/`false` for
    /// `boolean`.
    /// Text that is not a number stays text for the numeric types (an invalid value treated "as is").
    public static func cast(_ value: FieldValue, to type: FieldType) -> FieldValue {
        FieldValue(Fn.cast(value.runtime, type.kind))
    }

    /// A number as PMML text: integral values without a fraction (`4`), others in shortest round-trip form.
    public static func text(of x: Double) -> String { Fn.text(of: x) }

    /// `true`/`false` (any case) or a number (non-zero is true).
    public static func boolean(_ text: String) -> Bool? { Fn.boolean(text) }

    /// Compares a value of a field of `type` with a constant written as text: negative, zero or positive, or nil
    /// when they cannot be compared (missing, or text against a number).
    public static func compare(_ value: FieldValue, _ constant: String, type: FieldType) -> Int? {
        Fn.compare(value.runtime, constant, type.kind)
    }

    /// Whether a value equals a constant; false when they cannot be compared.
    public static func equals(_ value: FieldValue, _ constant: String, type: FieldType) -> Bool {
        Fn.equals(value.runtime, constant, type.kind)
    }

    /// Compares two values: numbers numerically, text as text (a number against text compares the number's
    /// text). nil when either is missing.
    public static func compare(_ lhs: FieldValue, _ rhs: FieldValue) -> Int? {
        Fn.compare(lhs.runtime, rhs.runtime)
    }
}
