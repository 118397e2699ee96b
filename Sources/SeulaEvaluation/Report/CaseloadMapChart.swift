import SeulaCore

/// The caseload on the two axes: a density of cases (coping score across, risk score up),
/// the threshold lines, and each quadrant's Finnish name, id and share of the caseload.
/// Undetermined cases (no coping score) cannot be placed and are counted in the caption.
public enum CaseloadMapChart {
    public struct Thresholds {
        public var coping: Double
        public var risk: Double
        public var label: String
        public var style: (stroke: String, dash: String?)
        public init(coping: Double, risk: Double, label: String, stroke: String = "#1f2430", dash: String? = nil) {
            self.coping = coping
            self.risk = risk
            self.label = label
            style = (stroke, dash)
        }
    }

    /// - Parameters:
    ///   - points: (coping score or nil, risk score) per case.
    ///   - thresholds: the first set decides the quadrant shares shown; others are drawn too.
    public static func svg(model: CriteriaModel, points: [(Double?, Double)], thresholds: [Thresholds], title: String) -> String {
        let left = 74.0, right = 24.0, top = 36.0, bottom = 64.0
        let side = 440.0, legendWidth = 150.0
        let w = left + side + right + legendWidth, h = top + side + bottom
        var c = SVGCanvas(width: w, height: h, title: title)
        func x(_ v: Double) -> Double { left + min(max(v, 0), 100) / 100 * side }
        func y(_ v: Double) -> Double { top + side - min(max(v, 0), 100) / 100 * side }
        c.text(left, 22, title, size: 15, weight: "600")

        // Quadrant tints under the data.
        let main = thresholds.first
        if let t = main {
            for (qi, q) in model.segments.quadrants.enumerated() {
                let x0 = q.copingHard ? x(t.coping) : x(0), x1 = q.copingHard ? x(100) : x(t.coping)
                let y0 = q.riskHigh ? y(100) : y(t.risk), y1 = q.riskHigh ? y(t.risk) : y(0)
                c.rect(x0, y0, x1 - x0, y1 - y0, fill: SegmentNames.colour(model, qi), opacity: 0.07)
            }
        }
        // Density: 25 × 25 cells of 4 points.
        let bins = 25
        var counts = Array(repeating: 0, count: bins * bins)
        var undetermined = 0
        for (cs, rs) in points {
            guard let cs else { undetermined += 1; continue }
            let i = min(bins - 1, max(0, Int(cs / 100 * Double(bins)))), j = min(bins - 1, max(0, Int(rs / 100 * Double(bins))))
            counts[i * bins + j] += 1
        }
        let peak = Double(counts.max() ?? 1)
        let cell = side / Double(bins)
        for i in 0..<bins {
            for j in 0..<bins where counts[i * bins + j] > 0 {
                let n = counts[i * bins + j]
                let t = 0.15 + 0.85 * (Double(n) / peak).squareRoot()
                c.rect(left + Double(i) * cell + 0.5, top + side - Double(j + 1) * cell + 0.5, cell - 1, cell - 1,
                       fill: ChartStyle.sequential(t), rx: 1.5,
                       tooltip: "coping \(i * 4)–\(i * 4 + 4), risk \(j * 4)–\(j * 4 + 4): \(n) cases")
            }
        }
        // Frame, grid, ticks.
        c.rect(left, top, side, side, fill: "none", stroke: "#9aa1ab")
        for v in stride(from: 0.0, through: 100.0, by: 20.0) {
            c.line(x(v), top + side, x(v), top + side + 5, stroke: "#555")
            c.text(x(v), top + side + 18, NumberText.threshold(v), size: 11, anchor: .middle, fill: "#444")
            c.line(left - 5, y(v), left, y(v), stroke: "#555")
            c.text(left - 8, y(v) + 4, NumberText.threshold(v), size: 11, anchor: .end, fill: "#444")
        }
        c.text(left + side / 2, h - 24, "Arjessa pärjääminen — coping score (0 no difficulty … 100 cannot manage)", size: 12.5, anchor: .middle)
        c.text(left + side / 2, h - 8, "harder →", size: 11, anchor: .middle, fill: "#5d6471")
        c.text(20, top + side / 2, "Riski ja palvelutarve — risk score", size: 12.5, anchor: .middle, rotate: -90)
        c.text(36, top + side / 2, "higher →", size: 11, anchor: .middle, fill: "#5d6471", rotate: -90)

        // Threshold lines, the first set last so it is on top.
        for t in thresholds.reversed() {
            c.line(x(t.coping), top, x(t.coping), top + side, stroke: t.style.stroke, width: 2, dash: t.style.dash)
            c.line(left, y(t.risk), left + side, y(t.risk), stroke: t.style.stroke, width: 2, dash: t.style.dash)
        }
        // Quadrant labels with shares under the first threshold set.
        if let t = main {
            var shares = Array(repeating: 0, count: 4)
            var determined = 0
            for (cs, rs) in points {
                guard let cs else { continue }
                determined += 1
                shares[SegmentationProjector.quadrant(model, hard: cs >= t.coping, high: rs >= t.risk)] += 1
            }
            for (qi, q) in model.segments.quadrants.enumerated() {
                let lx = q.copingHard ? left + side - 8 : left + 8
                let ly = q.riskHigh ? top + 20 : top + side - 30
                let anchor: SVGCanvas.Anchor = q.copingHard ? .end : .start
                let share = determined > 0 ? Double(shares[qi]) / Double(determined) : 0
                let name = SegmentNames.finnish(model, qi)
                let boxWidth = Double(max(name.count + 3, 16)) * 7.4
                c.rect(q.copingHard ? lx - boxWidth + 4 : lx - 4, ly - 15, boxWidth, 36, fill: "#ffffff", stroke: SegmentNames.colour(model, qi), strokeWidth: 1.5, opacity: 0.92, rx: 5)
                c.text(lx, ly, "\(name) · \(NumberText.percent(share))", size: 13, anchor: anchor, weight: "650", fill: SegmentNames.colour(model, qi))
                c.text(lx, ly + 15, "\(q.id) — \(shares[qi]) cases", size: 11, anchor: anchor, fill: "#444")
            }
        }
        // Legend: thresholds and density scale.
        let lx = left + side + right
        var ly = top + 8
        for t in thresholds {
            c.line(lx, ly, lx + 26, ly, stroke: t.style.stroke, width: 2, dash: t.style.dash)
            c.text(lx + 32, ly + 4, t.label.count > 18 ? String(t.label.prefix(17)) + "…" : t.label, size: 11)
            c.text(lx + 32, ly + 18, "coping ≥ \(NumberText.threshold(t.coping))", size: 10.5, fill: "#5d6471")
            c.text(lx + 32, ly + 31, "risk ≥ \(NumberText.threshold(t.risk))", size: 10.5, fill: "#5d6471")
            ly += 52
        }
        c.text(lx, ly + 6, "cases per cell", size: 11, weight: "600")
        var levels: [Int] = []
        var v = Int(peak)
        while v >= 1 && levels.count < 5 { if levels.last != v { levels.append(v) }; v = v / 2 }
        if levels.last != 1 { levels.append(1) }
        for (k, n) in levels.enumerated() {
            let t = 0.15 + 0.85 * (Double(n) / peak).squareRoot()
            c.rect(lx, ly + 14 + Double(k) * 18, 18, 16, fill: ChartStyle.sequential(t), rx: 2)
            c.text(lx + 24, ly + 26 + Double(k) * 18, String(n), size: 10.5, fill: "#444")
        }
        let below = ly + 30 + Double(levels.count) * 18
        if undetermined > 0 {
            c.text(lx, below, "\(undetermined) undetermined", size: 10.5, fill: "#5d6471")
            c.text(lx, below + 13, "(no coping score;", size: 10.5, fill: "#5d6471")
            c.text(lx, below + 26, "not shown)", size: 10.5, fill: "#5d6471")
        }
        return c.render()
    }
}
