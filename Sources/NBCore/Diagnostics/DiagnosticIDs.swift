// The diagnostic ids of nbship outside its two readers (`NotebookDiagnosticID`, `PMMLDiagnosticID`), one catalogue
// per area, each id with its severity. Sources use these constants, never a literal id: a test
// (`DiagnosticCatalogueTests`) fails on an id-shaped literal outside a catalogue, on an id without a severity,
// and on an id listed twice.

/// Building the model spec from the notebook and the model file (`SpecBuilder`).
public enum SpecDiagnosticID {
    /// A model file is required (error).
    public static let modelRequired = "spec.model-required"
    /// The `model` cell's function reads a name nothing defines, returns values of mixed kinds, or never returns (error).
    public static let functionName = "spec.model-function"
    /// A result the model file declares (an OutputField) has the name of one of the package's own output columns
    /// (error).
    public static let outputNameClash = "spec.output-name-clash"
    /// The model file declares no target field: nbship packages models that predict one (error).
    public static let noTarget = "spec.unsupported-no-target"
    /// The package name cannot be used (error).
    public static let badName = "spec.bad-name"
    /// A decoded or edited model spec breaks a structural rule (error).
    public static let invalid = "spec.invalid"
    /// A golden example cannot be scored by the reference evaluator (error).
    public static let exampleNotScorable = "spec.example-not-scorable"
    /// A golden example disagrees with the model file (error).
    public static let exampleMismatch = "spec.example-mismatch"
    /// An example names something that is not a model input and looks like a misspelt one (error).
    public static let exampleUnknownInput = "spec.example-unknown-input"
    /// An example is outside a guard rail, so the package would refuse it (error).
    public static let exampleOutsideGuardRail = "spec.example-outside-guard-rail"
    /// An example's prediction is beyond a prediction cap (error).
    public static let exampleOutsideCap = "spec.example-outside-cap"
    /// No examples in the notebook or the model file: the tests use reference rows (warning).
    public static let noGoldenExamples = "spec.no-golden-examples"
    /// A parameter's value has the wrong type for its role (error).
    public static let parameterType = "spec.parameter-type"
    /// A parameter's value is outside the range its comment gives (error).
    public static let parameterOutOfRange = "spec.parameter-out-of-range"
    /// A guard rail on an input that is not numeric (error).
    public static let guardRailType = "spec.guard-rail-type"
    /// A minimum above its maximum: nothing could pass (error).
    public static let boundsOrder = "spec.bounds-order"
    /// A prediction cap on a classifier (error).
    public static let capNeedsRegression = "spec.cap-needs-regression"
    /// A threshold on a regression (error).
    public static let thresholdNeedsClassifier = "spec.threshold-needs-classifier"
    /// A threshold on a classifier with more than two classes (error).
    public static let thresholdNeedsBinary = "spec.threshold-needs-binary"
    /// `positive_class` names no class of the model (error).
    public static let unknownClass = "spec.unknown-class"
    /// `positive_class` without a threshold to apply it to (warning).
    public static let positiveClassUnused = "spec.positive-class-unused"
    /// No `positive_class`: the threshold applies to the second class (note).
    public static let positiveClassDefault = "spec.positive-class-default"
    /// The notebook lists a feature the model file does not use (warning).
    public static let featureNotUsed = "spec.feature-not-used"
    /// Positional model inputs (`x1`) mapped from the notebook's names (note).
    public static let featuresByPosition = "spec.features-by-position"
    /// Scaling reaches positional inputs only through the notebook's name order, and no example checks it (error).
    public static let featuresByPositionUnconfirmed = "spec.features-by-position-unconfirmed"
    /// Scaling constants for features the model file does not use (note).
    public static let scalingUnusedFeature = "spec.scaling-unused-feature"
    /// A list of constants taken in the model file's input order (note).
    public static let scalingOrderFromModel = "spec.scaling-order-from-model"
    /// A list of constants aligned with the one list of feature names of its length (note).
    public static let scalingOrderFromList = "spec.scaling-order-from-list"
    /// A scaling key close to an input that has no constant of its own: a likely typo (error).
    public static let scalingUnknownFeature = "spec.scaling-unknown-feature"
    /// A list of constants whose features nothing says (error).
    public static let scalingNeedsFeatures = "spec.scaling-needs-features"
    /// A list of constants of another length than the feature list (error).
    public static let scalingLengthMismatch = "spec.scaling-length-mismatch"
    /// A feature with only some of the statistics its scaling needs (error).
    public static let scalingIncomplete = "spec.scaling-incomplete"
    /// The notebook's constants disagree with the scaling in the model file (error).
    public static let scalingMismatch = "spec.scaling-mismatch"
    /// The model file already scales inputs as the notebook's constants say (note).
    public static let scalingInModel = "spec.scaling-in-model"
    /// Raw-read inputs with constants and nothing to decide whether to apply them (error).
    public static let scalingAmbiguous = "spec.scaling-ambiguous"
    /// Neither reading of the constants reproduces the examples (note, with the examples' own errors).
    public static let scalingNoReadingFits = "spec.scaling-no-reading-fits"
    /// A scaling marker that the examples contradict (error).
    public static let scalingMarkerContradicted = "spec.scaling-marker-contradicted"
    /// The notebook's constants are applied to raw inputs (note).
    public static let notebookScalingApplied = "spec.notebook-scaling-applied"
    /// The notebook's constants are not applied (note).
    public static let notebookScalingNotApplied = "spec.notebook-scaling-not-applied"
    /// ModelVerification records in the model file's scaled input space: checked, not package tests (note).
    public static let verificationScaledSpace = "spec.verification-scaled-space"
}

/// Notebook cells nbship reads in `NBCore` (scaling constants, examples, comments); the reader's own ids are
/// `NotebookDiagnosticID`.
public enum NotebookCellDiagnosticID {
    /// Scaling constants with a value of the wrong shape (error).
    public static let scalingBadValue = "notebook.scaling-bad-value"
    /// A scaling dict keyed by something other than feature names (error).
    public static let scalingBadKey = "notebook.scaling-bad-key"
    /// Numbers in a scaling cell nbship cannot place (error).
    public static let scalingNotUnderstood = "notebook.scaling-not-understood"
    /// A name in a scaling cell nbship does not know, holding no numbers (warning).
    public static let scalingUnrecognised = "notebook.scaling-unrecognised"
    /// An examples assignment nbship cannot read (error).
    public static let examplesNotUnderstood = "notebook.examples-not-understood"
    /// A value in an example of the wrong kind (error).
    public static let examplesBadValue = "notebook.examples-bad-value"
    /// A `range [...]` comment that does not parse (warning).
    public static let malformedRange = "notebook.malformed-range"
    /// A feature list computed when the notebook runs (note).
    public static let featuresComputed = "notebook.features-computed"
}

/// The parameters file (`parameters.yaml`) and `nbship params`.
public enum ParamsDiagnosticID {
    /// A tab character in the YAML file (error).
    public static let tab = "params.tab"
    /// The file sets no parameter (error).
    public static let empty = "params.empty"
    /// A parameter set twice (error).
    public static let duplicate = "params.duplicate"
    /// Not valid YAML (error).
    public static let syntax = "params.syntax"
    /// The file is not a list of `name: value` lines (error).
    public static let notAMapping = "params.not-a-mapping"
    /// A value outside its range (error).
    public static let outOfRange = "params.out-of-range"
    /// A parameter left out of the file (error).
    public static let missing = "params.missing"
    /// A minimum above its maximum (error).
    public static let boundsOrder = "params.bounds-order"
    /// A value of the wrong type (error).
    public static let wrongType = "params.wrong-type"
    /// A value some YAML tools would read differently (error).
    public static let ambiguous = "params.ambiguous"
    /// A value outside the allowed values (error).
    public static let notAllowed = "params.not-allowed"
    /// A name that is not a parameter of the model (error).
    public static let unknown = "params.unknown"
    /// A file or archive that cannot be read (error).
    public static let unreadable = "params.unreadable"
    /// The edited file cannot be written (error).
    public static let write = "params.write"
    /// No model-spec.json to check the file against (error).
    public static let noPackage = "params.no-package"
    /// `params apply` on an archive that is not intact (error).
    public static let damagedArchive = "params.damaged-archive"
    /// The archive's version is not MAJOR.MINOR.PATCH (error).
    public static let badVersion = "params.bad-version"
    /// The generated tests of the new version cannot be run (error).
    public static let testsNotRun = "params.tests-not-run"
    /// The generated tests of the new version failed; nothing was written (error).
    public static let testsFailed = "params.tests-failed"
}

/// Archives: writing, reading, checking (`ArchiveError` and the package commands).
public enum ArchiveDiagnosticID {
    /// An invalid file path in a package (error).
    public static let invalidPath = "archive.invalid-path"
    /// The same path twice in a package (error).
    public static let duplicatePath = "archive.duplicate-path"
    /// A file that is also a folder of another (error).
    public static let pathConflict = "archive.path-conflict"
    /// An invalid archive root folder name (error).
    public static let invalidRoot = "archive.invalid-root"
    /// An invalid modification time (error).
    public static let invalidModificationTime = "archive.invalid-mtime"
    /// SOURCE_DATE_EPOCH is not a whole number of seconds (error).
    public static let invalidSourceDateEpoch = "archive.invalid-source-date-epoch"
    /// No UTF-8 locale for libarchive (error).
    public static let noUTF8Locale = "archive.no-utf8-locale"
    /// libarchive failed (error).
    public static let libarchive = "archive.libarchive"
    /// The destination exists; nothing is overwritten (error).
    public static let destinationExists = "archive.destination-exists"
    /// A file-system operation failed (error).
    public static let fileSystem = "archive.file-system"
    /// An archive entry with an unsafe path (error).
    public static let unsafeEntryPath = "archive.unsafe-entry-path"
    /// An archive entry that is not a file or folder (error).
    public static let unsupportedEntry = "archive.unsupported-entry"
    /// An archive entry that occurs twice (error).
    public static let duplicateEntry = "archive.duplicate-entry"
    /// More entries than the limit (error).
    public static let tooManyEntries = "archive.too-many-entries"
    /// Contents larger than the limit (error).
    public static let tooLarge = "archive.too-large"
    /// A malformed SHA256SUMS line (error).
    public static let malformedChecksums = "archive.malformed-checksums"
    /// The archive to write exists already (error).
    public static let exists = "archive.exists"
    /// The archive cannot be read (error).
    public static let unreadable = "archive.unreadable"
    /// The file is not gzip-compressed (error).
    public static let notGzip = "archive.not-gzip"
    /// The archive has no manifest.json (error).
    public static let noManifest = "archive.no-manifest"
    /// The archive's manifest.json cannot be read (error).
    public static let badManifest = "archive.bad-manifest"
}

/// Generating and versioning packages, reading input files, and nbship's own failures.
public enum PackageDiagnosticID {
    /// A model the code writers cannot translate yet (error).
    public static let unsupportedModel = "generate.unsupported-model"
    /// A template is missing from a `--templates` folder (error).
    public static let templateMissing = "templates.missing"
    /// A template does not start with its content-type pragma (error).
    public static let templatePragmaMissing = "templates.pragma-missing"
    /// A template does not parse (error).
    public static let templateSyntax = "templates.syntax"
    /// The templates folder cannot be read (error).
    public static let templatesUnreadable = "templates.unreadable"
    /// A template cannot be rendered (error).
    public static let templateRender = "templates.render"
    /// The model spec cannot be written as JSON (error).
    public static let specEncode = "spec.encode"
    /// An input file does not exist (error).
    public static let inputNotFound = "input.not-found"
    /// An input file is larger than the limit (error).
    public static let inputTooLarge = "input.too-large"
    /// An input file cannot be read (error).
    public static let inputUnreadable = "input.unreadable"
    /// A model file of a kind nbship does not read, named by its content (error).
    public static let inputUnknownFormat = "input.unknown-format"
    /// The previous archive cannot be compared with (error).
    public static let versionUnreadablePrevious = "version.unreadable-previous"
    /// `--version` is not a semantic version (error).
    public static let versionInvalid = "version.invalid"
    /// `--version` is lower than what the change needs (error).
    public static let versionRefused = "version.refused"
    /// `nbship diff` of an archive without a readable spec (error).
    public static let diffNoSpec = "diff.no-spec"
    /// A conformance corpus file cannot be read (error).
    public static let conformanceUnreadable = "conformance.unreadable"
    /// A corpus case's repair text is not in its model file (error).
    public static let conformanceRepair = "conformance.repair"
    /// A bug in nbship (error).
    public static let internalError = "nbship.internal"
}
