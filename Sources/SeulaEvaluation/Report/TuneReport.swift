import SeulaCore

/// The HTML report of `seula tune --report`: a one-page summary (the thresholds and every
/// figure the run is judged by, current → chosen with intervals; the caseload with both
/// threshold sets; what changes), then the detail: the objective over the grid, against each
/// threshold, the Pareto front, and the confusion and transition matrices at the chosen point.
public enum TuneReport {
    public static func html(_ r: TuneRun, cases: [SearchCase], comparison: TuneComparison, publication: EvaluatorFiles.Publication?,
                            context: ReportContext) -> String {
        let m = r.model
        let language = context.language
        let tr = Phrases(language)
        let names = NameBook(model: m, language: language)
        let segments = m.segments.domain.values
        let objective = r.settings.objective.name(segments: segments)
        let pareto = r.settings.paretoMetric.name(segments: segments)
        var page = HTMLPage(title: tr("Seula threshold tuning — {0} {1}", m.id, m.version),
                            subtitle: tr("{0}: {1} labelled cases · maximise {2}", context.inputName, tr.count(r.cases), objective)
                                + (r.settings.constraints.isEmpty ? "" : " " + tr("subject to {0}", r.settings.constraints.map(\.text).joined(separator: ", "))),
                            context: context, criteria: [(tr("Tuned"), m)] + (publication.map { [(tr("Written"), $0.model)] } ?? []))
        let best = r.best

        // Summary: thresholds and figures, current → chosen.
        var thresholdRows: [[String]] = []
        for (label, a, b) in [(tr("coping difficulty threshold"), r.current.coping, best?.coping), (tr("risk threshold"), r.current.risk, best?.risk),
                              (tr("near-threshold band"), r.current.band, best?.band)] {
            thresholdRows.append([HTMLPage.escape(label), tr.threshold(a), b.map { tr.threshold($0) } ?? "—",
                                  b.map { $0 == a ? "" : ($0 > a ? "+" : "") + tr.threshold($0 - a) } ?? ""])
        }
        var figureRows: [[String]] = []
        for row in comparison.rows {
            let role: String
            var holds = ""
            switch row.role {
            case .objective: role = tr("objective (maximised)")
            case .pareto: role = tr("Pareto figure ({0})", r.settings.paretoLargerIsBetter ? tr("larger is better") : tr("smaller is better"))
            case .constraint(let k):
                let c = r.settings.constraints[k]
                role = tr("constraint {0} {1}", c.relation.rawValue, tr.number(c.bound, 3))
                let now = c.holds(row.current.value) ? tr("yes") : tr("no")
                let then = row.chosen.map { c.holds($0.value) ? tr("yes") : tr("no") } ?? "—"
                holds = now + " → " + then
            }
            figureRows.append([HTMLPage.escape(row.metric.name(segments: segments)), HTMLPage.escape(role), cell(row.current, tr),
                               row.chosen.map { cell($0, tr) } ?? "—", HTMLPage.escape(holds)])
        }
        let thresholds = HTMLPage.tableHTML([tr("threshold"), tr("current"), tr("chosen"), tr("change")].map(HTMLPage.escape), thresholdRows, numeric: [1, 2, 3])
        let figures = HTMLPage.tableHTML([tr("figure"), tr("role"), tr("current"), tr("chosen"), tr("met")].map(HTMLPage.escape), figureRows, numeric: [2, 3])
        let choice = best == nil ? tr("No grid point meets every constraint; nothing was written.")
            : r.changesThresholds ? tr("Chosen among the {0} grid points whose {1} is within {2} of the best feasible value: the one best on {3}, then nearest the current thresholds.",
                                       tr.count(r.maximisers), objective, tr.number(r.settings.tolerance, 4), pareto)
            : tr("The current thresholds are already the chosen point; nothing to change.")
        page.summaryBlock("<div class=\"box\"><h3>" + HTMLPage.escape(tr("Thresholds and figures, current → chosen")) + "</h3>"
                          + "<div class=\"grid\"><div>" + thresholds + "</div><div>" + HTMLPage.paragraph(choice) + "</div></div>" + figures
                          + HTMLPage.paragraph(tr("Intervals: percentile bootstrap, {0} replicates, seed {1}.", tr.count(comparison.replicates), String(comparison.seed)), className: "note") + "</div>")

        var sets: [CaseloadMapChart.Thresholds] = []
        if let b = best, r.changesThresholds {
            sets.append(.init(coping: b.coping, risk: b.risk, band: b.band, label: tr("chosen"), stroke: ChartStyle.accent))
        }
        sets.append(.init(coping: r.current.coping, risk: r.current.risk, band: r.current.band, label: tr("current"), stroke: "#1f2430", dash: "6 4"))
        let points = cases.map { c -> CaseloadMapChart.Point in
            let p = c.projection
            return (p.undetermined ? nil : p.coping, p.riskScore, !p.undetermined && p.riskScore != nil && p.risk == .infinity)
        }
        let compactMap = CaseloadMapChart.svg(model: m, names: names, points: points, thresholds: sets,
                                              title: r.changesThresholds ? tr("The caseload: chosen (solid) and current (dashed) thresholds") : tr("The caseload and its thresholds"),
                                              compact: true)
        var changes: [String] = []
        let moved = r.transitions.total - r.transitions.diagonal
        changes.append(tr("{0} cases ({1}) change segment.", tr.count(moved), tr.percent(Double(moved) / Double(max(r.cases, 1)))))
        if let reviewRow = comparison.rows.first(where: { $0.metric == .reviewRate }), let chosen = reviewRow.chosen {
            changes.append(tr("Review rate {0} → {1}.", tr.percent(reviewRow.current.value), tr.percent(chosen.value)))
        }
        if r.highByMarker > 0 || r.undetermined > 0 {
            changes.append(tr("{0} cases are high risk by a severe marker and {1} are undetermined: no threshold moves them, and they count in every figure as the engine decides them.",
                              tr.count(r.highByMarker), tr.count(r.undetermined)))
        }
        if let p = publication {
            changes.append(p.written.map { tr("New criteria version {0} {1} written to {2}.", p.model.id, p.model.version, $0) }
                           ?? tr("New criteria version {0} {1} (not written).", p.model.id, p.model.version))
            for c in p.changes where !c.path.hasPrefix("provenance") && c.path != "version" { changes.append(c.text) }
        }
        let changeBox = HTMLPage.box(tr("What changes"), "<ul>" + changes.map { "<li>" + HTMLPage.escape($0) + "</li>" }.joined() + "</ul>")
        var right = changeBox
        if r.changesThresholds {
            // Undetermined cases never move: the moves are between the four segments.
            let quadrants = Array(0..<m.segments.quadrants.count)
            let axis = quadrants.map { (names.segment($0), "") }
            let moves = MatrixHeatmapChart.svg(title: tr("Segment moves: current → chosen"), rows: .init(title: tr("current"), labels: axis),
                                               columns: .init(title: tr("chosen (columns numbered as the rows)"), labels: axis),
                                               counts: { r.transitions[$0, $1] }, diagonal: { $0 == $1 }, language: language, compact: true)
            right += HTMLPage.figure(moves, caption: "")
        }
        page.summaryBlock("<div class=\"grid\"><div>" + HTMLPage.figure(compactMap, caption: "") + "</div><div>" + right + "</div></div>")

        // Detail.
        let bi = r.bands.firstIndex(of: (best ?? r.current).band)!
        let surface = ObjectiveSurfaceChart.svg(title: tr("{0} over the threshold grid", objective), objectiveName: objective,
                                                copingValues: r.copingValues, riskValues: r.riskValues,
                                                value: { i, j in let p = r.point(band: bi, coping: i, risk: j); return (p.objective, p.feasible) },
                                                current: (r.current.coping, r.current.risk), best: best.map { ($0.coping, $0.risk) }, tr: tr)
        page.section(tr("The objective over the grid"), lead: tr("Every point of the grid, computed exactly from sorted cumulative counts (near band {0}). Grey points break a constraint.", tr.threshold(r.bands[bi])),
                     HTMLPage.figure(surface, caption: ""))

        var markersC: [LineChart.Marker] = [.init(x: r.current.coping, label: tr("current {0}", tr.threshold(r.current.coping)), colour: "#1f2430", dash: "5 3")]
        var markersR: [LineChart.Marker] = [.init(x: r.current.risk, label: tr("current {0}", tr.threshold(r.current.risk)), colour: "#1f2430", dash: "5 3")]
        if let b = best, r.changesThresholds {
            markersC.append(.init(x: b.coping, label: tr("chosen {0}", tr.threshold(b.coping)), colour: ChartStyle.accent))
            markersR.append(.init(x: b.risk, label: tr("chosen {0}", tr.threshold(b.risk)), colour: ChartStyle.accent))
        }
        let anchor = best ?? r.current
        let c1 = LineChart.svg(title: tr("{0} against the coping threshold", objective), xLabel: tr("coping threshold (risk at {0})", tr.threshold(anchor.risk)),
                               yLabel: objective, points: r.copingCurve.map { ($0.coping, $0.objective, $0.feasible) }, markers: markersC, tr: tr)
        let c2 = LineChart.svg(title: tr("{0} against the risk threshold", objective), xLabel: tr("risk threshold (coping at {0})", tr.threshold(anchor.coping)),
                               yLabel: objective, points: r.riskCurve.map { ($0.risk, $0.objective, $0.feasible) }, markers: markersR, tr: tr)
        page.section(tr("The objective against each threshold"), lead: tr("One threshold moves, the other stays at the chosen point's value."),
                     "<div class=\"row\">" + HTMLPage.figure(c1, caption: "") + HTMLPage.figure(c2, caption: "") + "</div>")

        let feasible = r.points.filter { $0.feasible }
        let stride = max(1, feasible.count / 4000)
        let cloud = feasible.enumerated().filter { $0.offset % stride == 0 }.map { ($0.element.pareto, $0.element.objective) }
        let pchart = ParetoChart.svg(title: tr("Pareto front: {0} against {1}", objective, pareto),
                                     xLabel: "\(pareto) (\(r.settings.paretoLargerIsBetter ? tr("larger is better") : tr("smaller is better")))",
                                     yLabel: objective, cloud: cloud, front: r.front.map { ($0.pareto, $0.objective) },
                                     current: (r.current.pareto, r.current.objective), best: best.map { ($0.pareto, $0.objective) }, tr: tr)
        let frontRows = TuneText.thin(r.front, to: 15).map {
            [tr.threshold($0.coping), tr.threshold($0.risk), tr.threshold($0.band), tr.number($0.objective, 4), tr.number($0.pareto, 4),
             $0 == best ? tr("chosen") : ""]
        }
        page.section(tr("Trade-off"), lead: tr("Feasible points no other feasible point beats on both figures; the chosen point is always one of them."),
                     "<div class=\"row\">" + HTMLPage.figure(pchart, caption: "")
                        + HTMLPage.table([tr("coping ≥"), tr("risk ≥"), tr("band"), objective, pareto, ""], frontRows, numeric: [0, 1, 2, 3, 4]) + "</div>")

        let detailAxis = (0..<segments.count).map { (names.segment($0), SegmentNames.id(m, $0)) }
        if let bm = r.bestMatrices {
            let conf = MatrixHeatmapChart.svg(title: tr("Segments at the chosen point: caseworker × Seula"), rows: .init(title: tr("caseworker's label"), labels: detailAxis),
                                              columns: .init(title: tr("Seula (chosen thresholds)"), labels: detailAxis), counts: { bm.segments[$0, $1] },
                                              diagonal: { $0 == $1 }, language: language)
            let moves = MatrixHeatmapChart.svg(title: tr("Segment moves: current → chosen"), rows: .init(title: tr("current thresholds"), labels: detailAxis),
                                               columns: .init(title: tr("chosen thresholds"), labels: detailAxis), counts: { r.transitions[$0, $1] },
                                               diagonal: { $0 == $1 }, language: language)
            page.section(tr("At the chosen point"), lead: tr("Agreement with the caseworkers, and how the caseload moves between segments."),
                         "<div class=\"row\">" + HTMLPage.figure(conf, caption: "") + HTMLPage.figure(moves, caption: "") + "</div>")
        }
        page.section(tr("How the point is chosen"), "<ul class=\"method\">" + [
            tr("Every grid point is evaluated exactly: each case gets the segment, final outcome and review the decision engine would give it at those thresholds."),
            tr("Among the points meeting every constraint, those within {0} of the best objective count as ties; of them the best on {1} is chosen, then the higher objective, then the point nearest the current thresholds.", tr.number(r.settings.tolerance, 4), pareto),
            tr("A case whose risk side a severe marker decides stays high, and an undetermined case stays undetermined, at every point."),
            tr("Intervals are 95 % percentile bootstrap intervals over the cases ({0} replicates, seed {1}).", tr.count(comparison.replicates), String(comparison.seed)),
        ].map { "<li>" + HTMLPage.escape($0) + "</li>" }.joined() + "</ul>")
        return page.render()
    }

    static func cell(_ x: Estimate, _ tr: Phrases) -> String {
        tr.number(x.value, 4) + (x.hasInterval ? " <span class=\"note\">(" + tr.interval(x.lower, x.upper, 3) + ")</span>" : "")
    }
}
