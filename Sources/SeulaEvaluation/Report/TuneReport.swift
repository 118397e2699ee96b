import SeulaCore

/// The HTML report of `seula tune --report`: the caseload with the current and new
/// thresholds, the objective over the grid, the objective against each threshold, the Pareto
/// front, and the confusion and transition matrices at the best point.
public enum TuneReport {
    public static func html(_ r: TuneRun, cases: [SearchCase], inputName: String) -> String {
        let m = r.model
        let segments = m.segments.domain.values
        let objective = r.settings.objective.name(segments: segments)
        let pareto = r.settings.paretoMetric.name(segments: segments)
        var page = HTMLPage(title: "Seula threshold tuning — \(m.id) \(m.version)",
                            subtitle: "\(inputName): \(r.cases) labelled cases · maximise \(objective)" + (r.settings.constraints.isEmpty ? "" : " subject to " + r.settings.constraints.map(\.text).joined(separator: ", ")))
        let best = r.best
        page.cards([
            ("\(objective) now", NumberText.fixed(r.current.objective, 4), "coping ≥ \(NumberText.threshold(r.current.coping)), risk ≥ \(NumberText.threshold(r.current.risk)), band \(NumberText.threshold(r.current.band))"),
            ("\(objective) at best", best.map { NumberText.fixed($0.objective, 4) } ?? "—",
             best.map { "coping ≥ \(NumberText.threshold($0.coping)), risk ≥ \(NumberText.threshold($0.risk)), band \(NumberText.threshold($0.band))" } ?? "no feasible point"),
            ("grid points", String(r.points.count), "\(r.points.filter(\.feasible).count) meet every constraint"),
            ("cases changing segment", String(r.transitions.total - r.transitions.diagonal), "current → best"),
        ])
        var thresholds: [CaseloadMapChart.Thresholds] = []
        if let b = best, r.changesThresholds { thresholds.append(.init(coping: b.coping, risk: b.risk, label: "best (new)", stroke: ChartStyle.accent)) }
        thresholds.append(.init(coping: r.current.coping, risk: r.current.risk, label: "current", stroke: "#1f2430", dash: "6 4"))
        let map = CaseloadMapChart.svg(model: m, points: cases.map { ($0.projection.coping, $0.projection.risk) }, thresholds: thresholds,
                                       title: "Caseload with the current and best thresholds")
        page.section("The caseload on the two axes", lead: "Quadrant shares are under the \(r.changesThresholds ? "best (solid red)" : "current") thresholds; the dashed lines are the current ones.",
                     HTMLPage.figure(map, caption: ""))

        let bi = r.bands.firstIndex(of: (best ?? r.current).band)!
        let surface = ObjectiveSurfaceChart.svg(title: "\(objective) over the threshold grid", objectiveName: objective,
                                                copingValues: r.copingValues, riskValues: r.riskValues,
                                                value: { i, j in let p = r.point(band: bi, coping: i, risk: j); return (p.objective, p.feasible) },
                                                current: (r.current.coping, r.current.risk), best: best.map { ($0.coping, $0.risk) })
        page.section("The objective over the grid", lead: "Every point of the grid, computed exactly from sorted cumulative counts (near band \(NumberText.threshold(r.bands[bi])))." ,
                     HTMLPage.figure(surface, caption: "Grey points break a constraint."))

        var markersC: [LineChart.Marker] = [.init(x: r.current.coping, label: "current \(NumberText.threshold(r.current.coping))", colour: "#1f2430", dash: "5 3")]
        var markersR: [LineChart.Marker] = [.init(x: r.current.risk, label: "current \(NumberText.threshold(r.current.risk))", colour: "#1f2430", dash: "5 3")]
        if let b = best {
            markersC.append(.init(x: b.coping, label: "best \(NumberText.threshold(b.coping))", colour: ChartStyle.accent))
            markersR.append(.init(x: b.risk, label: "best \(NumberText.threshold(b.risk))", colour: ChartStyle.accent))
        }
        let anchor = best ?? r.current
        let c1 = LineChart.svg(title: "\(objective) against the coping threshold", xLabel: "coping threshold (risk at \(NumberText.threshold(anchor.risk)))",
                               yLabel: objective, points: r.copingCurve.map { ($0.coping, $0.objective, $0.feasible) }, markers: markersC)
        let c2 = LineChart.svg(title: "\(objective) against the risk threshold", xLabel: "risk threshold (coping at \(NumberText.threshold(anchor.coping)))",
                               yLabel: objective, points: r.riskCurve.map { ($0.risk, $0.objective, $0.feasible) }, markers: markersR)
        page.section("The objective against each threshold", lead: "One threshold moves, the other stays at the best point's value.",
                     "<div class=\"row\">" + HTMLPage.figure(c1, caption: "") + HTMLPage.figure(c2, caption: "") + "</div>")

        let feasible = r.points.filter { $0.feasible }
        let stride = max(1, feasible.count / 4000)
        let cloud = feasible.enumerated().filter { $0.offset % stride == 0 }.map { ($0.element.pareto, $0.element.objective) }
        let pchart = ParetoChart.svg(title: "Pareto front: \(objective) vs \(pareto)", xLabel: "\(pareto) (\(r.settings.paretoLargerIsBetter ? "larger" : "smaller") is better)",
                                     yLabel: objective, cloud: cloud, front: r.front.map { ($0.pareto, $0.objective) },
                                     current: (r.current.pareto, r.current.objective), best: best.map { ($0.pareto, $0.objective) })
        let frontRows = TuneText.thin(r.front, to: 15).map {
            [NumberText.threshold($0.coping), NumberText.threshold($0.risk), NumberText.threshold($0.band), NumberText.fixed($0.objective, 4), NumberText.fixed($0.pareto, 4)]
        }
        page.section("Trade-off", lead: "Feasible points no other feasible point beats on both figures.",
                     "<div class=\"row\">" + HTMLPage.figure(pchart, caption: "")
                        + HTMLPage.table(["coping ≥", "risk ≥", "band", objective, pareto], frontRows, numeric: [0, 1, 2, 3, 4]) + "</div>")

        let axis = (0..<segments.count).map { (SegmentNames.finnish(m, $0), SegmentNames.id(m, $0)) }
        if let bm = r.bestMatrices {
            let conf = MatrixHeatmapChart.svg(title: "Segments at the best point: caseworker × Seula", rows: .init(title: "Caseworker's label", labels: axis),
                                              columns: .init(title: "Seula (best thresholds)", labels: axis), counts: { bm.segments[$0, $1] }, diagonal: { $0 == $1 })
            let moves = MatrixHeatmapChart.svg(title: "Segment moves: current → best", rows: .init(title: "Current thresholds", labels: axis),
                                               columns: .init(title: "Best thresholds", labels: axis), counts: { r.transitions[$0, $1] }, diagonal: { $0 == $1 })
            page.section("At the best point", lead: "Agreement with the caseworkers, and how the caseload moves between segments.",
                         "<div class=\"row\">" + HTMLPage.figure(conf, caption: "") + HTMLPage.figure(moves, caption: "") + "</div>")
        }
        return page.render()
    }
}
