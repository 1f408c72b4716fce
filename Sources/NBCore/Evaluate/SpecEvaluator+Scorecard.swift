import NBRuntime

/// Scorecards, as JPMML-Evaluator computes them: the initial score, then characteristic by characteristic the partial
/// score of the first attribute whose predicate is true (an unknown predicate is not true), added in order. A
/// characteristic with no true attribute, or a partial score that is missing, leaves the scorecard without a result.
/// Reason codes: NBRuntime's `ReasonCodePoints`, the code generated packages run.
extension SpecEvaluator {
    func scorecardResult(_ model: ScorecardSpec, _ values: [String: FieldValue]) throws(EvaluationError) -> ModelResult
    {
        var score = model.initialScore
        var points = ReasonCodePoints()
        for characteristic in model.characteristics {
            var matched = false
            for attribute in characteristic.attributes {
                guard try holds(attribute.condition, values) == true else { continue }
                guard let partial = try evaluate(attribute.partialScore, values).number else { return .missing }
                score += partial
                if model.useReasonCodes, let code = attribute.reasonCode, let baseline = characteristic.baselineScore {
                    points.add(
                        code, model.reasonCodeAlgorithm == .pointsAbove ? partial - baseline : baseline - partial)
                }
                matched = true
                break
            }
            if !matched { return .missing }
        }
        var result = ModelResult()
        result.value = .number(score)
        if model.useReasonCodes { result.reasonCodes = points.ranked }
        return result
    }
}
