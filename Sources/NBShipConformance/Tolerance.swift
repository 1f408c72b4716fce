/// How a result is compared with an expected value (corpus README, "Tolerances").
public enum Tolerance: Sendable, Hashable, CustomStringConvertible {
    /// JPMML's `PMMLEquivalence`: both within `±zeroThreshold` of 0, or `actual` in `[e·(1−p), e·(1+p)]`
    /// (bounds swapped for negative `e`).
    case relative(precision: Double, zeroThreshold: Double)
    /// JPMML's `FloatEquivalence`: both cast to float32; equal, or `|a−e| ≤ ulps·ulp(e)`.
    case floatULPs(Int)
    /// cPMML's own test: string equality, or relative error below `relative` for numbers.
    case cpmml(relative: Double)

    /// The unit errors are measured in under this tolerance.
    public var unit: ErrorUnit {
        if case .floatULPs = self { return .ulps }
        return .relative
    }

    public var description: String {
        switch self {
        case .relative(let precision, let zero):
            precision == zero ? "relative \(precision)" : "relative \(precision), zero \(zero)"
        case .floatULPs(let ulps): "\(ulps) float32 ULPs"
        case .cpmml(let relative): "cPMML relative \(relative)"
        }
    }
}

/// What an error is measured in: relative error `|a−e|/|e|`, or float32 units in the last place of `e`.
public enum ErrorUnit: String, Sendable, Hashable, Codable {
    case relative, ulps
}

/// One result of a model for one row, as compared with an expected cell.
public enum ResultValue: Sendable, Hashable {
    case number(Double)
    case text(String)
    case missing
}

/// The verdict on one expected cell.
public enum CellCheck: Sendable, Hashable {
    /// The expected cell is not asserted (the case's `unasserted_marker`).
    case skipped
    /// Within tolerance; `error` is in the tolerance's unit (0 for equal values and texts).
    case match(error: Double)
    /// Outside tolerance; `error` is nil when there is no numeric distance (texts, missing values).
    case mismatch(error: Double?)

    public var isMismatch: Bool {
        if case .mismatch = self { return true }
        return false
    }
}

/// Compares one expected cell with one result, exactly as the corpus README defines it.
public struct ValueComparator: Sendable {
    public var tolerance: Tolerance
    public var missingMarkers: Set<String>
    public var unassertedMarker: String?

    public init(tolerance: Tolerance, missingMarkers: Set<String>, unassertedMarker: String? = nil) {
        self.tolerance = tolerance
        self.missingMarkers = missingMarkers
        self.unassertedMarker = unassertedMarker
    }

    public func check(expected: String, actual: ResultValue) -> CellCheck {
        if let unassertedMarker, expected == unassertedMarker { return .skipped }
        if missingMarkers.contains(expected) { return actual == .missing ? .match(error: 0) : .mismatch(error: nil) }
        switch actual {
        case .missing:
            return .mismatch(error: nil)
        case .text(let text):
            return Self.sameText(expected, text) ? .match(error: 0) : .mismatch(error: nil)
        case .number(let number):
            guard let wanted = Double(expected) else { return .mismatch(error: nil) }
            return compare(number, wanted)
        }
    }

    /// Non-numbers are equal after parsing the expected text to the result's type: `"1"` equals `1.0`,
    /// booleans compare case-insensitively.
    package static func sameText(_ expected: String, _ actual: String) -> Bool {
        if expected == actual { return true }
        if let e = Double(expected), let a = Double(actual) { return e == a }
        let booleans: Set<String> = ["true", "false"]
        let (e, a) = (expected.lowercased(), actual.lowercased())
        return booleans.contains(e) && e == a
    }

    /// Compares two numbers under the tolerance.
    public func compare(_ actual: Double, _ expected: Double) -> CellCheck {
        if actual == expected || (actual.isNaN && expected.isNaN) { return .match(error: 0) }
        switch tolerance {
        case .relative(let precision, let zeroThreshold):
            if abs(actual) <= zeroThreshold && abs(expected) <= zeroThreshold { return .match(error: 0) }
            let error = Self.relativeError(actual, expected)
            var (low, high) = (expected * (1 - precision), expected * (1 + precision))
            if expected < 0 { swap(&low, &high) }
            return actual >= low && actual <= high ? .match(error: error) : .mismatch(error: error)
        case .floatULPs(let ulps):
            let (a, e) = (Float(actual), Float(expected))
            if a == e { return .match(error: 0) }
            let error = abs(Double(a) - Double(e)) / Double(e.ulp)
            return error <= Double(ulps) ? .match(error: error) : .mismatch(error: error.isNaN ? nil : error)
        case .cpmml(let relative):
            let error = Self.relativeError(actual, expected)
            return error < relative ? .match(error: error) : .mismatch(error: error)
        }
    }

    /// `|a−e|/|e|`; infinite when `e` is 0 and `a` is not.
    package static func relativeError(_ actual: Double, _ expected: Double) -> Double {
        if actual == expected { return 0 }
        if expected == 0 { return .infinity }
        let error = abs(actual - expected) / abs(expected)
        return error.isNaN ? .infinity : error
    }
}
