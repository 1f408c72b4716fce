import Foundation
import NBRuntime

/// Support vector machines, as JPMML-Evaluator computes them: dense vectors, kernels summed from 0 in index
/// order, `sum(coefficient * K)` in support-vector order and then `+ b`; one-against-one machines vote (each vote
/// counts 1, probabilities are vote shares), one-against-all machines give distances (the smallest wins, the
/// largest with `maxWins`).
extension SpecEvaluator {
    func machineResult(
        _ model: SupportVectorMachineSpec, _ values: [String: FieldValue]
    ) throws(EvaluationError)
        -> ModelResult
    {
        var x: [Double] = []
        for field in model.fields {
            guard let value = values[field.field] else { throw .unknownField(field.field) }
            switch field {
            case .field(let name):
                guard let number = value.number else {
                    if value.isMissing { return .missing }
                    throw .invalidValue(field: name, value: value.labelText ?? "")
                }
                x.append(number)
            case .category(let name, let category, let coefficient):
                if value.isMissing { return .missing }
                x.append(ValueSemantics.equals(value, category, type: type(of: name)) ? coefficient : 0)
            }
        }
        let decisions = model.machines.map { Self.decisionValue($0, model, x) }
        if model.function == .regression { return ModelResult(value: .number(decisions.first ?? 0)) }
        let oneAgainstOne =
            model.classificationMethod == .oneAgainstOne
            || (model.machines.count == 1 && model.machines[0].alternateTargetCategory != nil)
        if oneAgainstOne {
            var votes: [(label: String, probability: Double)] = []
            for (machine, value) in zip(model.machines, decisions) {
                guard let target = machine.targetCategory, let alternate = machine.alternateTargetCategory else {
                    throw .undefinedResult("a one-against-one machine needs targetCategory and alternateTargetCategory")
                }
                let threshold = machine.threshold ?? model.threshold
                let label = (model.maxWins ? value > threshold : value < threshold) ? target : alternate
                if let index = votes.firstIndex(where: { $0.label == label }) {
                    votes[index].probability += 1
                } else {
                    votes.append((label, 1))
                }
            }
            let total = votes.reduce(0) { $0 + $1.probability }
            var result = ModelResult(probabilities: votes.map { ($0.label, $0.probability / total) })
            if let best = Ensemble.firstLargest(result.probabilities) { result.value = .text(best.label) }
            return result
        }
        var best: (label: String, value: Double)?
        for (machine, value) in zip(model.machines, decisions) {
            guard let target = machine.targetCategory else {
                throw .undefinedResult("a one-against-all machine needs a targetCategory")
            }
            if best == nil || (model.maxWins ? value > best!.value : value < best!.value) { best = (target, value) }
        }
        return ModelResult(value: best.map { .text($0.label) } ?? .missing)
    }

    /// `sum(coefficient_i * K(x, v_i)) + b`.
    public static func decisionValue(
        _ machine: SupportVectorMachineSpec.Machine, _ model: SupportVectorMachineSpec, _ x: [Double]
    ) -> Double {
        var sum = 0.0
        for (index, coefficient) in zip(machine.supportVectors, machine.coefficients) {
            sum += kernel(model.kernel, x, model.vectors[index]) * coefficient
        }
        return sum + machine.bias
    }

    /// The kernel: NBRuntime's `SVM.kernel`, the code generated packages run.
    public static func kernel(_ kernel: SupportVectorMachineSpec.Kernel, _ x: [Double], _ v: [Double]) -> Double {
        let runtime: SVM.Kernel =
            switch kernel {
            case .linear: .linear
            case .polynomial(let gamma, let coef0, let degree): .polynomial(gamma: gamma, coef0: coef0, degree: degree)
            case .radialBasis(let gamma): .radialBasis(gamma: gamma)
            case .sigmoid(let gamma, let coef0): .sigmoid(gamma: gamma, coef0: coef0)
            }
        return SVM.kernel(runtime, x, v)
    }

    static func dot(_ x: [Double], _ v: [Double]) -> Double { SVM.dot(x, v) }
}
