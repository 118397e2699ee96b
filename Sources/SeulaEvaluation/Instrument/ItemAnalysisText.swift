import SeulaCore
import SeulaJSON

/// The readable summary `seula instrument` prints, and its `--json` form.
public enum ItemAnalysisText {
    public static func render(_ a: ItemAnalysis, model: CriteriaModel, rejections: RejectionTally, inputName: String, language: ReportLanguage = .en) -> String {
        let tr = Phrases(language)
        let names = NameBook(model: model, language: language)
        var out = tr("seula instrument — coping items of {0} {1} on {2}: {3} cases ({4} with every item answered), {5} rejected", model.id, model.version,
                     inputName, String(a.cases), String(a.completeCases), String(rejections.total)) + "\n\n"
        if rejections.total > 0 { out += tr("Rejected rows by error code") + "\n" + rejections.render() + "\n" }
        out += tr("Cronbach's α (complete cases, raw answers): {0}", tr.number(a.alpha, 3)) + "\n"
        if !a.eigenvalues.isEmpty {
            out += tr("Eigenvalues of the item correlation matrix (dsyev): {0}", a.eigenvalues.map { tr.number($0, 2) }.joined(separator: "; ")) + "\n"
            out += "  " + tr("first explains {0} of the variance; {1} above 1 (Kaiser)", tr.percent(a.firstEigenvalueShare), String(a.eigenvaluesAboveOne)) + "\n"
        }
        if !a.constantItems.isEmpty { out += "  " + tr("left out of the correlations (no variance): {0}", a.constantItems.joined(separator: ", ")) + "\n" }
        out += "\n"
        var t = TextTable([tr("item"), tr("answered"), tr("missing"), tr("mean"), "sd", tr("floor"), tr("ceiling"), tr("item-rest r"), tr("α without")])
        for (k, i) in a.items.enumerated() {
            var name = names.item(k).text
            if name.count > 48 { name = String(name.prefix(47)) + "…" }
            t.add([name, String(i.answered), tr.percent(i.missingRate), tr.number(i.mean, 2), tr.number(i.standardDeviation, 2),
                   tr.percent(i.floorRate), tr.percent(i.ceilingRate), tr.number(i.itemRestCorrelation, 3), tr.number(i.alphaIfDeleted, 3)])
        }
        out += t.render()
        out += "  " + tr("(floor = share of answers at {0}, ceiling = at {1}; item-rest r = correlation with the sum of the other items)", String(model.coping.scaleMin), String(model.coping.scaleMax)) + "\n"
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
