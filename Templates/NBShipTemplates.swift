/// The templates shipped inside the nbship binary, so it needs no files beside it.
///
/// Each template is keyed by its name without the `.mustache` extension (`Model.swift`, `README.md`).
/// `--templates DIR` replaces them with a user's copy of this folder.
public enum EmbeddedTemplates {
    /// Template text by name.
    public static let all: [String: String] = [
        "CSV.swift": text(PackageResources.CSV_swift_mustache),
        "Input.swift": text(PackageResources.Input_swift_mustache),
        "Model.swift": text(PackageResources.Model_swift_mustache),
        "Output.swift": text(PackageResources.Output_swift_mustache),
        "Package.swift": text(PackageResources.Package_swift_mustache),
        "Parameters.swift": text(PackageResources.Parameters_swift_mustache),
        "Support.swift": text(PackageResources.Support_swift_mustache),
        "Trees.swift": text(PackageResources.Trees_swift_mustache),
        "Tests.swift": text(PackageResources.Tests_swift_mustache),
        "main.swift": text(PackageResources.main_swift_mustache),
        "README.md": text(PackageResources.README_md_mustache),
        "model-card.html": text(PackageResources.model_card_html_mustache),
        "parameters.yaml": text(PackageResources.parameters_yaml_mustache),
    ]

    /// nbship's runtime (`Sources/NBRuntime`), copied into generated packages byte for byte, never rendered: the
    /// same files nbship's own build compiles (these resources are links to them).
    public static let runtime: [String: String] = [
        "Link.swift": text(PackageResources.Link_swift_verbatim),
        "Runtime.swift": text(PackageResources.Runtime_swift_verbatim),
        "Python.swift": text(PackageResources.Python_swift_verbatim),
        "Scorecard.swift": text(PackageResources.Scorecard_swift_verbatim),
    ]

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
