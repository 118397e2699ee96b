/// Per-product gains (right, green) and losses (left, red) between two criteria files; only
/// products that change are given. Names wrap in a left margin as wide as they need (up to
/// 280 px).
public enum ProductChangeChart {
    public static func svg(title: String, rows: [(product: LocalName, gained: Int, lost: Int)], language: ReportLanguage) -> String {
        let tr = Phrases(language)
        let size = 11.0
        let needed = LabelFit.widest(rows.map(\.product.text), size: size)
        let labelWidth = min(280, max(needed, LabelFit.widest(rows.flatMap { $0.product.text.split(separator: " ").map(String.init) }, size: size))) + 12
        let lines = rows.map { LabelFit.wrapAll($0.product.text, width: labelWidth - 12, size: size) }
        let half = 200.0, top = 48.0
        let counts = rows.flatMap { ["−" + tr.count($0.lost), "+" + tr.count($0.gained)] }
        let pad = LabelFit.widest(counts, size: 10.5) + 10
        let width = labelWidth + pad + 2 * half + pad + 10
        let heights = lines.map { max(22, Double($0.count) * size * 1.25 + 8) }
        let height = top + max(heights.reduce(0, +), 22) + 12
        var c = SVGCanvas(width: width, height: height, title: title)
        c.text(2, 18, title, size: 13.5, weight: "600")
        let peak = Double(max(rows.map { max($0.gained, $0.lost) }.max() ?? 1, 1))
        let mid = labelWidth + pad + half
        c.text(mid - 6, 40, tr("← cases losing it"), size: 11, anchor: .end, fill: "#8b1a12")
        c.text(mid + 6, 40, tr("cases gaining it →"), size: 11, fill: "#1d6b35")
        if rows.isEmpty { c.text(mid, top + 14, tr("no product changes"), size: 12, anchor: .middle, fill: "#5d6471") }
        var y = top
        for (r, row) in rows.enumerated() {
            let h = heights[r]
            let block = Double(lines[r].count) * size * 1.25
            c.lines(labelWidth - 6, y + (h - block) / 2 + size, lines[r], size: size, anchor: .end,
                    lang: row.product.lang == language.code ? nil : row.product.lang)
            let lw = Double(row.lost) / peak * half, gw = Double(row.gained) / peak * half
            if row.lost > 0 {
                c.rect(mid - lw, y + h / 2 - 7, lw, 14, fill: "#d9534f", rx: 2)
                c.text(mid - lw - 4, y + h / 2 + 4, "−" + tr.count(row.lost), size: 10.5, anchor: .end, fill: "#8b1a12")
            }
            if row.gained > 0 {
                c.rect(mid, y + h / 2 - 7, gw, 14, fill: "#3a9a5b", rx: 2)
                c.text(mid + gw + 4, y + h / 2 + 4, "+" + tr.count(row.gained), size: 10.5, fill: "#1d6b35")
            }
            y += h
        }
        c.line(mid, top - 2, mid, max(y, top + 22), stroke: "#374151")
        return c.render()
    }
}
