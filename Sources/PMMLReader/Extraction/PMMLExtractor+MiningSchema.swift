import NBCore

/// MiningSchema: which fields are inputs and which is the target, and how inputs are cleaned.
extension PMMLExtractor {
    static let usageTypes: [String: MiningFieldInfo.Usage] = [
        "active": .active, "target": .target, "predicted": .target, "supplementary": .notUsed,
        "frequencyWeight": .notUsed, "analysisWeight": .notUsed,
    ]
    static let invalidTreatments: [String: InvalidValueTreatment] = [
        "returnInvalid": .returnInvalid, "asIs": .asIs, "asMissing": .asMissing,
    ]
    static let outlierModes: [String: OutlierTreatment.Mode] = [
        "asIs": .asIs, "asMissingValues": .asMissingValues, "asExtremeValues": .asExtremeValues,
    ]
    /// `missingValueTreatment` only documents how `missingValueReplacement` was chosen, except `returnInvalid`.
    static let missingTreatments: [String: Bool] = [
        "asIs": true, "asMean": true, "asMode": true, "asMedian": true, "asValue": true,
    ]

    mutating func readMiningSchema(_ schema: XMLTreeElement) {
        checkChildren(of: schema, handled: ["MiningField"])
        for element in schema.children(named: "MiningField") {
            guard let name = required("name", of: element) else { continue }
            if let earlier = miningFieldIndex[name] {
                error(
                    PMMLDiagnosticID.duplicateField, "The MiningSchema lists '\(name)' twice.", at: element,
                    notes: [
                        Diagnostic.Note(
                            "first listed here", at: SourceLocation(file: file, line: miningFields[earlier].line))
                    ])
                continue
            }
            guard dataFields[name] != nil else {
                let help = suggesting() ? NameSuggestion.help(for: name, in: dataFieldOrder) : []
                error(
                    PMMLDiagnosticID.unknownField, "The MiningField '\(name)' names no DataField.", at: element,
                    help: help + ["every MiningField must be declared in the DataDictionary"])
                continue
            }
            if let field = readMiningField(element, name: name) {
                miningFieldIndex[name] = miningFields.count
                miningFields.append(field)
            }
        }
    }

    private mutating func readMiningField(_ element: XMLTreeElement, name: String) -> MiningFieldInfo? {
        checkChildren(of: element, handled: [])
        let usage = enumeration(
            "usageType", of: element, Self.usageTypes, default: .active, unsupported: ["group", "order"],
            help: "'group' and 'order' belong to association and sequence models, which nbship does not translate")
        let opType =
            element.attribute("optype") == nil
            ? nil : enumeration("optype", of: element, Self.opTypes, default: nil)
        let invalid = enumeration(
            "invalidValueTreatment", of: element, Self.invalidTreatments, default: .returnInvalid,
            unsupported: ["asValue"], help: "invalidValueReplacement is not translated yet; use asMissing or asIs")
        _ = enumeration(
            "missingValueTreatment", of: element, Self.missingTreatments, default: true,
            unsupported: ["returnInvalid"], help: "a missing input that makes the model fail is not translated yet")
        let mode = enumeration("outliers", of: element, Self.outlierModes, default: .asIs)
        var outliers = OutlierTreatment(mode: mode ?? .asIs)
        outliers.low = number("lowValue", of: element)
        outliers.high = number("highValue", of: element)
        if outliers.mode != .asIs {
            if outliers.low == nil { _ = required("lowValue", of: element) }
            if outliers.high == nil { _ = required("highValue", of: element) }
        }
        guard let usage, let invalid else { return nil }
        return MiningFieldInfo(
            name: name, usage: usage, opType: opType, missingReplacement: element.attribute("missingValueReplacement"),
            invalidTreatment: invalid, outliers: outliers, line: element.line)
    }

    /// The InputSpec of an active MiningField; reports the DataField's type problem now that it matters.
    mutating func inputSpec(_ field: MiningFieldInfo) -> InputSpec? {
        guard let data = dataFields[field.name] else { return nil }
        if let problem = data.typeProblem { diagnostics.add(problem) }
        guard let type = data.type, let opType = field.opType ?? data.opType else { return nil }
        return InputSpec(
            name: field.name, type: type, opType: opType, validIntervals: data.intervals,
            validValues: data.validValues, missingReplacement: field.missingReplacement,
            invalidTreatment: field.invalidTreatment, outliers: field.outliers,
            description: data.displayName == field.name ? nil : data.displayName,
            location: SourceLocation(file: file, line: data.line), missingValues: data.missingValues.nilIfEmpty)
    }
}
