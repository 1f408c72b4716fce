import NBRuntime

/// Ensembles (PMML MiningModel/Segmentation), as JPMML-Evaluator combines segments.
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
        var scope = values
        var results: [SegmentResult] = []
        for segment in ensemble.segments {
            guard try holds(segment.predicate, scope) == true else { continue }
            var local = scope
            for field in segment.derivedFields {
                local[field.name] = ValueSemantics.cast(try evaluate(field.expression, local), to: field.type)
            }
            var result = try evaluateModel(segment.model, local, target: segment.target)
            result.outputs = try outputValues(segment.outputFields, result, local)
            var skipped = false
            if result.value.isMissing {
                switch ensemble.missingPredictionTreatment {
                case .returnMissing: return .missing
                case .skipSegment: skipped = ensemble.multipleModelMethod != .modelChain
                case .continue: break
                }
            }
            if !skipped {
                if ensemble.multipleModelMethod == .selectFirst { return result }
                if ensemble.multipleModelMethod == .modelChain {
                    for (name, value) in result.outputs { scope[name] = value }
                }
            }
            var weight = segment.weight
            if let field = segment.variableWeight {
                guard let value = (result.outputs[field] ?? local[field])?.number, value >= 0 else {
                    throw .undefinedResult("segment '\(segment.id)' has no weight: '\(field)' is not a number")
                }
                weight = value
            }
            results.append(SegmentResult(segment: segment, result: result, weight: weight))
        }
        guard let last = results.last else { return .missing }
        switch ensemble.multipleModelMethod {
        case .selectFirst:
            // Every segment that ran gave no prediction and was skipped.
            return .missing
        case .modelChain:
            return last.result
        case .sum, .weightedSum, .average, .weightedAverage, .median, .weightedMedian, .max, .majorityVote,
            .weightedMajorityVote:
            break
        }
        if ensemble.function == .regression {
            guard let value = try aggregateValues(ensemble, results) else { return .missing }
            return ModelResult(value: .number(value))
        }
        switch ensemble.multipleModelMethod {
        case .majorityVote, .weightedMajorityVote:
            return try aggregateVotes(ensemble, results)
        default:
            return try aggregateProbabilities(ensemble, results)
        }
    }

    /// Whether too many segments gave no prediction (`skipSegment`): their weight share exceeds the threshold.
    private static func tooManyMissing(_ ensemble: MiningModelSpec, _ results: [SegmentResult]) -> Bool {
        let total = results.reduce(0) { $0 + $1.weight }
        let missing = results.filter { $0.result.value.isMissing }.reduce(0) { $0 + $1.weight }
        return missing / total > ensemble.missingThreshold
    }

    // MARK: - Regression

    /// Sum, average, median and their weighted forms of the segments' predictions; nil for no prediction.
    private func aggregateValues(
        _ ensemble: MiningModelSpec, _ results: [SegmentResult]
    ) throws(EvaluationError) -> Double? {
        var entries: [(value: Double, weight: Double)] = []
        for entry in results {
            guard let value = entry.result.value.number else {
                if entry.result.value.isMissing {
                    // returnMissing has already returned; continue gives no prediction; skipSegment skips.
                    if ensemble.missingPredictionTreatment != .skipSegment { return nil }
                    if Self.tooManyMissing(ensemble, results) { return nil }
                    continue
                }
                throw .undefinedResult("segment '\(entry.segment.id)' predicts '\(entry.result.value)', not a number")
            }
            entries.append((value, entry.weight))
        }
        guard !entries.isEmpty else { return nil }
        let method: Ensemble.Method
        switch ensemble.multipleModelMethod {
        case .sum: method = .sum
        case .weightedSum: method = .weightedSum
        case .average: method = .average
        case .weightedAverage:
            method = .weightedAverage
            if Self.sum(entries.map(\.weight), float: ensemble.numeric == .float) == 0 {
                throw .undefinedResult("the segment weights sum to 0")
            }
        case .median: method = .median
        case .weightedMedian: method = .weightedMedian
        default:
            throw .undefinedResult("\(ensemble.multipleModelMethod.rawValue) does not apply to regression")
        }
        // NBRuntime's combination, the code generated packages run.
        return Ensemble.combine(
            entries, method, initialScore: ensemble.initialScore, float: ensemble.numeric == .float)
    }

    /// A left-to-right sum, in float32 where the model declares it (as XGBoost adds its trees): NBRuntime's.
    static func sum(_ values: [Double], float: Bool) -> Double { Ensemble.sum(values, float: float) }

    static func product(_ a: Double, _ b: Double, float: Bool) -> Double { Ensemble.product(a, b, float: float) }

    /// The median: the middle value, or for an even count `lower + (upper - lower) / 2` (Apache Commons Math's
    /// estimate, which JPMML-Evaluator uses): NBRuntime's.
    static func median(_ values: [Double], float: Bool) -> Double? { Ensemble.median(values, float: float) }

    // MARK: - Classification

    /// Majority votes: each segment's label gets one vote (or the segment's weight); probabilities are shares.
    private func aggregateVotes(
        _ ensemble: MiningModelSpec, _ results: [SegmentResult]
    ) throws(EvaluationError) -> ModelResult {
        var votes: [(label: String, count: Double)] = []
        var missingVotes = 0.0
        let weighted = ensemble.multipleModelMethod == .weightedMajorityVote
        for entry in results {
            let weight = weighted ? entry.weight : 1
            guard let label = entry.result.value.labelText else {
                switch ensemble.missingPredictionTreatment {
                case .returnMissing: return .missing
                case .skipSegment, .continue:
                    if Self.tooManyMissing(ensemble, results) { return .missing }
                    if ensemble.missingPredictionTreatment == .continue { missingVotes += weight }
                    continue
                }
            }
            let key = Self.canonical(label, classes: ensemble.classes)
            if let index = votes.firstIndex(where: { $0.label == key }) {
                votes[index].count += weight
            } else {
                votes.append((key, weight))
            }
        }
        if missingVotes > 0, let most = votes.map(\.count).max(), missingVotes > most { return .missing }
        let total = votes.reduce(0) { $0 + $1.count }
        guard total > 0 else { return .missing }
        var result = ModelResult()
        result.probabilities = votes.map { ($0.label, total == 1 ? $0.count : $0.count / total) }
        if let best = Self.firstLargest(result.probabilities) { result.value = .text(best.label) }
        return result
    }

    /// Average, weighted average, median or maximum of the segments' class probabilities.
    private func aggregateProbabilities(
        _ ensemble: MiningModelSpec, _ results: [SegmentResult]
    ) throws(EvaluationError) -> ModelResult {
        var contributors: [SegmentResult] = []
        for entry in results {
            if entry.result.value.isMissing {
                if ensemble.missingPredictionTreatment != .skipSegment { return .missing }
                if Self.tooManyMissing(ensemble, results) { return .missing }
                continue
            }
            guard !entry.result.probabilities.isEmpty else {
                throw .undefinedResult("segment '\(entry.segment.id)' gives no class probabilities to combine")
            }
            contributors.append(entry)
        }
        guard !contributors.isEmpty else { return .missing }
        let labels = Self.labelsInOrder(contributors, classes: ensemble.classes)
        var probabilities: [(label: String, probability: Double)]
        switch ensemble.multipleModelMethod {
        case .average:
            probabilities = Self.average(contributors, labels: labels, classes: ensemble.classes)
        case .weightedAverage:
            let weights = contributors.reduce(0) { $0 + $1.weight }
            guard weights != 0 else { throw .undefinedResult("the segment weights sum to 0") }
            probabilities = labels.map { label in
                var sum = 0.0
                for entry in contributors {
                    if let p = Self.probability(entry, label, classes: ensemble.classes) {
                        sum += entry.weight * p
                    }
                }
                return (label, sum / weights)
            }
        case .max, .median:
            probabilities = Self.representative(
                contributors, labels: labels, classes: ensemble.classes, median: ensemble.multipleModelMethod == .median
            )
        default:
            throw .undefinedResult("\(ensemble.multipleModelMethod.rawValue) does not apply to classification")
        }
        var result = ModelResult(probabilities: probabilities)
        if let best = Self.firstLargest(probabilities) { result.value = .text(best.label) }
        return result
    }

    /// Labels in order of first appearance across the segments' probabilities.
    private static func labelsInOrder(_ results: [SegmentResult], classes: [String]) -> [String] {
        var labels: [String] = []
        for entry in results {
            for (label, _) in entry.result.probabilities {
                let key = canonical(label, classes: classes)
                if !labels.contains(key) { labels.append(key) }
            }
        }
        return labels
    }

    private static func probability(_ entry: SegmentResult, _ label: String, classes: [String]) -> Double? {
        entry.result.probabilities.first { canonical($0.label, classes: classes) == label }?.probability
    }

    /// The mean probability per class over all contributing segments (a class a segment lacks counts as 0).
    private static func average(
        _ results: [SegmentResult], labels: [String], classes: [String]
    ) -> [(label: String, probability: Double)] {
        labels.map { label in
            var sum = 0.0
            for entry in results {
                if let p = probability(entry, label, classes: classes) { sum += p }
            }
            return (label, sum / Double(results.count))
        }
    }

    /// `max`: the class with the largest single probability wins, and the segments that gave it are averaged.
    /// `median`: the class with the largest median probability wins, and the segments closest to that median are
    /// averaged.
    private static func representative(
        _ results: [SegmentResult], labels: [String], classes: [String], median: Bool
    ) -> [(label: String, probability: Double)] {
        var best: (label: String, value: Double)?
        for label in (classes.isEmpty ? labels : classes) {
            let values = results.compactMap { probability($0, label, classes: classes) }
            guard let statistic = median ? Self.median(values, float: false) : values.max() else { continue }
            if best == nil || statistic > best!.value { best = (label, statistic) }
        }
        guard let best else { return [] }
        let distances = results.map { abs((probability($0, best.label, classes: classes) ?? 0) - best.value) }
        let closest = distances.min() ?? 0
        let chosen = zip(results, distances).filter { $0.1 == closest }.map(\.0)
        return average(chosen, labels: labels, classes: classes)
    }
}
