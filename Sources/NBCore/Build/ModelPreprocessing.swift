/// What the model file itself does to each raw input before its model reads it.
///
/// Exporters put preprocessing in different places: the TransformationDictionary, the LocalTransformations of a
/// segment at any depth of an ensemble, a neural network's NeuralInputs. This walks all of them, follows chains of
/// derived fields, and for each input tells whether the model reads it raw or through an affine map
/// `x * slope + intercept` (a standard, min-max or robust scaler in any of its spellings: NormContinuous, `Apply`
/// arithmetic in any order). The map is measured, not recognised: each derived field is evaluated at three points.
struct ModelPreprocessing {
    /// A derived field that is an affine function of one raw input.
    struct AffineView: Equatable {
        var name: String
        /// Where the derived field is defined (`TransformationDictionary`, `segment 3`, `NeuralInputs`).
        var scope: String
        var slope: Double
        var intercept: Double
        var formula: String { "x * \(NumberFormat.shortest(slope)) + \(NumberFormat.shortest(intercept))" }
    }

    /// How the model file reads one input.
    struct Reading {
        /// Scaling maps applied by the model file (identity maps such as casts are not scaling).
        var views: [AffineView] = []
        /// Derived fields of this input alone that are not affine (a log, bins, a threshold).
        var otherTransforms: [String] = []
        /// Whether a model reads the value as it comes (directly, or through an identity map).
        var readsRaw = false
        var isScaledByModel: Bool { !views.isEmpty }
    }

    private struct Definition {
        var name: String
        var expression: Expression
        var scope: String
    }

    private var definitions: [Definition] = []
    private var directReads: Set<String> = []
    private let inputs: Set<String>
    private let evaluator = SpecEvaluator(
        inputs: [], derivedFields: [],
        model: .linear(LinearModelSpec(function: .regression, normalization: .none, equations: [], sourceElement: "")),
        target: TargetSpec(name: "", type: .double, opType: .continuous))

    init(model: ImportedModel) {
        inputs = Set(model.inputs.map(\.name))
        for field in model.derivedFields {
            definitions.append(
                Definition(name: field.name, expression: field.expression, scope: "TransformationDictionary"))
        }
        collect(model.model, scope: "the model")
    }

    private mutating func collect(_ body: ModelBody, scope: String) {
        switch body {
        case .ensemble(let ensemble):
            for segment in ensemble.segments {
                let inner = "segment \(segment.id)"
                directReads.formUnion(segment.predicate.fieldReferences)
                for field in segment.derivedFields {
                    definitions.append(Definition(name: field.name, expression: field.expression, scope: inner))
                }
                collect(segment.model, scope: inner)
            }
        case .network(let network):
            for input in network.inputs {
                definitions.append(
                    Definition(name: "NeuralInput \(input.id)", expression: input.expression, scope: "NeuralInputs"))
            }
        case .linear, .tree, .machine, .bayes, .function, .scorecard:
            directReads.formUnion(body.fieldReferences)
        }
    }

    /// How the model file reads `input`. `points` are three raw values to measure maps at (typical values: the
    /// notebook's mean and one and two scales above it), so that clipping at outliers does not disturb the measure.
    func reading(of input: String, at points: [Double]) -> Reading {
        var reading = Reading(readsRaw: directReads.contains(input))
        var samples: [[String: FieldValue]] = points.map { [input: .number($0)] }
        var dependsOnInputOnly: Set<String> = [input]
        for definition in definitions {
            let references = definition.expression.fieldReferences
            guard !references.isEmpty, references.allSatisfy(dependsOnInputOnly.contains) else { continue }
            var values: [Double] = []
            for index in samples.indices {
                guard let value = try? evaluator.evaluate(definition.expression, samples[index]).number,
                    value.isFinite
                else { break }
                values.append(value)
                samples[index][definition.name] = .number(value)
            }
            dependsOnInputOnly.insert(definition.name)
            guard values.count == points.count, let view = Self.affine(points, values) else {
                reading.otherTransforms.append(definition.name)
                continue
            }
            // A view read by another definition is an intermediate step; the model reads the last ones, but any
            // non-identity view means the model file scales the input.
            if ScalingReconciler.close(view.slope, 1) && ScalingReconciler.close(view.intercept, 0) {
                if directReads.contains(definition.name) || definition.scope == "NeuralInputs" {
                    reading.readsRaw = true
                }
                continue
            }
            reading.views.append(
                AffineView(name: definition.name, scope: definition.scope, slope: view.slope, intercept: view.intercept)
            )
        }
        return reading
    }

    /// The line through the three measured points, when they lie on one.
    private static func affine(_ xs: [Double], _ ys: [Double]) -> (slope: Double, intercept: Double)? {
        guard xs.count == 3, xs[1] != xs[0], xs[2] != xs[1] else { return nil }
        let slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
        let second = (ys[2] - ys[1]) / (xs[2] - xs[1])
        guard ScalingReconciler.close(slope, second) || abs(slope - second) <= 1e-9 * max(abs(slope), 1) else {
            return nil
        }
        return (slope, ys[0] - slope * xs[0])
    }
}
