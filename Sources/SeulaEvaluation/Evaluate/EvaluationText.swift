import SeulaCore

/// The readable summary `seula evaluate` prints on stdout.
public enum EvaluationText {
    public static func render(_ e: Evaluation, inputName: String) -> String {
        let m = e.model
        var out = ""
        out += "seula evaluate — criteria \(m.id) \(m.version) (sha256 \(m.sha256.prefix(12))…) on \(inputName)\n"
        out += "\(e.cases.count + e.rejections.total) rows: \(e.cases.count) evaluated, \(e.rejections.total) rejected\n\n"
        if e.rejections.total > 0 {
            out += "Rejected rows by error code (not used in any figure)\n" + e.rejections.render() + "\n"
        }
        guard !e.cases.isEmpty else { return out + "No valid labelled case: nothing to evaluate.\n" }

        let ids = SegmentNames.ids(m)
        out += "Segments — rows: the caseworker's label, columns: Seula\n"
        out += confusion(e.segments, labels: ids) + "\n"
        out += "Agreement (95 % bootstrap interval, \(e.options.bootstrapReplicates) replicates, seed \(e.options.seed))\n"
        var headline = TextTable(["figure", "value", "95 % interval"])
        for (f, v) in e.headline {
            let i = e.intervals[f]
            headline.add([figureName(f), NumberText.fixed(v, 3), i.map { "[\(NumberText.fixed($0.lower, 3)), \(NumberText.fixed($0.upper, 3))]" } ?? "—"])
        }
        out += headline.render() + "\n"

        out += "Per segment\n"
        var per = TextTable(["segment", "caseworker", "Seula", "precision", "recall", "F1"])
        for s in 0..<e.segments.classes where e.segments.rowTotal(s) + e.segments.columnTotal(s) > 0 {
            per.add([SegmentNames.labelled(m, s), String(e.segments.rowTotal(s)), String(e.segments.columnTotal(s)),
                     NumberText.fixed(e.segments.precision(s), 3), NumberText.fixed(e.segments.recall(s), 3), NumberText.fixed(e.segments.f1(s), 3)])
        }
        out += per.render() + "\n"

        if let o = e.outcomes {
            out += "Reception outcome — \(o.total) cases with label.outcome; rows: caseworker, columns: Seula (after overrides)\n"
            let present = (0..<o.classes).filter { o.rowTotal($0) + o.columnTotal($0) > 0 }
            out += confusion(o, labels: m.outcomeLevels.values, only: present)
            out += "  accuracy \(NumberText.fixed(o.accuracy, 3)), quadratic-weighted κ \(NumberText.fixed(o.quadraticKappa, 3)) (levels ordered \(m.outcomeLevels.values.joined(separator: " < ")))\n\n"
        }

        if let s = e.services {
            let micro = s.micro
            out += "Services — \(s.cases) cases with label.services\n"
            out += "  micro precision \(NumberText.fixed(micro.precision, 3)), recall \(NumberText.fixed(micro.recall, 3)), F1 \(NumberText.fixed(micro.f1, 3)); mean Jaccard \(NumberText.fixed(s.meanJaccard, 3)); identical sets \(NumberText.percent(s.exactMatchRate))\n"
            var t = TextTable(["product", "both", "Seula only", "caseworker only", "precision", "recall", "F1"])
            for p in s.seenProducts {
                t.add([m.products[p.product].id, String(p.both), String(p.seulaOnly), String(p.caseworkerOnly),
                       NumberText.fixed(p.precision, 3), NumberText.fixed(p.recall, 3), NumberText.fixed(p.f1, 3)])
            }
            out += t.render() + "\n"
        }

        if let r = e.riskOutcome {
            out += "Risk score against label.outcome_12m — \(r.cases) cases, \(r.positives) with the outcome (\(NumberText.percent(Double(r.positives) / Double(r.cases))))\n"
            out += "  ROC AUC \(NumberText.fixed(r.auc, 3)); Brier \(NumberText.fixed(r.brier, 4)) (score/100 read as a probability; predicting the base rate: \(NumberText.fixed(r.brierBaseRate, 4)))\n"
            out += "  Calibration by decile of the risk score (ties split by input order)\n"
            var t = TextTable(["decile", "cases", "risk score", "score/100", "observed rate"])
            for (d, b) in r.calibration.enumerated() {
                t.add([String(d + 1), String(b.cases), "\(NumberText.fixed(b.lowestScore, 1))–\(NumberText.fixed(b.highestScore, 1))",
                       NumberText.fixed(b.meanPredicted, 3), NumberText.fixed(b.observedRate, 3)])
            }
            out += t.render(indent: "  ") + "\n"
        }

        out += fairness(e)
        return out
    }

    static func fairness(_ e: Evaluation) -> String {
        let m = e.model
        let f = e.fairness
        var out = "Fairness — disparity = group figure / reference group figure; flagged outside \(FairnessAudit.lowerBound)–\(FairnessAudit.upperBound); groups under \(f.minimumGroup) cases are not flagged\n"
        var flagged: [String] = []
        for a in f.attributes {
            out += "  \(a.name) (reference: \(a.reference))\n"
            var header = ["group", "cases", "accuracy"]
            for s in 0..<f.segments { header.append("share \(SegmentNames.id(m, s))") }
            for s in 0..<f.segments { header.append("FNR \(SegmentNames.id(m, s))") }
            var t = TextTable(header)
            for g in a.groups {
                var row = [g.value + (g.isReference ? " *" : "") + (g.isSmall && !g.isReference ? " (small)" : ""), String(g.cases), NumberText.fixed(g.accuracy, 3)]
                row += (0..<f.segments).map { NumberText.percent(g.figures[.share]![$0]) }
                row += (0..<f.segments).map { NumberText.fixed(g.figures[.fnr]![$0], 3) }
                t.add(row)
                for x in g.flagged {
                    flagged.append("\(a.name)=\(g.value): \(x.figure.rawValue)(\(SegmentNames.id(m, x.segment))) \(NumberText.fixed(g.figures[x.figure]![x.segment], 3)) vs \(NumberText.fixed(a.groups.first { $0.isReference }!.figures[x.figure]![x.segment], 3)) → ratio \(NumberText.fixed(x.ratio, 2))")
                }
            }
            out += t.render(indent: "    ")
        }
        out += flagged.isEmpty ? "  No disparity outside \(FairnessAudit.lowerBound)–\(FairnessAudit.upperBound).\n"
            : "  Flagged disparities (\(flagged.count)):\n" + flagged.map { "    " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    /// A confusion matrix as text with row and column totals.
    public static func confusion(_ c: ConfusionMatrix, labels: [String], only: [Int]? = nil) -> String {
        let idx = only ?? Array(0..<c.classes)
        var t = TextTable([""] + idx.map { labels[$0] } + ["total"])
        for r in idx {
            t.add([labels[r]] + idx.map { String(c[r, $0]) } + [String(c.rowTotal(r))])
        }
        t.add(["total"] + idx.map { String(c.columnTotal($0)) } + [String(c.total)])
        return t.render()
    }

    public static func figureName(_ f: HeadlineFigure) -> String {
        switch f {
        case .accuracy: return "segment accuracy"
        case .kappa: return "Cohen's κ (segments)"
        case .macroF1: return "macro F1 (segments)"
        case .balancedAccuracy: return "balanced accuracy (segments)"
        case .outcomeWeightedKappa: return "quadratic-weighted κ (outcome)"
        case .auc: return "ROC AUC (risk vs outcome_12m)"
        case .brier: return "Brier score (risk/100)"
        }
    }
}
