import SeulaCore
import SeulaJSON

/// The readable summary `seula instrument` prints, and its `--json` form.
public enum ItemAnalysisText {
    public static func render(_ a: ItemAnalysis, model: CriteriaModel, rejections: RejectionTally, inputName: String) -> String {
        var out = "seula instrument — coping items of \(model.id) \(model.version) on \(inputName): \(a.cases) cases (\(a.completeCases) with every item answered), \(rejections.total) rejected\n\n"
        if rejections.total > 0 { out += "Rejected rows by error code\n" + rejections.render() + "\n" }
        out += "Cronbach's α (complete cases, raw answers): \(NumberText.fixed(a.alpha, 3))\n"
        if !a.eigenvalues.isEmpty {
            out += "Eigenvalues of the item correlation matrix (dsyev): \(a.eigenvalues.map { NumberText.fixed($0, 2) }.joined(separator: ", "))\n"
            out += "  first explains \(NumberText.percent(a.firstEigenvalueShare)) of the variance; \(a.eigenvaluesAboveOne) above 1 (Kaiser)\n"
        }
        if !a.constantItems.isEmpty { out += "  left out of the correlations (no variance): \(a.constantItems.joined(separator: ", "))\n" }
        out += "\n"
        var t = TextTable(["item", "answered", "missing", "mean", "sd", "floor", "ceiling", "item-rest r", "α without"])
        for i in a.items {
            t.add([i.id, String(i.answered), NumberText.percent(i.missingRate), NumberText.fixed(i.mean, 2), NumberText.fixed(i.standardDeviation, 2),
                   NumberText.percent(i.floorRate), NumberText.percent(i.ceilingRate), NumberText.fixed(i.itemRestCorrelation, 3), NumberText.fixed(i.alphaIfDeleted, 3)])
        }
        out += t.render()
        out += "  (floor = share of answers at \(model.coping.scaleMin), ceiling = at \(model.coping.scaleMax); item-rest r = correlation with the sum of the other items)\n"
        return out
    }

    public static func json(_ a: ItemAnalysis, model: CriteriaModel, rejections: RejectionTally) -> JSONValue {
        typealias J = JSONBuilder
        return J.object([
            ("model", CriteriaRevision.origin(model)), ("cases", J.int(a.cases)), ("complete_cases", J.int(a.completeCases)),
            ("rejected", EvaluationJSON.rejections(rejections)),
            ("alpha", J.number(a.alpha)), ("eigenvalues", J.array(a.eigenvalues.map { J.number($0) })),
            ("first_eigenvalue_share", J.number(a.firstEigenvalueShare)), ("eigenvalues_above_one", J.int(a.eigenvaluesAboveOne)),
            ("constant_items", J.array(a.constantItems.map(J.string))),
            ("items", J.array(a.items.map { i in
                J.object([("item", J.string(i.id)), ("answered", J.int(i.answered)), ("missing_rate", J.number(i.missingRate)),
                          ("mean", J.number(i.mean)), ("sd", J.number(i.standardDeviation)), ("floor_rate", J.number(i.floorRate)),
                          ("ceiling_rate", J.number(i.ceilingRate)), ("item_rest_correlation", J.number(i.itemRestCorrelation)),
                          ("alpha_if_deleted", J.number(i.alphaIfDeleted))])
            })),
        ])
    }
}
