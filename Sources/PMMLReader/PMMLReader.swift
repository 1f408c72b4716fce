import Foundation
import NBCore

/// Reads PMML documents (versions 3.x to 4.4) into `ImportedModel`s.
///
/// nbship translates linear models: `RegressionModel` (linear, logistic, multinomial, polynomial and interaction
/// terms) and the linear kinds of `GeneralRegressionModel` (regression, generalLinear, generalizedLinear,
/// multinomialLogistic); decision trees (`TreeModel`, every missing-value and no-true-child strategy); and ensembles
/// (`MiningModel`: random forests, gradient boosting from scikit-learn, R, KNIME, XGBoost and LightGBM, voting,
/// selectFirst and model chains, nested to any depth), together with their DataDictionary, MiningSchema,
/// DerivedFields (NormContinuous, NormDiscrete, MapValues, Discretize, Apply with arithmetic, comparison and logic
/// functions), Targets, Output and ModelVerification. Anything that would change predictions and that nbship cannot
/// translate is refused with a `pmml.unsupported-*` diagnostic naming the element and its line; it is never skipped
/// silently. `Extension` elements and documentation (ModelStats, ModelExplanation) are ignored.
public enum PMMLReader {
    /// Parses and translates a PMML document.
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the path as the user gave it; used in diagnostics and `ImportedModel.file`.
    /// - Returns: the model, with warnings in `ImportedModel.diagnostics`.
    /// - Throws: every error found (and the warnings found with them), all at once. Ids are listed in
    ///   `PMMLDiagnosticID`.
    public static func read(
        data: Data, file: String, limits: InputLimits = InputLimits()
    ) throws(DiagnosticError) -> ImportedModel {
        let root = try XMLTreeReader.parse(data, file: file, maxDepth: limits.maxDepth)
        var extractor = PMMLExtractor(file: file)
        let model = extractor.extract(root)
        let diagnostics = DiagnosticCondenser.condense(extractor.diagnostics.diagnostics)
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticError(diagnostics) }
        guard var model else {
            // Every path that stops extraction reports an error first; this guards against a missed report.
            throw DiagnosticError(
                .error(PMMLDiagnosticID.invalidModel, "The model could not be read.", at: SourceLocation(file: file)))
        }
        model.diagnostics = diagnostics
        return model
    }
}
