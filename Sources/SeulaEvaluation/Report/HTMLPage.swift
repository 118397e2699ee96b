/// A self-contained HTML report: inline CSS and SVG, no scripts and no external assets, so it
/// opens anywhere (and prints) exactly as written. Sections in the order added.
public struct HTMLPage {
    public let title: String
    public var subtitle: String
    private var body: [String] = []

    public init(title: String, subtitle: String) {
        self.title = title
        self.subtitle = subtitle
    }

    public static func escape(_ s: String) -> String { SVGCanvas.escape(s) }

    /// A row of headline figures: (label, value, note).
    public mutating func cards(_ items: [(String, String, String)]) {
        var html = "<div class=\"cards\">"
        for (label, value, note) in items {
            html += "<div class=\"card\"><div class=\"card-label\">\(Self.escape(label))</div><div class=\"card-value\">\(Self.escape(value))</div><div class=\"card-note\">\(Self.escape(note))</div></div>"
        }
        body.append(html + "</div>")
    }

    /// A section with a heading, an optional lead paragraph and its content (trusted HTML).
    public mutating func section(_ heading: String, lead: String? = nil, _ content: String) {
        var html = "<section><h2>\(Self.escape(heading))</h2>"
        if let lead { html += "<p class=\"lead\">\(Self.escape(lead))</p>" }
        body.append(html + content + "</section>")
    }

    /// A figure: an SVG and its caption.
    public static func figure(_ svg: String, caption: String) -> String {
        "<figure>\(svg)<figcaption>\(escape(caption))</figcaption></figure>"
    }

    /// A table; columns in `numeric` are right-aligned.
    public static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], highlight: (Int) -> Bool = { _ in false }) -> String {
        var html = "<table><thead><tr>"
        for (i, h) in header.enumerated() { html += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(h))</th>" }
        html += "</tr></thead><tbody>"
        for (r, row) in rows.enumerated() {
            html += highlight(r) ? "<tr class=\"flag\">" : "<tr>"
            for (i, cell) in row.enumerated() { html += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(cell))</td>" }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    public static func paragraph(_ s: String) -> String { "<p>\(escape(s))</p>" }

    public func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        :root { --ink: #1f2430; --muted: #5d6471; --line: #e3e6eb; --paper: #ffffff; --wash: #f5f7fa; --accent: #c8463d; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--wash); color: var(--ink); font: 15px/1.45 system-ui, "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
        header { background: #1f3b57; color: #fff; padding: 22px 40px 18px; }
        header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 650; letter-spacing: .2px; }
        header p { margin: 0; color: #cfdbe8; font-size: 14px; }
        main { max-width: 1180px; margin: 0 auto; padding: 18px 32px 40px; }
        section { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 18px 24px 20px; margin: 18px 0; }
        h2 { font-size: 18px; margin: 0 0 6px; }
        p.lead { color: var(--muted); margin: 0 0 12px; max-width: 920px; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 4px; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; min-width: 140px; flex: 1 1 140px; max-width: 240px; }
        .card-label { color: var(--muted); font-size: 12.5px; text-transform: uppercase; letter-spacing: .4px; }
        .card-value { font-size: 26px; font-weight: 650; margin: 2px 0; font-variant-numeric: tabular-nums; }
        .card-note { color: var(--muted); font-size: 12.5px; }
        figure { margin: 8px 14px 14px 0; display: inline-block; vertical-align: top; }
        figcaption { color: var(--muted); font-size: 13px; max-width: 760px; margin-top: 4px; }
        table { border-collapse: collapse; font-size: 13.5px; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; }
        th { background: var(--wash); font-weight: 600; }
        td.num, th.num { text-align: right; }
        tr.flag td { background: #fdecea; }
        .row { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
        code { background: var(--wash); padding: 1px 4px; border-radius: 4px; }
        footer { color: var(--muted); font-size: 12.5px; text-align: center; padding: 0 0 30px; }
        @media print { body { background: #fff; } section { break-inside: avoid; } }
        </style></head>
        <body><header><h1>\(Self.escape(title))</h1><p>\(Self.escape(subtitle))</p></header><main>
        \(body.joined(separator: "\n"))
        </main><footer>Generated by seula. Self-contained: inline SVG, no scripts, no external files.</footer></body></html>

        """
    }
}
