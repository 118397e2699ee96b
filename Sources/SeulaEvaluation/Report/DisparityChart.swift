import Foundation
import SeulaCore

/// Fairness disparity bars for one attribute: a row per group (the reference first, as the
/// baseline), and for each of segment share, FPR and FNR one bar per segment from 1 to the
/// group's ratio on a log scale (¼ … 4). The 0.8–1.25 band is shaded; bars outside it are
/// drawn strong with their value; an undefined ratio says n/a; small groups are greyed.
public enum DisparityChart {
    public static func svg(model: CriteriaModel, attribute: FairnessAudit.Attribute, segments: Int) -> String {
        let labelWidth = 150.0, panel = 220.0, gap = 34.0, top = 64.0, barH = 9.0
        let rowH = Double(segments) * (barH + 2) + 14
        let groups = attribute.groups
        let figures = FairnessAudit.Figure.allCases
        let width = labelWidth + Double(figures.count) * (panel + gap) + 10
        let height = top + Double(groups.count) * rowH + 40
        var c = SVGCanvas(width: width, height: height, title: "Disparities by \(attribute.name)")
        c.text(10, 20, "\(attribute.name) — ratio to \(attribute.reference)", size: 14, weight: "600")
        let lo = log2(0.25), hi = log2(4.0)
        func x(_ panelIndex: Int, _ ratio: Double) -> Double {
            let v = min(max(log2(ratio), lo), hi)
            return labelWidth + Double(panelIndex) * (panel + gap) + (v - lo) / (hi - lo) * panel
        }
        let names: [FairnessAudit.Figure: String] = [.share: "segment share", .fpr: "false positive rate", .fnr: "false negative rate"]
        for (p, f) in figures.enumerated() {
            let x0 = labelWidth + Double(p) * (panel + gap)
            c.text(x0 + panel / 2, 42, names[f]!, size: 12, anchor: .middle, weight: "600")
            c.rect(x(p, FairnessAudit.lowerBound), top - 6, x(p, FairnessAudit.upperBound) - x(p, FairnessAudit.lowerBound), Double(groups.count) * rowH,
                   fill: "#dff0e3")
            c.line(x(p, 1), top - 6, x(p, 1), top - 6 + Double(groups.count) * rowH, stroke: "#374151", width: 1.2)
            for t in [0.25, 0.5, 1.0, 2.0, 4.0] {
                c.text(x(p, t), top + Double(groups.count) * rowH + 10, t == 0.25 ? "¼" : t == 0.5 ? "½" : NumberText.threshold(t), size: 10.5, anchor: .middle, fill: "#5d6471")
            }
        }
        for (r, g) in groups.enumerated() {
            let y0 = top + Double(r) * rowH
            if r % 2 == 1 { c.rect(0, y0 - 6, width, rowH, fill: "#f7f8fa") }
            let faded = g.isSmall && !g.isReference
            c.text(labelWidth - 10, y0 + rowH / 2 - 4, g.value, size: 12, anchor: .end, weight: "600", fill: faded ? "#a0a6b0" : "#1f2430")
            c.text(labelWidth - 10, y0 + rowH / 2 + 10, g.isReference ? "reference · \(g.cases)" : faded ? "n = \(g.cases) (small)" : "n = \(g.cases)",
                   size: 10.5, anchor: .end, fill: "#5d6471")
            if g.isReference {
                for p in figures.indices {
                    c.text(x(p, 1) + 6, y0 + rowH / 2, "baseline (ratio 1)", size: 10.5, fill: "#5d6471", italic: true)
                }
                continue
            }
            for (p, f) in figures.enumerated() {
                for s in 0..<segments {
                    let ratio = g.disparities[f]![s]
                    let y = y0 + Double(s) * (barH + 2)
                    let colour = SegmentNames.colour(model, s)
                    guard ratio.isFinite else {
                        c.text(x(p, 1) + 4, y + barH - 1, "n/a", size: 9, fill: "#9aa1ab")
                        continue
                    }
                    let flagged = FairnessAudit.isFlagged(ratio) && !g.isSmall && !g.isReference
                    let (a, b) = (min(x(p, 1), x(p, ratio)), max(x(p, 1), x(p, ratio)))
                    c.rect(a, y, max(b - a, 1.5), barH, fill: colour, stroke: flagged ? "#8b1a12" : nil, strokeWidth: 1.2,
                           opacity: faded ? 0.25 : (flagged ? 1 : 0.55), rx: 1.5,
                           tooltip: "\(g.value): \(f.rawValue)(\(SegmentNames.id(model, s))) ratio \(NumberText.fixed(ratio, 2))")
                    if flagged {
                        let right = ratio > 1
                        c.text(right ? b + 4 : a - 4, y + barH - 1, NumberText.fixed(ratio, 2), size: 9.5, anchor: right ? .start : .end, weight: "700", fill: "#8b1a12")
                    }
                }
            }
        }
        // Segment colour legend.
        var lx = labelWidth
        for s in 0..<segments {
            c.rect(lx, height - 18, 12, 10, fill: SegmentNames.colour(model, s), rx: 2)
            let label = SegmentNames.labelled(model, s)
            c.text(lx + 16, height - 9, label, size: 11)
            lx += Double(label.count) * 6.6 + 34
        }
        return c.render()
    }
}


