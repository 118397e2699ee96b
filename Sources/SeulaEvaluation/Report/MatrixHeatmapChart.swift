/// A matrix of counts as a heatmap: a confusion matrix (caseworker × Seula) or a transition
/// matrix (criteria A × B). Each cell shows its count and its share of the row; colour by the
/// share of the row, the diagonal outlined.
public enum MatrixHeatmapChart {
    public struct Axis {
        public var title: String
        /// (main label, small label) per row or column.
        public var labels: [(String, String)]
        public init(title: String, labels: [(String, String)]) {
            self.title = title
            self.labels = labels
        }
    }

    public static func svg(title: String, rows: Axis, columns: Axis, counts: (Int, Int) -> Int, diagonal: (Int, Int) -> Bool) -> String {
        let cellW = 96.0, cellH = 50.0
        let longestRow = rows.labels.map { max($0.0.count, $0.1.count) }.max() ?? 10
        let left = max(120.0, Double(longestRow) * 7.0 + 34), top = 100.0, right = 70.0, bottom = 26.0
        let w = left + cellW * Double(columns.labels.count) + right, h = top + cellH * Double(rows.labels.count) + bottom
        var c = SVGCanvas(width: w, height: h, title: title)
        c.text(12, 20, title, size: 15, weight: "600")
        c.text(left + cellW * Double(columns.labels.count) / 2, 40, columns.title, size: 12.5, anchor: .middle, weight: "600", fill: "#374151")
        c.text(14, top + cellH * Double(rows.labels.count) / 2, rows.title, size: 12.5, anchor: .middle, weight: "600", fill: "#374151", rotate: -90)
        for (j, l) in columns.labels.enumerated() {
            let cx = left + (Double(j) + 0.5) * cellW
            let lines = wrap(l.0, width: Int((cellW - 6) / 6.6))
            for (k, line) in lines.enumerated() {
                c.text(cx, top - 22 - Double(lines.count - 1 - k) * 14, line, size: 11.5, anchor: .middle, weight: "600")
            }
            c.text(cx, top - 8, l.1, size: 10.5, anchor: .middle, fill: "#5d6471")
        }
        c.text(left + cellW * Double(columns.labels.count) + 10, top - 8, "total", size: 10.5, fill: "#5d6471")
        for (i, l) in rows.labels.enumerated() {
            let cy = top + (Double(i) + 0.5) * cellH
            c.text(left - 10, cy - 2, l.0, size: 12, anchor: .end, weight: "600")
            c.text(left - 10, cy + 12, l.1, size: 10.5, anchor: .end, fill: "#5d6471")
            let total = columns.labels.indices.reduce(0) { $0 + counts(i, $1) }
            c.text(left + cellW * Double(columns.labels.count) + 10, cy + 4, String(total), size: 12, fill: "#374151")
            for j in columns.labels.indices {
                let n = counts(i, j)
                let share = total > 0 ? Double(n) / Double(total) : 0
                let x = left + Double(j) * cellW, y = top + Double(i) * cellH
                c.rect(x + 1, y + 1, cellW - 2, cellH - 2, fill: n == 0 ? "#fafbfc" : ChartStyle.sequential(0.08 + 0.92 * share), rx: 3,
                       tooltip: "\(l.0) → \(columns.labels[j].0): \(n) (\(NumberText.percent(share)) of the row)")
                if diagonal(i, j) { c.rect(x + 1.5, y + 1.5, cellW - 3, cellH - 3, fill: "none", stroke: "#1f2430", strokeWidth: 2, rx: 3) }
                let ink = ChartStyle.ink(onLevel: 0.08 + 0.92 * share)
                c.text(x + cellW / 2, y + cellH / 2 + 1, String(n), size: 14, anchor: .middle, weight: "600", fill: n == 0 ? "#b4b9c2" : ink)
                if n > 0 { c.text(x + cellW / 2, y + cellH / 2 + 16, NumberText.percent(share, 0), size: 10.5, anchor: .middle, fill: ink) }
            }
        }
        return c.render()
    }

    /// Words greedily into at most two lines of about `width` characters (the rest elided).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ").map(String.init) {
            if current.isEmpty { current = word } else if current.count + 1 + word.count <= width { current += " " + word } else { lines.append(current); current = word }
        }
        if !current.isEmpty { lines.append(current) }
        if lines.count > 2 { lines = [lines[0], lines[1...].joined(separator: " ")] }
        return lines.map { $0.count > width + 2 ? String($0.prefix(width)) + "…" : $0 }
    }
}
