import SeulaCore

/// The HTML report of `seula evaluate --report`: a one-page summary (headline figures with
/// intervals, the caseload map, the confusion matrix, the clearest fairness flags, where the
/// criteria come from), then the detail: segments, undetermined cases, agreement against each
/// threshold, outcomes, services, the risk score's ROC curve and reliability, fairness per
/// attribute, rejected rows and how the figures are computed.
public enum EvaluationReport {
    public static func html(_ e: Evaluation, context: ReportContext) -> String {
        let m = e.model
        let language = context.language
        let tr = Phrases(language)
        let names = NameBook(model: m, language: language)
        var page = HTMLPage(title: tr("Seula evaluation — {0} {1}", m.id, m.version),
                            subtitle: tr("{0} · {1}: {2} labelled cases evaluated, {3} rows rejected", names.title.text, context.inputName,
                                         tr.count(e.cases.count), tr.count(e.rejections.total)),
                            context: context, criteria: [(tr("Evaluated"), m)])

        // Summary: headline figures.
        var rows: [[String]] = []
        for (f, v) in e.headline {
            let i = e.intervals[f]
            rows.append([HTMLPage.escape(EvaluationText.figureName(f, tr)), tr.number(v, 3),
                         i.map { tr.interval($0.lower, $0.upper, 3) } ?? "—", HTMLPage.escape(shortScope(f, e, tr))])
        }
        let u = e.undetermined
        rows.append([HTMLPage.escape(tr("undetermined share")), tr.percent(u.share.value), tr.percentInterval(u.share.lower, u.share.upper),
                     HTMLPage.escape(tr("{0} cases; Wilson interval", tr.count(u.count)))])
        let headline = HTMLPage.tableHTML([tr("figure"), tr("value"), tr("95 % interval"), tr("over")].map(HTMLPage.escape), rows,
                                          numeric: [1, 2], className: "figures")
        page.summaryBlock("<div class=\"box\">" + "<h3>" + HTMLPage.escape(tr("Agreement with the caseworkers")) + "</h3>" + headline
                          + HTMLPage.paragraph(tr("95 % intervals: percentile bootstrap ({0} replicates, seed {1}); the undetermined share: Wilson.",
                                                  tr.count(e.options.bootstrapReplicates), String(e.options.seed)), className: "note") + "</div>")

        let map = CaseloadMapChart.svg(model: m, names: names, points: mapPoints(e),
                                       thresholds: [.init(coping: m.coping.threshold, risk: m.risk.threshold, band: m.segments.nearBand, label: "\(m.id) \(m.version)")],
                                       title: tr("Seula's segments on the two axes"), compact: true)
        let segAxis = (0..<e.segments.classes).map { (names.segment($0), "") }
        // Rows: the segments the caseworkers used (undetermined only if they used it).
        let labelled = (0..<e.segments.classes).filter { e.segments.rowTotal($0) > 0 }
        let compactMatrix = MatrixHeatmapChart.svg(title: tr("Segments: caseworker × Seula"), rows: .init(title: tr("caseworker"), labels: labelled.map { segAxis[$0] }),
                                                   columns: .init(title: tr("Seula (columns numbered as the rows)"), labels: segAxis),
                                                   counts: { e.segments[labelled[$0], $1] }, diagonal: { labelled[$0] == $1 }, language: language, compact: true)
        let criteriaBox = HTMLPage.box(tr("The criteria"), criteriaText(m, tr: tr, names: names))
        page.summaryBlock("<div class=\"grid\"><div>" + HTMLPage.figure(map, caption: "") + "</div><div>"
                          + HTMLPage.figure(compactMatrix, caption: undeterminedSentence(e, tr: tr)) + criteriaBox + "</div></div>")

        let flags = e.fairness.flags
        var flagHTML = ""
        let shown = 4
        if flags.isEmpty {
            flagHTML = HTMLPage.paragraph(tr("No ratio is flagged."))
        } else {
            flagHTML = "<ol class=\"flags\">" + flags.prefix(shown).map { "<li>" + HTMLPage.escape(EvaluationText.flagText($0, tr: tr, names: names)) + "</li>" }.joined() + "</ol>"
            if flags.count > shown { flagHTML += HTMLPage.paragraph(tr("{0} more in the detail.", String(flags.count - shown)), className: "note") }
        }
        let rule = tr("Flagged when the whole 95 % interval of a ratio to the reference group lies outside 0.8–1.25 and the group has at least {0} cases (the figure's denominator at least {1}).",
                      String(e.fairness.minimumGroup), String(e.fairness.minimumCount))
        page.summaryBlock(HTMLPage.box(tr("Fairness flags ({0})", String(flags.count)), flagHTML + HTMLPage.paragraph(rule, className: "note")))

        // Detail.
        let heat = MatrixHeatmapChart.svg(title: tr("Segments: caseworker × Seula"), rows: .init(title: tr("caseworker's label"), labels: labelled.map { (segAxis[$0].0, SegmentNames.id(m, $0)) }),
                                          columns: .init(title: "Seula", labels: segAxis.enumerated().map { ($1.0, SegmentNames.id(m, $0)) }),
                                          counts: { e.segments[labelled[$0], $1] }, diagonal: { labelled[$0] == $1 }, language: language)
        var perSegment: [[String]] = []
        for s in e.quadrants {
            let f = e.perSegment[s]
            perSegment.append([HTMLPage.name(names.segment(s), page: language), tr.count(e.segments.rowTotal(s)), tr.count(e.segments.columnTotal(s)),
                               estimateCell(f.precision, tr), estimateCell(f.recall, tr), estimateCell(f.f1, tr)])
        }
        page.section(tr("Segments"), lead: tr("Rows are the caseworker's segment, columns Seula's; each cell shows the count and its share of the row. The diagonal (outlined) is agreement. Precision, recall and F1 are given for the four segments with bootstrap 95 % intervals; undetermined is reported apart."),
                     "<div class=\"row\">" + HTMLPage.figure(heat, caption: "")
                        + HTMLPage.tableHTML([tr("segment"), tr("caseworker"), "Seula", tr("precision"), tr("recall"), "F1"].map(HTMLPage.escape), perSegment, numeric: [1, 2, 3, 4, 5]) + "</div>")

        var undetermined = HTMLPage.paragraph(EvaluationText.undeterminedText(e, tr: tr, names: names).replacingAll("\n  ", with: " ").replacingAll("\n", with: " "))
        if e.highByMarker > 0 {
            undetermined += HTMLPage.paragraph(tr("Severe markers (MODEL-V2) decide the risk side of {0} cases: they are high whatever their score and are drawn in the strip above the caseload map.", tr.count(e.highByMarker)))
        }
        page.section(tr("Undetermined cases"), lead: tr("Cases Seula cannot place in a segment (too few coping answers, or too many register gaps) are not a fifth segment: they count as disagreements in accuracy and κ, and are left out of the per-segment figures and macro averages."), undetermined)

        page.section(tr("Agreement against each threshold"),
                     lead: tr("Cohen's κ if only one threshold moved, the other kept as it is (computed exactly, as tune does)."),
                     "<div class=\"row\">" + curves(e, tr: tr) + "</div>")

        if let o = e.outcomes {
            let present = (0..<o.classes).filter { o.rowTotal($0) + o.columnTotal($0) > 0 }
            let used = (0..<o.classes).filter { o.rowTotal($0) > 0 }
            let svg = MatrixHeatmapChart.svg(title: tr("Reception outcome: caseworker × Seula"),
                                             rows: .init(title: tr("caseworker's outcome"), labels: used.map { (names.outcome($0), m.outcomeLevels.values[$0]) }),
                                             columns: .init(title: tr("Seula (after overrides)"), labels: present.map { (names.outcome($0), m.outcomeLevels.values[$0]) }),
                                             counts: { o[used[$0], present[$1]] }, diagonal: { used[$0] == present[$1] }, language: language)
            page.section(tr("Reception outcome"), lead: tr("{0} cases with a labelled outcome. Levels are ordered as in the criteria file; the quadratic-weighted κ counts a two-level miss four times a one-level miss. Levels no case has are left out.", tr.count(o.total)),
                         HTMLPage.figure(svg, caption: tr("Accuracy {0}; quadratic-weighted κ {1} (95 % interval {2}).", tr.number(o.accuracy, 3), tr.number(o.quadraticKappa, 3),
                                                          e.intervals[.outcomeWeightedKappa].map { tr.interval($0.lower, $0.upper, 3) } ?? "—")))
        }

        if let s = e.services {
            let micro = s.micro
            let rows = s.seenProducts.map { p in
                [HTMLPage.name(names.product(p.product), page: language), tr.count(p.both), tr.count(p.seulaOnly), tr.count(p.caseworkerOnly),
                 tr.number(p.precision, 3), tr.number(p.recall, 3), tr.number(p.f1, 3)]
            }
            page.section(tr("Services"), lead: tr("{0} cases with labelled services. Micro precision {1}, recall {2}, F1 {3}; mean Jaccard {4}; identical sets in {5} of cases.",
                                                  tr.count(s.cases), tr.number(micro.precision, 3), tr.number(micro.recall, 3), tr.number(micro.f1, 3), tr.number(s.meanJaccard, 3), tr.percent(s.exactMatchRate)),
                         HTMLPage.tableHTML([tr("product"), tr("both"), tr("Seula only"), tr("caseworker only"), tr("precision"), tr("recall"), "F1"].map(HTMLPage.escape),
                                            rows, numeric: [1, 2, 3, 4, 5, 6]))
        }

        if let r = e.riskOutcome, let auc = e.estimate(.auc) {
            let rows = r.reliability.map { b in
                [tr.number(b.lower, 1) + "–" + tr.number(b.upper, 1), tr.count(b.cases), tr.count(b.events), tr.number(b.meanPredicted, 3),
                 tr.number(b.observedRate, 3), tr.interval(b.observedLower, b.observedUpper, 3)]
            }
            let brier = e.estimate(.brier)
            var lead = tr("{0} cases with label.outcome_12m and a risk score, {1} with the outcome. ROC AUC {2} (95 % interval {3}); Brier score {4} ({5}) reading score/100 as a probability, against {6} for predicting the base rate.",
                          tr.count(r.cases), tr.count(r.positives), tr.number(r.auc, 3), tr.interval(auc.lower, auc.upper, 3), tr.number(r.brier, 4),
                          brier.map { tr.interval($0.lower, $0.upper, 4) } ?? "—", tr.number(r.brierBaseRate, 4))
            if r.withoutScore > 0 { lead += " " + tr("{0} more cases have no risk score (risk undetermined) and are left out.", tr.count(r.withoutScore)) }
            page.section(tr("Risk score against the 12-month outcome"), lead: lead,
                         "<div class=\"row\">" + HTMLPage.figure(RiskCharts.roc(r.roc, auc: auc, language: language), caption: tr("Every distinct score is a point; the dashed diagonal is a score that ranks no better than chance."))
                            + HTMLPage.figure(RiskCharts.reliability(r.reliability, language: language), caption: tr("Bins of width 0.1 of score/100; on the dashed diagonal the score would be a calibrated probability."))
                            + HTMLPage.table([tr("predicted"), tr("cases"), tr("events"), tr("mean predicted"), tr("observed"), tr("95 % interval")], rows, numeric: [1, 2, 3, 4, 5]) + "</div>")
        }

        var fairness = ""
        for a in e.fairness.attributes {
            let title = tr("{0}: ratio to {1}", EvaluationText.attributeName(a.name, tr), EvaluationText.groupName(a.reference, tr))
            fairness += HTMLPage.figure(FairnessChart.svg(model: m, attribute: a, segments: e.fairness.segments, names: names, title: title), caption: "")
        }
        let flagRows = flags.map { x in
            [HTMLPage.escape(EvaluationText.attributeName(x.attribute, tr)), HTMLPage.escape(EvaluationText.groupName(x.group, tr)), tr.count(x.cases),
             HTMLPage.escape(EvaluationText.figureLabel(x.figure, segment: names.segment(x.segment).text, tr)),
             tr.number(x.cell.value, 3), tr.number(x.reference.value, 3), tr.number(x.cell.ratio, 2), tr.interval(x.cell.lower, x.cell.upper, 2)]
        }
        fairness += flags.isEmpty ? HTMLPage.paragraph(tr("No ratio is flagged."))
            : "<h3>" + HTMLPage.escape(tr("Flagged ratios, clearest first")) + "</h3>"
                + HTMLPage.tableHTML([tr("attribute"), tr("group"), tr("cases"), tr("figure"), tr("group value"), tr("reference"), tr("ratio"), tr("95 % interval")].map(HTMLPage.escape),
                                     flagRows, numeric: [2, 4, 5, 6, 7])
        page.section(tr("Fairness"), lead: tr("Per group: Seula's segment shares and its error rates against the caseworkers (false positive rate: put in the segment when the caseworker did not; false negative rate: missed a case the caseworker put there), as ratios to the reference group with bootstrap 95 % intervals.") + " " + rule, fairness)

        if e.rejections.total > 0 {
            let rows = e.rejections.codes.flatMap { code in
                e.rejections.examples[code, default: []].enumerated().map { k, p in
                    [k == 0 ? code : "", k == 0 ? String(e.rejections.counts[code]!) : "", String(p.line), p.id ?? "", p.path, p.message]
                }
            }
            page.section(tr("Rejected rows"), lead: tr("Rows not used in any figure, by error code (the first {0} of each).", String(RejectionTally.examplesKept)),
                         HTMLPage.table([tr("code"), tr("rows"), tr("line"), "id", tr("field"), tr("message")], rows, numeric: [1, 2]))
        }
        page.section(tr("How the figures are computed"), "<ul class=\"method\">" + method(e, tr: tr).map { "<li>" + HTMLPage.escape($0) + "</li>" }.joined() + "</ul>")
        return page.render()
    }

    /// Which cases a headline figure is over, in a few words for the summary.
    static func shortScope(_ f: HeadlineFigure, _ e: Evaluation, _ tr: Phrases) -> String {
        switch f {
        case .accuracy, .kappa: return tr("n = {0}; undetermined = disagreement", tr.count(e.segments.total))
        case .macroF1, .balancedAccuracy: return tr("mean over the {0} segments", String(e.quadrants.count))
        case .outcomeWeightedKappa: return tr("n = {0}", tr.count(e.outcomes?.total ?? 0))
        case .auc, .brier: return tr("n = {0} with a risk score", tr.count(e.riskOutcome?.cases ?? 0))
        }
    }

    static func estimateCell(_ x: Estimate, _ tr: Phrases) -> String {
        tr.number(x.value, 3) + (x.hasInterval ? " <span class=\"note\">(" + tr.interval(x.lower, x.upper, 3) + ")</span>" : "")
    }

    static func mapPoints(_ e: Evaluation) -> [CaseloadMapChart.Point] {
        e.cases.map { c in
            let p = c.projection
            return (p.undetermined ? nil : p.coping, p.riskScore, !p.undetermined && p.riskScore != nil && p.risk == .infinity)
        }
    }

    static func undeterminedSentence(_ e: Evaluation, tr: Phrases) -> String {
        let u = e.undetermined
        return tr("Undetermined: {0} cases — {1} with too few coping answers, {2} with too many register gaps.", tr.count(u.count), tr.count(u.byCoping), tr.count(u.byRisk))
    }

    /// The criteria's provenance and thresholds as summary text.
    static func criteriaText(_ m: CriteriaModel, tr: Phrases, names: NameBook) -> String {
        var html = HTMLPage.paragraph(tr("{0} {1}: {2}", m.id, m.version, names.title.text))
        html += HTMLPage.paragraph(tr("Thresholds: coping difficulty ≥ {0} is hard, risk ≥ {1} is high; within {2} points of a threshold asks for review.",
                                      tr.threshold(m.coping.threshold), tr.threshold(m.risk.threshold), tr.threshold(m.segments.nearBand)))
        let provenance = m.document.value["provenance"]
        if let from = provenance?["derived_from"], !from.isNull {
            let text = from.stringValue ?? [from["id"]?.stringValue, from["version"]?.stringValue].compactMap { $0 }.joined(separator: " ")
            html += HTMLPage.paragraph(tr("Derived from {0}.", text))
        }
        if let changes = provenance?["changes"]?.arrayValue, !changes.isEmpty {
            let items = changes.prefix(4).map { c -> String in
                if let s = c.stringValue { return s }
                let path = c["path"]?.stringValue ?? "", from = c["from"].map { JSONLayout.text($0, expandDepth: 0) } ?? "", to = c["to"].map { JSONLayout.text($0, expandDepth: 0) } ?? ""
                return "\(path): \(from) → \(to)"
            }
            html += "<ul class=\"changes\">" + items.map { "<li>" + HTMLPage.escape($0.count > 160 ? String($0.prefix(157)) + "…" : $0) + "</li>" }.joined() + "</ul>"
            if changes.count > 4 { html += HTMLPage.paragraph(tr("{0} more changes in the file's provenance.", String(changes.count - 4)), className: "note") }
        }
        return html
    }

    static func method(_ e: Evaluation, tr: Phrases) -> [String] {
        [tr("Every case is decided exactly as seula serve decides it; the criteria file's in-force dates are not applied."),
         tr("Accuracy and Cohen's κ are over every evaluated case; a case Seula left undetermined counts as a disagreement."),
         tr("Precision, recall and F1 are per segment over the four segments; macro F1 averages them and balanced accuracy averages recall over the segments the caseworkers used — scikit-learn's labels=, which leaves undetermined out of the averages."),
         tr("Intervals are 95 % percentile bootstrap intervals: {0} replicates with seed {1}, each redrawing every case pattern's count from the multinomial distribution of resampling all cases with replacement.", tr.count(e.options.bootstrapReplicates), String(e.options.seed)),
         tr("A single share (the undetermined share, a reliability bin's observed rate) has a Wilson score interval."),
         tr("ROC AUC counts ties as one half (the Mann–Whitney statistic); the Brier score reads the risk score divided by 100 as a probability."),
         tr("Fairness ratios divide a group's figure by the reference group's; a ratio is flagged only when its whole interval lies outside 0.8–1.25, the group and the reference have at least {0} cases and the figure's denominator is at least {1} in both.", String(e.fairness.minimumGroup), String(e.fairness.minimumCount))]
    }

    /// κ against each threshold with the other kept, from the same counting as `tune`.
    static func curves(_ e: Evaluation, tr: Phrases) -> String {
        let m = e.model
        let cases = e.cases.map { SearchCase(projection: $0.projection, segmentLabel: $0.labels.segment!, outcomeLabel: $0.labels.outcome ?? -1) }
        let copingGrid = ThresholdGrid("0:100:1")!.including(m.coping.threshold).values
        let riskGrid = ThresholdGrid("0:100:1")!.including(m.risk.threshold).values
        let search = ThresholdSearch(model: m, cases: cases, copingGrid: copingGrid, riskGrid: riskGrid)
        let ci = copingGrid.firstIndex(of: m.coping.threshold)!, ri = riskGrid.firstIndex(of: m.risk.threshold)!
        let coping = copingGrid.indices.map { (copingGrid[$0], search.matrices(coping: $0, risk: ri).segments.cohenKappa, true) }
        let risk = riskGrid.indices.map { (riskGrid[$0], search.matrices(coping: ci, risk: $0).segments.cohenKappa, true) }
        let a = LineChart.svg(title: tr("κ against the coping threshold"), xLabel: tr("coping threshold (risk kept at {0})", tr.threshold(m.risk.threshold)),
                              yLabel: tr("Cohen's κ"), points: coping,
                              markers: [.init(x: m.coping.threshold, label: tr("current {0}", tr.threshold(m.coping.threshold)), colour: "#1f2430", dash: "5 3")],
                              legend: false, tr: tr)
        let b = LineChart.svg(title: tr("κ against the risk threshold"), xLabel: tr("risk threshold (coping kept at {0})", tr.threshold(m.coping.threshold)),
                              yLabel: tr("Cohen's κ"), points: risk,
                              markers: [.init(x: m.risk.threshold, label: tr("current {0}", tr.threshold(m.risk.threshold)), colour: "#1f2430", dash: "5 3")],
                              legend: false, tr: tr)
        var note = ""
        if e.highByMarker > 0 || e.undetermined.count > 0 {
            note = HTMLPage.paragraph(tr("{0} cases are high risk by a severe marker and {1} are undetermined: no threshold moves them.", tr.count(e.highByMarker), tr.count(e.undetermined.count)), className: "note")
        }
        return HTMLPage.figure(a, caption: "") + HTMLPage.figure(b, caption: "") + note
    }
}
