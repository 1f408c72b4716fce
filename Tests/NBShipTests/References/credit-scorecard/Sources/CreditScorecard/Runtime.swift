// The nbship runtime: the building blocks of trees and ensembles, shared by every package nbship generates for a
// tree-based model. This file is nbship's own Sources/NBRuntime/Runtime.swift, compiled and tested with nbship,
// and copied into generated packages byte for byte: do not edit it in a generated package.
import Foundation

// As PMML 4.4 and JPMML-Evaluator define them; the model's own logic is in Model.swift and Trees*.swift.

/// A value inside the model: a number, a text, or missing.
package enum Value: Sendable, Hashable {
    case number(Double)
    case text(String)
    case missing

    init(_ number: Double?) { self = number.map(Value.number) ?? .missing }
    init(_ text: String?) { self = text.map(Value.text) ?? .missing }

    package var isMissing: Bool { self == .missing }

    /// The value as a number: a number, or text that reads as one.
    package var number: Double? {
        switch self {
        case .number(let x): x
        case .text(let text): Double(text)
        case .missing: nil
        }
    }

    /// The value as text, as PMML writes numbers (`1`, not `1.0`).
    package var text: String? {
        switch self {
        case .number(let x): Fn.text(of: x)
        case .text(let text): text
        case .missing: nil
        }
    }
}

/// A field's value type, for conversions and comparisons.
package enum FieldKind: Sendable {
    case double, float, integer, string, boolean
}

/// PMML built-in functions, comparisons and conversions.
package enum Fn {
    /// A number as PMML text: integral values without a fraction.
    package static func text(of x: Double) -> String {
        if x.isFinite, x.rounded() == x, abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `true`/`false` (any case) or a number (non-zero is true).
    package static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: return Double(text).map { $0 != 0 }
        }
    }

    /// A value converted to a field's type: float32 rounding for `float`, text for `string`.
    package static func cast(_ value: Value, _ kind: FieldKind) -> Value {
        switch (value, kind) {
        case (.missing, _): return .missing
        case (.number(let x), .float): return .number(Double(Float(x)))
        case (.number, .double), (.number, .integer): return value
        case (.number(let x), .string): return .text(text(of: x))
        case (.number(let x), .boolean): return .text(x != 0 ? "true" : "false")
        case (.text(let t), .float): return Double(t).map { .number(Double(Float($0))) } ?? value
        case (.text(let t), .double), (.text(let t), .integer): return Double(t).map(Value.number) ?? value
        case (.text(let t), .boolean): return boolean(t).map { .text($0 ? "true" : "false") } ?? value
        case (.text, .string): return value
        }
    }

    /// A numeric field's value after conversion; text that is not a number counts as missing.
    static func number(_ value: Value, _ kind: FieldKind) -> Double? { cast(value, kind).number }

    /// A text field's value after conversion.
    static func text(_ value: Value, _ kind: FieldKind) -> String? { cast(value, kind).text }

    static func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

    /// Compares two values: numbers numerically, text as text; nil when either is missing.
    package static func compare(_ lhs: Value, _ rhs: Value) -> Int? {
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

    /// Compares a field's value with a constant written as in the model file, by the field's type; nil when they
    /// cannot be compared.
    package static func compare(_ value: Value, _ constant: String, _ kind: FieldKind) -> Int? {
        switch value {
        case .missing:
            return nil
        case .number(let x):
            switch kind {
            case .float:
                guard let c = Float(constant) else { return nil }
                return order(Float(x), c)
            case .boolean:
                guard let c = boolean(constant) else { return nil }
                return order(x != 0 ? 1 : 0, c ? 1 : 0)
            case .double, .integer, .string:
                guard let c = Double(constant) else { return kind == .string ? order(text(of: x), constant) : nil }
                return order(x, c)
            }
        case .text(let t):
            switch kind {
            case .string: return order(t, constant)
            case .boolean:
                guard let a = boolean(t), let c = boolean(constant) else { return nil }
                return order(a ? 1 : 0, c ? 1 : 0)
            case .double, .integer, .float:
                return t == constant ? 0 : nil
            }
        }
    }

    /// Whether a value equals a constant; false when they cannot be compared.
    package static func equals(_ value: Value, _ constant: String, _ kind: FieldKind) -> Bool {
        compare(value, constant, kind) == 0
    }

    /// A value as a truth value: numbers are true when non-zero; nil when missing.
    package static func truth(_ value: Value) -> Bool? {
        switch value {
        case .missing: nil
        case .number(let x): x != 0
        case .text(let text): boolean(text)
        }
    }

    package static func flag(_ value: Bool) -> Value { .number(value ? 1 : 0) }

    /// A numeric built-in function (`+ - * /`, `exp`, `ln`, `sqrt`, `min`, ...): missing when an argument is.
    package static func apply(_ function: String, _ arguments: [Value], mapMissingTo: Double?) -> Value {
        var x: [Double] = []
        for argument in arguments {
            guard let number = argument.number else { return mapMissingTo.map(Value.number) ?? .missing }
            x.append(number)
        }
        switch function {
        case "+": return .number(x[0] + x[1])
        case "-": return .number(x[0] - x[1])
        case "*": return .number(x[0] * x[1])
        case "/": return .number(x[0] / x[1])
        case "exp": return .number(Foundation.exp(x[0]))
        case "ln": return .number(Foundation.log(x[0]))
        case "log10": return .number(Foundation.log10(x[0]))
        case "sqrt": return .number(x[0].squareRoot())
        case "pow": return .number(Foundation.pow(x[0], x[1]))
        case "abs": return .number(Swift.abs(x[0]))
        case "min": return x.min().map(Value.number) ?? .missing
        case "max": return x.max().map(Value.number) ?? .missing
        case "floor": return .number(Foundation.floor(x[0]))
        case "ceil": return .number(Foundation.ceil(x[0]))
        case "round": return .number((x[0] + 0.5).rounded(.down))
        case "threshold": return .number(x[0] > x[1] ? 1 : 0)
        // Rounding to float32: an ONNX step computed in double and rounded is the float32 operation itself.
        case "float32": return .number(Double(Float(x[0])))
        default: return .missing
        }
    }

    /// Comparisons and logic over values (`equal`, `lessThan`, `and`, `isIn`, ...): 1 for true, 0 for false.
    package static func test(_ function: String, _ operands: [Value], mapMissingTo: Double?) -> Value {
        if operands.contains(where: \.isMissing) { return mapMissingTo.map(Value.number) ?? .missing }
        switch function {
        case "equal", "notEqual", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual":
            guard operands.count == 2, let order = compare(operands[0], operands[1]) else { return .missing }
            switch function {
            case "equal": return flag(order == 0)
            case "notEqual": return flag(order != 0)
            case "lessThan": return flag(order < 0)
            case "lessOrEqual": return flag(order <= 0)
            case "greaterThan": return flag(order > 0)
            default: return flag(order >= 0)
            }
        case "and", "or", "not":
            var flags: [Bool] = []
            for value in operands {
                guard let flag = truth(value) else { return .missing }
                flags.append(flag)
            }
            switch function {
            case "and": return flag(flags.allSatisfy { $0 })
            case "or": return flag(flags.contains(true))
            default: return flag(!(flags.first ?? false))
            }
        case "isIn", "isNotIn":
            guard let first = operands.first else { return .missing }
            let found = operands.dropFirst().contains { compare(first, $0) == 0 }
            return flag(function == "isIn" ? found : !found)
        default:
            return .missing
        }
    }

    /// 1 when the value equals the category, 0 otherwise (one-hot encoding); missing stays missing.
    package static func indicator(_ value: Value, _ category: String) -> Value {
        switch value {
        case .missing: return .missing
        case .text(let text): return .number(text == category ? 1 : 0)
        case .number(let x): return .number(Double(category) == x ? 1 : 0)
        }
    }

    /// What to do with a value outside a normalisation's points.
    package enum Outliers { case asIs, asMissingValues, asExtremeValues }

    /// Piecewise-linear normalisation through `points` (original, normalized).
    package static func normContinuous(
        _ value: Value, _ points: [(Double, Double)], _ outliers: Outliers, mapMissingTo: Double?
    ) -> Value {
        guard let x = value.number else { return mapMissingTo.map(Value.number) ?? .missing }
        guard points.count >= 2 else { return .missing }
        var segment = 0
        if x < points[0].0 {
            switch outliers {
            case .asMissingValues: return .missing
            case .asExtremeValues: return .number(points[0].1)
            case .asIs: segment = 0
            }
        } else if x > points[points.count - 1].0 {
            switch outliers {
            case .asMissingValues: return .missing
            case .asExtremeValues: return .number(points[points.count - 1].1)
            case .asIs: segment = points.count - 2
            }
        } else {
            while segment < points.count - 2 && x > points[segment + 1].0 { segment += 1 }
        }
        let (a0, a1) = points[segment]
        let (b0, b1) = points[segment + 1]
        return .number(a1 + (x - a0) / (b0 - a0) * (b1 - a1))
    }

    /// A table lookup (PMML MapValues): the first row whose columns equal the keys gives the result.
    package static func lookUp(
        _ keys: [(Value, FieldKind)], _ rows: [[String?]], mapMissingTo: String?, defaultValue: String?,
        _ kind: FieldKind
    ) -> Value {
        if keys.contains(where: { $0.0.isMissing }) { return mapMissingTo.map { cast(.text($0), kind) } ?? .missing }
        for row in rows {
            var matches = true
            for (index, key) in keys.enumerated() {
                guard let cell = row[index], equals(key.0, cell, key.1) else {
                    matches = false
                    break
                }
            }
            if matches { return row[keys.count].map { cast(.text($0), kind) } ?? .missing }
        }
        return defaultValue.map { cast(.text($0), kind) } ?? .missing
    }

    /// Binning (PMML Discretize): the first bin whose interval holds the value.
    package static func discretize(
        _ value: Value, _ bins: [(lower: Double?, upper: Double?, closure: String, label: String)],
        mapMissingTo: String?, defaultValue: String?, _ kind: FieldKind
    ) -> Value {
        if value.isMissing { return mapMissingTo.map { cast(.text($0), kind) } ?? .missing }
        if let x = value.number {
            for bin in bins {
                if let lower = bin.lower, bin.closure.hasPrefix("closed") ? x < lower : x <= lower { continue }
                if let upper = bin.upper, bin.closure.hasSuffix("Closed") ? x > upper : x >= upper { continue }
                return cast(.text(bin.label), kind)
            }
        }
        return defaultValue.map { cast(.text($0), kind) } ?? .missing
    }

    /// `if(condition, then, else)`: only the chosen branch is evaluated.
    static func choose(
        _ condition: Value, mapMissingTo: Double?, _ then: () -> Value, _ otherwise: () -> Value
    )
        -> Value
    {
        guard let flag = truth(condition) else { return mapMissingTo.map(Value.number) ?? .missing }
        return flag ? then() : otherwise()
    }
}

/// Three-valued logic for predicates: true, false or nil (unknown, because a field is missing).
package enum Tri {
    package static func and(_ parts: [Bool?]) -> Bool? {
        if parts.contains(false) { return false }
        return parts.contains(nil) ? nil : true
    }

    package static func or(_ parts: [Bool?]) -> Bool? {
        if parts.contains(true) { return true }
        return parts.contains(nil) ? nil : false
    }

    package static func xor(_ parts: [Bool?]) -> Bool? {
        var result = parts.first ?? nil
        for part in parts.dropFirst() { result = result.flatMap { a in part.map { a != $0 } } }
        return result
    }

    /// The first part that is not unknown decides.
    static func surrogate(_ parts: [Bool?]) -> Bool? {
        for part in parts where part != nil { return part }
        return nil
    }

    /// A field compared with a constant by the field's type; nil when missing or not comparable.
    package static func compare(_ value: Value, _ comparison: String, _ constant: String, _ kind: FieldKind) -> Bool? {
        if value.isMissing { return nil }
        switch comparison {
        case "equal": return Fn.equals(value, constant, kind)
        case "notEqual": return !Fn.equals(value, constant, kind)
        default: break
        }
        guard let order = Fn.compare(value, constant, kind) else { return nil }
        switch comparison {
        case "lessThan": return order < 0
        case "lessOrEqual": return order <= 0
        case "greaterThan": return order > 0
        default: return order >= 0
        }
    }

    /// Set membership by the field's type; nil when the value is missing.
    package static func isIn(_ value: Value, _ constants: [String], _ kind: FieldKind) -> Bool? {
        if value.isMissing { return nil }
        return constants.contains { Fn.equals(value, $0, kind) }
    }
}

/// What one model (a tree, a segment, the whole ensemble) gives for a row.
package struct Scored: Sendable {
    /// A number (regression) or a class label; missing when the model gives no prediction.
    package var value: Value = .missing
    /// Class probabilities in the order the model produced them; a tie goes to the earliest.
    package var probabilities: [(label: String, probability: Double)] = []

    static let missing = Scored()

    package init(value: Value = .missing, probabilities: [(label: String, probability: Double)] = []) {
        self.value = value
        self.probabilities = probabilities
    }

    /// A regression result.
    package init(_ number: Double) { value = .number(number) }

    /// A class label with its probabilities.
    init(label: String?, _ probabilities: [(label: String, probability: Double)]) {
        value = label.map(Value.text) ?? .missing
        self.probabilities = probabilities
        if label == nil, let best = Ensemble.firstLargest(probabilities) { value = .text(best.label) }
    }

    /// The probability of one class (found by numeric value too: `1` finds `1.0`).
    func probability(of label: String?) -> Double? {
        if value.isMissing { return nil }
        guard let label = label ?? value.text else { return nil }
        if let entry = probabilities.first(where: { $0.label == label }) { return entry.probability }
        if let number = Double(label), let entry = probabilities.first(where: { Double($0.label) == number }) {
            return entry.probability
        }
        return 0
    }

    /// PMML `Target` of a regression model: clamp, then `x * factor + constant`, in float32 where declared.
    package func rescaled(
        factor: Double, constant: Double, minimum: Double?, maximum: Double?, float: Bool, floatTarget: Bool
    ) -> Scored {
        guard case .number(let x) = value else { return self }
        var y: Double
        if float {
            var v = Float(x)
            if let minimum { v = Swift.max(v, Float(minimum)) }
            if let maximum { v = Swift.min(v, Float(maximum)) }
            v *= Float(factor)
            v += Float(constant)
            y = Double(v)
        } else {
            y = x
            if let minimum { y = Swift.max(y, minimum) }
            if let maximum { y = Swift.min(y, maximum) }
            y *= factor
            y += constant
        }
        return Scored(floatTarget ? Double(Float(y)) : y)
    }
}

/// Combining the segments of an ensemble (PMML `multipleModelMethod`).
package enum Ensemble {
    package enum Method: Sendable {
        case sum, weightedSum, average, weightedAverage, median, weightedMedian, max, majorityVote, weightedMajorityVote
        case selectFirst, modelChain
    }

    package enum MissingTreatment: Sendable { case returnMissing, skipSegment, `continue` }

    /// How the segments are combined, as the model file says.
    package struct Plan: Sendable {
        var method: Method
        var regression: Bool
        var treatment: MissingTreatment
        var missingThreshold: Double
        var initialScore: Double?
        var float: Bool
        /// The ensemble's classes in declared order.
        var classes: [String]

        package init(
            method: Method, regression: Bool, treatment: MissingTreatment, missingThreshold: Double,
            initialScore: Double?, float: Bool, classes: [String]
        ) {
            self.method = method
            self.regression = regression
            self.treatment = treatment
            self.missingThreshold = missingThreshold
            self.initialScore = initialScore
            self.float = float
            self.classes = classes
        }
    }

    /// One segment that took part, with its result and weight.
    package struct Member: Sendable {
        var result: Scored
        var weight: Double

        package init(result: Scored, weight: Double) {
            self.result = result
            self.weight = weight
        }
    }

    /// Records a segment's result. Returns the ensemble's result when it is decided now: a missing prediction
    /// under `returnMissing`, or the first result of `selectFirst`.
    package static func admit(_ result: Scored, weight: Double, _ plan: Plan, into members: inout [Member]) -> Scored? {
        var skipped = false
        if result.value.isMissing {
            switch plan.treatment {
            case .returnMissing: return .missing
            case .skipSegment: skipped = plan.method != .modelChain
            case .continue: break
            }
        }
        if !skipped && plan.method == .selectFirst { return result }
        members.append(Member(result: result, weight: weight))
        return nil
    }

    /// The ensemble's result from the segments that took part.
    package static func combine(_ members: [Member], _ plan: Plan) -> Scored {
        guard let last = members.last else { return .missing }
        switch plan.method {
        case .selectFirst: return .missing
        case .modelChain: return last.result
        default: break
        }
        if plan.regression { return values(members, plan).map(Scored.init) ?? .missing }
        switch plan.method {
        case .majorityVote, .weightedMajorityVote: return votes(members, plan)
        default: return probabilities(members, plan)
        }
    }

    /// The ensemble's result from every segment's result, in segment order: what `admit` and `combine` give.
    /// Numbers are summed as they come when the method allows it (no `Member` per segment).
    static func combine(_ results: [Scored], weights: [Double], _ plan: Plan) -> Scored {
        if var numbers = Numbers(plan) {
            var complete = true
            for (result, weight) in zip(results, weights) {
                guard case .number(let value) = result.value else {
                    complete = false
                    break
                }
                numbers.add(value, weight: weight)
            }
            if complete, let result = numbers.result { return result }
        }
        var members: [Member] = []
        members.reserveCapacity(results.count)
        for (result, weight) in zip(results, weights) {
            if let decided = admit(result, weight: weight, plan, into: &members) { return decided }
        }
        return combine(members, plan)
    }

    /// `combine(_:weights:_:)` for segments that give a number or nothing (nil), as regression trees do: the
    /// same result, without a `Scored` per segment when every segment gives a number.
    static func combine(numbers values: [Double?], weights: [Double], _ plan: Plan) -> Scored {
        if var numbers = Numbers(plan) {
            var complete = true
            for (value, weight) in zip(values, weights) {
                guard let value else {
                    complete = false
                    break
                }
                numbers.add(value, weight: weight)
            }
            if complete, let result = numbers.result { return result }
        }
        return combine(values.map { $0.map { Scored($0) } ?? .missing }, weights: weights, plan)
    }

    /// A running sum, weighted sum, average or weighted average of a regression ensemble's numbers, with the
    /// arithmetic of `values` in the same order, for when every segment gives a number.
    struct Numbers {
        let plan: Plan
        let weighted: Bool
        var total = 0.0
        var totalF: Float = 0
        var weights = 0.0
        var weightsF: Float = 0
        var count = 0

        /// nil for other methods and for classification.
        init?(_ plan: Plan) {
            guard plan.regression else { return nil }
            switch plan.method {
            case .sum, .average: weighted = false
            case .weightedSum, .weightedAverage: weighted = true
            default: return nil
            }
            self.plan = plan
            if plan.method == .sum, let initial = plan.initialScore {
                total += initial
                totalF += Float(initial)
            }
        }

        mutating func add(_ value: Double, weight: Double) {
            let term = weighted ? Ensemble.product(weight, value, float: plan.float) : value
            if plan.float {
                totalF += Float(term)
                weightsF += Float(weight)
            } else {
                total += term
                weights += weight
            }
            count += 1
        }

        /// The combined number; nil when nothing was added.
        var result: Scored? {
            guard count > 0 else { return nil }
            let float = plan.float
            switch plan.method {
            case .sum, .weightedSum:
                return Scored(float ? Double(totalF) : total)
            case .average:
                return Scored(float ? Double(totalF / Float(count)) : total / Double(count))
            default:
                if float ? weightsF == 0 : weights == 0 { return .missing }
                return Scored(float ? Double(totalF / weightsF) : total / weights)
            }
        }
    }

    package static func tooManyMissing(_ members: [Member], _ plan: Plan) -> Bool {
        let total = members.reduce(0) { $0 + $1.weight }
        let missing = members.filter { $0.result.value.isMissing }.reduce(0) { $0 + $1.weight }
        return missing / total > plan.missingThreshold
    }

    /// A left-to-right sum, in float32 where the model declares it.
    package static func sum(_ values: [Double], float: Bool) -> Double {
        if float {
            var total: Float = 0
            for value in values { total += Float(value) }
            return Double(total)
        }
        var total = 0.0
        for value in values { total += value }
        return total
    }

    package static func product(_ a: Double, _ b: Double, float: Bool) -> Double {
        float ? Double(Float(a) * Float(b)) : a * b
    }

    /// The middle value, or for an even count `lower + (upper - lower) / 2`.
    package static func median(_ values: [Double], float: Bool) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let n = sorted.count
        if n % 2 == 1 { return sorted[n / 2] }
        let lower = sorted[n / 2 - 1]
        let upper = sorted[n / 2]
        if float { return Double(Float(lower) + 0.5 * (Float(upper) - Float(lower))) }
        return lower + 0.5 * (upper - lower)
    }

    static func values(_ members: [Member], _ plan: Plan) -> Double? {
        var entries: [(value: Double, weight: Double)] = []
        for member in members {
            guard let value = member.result.value.number else {
                if plan.treatment != .skipSegment || tooManyMissing(members, plan) { return nil }
                continue
            }
            entries.append((value, member.weight))
        }
        return combine(entries, plan.method, initialScore: plan.initialScore, float: plan.float)
    }

    /// The regression combination of segment values with their weights; nil when there is none (no entries,
    /// weights summing to 0, or a method that does not combine values).
    package static func combine(
        _ entries: [(value: Double, weight: Double)], _ method: Method, initialScore: Double?, float: Bool
    ) -> Double? {
        guard !entries.isEmpty else { return nil }
        switch method {
        case .sum:
            return sum((initialScore.map { [$0] } ?? []) + entries.map(\.value), float: float)
        case .weightedSum:
            return sum(entries.map { product($0.weight, $0.value, float: float) }, float: float)
        case .average:
            let total = sum(entries.map(\.value), float: float)
            return float ? Double(Float(total) / Float(entries.count)) : total / Double(entries.count)
        case .weightedAverage:
            let weighted = sum(entries.map { product($0.weight, $0.value, float: float) }, float: float)
            let weights = sum(entries.map(\.weight), float: float)
            guard weights != 0 else { return nil }
            return float ? Double(Float(weighted) / Float(weights)) : weighted / weights
        case .median:
            return median(entries.map(\.value), float: float)
        case .weightedMedian:
            // The smallest value whose cumulative weight reaches half the total (ties keep segment order).
            let sorted = entries.enumerated().sorted { a, b in
                a.element.value != b.element.value ? a.element.value < b.element.value : a.offset < b.offset
            }.map(\.element)
            let half = 0.5 * sum(entries.map(\.weight), float: float)
            var cumulative = 0.0
            for entry in sorted {
                cumulative += entry.weight
                if cumulative >= half { return entry.value }
            }
            return sorted.last?.value
        default:
            return nil
        }
    }

    /// A label as the ensemble's classes spell it (`1` for `1.0`).
    package static func canonical(_ label: String, classes: [String]) -> String {
        if classes.isEmpty || classes.contains(label) { return label }
        guard let number = Double(label) else { return label }
        return classes.first { Double($0) == number } ?? label
    }

    /// The first entry with the largest probability.
    package static func firstLargest(
        _ entries: [(label: String, probability: Double)]
    ) -> (label: String, probability: Double)? {
        var best: (label: String, probability: Double)?
        for entry in entries where best == nil || entry.probability > best!.probability { best = entry }
        return best
    }

    static func votes(_ members: [Member], _ plan: Plan) -> Scored {
        var votes: [(label: String, probability: Double)] = []
        var missingVotes = 0.0
        let weighted = plan.method == .weightedMajorityVote
        for member in members {
            let weight = weighted ? member.weight : 1
            guard let label = member.result.value.text else {
                switch plan.treatment {
                case .returnMissing: return .missing
                case .skipSegment, .continue:
                    if tooManyMissing(members, plan) { return .missing }
                    if plan.treatment == .continue { missingVotes += weight }
                    continue
                }
            }
            let key = canonical(label, classes: plan.classes)
            if let index = votes.firstIndex(where: { $0.label == key }) {
                votes[index].probability += weight
            } else {
                votes.append((key, weight))
            }
        }
        if missingVotes > 0, let most = votes.map(\.probability).max(), missingVotes > most { return .missing }
        let total = votes.reduce(0) { $0 + $1.probability }
        guard total > 0 else { return .missing }
        return Scored(label: nil, votes.map { ($0.label, total == 1 ? $0.probability : $0.probability / total) })
    }

    static func probability(_ member: Member, _ label: String, classes: [String]) -> Double? {
        member.result.probabilities.first { canonical($0.label, classes: classes) == label }?.probability
    }

    static func average(
        _ members: [Member], labels: [String], classes: [String]
    ) -> [(label: String, probability: Double)] {
        labels.map { label in
            var sum = 0.0
            for member in members {
                if let p = probability(member, label, classes: classes) { sum += p }
            }
            return (label, sum / Double(members.count))
        }
    }

    static func probabilities(_ members: [Member], _ plan: Plan) -> Scored {
        var contributors: [Member] = []
        for member in members {
            if member.result.value.isMissing {
                if plan.treatment != .skipSegment || tooManyMissing(members, plan) { return .missing }
                continue
            }
            guard !member.result.probabilities.isEmpty else { return .missing }
            contributors.append(member)
        }
        guard !contributors.isEmpty else { return .missing }
        var labels: [String] = []
        for member in contributors {
            for (label, _) in member.result.probabilities {
                let key = canonical(label, classes: plan.classes)
                if !labels.contains(key) { labels.append(key) }
            }
        }
        let classes = plan.classes
        var result: [(label: String, probability: Double)]
        switch plan.method {
        case .average:
            result = average(contributors, labels: labels, classes: classes)
        case .weightedAverage:
            let weights = contributors.reduce(0) { $0 + $1.weight }
            guard weights != 0 else { return .missing }
            result = labels.map { label in
                var sum = 0.0
                for member in contributors {
                    if let p = probability(member, label, classes: classes) { sum += member.weight * p }
                }
                return (label, sum / weights)
            }
        case .max, .median:
            var best: (label: String, value: Double)?
            for label in (classes.isEmpty ? labels : classes) {
                let values = contributors.compactMap { probability($0, label, classes: classes) }
                let statistic = plan.method == .median ? median(values, float: false) : values.max()
                guard let statistic else { continue }
                if best == nil || statistic > best!.value { best = (label, statistic) }
            }
            guard let best else { return .missing }
            let distances = contributors.map { abs((probability($0, best.label, classes: classes) ?? 0) - best.value) }
            let closest = distances.min() ?? 0
            let chosen = zip(contributors, distances).filter { $0.1 == closest }.map(\.0)
            result = average(chosen, labels: labels, classes: classes)
        default:
            return .missing
        }
        return Scored(label: nil, result)
    }
}

/// Linear models inside ensembles (the last step of a boosting chain): a missing numeric input gives no
/// prediction, a missing categorical input contributes nothing; float32 where the model declares it.
package enum Linear {
    /// One factor of a term: a number raised to a power, or whether a category matched.
    package enum Factor {
        case number(Double, Int)
        case indicator(Bool)
    }

    /// A score accumulated as onnxruntime's GEMM kernel does: `sum = fma(coefficient, x, sum)` in float32 from 0,
    /// in term order, then the intercept added.
    package static func fused(_ terms: [(coefficient: Double, x: Double)], intercept: Double) -> Double {
        var sum: Float = 0
        for term in terms { sum = sum.addingProduct(Float(term.coefficient), Float(term.x)) }
        return Double(sum + Float(intercept))
    }

    /// `coefficient * factor1 * ...`, factor by factor.
    package static func product(_ coefficient: Double, _ factors: [Factor], float: Bool) -> Double {
        var product = float ? Double(Float(coefficient)) : coefficient
        for factor in factors {
            switch factor {
            case .number(let x, let exponent):
                if float {
                    let power = exponent == 1 ? Float(x) : Float(Foundation.pow(Double(Float(x)), Double(exponent)))
                    product = Double(Float(product) * power)
                } else {
                    product *= exponent == 1 ? x : Foundation.pow(x, Double(exponent))
                }
            case .indicator(let matches):
                if !matches { product = 0 }
            }
        }
        return product
    }

    /// The inverse link of a single score.
    package static func inverseLink(_ method: String, _ y: Double) -> Double {
        switch method {
        case "logit", "softmax": Link.logistic(y)
        case "sigmoid": Link.sigmoid(y)
        case "xgboostSigmoid": Link.xgboostSigmoid(y)
        case "probit": Link.probit(y)
        case "cloglog": Link.cloglog(y)
        case "loglog": Link.loglog(y)
        case "cauchit": Link.cauchit(y)
        case "exp": Foundation.exp(y)
        default: y
        }
    }

    /// The same in float32, as XGBoost computes its sigmoid.
    package static func inverseLink(_ method: String, _ y: Float) -> Float {
        switch method {
        case "logit", "softmax", "sigmoid": 1 / (1 + Foundation.exp(-y))
        case "xgboostSigmoid": Link.xgboostSigmoid(y)
        case "onnxLogistic": Link.onnxLogistic(y)
        case "exp": Foundation.exp(y)
        case "probit", "cloglog", "loglog", "cauchit": Float(inverseLink(method, Double(y)))
        default: y
        }
    }

    /// A regression score through its link.
    static func regression(_ score: Double, _ method: String, float: Bool) -> Scored {
        Scored(float ? Double(inverseLink(method, Float(score))) : inverseLink(method, score))
    }

    /// Class probabilities from per-class scores, as JPMML-Evaluator computes them.
    package static func classification(
        _ scores: [Double], labels: [String], _ method: String, secondIsDefault: Bool, float: Bool
    ) -> Scored {
        var probabilities: [Double]
        if method == "identity" {
            probabilities = float ? scores.map { Double(Float($0)) } : scores
        } else if method == "onnxLogistic" || method == "onnxLogisticL1" {
            let links = scores.map { Link.onnxLogistic(Float($0)) }
            probabilities = (method == "onnxLogistic" ? links : Link.onnxL1(links)).map(Double.init)
        } else if method == "onnxSoftmax" || method == "onnxSoftmaxL1" {
            let links = Link.onnxSoftmax(scores.map { Float($0) })
            probabilities = (method == "onnxSoftmax" ? links : Link.onnxL1(links)).map(Double.init)
        } else if scores.count == 2 {
            switch method {
            case "none", "logit", "sigmoid", "xgboostSigmoid", "probit", "cloglog", "loglog", "cauchit":
                probabilities = binomial(method, scores[0], float: float)
            case "softmax" where secondIsDefault:
                probabilities = binomial("logit", scores[0], float: float)
            case "softmax", "simplemax":
                probabilities = multinomial(method, scores, float: float)
            default:
                return .missing
            }
        } else {
            switch method {
            case "none", "simplemax", "softmax":
                probabilities = multinomial(method, scores, float: float)
            case "logit":
                let links = scores.map { float ? Double(inverseLink("logit", Float($0))) : Link.logistic($0) }
                probabilities = multinomial("simplemax", links, float: float)
            default:
                return .missing
            }
        }
        return Scored(label: nil, Array(zip(labels, probabilities)).map { ($0.0, $0.1) })
    }

    static func binomial(_ method: String, _ score: Double, float: Bool) -> [Double] {
        if float {
            let first = inverseLink(method, Float(score))
            return [Double(first), Double(1 - first)]
        }
        let first = inverseLink(method, score)
        return [first, 1 - first]
    }

    static func multinomial(_ method: String, _ scores: [Double], float: Bool) -> [Double] {
        switch method {
        case "softmax":
            guard let largest = scores.max() else { return [] }
            if float {
                // XGBoost's softmax: float32 exps, summed in double, divided in float32.
                let exps = scores.map { Foundation.exp(Float($0) - Float(largest)) }
                var sum = 0.0
                for value in exps { sum += Double(value) }
                let total = Float(sum)
                return exps.map { Double($0 / total) }
            }
            let exps = scores.map { Foundation.exp($0 - largest) }
            let sum = Ensemble.sum(exps, float: false)
            return exps.map { $0 / sum }
        case "simplemax":
            let sum = Ensemble.sum(scores, float: float)
            if sum == 1 { return scores }
            return scores.map { float ? Double(Float($0) / Float(sum)) : $0 / sum }
        default:
            let others = Ensemble.sum(Array(scores.dropLast()), float: float)
            return scores.dropLast() + [float ? Double(1 - Float(others)) : 1 - others]
        }
    }
}

/// Trees stored as flat arrays, for ensembles too large to compile quickly as nested conditionals. The walk is the
/// one the generated conditionals make: children in order, the first true one is entered; a missing value follows
/// the tree's missing-value strategy; a node without a true child follows its no-true-child strategy.
///
/// The tables are written as text in TreeTable*.swift (a Swift literal of that size would take the compiler
/// minutes) and read once, the first time the model runs:
/// - `trees`: per tree, `root weight missing noTrueLast` (missing: 0 none, 1 nullPrediction, 2 lastPrediction);
/// - `nodes`: per node, `field op threshold first count leaf` (field -1: always true, -2: always false; op 0 <,
///   1 <=, 2 >, 3 >=, 4 ==, 5 !=, plus 8 when a missing value satisfies it, as `x is missing or x <= t`, the split
///   boosters write; children are nodes `first ..< first + count`; leaf -1: no prediction);
/// - `leaves`: per leaf, a number (regression), or `label count label:probability ...` as indices into `labels`.
struct TreeTable: Sendable {
    var roots: [Int] = []
    var weights: [Double] = []
    var missing: [UInt8] = []
    var noTrueLast: [Bool] = []
    var nodes: [Node] = []
    /// Per node, its score in `results` (-1: none).
    var leafIndex: [Int32] = []
    var results: [Scored] = []
    /// Per leaf, its number (regression tables; empty for classification).
    var leafValues: [Double] = []
    /// When every leaf of a classification table lists the same labels in the same order: those labels, and per
    /// leaf its probabilities in that order, `leafProbabilities[leaf * leafLabels.count + k]`. Empty otherwise.
    var leafLabels: [String] = []
    var leafProbabilities: [Double] = []

    init(trees: String, nodes: String, leaves: String, labels: [String]) {
        var reader = TableText(trees)
        while let root = reader.int() {
            roots.append(root)
            weights.append(reader.double() ?? 1)
            missing.append(UInt8(reader.int() ?? 0))
            noTrueLast.append(reader.int() == 1)
        }
        reader = TableText(nodes)
        while let f = reader.int() {
            let op = UInt8(reader.int() ?? 0)
            let threshold = reader.double() ?? 0
            let first = Int32(reader.int() ?? 0)
            let count = UInt8(reader.int() ?? 0)
            leafIndex.append(Int32(reader.int() ?? -1))
            self.nodes.append(Node(threshold: threshold, first: first, field: Int16(f), count: count, op: op))
        }
        reader = TableText(leaves)
        if labels.isEmpty {
            while let value = reader.double() {
                results.append(Scored(value))
                leafValues.append(value)
            }
        } else {
            var order: [Int]?
            var uniform = true
            while let label = reader.int() {
                var probabilities: [(label: String, probability: Double)] = []
                var indices: [Int] = []
                for _ in 0..<(reader.int() ?? 0) {
                    let index = reader.int() ?? 0
                    let probability = reader.double() ?? 0
                    probabilities.append((labels[index], probability))
                    indices.append(index)
                    leafProbabilities.append(probability)
                }
                results.append(Scored(label: labels[label], probabilities))
                if order == nil { order = indices }
                uniform = uniform && indices == order && !indices.isEmpty
            }
            if uniform, let order {
                leafLabels = order.map { labels[$0] }
            } else {
                leafProbabilities = []
            }
        }
    }

    /// One node, in 16 bytes (a walk is bound by memory, not arithmetic): how it is entered (`field op
    /// threshold`) and its children `first ..< first + count`. Its score is `leafIndex[node]`.
    struct Node: Sendable {
        var threshold: Double
        var first: Int32
        var field: Int16
        var count: UInt8
        var op: UInt8
    }

    /// The node where tree `tree` stops for the field values `x` (NaN: missing): a leaf, or the node whose score
    /// a missing value or the no-true-child strategy returns; -1 when the tree gives no prediction.
    func stop(_ tree: Int, _ x: [Double]) -> Int {
        var index = roots[tree]
        walk: while true {
            let node = nodes[index]
            if node.count == 0 { return index }
            let start = Int(node.first)
            for child in start..<(start + Int(node.count)) {
                let entry = nodes[child]
                if entry.field == -1 {
                    index = child
                    continue walk
                }
                if entry.field < 0 { continue }
                let value = x[Int(entry.field)]
                if value.isNaN {
                    if entry.op & 8 != 0 {
                        index = child
                        continue walk
                    }
                    switch missing[tree] {
                    case 1: return -1
                    case 2: return index
                    default: continue
                    }
                }
                let t = entry.threshold
                let holds: Bool
                switch entry.op & 7 {
                case 0: holds = value < t
                case 1: holds = value <= t
                case 2: holds = value > t
                case 3: holds = value >= t
                case 4: holds = value == t
                default: holds = value != t
                }
                if holds {
                    index = child
                    continue walk
                }
            }
            return noTrueLast[tree] ? index : -1
        }
    }

    /// What tree `tree` predicts for the field values `x` (NaN: missing).
    func score(_ tree: Int, _ x: [Double]) -> Scored {
        let node = stop(tree, x)
        return node < 0 ? .missing : result(node)
    }

    func result(_ node: Int) -> Scored {
        let index = Int(leafIndex[node])
        return index < 0 ? .missing : results[index]
    }

    /// The ensemble's result in one pass over the trees, without a `Scored` per tree, for the methods forests and
    /// boosting use: probabilities by average or weighted average, numbers by sum, weighted sum, average or
    /// weighted average. The arithmetic, and its order, are `Ensemble.combine`'s. nil when a tree gives no
    /// prediction or the method is another one: then the caller combines the trees one by one. One row of
    /// `combined(rows:)`, so that a row scored alone and in a batch are the same computation.
    func combined(_ x: [Double], _ plan: Ensemble.Plan) -> Scored? { combined(rows: [x], plan)[0] }

    /// `combined` for many rows at once, tree by tree: a tree stays in cache while every row walks it, which is
    /// what makes batch scoring fast. Each row's sums are added in tree order, so a row's result is the same bits
    /// whatever block it is in. `xs[r]` is row r's field vector; nil for a row a tree gives no prediction for.
    func combined(rows xs: [[Double]], _ plan: Ensemble.Plan) -> [Scored?] {
        let none = [Scored?](repeating: nil, count: xs.count)
        let weighted = plan.method == .weightedAverage
        var k = 1
        var labels: [String] = []
        if plan.regression {
            guard !results.isEmpty, leafValues.count == results.count, Ensemble.Numbers(plan) != nil else {
                return none
            }
        } else {
            guard plan.method == .average || plan.method == .weightedAverage, !leafLabels.isEmpty else { return none }
            labels =
                leafLabels == plan.classes
                ? leafLabels : leafLabels.map { Ensemble.canonical($0, classes: plan.classes) }
            for (index, label) in labels.enumerated() where labels[(index + 1)...].contains(label) { return none }
            k = labels.count
        }
        let n = xs.count
        var numbers = plan.regression ? [Ensemble.Numbers](repeating: Ensemble.Numbers(plan)!, count: n) : []
        var sums = [Double](repeating: 0, count: plan.regression ? 0 : n * k)
        var complete = [Bool](repeating: true, count: n)
        var totalWeight = 0.0
        for tree in roots.indices {
            let weight = weights[tree]
            for r in 0..<n where complete[r] {
                let node = stop(tree, xs[r])
                guard node >= 0, leafIndex[node] >= 0 else {
                    complete[r] = false
                    continue
                }
                let leaf = Int(leafIndex[node])
                if plan.regression {
                    numbers[r].add(leafValues[leaf], weight: weight)
                } else {
                    let base = leaf * k
                    for j in 0..<k {
                        sums[r * k + j] += weighted ? weight * leafProbabilities[base + j] : leafProbabilities[base + j]
                    }
                }
            }
            totalWeight += weight
        }
        return (0..<n).map { r in
            guard complete[r] else { return nil }
            if plan.regression { return numbers[r].result }
            if weighted && totalWeight == 0 { return .missing }
            let divisor = weighted ? totalWeight : Double(roots.count)
            return Scored(label: nil, (0..<k).map { (labels[$0], sums[r * k + $0] / divisor) })
        }
    }
}

/// Reads the numbers of a table's text, separated by spaces, newlines or `:`.
struct TableText {
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    mutating func token() -> Substring? {
        while position < bytes.count, [0x20, 0x0A, 0x3A].contains(bytes[position]) { position += 1 }
        guard position < bytes.count else { return nil }
        let start = position
        while position < bytes.count, ![0x20, 0x0A, 0x3A].contains(bytes[position]) { position += 1 }
        return Substring(decoding: bytes[start..<position], as: UTF8.self)
    }

    mutating func int() -> Int? { token().flatMap { Int($0) } }

    mutating func double() -> Double? { token().flatMap { Double($0) } }
}

/// Feed-forward neural networks, as JPMML-Evaluator computes them.
package enum Network {
    /// A neuron: `sum(weights[k] * x[from[k]]) + bias`, in this order, through the layer's activation.
    struct Neuron: Sendable {
        let bias: Double
        let from: [Int]
        let weights: [Double]
    }

    package enum Activation: Sendable {
        case threshold, logistic, tanh, identity, exponential, reciprocal, square, gauss, sine, cosine, elliott
        case arctan, rectifier
    }

    package enum Normalization: Sendable { case none, simplemax, softmax }

    /// Computes a layer from the entities computed so far (`x`) and appends its outputs to them.
    static func layer(
        _ x: inout [Double], _ neurons: [Neuron], _ activation: Activation, threshold: Double,
        normalization: Normalization
    ) {
        var outputs: [Double] = []
        outputs.reserveCapacity(neurons.count)
        for neuron in neurons {
            var z = 0.0
            for k in neuron.from.indices { z += x[neuron.from[k]] * neuron.weights[k] }
            z += neuron.bias
            outputs.append(activate(activation, z, threshold: threshold))
        }
        x += normalize(outputs, normalization)
    }

    /// A layer's outputs normalised together: divided by their sum, or softmax (largest subtracted first).
    package static func normalize(_ outputs: [Double], _ normalization: Normalization) -> [Double] {
        switch normalization {
        case .none: return outputs
        case .simplemax:
            var sum = 0.0
            for value in outputs { sum += value }
            return outputs.map { $0 / sum }
        case .softmax: return Link.softmax(outputs)
        }
    }

    package static func activate(_ activation: Activation, _ z: Double, threshold: Double) -> Double {
        switch activation {
        case .threshold: z > threshold ? 1 : 0
        case .logistic: 1 / (1 + Foundation.exp(-z))
        case .tanh: Foundation.tanh(z)
        case .identity: z
        case .exponential: Foundation.exp(z)
        case .reciprocal: 1 / z
        case .square: z * z
        case .gauss: Foundation.exp(-(z * z))
        case .sine: Foundation.sin(z)
        case .cosine: Foundation.cos(z)
        case .elliott: z / (1 + Swift.abs(z))
        case .arctan: 2 * Foundation.atan(z) / Double.pi
        case .rectifier: Swift.max(0, z)
        }
    }

    /// The original value whose piecewise-linear normalisation is `y`, extrapolating beyond the ends.
    static func denormalize(_ y: Double, _ points: [(Double, Double)]) -> Scored {
        guard points.count >= 2 else { return .missing }
        var segment = 0
        while segment < points.count - 2 && y > points[segment + 1].1 { segment += 1 }
        let (a0, a1) = points[segment]
        let (b0, b1) = points[segment + 1]
        return Scored(a0 + (y - a1) / (b1 - a1) * (b0 - a0))
    }
}

/// Support vector machines, as JPMML-Evaluator computes them.
package enum SVM {
    package enum Kernel: Sendable {
        case linear
        case polynomial(gamma: Double, coef0: Double, degree: Double)
        case radialBasis(gamma: Double)
        case sigmoid(gamma: Double, coef0: Double)
    }

    /// One machine: `sum(coefficients[i] * K(x, vectors[supportVectors[i]])) + bias`.
    struct Machine: Sendable {
        let target: String?
        let alternate: String?
        let threshold: Double
        let bias: Double
        let supportVectors: [Int]
        let coefficients: [Double]
    }

    /// Support vectors written as text, `size` numbers each.
    static func vectors(_ text: String, size: Int) -> [[Double]] {
        var reader = TableText(text)
        var vectors: [[Double]] = []
        var current: [Double] = []
        current.reserveCapacity(size)
        while let value = reader.double() {
            current.append(value)
            if current.count == size {
                vectors.append(current)
                current = []
            }
        }
        return vectors
    }

    package static func dot(_ x: [Double], _ v: [Double]) -> Double {
        var sum = 0.0
        for i in x.indices { sum += x[i] * v[i] }
        return sum
    }

    package static func kernel(_ kernel: Kernel, _ x: [Double], _ v: [Double]) -> Double {
        switch kernel {
        case .linear:
            return dot(x, v)
        case .polynomial(let gamma, let coef0, let degree):
            return Foundation.pow(gamma * dot(x, v) + coef0, degree)
        case .radialBasis(let gamma):
            var sum = 0.0
            for i in x.indices {
                let d = x[i] - v[i]
                sum += d * d
            }
            return Foundation.exp(-gamma * sum)
        case .sigmoid(let gamma, let coef0):
            return Foundation.tanh(gamma * dot(x, v) + coef0)
        }
    }

    static func decision(_ machine: Machine, _ kernel: Kernel, _ x: [Double], _ vectors: [[Double]]) -> Double {
        var sum = 0.0
        for i in machine.supportVectors.indices {
            sum += self.kernel(kernel, x, vectors[machine.supportVectors[i]]) * machine.coefficients[i]
        }
        return sum + machine.bias
    }

    /// One-against-one: each machine votes for its target (value below its threshold; above with `maxWins`) or
    /// its alternate; probabilities are vote shares.
    static func votes(_ machines: [Machine], _ values: [Double], maxWins: Bool) -> Scored {
        var votes: [(label: String, probability: Double)] = []
        for (machine, value) in zip(machines, values) {
            guard let target = machine.target, let alternate = machine.alternate else { return .missing }
            let label = (maxWins ? value > machine.threshold : value < machine.threshold) ? target : alternate
            if let index = votes.firstIndex(where: { $0.label == label }) {
                votes[index].probability += 1
            } else {
                votes.append((label, 1))
            }
        }
        let total = votes.reduce(0) { $0 + $1.probability }
        return Scored(label: nil, votes.map { ($0.label, $0.probability / total) })
    }

    /// One-against-all: the machine with the smallest value (the largest with `maxWins`) names the class.
    static func nearest(_ machines: [Machine], _ values: [Double], maxWins: Bool) -> Scored {
        var best: (label: String, value: Double)?
        for (machine, value) in zip(machines, values) {
            guard let target = machine.target else { return .missing }
            if best == nil || (maxWins ? value > best!.value : value < best!.value) { best = (target, value) }
        }
        return best.map { Scored(value: .text($0.label)) } ?? .missing
    }
}

/// Naive Bayes, as JPMML-Evaluator computes it: in the log domain.
package enum Bayes {
    package enum Distribution: Sendable {
        case gaussian(mean: Double, variance: Double)
        case poisson(mean: Double)
    }

    /// Adds an input's log-likelihoods; nil (a missing or unlisted value) adds nothing.
    package static func add(_ logs: inout [Double], _ likelihoods: [Double]?) {
        guard let likelihoods else { return }
        for index in logs.indices { logs[index] += Foundation.log(likelihoods[index]) }
    }

    /// P(value | class) from value counts per class (`totals`: the class's count over all values).
    package static func counts(
        _ value: Value, _ kind: FieldKind, _ rows: [(String, [Double])], totals: [Double], threshold: Double
    ) -> [Double]? {
        if value.isMissing { return nil }
        guard let row = rows.first(where: { Fn.equals(value, $0.0, kind) }) else { return nil }
        return row.1.indices.map { index in
            let p = totals[index] > 0 ? row.1[index] / totals[index] : 0
            return p == 0 ? threshold : p
        }
    }

    /// P(value | class) from a distribution per class (nil: the class has none).
    package static func distributions(
        _ value: Value, _ distributions: [Distribution?], threshold: Double
    ) -> [Double]? {
        guard let x = value.number else { return nil }
        return distributions.map { distribution in
            guard let distribution else { return threshold }
            let p: Double
            switch distribution {
            case .gaussian(let mean, let variance):
                let d = x - mean
                p = Foundation.exp(-(d * d) / (2 * variance)) / (2 * Double.pi * variance).squareRoot()
            case .poisson(let mean):
                p =
                    x >= 0 && x.rounded() == x
                    ? Foundation.exp(x * Foundation.log(mean) - mean - Foundation.lgamma(x + 1)) : 0
            }
            return Swift.max(p, threshold)
        }
    }

    /// Adds the log priors and turns the sums into probabilities.
    package static func finish(_ logs: [Double], priors: [Double], labels: [String]) -> Scored {
        var exps: [Double] = []
        for index in logs.indices { exps.append(Foundation.exp(logs[index] + Foundation.log(priors[index]))) }
        var sum = 0.0
        for value in exps { sum += value }
        return Scored(label: nil, zip(labels, exps).map { ($0, $1 / sum) })
    }
}
