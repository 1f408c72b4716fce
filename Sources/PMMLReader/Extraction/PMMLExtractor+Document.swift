import NBCore

/// The PMML element: version, Header, DataDictionary, TransformationDictionary and the choice of model.
extension PMMLExtractor {
    static let topLevel: Set<String> = [
        "Header", "MiningBuildTask", "DataDictionary", "TransformationDictionary",
    ]

    /// Reads the whole document; nil when a problem stops extraction (it has been reported).
    mutating func extract(_ root: XMLTreeElement) -> ImportedModel? {
        guard let format = checkRoot(root) else { return nil }
        let header = root.child(named: "Header")
        let application = header?.child(named: "Application")
        let producer = application.flatMap { app in
            app.attribute("name").map { name in
                [name, app.attribute("version")].compactMap { $0 }.joined(separator: " ")
            }
        }
        let models = root.children.filter { PMMLVocabulary.modelHelp[$0.name] != nil }
        checkChildren(of: root, handled: Self.topLevel.union(PMMLVocabulary.modelHelp.keys))
        guard let dictionary = root.child(named: "DataDictionary") else {
            error(
                PMMLDiagnosticID.missingElement, "The document has no <DataDictionary>.", at: root,
                help: ["every PMML document declares its fields in a DataDictionary"])
            return nil
        }
        readDataDictionary(dictionary)
        guard let model = models.first else {
            error(
                PMMLDiagnosticID.missingElement, "The document contains no model element.", at: root,
                help: [
                    "nbship expects a <RegressionModel>, <GeneralRegressionModel>, <TreeModel> or <MiningModel> after "
                        + "the DataDictionary"
                ])
            return nil
        }
        if models.count > 1 {
            let others = models.dropFirst().map { "<\($0.name)> (line \($0.line))" }.joined(separator: ", ")
            warning(
                PMMLDiagnosticID.ignoredContent,
                "The document holds \(models.count) models; nbship uses the first, <\(model.name)>, and leaves out "
                    + others + ".", at: models[1])
        }
        guard PMMLVocabulary.supportedModels.contains(model.name) else {
            error(
                PMMLDiagnosticID.unsupportedElement, "<\(model.name)> is not supported.", at: model,
                help: [PMMLVocabulary.modelHelp[model.name] ?? PMMLVocabulary.laterFamily])
            return nil
        }
        let document = DocumentInfo(
            format: format, producer: producer, description: header?.attribute("description"),
            transformations: root.child(named: "TransformationDictionary"))
        return readModel(model, document: document)
    }

    /// Checks the root element and returns the format name (`PMML 4.4`).
    private mutating func checkRoot(_ root: XMLTreeElement) -> String? {
        let namespace = root.namespaceURI
        let dmg = "http://www.dmg.org/PMML-"
        guard root.name == "PMML", namespace == nil || namespace?.hasPrefix(dmg) == true else {
            let what = root.name == "PMML" ? "<PMML> in the namespace '\(namespace ?? "")'" : "<\(root.name)>"
            error(
                PMMLDiagnosticID.notPMML, "The document is not PMML: its root element is \(what).", at: root,
                help: ["a PMML file starts with <PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\">"])
            return nil
        }
        let fromNamespace = namespace.map { String($0.dropFirst(dmg.count)).replacingOccurrences("_", ".") }
        guard let version = root.attribute("version") ?? fromNamespace else {
            warning(
                PMMLDiagnosticID.unsupportedVersion, "The <PMML> element has no version; nbship reads it as PMML 4.4.",
                at: root)
            return "PMML 4.4"
        }
        let parts = version.split(separator: ".").map { Int($0) }
        if parts.count != 2 || !(parts[0] == 3 || parts[0] == 4 && (parts[1] ?? 99) <= 4) {
            warning(
                PMMLDiagnosticID.unsupportedVersion,
                "PMML \(version) is outside the versions nbship is tested with (3.0 to 4.4).", at: root,
                help: ["the model is read as if it were PMML 4.4; check the generated package's examples"])
        }
        return "PMML \(version)"
    }
}

extension String {
    /// The string with every `target` replaced by `replacement` (no Foundation needed).
    func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
