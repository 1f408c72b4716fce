import Foundation
import Mustache
import NBCore
import NBShipTemplates

/// One file of a generated package.
public struct RenderedFile: Sendable, Hashable {
    /// Path inside the package, `/`-separated.
    public var path: String
    public var contents: String
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// Turns a validated `ModelSpec` into the files of a dependency-free Swift package.
///
/// Templates come from `Templates/` (embedded in the binary) or a user's copy given with `--templates`.
/// The output is deterministic: the same spec and version give the same bytes.
public struct PackageGenerator: Sendable {
    let library: MustacheLibrary
    /// Tree ensembles with at least this many nodes in all are written as tables walked at run time rather than as
    /// nested conditionals (see TreeTableWriter.swift).
    public var tableThreshold = Self.defaultTableThreshold
    public static let defaultTableThreshold = 2_000
    /// The nbship version written into headers.
    public static let toolVersion = "0.1.0"

    /// Uses the templates embedded in nbship.
    public init() throws(DiagnosticError) {
        try self.init(templates: EmbeddedTemplates.all, origin: "embedded templates")
    }

    /// Uses templates by name (`Model.swift` -> its text).
    public init(templates: [String: String], origin: String) throws(DiagnosticError) {
        var library = MustacheLibrary()
        var problems: [Diagnostic] = []
        for name in EmbeddedTemplates.all.keys.sorted() {
            guard let text = templates[name] else {
                problems.append(
                    .error(
                        PackageDiagnosticID.templateMissing,
                        "the template '\(name).mustache' is missing from \(origin)",
                        help: ["copy it from nbship's Templates/ folder"]))
                continue
            }
            guard text.hasPrefix("{{%CONTENT_TYPE:TEXT}}") else {
                problems.append(
                    .error(
                        PackageDiagnosticID.templatePragmaMissing,
                        "the template '\(name).mustache' does not start with {{%CONTENT_TYPE:TEXT}}",
                        help: ["without the pragma, <, >, & and quotes are HTML-escaped; add it as the first line"]))
                continue
            }
            do {
                try library.register(text, named: name)
            } catch {
                problems.append(
                    .error(
                        PackageDiagnosticID.templateSyntax, "the template '\(name).mustache' does not parse: \(error)"))
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        self.library = library
    }

    /// Reads templates from a folder of `.mustache` files.
    public static func templates(inDirectory directory: String) throws(DiagnosticError) -> [String: String] {
        var templates: [String: String] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw DiagnosticError(
                .error(PackageDiagnosticID.templatesUnreadable, "cannot read the templates folder \(directory)"))
        }
        for case let path as String in enumerator where path.hasSuffix(".mustache") {
            let name = String((path as NSString).lastPathComponent.dropLast(".mustache".count))
            if let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(path)) {
                templates[name] = String(decoding: data, as: UTF8.self)
            }
        }
        return templates
    }

    /// Generates every file of the package, sorted by path. `manifest.json` and `SHA256SUMS` are added by the
    /// packaging step, which hashes these files.
    public func generate(_ spec: ModelSpec, version: String) throws(DiagnosticError) -> [RenderedFile] {
        try GenerationSupport.check(spec)
        let names = NamingPlan(spec: spec)
        var contexts = ContextBuilder(spec: spec, names: names, version: version)
        if !spec.isPlainLinear {
            contexts.treeCode = try TreeCodeWriter(spec: spec, names: names, tableThreshold: tableThreshold).write()
        }
        let module = names.moduleName
        var files: [RenderedFile] = []
        func render(_ template: String, _ context: Any, to path: String) throws(DiagnosticError) {
            guard let text = library.render(context, withTemplate: template) else {
                throw DiagnosticError(
                    .error(PackageDiagnosticID.templateRender, "the template '\(template)' could not be rendered"))
            }
            files.append(RenderedFile(path: path, contents: text))
        }
        try render("Package.swift", contexts.package(), to: "Package.swift")
        try render("Input.swift", contexts.input(), to: "Sources/\(module)/Input.swift")
        try render("Output.swift", contexts.output(), to: "Sources/\(module)/Output.swift")
        try render("Parameters.swift", contexts.parameters(), to: "Sources/\(module)/Parameters.swift")
        try render("Model.swift", contexts.model(), to: "Sources/\(module)/Model.swift")
        try render("Support.swift", contexts.header(), to: "Sources/\(module)/Support.swift")
        files.append(
            RenderedFile(path: "Sources/\(module)/Link.swift", contents: EmbeddedTemplates.runtime["Link.swift"]!))
        if contexts.treeCode != nil {
            files.append(
                RenderedFile(
                    path: "Sources/\(module)/Runtime.swift", contents: EmbeddedTemplates.runtime["Runtime.swift"]!))
            if case .function = spec.model {
                files.append(
                    RenderedFile(
                        path: "Sources/\(module)/Python.swift", contents: EmbeddedTemplates.runtime["Python.swift"]!))
            }
            if spec.reasonCodeCount > 0 {
                files.append(
                    RenderedFile(
                        path: "Sources/\(module)/Scorecard.swift",
                        contents: EmbeddedTemplates.runtime["Scorecard.swift"]!))
            }
            for (file, context) in contexts.trees() {
                try render("Trees.swift", context, to: "Sources/\(module)/\(file)")
            }
        }
        try render("CSV.swift", contexts.header(), to: "Sources/\(names.predictProduct)/CSV.swift")
        try render("main.swift", contexts.main(), to: "Sources/\(names.predictProduct)/main.swift")
        try render("Tests.swift", contexts.tests(), to: "Tests/\(module)Tests/GoldenExampleTests.swift")
        try render("README.md", contexts.readme(), to: "README.md")
        try render("model-card.html", contexts.modelCardHTML(), to: "model-card.html")
        try render("parameters.yaml", contexts.parametersYAML(), to: "parameters.yaml")
        files.append(RenderedFile(path: "parameters.schema.json", contents: ParameterSchema.json(for: spec)))
        files.append(RenderedFile(path: "model-spec.json", contents: try SpecJSON.encode(spec)))
        return files.sorted { $0.path < $1.path }
    }
}

/// The canonical JSON form of a spec: sorted keys, locations without directories.
public enum SpecJSON {
    /// Specs whose compact JSON is larger than this are written compact: indenting a deep forest multiplies its
    /// size (a 300-tree forest: 131 MB pretty-printed), and nobody reads such a file by eye.
    static let prettyLimit = 1 << 20

    /// The compact encoder of the canonical form.
    static func compactEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    public static func encode(_ spec: ModelSpec) throws(DiagnosticError) -> String {
        let encoder = compactEncoder()
        do {
            let portable = spec.portable()
            var data = try TreeNodeJSON.encode(portable, with: encoder)
            if data.count <= prettyLimit {
                encoder.outputFormatting.insert(.prettyPrinted)
                data = try encoder.encode(portable)
            }
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            // The error's description embeds the whole spec; say what failed instead.
            let reason =
                if case EncodingError.invalidValue(_, let context) = error { context.debugDescription } else {
                    "\(type(of: error))"
                }
            throw DiagnosticError(
                .error(PackageDiagnosticID.specEncode, "the model spec could not be written as JSON: \(reason)"))
        }
    }
}

extension ModelSpec {
    /// The same spec with every location's file reduced to its base name, so generated output does not depend
    /// on the directory the inputs were in.
    public func portable() -> ModelSpec {
        func strip(_ location: SourceLocation?) -> SourceLocation? {
            guard var location else { return nil }
            location.file = (location.file as NSString).lastPathComponent
            return location
        }
        var copy = self
        for i in copy.inputs.indices { copy.inputs[i].location = strip(copy.inputs[i].location) }
        for i in copy.derivedFields.indices { copy.derivedFields[i].location = strip(copy.derivedFields[i].location) }
        for i in copy.parameters.indices { copy.parameters[i].location = strip(copy.parameters[i].location) }
        for i in copy.trainingValues.indices {
            copy.trainingValues[i].location = strip(copy.trainingValues[i].location)
        }
        for i in copy.examples.indices { copy.examples[i].location = strip(copy.examples[i].location) }
        copy.model = Self.portable(copy.model, strip)
        return copy
    }

    /// The model with the locations of its segments' derived and output fields reduced the same way.
    private static func portable(_ body: ModelBody, _ strip: (SourceLocation?) -> SourceLocation?) -> ModelBody {
        guard case .ensemble(var ensemble) = body else { return body }
        for s in ensemble.segments.indices {
            for i in ensemble.segments[s].derivedFields.indices {
                ensemble.segments[s].derivedFields[i].location = strip(ensemble.segments[s].derivedFields[i].location)
            }
            for i in ensemble.segments[s].outputFields.indices {
                ensemble.segments[s].outputFields[i].location = strip(ensemble.segments[s].outputFields[i].location)
            }
            ensemble.segments[s].model = portable(ensemble.segments[s].model, strip)
        }
        return .ensemble(ensemble)
    }
}
