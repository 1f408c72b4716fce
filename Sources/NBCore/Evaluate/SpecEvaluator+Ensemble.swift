import NBRuntime

/// Ensembles (PMML MiningModel/Segmentation), as JPMML-Evaluator combines segments: NBRuntime's `Ensemble`, the
/// code generated packages run. The evaluator adds what a package cannot know in advance: the spec errors a row
/// reveals (a segment predicting text where numbers are combined, weights summing to 0) are reported, not
/// turned into "no prediction".
extension SpecEvaluator {
    /// One segment that took part, with its result and its weight for the row.
    struct SegmentResult {
        var segment: Segment
        var result: ModelResult
        var weight: Double
    }

    func ensembleResult(
        _ ensemble: MiningModelSpec, _ values: [String: FieldValue]
    ) throws(EvaluationError) -> ModelResult {
        let plan = ensemble.runtimePlan
        var scope = values
        var results: [SegmentResult] = []
        var members: [Ensemble.Member] = []
        for segment in ensemble.segments {
            guard try holds(segment.predicate, scope) == true else { continue }
            var local = scope
            for field in segment.derivedFields {
                local[field.name] = ValueSemantics.cast(try evaluate(field.expression, local), to: field.type)
            }
            var result = try evaluateModel(segment.model, local, target: segment.target)
            result.outputs = try outputValues(segment.outputFields, result, local)
            var weight = segment.weight
            if let field = segment.variableWeight {
                guard let value = (result.outputs[field] ?? local[field])?.number, value >= 0 else {
                    throw .undefinedResult("segment '\(segment.id)' has no weight: '\(field)' is not a number")
                }
                weight = value
            }
            if let decided = Ensemble.admit(result.scored, weight: weight, plan, into: &members) {
                // A missing prediction under returnMissing, or the first result of selectFirst (with its outputs).
                return decided.value.isMissing ? .missing : result
            }
            if ensemble.multipleModelMethod == .modelChain {
                for (name, value) in result.outputs { scope[name] = value }
            }
            results.append(SegmentResult(segment: segment, result: result, weight: weight))
        }
        if ensemble.multipleModelMethod == .modelChain, let last = results.last { return last.result }
        if let reason = Self.undefinedCombination(ensemble, results, members, plan) { throw .undefinedResult(reason) }
        return ModelResult(Ensemble.combine(members, plan))
    }

    /// Why the segments' results cannot be combined, in the order JPMML-Evaluator meets it; nil when they can
    /// (or the ensemble gives no prediction for this row anyway).
    private static func undefinedCombination(
        _ ensemble: MiningModelSpec, _ results: [SegmentResult], _ members: [Ensemble.Member], _ plan: Ensemble.Plan
    ) -> String? {
        if results.isEmpty { return nil }
        let method = ensemble.multipleModelMethod
        let regression = ensemble.function == .regression
        switch method {
        case .selectFirst, .modelChain, .majorityVote, .weightedMajorityVote:
            return regression && method != .selectFirst && method != .modelChain
                ? "\(method.rawValue) does not apply to regression" : nil
        case .sum, .weightedSum, .weightedMedian:
            if !regression { return "\(method.rawValue) does not apply to classification" }
        case .average, .weightedAverage, .median, .max:
            if regression && method == .max { return "max does not apply to regression" }
        }
        var weights: [Double] = []
        for entry in results {
            if entry.result.value.isMissing {
                if ensemble.missingPredictionTreatment != .skipSegment || Ensemble.tooManyMissing(members, plan) {
                    return nil
                }
                continue
            }
            if regression, entry.result.value.number == nil {
                return "segment '\(entry.segment.id)' predicts '\(entry.result.value)', not a number"
            }
            if !regression, entry.result.probabilities.isEmpty {
                return "segment '\(entry.segment.id)' gives no class probabilities to combine"
            }
            weights.append(entry.weight)
        }
        if method == .weightedAverage, !weights.isEmpty,
            Ensemble.sum(weights, float: regression && ensemble.numeric == .float) == 0
        {
            return "the segment weights sum to 0"
        }
        return nil
    }

    /// A left-to-right sum, in float32 where the model declares it (as XGBoost adds its trees): NBRuntime's.
    static func sum(_ values: [Double], float: Bool) -> Double { Ensemble.sum(values, float: float) }
}
