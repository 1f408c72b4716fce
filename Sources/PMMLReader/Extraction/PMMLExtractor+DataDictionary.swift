import NBCore

/// DataDictionary: field names, types, valid values and intervals.
extension PMMLExtractor {
    static let fieldTypes: [String: FieldType] = [
        "double": .double, "float": .float, "integer": .integer, "string": .string, "boolean": .boolean,
    ]
    static let unsupportedFieldTypes: Set<String> = [
        "date", "time", "dateTime", "dateDaysSince[0]", "dateDaysSince[1960]", "dateDaysSince[1970]",
        "dateDaysSince[1980]", "timeSeconds", "dateTimeSecondsSince[0]", "dateTimeSecondsSince[1960]",
        "dateTimeSecondsSince[1970]", "dateTimeSecondsSince[1980]",
    ]
    static let opTypes: [String: OpType] = [
        "continuous": .continuous, "categorical": .categorical, "ordinal": .ordinal,
    ]

    mutating func readDataDictionary(_ dictionary: XMLTreeElement) {
        checkChildren(of: dictionary, handled: ["DataField", "Taxonomy"])
        for element in dictionary.children(named: "DataField") {
            guard let name = required("name", of: element) else { continue }
            if dataFields[name] != nil {
                error(
                    PMMLDiagnosticID.duplicateField, "The DataDictionary declares '\(name)' twice.", at: element,
                    notes: [
                        Diagnostic.Note(
                            "first declared here", at: SourceLocation(file: file, line: dataFields[name]?.line))
                    ])
                continue
            }
            dataFields[name] = readDataField(element, name: name)
            dataFieldOrder.append(name)
        }
    }

    private mutating func readDataField(_ element: XMLTreeElement, name: String) -> DataFieldInfo {
        checkChildren(of: element, handled: ["Value", "Interval"])
        var info = DataFieldInfo(
            name: name, type: nil, typeProblem: nil, opType: nil, validValues: [], missingValues: [], intervals: [],
            displayName: element.attribute("displayName"), line: element.line)
        // Type problems only matter for fields the model uses; they are reported then (see `inputSpec`).
        let (type, typeProblems) = isolated { extractor in
            extractor.enumeration(
                "dataType", of: element, Self.fieldTypes, default: nil, unsupported: Self.unsupportedFieldTypes,
                help: "nbship supports numbers, strings and booleans; dates and times are planned")
        }
        info.type = type
        info.typeProblem = typeProblems.first
        let (opType, opTypeProblems) = isolated { extractor in
            extractor.enumeration("optype", of: element, Self.opTypes, default: nil)
        }
        info.opType = opType
        if info.typeProblem == nil { info.typeProblem = opTypeProblems.first }
        if element.attribute("isCyclic") == "1" {
            info.typeProblem = .error(
                PMMLDiagnosticID.unsupportedAttributeValue, "isCyclic=\"1\" on <DataField> '\(name)' is not supported.",
                at: location(element), help: ["cyclic (angular) fields are not translated yet"])
        }
        var invalidValues: [XMLTreeElement] = []
        for value in element.children(named: "Value") where readValue(value, into: &info) == "invalid" {
            invalidValues.append(value)
        }
        // Explicitly invalid values are already invalid when valid values are listed; otherwise they would carve
        // holes into the valid range, which nbship cannot express.
        if let first = invalidValues.first, info.validValues.isEmpty {
            info.typeProblem = .error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "The invalid value '\(first.attribute("value") ?? "")' of '\(name)' is not supported without a list "
                    + "of valid values.", at: location(first),
                help: ["list the valid values instead, or clean the data before exporting the model"])
        }
        for interval in element.children(named: "Interval") {
            if let parsed = self.interval(interval) { info.intervals.append(parsed) }
        }
        return info
    }

    /// Records a valid value or checks a missing-value marker; returns the Value's property.
    private mutating func readValue(_ element: XMLTreeElement, into info: inout DataFieldInfo) -> String? {
        guard let value = required("value", of: element) else { return nil }
        let properties = ["valid": "valid", "invalid": "invalid", "missing": "missing"]
        let property = enumeration("property", of: element, properties, default: "valid")
        if property == "valid" { info.validValues.append(value) }
        // A marker turns an ordinary-looking value (`NaN` in XGBoost models) into "missing".
        if property == "missing" { info.missingValues.append(value) }
        return property
    }

    mutating func interval(_ element: XMLTreeElement) -> Interval? {
        let closures: [String: (Bool, Bool)] = [
            "closedClosed": (true, true), "closedOpen": (true, false), "openClosed": (false, true),
            "openOpen": (false, false),
        ]
        let closure = enumeration("closure", of: element, closures, default: nil)
        let lower = number("leftMargin", of: element)
        let upper = number("rightMargin", of: element)
        if element.attribute("leftMargin") != nil && lower == nil { return nil }
        if element.attribute("rightMargin") != nil && upper == nil { return nil }
        guard let closure else { return nil }
        if let lower, let upper, lower > upper {
            error(
                PMMLDiagnosticID.badAttributeValue,
                "The interval's leftMargin \(NumberFormat.shortest(lower)) is above its rightMargin "
                    + "\(NumberFormat.shortest(upper)).", at: element)
            return nil
        }
        return Interval(lower: lower, upper: upper, lowerClosed: closure.0, upperClosed: closure.1)
    }
}
