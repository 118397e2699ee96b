import SeulaCore

/// The caseload on the two axes: a density of cases (coping difficulty across, risk score up),
/// the threshold lines with their near-threshold bands (a score within the band of a threshold
/// asks for review), and under the plot a legend laid out like the quadrants with each
/// segment's name (from the criteria file) and share.
///
/// MODEL-V2: a case whose risk side a severe marker decides is high whatever its score; it is
/// drawn in a strip above the plot, by its coping difficulty. Cases with no place (coping or
/// risk undetermined) are counted under the legend.
public enum CaseloadMapChart {
    public struct Thresholds {
        public var coping: Double
        public var risk: Double
        public var band: Double
        public var label: String
        public var stroke: String
        public var dash: String?
        public init(coping: Double, risk: Double, band: Double, label: String, stroke: String = "#1f2430", dash: String? = nil) {
            self.coping = coping
            self.risk = risk
            self.band = band
            self.label = label
            self.stroke = stroke
            self.dash = dash
        }
    }

    /// One case: its coping difficulty (nil: undetermined), risk score (nil: undetermined) and
    /// whether a severe marker decides its risk side.
    public typealias Point = (coping: Double?, risk: Double?, marker: Bool)

    /// - Parameters:
    ///   - thresholds: the first set decides the quadrant shares shown; the others are drawn too.
    ///   - compact: the size for the one-page summary (everything under the plot).
    public static func svg(model: CriteriaModel, names: NameBook, points: [Point], thresholds: [Thresholds], title: String,
                           compact: Bool) -> String {
        let tr = Phrases(names.language)
        let page = names.language
        let side = compact ? 200.0 : 400.0
        let tick = 10.5, axis = compact ? 11.0 : 12.0, small = compact ? 9.5 : 10.5
        // Axis titles, wrapped to the plot's side.
        let yTitle = [tr("risk score →")] + LabelFit.wrapAll(model.risk.scoreOverKnown ? tr("% of the maximum points of the known register indicators")
                                                                : tr("% of the maximum register points"), width: side, size: small)
        let left = 8 + Double(yTitle.count) * 14 + 30
        let xTitle = [tr("coping difficulty →")] + LabelFit.wrapAll(tr("0 = no difficulty in any answered item, 100 = cannot manage in any"),
                                                                   width: compact ? left + side + 10 : side, size: small)
        let titleSize = compact ? 12.5 : 14.0
        let titleLines = LabelFit.wrapAll(title, width: (compact ? left + side + 10 : left + side + 200), size: titleSize, bold: true)
        let titleHeight = 8 + Double(titleLines.count) * titleSize * 1.25
        let stripTop = titleHeight + 4, stripHeight = 14.0
        let top = stripTop + stripHeight + 10
        let width = compact ? left + side + 14 : left + side + 24 + 200

        // Bin the cases.
        let bins = 25
        var counts = Array(repeating: 0, count: bins * bins)
        var strip = Array(repeating: 0, count: bins)
        var unplaced = 0, markers = 0
        func bin(_ v: Double) -> Int { min(bins - 1, max(0, Int(v / 100 * Double(bins)))) }
        for p in points {
            guard let c = p.coping else { unplaced += 1; continue }
            if p.marker { strip[bin(c)] += 1; markers += 1; continue }
            guard let r = p.risk else { unplaced += 1; continue }
            counts[bin(c) * bins + bin(r)] += 1
        }
        let peak = Double(max(counts.max() ?? 1, strip.max() ?? 1, 1))
        func shade(_ n: Int) -> String { ChartStyle.sequential(0.15 + 0.85 * (Double(n) / peak).squareRoot()) }

        // Legend under the plot: the quadrants as they lie, then notes.
        let main = thresholds.first
        var shares = Array(repeating: 0, count: model.segments.quadrants.count)
        var placed = 0
        if let t = main {
            for p in points {
                guard let c = p.coping, p.marker || p.risk != nil else { continue }
                placed += 1
                shares[SegmentationProjector.quadrant(model, hard: c >= t.coping, high: p.marker || p.risk! >= t.risk)] += 1
            }
        }
        // The quadrant legend spans the whole drawing in the compact form, the plot's width else.
        let legendLeft = compact ? 2.0 : left
        let column = compact ? (width - 4) / 2 : side / 2
        let nameSize = compact ? 10.5 : 11.5
        let quadrantLines = model.segments.quadrants.indices.map { qi in
            LabelFit.wrapAll(names.segment(qi).text, width: column - 22, size: nameSize, bold: true)
        }
        let rowHeight = { (qs: [Int]) in Double(qs.map { quadrantLines[$0].count }.max() ?? 1) * nameSize * 1.25 + small * 1.3 + 6 }
        let upperRow = model.segments.quadrants.indices.filter { model.segments.quadrants[$0].riskHigh }
        let lowerRow = model.segments.quadrants.indices.filter { !model.segments.quadrants[$0].riskHigh }
        let xTitleTop = top + side + 31
        let legendTop = xTitleTop + Double(xTitle.count) * 13.5 + 8
        let legendHeight = rowHeight(upperRow) + rowHeight(lowerRow)
        var notes: [String] = []
        if let t = main, t.band > 0 { notes.append(tr("shaded: within {0} points of a threshold (review)", tr.threshold(t.band))) }
        if markers > 0 { notes.append(tr("strip above: {0} cases high by a severe marker, whatever their score", tr.count(markers))) }
        if unplaced > 0 { notes.append(tr("{0} cases undetermined, not shown", tr.count(unplaced))) }
        if compact { notes.append(tr("darker cells hold more cases (most: {0})", tr.count(Int(peak)))) }
        if compact && notes.count > 1 { notes = [notes.joined(separator: "; ")] }
        let noteLines = notes.flatMap { LabelFit.wrapAll($0, width: compact ? side + left - 10 : side, size: small) }
        let notesTop = legendTop + legendHeight + 6
        var height = notesTop + Double(noteLines.count) * small * 1.3 + 6
        if !compact { height = max(height, top + 340) }

        var c = SVGCanvas(width: width, height: height, title: title)
        c.lines(2, 4 + titleSize, titleLines, size: titleSize, weight: "600")
        func x(_ v: Double) -> Double { left + min(max(v, 0), 100) / 100 * side }
        func y(_ v: Double) -> Double { top + side - min(max(v, 0), 100) / 100 * side }

        if let t = main {
            for (qi, q) in model.segments.quadrants.enumerated() {
                let x0 = q.copingHard ? x(t.coping) : x(0), x1 = q.copingHard ? x(100) : x(t.coping)
                let y0 = q.riskHigh ? y(100) : y(t.risk), y1 = q.riskHigh ? y(t.risk) : y(0)
                c.rect(x0, y0, x1 - x0, y1 - y0, fill: SegmentNames.colour(model, qi), opacity: 0.09)
            }
            if t.band > 0 {
                c.rect(x(t.coping - t.band), top, x(t.coping + t.band) - x(t.coping - t.band), side, fill: "#f2c94c", opacity: 0.28)
                c.rect(left, y(t.risk + t.band), side, y(t.risk - t.band) - y(t.risk + t.band), fill: "#f2c94c", opacity: 0.28)
            }
        }
        let cell = side / Double(bins)
        for i in 0..<bins {
            for j in 0..<bins where counts[i * bins + j] > 0 {
                let n = counts[i * bins + j]
                c.rect(left + Double(i) * cell + 0.5, top + side - Double(j + 1) * cell + 0.5, cell - 1, cell - 1, fill: shade(n), rx: 1.2,
                       tooltip: "\(i * 4)–\(i * 4 + 4) × \(j * 4)–\(j * 4 + 4): \(n)")
            }
            if strip[i] > 0 {
                c.rect(left + Double(i) * cell + 0.5, stripTop, cell - 1, stripHeight, fill: shade(strip[i]), rx: 1.2,
                       tooltip: "\(i * 4)–\(i * 4 + 4): \(strip[i])")
            }
        }
        if markers > 0 {
            c.rect(left, stripTop - 1, side, stripHeight + 2, fill: "none", stroke: "#c8463d", strokeWidth: 1)
            c.text(left - 6, stripTop + stripHeight - 3, tr("marker"), size: 9, anchor: .end, fill: "#8b1a12")
        }
        c.rect(left, top, side, side, fill: "none", stroke: "#9aa1ab")
        for v in stride(from: 0.0, through: 100.0, by: 20.0) {
            c.line(x(v), top + side, x(v), top + side + 4, stroke: "#555")
            c.text(x(v), top + side + 15, tr.threshold(v), size: tick, anchor: .middle, fill: "#444")
            c.line(left - 4, y(v), left, y(v), stroke: "#555")
            c.text(left - 7, y(v) + 3.5, tr.threshold(v), size: tick, anchor: .end, fill: "#444")
        }
        c.text(x(50), xTitleTop, xTitle[0], size: axis, anchor: .middle, weight: "600")
        c.lines(compact ? width / 2 : x(50), xTitleTop + 13.5, Array(xTitle.dropFirst()), size: small, anchor: .middle, fill: "#5d6471")
        for (k, line) in yTitle.enumerated() {
            let lx = 12 + Double(k) * 14
            c.text(lx, top + side / 2, line, size: k == 0 ? axis : small, anchor: .middle, weight: k == 0 ? "600" : "normal",
                   fill: k == 0 ? "#222" : "#5d6471", rotate: -90)
        }
        for t in thresholds.reversed() {
            c.line(x(t.coping), top, x(t.coping), top + side, stroke: t.stroke, width: 2, dash: t.dash)
            c.line(left, y(t.risk), left + side, y(t.risk), stroke: t.stroke, width: 2, dash: t.dash)
        }

        // The quadrant legend, laid out like the plot.
        var rowTop = legendTop
        for row in [upperRow, lowerRow] {
            for qi in row {
                let q = model.segments.quadrants[qi]
                let cx = legendLeft + (q.copingHard ? column : 0)
                c.rect(cx, rowTop + 1, 12, 12, fill: SegmentNames.colour(model, qi), rx: 2)
                let nameLines = quadrantLines[qi]
                let n = names.segment(qi)
                for (k, line) in nameLines.enumerated() {
                    c.text(cx + 17, rowTop + 10 + Double(k) * nameSize * 1.25, line, size: nameSize, weight: "650",
                           fill: SegmentNames.colour(model, qi), lang: n.lang == page.code ? nil : n.lang)
                }
                let share = placed > 0 ? Double(shares[qi]) / Double(placed) : .nan
                c.text(cx + 17, rowTop + 10 + Double(nameLines.count) * nameSize * 1.25, tr("{0} · {1} cases", tr.percent(share), tr.count(shares[qi])),
                       size: small, fill: "#444")
            }
            rowTop += rowHeight(row)
        }
        for (k, line) in noteLines.enumerated() {
            c.text(compact ? 2 : left, notesTop + small + Double(k) * small * 1.3, line, size: small, fill: "#5d6471")
        }

        // Full size: thresholds and the density scale at the right.
        if !compact {
            let lx = left + side + 24
            var ly = top + 4
            for t in thresholds {
                c.line(lx, ly, lx + 24, ly, stroke: t.stroke, width: 2, dash: t.dash)
                for (k, line) in LabelFit.wrapAll(t.label, width: 170, size: 11).enumerated() {
                    c.text(lx + 30, ly + 4 + Double(k) * 14, line, size: 11)
                    if k > 0 { ly += 14 }
                }
                c.text(lx + 30, ly + 18, tr("coping ≥ {0}, risk ≥ {1}", tr.threshold(t.coping), tr.threshold(t.risk)), size: small, fill: "#5d6471")
                c.text(lx + 30, ly + 31, tr("near band ±{0}", tr.threshold(t.band)), size: small, fill: "#5d6471")
                ly += 50
            }
            c.text(lx, ly + 8, tr("cases per cell"), size: 11, weight: "600")
            var levels: [Int] = []
            var v = Int(peak)
            while v >= 1 && levels.count < 5 { if levels.last != v { levels.append(v) }; v /= 2 }
            if levels.last != 1 { levels.append(1) }
            for (k, n) in levels.enumerated() {
                c.rect(lx, ly + 16 + Double(k) * 18, 18, 16, fill: shade(n), rx: 2)
                c.text(lx + 24, ly + 28 + Double(k) * 18, tr.count(n), size: small, fill: "#444")
            }
        }
        return c.render()
    }
}
