import SeulaCore
import SeulaJSON

/// The readable summary `seula fit` prints, its `--json` form, and the new criteria version.
public enum ScorecardFitText {
    public static func render(_ f: ScorecardFit, rejections: RejectionTally, inputName: String, language: ReportLanguage = .en) -> String {
        let m = f.model
        let tr = Phrases(language)
        let names = NameBook(model: m, language: language)
        var out = tr("seula fit — criteria {0} {1} on {2}: {3} cases, {4} with outcome_12m = 1 ({5}), {6} rejected", m.id, m.version, inputName,
                     String(f.cases), String(f.positives), tr.percent(Double(f.positives) / Double(max(f.cases, 1))), String(rejections.total)) + "\n"
        out += tr("logistic regression of outcome_12m on the risk indicators' categories (reference: each indicator's first category; gaps and uncounted indicators score 0 as in the scorer)") + "\n"
        out += tr("IRLS with LAPACK dposv: {0} iterations, {1}; log-likelihood {2}; ridge λ = {3}", String(f.fit.iterations),
                  f.fit.converged ? tr("converged") : tr("NOT converged"), tr.number(f.fit.logLikelihood, 3), tr.threshold(f.options.ridge)) + "\n\n"
        if rejections.total > 0 { out += tr("Rejected rows by error code") + "\n" + rejections.render() + "\n" }
        out += tr("AUC: in-sample (linear predictor) {0}", tr.number(f.inSampleAUC, 4))
        if let cv = f.crossValidatedAUC {
            out += "; " + tr("{0}-fold (pooled out-of-fold, seed {1}) {2} [folds: {3}]", String(f.options.folds), String(f.options.seed), tr.number(cv, 4),
                             f.foldAUCs.map { tr.number($0, 3) }.joined(separator: "; "))
        }
        out += "\n     " + tr("current points {0}; new integer points {1}", tr.number(f.currentCardAUC, 4), tr.number(f.newCardAUC, 4)) + "\n"
        out += tr("intercept {0} (SE {1}); scale {2} points per unit log-odds; maximum total points {3} → {4}", tr.number(f.fit.coefficients[0], 4),
                  tr.number(f.fit.standardErrors[0], 4), tr.number(f.pointsPerLogit, 4), String(f.currentMaxPoints), String(f.newMaxPoints)) + "\n\n"
        var t = TextTable([tr("indicator"), tr("category"), tr("cases"), tr("coef"), "SE", "z", tr("monotone"), tr("old"), tr("new")])
        t.leftAligned = [0, 1]
        for (i, rows) in f.table.enumerated() {
            let indicator = m.risk.indicators[i]
            for (k, r) in rows.enumerated() {
                let z = r.coefficient.flatMap { c in r.standardError.map { c / $0 } }
                var category = r.category.label
                if case .enumeration = indicator.kind, k < indicator.valueNames.count { category = names.pick(indicator.valueNames[k], id: category).text }
                t.add([k == 0 ? names.indicator(i).text : "", category, String(r.cases),
                       r.coefficient.map { tr.number($0, 3) } ?? (k == 0 ? tr("ref") : tr("no data")),
                       r.standardError.map { tr.number($0, 3) } ?? "", z.map { tr.number($0, 2) } ?? "",
                       tr.number(r.adjusted, 3), String(r.category.points), String(r.newPoints) + (r.newPoints != r.category.points ? " *" : "")])
            }
        }
        out += t.render()
        out += "  " + tr("(monotone: log-odds after pooling so points never fall as a value worsens, shifted so the first category is 0; * = changed)") + "\n\n"
        out += tr("The risk threshold ({0}) is unchanged and now reads against {1} points; re-tune it with seula tune on the new file.", tr.threshold(m.risk.threshold), String(f.newMaxPoints)) + "\n"
        return out
    }

    /// The new version: changed points, bumped version, provenance. nil when no point changes.
    public static func revision(_ f: ScorecardFit, dataSHA256: String, dataName: String, rejected: Int) -> CriteriaRevision? {
        let changes = f.changes
        guard !changes.isEmpty else { return nil }
        typealias J = JSONBuilder
        let records = f.table.flatMap { $0 }.filter { !$0.category.path.isEmpty && $0.newPoints != $0.category.points }.map {
            J.object([("path", J.string($0.category.path)), ("from", J.int($0.category.points)), ("to", J.int($0.newPoints))])
        }
        let note = "Risk points refitted by seula fit: logistic regression of outcome_12m on \(f.cases) labelled cases"
            + " (AUC \(NumberText.fixed(f.currentCardAUC, 3)) → \(NumberText.fixed(f.newCardAUC, 3)) in-sample"
            + (f.crossValidatedAUC.map { "; model \(f.options.folds)-fold AUC \(NumberText.fixed($0, 3))" } ?? "")
            + "). The risk threshold was not changed. Set effective_from/effective_to before adopting it."
        let provenance = J.object([
            ("source", f.model.document.value["provenance"]?["source"] ?? .null),
            ("derived_from", CriteriaRevision.origin(f.model)),
            ("note", J.string(note)),
            ("changes", J.array(records)),
            ("created_by", J.object([
                ("tool", J.string("seula fit")), ("target", J.string("outcome_12m")),
                ("ridge", J.exact(f.options.ridge)), ("folds", J.int(f.options.folds)), ("seed", J.string(String(f.options.seed))),
                ("points_per_logit", J.number(f.pointsPerLogit)),
                ("auc", J.object([("in_sample", J.number(f.inSampleAUC)), ("cross_validated", f.crossValidatedAUC.map { J.number($0) } ?? .null),
                                  ("current_points", J.number(f.currentCardAUC)), ("new_points", J.number(f.newCardAUC))])),
                ("data", J.object([("file", J.string(dataName)), ("sha256", J.string(dataSHA256)), ("cases", J.int(f.cases)), ("rejected", J.int(rejected))])),
            ])),
        ])
        return CriteriaRevision(changes: changes, provenance: provenance)
    }

    public static func json(_ f: ScorecardFit, rejections: RejectionTally, written: String?) -> JSONValue {
        typealias J = JSONBuilder
        let m = f.model
        return J.object([
            ("model", CriteriaRevision.origin(m)), ("cases", J.int(f.cases)), ("positives", J.int(f.positives)),
            ("rejected", EvaluationJSON.rejections(rejections)),
            ("iterations", J.int(f.fit.iterations)), ("converged", .bool(f.fit.converged)), ("log_likelihood", J.number(f.fit.logLikelihood)),
            ("ridge", J.exact(f.options.ridge)),
            ("intercept", J.object([("coefficient", J.number(f.fit.coefficients[0])), ("se", J.number(f.fit.standardErrors[0]))])),
            ("auc", J.object([("in_sample", J.number(f.inSampleAUC)), ("cross_validated", f.crossValidatedAUC.map { J.number($0) } ?? .null),
                              ("folds", J.array(f.foldAUCs.map { J.number($0) })),
                              ("current_points", J.number(f.currentCardAUC)), ("new_points", J.number(f.newCardAUC))])),
            ("points_per_logit", J.number(f.pointsPerLogit)),
            ("max_points", J.object([("current", J.int(f.currentMaxPoints)), ("new", J.int(f.newMaxPoints))])),
            ("indicators", J.array(f.table.enumerated().map { i, rows in
                J.object([("indicator", J.string(m.risk.indicators[i].id)),
                          ("categories", J.array(rows.map { r in
                              J.object([("category", J.string(r.category.label)), ("cases", J.int(r.cases)),
                                        ("coefficient", r.coefficient.map { J.number($0) } ?? .null),
                                        ("se", r.standardError.map { J.number($0) } ?? .null),
                                        ("adjusted", J.number(r.adjusted)), ("old_points", J.int(r.category.points)), ("new_points", J.int(r.newPoints))])
                          }))])
            })),
            ("written", J.optionalString(written)),
        ])
    }
}
