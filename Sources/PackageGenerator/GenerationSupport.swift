import NBCore

/// What the code writers cannot translate yet. The spec, the reference evaluator and the PMML reader know more
/// (text constants, MapValues, Discretize, missing-value markers in linear models); for those the generator
/// refuses with `generate.unsupported-model` rather than write code that does not compile or computes something
/// else. Trees and ensembles are written by `TreeCodeWriter`, which handles every expression.
enum GenerationSupport {
    static func check(_ spec: ModelSpec) throws(DiagnosticError) {
        guard spec.isPlainLinear else { return }
        for input in spec.inputs where input.missingValues != nil {
            throw DiagnosticError(
                .error(
                    PackageDiagnosticID.unsupportedModel,
                    "code generation for missing-value markers (input '\(input.name)') in a linear model is not supported",
                    at: input.location,
                    help: [
                        "nbship reads and evaluates values that mean \"missing\", but does not generate code for them in linear models"
                    ]))
        }
        for field in spec.derivedFields {
            if let construct = unsupportedConstruct(in: field.expression) {
                throw DiagnosticError(
                    .error(
                        PackageDiagnosticID.unsupportedModel,
                        "code generation for \(construct) (derived field '\(field.name)') in a linear model is not supported",
                        at: field.location,
                        help: [
                            "nbship reads and evaluates this expression, but does not generate code for it in linear models"
                        ]))
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
