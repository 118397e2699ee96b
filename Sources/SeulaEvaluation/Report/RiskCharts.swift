/// The risk score against the 12-month outcome: the ROC curve (with the AUC and its interval)
/// and the reliability diagram (predicted probability = risk score / 100 against the observed
/// rate, per bin, with Wilson intervals and the diagonal of perfect calibration).
public enum RiskCharts {
    static let side = 300.0

    /// A square unit plot: returns the canvas and the mapping.
    static func frame(title: String, xTitle: [String], yTitle: [String], tr: Phrases) -> (SVGCanvas, (Double) -> Double, (Double) -> Double, Double, Double) {
        let left = 34 + Double(yTitle.count) * 14, top = 30.0
        let width = left + side + 16, height = top + side + 24 + Double(xTitle.count) * 14 + 6
        var c = SVGCanvas(width: width, height: height, title: title)
        c.text(2, 17, title, size: 13.5, weight: "600")
        let x = { (v: Double) in left + min(max(v, 0), 1) * side }
        let y = { (v: Double) in top + side - min(max(v, 0), 1) * side }
        for k in 0...5 {
            let v = Double(k) / 5
            c.line(left, y(v), left + side, y(v), stroke: ChartStyle.grid)
            c.line(x(v), top, x(v), top + side, stroke: ChartStyle.grid)
            c.text(x(v), top + side + 14, tr.number(v, 1), size: 10.5, anchor: .middle, fill: "#444")
            if k > 0 { c.text(left - 6, y(v) + 3.5, tr.number(v, 1), size: 10.5, anchor: .end, fill: "#444") }
        }
        c.rect(left, top, side, side, fill: "none", stroke: "#9aa1ab")
        for (k, line) in xTitle.enumerated() {
            c.text(left + side / 2, top + side + 30 + Double(k) * 14, line, size: k == 0 ? 11.5 : 10.5, anchor: .middle,
                   weight: k == 0 ? "600" : "normal", fill: k == 0 ? "#222" : "#5d6471")
        }
        for (k, line) in yTitle.enumerated() {
            c.text(12 + Double(k) * 14, top + side / 2, line, size: k == 0 ? 11.5 : 10.5, anchor: .middle, weight: k == 0 ? "600" : "normal",
                   fill: k == 0 ? "#222" : "#5d6471", rotate: -90)
        }
        return (c, x, y, left, top)
    }

    public static func roc(_ points: [ScoreRanking.ROCPoint], auc: Estimate, language: ReportLanguage) -> String {
        let tr = Phrases(language)
        var (c, x, y, left, top) = frame(title: tr("ROC curve of the risk score"), xTitle: [tr("false positive rate"), tr("1 − specificity")],
                                         yTitle: [tr("true positive rate"), tr("sensitivity")], tr: tr)
        c.line(x(0), y(0), x(1), y(1), stroke: "#9aa1ab", width: 1.2, dash: "5 4")
        c.polyline(points.map { (x($0.falsePositiveRate), y($0.truePositiveRate)) }, stroke: "#2166ac", width: 2.2)
        let label = tr("AUC {0}", tr.number(auc.value, 3)), interval = tr("95 % interval {0}", tr.interval(auc.lower, auc.upper, 3))
        let w = max(TextMetrics.width(label, size: 12, bold: true), TextMetrics.width(interval, size: 10.5)) + 16
        c.rect(left + side - w - 8, top + side - 52, w, 44, fill: "#ffffff", stroke: "#d5d8dd", rx: 4)
        c.text(left + side - w, top + side - 34, label, size: 12, weight: "650", fill: "#2166ac")
        c.text(left + side - w, top + side - 17, interval, size: 10.5, fill: "#444")
        c.text(x(0.5) + 8, y(0.5) + 18, tr("chance"), size: 10, fill: "#7b8190")
        return c.render()
    }

    public static func reliability(_ bins: [ScoreRanking.ReliabilityBin], language: ReportLanguage) -> String {
        let tr = Phrases(language)
        var (c, x, y, left, top) = frame(title: tr("Reliability of the risk score"), xTitle: [tr("predicted probability"), tr("risk score / 100, mean of the bin")],
                                         yTitle: [tr("observed 12-month rate"), tr("with Wilson 95 % interval")], tr: tr)
        c.line(x(0), y(0), x(1), y(1), stroke: "#9aa1ab", width: 1.2, dash: "5 4")
        c.text(x(0.62), y(0.62) - 8, tr("perfect calibration"), size: 10, anchor: .end, fill: "#7b8190", rotate: -45)
        c.polyline(bins.map { (x($0.meanPredicted), y($0.observedRate)) }, stroke: "#2166ac", width: 1.6)
        for b in bins {
            c.line(x(b.meanPredicted), y(b.observedLower), x(b.meanPredicted), y(b.observedUpper), stroke: "#2166ac", width: 1.4)
            c.line(x(b.meanPredicted) - 3, y(b.observedLower), x(b.meanPredicted) + 3, y(b.observedLower), stroke: "#2166ac", width: 1.4)
            c.line(x(b.meanPredicted) - 3, y(b.observedUpper), x(b.meanPredicted) + 3, y(b.observedUpper), stroke: "#2166ac", width: 1.4)
            c.circle(x(b.meanPredicted), y(b.observedRate), 3.5, fill: "#2166ac",
                     tooltip: "\(tr.number(b.lower, 1))–\(tr.number(b.upper, 1)): \(b.cases)")
        }
        _ = (left, top)
        return c.render()
    }
}
