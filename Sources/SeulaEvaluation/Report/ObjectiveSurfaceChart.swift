/// The objective over the whole threshold grid (coping threshold across, risk threshold up):
/// colour by value, points that break a constraint in grey, the current point as a ring and
/// the best as a filled dot.
public enum ObjectiveSurfaceChart {
    public static func svg(title: String, objectiveName: String, copingValues: [Double], riskValues: [Double],
                           value: (Int, Int) -> (Double, Bool), current: (Double, Double), best: (Double, Double)?,
                           tr: Phrases = Phrases(.en)) -> String {
        let breaks = LabelFit.wrapAll(tr("breaks a constraint"), width: 110, size: 10.5)
        let legend = max(130.0, LabelFit.widest([objectiveName, tr("current"), tr("chosen")] + breaks, size: 11, bold: true) + 34)
        let left = 62.0, top = 36.0, side = 360.0, bottom = 52.0
        let w = left + side + 20 + legend, h = top + side + bottom
        var c = SVGCanvas(width: w, height: h, title: title)
        c.text(12, 20, title, size: 14, weight: "600")
        let gc = copingValues.count, gr = riskValues.count
        guard gc > 0, gr > 0 else { return c.render() }
        var lo = Double.infinity, hi = -Double.infinity
        for i in 0..<gc { for j in 0..<gr { let (v, _) = value(i, j); if v.isFinite { lo = min(lo, v); hi = max(hi, v) } } }
        if !(hi > lo) { hi = lo + 1 }
        let cw = side / Double(gc), ch = side / Double(gr)
        // Columns of equal value are merged into one rect per run to keep the file small.
        for i in 0..<gc {
            var j = 0
            while j < gr {
                let (v, ok) = value(i, j)
                let colour = !v.isFinite ? "#ffffff" : (ok ? ChartStyle.surface((v - lo) / (hi - lo)) : "#d5d8dd")
                var k = j + 1
                while k < gr {
                    let (v2, ok2) = value(i, k)
                    let c2 = !v2.isFinite ? "#ffffff" : (ok2 ? ChartStyle.surface((v2 - lo) / (hi - lo)) : "#d5d8dd")
                    if c2 != colour { break }
                    k += 1
                }
                c.rect(left + Double(i) * cw, top + side - Double(k) * ch, cw + 0.3, Double(k - j) * ch + 0.3, fill: colour)
                j = k
            }
        }
        c.rect(left, top, side, side, fill: "none", stroke: "#9aa1ab")
        let (xmin, xmax) = (copingValues.first!, copingValues.last!), (ymin, ymax) = (riskValues.first!, riskValues.last!)
        func x(_ v: Double) -> Double {
            let i = Double(copingValues.firstIndex { $0 >= v } ?? gc - 1)
            return left + (i + 0.5) * cw
        }
        func y(_ v: Double) -> Double {
            let j = Double(riskValues.firstIndex { $0 >= v } ?? gr - 1)
            return top + side - (j + 0.5) * ch
        }
        for t in ChartStyle.ticks(xmin, xmax, count: 5) {
            c.text(x(t), top + side + 16, tr.threshold(t), size: 10.5, anchor: .middle, fill: "#444")
        }
        for t in ChartStyle.ticks(ymin, ymax, count: 5) {
            c.text(left - 6, y(t) + 4, tr.threshold(t), size: 10.5, anchor: .end, fill: "#444")
        }
        c.text(left + side / 2, h - 14, tr("coping threshold (hard at ≥)"), size: 12, anchor: .middle)
        c.text(16, top + side / 2, tr("risk threshold (high at ≥)"), size: 12, anchor: .middle, rotate: -90)
        c.circle(x(current.0), y(current.1), 7, fill: "none", stroke: "#1f2430", strokeWidth: 2.5, tooltip: tr("current"))
        if let best { c.circle(x(best.0), y(best.1), 6, fill: ChartStyle.accent, stroke: "#ffffff", strokeWidth: 2, tooltip: tr("chosen")) }
        // Legend.
        let lx = left + side + 20
        c.text(lx, top + 8, objectiveName, size: 11, weight: "600")
        for k in 0...4 {
            let t = Double(4 - k) / 4
            c.rect(lx, top + 16 + Double(k) * 22, 18, 20, fill: ChartStyle.surface(t))
            c.text(lx + 24, top + 30 + Double(k) * 22, tr.number(lo + (hi - lo) * t, 3), size: 10.5, fill: "#444")
        }
        c.rect(lx, top + 134, 18, 14, fill: "#d5d8dd")
        c.lines(lx + 24, top + 145, breaks, size: 10.5, fill: "#444")
        let after = top + 145 + Double(breaks.count) * 13.1 + 8
        c.circle(lx + 9, after + 6, 6, fill: "none", stroke: "#1f2430", strokeWidth: 2.5)
        c.text(lx + 24, after + 10, tr("current"), size: 10.5, fill: "#444")
        c.circle(lx + 9, after + 28, 6, fill: ChartStyle.accent, stroke: "#ffffff", strokeWidth: 2)
        c.text(lx + 24, after + 32, tr("chosen"), size: 10.5, fill: "#444")
        return c.render()
    }
}
