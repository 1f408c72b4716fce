/// The stable ids of the diagnostics `PMMLReader` emits. Tests and tools rely on them; never rename one.
public enum PMMLDiagnosticID {
    /// The file is not well-formed XML (error, with line and column).
    public static let xmlSyntax = "pmml.xml-syntax"
    /// The file uses a DTD entity reference, which nbship refuses to expand (error).
    public static let xmlEntity = "pmml.xml-entity"
    /// The document nests deeper than the depth limit (error).
    public static let tooDeep = "pmml.too-deep"
    /// A model with more tree nodes than the limit (error; `--max-nodes` raises it).
    public static let tooManyNodes = "pmml.too-many-nodes"
    /// The root element is not `PMML`, or it is in a foreign namespace (error).
    public static let notPMML = "pmml.not-pmml"
    /// The PMML version is outside 3.0–4.4 (warning).
    public static let unsupportedVersion = "pmml.unsupported-version"
    /// A required element is absent (error).
    public static let missingElement = "pmml.missing-element"
    /// A required attribute is absent (error).
    public static let missingAttribute = "pmml.missing-attribute"
    /// An attribute or text that must be a number is not one (error).
    public static let badNumber = "pmml.bad-number"
    /// An attribute has a value PMML does not define (error).
    public static let badAttributeValue = "pmml.bad-attribute-value"
    /// A reference names no field that is visible there (error, with did-you-mean).
    public static let unknownField = "pmml.unknown-field"
    /// A GeneralRegressionModel cell names no declared parameter (error).
    public static let unknownParameter = "pmml.unknown-parameter"
    /// A class label used by the model is not a category of the target (error).
    public static let unknownCategory = "pmml.unknown-category"
    /// Two fields have the same name (error).
    public static let duplicateField = "pmml.duplicate-field"
    /// Derived fields depend on each other in a cycle (error).
    public static let circularField = "pmml.circular-field"
    /// The model's parts contradict each other, e.g. a classification table without `targetCategory` (error).
    public static let invalidModel = "pmml.invalid-model"
    /// A function is called with the wrong number of arguments (error).
    public static let badArguments = "pmml.bad-arguments"
    /// An element nbship cannot translate faithfully (error).
    public static let unsupportedElement = "pmml.unsupported-element"
    /// An `Apply` function nbship cannot translate (error).
    public static let unsupportedFunction = "pmml.unsupported-function"
    /// A valid PMML attribute value nbship cannot translate (error).
    public static let unsupportedAttributeValue = "pmml.unsupported-attribute-value"
    /// OutputFields whose feature nbship does not produce; they are left out (warning).
    public static let unsupportedOutput = "pmml.unsupported-output"
    /// Content that does not affect scoring and is left out, listed so nothing disappears silently (warning/note).
    public static let ignoredContent = "pmml.ignored-content"
    /// The model declares no target field (warning).
    public static let missingTarget = "pmml.missing-target"
    /// A ModelVerification record cannot be used (warning; the model itself still imports).
    public static let badVerification = "pmml.bad-verification"
}
