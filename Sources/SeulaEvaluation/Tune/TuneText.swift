import SeulaCore
import SeulaJSON

/// The readable summary `seula tune` prints, and its `--json` form.
public enum TuneText {
    public static func render(_ r: TuneRun, rejections: RejectionTally, inputName: String, comparison: TuneComparison? = nil,
                              language: ReportLanguage = .en, maxFront: Int = 12) -> String {
        let m = r.model
        let tr = Phrases(language)
        let names = NameBook(model: m, language: language)
        let segments = m.segments.domain.values
        let objective = r.settings.objective.name(segments: segments)
        let pareto = r.settings.paretoMetric.name(segments: segments)
        var out = tr("seula tune — criteria {0} {1} on {2}: {3} labelled cases, {4} rejected", m.id, m.version, inputName, String(r.cases), String(rejections.total)) + "\n"
        out += tr("objective: maximise {0}", objective)
        out += r.settings.constraints.isEmpty ? "\n" : "; " + tr("subject to {0}", r.settings.constraints.map(\.text).joined(separator: ", ")) + "\n"
        out += tr("grid: coping {0} ({1} values), risk {2} ({3}), near band {4} ({5}); {6} points, {7} meet every constraint",
                  r.settings.copingGrid.text, String(r.copingValues.count), r.settings.riskGrid.text, String(r.riskValues.count),
                  r.settings.bandGrid?.text ?? tr("fixed"), String(r.bands.count), String(r.points.count), String(r.points.filter(\.feasible).count)) + "\n"
        out += tr("choice: among the feasible points within {0} of the best {1}, the best on {2} ({3}), then the point nearest the current thresholds",
                  tr.number(r.settings.tolerance, 4), objective, pareto, r.settings.paretoLargerIsBetter ? tr("larger is better") : tr("smaller is better")) + "\n"
        if r.highByMarker > 0 || r.undetermined > 0 {
            out += tr("{0} cases are high risk by a severe marker and {1} are undetermined: no threshold moves them; they count in every figure as the engine decides them.",
                      String(r.highByMarker), String(r.undetermined)) + "\n"
        }
        out += "\n"
        if rejections.total > 0 { out += tr("Rejected rows by error code") + "\n" + rejections.render() + "\n" }

        func row(_ name: String, _ p: TunePoint) -> [String] {
            [name, tr.threshold(p.coping), tr.threshold(p.risk), tr.threshold(p.band),
             tr.number(p.objective, 4), tr.number(p.pareto, 4)] + p.constraintValues.map { tr.number($0, 4) }
                + [p.feasible ? tr("yes") : tr("no")]
        }
        var header = ["", tr("coping ≥"), tr("risk ≥"), tr("near band"), objective, pareto]
        header += r.settings.constraints.map { $0.metric.name(segments: segments) }
        header.append(tr("feasible"))
        var t = TextTable(header)
        t.add(row(tr("current"), r.current))
        if let b = r.best { t.add(row(tr("chosen"), b)) }
        out += t.render() + "\n"

        if let comparison {
            out += tr("Figures current → chosen (95 % bootstrap interval, {0} replicates, seed {1})", String(comparison.replicates), String(comparison.seed)) + "\n"
            var f = TextTable([tr("figure"), tr("role"), tr("current"), tr("chosen"), tr("met")])
            f.leftAligned = [0, 1]
            for row in comparison.rows {
                var role = "", met = ""
                switch row.role {
                case .objective: role = tr("objective (maximised)")
                case .pareto: role = tr("Pareto figure")
                case .constraint(let k):
                    let c = r.settings.constraints[k]
                    role = tr("constraint {0} {1}", c.relation.rawValue, tr.number(c.bound, 3))
                    met = (c.holds(row.current.value) ? tr("yes") : tr("no")) + " → " + (row.chosen.map { c.holds($0.value) ? tr("yes") : tr("no") } ?? "—")
                }
                func show(_ e: Estimate) -> String { tr.number(e.value, 4) + (e.hasInterval ? " [" + tr.interval(e.lower, e.upper, 4) + "]" : "") }
                f.add([row.metric.name(segments: segments), role, show(row.current), row.chosen.map(show) ?? "—", met])
            }
            out += f.render() + "\n"
        }

        guard r.best != nil else {
            return out + tr("No grid point meets every constraint; nothing written.") + "\n"
        }
        if !r.changesThresholds {
            out += tr("The current thresholds are already the chosen point; nothing to change.") + "\n\n"
        }
        let segmentNames = (0..<segments.count).map { names.segment($0).text }
        if let bm = r.bestMatrices {
            out += tr("Segments at the chosen point — rows: caseworker, columns: Seula") + "\n"
            out += EvaluationText.confusion(bm.segments, labels: segmentNames, rows: (0..<bm.segments.classes).filter { bm.segments.rowTotal($0) > 0 }, tr: tr) + "\n"
        }
        if r.changesThresholds {
            out += tr("Segment moves on this caseload, current → chosen (rows: current, columns: chosen): {0} cases move", String(r.transitions.total - r.transitions.diagonal)) + "\n"
            out += EvaluationText.confusion(r.transitions, labels: segmentNames, tr: tr) + "\n"
        }
        out += tr("Pareto front ({0} against {1}): {2} points", objective, pareto, String(r.front.count)) + "\n"
        var f = TextTable([tr("coping ≥"), tr("risk ≥"), tr("near band"), objective, pareto, ""])
        for p in thin(r.front, to: maxFront) {
            f.add([tr.threshold(p.coping), tr.threshold(p.risk), tr.threshold(p.band), tr.number(p.objective, 4), tr.number(p.pareto, 4),
                   p == r.best ? tr("chosen") : ""])
        }
        out += f.render()
        if r.front.count > maxFront { out += "  " + tr("({0} of {1} shown, evenly spaced; --json has all)", String(maxFront), String(r.front.count)) + "\n" }
        return out + "\n"
    }

    /// At most `n` elements, evenly spaced, first and last kept.
    static func thin<T>(_ xs: [T], to n: Int) -> [T] {
        guard xs.count > n, n >= 2 else { return xs }
        return (0..<n).map { xs[$0 * (xs.count - 1) / (n - 1)] }
    }

    /// Threshold-literal warnings (see `ThresholdLiterals`).
    public static func literalWarnings(_ uses: [ThresholdLiterals.Use], model: CriteriaModel, language: ReportLanguage = .en) -> String {
        guard !uses.isEmpty else { return "" }
        var out = Phrases(language)("Note: these conditions compare a score with the old threshold written as a number; tune does not change them:") + "\n"
        for u in uses { out += "  \(u.path): \(u.expression)\n" }
        return out + "\n"
    }

    public static func json(_ r: TuneRun, rejections: RejectionTally, written: String?, fileChanges: [DocumentDiff.Change],
                            comparison: TuneComparison? = nil) -> JSONValue {
        typealias J = JSONBuilder
        let segments = r.model.segments.domain.values
        func point(_ p: TunePoint) -> JSONValue {
            J.object([("coping_threshold", J.exact(p.coping)), ("risk_threshold", J.exact(p.risk)), ("near_band", J.exact(p.band)),
                      ("objective", J.number(p.objective)), ("pareto", J.number(p.pareto)), ("feasible", .bool(p.feasible)),
                      ("constraints", J.array(p.constraintValues.map { J.number($0) }))])
        }
        return J.object([
            ("model", CriteriaRevision.origin(r.model)),
            ("cases", J.int(r.cases)),
            ("rejected", EvaluationJSON.rejections(rejections)),
            ("objective", J.string(r.settings.objective.name(segments: segments))),
            ("constraints", J.array(r.settings.constraints.map { J.string($0.text) })),
            ("pareto_metric", J.string(r.settings.paretoMetric.name(segments: segments))),
            ("grid", J.object([("coping", J.array(r.copingValues.map(J.exact))), ("risk", J.array(r.riskValues.map(J.exact))),
                               ("near_band", J.array(r.bands.map(J.exact)))])),
            ("feasible_points", J.int(r.points.filter(\.feasible).count)),
            ("current", point(r.current)),
            ("best", r.best.map(point) ?? .null),
            ("tolerance", J.number(r.settings.tolerance)),
            ("maximisers", J.int(r.maximisers)),
            ("high_by_marker", J.int(r.highByMarker)),
            ("undetermined", J.int(r.undetermined)),
            ("figures", comparison.map { cmp in
                J.array(cmp.rows.map { row in
                    func est(_ e: Estimate) -> JSONValue {
                        J.object([("value", J.number(e.value)), ("ci95", e.hasInterval ? J.array([J.number(e.lower), J.number(e.upper)]) : .null)])
                    }
                    let role: String
                    switch row.role {
                    case .objective: role = "objective"
                    case .pareto: role = "pareto"
                    case .constraint(let k): role = r.settings.constraints[k].text
                    }
                    return J.object([("metric", J.string(row.metric.name(segments: segments))), ("role", J.string(role)),
                                     ("current", est(row.current)), ("chosen", row.chosen.map(est) ?? .null)])
                })
            } ?? .null),
            ("front", J.array(r.front.map(point))),
            ("transitions", EvaluationJSON.matrix(r.transitions)),
            ("written", J.optionalString(written)),
            ("file_changes", J.array(fileChanges.map { c in
                J.object([("path", J.string(c.path)), ("from", c.old ?? .null), ("to", c.new ?? .null)])
            })),
        ])
    }
}
