/// A figure against a threshold: the curve, the points that meet every constraint drawn
/// solid (others as a faint line), and labelled markers for the current and best values.
public enum LineChart {
    public struct Marker {
        public var x: Double
        public var label: String
        public var colour: String
        public var dash: String?
        public init(x: Double, label: String, colour: String, dash: String? = nil) {
            self.x = x
            self.label = label
            self.colour = colour
            self.dash = dash
        }
    }

    /// - Parameter points: (x, y, feasible); y may be NaN (not drawn).
    /// - Parameters:
    ///   - reference: an optional second series drawn dashed (e.g. the predicted rate), named in the legend.
    ///   - legend: whether to explain the solid (constraint-meeting) and faint parts of the curve.
    public static func svg(title: String, xLabel: String, yLabel: String, points: [(Double, Double, Bool)], markers: [Marker],
                           reference: (name: String, points: [(Double, Double)])? = nil, seriesName: String? = nil,
                           legend: Bool = true, width: Double = 500, height: Double = 300, tr: Phrases = Phrases(.en)) -> String {
        let left = 62.0, right = 18.0, top = 50.0, bottom = 52.0
        let titleY = 18.0
        let pw = width - left - right, ph = height - top - bottom
        var c = SVGCanvas(width: width, height: height, title: title)
        c.text(12, titleY, title, size: 14, weight: "600")
        let finite = points.filter { $0.1.isFinite }
        let extra = reference?.points.filter { $0.1.isFinite } ?? []
        guard let xmin = points.map(\.0).min(), let xmax = points.map(\.0).max(), !finite.isEmpty else {
            c.text(width / 2, height / 2, tr("no values"), size: 12, anchor: .middle, fill: "#5d6471")
            return c.render()
        }
        var ymin = (finite.map(\.1) + extra.map(\.1)).min()!, ymax = (finite.map(\.1) + extra.map(\.1)).max()!
        if ymax - ymin < 1e-9 { ymin -= 0.05; ymax += 0.05 }
        let pad = (ymax - ymin) * 0.08
        ymin -= pad; ymax += pad
        let xspan = max(xmax - xmin, 1e-9)
        func x(_ v: Double) -> Double { left + (v - xmin) / xspan * pw }
        func y(_ v: Double) -> Double { top + ph - (v - ymin) / (ymax - ymin) * ph }
        for t in ChartStyle.ticks(ymin, ymax, count: 5) {
            c.line(left, y(t), left + pw, y(t), stroke: ChartStyle.grid)
            c.text(left - 6, y(t) + 4, tr.number(t, ymax - ymin < 0.5 ? 3 : 2), size: 10.5, anchor: .end, fill: "#444")
        }
        for t in ChartStyle.ticks(xmin, xmax, count: 8) {
            c.line(x(t), top + ph, x(t), top + ph + 4, stroke: "#555")
            c.text(x(t), top + ph + 16, tr.threshold(t), size: 10.5, anchor: .middle, fill: "#444")
        }
        c.rect(left, top, pw, ph, fill: "none", stroke: "#9aa1ab")
        c.text(left + pw / 2, height - 12, xLabel, size: 12, anchor: .middle)
        c.text(16, top + ph / 2, yLabel, size: 12, anchor: .middle, rotate: -90)
        // Faint full curve, then feasible runs solid.
        c.polyline(finite.map { (x($0.0), y($0.1)) }, stroke: "#b8c4d6", width: 1.5)
        var run: [(Double, Double)] = []
        for p in points {
            if p.2 && p.1.isFinite { run.append((x(p.0), y(p.1))) } else { c.polyline(run, stroke: "#2166ac", width: 2.4); run = [] }
        }
        c.polyline(run, stroke: "#2166ac", width: 2.4)
        // Labels: the leftmost marker's to the left of its line, the others to the right,
        // unless that would leave the plot.
        let leftmost = markers.indices.min { markers[$0].x < markers[$1].x }
        for (k, m) in markers.enumerated() {
            c.line(x(m.x), top, x(m.x), top + ph, stroke: m.colour, width: 1.6, dash: m.dash)
            var toLeft = markers.count > 1 && k == leftmost
            if x(m.x) < left + 80 { toLeft = false }
            if x(m.x) > left + pw - 80 { toLeft = true }
            c.text(x(m.x) + (toLeft ? -5 : 5), top + 14 + Double(k) * 14, m.label, size: 11, anchor: toLeft ? .end : .start, weight: "600", fill: m.colour)
        }
        if let reference {
            c.polyline(extra.map { (x($0.0), y($0.1)) }, stroke: "#6b7280", width: 1.8, dash: "6 4")
            for p in extra { c.circle(x(p.0), y(p.1), 2.5, fill: "#6b7280") }
            for p in finite { c.circle(x(p.0), y(p.1), 3, fill: "#2166ac") }
            c.line(left + 8, top + 12, left + 30, top + 12, stroke: "#2166ac", width: 2.4)
            c.text(left + 35, top + 16, seriesName ?? "", size: 10.5, fill: "#444")
            c.line(left + 8, top + 27, left + 30, top + 27, stroke: "#6b7280", width: 1.8, dash: "6 4")
            c.text(left + 35, top + 31, reference.name, size: 10.5, fill: "#444")
        }
        if legend {
            let meets = tr("meets every constraint"), breaks = tr("breaks a constraint")
            let second = left + 27 + TextMetrics.width(meets, size: 10.5) + 16
            c.line(left, 33, left + 22, 33, stroke: "#2166ac", width: 2.4)
            c.text(left + 27, 37, meets, size: 10.5, fill: "#444")
            c.line(second, 33, second + 22, 33, stroke: "#b8c4d6", width: 1.5)
            c.text(second + 27, 37, breaks, size: 10.5, fill: "#444")
        }
        return c.render()
    }
}
