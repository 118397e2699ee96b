import SeulaCore

/// Where a report came from, printed in its footer: when, by which Seula, from which criteria
/// and data, by which command line.
public struct ReportContext: Sendable {
    public var language: ReportLanguage
    /// `2026-12-01 14:05 Europe/Helsinki`.
    public var generatedAt: String
    /// `Seula dev build, executable sha256 1a2b3c4d5e6f`.
    public var seula: String
    /// The command line as typed (shell-quoted).
    public var commandLine: String
    public var inputName: String
    public var dataSHA256: String?

    public init(language: ReportLanguage = .en, generatedAt: String = "", seula: String = "Seula", commandLine: String = "",
                inputName: String = "", dataSHA256: String? = nil) {
        self.language = language
        self.generatedAt = generatedAt
        self.seula = seula
        self.commandLine = commandLine
        self.inputName = inputName
        self.dataSHA256 = dataSHA256
    }

    /// Arguments joined as a POSIX shell would read them back (`'recall(huolenpito) >= 0.8'`).
    public static func shellQuoted(_ arguments: [String]) -> String {
        arguments.map { a in
            let plain = !a.isEmpty && a.unicodeScalars.allSatisfy { c in
                (c.isASCII && (CharacterSetLike.alphanumeric(c) || "-_./=:,+@%".unicodeScalars.contains(c)))
            }
            return plain ? a : "'" + a.replacingAll("'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

enum CharacterSetLike {
    static func alphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
}

/// A self-contained HTML report: inline CSS and SVG, no scripts and no external assets, so it
/// opens anywhere (and prints) exactly as written.
///
/// Its first part is a one-page **summary** sized for A4 (`.sheet`, 190 × 277 mm inside 10 mm
/// margins, a page break after it), then the **detail** sections in the order added, then a
/// footer. The `<html lang>` is the report's language; a name the criteria file only has in
/// another language carries its own `lang`.
public struct HTMLPage {
    public let title: String
    public var subtitle: String
    public let context: ReportContext
    /// Criteria the report is about, for the footer: (label, id, version, sha256).
    public var criteria: [(String, CriteriaModel)]
    private var summary: [String] = []
    private var detail: [String] = []

    public init(title: String, subtitle: String, context: ReportContext, criteria: [(String, CriteriaModel)]) {
        self.title = title
        self.subtitle = subtitle
        self.context = context
        self.criteria = criteria
    }

    var lang: String { context.language.code }
    var tr: Phrases { Phrases(context.language) }

    public static func escape(_ s: String) -> String { SVGCanvas.escape(s) }

    /// A name as HTML, with its own `lang` when it differs from the page's.
    public static func name(_ n: LocalName, page: ReportLanguage) -> String {
        n.lang == page.code ? escape(n.text) : "<span lang=\"\(n.lang)\">\(escape(n.text))</span>"
    }

    /// Adds a block (trusted HTML) to the one-page summary.
    public mutating func summaryBlock(_ html: String) { summary.append(html) }

    /// A section of the detail with a heading, an optional lead paragraph and its content (trusted HTML).
    public mutating func section(_ heading: String, lead: String? = nil, id: String? = nil, _ content: String) {
        var html = "<section\(id.map { " id=\"\($0)\"" } ?? "")><h2>\(Self.escape(heading))</h2>"
        if let lead { html += "<p class=\"lead\">\(Self.escape(lead))</p>" }
        detail.append(html + content + "</section>")
    }

    /// A figure: an SVG and its caption.
    public static func figure(_ svg: String, caption: String, className: String? = nil) -> String {
        "<figure\(className.map { " class=\"\($0)\"" } ?? "")>\(svg)" + (caption.isEmpty ? "" : "<figcaption>\(escape(caption))</figcaption>") + "</figure>"
    }

    /// A table of text cells; columns in `numeric` are right-aligned.
    public static func table(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], highlight: (Int) -> Bool = { _ in false },
                             className: String? = nil) -> String {
        tableHTML(header.map(escape), rows.map { $0.map(escape) }, numeric: numeric, highlight: highlight, className: className)
    }

    /// A table whose cells are trusted HTML.
    public static func tableHTML(_ header: [String], _ rows: [[String]], numeric: Set<Int> = [], highlight: (Int) -> Bool = { _ in false },
                                 className: String? = nil) -> String {
        var html = "<table\(className.map { " class=\"\($0)\"" } ?? "")><thead><tr>"
        for (i, h) in header.enumerated() { html += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(h)</th>" }
        html += "</tr></thead><tbody>"
        for (r, row) in rows.enumerated() {
            html += highlight(r) ? "<tr class=\"flag\">" : "<tr>"
            for (i, cell) in row.enumerated() { html += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(cell)</td>" }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    public static func paragraph(_ s: String, className: String? = nil) -> String {
        "<p\(className.map { " class=\"\($0)\"" } ?? "")>\(escape(s))</p>"
    }

    /// A titled box of the summary.
    public static func box(_ title: String, _ content: String, className: String = "box") -> String {
        "<div class=\"\(className)\"><h3>\(escape(title))</h3>\(content)</div>"
    }

    /// The provenance lines of the footer (each a `<p>`).
    func provenance() -> String {
        var lines: [String] = []
        lines.append(tr("Generated {0} by {1}.", context.generatedAt, context.seula))
        for (label, m) in criteria {
            let text = tr("{0}: criteria {1} {2}, in force from {3}, sha256 {4}", label, m.id, m.version, m.effectiveFrom.description, m.sha256)
            lines.append(text)
        }
        if !context.inputName.isEmpty {
            lines.append(tr("Data: {0}", context.inputName) + (context.dataSHA256.map { ", sha256 " + $0 } ?? ""))
        }
        if !context.commandLine.isEmpty { lines.append(tr("Command: {0}", context.commandLine)) }
        return lines.map { "<p>\(Self.escape($0))</p>" }.joined()
    }

    public func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        \(Self.css)
        </style></head>
        <body>
        <div class="sheet" id="summary">
        <header class="sheet-head"><h1>\(Self.escape(title))</h1><p>\(Self.escape(subtitle))</p></header>
        \(summary.joined(separator: "\n"))
        <footer class="sheet-foot">\(provenance())</footer>
        </div>
        <main class="detail" id="detail">
        <h1 class="detail-title">\(Self.escape(tr("Detail")))</h1>
        \(detail.joined(separator: "\n"))
        </main>
        <footer class="page-foot">\(provenance())<p>\(Self.escape(tr("Self-contained: inline SVG, no scripts, no external files.")))</p></footer>
        </body></html>

        """
    }

    static let css = """
    :root { --ink: #1f2430; --muted: #5d6471; --line: #e3e6eb; --paper: #ffffff; --wash: #eef1f5; --accent: #c8463d; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--wash); color: var(--ink); font: 14px/1.4 "DejaVu Sans", system-ui, "Helvetica Neue", Arial, sans-serif; }
    h1, h2, h3 { font-weight: 650; }
    .sheet { width: 210mm; margin: 16px auto; background: var(--paper); padding: 10mm; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
    .sheet-head { border-bottom: 2px solid #1f3b57; margin: 0 0 8px; padding: 0 0 6px; }
    .sheet-head h1 { margin: 0 0 2px; font-size: 19px; color: #1f3b57; }
    .sheet-head p { margin: 0; color: var(--muted); font-size: 11.5px; overflow-wrap: anywhere; }
    .sheet h3 { font-size: 12.5px; margin: 0 0 4px; color: #1f3b57; }
    .sheet p, .sheet li { font-size: 11px; margin: 2px 0; }
    .sheet ol, .sheet ul { margin: 2px 0; padding-left: 18px; }
    .sheet table { font-size: 11px; width: 100%; margin: 2px 0 4px; }
    .sheet th, .sheet td { padding: 1px 5px; }
    .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 14px; margin: 8px 0; }
    .grid > * { min-width: 0; }
    .box { border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; }
    .wide { grid-column: 1 / 3; }
    .sheet figure { margin: 0; }
    .sheet figcaption { font-size: 10.5px; }
    .sheet svg { max-width: 100%; height: auto; }
    .sheet-foot { margin-top: 8px; border-top: 1px solid var(--line); padding-top: 4px; color: var(--muted); }
    .sheet-foot p { font-size: 9.5px; margin: 1px 0; overflow-wrap: anywhere; }
    .note { color: var(--muted); }
    .detail { max-width: 1180px; margin: 0 auto; padding: 8px 24px 30px; }
    .detail-title { font-size: 22px; margin: 18px 0 0; }
    section { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 16px 22px 18px; margin: 16px 0; }
    h2 { font-size: 18px; margin: 0 0 6px; }
    p.lead { color: var(--muted); margin: 0 0 10px; max-width: 960px; }
    figure { margin: 8px 14px 14px 0; display: inline-table; vertical-align: top; }
    figcaption { display: table-caption; caption-side: bottom; color: var(--muted); font-size: 12.5px; margin-top: 4px; }
    table { border-collapse: collapse; font-size: 13px; margin: 6px 0 10px; font-variant-numeric: tabular-nums; }
    th, td { padding: 3px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; overflow-wrap: anywhere; }
    th { background: #f5f7fa; font-weight: 600; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    tr.flag td { background: #fdecea; }
    .row { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: flex-start; }
    .row > * { min-width: 0; }
    code { background: #f5f7fa; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
    .page-foot { color: var(--muted); font-size: 12px; text-align: center; padding: 0 24px 30px; }
    .page-foot p { margin: 2px 0; overflow-wrap: anywhere; }
    @page { size: A4; margin: 10mm; }
    @media print {
      body { background: #fff; }
      .sheet { width: auto; margin: 0; padding: 0; box-shadow: none; break-after: page; }
      .detail { max-width: none; padding: 0; }
      section { break-inside: avoid; border: none; padding: 0; }
      figure, table { break-inside: avoid; }
    }
    """
}
