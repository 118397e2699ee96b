/// Feasible grid points as a scatter of the Pareto figure (across) against the objective (up),
/// the front joined and highlighted, the current and best points marked.
public enum ParetoChart {
    public static func svg(title: String, xLabel: String, yLabel: String, cloud: [(Double, Double)], front: [(Double, Double)],
                           current: (Double, Double), best: (Double, Double)?) -> String {
        let width = 520.0, height = 320.0, left = 62.0, right = 18.0, top = 40.0, bottom = 52.0
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
            c.text(left - 6, y(t) + 4, NumberText.fixed(t, 3), size: 10.5, anchor: .end, fill: "#444")
        }
        for t in ChartStyle.ticks(xmin, xmax, count: 6) {
            c.text(x(t), top + ph + 16, NumberText.fixed(t, 2), size: 10.5, anchor: .middle, fill: "#444")
        }
        c.rect(left, top, pw, ph, fill: "none", stroke: "#9aa1ab")
        c.text(left + pw / 2, height - 12, xLabel, size: 12, anchor: .middle)
        c.text(16, top + ph / 2, yLabel, size: 12, anchor: .middle, rotate: -90)
        for p in cloud where p.0.isFinite && p.1.isFinite { c.circle(x(p.0), y(p.1), 1.6, fill: "#b8c4d6") }
        c.polyline(front.map { (x($0.0), y($0.1)) }, stroke: "#2166ac", width: 2)
        for p in front { c.circle(x(p.0), y(p.1), 3.2, fill: "#2166ac") }
        c.circle(x(current.0), y(current.1), 6, fill: "none", stroke: "#1f2430", strokeWidth: 2.5, tooltip: "current")
        if let best { c.circle(x(best.0), y(best.1), 5.5, fill: ChartStyle.accent, stroke: "#ffffff", strokeWidth: 2, tooltip: "best") }
        c.circle(left + pw - 178, 14, 3.2, fill: "#2166ac"); c.text(left + pw - 170, 18, "Pareto front", size: 10.5, fill: "#444")
        c.circle(left + pw - 98, 14, 5, fill: "none", stroke: "#1f2430", strokeWidth: 2); c.text(left + pw - 88, 18, "current", size: 10.5, fill: "#444")
        c.circle(left + pw - 40, 14, 5, fill: ChartStyle.accent); c.text(left + pw - 32, 18, "best", size: 10.5, fill: "#444")
        return c.render()
    }
}
