/// A matrix of counts as a heatmap: a confusion matrix (caseworker × Seula) or a transition
/// matrix (criteria A × B). Each cell shows its count and its share of the row; colour by the
/// share of the row, the diagonal outlined.
///
/// Labels never get cut: row names wrap in the left margin (as wide as the longest word
/// needs); column names wrap over their column, and when a word is wider than a column (or the
/// chart is compact) the columns are numbered: a row carries the number of the column of the
/// same name, and columns no row names (Seula's undetermined, when no caseworker used it) are
/// spelled out under the chart.
public enum MatrixHeatmapChart {
    public struct Axis {
        public var title: String
        /// (name, small second label such as the id; may be empty) per row or column.
        public var labels: [(LocalName, String)]
        public init(title: String, labels: [(LocalName, String)]) {
            self.title = title
            self.labels = labels
        }
    }

    public static func svg(title: String, rows: Axis, columns: Axis, counts: (Int, Int) -> Int, diagonal: (Int, Int) -> Bool,
                           language: ReportLanguage, compact: Bool = false) -> String {
        let tr = Phrases(language)
        let cellW = compact ? 46.0 : 96.0, cellH = compact ? 30.0 : 48.0
        let nameSize = compact ? 10.5 : 11.5, smallSize = compact ? 9.0 : 10.0
        let cols = columns.labels.count, rowCount = rows.labels.count
        // Column headers: wrapped names, or numbers with the rows as the key.
        var columnLines: [[String]] = []
        var keyed = compact
        if !keyed {
            for l in columns.labels {
                guard let lines = LabelFit.wrap(l.0.text, width: cellW - 8, size: nameSize, bold: true, maxLines: 3) else { keyed = true; break }
                columnLines.append(lines)
            }
        }
        // Keyed: columns are numbered; a row carries the number of the column of the same name
        // (else the next free number); columns no row names are spelled out under the chart.
        var rowNumbers: [Int] = []
        var legendLines: [String] = []
        if keyed {
            columnLines = (0..<cols).map { ["\($0 + 1)"] }
            var next = cols
            for l in rows.labels {
                if let j = columns.labels.firstIndex(where: { $0.0.text == l.0.text }) { rowNumbers.append(j + 1) } else { next += 1; rowNumbers.append(next) }
            }
            for (j, l) in columns.labels.enumerated() where !rowNumbers.contains(j + 1) {
                legendLines.append("\(j + 1) = \(l.0.text)")
            }
        }
        let headerLines = Double(columnLines.map(\.count).max() ?? 1)
        let rowTexts = rows.labels.enumerated().map { (k, l) in keyed ? "\(rowNumbers[k])  \(l.0.text)" : l.0.text }
        let cap = compact ? 112.0 : 240.0
        let widestWord = LabelFit.widest(rowTexts.flatMap { $0.split(separator: " ").map(String.init) }, size: nameSize, bold: true)
        let widestName = LabelFit.widest(rowTexts, size: nameSize, bold: true)
        let labelWidth = min(cap, max(widestWord, min(widestName, cap)))
        let rowLines = rowTexts.map { LabelFit.wrapAll($0, width: labelWidth, size: nameSize, bold: true) }
        let subLabels = rows.labels.map(\.1)
        let neededRowHeight = rowLines.enumerated().map { k, lines in Double(lines.count) * nameSize * 1.22 + (subLabels[k].isEmpty ? 0 : smallSize * 1.25) + 6 }.max() ?? cellH
        let rowH = max(cellH, neededRowHeight)
        let left = 24 + labelWidth + 10
        let titleSize = compact ? 12.5 : 14.0, axisSize = compact ? 10.5 : 12.0
        let plotWidth = cellW * Double(cols)
        let titleLines = LabelFit.wrapAll(title, width: left + plotWidth, size: titleSize, bold: true)
        let axisLines = LabelFit.wrapAll(columns.title, width: plotWidth + (compact ? 0 : 40), size: axisSize, bold: true)
        let titleH = 6 + Double(titleLines.count) * titleSize * 1.25
        let axisTitleY = titleH + axisSize + 2
        let top = axisTitleY + Double(axisLines.count - 1) * axisSize * 1.25 + 8 + headerLines * nameSize * 1.22 + (columns.labels.contains { !$0.1.isEmpty } && !keyed ? smallSize * 1.3 : 0) + 6
        let totalW = TextMetrics.width(tr("total"), size: smallSize) + 14
        // The compact form leaves the row totals out (the summary has no room for them).
        let totals = (0..<rowCount).map { i in tr.count(columns.labels.indices.reduce(0) { $0 + counts(i, $1) }) }
        let width = left + cellW * Double(cols) + (compact ? 6 : max(totalW, LabelFit.widest(totals, size: 11.5)) + 14)
        let legend = legendLines.flatMap { LabelFit.wrapAll($0, width: width - 28, size: smallSize + 0.5) }
        let height = top + rowH * Double(rowCount) + 8 + Double(legend.count) * (smallSize + 0.5) * 1.3 + (legend.isEmpty ? 0 : 4)
        var c = SVGCanvas(width: width, height: height, title: title)
        c.lines(2, 2 + titleSize, titleLines, size: titleSize, weight: "600")
        c.lines(left + plotWidth / 2, axisTitleY, axisLines, size: axisSize, anchor: .middle, weight: "600", fill: "#374151")
        c.text(11, top + rowH * Double(rowCount) / 2, rows.title, size: compact ? 10.5 : 12, anchor: .middle, weight: "600", fill: "#374151", rotate: -90)
        for (j, lines) in columnLines.enumerated() {
            let cx = left + (Double(j) + 0.5) * cellW
            let base = top - 6 - (columns.labels[j].1.isEmpty || keyed ? 0 : smallSize * 1.3)
            let n = columns.labels[j].0
            for (k, line) in lines.enumerated() {
                c.text(cx, base - Double(lines.count - 1 - k) * nameSize * 1.22, line, size: nameSize, anchor: .middle, weight: "600",
                       lang: keyed || n.lang == language.code ? nil : n.lang)
            }
            if !keyed && !columns.labels[j].1.isEmpty { c.text(cx, top - 5, columns.labels[j].1, size: smallSize, anchor: .middle, fill: "#5d6471") }
        }
        if !compact { c.text(left + cellW * Double(cols) + 8, top - 6, tr("total"), size: smallSize, fill: "#5d6471") }
        for (i, l) in rows.labels.enumerated() {
            let y0 = top + Double(i) * rowH
            let lines = rowLines[i]
            let block = Double(lines.count) * nameSize * 1.22 + (l.1.isEmpty ? 0 : smallSize * 1.25)
            var ty = y0 + (rowH - block) / 2 + nameSize
            for line in lines {
                c.text(left - 8, ty, line, size: nameSize, anchor: .end, weight: "600", lang: l.0.lang == language.code ? nil : l.0.lang)
                ty += nameSize * 1.22
            }
            if !l.1.isEmpty { c.text(left - 8, ty - nameSize * 0.22 + smallSize * 0.3, l.1, size: smallSize, anchor: .end, fill: "#5d6471") }
            let total = columns.labels.indices.reduce(0) { $0 + counts(i, $1) }
            if !compact { c.text(left + cellW * Double(cols) + 8, y0 + rowH / 2 + 4, tr.count(total), size: 11.5, fill: "#374151") }
            for j in columns.labels.indices {
                let n = counts(i, j)
                let share = total > 0 ? Double(n) / Double(total) : 0
                let x = left + Double(j) * cellW
                c.rect(x + 1, y0 + 1, cellW - 2, rowH - 2, fill: n == 0 ? "#fafbfc" : ChartStyle.sequential(0.08 + 0.92 * share), rx: 3,
                       tooltip: "\(l.0.text) → \(columns.labels[j].0.text): \(n)")
                if diagonal(i, j) { c.rect(x + 1.5, y0 + 1.5, cellW - 3, rowH - 3, fill: "none", stroke: "#1f2430", strokeWidth: 2, rx: 3) }
                let ink = ChartStyle.ink(onLevel: 0.08 + 0.92 * share)
                let countText = tr.count(n)
                let countSize = min(compact ? 11.0 : 13.5, (cellW - 8) / max(TextMetrics.width(countText, size: 1, bold: true), 0.01))
                c.text(x + cellW / 2, y0 + rowH / 2 + (n > 0 ? -1 : 4), countText, size: countSize, anchor: .middle, weight: "600", fill: n == 0 ? "#b4b9c2" : ink)
                if n > 0 { c.text(x + cellW / 2, y0 + rowH / 2 + (compact ? 11 : 14), tr.percent(share, 0), size: smallSize, anchor: .middle, fill: ink) }
            }
        }
        c.lines(24, top + rowH * Double(rowCount) + 8 + smallSize + 2, legend, size: smallSize + 0.5, fill: "#374151")
        return c.render()
    }
}
