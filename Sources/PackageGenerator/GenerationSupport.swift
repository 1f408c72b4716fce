import NBCore

/// Issue 3, first part: the spec, the reference evaluator and the PMML reader know trees, ensembles and more
/// expressions (MapValues, Discretize, text constants, `if` and comparison functions) and missing-value markers;
/// code generation for them arrives in a later step. Until then the generator refuses such a spec with `generate.unsupported-model` rather
/// than write code that does not compile or computes something else.
enum GenerationSupport {
    static func check(_ spec: ModelSpec) throws(DiagnosticError) {
        switch spec.model {
        case .linear: break
        case .tree, .ensemble:
            throw DiagnosticError(
                .error(
                    "generate.unsupported-model",
                    "code generation for \(spec.model.familyName) arrives in a later step",
                    help: ["nbship reads and evaluates this model, but generates Swift code for linear models only"]))
        }
        for input in spec.inputs where input.missingValues != nil {
            throw DiagnosticError(
                .error(
                    "generate.unsupported-model",
                    "code generation for missing-value markers (input '\(input.name)') arrives in a later step",
                    at: input.location,
                    help: [
                        "nbship reads and evaluates values that mean \"missing\", but does not generate code for them yet"
                    ]))
        }
        for field in spec.derivedFields {
            if let construct = unsupportedConstruct(in: field.expression) {
                throw DiagnosticError(
                    .error(
                        "generate.unsupported-model",
                        "code generation for \(construct) (derived field '\(field.name)') arrives in a later step",
                        at: field.location,
                        help: ["nbship reads and evaluates this expression, but does not generate code for it yet"]))
            }
        }
    }

    /// The first construct of an expression the linear code writer cannot translate.
    static func unsupportedConstruct(in expression: Expression) -> String? {
        switch expression {
        case .field, .constant, .indicator, .normContinuous: return nil
        case .text: return "text constants"
        case .mapValues: return "MapValues"
        case .discretize: return "Discretize"
        case .apply(let function, let arguments, _):
            guard ExpressionMath.arity[function] != nil else { return "the function '\(function)'" }
            return arguments.lazy.compactMap(unsupportedConstruct).first
        }
    }
}
