import SeulaCore

/// The HTML report of `seula evaluate --report`: headline figures, the caseload on the two
/// axes, the confusion heatmap, agreement against each threshold, outcomes, services, the risk
/// score's calibration, fairness disparity bars and the rejected rows.
public enum EvaluationReport {
    public static func html(_ e: Evaluation, inputName: String) -> String {
        let m = e.model
        var page = HTMLPage(title: "Seula evaluation — \(m.id) \(m.version)",
                            subtitle: "\(inputName): \(e.cases.count) labelled cases evaluated, \(e.rejections.total) rows rejected · criteria sha256 \(m.sha256.prefix(16))…")
        var cards: [(String, String, String)] = []
        for (f, v) in e.headline {
            let ci = e.intervals[f].map { "95 % CI \(NumberText.fixed($0.lower, 3))–\(NumberText.fixed($0.upper, 3))" } ?? ""
            cards.append((EvaluationText.figureName(f), NumberText.fixed(v, 3), ci))
        }
        page.cards(cards)

        let points = e.cases.map { ($0.copingScore, $0.riskScore) }
        let map = CaseloadMapChart.svg(model: m, points: points,
                                       thresholds: [.init(coping: m.coping.threshold, risk: m.risk.threshold, label: "\(m.id) \(m.version)")],
                                       title: "Caseload on the two axes (Seula's segments)")
        page.section("The caseload on the two axes",
                     lead: "Each cell counts cases by coping score (across) and risk score (up). The lines are the thresholds; each quadrant shows its segment's share of the placed cases.",
                     HTMLPage.figure(map, caption: "Thresholds: coping ≥ \(NumberText.threshold(m.coping.threshold)) is hard, risk ≥ \(NumberText.threshold(m.risk.threshold)) is high; a score within \(NumberText.threshold(m.segments.nearBand)) points of a threshold asks for review."))

        let segAxis = (0..<e.segments.classes).map { (SegmentNames.finnish(m, $0), SegmentNames.id(m, $0)) }
        let heat = MatrixHeatmapChart.svg(title: "Segments: caseworker × Seula",
                                          rows: .init(title: "Caseworker's label", labels: segAxis),
                                          columns: .init(title: "Seula", labels: segAxis),
                                          counts: { e.segments[$0, $1] }, diagonal: { $0 == $1 })
        var perSegment: [[String]] = []
        for s in 0..<e.segments.classes where e.segments.rowTotal(s) + e.segments.columnTotal(s) > 0 {
            perSegment.append([SegmentNames.labelled(m, s), String(e.segments.rowTotal(s)), String(e.segments.columnTotal(s)),
                               NumberText.fixed(e.segments.precision(s), 3), NumberText.fixed(e.segments.recall(s), 3), NumberText.fixed(e.segments.f1(s), 3)])
        }
        page.section("Seula against the caseworkers",
                     lead: "Rows are the caseworker's segment, columns Seula's; each cell shows the count and its share of the row. The diagonal (outlined) is agreement.",
                     "<div class=\"row\">" + HTMLPage.figure(heat, caption: "Accuracy \(NumberText.fixed(e.segments.accuracy, 3)), Cohen's κ \(NumberText.fixed(e.segments.cohenKappa, 3)).")
                        + HTMLPage.table(["segment", "caseworker", "Seula", "precision", "recall", "F1"], perSegment, numeric: [1, 2, 3, 4, 5]) + "</div>")

        page.section("Agreement against each threshold",
                     lead: "Cohen's κ if only one threshold moved, the other kept as it is (computed exactly, as tune does).",
                     "<div class=\"row\">" + curves(e) + "</div>")

        if let o = e.outcomes {
            let present = (0..<o.classes).filter { o.rowTotal($0) + o.columnTotal($0) > 0 }
            let names = m.document.value["outcomes"]?["names"]
            let axis = present.map { (names?[m.outcomeLevels.values[$0]]?["fi"]?.stringValue ?? m.outcomeLevels.values[$0], m.outcomeLevels.values[$0]) }
            let svg = MatrixHeatmapChart.svg(title: "Reception outcome: caseworker × Seula",
                                             rows: .init(title: "Caseworker's outcome", labels: axis),
                                             columns: .init(title: "Seula (after overrides)", labels: axis),
                                             counts: { o[present[$0], present[$1]] }, diagonal: { $0 == $1 })
            page.section("Reception outcome", lead: "\(o.total) cases with a labelled outcome. Levels are ordered \(m.outcomeLevels.values.joined(separator: " < ")); the quadratic-weighted κ counts a two-level miss four times a one-level miss.",
                         HTMLPage.figure(svg, caption: "Accuracy \(NumberText.fixed(o.accuracy, 3)), quadratic-weighted κ \(NumberText.fixed(o.quadraticKappa, 3))."))
        }

        if let s = e.services {
            let micro = s.micro
            let rows = s.seenProducts.map { p in
                [m.products[p.product].id, String(p.both), String(p.seulaOnly), String(p.caseworkerOnly),
                 NumberText.fixed(p.precision, 3), NumberText.fixed(p.recall, 3), NumberText.fixed(p.f1, 3)]
            }
            page.section("Services", lead: "\(s.cases) cases with labelled services. Micro precision \(NumberText.fixed(micro.precision, 3)), recall \(NumberText.fixed(micro.recall, 3)), F1 \(NumberText.fixed(micro.f1, 3)); mean Jaccard \(NumberText.fixed(s.meanJaccard, 3)); identical sets in \(NumberText.percent(s.exactMatchRate)) of cases.",
                         HTMLPage.table(["product", "both", "Seula only", "caseworker only", "precision", "recall", "F1"], rows, numeric: [1, 2, 3, 4, 5, 6]))
        }

        if let r = e.riskOutcome {
            let rows = r.calibration.enumerated().map { d, b in
                [String(d + 1), String(b.cases), "\(NumberText.fixed(b.lowestScore, 1))–\(NumberText.fixed(b.highestScore, 1))",
                 NumberText.fixed(b.meanPredicted, 3), NumberText.fixed(b.observedRate, 3)]
            }
            let calibration = LineChart.svg(title: "Observed 12-month outcome rate by risk decile", xLabel: "decile of the risk score (1 = lowest)",
                                            yLabel: "rate", points: r.calibration.enumerated().map { (Double($0 + 1), $1.observedRate, true) }, markers: [],
                                            reference: ("mean score/100 (read as a probability)", r.calibration.enumerated().map { (Double($0 + 1), $1.meanPredicted) }),
                                            seriesName: "observed outcome rate", legend: false)
            page.section("Risk score against the 12-month outcome",
                         lead: "\(r.cases) cases, \(r.positives) with the outcome. ROC AUC \(NumberText.fixed(r.auc, 3)); Brier \(NumberText.fixed(r.brier, 4)) reading score/100 as a probability (predicting the base rate: \(NumberText.fixed(r.brierBaseRate, 4))).",
                         "<div class=\"row\">" + HTMLPage.figure(calibration, caption: "A well-ranking score rises from left to right; where the two lines part, score/100 over- or under-states the observed rate.")
                            + HTMLPage.table(["decile", "cases", "risk score", "score/100", "observed"], rows, numeric: [0, 1, 3, 4]) + "</div>")
        }

        var fairness = ""
        for a in e.fairness.attributes {
            fairness += HTMLPage.figure(DisparityChart.svg(model: m, attribute: a, segments: e.fairness.segments),
                                        caption: "Bars run from 1 (same as \(a.reference)) to the group's ratio; the green band is 0.8–1.25. Groups under \(e.fairness.minimumGroup) cases are greyed and never flagged.")
        }
        var flagged: [[String]] = []
        for a in e.fairness.attributes {
            let ref = a.groups.first { $0.isReference }!
            for g in a.groups {
                for x in g.flagged {
                    flagged.append([a.name, g.value, "\(x.figure.rawValue)(\(SegmentNames.id(m, x.segment)))",
                                    NumberText.fixed(g.figures[x.figure]![x.segment], 3), NumberText.fixed(ref.figures[x.figure]![x.segment], 3), NumberText.fixed(x.ratio, 2)])
                }
            }
        }
        fairness += flagged.isEmpty ? HTMLPage.paragraph("No disparity outside 0.8–1.25.")
            : HTMLPage.table(["attribute", "group", "figure", "group value", "reference", "ratio"], flagged, numeric: [3, 4, 5], highlight: { _ in true })
        page.section("Fairness", lead: "Per group: Seula's segment shares and its error rates against the caseworkers (FPR: put in the segment when the caseworker did not; FNR: missed a case the caseworker put there), as ratios to the reference group (Aequitas convention).", fairness)

        if e.rejections.total > 0 {
            let rows = e.rejections.codes.flatMap { code in
                e.rejections.examples[code, default: []].enumerated().map { k, p in
                    [k == 0 ? code : "", k == 0 ? String(e.rejections.counts[code]!) : "", String(p.line), p.id ?? "", p.path, p.message]
                }
            }
            page.section("Rejected rows", lead: "Rows not used in any figure, by error code (first \(RejectionTally.examplesKept) of each).",
                         HTMLPage.table(["code", "rows", "line", "id", "field", "message"], rows, numeric: [1, 2]))
        }
        return page.render()
    }

    /// κ against each threshold with the other kept, from the same counting as `tune`.
    static func curves(_ e: Evaluation) -> String {
        let m = e.model
        let cases = e.cases.map { SearchCase(projection: $0.projection, segmentLabel: $0.labels.segment!, outcomeLabel: $0.labels.outcome ?? -1) }
        let copingGrid = ThresholdGrid("0:100:1")!.including(m.coping.threshold).values
        let riskGrid = ThresholdGrid("0:100:1")!.including(m.risk.threshold).values
        let search = ThresholdSearch(model: m, cases: cases, copingGrid: copingGrid, riskGrid: riskGrid)
        let ci = copingGrid.firstIndex(of: m.coping.threshold)!, ri = riskGrid.firstIndex(of: m.risk.threshold)!
        let coping = copingGrid.indices.map { (copingGrid[$0], search.matrices(coping: $0, risk: ri).segments.cohenKappa, true) }
        let risk = riskGrid.indices.map { (riskGrid[$0], search.matrices(coping: ci, risk: $0).segments.cohenKappa, true) }
        let a = LineChart.svg(title: "κ against the coping threshold", xLabel: "coping threshold (risk kept at \(NumberText.threshold(m.risk.threshold)))",
                              yLabel: "Cohen's κ", points: coping, markers: [.init(x: m.coping.threshold, label: "current \(NumberText.threshold(m.coping.threshold))", colour: "#1f2430", dash: "5 3")], legend: false)
        let b = LineChart.svg(title: "κ against the risk threshold", xLabel: "risk threshold (coping kept at \(NumberText.threshold(m.coping.threshold)))",
                              yLabel: "Cohen's κ", points: risk, markers: [.init(x: m.risk.threshold, label: "current \(NumberText.threshold(m.risk.threshold))", colour: "#1f2430", dash: "5 3")], legend: false)
        return HTMLPage.figure(a, caption: "") + HTMLPage.figure(b, caption: "")
    }
}
