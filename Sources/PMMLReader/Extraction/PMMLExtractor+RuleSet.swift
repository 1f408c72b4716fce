import NBCore

/// RuleSetModel with the `firstHit` criterion, read as the decision tree it is: the first rule whose predicate is
/// true gives the result, a rule whose predicate is unknown (a missing field) does not fire, and when no rule fires
/// the RuleSet's default score is the result. A CompoundRule's nested rules become rules whose predicate is the
/// compound predicate AND their own, in order, so a compound rule none of whose rules fires lets the search go on.
extension PMMLExtractor {
    mutating func ruleSetModel(
        _ model: XMLTreeElement, function: MiningFunction, declared: [String]
    ) -> (spec: TreeModelSpec, classes: [String])? {
        guard let ruleSet = model.child(named: "RuleSet") else {
            error(PMMLDiagnosticID.missingElement, "The <RuleSetModel> has no <RuleSet>.", at: model)
            return nil
        }
        checkChildren(
            of: ruleSet, handled: ["RuleSelectionMethod", "ScoreDistribution", "SimpleRule", "CompoundRule"],
            help: "nbship translates RuleSets of SimpleRules and CompoundRules")
        let methods = ruleSet.children(named: "RuleSelectionMethod")
        if let first = methods.first, first.attribute("criterion") != "firstHit" {
            error(
                PMMLDiagnosticID.unsupportedAttributeValue,
                "criterion=\"\(first.attribute("criterion") ?? "")\" on <RuleSelectionMethod> is not supported.",
                at: first,
                help: ["nbship translates rule sets whose first RuleSelectionMethod is firstHit"])
            return nil
        }
        var leaves: [TreeNode] = []
        var ok = true
        func collect(_ parent: XMLTreeElement, guardedBy outer: Condition?) {
            for element in parent.children where element.name == "SimpleRule" || element.name == "CompoundRule" {
                guard let own = predicate(of: element) else {
                    ok = false
                    continue
                }
                let condition = outer.map { Condition.compound(.and, [$0, own]) } ?? own
                if element.name == "CompoundRule" {
                    collect(element, guardedBy: condition)
                    continue
                }
                guard let score = required("score", of: element) else {
                    ok = false
                    continue
                }
                let distribution = element.children(named: "ScoreDistribution").compactMap { scoreDistribution($0) }
                leaves.append(
                    TreeNode(
                        id: element.attribute("id"), predicate: condition, score: score,
                        recordCount: number("recordCount", of: element), distribution: distribution))
            }
        }
        collect(ruleSet, guardedBy: nil)
        guard ok else { return nil }
        let defaultDistribution = ruleSet.children(named: "ScoreDistribution").compactMap { scoreDistribution($0) }
        let root = TreeNode(
            predicate: .true, score: ruleSet.attribute("defaultScore"), distribution: defaultDistribution,
            children: leaves)
        var labels: [String] = []
        for label in ([root.score] + leaves.map(\.score)).compactMap({ $0 }) where !labels.contains(label) {
            labels.append(label)
        }
        let classes = function == .classification ? declared.nilIfEmpty ?? labels : []
        let spec = TreeModelSpec(
            function: function, missingValueStrategy: .none, noTrueChildStrategy: .returnLastPrediction,
            root: root, classes: classes, algorithm: model.attribute("algorithmName"),
            modelName: model.attribute("modelName"))
        return (spec, classes)
    }
}
