/// Per-product gains (right, green) and losses (left, red) between two criteria files.
public enum ProductChangeChart {
    public static func svg(title: String, rows: [(product: String, gained: Int, lost: Int)]) -> String {
        let labelWidth = 220.0, half = 220.0, rowH = 22.0, top = 44.0
        let width = labelWidth + 2 * half + 60, height = top + Double(max(rows.count, 1)) * rowH + 30
        var c = SVGCanvas(width: width, height: height, title: title)
        c.text(10, 20, title, size: 14, weight: "600")
        let peak = Double(max(rows.map { max($0.gained, $0.lost) }.max() ?? 1, 1))
        let mid = labelWidth + half
        c.text(mid - 6, 38, "← cases losing it", size: 11, anchor: .end, fill: "#8b1a12")
        c.text(mid + 6, 38, "cases gaining it →", size: 11, fill: "#1d6b35")
        if rows.isEmpty { c.text(mid, top + 14, "no product changes", size: 12, anchor: .middle, fill: "#5d6471") }
        for (r, row) in rows.enumerated() {
            let y = top + Double(r) * rowH
            c.text(labelWidth - 8, y + 14, row.product, size: 11.5, anchor: .end)
            let lw = Double(row.lost) / peak * half, gw = Double(row.gained) / peak * half
            if row.lost > 0 {
                c.rect(mid - lw, y + 3, lw, rowH - 6, fill: "#d9534f", rx: 2)
                c.text(mid - lw - 4, y + 15, "−\(row.lost)", size: 10.5, anchor: .end, fill: "#8b1a12")
            }
            if row.gained > 0 {
                c.rect(mid, y + 3, gw, rowH - 6, fill: "#3a9a5b", rx: 2)
                c.text(mid + gw + 4, y + 15, "+\(row.gained)", size: 10.5, fill: "#1d6b35")
            }
        }
        c.line(mid, top - 2, mid, top + Double(max(rows.count, 1)) * rowH, stroke: "#374151")
        return c.render()
    }
}
