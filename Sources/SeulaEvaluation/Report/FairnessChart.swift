import Foundation
import SeulaCore

/// Fairness ratios for one attribute: a row per group (in the audit's order, the reference
/// marked), and in each of three panels (segment share, false positive rate, false negative
/// rate) one dot per segment at the group's ratio to the reference, with its bootstrap 95 %
/// interval as a whisker, on a log scale from ¼ to 4 (an arrow where it runs beyond). The
/// 0.8–1.25 band is shaded; flagged ratios are drawn large and outlined; groups too small to be
/// flagged are faded. Values are in the tables beside it, not printed on the chart.
public enum FairnessChart {
    public static func svg(model: CriteriaModel, attribute: FairnessAudit.Attribute, segments: Int, names: NameBook, title: String) -> String {
        let tr = Phrases(names.language)
        let groups = attribute.groups
        let figures = FairnessAudit.Figure.allCases
        let nameSize = 11.5, small = 10.0
        let groupTexts = groups.map { EvaluationText.groupName($0.value, tr) }
        let countTexts = groups.map { g in g.isReference ? tr("reference · {0}", tr.count(g.cases)) : tr("n = {0}", tr.count(g.cases)) }
        let labelWidth = min(220, max(LabelFit.widest(groupTexts, size: nameSize, bold: true), LabelFit.widest(countTexts, size: small)) + 14)
        let panel = 210.0, gap = 28.0
        let headers = figures.map { f -> [String] in
            let text: String
            switch f {
            case .share: text = tr("segment share")
            case .fpr: text = tr("false positive rate")
            case .fnr: text = tr("false negative rate")
            }
            return LabelFit.wrapAll(text, width: panel, size: 11.5, bold: true)
        }
        let headerLines = Double(headers.map(\.count).max() ?? 1)
        let top = 26 + headerLines * 14 + 10
        let rowH = Double(segments) * 9 + 14
        let width = labelWidth + Double(figures.count) * (panel + gap)
        let plotBottom = top + Double(groups.count) * rowH
        let legendEntries = (0..<segments).map { names.segment($0) }
        let legendY = plotBottom + 58
        // Legend entries flow in lines across the width.
        var legendRows: [[(Int, Double)]] = [[]]
        var lx = labelWidth
        for (s, n) in legendEntries.enumerated() {
            let w = 16 + TextMetrics.width(n.text, size: small) + 22
            if lx + w > width && !legendRows[legendRows.count - 1].isEmpty { legendRows.append([]); lx = labelWidth }
            legendRows[legendRows.count - 1].append((s, lx))
            lx += w
        }
        let height = legendY + Double(legendRows.count) * 16 + 20
        var c = SVGCanvas(width: width, height: height, title: title)
        c.text(2, 17, title, size: 13.5, weight: "600")
        let lo = log2(0.25), hi = log2(4.0)
        func x(_ p: Int, _ ratio: Double) -> Double {
            let v = min(max(log2(ratio), lo), hi)
            return labelWidth + Double(p) * (panel + gap) + (v - lo) / (hi - lo) * panel
        }
        for (p, lines) in headers.enumerated() {
            let x0 = labelWidth + Double(p) * (panel + gap)
            c.lines(x0 + panel / 2, 26 + 11, lines, size: 11.5, anchor: .middle, weight: "600")
            c.rect(x(p, FairnessAudit.lowerBound), top - 4, x(p, FairnessAudit.upperBound) - x(p, FairnessAudit.lowerBound),
                   Double(groups.count) * rowH + 4, fill: "#dff0e3")
            c.line(x(p, 1), top - 4, x(p, 1), plotBottom, stroke: "#374151", width: 1.1)
            for t in [0.25, 0.5, 1.0, 2.0, 4.0] {
                c.line(x(p, t), plotBottom, x(p, t), plotBottom + 4, stroke: "#555")
                c.text(x(p, t), plotBottom + 16, t == 0.25 ? "¼" : t == 0.5 ? "½" : tr.threshold(t), size: 10.5, anchor: .middle, fill: "#5d6471")
            }
        }
        for (r, g) in groups.enumerated() {
            let y0 = top + Double(r) * rowH
            if r % 2 == 1 { c.rect(0, y0 - 2, width, rowH, fill: "#f5f6f8", opacity: 0.8) }
            c.text(labelWidth - 10, y0 + rowH / 2 - 1, groupTexts[r], size: nameSize, anchor: .end, weight: g.isReference ? "700" : "600",
                   fill: g.isSmall && !g.isReference ? "#8a8f98" : "#1f2430")
            c.text(labelWidth - 10, y0 + rowH / 2 + 11, countTexts[r], size: small, anchor: .end, fill: "#5d6471")
            if g.isReference {
                for p in figures.indices { c.text(x(p, 1) + 6, y0 + rowH / 2 + 3, tr("reference (ratio 1)"), size: 10, fill: "#5d6471", italic: true) }
                continue
            }
            for (p, f) in figures.enumerated() {
                for s in 0..<segments {
                    let cell = g.cell(f, s)
                    let yy = y0 + 7 + Double(s) * 9
                    let colour = SegmentNames.colour(model, s)
                    guard cell.ratio.isFinite else {
                        c.circle(x(p, 1), yy, 2, fill: "none", stroke: "#b4b9c2", tooltip: "\(g.value): n/a")
                        continue
                    }
                    let faded = g.isSmall
                    if cell.lower.isFinite && cell.upper.isFinite {
                        let a = x(p, max(cell.lower, 0.25)), b = x(p, min(cell.upper, 4))
                        c.line(a, yy, b, yy, stroke: colour, width: cell.flagged ? 2 : 1.3, opacity: faded ? 0.35 : 0.9)
                        if cell.upper > 4 { c.raw(arrow(x(p, 4), yy, right: true, colour)) }
                        if cell.lower < 0.25 { c.raw(arrow(x(p, 0.25), yy, right: false, colour)) }
                    }
                    let tip = "\(g.value): \(f.rawValue) \(SegmentNames.id(model, s)) \(tr.number(cell.ratio, 2)) (\(tr.interval(cell.lower, cell.upper, 2)))"
                    if cell.flagged {
                        c.circle(x(p, cell.ratio), yy, 4.2, fill: colour, stroke: "#1f2430", strokeWidth: 1.6, tooltip: tip)
                    } else {
                        c.circle(x(p, cell.ratio), yy, 2.6, fill: faded ? "#c9ccd2" : colour, tooltip: tip)
                    }
                }
            }
        }
        for (k, row) in legendRows.enumerated() {
            for (s, sx) in row {
                let yy = legendY + Double(k) * 16
                c.circle(sx + 5, yy - 4, 4, fill: SegmentNames.colour(model, s))
                c.name(sx + 14, yy, legendEntries[s], page: names.language, size: small)
            }
        }
        c.circle(labelWidth + 5, legendY - 24, 4.2, fill: "#ffffff", stroke: "#1f2430", strokeWidth: 1.6)
        c.text(labelWidth + 14, legendY - 20, tr("flagged: the whole interval outside 0.8–1.25 and the group large enough"), size: small, fill: "#444")
        return c.render()
    }

    static func arrow(_ x: Double, _ y: Double, right: Bool, _ colour: String) -> String {
        let d = right ? 5.0 : -5.0
        return "<path d=\"M\(SVGCanvas.n(x)) \(SVGCanvas.n(y - 3))L\(SVGCanvas.n(x + d)) \(SVGCanvas.n(y))L\(SVGCanvas.n(x)) \(SVGCanvas.n(y + 3))Z\" fill=\"\(colour)\"/>"
    }
}
