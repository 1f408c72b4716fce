import NBCore

extension ContextBuilder {
    struct ExampleContext {
        let name, prediction, label, probabilities, tolerance, ulps: String
        let inputLines: [String]
    }
    struct TestsContext {
        let header, moduleName, labelType: String
        let examples: [ExampleContext]
        let exampleCount: Int
        let regression, classification, hasThreshold: Bool
        let thresholdName, outOfRangeValue, positiveCase: String
        /// How far from 1 the probabilities' sum may be: float32 models round each probability to float32.
        let sumTolerance: String
        let extremeLines: [String]
        let rangeChecks: [RangeCheck]
        let hasRangeChecks: Bool
        let requiredInput: InputRef?
        let replacedInput: InputRef?
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
            return ExampleContext(
                name: SwiftText.stringLiteral(what),
                prediction: example.expectedPrediction.map(SwiftText.double) ?? "nil",
                label: example.expectedLabel.map(SwiftText.stringLiteral) ?? "nil",
                probabilities: probabilities.isEmpty ? "[:]" : "[" + probabilities.joined(separator: ", ") + "]",
                tolerance: SwiftText.double(example.tolerance), ulps: example.floatULPs.map(String.init) ?? "nil",
                inputLines: lines)
        }
        let extremes = spec.inputs.enumerated().map { position, input -> String in
            let name = names.inputs[input.name] ?? "feature"
            let comma = position == spec.inputs.count - 1 ? "" : ","
            let value: String
            if !input.type.isNumeric {
                value = SwiftText.stringLiteral(input.validValues.first ?? "")
            } else if input.invalidTreatment == .returnInvalid, let bounds = Self.bounds(input) {
                // The model file rejects values outside the valid range: use its ends.
                value = "value < 0 ? \(SwiftText.double(bounds.lower)) : \(SwiftText.double(bounds.upper))"
            } else {
                value = "value"
            }
            return "\(name): \(value)\(comma)"
        }
        let rangeChecks = spec.inputs.compactMap { input -> RangeCheck? in
            guard input.type.isNumeric, input.invalidTreatment == .returnInvalid, let bounds = Self.bounds(input) else {
                return nil
            }
            return RangeCheck(
                feature: SwiftText.stringLiteral(input.name), swiftName: names.inputs[input.name] ?? "feature",
                outside: SwiftText.double(bounds.upper + max(1, abs(bounds.upper))))
        }
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
            sumTolerance: spec.model.computesInFloat ? "1e-6" : "1e-9", extremeLines: extremes,
            rangeChecks: rangeChecks, hasRangeChecks: !rangeChecks.isEmpty,
            requiredInput: optionalInputs ? nil : spec.inputs.first { $0.missingReplacement == nil }.map(inputRef),
            replacedInput: optionalInputs ? nil : spec.inputs.first { $0.missingReplacement != nil }.map(inputRef))
    }
}
