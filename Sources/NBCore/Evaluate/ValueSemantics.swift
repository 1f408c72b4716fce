/// How values of each `FieldType` are converted and compared, as PMML (and JPMML-Evaluator) define it.
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
        switch (value, type) {
        case (.missing, _): return .missing
        case (.number(let x), .float): return .number(Double(Float(x)))
        case (.number, .double), (.number, .integer): return value
        case (.number(let x), .string): return .text(text(of: x))
        case (.number(let x), .boolean): return .text(x != 0 ? "true" : "false")
        case (.text(let t), .float): return Double(t).map { .number(Double(Float($0))) } ?? value
        case (.text(let t), .double), (.text(let t), .integer): return Double(t).map(FieldValue.number) ?? value
        case (.text(let t), .boolean): return boolean(t).map { .text($0 ? "true" : "false") } ?? value
        case (.text, .string): return value
        }
    }

    /// A number as PMML text: integral values without a fraction (`4`), others in shortest round-trip form.
    public static func text(of x: Double) -> String {
        if x.isFinite, x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
        return NumberFormat.shortest(x)
    }

    /// `true`/`false` (any case) or a number (non-zero is true).
    public static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: return Double(text).map { $0 != 0 }
        }
    }

    /// Compares a value of a field of `type` with a constant written as text: negative, zero or positive, or nil
    /// when they cannot be compared (missing, or text against a number).
    public static func compare(_ value: FieldValue, _ constant: String, type: FieldType) -> Int? {
        switch value {
        case .missing:
            return nil
        case .number(let x):
            switch type {
            case .float:
                guard let c = Float(constant) else { return nil }
                return order(Float(x), c)
            case .boolean:
                guard let c = boolean(constant) else { return nil }
                return order(x != 0 ? 1 : 0, c ? 1 : 0)
            case .double, .integer, .string:
                guard let c = Double(constant) else { return type == .string ? order(text(of: x), constant) : nil }
                return order(x, c)
            }
        case .text(let t):
            switch type {
            case .string: return order(t, constant)
            case .boolean:
                guard let a = boolean(t), let c = boolean(constant) else { return nil }
                return order(a ? 1 : 0, c ? 1 : 0)
            case .double, .integer, .float:
                // A numeric field holding text (an invalid value kept as is) equals only the same text.
                return t == constant ? 0 : nil
            }
        }
    }

    /// Whether a value equals a constant; false when they cannot be compared.
    public static func equals(_ value: FieldValue, _ constant: String, type: FieldType) -> Bool {
        compare(value, constant, type: type) == 0
    }

    /// Compares two values: numbers numerically, text as text (a number against text compares the number's
    /// text). nil when either is missing.
    public static func compare(_ lhs: FieldValue, _ rhs: FieldValue) -> Int? {
        switch (lhs, rhs) {
        case (.missing, _), (_, .missing): return nil
        case (.number(let a), .number(let b)): return order(a, b)
        case (.text(let a), .text(let b)): return order(a, b)
        case (.number(let a), .text(let b)):
            if let b = Double(b) { return order(a, b) }
            return order(text(of: a), b)
        case (.text(let a), .number(let b)):
            if let a = Double(a) { return order(a, b) }
            return order(a, text(of: b))
        }
    }

    static func order<T: Comparable>(_ a: T, _ b: T) -> Int {
        a < b ? -1 : (a == b ? 0 : 1)
    }
}
