/// The stable ids of the diagnostics the XGBoost and LightGBM readers emit. Never rename one.
public enum BoosterDiagnosticID {
    /// The file is not valid JSON or UBJSON (error, with the byte offset where known).
    public static let xgboostSyntax = "xgboost.syntax"
    /// A JSON document that is not an XGBoost model, or one whose fields have the wrong shape (error).
    public static let xgboostSchema = "xgboost.schema"
    /// An XGBoost model nbship cannot translate faithfully: an objective, booster or split kind (error).
    public static let xgboostUnsupported = "xgboost.unsupported"
    /// The LightGBM text is not a model or is malformed (error, with the line).
    public static let lightgbmSyntax = "lightgbm.syntax"
    /// A LightGBM model nbship cannot translate faithfully: an objective, linear trees, categorical splits (error).
    public static let lightgbmUnsupported = "lightgbm.unsupported"
}
