import SeulaCore
import SeulaJSON

/// The readable summary `seula tune` prints, and its `--json` form.
public enum TuneText {
    public static func render(_ r: TuneRun, rejections: RejectionTally, inputName: String, maxFront: Int = 12) -> String {
        let m = r.model
        let segments = m.segments.domain.values
        let objective = r.settings.objective.name(segments: segments)
        let pareto = r.settings.paretoMetric.name(segments: segments)
        var out = "seula tune — criteria \(m.id) \(m.version) on \(inputName): \(r.cases) labelled cases, \(rejections.total) rejected\n"
        out += "objective: maximise \(objective)"
        out += r.settings.constraints.isEmpty ? "\n" : "; subject to " + r.settings.constraints.map(\.text).joined(separator: ", ") + "\n"
        out += "grid: coping \(r.settings.copingGrid.text) (\(r.copingValues.count) values), risk \(r.settings.riskGrid.text) (\(r.riskValues.count)), near band \(r.settings.bandGrid?.text ?? "fixed") (\(r.bands.count)); \(r.points.count) points, \(r.points.filter(\.feasible).count) meet every constraint\n\n"
        if rejections.total > 0 { out += "Rejected rows by error code\n" + rejections.render() + "\n" }

        func row(_ name: String, _ p: TunePoint) -> [String] {
            [name, NumberText.threshold(p.coping), NumberText.threshold(p.risk), NumberText.threshold(p.band),
             NumberText.fixed(p.objective, 4), NumberText.fixed(p.pareto, 4)] + p.constraintValues.map { NumberText.fixed($0, 4) }
                + [p.feasible ? "yes" : "no"]
        }
        var header = ["", "coping ≥", "risk ≥", "near band", objective, pareto]
        header += r.settings.constraints.map { $0.metric.name(segments: segments) }
        header.append("feasible")
        var t = TextTable(header)
        t.add(row("current", r.current))
        if let b = r.best { t.add(row("best", b)) }
        out += t.render() + "\n"

        guard let best = r.best else {
            return out + "No grid point meets every constraint; nothing written.\n"
        }
        if !r.changesThresholds {
            out += "The current thresholds are already the best point; nothing to change.\n\n"
        }
        if let bm = r.bestMatrices {
            out += "Segments at the best point — rows: caseworker, columns: Seula\n"
            out += EvaluationText.confusion(bm.segments, labels: segments) + "\n"
        }
        if r.changesThresholds {
            out += "Segment moves on this caseload, current → best (rows: current, columns: best): \(r.transitions.total - r.transitions.diagonal) cases move\n"
            out += EvaluationText.confusion(r.transitions, labels: segments) + "\n"
        }
        out += "Pareto front (\(objective) vs \(pareto), \(r.settings.paretoLargerIsBetter ? "larger" : "smaller") \(pareto) is better): \(r.front.count) points\n"
        var f = TextTable(["coping ≥", "risk ≥", "near band", objective, pareto])
        for p in thin(r.front, to: maxFront) {
            f.add([NumberText.threshold(p.coping), NumberText.threshold(p.risk), NumberText.threshold(p.band),
                   NumberText.fixed(p.objective, 4), NumberText.fixed(p.pareto, 4)])
        }
        out += f.render()
        if r.front.count > maxFront { out += "  (\(maxFront) of \(r.front.count) shown, evenly spaced; --json has all)\n" }
        _ = best
        return out + "\n"
    }

    /// At most `n` elements, evenly spaced, first and last kept.
    static func thin<T>(_ xs: [T], to n: Int) -> [T] {
        guard xs.count > n, n >= 2 else { return xs }
        return (0..<n).map { xs[$0 * (xs.count - 1) / (n - 1)] }
    }

    /// Threshold-literal warnings (see `ThresholdLiterals`).
    public static func literalWarnings(_ uses: [ThresholdLiterals.Use], model: CriteriaModel) -> String {
        guard !uses.isEmpty else { return "" }
        var out = "Note: these conditions compare a score with the old threshold written as a number; tune does not change them:\n"
        for u in uses { out += "  \(u.path): \(u.expression)\n" }
        return out + "\n"
    }

    public static func json(_ r: TuneRun, rejections: RejectionTally, written: String?, fileChanges: [DocumentDiff.Change]) -> JSONValue {
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
            ("front", J.array(r.front.map(point))),
            ("transitions", EvaluationJSON.matrix(r.transitions)),
            ("written", J.optionalString(written)),
            ("file_changes", J.array(fileChanges.map { c in
                J.object([("path", J.string(c.path)), ("from", c.old ?? .null), ("to", c.new ?? .null)])
            })),
        ])
    }
}
