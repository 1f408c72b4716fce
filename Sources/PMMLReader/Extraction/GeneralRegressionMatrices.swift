import NBCore

/// A GeneralRegressionModel's ParameterList, predictor lists, PPMatrix and ParamMatrix, resolved into factors per
/// parameter and coefficients per target category.
struct GeneralRegressionMatrices {
    /// One PCell: a parameter's coefficient.
    struct Cell {
        var parameter: String
        var beta: Double
    }

    /// The factors each parameter multiplies, per PPMatrix targetCategory (`nil`: the matrix shared by all).
    var factors: [String?: [String: [LinearFactor]]] = [:]
    /// PCells grouped by targetCategory (`nil`: cells without one), in order of first appearance.
    var cells: [(category: String?, cells: [Cell])] = []

    /// The PCells' targetCategory values, in order of first appearance (`nil` for cells without one).
    var cellCategories: [String?] { cells.map(\.category) }

    /// Whether some PCells have no targetCategory.
    var hasDefaultCells: Bool { cells.contains { $0.category == nil } }

    /// The equation for `category` from the PCells filed under `key`: parameters with factors become terms, the
    /// others (the intercept parameter has no PPCells) add up to the intercept.
    func equation(category: String?, cellsFor key: String?) -> LinearEquation {
        let list = cells.first { $0.category == key }?.cells ?? []
        let rows = factors[category] ?? factors[nil] ?? [:]
        var intercept = 0.0
        var terms: [LinearTerm] = []
        for cell in list {
            if let row = rows[cell.parameter], !row.isEmpty {
                terms.append(LinearTerm(coefficient: cell.beta, factors: row))
            } else {
                intercept += cell.beta
            }
        }
        return LinearEquation(category: category, intercept: intercept, terms: terms)
    }
}

extension PMMLExtractor {
    /// Reads the four matrices; nil after reporting a problem.
    mutating func readGeneralRegressionMatrices(_ model: XMLTreeElement) -> GeneralRegressionMatrices? {
        let parameterList = model.child(named: "ParameterList")
        let ppMatrix = model.child(named: "PPMatrix")
        let paramMatrix = model.child(named: "ParamMatrix")
        for (name, element) in [("ParameterList", parameterList), ("PPMatrix", ppMatrix), ("ParamMatrix", paramMatrix)]
        where element == nil {
            error(PMMLDiagnosticID.missingElement, "The GeneralRegressionModel has no <\(name)>.", at: model)
        }
        let parameters = parameterList.map { readParameters($0) } ?? []
        let factors = model.child(named: "FactorList").map { predictorNames($0) } ?? []
        let covariates = model.child(named: "CovariateList").map { predictorNames($0) } ?? []
        guard let ppMatrix, let paramMatrix, parameterList != nil else { return nil }
        let before = diagnostics.errors.count
        var result = GeneralRegressionMatrices()
        result.factors = readPPMatrix(ppMatrix, parameters: parameters, factors: factors, covariates: covariates)
        result.cells = readParamMatrix(paramMatrix, parameters: parameters)
        return diagnostics.errors.count == before ? result : nil
    }

    private mutating func readParameters(_ list: XMLTreeElement) -> Set<String> {
        checkChildren(of: list, handled: ["Parameter"])
        var names: Set<String> = []
        for parameter in list.children(named: "Parameter") {
            if let name = required("name", of: parameter) { names.insert(name) }
        }
        return names
    }

    /// The field names of a FactorList or CovariateList, each checked against the model's fields.
    private mutating func predictorNames(_ list: XMLTreeElement) -> Set<String> {
        checkChildren(of: list, handled: ["Predictor"])
        var names: Set<String> = []
        for predictor in list.children(named: "Predictor") {
            checkChildren(
                of: predictor, handled: [],
                help: "contrast matrices are not translated yet; export the model with indicator (dummy) coding")
            rejectAttributes(
                ["contrastMatrixType"], of: predictor,
                help: "contrast matrices are not translated yet; export the model with indicator (dummy) coding")
            guard let name = required("name", of: predictor) else { continue }
            resolveField(name, at: predictor, role: "<\(list.name)>")
            names.insert(name)  // even when unknown: its PPCells are then not reported a second time
        }
        return names
    }

    private mutating func readPPMatrix(
        _ matrix: XMLTreeElement, parameters: Set<String>, factors: Set<String>, covariates: Set<String>
    ) -> [String?: [String: [LinearFactor]]] {
        checkChildren(of: matrix, handled: ["PPCell"])
        var result: [String?: [String: [LinearFactor]]] = [:]
        for cell in matrix.children(named: "PPCell") {
            let value = required("value", of: cell)
            let predictor = required("predictorName", of: cell)
            let parameter = required("parameterName", of: cell)
            guard let value, let predictor, let parameter, knownParameter(parameter, parameters, at: cell) else {
                continue
            }
            let factor: LinearFactor
            if factors.contains(predictor) {
                factor = .indicator(field: predictor, value: value)
            } else if covariates.contains(predictor) {
                guard let exponent = PMMLNumber.parseInteger(value) else {
                    error(
                        PMMLDiagnosticID.unsupportedAttributeValue,
                        "The covariate exponent '\(value)' of '\(predictor)' is not an integer.", at: cell,
                        help: ["nbship translates whole-number powers of covariates"])
                    continue
                }
                factor = .numeric(field: predictor, exponent: exponent)
            } else {
                let help =
                    suggesting() ? NameSuggestion.help(for: predictor, in: factors.union(covariates).sorted()) : []
                error(
                    PMMLDiagnosticID.unknownField,
                    "The <PPCell> refers to '\(predictor)', which is in neither the FactorList nor the CovariateList.",
                    at: cell, help: help)
                continue
            }
            result[cell.attribute("targetCategory"), default: [:]][parameter, default: []].append(factor)
        }
        return result
    }

    private mutating func readParamMatrix(
        _ matrix: XMLTreeElement, parameters: Set<String>
    )
        -> [(category: String?, cells: [GeneralRegressionMatrices.Cell])]
    {
        checkChildren(of: matrix, handled: ["PCell"])
        var result: [(category: String?, cells: [GeneralRegressionMatrices.Cell])] = []
        for cell in matrix.children(named: "PCell") {
            let parameter = required("parameterName", of: cell)
            let beta = number("beta", of: cell, isRequired: true)
            guard let parameter, let beta, knownParameter(parameter, parameters, at: cell) else { continue }
            let category = cell.attribute("targetCategory")
            let entry = GeneralRegressionMatrices.Cell(parameter: parameter, beta: beta)
            if let index = result.firstIndex(where: { $0.category == category }) {
                result[index].cells.append(entry)
            } else {
                result.append((category, [entry]))
            }
        }
        return result
    }

    private mutating func knownParameter(_ name: String, _ parameters: Set<String>, at cell: XMLTreeElement) -> Bool {
        if parameters.contains(name) { return true }
        let help = suggesting() ? NameSuggestion.help(for: name, in: parameters.sorted()) : []
        error(
            PMMLDiagnosticID.unknownParameter,
            "<\(cell.name)> refers to the parameter '\(name)', which the "
                + "ParameterList does not declare.", at: cell, help: help)
        return false
    }
}
