import SeulaCore
import SeulaJSON

/// The readable summary `seula fit` prints, its `--json` form, and the new criteria version.
public enum ScorecardFitText {
    public static func render(_ f: ScorecardFit, rejections: RejectionTally, inputName: String) -> String {
        let m = f.model
        var out = "seula fit — criteria \(m.id) \(m.version) on \(inputName): \(f.cases) cases, \(f.positives) with outcome_12m = 1 (\(NumberText.percent(Double(f.positives) / Double(max(f.cases, 1))))), \(rejections.total) rejected\n"
        out += "logistic regression of outcome_12m on the risk indicators' categories (reference: each indicator's first category; gaps and uncounted indicators score 0 as in the scorer)\n"
        out += "IRLS with LAPACK dposv: \(f.fit.iterations) iterations, \(f.fit.converged ? "converged" : "NOT converged"); log-likelihood \(NumberText.fixed(f.fit.logLikelihood, 3)); ridge λ = \(NumberText.threshold(f.options.ridge))\n\n"
        if rejections.total > 0 { out += "Rejected rows by error code\n" + rejections.render() + "\n" }
        out += "AUC: in-sample (linear predictor) \(NumberText.fixed(f.inSampleAUC, 4))"
        if let cv = f.crossValidatedAUC {
            out += "; \(f.options.folds)-fold (pooled out-of-fold, seed \(f.options.seed)) \(NumberText.fixed(cv, 4)) [folds: \(f.foldAUCs.map { NumberText.fixed($0, 3) }.joined(separator: ", "))]"
        }
        out += "\n     current points \(NumberText.fixed(f.currentCardAUC, 4)); new integer points \(NumberText.fixed(f.newCardAUC, 4))\n"
        out += "intercept \(NumberText.fixed(f.fit.coefficients[0], 4)) (SE \(NumberText.fixed(f.fit.standardErrors[0], 4))); scale \(NumberText.fixed(f.pointsPerLogit, 4)) points per unit log-odds; maximum total points \(f.currentMaxPoints) → \(f.newMaxPoints)\n\n"
        var t = TextTable(["indicator", "category", "cases", "coef", "SE", "z", "monotone", "old", "new"])
        t.leftAligned = [0, 1]
        for (i, rows) in f.table.enumerated() {
            for (k, r) in rows.enumerated() {
                let z = r.coefficient.flatMap { c in r.standardError.map { c / $0 } }
                t.add([k == 0 ? m.risk.indicators[i].id : "", r.category.label, String(r.cases),
                       r.coefficient.map { NumberText.fixed($0, 3) } ?? (k == 0 ? "ref" : "no data"),
                       r.standardError.map { NumberText.fixed($0, 3) } ?? "", z.map { NumberText.fixed($0, 2) } ?? "",
                       NumberText.fixed(r.adjusted, 3), String(r.category.points), String(r.newPoints) + (r.newPoints != r.category.points ? " *" : "")])
            }
        }
        out += t.render()
        out += "  (monotone: log-odds after pooling so points never fall as a value worsens, shifted so the first category is 0; * = changed)\n\n"
        out += "The risk threshold (\(NumberText.threshold(m.risk.threshold))) is unchanged and now reads against \(f.newMaxPoints) points; re-tune it with seula tune on the new file.\n"
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
