import SeulaCore

/// The readable summary `seula evaluate` prints on stdout, in the language asked for.
public enum EvaluationText {
    public static func render(_ e: Evaluation, inputName: String, language: ReportLanguage = .en) -> String {
        let m = e.model
        let tr = Phrases(language)
        let names = NameBook(model: m, language: language)
        var out = tr("seula evaluate — criteria {0} {1} (sha256 {2}…) on {3}", m.id, m.version, String(m.sha256.prefix(12)), inputName) + "\n"
        out += tr("{0} rows: {1} evaluated, {2} rejected", String(e.cases.count + e.rejections.total), String(e.cases.count), String(e.rejections.total)) + "\n\n"
        if e.rejections.total > 0 {
            out += tr("Rejected rows by error code (not used in any figure)") + "\n" + e.rejections.render() + "\n"
        }
        guard !e.cases.isEmpty else { return out + tr("No valid labelled case: nothing to evaluate.") + "\n" }

        let segmentNames = (0..<e.segments.classes).map { names.segment($0).text }
        out += tr("Segments — rows: the caseworker's label, columns: Seula") + "\n"
        out += confusion(e.segments, labels: segmentNames, rows: (0..<e.segments.classes).filter { e.segments.rowTotal($0) > 0 }, tr: tr) + "\n"
        out += undeterminedText(e, tr: tr, names: names) + "\n"

        out += tr("Agreement (95 % bootstrap interval, {0} replicates, seed {1})", String(e.options.bootstrapReplicates), String(e.options.seed)) + "\n"
        var headline = TextTable([tr("figure"), tr("value"), tr("95 % interval"), tr("over")])
        headline.leftAligned = [0, 3]
        for (f, v) in e.headline {
            let i = e.intervals[f]
            headline.add([figureName(f, tr), tr.number(v, 3), i.map { tr.interval($0.lower, $0.upper, 3) } ?? "—", figureScope(f, e, tr)])
        }
        out += headline.render() + "\n"

        out += tr("Per segment (the four segments only: undetermined is reported above, as scikit-learn's labels= leaves it out)") + "\n"
        var per = TextTable([tr("segment"), tr("caseworker"), "Seula", tr("precision"), tr("recall"), "F1"])
        for s in e.quadrants {
            let f = e.perSegment[s]
            per.add([segmentNames[s], String(e.segments.rowTotal(s)), String(e.segments.columnTotal(s)),
                     withInterval(f.precision, tr), withInterval(f.recall, tr), withInterval(f.f1, tr)])
        }
        out += per.render() + "\n"

        if let o = e.outcomes {
            out += tr("Reception outcome — {0} cases with label.outcome; rows: caseworker, columns: Seula (after overrides)", String(o.total)) + "\n"
            let present = (0..<o.classes).filter { o.rowTotal($0) + o.columnTotal($0) > 0 }
            out += confusion(o, labels: (0..<o.classes).map { names.outcome($0).text }, only: present, rows: present.filter { o.rowTotal($0) > 0 }, tr: tr)
            out += "  " + tr("accuracy {0}, quadratic-weighted κ {1} (levels in the order of the criteria file)", tr.number(o.accuracy, 3), tr.number(o.quadraticKappa, 3)) + "\n\n"
        }

        if let s = e.services {
            let micro = s.micro
            out += tr("Services — {0} cases with label.services", String(s.cases)) + "\n"
            out += "  " + tr("micro precision {0}, recall {1}, F1 {2}; mean Jaccard {3}; identical sets {4}",
                             tr.number(micro.precision, 3), tr.number(micro.recall, 3), tr.number(micro.f1, 3), tr.number(s.meanJaccard, 3), tr.percent(s.exactMatchRate)) + "\n"
            var t = TextTable([tr("product"), tr("both"), tr("Seula only"), tr("caseworker only"), tr("precision"), tr("recall"), "F1"])
            for p in s.seenProducts {
                t.add([names.product(p.product).text, String(p.both), String(p.seulaOnly), String(p.caseworkerOnly),
                       tr.number(p.precision, 3), tr.number(p.recall, 3), tr.number(p.f1, 3)])
            }
            out += t.render() + "\n"
        }

        if let r = e.riskOutcome {
            out += tr("Risk score against label.outcome_12m — {0} cases, {1} with the outcome ({2})", String(r.cases), String(r.positives), tr.percent(Double(r.positives) / Double(r.cases))) + "\n"
            if r.withoutScore > 0 { out += "  " + tr("{0} more cases with label.outcome_12m have no risk score (risk undetermined) and are left out", String(r.withoutScore)) + "\n" }
            let auc = e.estimate(.auc), brier = e.estimate(.brier)
            out += "  " + tr("ROC AUC {0} (95 % interval {1}); Brier {2} ({3}) reading score/100 as a probability; predicting the base rate: {4}",
                             tr.number(r.auc, 3), auc.map { tr.interval($0.lower, $0.upper, 3) } ?? "—", tr.number(r.brier, 4),
                             brier.map { tr.interval($0.lower, $0.upper, 4) } ?? "—", tr.number(r.brierBaseRate, 4)) + "\n"
            out += "  " + tr("Reliability: predicted probability (risk score / 100) in bins of 0.1 against the observed rate, with Wilson 95 % intervals") + "\n"
            var t = TextTable([tr("predicted"), tr("cases"), tr("mean predicted"), tr("observed"), tr("95 % interval")])
            for b in r.reliability {
                t.add([tr.number(b.lower, 1) + "–" + tr.number(b.upper, 1), String(b.cases), tr.number(b.meanPredicted, 3),
                       tr.number(b.observedRate, 3), tr.interval(b.observedLower, b.observedUpper, 3)])
            }
            out += t.render(indent: "    ") + "\n"
        }

        out += fairness(e, tr: tr, names: names)
        return out
    }

    static func withInterval(_ x: Estimate, _ tr: Phrases) -> String {
        tr.number(x.value, 3) + (x.hasInterval ? " [" + tr.interval(x.lower, x.upper, 3) + "]" : "")
    }

    /// The undetermined cases in one paragraph.
    static func undeterminedText(_ e: Evaluation, tr: Phrases, names: NameBook) -> String {
        let u = e.undetermined
        var out = tr("Undetermined: Seula left {0} of {1} cases undetermined ({2}, 95 % interval {3}): {4} with too few coping answers, {5} with too many register gaps.",
                     String(u.count), String(u.of), tr.percent(u.share.value), tr.percentInterval(u.share.lower, u.share.upper),
                     String(u.byCoping), String(u.byRisk)) + "\n"
        if u.count > 0 {
            let parts = u.caseworkerSegments.enumerated().filter { $0.element > 0 }.map { "\(names.segment($0.offset).text) \($0.element)" }
            out += "  " + tr("The caseworkers placed them: {0}.", parts.joined(separator: ", ")) + "\n"
        }
        if u.labelledUndetermined > 0 { out += "  " + tr("{0} cases are labelled undetermined by the caseworker.", String(u.labelledUndetermined)) + "\n" }
        if e.highByMarker > 0 {
            out += "  " + tr("{0} cases are high risk by a severe marker: no risk threshold moves them.", String(e.highByMarker)) + "\n"
        }
        return out
    }

    static func fairness(_ e: Evaluation, tr: Phrases, names: NameBook) -> String {
        let f = e.fairness
        var out = tr("Fairness — disparity = group figure / reference group figure, with a bootstrap 95 % interval") + "\n"
        out += "  " + tr("Flagged only when the whole interval lies outside {0}–{1}, the group and the reference have at least {2} cases, and the figure's denominator is at least {3} in both.",
                         tr.number(FairnessAudit.lowerBound, 2), tr.number(FairnessAudit.upperBound, 2), String(f.minimumGroup), String(f.minimumCount)) + "\n"
        for a in f.attributes {
            out += "  " + tr("{0} (reference: {1})", attributeName(a.name, tr), groupName(a.reference, tr)) + "\n"
            var header = [tr("group"), tr("cases"), tr("accuracy")]
            for s in 0..<f.segments { header.append(tr("share") + " " + names.segment(s).text) }
            var t = TextTable(header)
            for g in a.groups {
                var row = [groupName(g.value, tr) + (g.isReference ? " *" : "") + (g.isSmall && !g.isReference ? " " + tr("(small)") : ""), String(g.cases), tr.number(g.accuracy, 3)]
                row += (0..<f.segments).map { tr.percent(g.cell(.share, $0).value) }
                t.add(row)
            }
            out += t.render(indent: "    ")
        }
        let flags = f.flags
        if flags.isEmpty {
            out += "  " + tr("No ratio is flagged.") + "\n"
        } else {
            out += "  " + tr("Flagged ratios ({0}), clearest first:", String(flags.count)) + "\n"
            for x in flags { out += "    " + flagText(x, tr: tr, names: names) + "\n" }
        }
        return out
    }

    /// `age band 65+ (3 585 cases): share of Tuki 0.300 vs 0.134 → ratio 2.24 (1.98–2.51)`.
    public static func flagText(_ x: FairnessAudit.Flag, tr: Phrases, names: NameBook) -> String {
        tr("{0} {1} ({2} cases): {3} {4} vs {5} → ratio {6} ({7})", attributeName(x.attribute, tr), groupName(x.group, tr), tr.count(x.cases),
           figureLabel(x.figure, segment: names.segment(x.segment).text, tr), tr.number(x.cell.value, 3), tr.number(x.reference.value, 3),
           tr.number(x.cell.ratio, 2), tr.interval(x.cell.lower, x.cell.upper, 2))
    }

    /// `share of Tuki`, `FPR of Tuki`, `FNR of Tuki`.
    public static func figureLabel(_ f: FairnessAudit.Figure, segment: String, _ tr: Phrases) -> String {
        switch f {
        case .share: return tr("share in {0}", segment)
        case .fpr: return tr("false positive rate of {0}", segment)
        case .fnr: return tr("false negative rate of {0}", segment)
        }
    }

    /// A group value as shown: the data's own value, or "(missing)" in the language.
    public static func groupName(_ g: String, _ tr: Phrases) -> String {
        g == FairnessAudit.missing ? tr("(missing)") : g
    }

    public static func attributeName(_ a: String, _ tr: Phrases) -> String {
        switch a {
        case "municipality": return tr("municipality")
        case "language": return tr("language")
        case "age_band": return tr("age band")
        default: return a
        }
    }

    /// A confusion matrix as text with row and column totals.
    /// `rows`: the rows to show (default: the same classes as the columns).
    public static func confusion(_ c: ConfusionMatrix, labels: [String], only: [Int]? = nil, rows: [Int]? = nil, tr: Phrases = Phrases(.en)) -> String {
        let idx = only ?? Array(0..<c.classes)
        var t = TextTable([""] + idx.map { labels[$0] } + [tr("total")])
        for r in rows ?? idx {
            t.add([labels[r]] + idx.map { String(c[r, $0]) } + [String(c.rowTotal(r))])
        }
        t.add([tr("total")] + idx.map { String(c.columnTotal($0)) } + [String(c.total)])
        return t.render()
    }

    public static func figureName(_ f: HeadlineFigure, _ tr: Phrases = Phrases(.en)) -> String {
        switch f {
        case .accuracy: return tr("segment accuracy")
        case .kappa: return tr("Cohen's κ (segments)")
        case .macroF1: return tr("macro F1 (segments)")
        case .balancedAccuracy: return tr("balanced accuracy (segments)")
        case .outcomeWeightedKappa: return tr("quadratic-weighted κ (outcome)")
        case .auc: return tr("ROC AUC (risk vs outcome_12m)")
        case .brier: return tr("Brier score (risk/100)")
        }
    }

    /// Which cases a headline figure is over.
    public static func figureScope(_ f: HeadlineFigure, _ e: Evaluation, _ tr: Phrases) -> String {
        switch f {
        case .accuracy, .kappa: return tr("all {0} cases; undetermined counts as disagreement", String(e.segments.total))
        case .macroF1, .balancedAccuracy: return tr("mean over the {0} segments", String(e.quadrants.count))
        case .outcomeWeightedKappa: return tr("{0} cases with label.outcome", String(e.outcomes?.total ?? 0))
        case .auc, .brier: return tr("{0} cases with label.outcome_12m and a risk score", String(e.riskOutcome?.cases ?? 0))
        }
    }
}
