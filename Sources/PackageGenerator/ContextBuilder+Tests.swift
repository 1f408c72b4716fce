import NBCore

extension ContextBuilder {
    struct ExampleContext {
        let name, prediction, label, probabilities, tolerance, ulps: String
        /// The model file's bounds by output name, as a dictionary literal of `VerificationBound`s.
        let fieldTolerances: String
        let inputLines: [String]
        /// Why the package's guard rails refuse this example (a string literal), or `nil`.
        let refusal: String
    }
    struct TestsContext {
        let header, moduleName, labelType: String
        let examples: [ExampleContext]
        let exampleCount: Int
        let regression, classification, hasThreshold: Bool
        let thresholdName, outOfRangeValue, positiveCase: String
        /// How far from 1 the probabilities' sum may be: float32 models round each probability to float32.
        let sumTolerance: String
        /// The largest probability: 1, or for float32 models `1 + sumTolerance` (onnxruntime's unnormalised forest
        /// probabilities are float32 sums of per-tree shares and can end a rounding above 1).
        let probabilityCeiling: String
        let extremeLines: [String]
        /// A hand-written function: Python may raise at extreme inputs, and the package then refuses the row.
        let pythonRaises: Bool
        let rangeChecks: [RangeCheck]
        let hasRangeChecks: Bool
        let requiredInput: InputRef?
        let replacedInput: InputRef?
        let hasGuardRails: Bool
        /// Whether any example carries the model file's own bounds (ModelVerification precision and zeroThreshold).
        let hasFieldTolerances: Bool
        /// The floor and cap on predictions (Swift literals), when the package has them.
        let caps: Caps?
        /// A minimum and its maximum swapped, for the test that `Parameters` refuses them.
        let swappedBounds: SwappedBounds?
    }
    struct Caps { let lower, upper: String }
    struct SwappedBounds { let minimumName, maximumName, arguments: String }

    /// The first minimum and maximum whose swapped values each stay inside their own range.
    func swappedBounds() -> SwappedBounds? {
        var pairs = spec.guardRails.map { ($0.minimum, $0.maximum) }
        pairs.append((spec.parameter(.predictionMinimum), spec.parameter(.predictionMaximum)))
        for case let (lower?, upper?) in pairs {
            guard let low = lower.value.number, let high = upper.value.number, low < high,
                lower.range?.contains(high) ?? true, upper.range?.contains(low) ?? true,
                let lowName = names.parameters[lower.name], let highName = names.parameters[upper.name]
            else { continue }
            return SwappedBounds(
                minimumName: SwiftText.stringLiteral(lower.name), maximumName: SwiftText.stringLiteral(upper.name),
                arguments: "\(lowName): \(SwiftText.double(high)), \(highName): \(SwiftText.double(low))")
        }
        return nil
    }
    struct InputRef { let literal, swiftName, replacement: String }
    struct RangeCheck { let feature, swiftName, outside: String }

    /// The closed ends of an input's valid range, when it has one.
    static func bounds(_ input: InputSpec) -> (lower: Double, upper: Double)? {
        guard let first = input.validIntervals.first, let lower = first.lower, let upper = first.upper,
            first.lowerClosed, first.upperClosed, lower.isFinite, upper.isFinite
        else { return nil }
        return (lower, upper)
    }

    func inputRef(_ input: InputSpec) -> InputRef {
        var replacement = ""
        if let value = input.missingReplacement {
            replacement =
                input.type.isNumeric
                ? (Double(value).map(SwiftText.double) ?? "Double.nan") : SwiftText.stringLiteral(value)
        }
        return InputRef(
            literal: SwiftText.stringLiteral(input.name), swiftName: names.inputs[input.name] ?? "feature",
            replacement: replacement)
    }

    func tests() -> TestsContext {
        let examples = spec.examples.enumerated().map { index, example -> ExampleContext in
            let what = example.title(index: index, located: true)
            let lines = spec.inputs.enumerated().map { position, input -> String in
                let name = names.inputs[input.name] ?? "feature"
                let comma = position == spec.inputs.count - 1 ? "" : ","
                let value: String
                switch example.inputs[input.name] ?? .missing {
                case .number(let number):
                    value =
                        input.type.isNumeric
                        ? SwiftText.double(number) : SwiftText.stringLiteral(NumberFormat.shortest(number))
                case .text(let text):
                    value =
                        input.type.isNumeric
                        ? (Double(text).map(SwiftText.double) ?? "Double.nan") : SwiftText.stringLiteral(text)
                case .missing where optionalInputs:
                    value = "nil"
                case .missing:
                    value =
                        input.missingReplacement.map {
                            input.type.isNumeric
                                ? (Double($0).map(SwiftText.double) ?? "Double.nan") : SwiftText.stringLiteral($0)
                        }
                        ?? (input.type.isNumeric ? "Double.nan" : "\"\"")
                }
                return "\(name): \(value)\(comma)"
            }
            let probabilities = example.expectedProbabilities.sorted { $0.key < $1.key }
                .map { "\(SwiftText.stringLiteral($0.key)): \(SwiftText.double($0.value))" }
            let bounds = (example.fieldTolerances ?? [:]).sorted { $0.key < $1.key }.map {
                "\(SwiftText.stringLiteral($0.key)): VerificationBound(precision: \(SwiftText.double($0.value.precision)), zeroThreshold: \(SwiftText.double($0.value.zeroThreshold)))"
            }
            return ExampleContext(
                name: SwiftText.stringLiteral(what),
                // The package's floor and cap apply to the framework's prediction.
                prediction: example.expectedPrediction.map { SwiftText.double(spec.capped($0)) } ?? "nil",
                label: example.expectedLabel.map(SwiftText.stringLiteral) ?? "nil",
                probabilities: probabilities.isEmpty ? "[:]" : "[" + probabilities.joined(separator: ", ") + "]",
                tolerance: SwiftText.double(example.tolerance), ulps: example.floatULPs.map(String.init) ?? "nil",
                fieldTolerances: bounds.isEmpty ? "[:]" : "[" + bounds.joined(separator: ", ") + "]",
                inputLines: lines, refusal: spec.guardRailRefusal(example.inputs).map(SwiftText.stringLiteral) ?? "nil")
        }
        let extremes = spec.inputs.enumerated().map { position, input -> String in
            let name = names.inputs[input.name] ?? "feature"
            let comma = position == spec.inputs.count - 1 ? "" : ","
            let value: String
            if !input.type.isNumeric {
                // A listed value, else one an example uses (a hand-written function may look text up).
                let example = spec.examples.lazy.compactMap { example -> String? in
                    if case .text(let text)? = example.inputs[input.name] { return text }
                    return nil
                }.first
                value = SwiftText.stringLiteral(input.validValues.first ?? example ?? "")
            } else if input.invalidTreatment == .returnInvalid, let first = input.validValues.first.flatMap(Double.init)
            {
                // A categorical number the model file lists the values of: extremes are not among them.
                value = SwiftText.double(first)
            } else if input.invalidTreatment == .returnInvalid, let bounds = Self.bounds(input) {
                // The model file rejects values outside the valid range: use its ends.
                value = "value < 0 ? \(SwiftText.double(bounds.lower)) : \(SwiftText.double(bounds.upper))"
            } else {
                value = "value"
            }
            return "\(name): \(Self.insideGuardRail(value, spec.guardRails.first { $0.input == input.name }))\(comma)"
        }
        var rangeChecks = spec.inputs.compactMap { input -> RangeCheck? in
            guard input.type.isNumeric, input.invalidTreatment == .returnInvalid, let bounds = Self.bounds(input) else {
                return nil
            }
            return RangeCheck(
                feature: SwiftText.stringLiteral(input.name), swiftName: names.inputs[input.name] ?? "feature",
                outside: SwiftText.double(bounds.upper + max(1, abs(bounds.upper))))
        }
        for rail in spec.guardRails
        where !rangeChecks.contains(where: { $0.feature == SwiftText.stringLiteral(rail.input) }) {
            let outside: Double
            if let upper = rail.maximum?.value.number {
                outside = upper + max(1, abs(upper))
            } else {
                let lower = rail.minimum?.value.number ?? 0
                outside = lower - max(1, abs(lower))
            }
            rangeChecks.append(
                RangeCheck(
                    feature: SwiftText.stringLiteral(rail.input), swiftName: names.inputs[rail.input] ?? "feature",
                    outside: SwiftText.double(outside)))
        }
        let bounds = spec.predictionBounds
        let threshold = spec.parameter(.threshold)
        var outOfRange = "2.0"
        if let range = threshold?.range {
            if let upper = range.upper {
                outOfRange = SwiftText.double(upper + max(1, abs(upper)))
            } else if let lower = range.lower {
                outOfRange = SwiftText.double(lower - max(1, abs(lower)))
            }
        }
        return TestsContext(
            header: header().header, moduleName: names.moduleName, labelType: names.labelType, examples: examples,
            exampleCount: examples.count, regression: spec.model.function == .regression,
            classification: spec.model.function == .classification, hasThreshold: decision != nil,
            thresholdName: threshold.flatMap { names.parameters[$0.name] } ?? "threshold", outOfRangeValue: outOfRange,
            positiveCase: decision.flatMap { names.classes[$0.positive] } ?? "value",
            sumTolerance: spec.model.computesInFloat ? "1e-6" : "1e-9",
            probabilityCeiling: spec.model.computesInFloat ? "1 + 1e-6" : "1", extremeLines: extremes,
            pythonRaises: { if case .function = spec.model { return true } else { return false } }(),
            rangeChecks: rangeChecks, hasRangeChecks: !rangeChecks.isEmpty,
            requiredInput: optionalInputs ? nil : spec.inputs.first { $0.missingReplacement == nil }.map(inputRef),
            replacedInput: optionalInputs ? nil : spec.inputs.first { $0.missingReplacement != nil }.map(inputRef),
            hasGuardRails: !spec.guardRails.isEmpty,
            hasFieldTolerances: spec.examples.contains { $0.fieldTolerances != nil },
            caps: bounds.lower == nil && bounds.upper == nil
                ? nil
                : Caps(
                    lower: SwiftText.double(bounds.lower ?? -Double.greatestFiniteMagnitude),
                    upper: SwiftText.double(bounds.upper ?? Double.greatestFiniteMagnitude)),
            swappedBounds: swappedBounds())
    }

    /// A test value moved inside a guard rail: `Swift.min(Swift.max(value, 10.0), 60.0)`.
    static func insideGuardRail(_ value: String, _ rail: GuardRail?) -> String {
        var result = value
        if let lower = rail?.minimum?.value.number { result = "Swift.max(\(result), \(SwiftText.double(lower)))" }
        if let upper = rail?.maximum?.value.number { result = "Swift.min(\(result), \(SwiftText.double(upper)))" }
        return result
    }
}
