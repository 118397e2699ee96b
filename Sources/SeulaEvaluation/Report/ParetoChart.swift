/// Feasible grid points as a scatter of the Pareto figure (across) against the objective (up),
/// the front joined and highlighted, the current and best points marked.
public enum ParetoChart {
    public static func svg(title: String, xLabel: String, yLabel: String, cloud: [(Double, Double)], front: [(Double, Double)],
                           current: (Double, Double), best: (Double, Double)?, tr: Phrases = Phrases(.en)) -> String {
        let width = 520.0, height = 330.0, left = 62.0, right = 18.0, top = 48.0, bottom = 52.0
        let pw = width - left - right, ph = height - top - bottom
        var c = SVGCanvas(width: width, height: height, title: title)
        c.text(12, 20, title, size: 14, weight: "600")
        let all = (cloud + front + [current]).filter { $0.0.isFinite && $0.1.isFinite }
        guard !all.isEmpty else { return c.render() }
        var xmin = all.map(\.0).min()!, xmax = all.map(\.0).max()!, ymin = all.map(\.1).min()!, ymax = all.map(\.1).max()!
        if xmax - xmin < 1e-9 { xmin -= 0.05; xmax += 0.05 }
        if ymax - ymin < 1e-9 { ymin -= 0.05; ymax += 0.05 }
        let px = (xmax - xmin) * 0.05, py = (ymax - ymin) * 0.08
        xmin -= px; xmax += px; ymin -= py; ymax += py
        func x(_ v: Double) -> Double { left + (v - xmin) / (xmax - xmin) * pw }
        func y(_ v: Double) -> Double { top + ph - (v - ymin) / (ymax - ymin) * ph }
        for t in ChartStyle.ticks(ymin, ymax, count: 5) {
            c.line(left, y(t), left + pw, y(t), stroke: ChartStyle.grid)
            c.text(left - 6, y(t) + 4, tr.number(t, 3), size: 10.5, anchor: .end, fill: "#444")
        }
        for t in ChartStyle.ticks(xmin, xmax, count: 6) {
            c.text(x(t), top + ph + 16, tr.number(t, 2), size: 10.5, anchor: .middle, fill: "#444")
        }
        c.rect(left, top, pw, ph, fill: "none", stroke: "#9aa1ab")
        c.text(left + pw / 2, height - 12, xLabel, size: 12, anchor: .middle)
        c.text(16, top + ph / 2, yLabel, size: 12, anchor: .middle, rotate: -90)
        for p in cloud where p.0.isFinite && p.1.isFinite { c.circle(x(p.0), y(p.1), 1.6, fill: "#b8c4d6") }
        c.polyline(front.map { (x($0.0), y($0.1)) }, stroke: "#2166ac", width: 2)
        for p in front { c.circle(x(p.0), y(p.1), 3.2, fill: "#2166ac") }
        c.circle(x(current.0), y(current.1), 6, fill: "none", stroke: "#1f2430", strokeWidth: 2.5, tooltip: tr("current"))
        if let best { c.circle(x(best.0), y(best.1), 5.5, fill: ChartStyle.accent, stroke: "#ffffff", strokeWidth: 2, tooltip: tr("chosen")) }
        // Legend on its own line under the title.
        let entries = [(tr("Pareto front"), 0), (tr("current"), 1), (tr("chosen"), 2)]
        var lx = left
        for (label, kind) in entries {
            switch kind {
            case 0: c.circle(lx + 4, 30, 3.2, fill: "#2166ac")
            case 1: c.circle(lx + 4, 30, 5, fill: "none", stroke: "#1f2430", strokeWidth: 2)
            default: c.circle(lx + 4, 30, 5, fill: ChartStyle.accent)
            }
            c.text(lx + 13, 34, label, size: 10.5, fill: "#444")
            lx += 13 + TextMetrics.width(label, size: 10.5) + 18
        }
        return c.render()
    }
}
