import SeulaCore
import SeulaJSON

/// The HTML report of `seula diff --report`: a one-page summary (how many cases change, the
/// segment transitions, the products that change, the criteria changes), then the detail: the
/// outcome transitions, gains and losses per product (only products that change, by name), the
/// criteria changes in full and example cases.
public enum DiffReport {
    public static func html(_ d: CaseloadDiff, fileChanges: [DocumentDiff.Change], context: ReportContext) -> String {
        let a = d.modelA, b = d.modelB
        let language = context.language
        let tr = Phrases(language)
        let na = NameBook(model: a, language: language), nb = NameBook(model: b, language: language)
        var page = HTMLPage(title: tr("Seula criteria diff — {0} {1} → {2} {3}", a.id, a.version, b.id, b.version),
                            subtitle: tr("{0}: {1} cases compared · rejected under A {2}, under B {3}", context.inputName, tr.count(d.compared),
                                         tr.count(d.rejectedA.total), tr.count(d.rejectedB.total)),
                            context: context, criteria: [("A", a), ("B", b)])
        let n = max(d.compared, 1)
        let (up, down) = d.outcomeShifts
        func share(_ k: Int) -> [String] {
            let w = Wilson.interval(successes: k, trials: d.compared)
            return [tr.count(k), tr.percent(Double(k) / Double(n)), tr.percentInterval(w.lower, w.upper)]
        }
        let rows: [[String]] = [
            [HTMLPage.escape(tr("cases changing segment"))] + share(d.segments.moved),
            [HTMLPage.escape(tr("outcome escalated"))] + share(up),
            [HTMLPage.escape(tr("outcome de-escalated"))] + share(down),
            [HTMLPage.escape(tr("professional review under A"))] + share(d.reviewA),
            [HTMLPage.escape(tr("professional review under B"))] + share(d.reviewB),
            [HTMLPage.escape(tr("products whose recommendations change")), tr.count(d.changedProducts.count), "", ""],
            [HTMLPage.escape(tr("criteria members changed")), tr.count(fileChanges.count), "", ""],
        ]
        page.summaryBlock("<div class=\"box\"><h3>" + HTMLPage.escape(tr("What changes for this caseload")) + "</h3>"
                          + HTMLPage.tableHTML([tr("figure"), tr("cases"), tr("share"), tr("95 % interval")].map(HTMLPage.escape), rows, numeric: [1, 2, 3])
                          + HTMLPage.paragraph(d.isEmpty ? tr("No compared case changes segment, outcome, products or review.")
                                               : tr("Shares are of the {0} cases valid under both files; intervals are Wilson score intervals.", tr.count(d.compared)), className: "note")
                          + "</div>")

        func axis(_ m: CriteriaModel, _ ids: [String], _ names: NameBook) -> [(LocalName, String)] {
            ids.map { id in (m.segments.domain.index(of: id).map { names.segment($0) } ?? LocalName(id, lang: "zxx"), "") }
        }
        let sameAxes = d.segments.rows == d.segments.columns
        let compact = MatrixHeatmapChart.svg(title: tr("Segments: A → B"), rows: .init(title: "A", labels: axis(a, d.segments.rows, na)),
                                             columns: .init(title: sameAxes ? tr("B (columns numbered as the rows)") : "B", labels: axis(b, d.segments.columns, nb)),
                                             counts: { d.segments[$0, $1] }, diagonal: { d.segments.rows[$0] == d.segments.columns[$1] },
                                             language: language, compact: true)
        let changed = d.changedProducts.sorted { ($0.gained + $0.lost) > ($1.gained + $1.lost) }
        func signedCount(_ n: Int, _ sign: String) -> String { n == 0 ? "0" : sign + tr.count(n) }
        var productHTML = changed.isEmpty ? HTMLPage.paragraph(tr("No product changes."))
            : HTMLPage.tableHTML([tr("product"), tr("gained"), tr("lost")].map(HTMLPage.escape),
                                 changed.prefix(8).map { [HTMLPage.name(d.productName($0.product, language: language), page: language),
                                                          signedCount($0.gained, "+"), signedCount($0.lost, "−")] },
                                 numeric: [1, 2])
        if changed.count > 8 { productHTML += HTMLPage.paragraph(tr("{0} more in the detail.", String(changed.count - 8)), className: "note") }
        // The summary lists the changes that decide something (not titles, documentation or provenance).
        let wording = ["documentation", "title", "provenance", "version", "format"]
        let meaningful = fileChanges.filter { c in !wording.contains { c.path == $0 || c.path.hasPrefix($0 + ".") || c.path.hasPrefix($0 + "[") }
            && !c.path.hasSuffix(".note") && !c.path.hasSuffix(".text") && !c.path.contains(".name.") && !c.path.contains(".names.") && !c.path.contains(".text.") }
        func short(_ c: DocumentDiff.Change) -> String {
            func show(_ v: JSONValue?) -> String {
                guard let v else { return tr("(absent)") }
                let s = JSONLayout.text(v, expandDepth: 0)
                return s.count > 40 ? String(s.prefix(39)) + "…" : s
            }
            return "\(c.path): \(show(c.old)) → \(show(c.new))"
        }
        var criteriaHTML = meaningful.isEmpty ? HTMLPage.paragraph(tr("Apart from names, documentation and provenance, the two files mean the same."))
            : "<ul class=\"changes\">" + meaningful.prefix(6).map { "<li><code>" + HTMLPage.escape(short($0)) + "</code></li>" }.joined() + "</ul>"
        if meaningful.count > 6 || meaningful.count < fileChanges.count {
            criteriaHTML += HTMLPage.paragraph(tr("{0} changes in all ({1} that decide something); every one is in the detail.", String(fileChanges.count), String(meaningful.count)), className: "note")
        }
        page.summaryBlock("<div class=\"grid\"><div>" + HTMLPage.figure(compact, caption: tr("{0} cases change segment.", tr.count(d.segments.moved))) + "</div>"
                          + HTMLPage.box(tr("Products that change"), productHTML) + "</div>")
        page.summaryBlock(HTMLPage.box(tr("Criteria changes"), criteriaHTML))

        // Detail.
        let seg = MatrixHeatmapChart.svg(title: tr("Segments: A → B"), rows: .init(title: tr("A: {0} {1}", a.id, a.version), labels: axis(a, d.segments.rows, na).enumerated().map { ($1.0, d.segments.rows[$0]) }),
                                         columns: .init(title: tr("B: {0} {1}", b.id, b.version), labels: axis(b, d.segments.columns, nb).enumerated().map { ($1.0, d.segments.columns[$0]) }),
                                         counts: { d.segments[$0, $1] }, diagonal: { d.segments.rows[$0] == d.segments.columns[$1] }, language: language)
        let rowsUsed = d.outcomes.rows.indices.filter { r in d.outcomes.columns.indices.contains { d.outcomes[r, $0] > 0 } }
        let colsUsed = d.outcomes.columns.indices.filter { c in d.outcomes.rows.indices.contains { d.outcomes[$0, c] > 0 } }
        let out = MatrixHeatmapChart.svg(title: tr("Reception outcome: A → B"),
                                         rows: .init(title: "A", labels: rowsUsed.map { (na.outcome($0), d.outcomes.rows[$0]) }),
                                         columns: .init(title: "B", labels: colsUsed.map { (nb.outcome($0), d.outcomes.columns[$0]) }),
                                         counts: { d.outcomes[rowsUsed[$0], colsUsed[$1]] },
                                         diagonal: { d.outcomes.rows[rowsUsed[$0]] == d.outcomes.columns[colsUsed[$1]] }, language: language)
        page.section(tr("Transitions"), lead: d.isEmpty ? tr("No compared case changes segment, outcome, products or review.") : tr("Rows: the case under A; columns: under B. Off the diagonal are the cases that move."),
                     "<div class=\"row\">" + HTMLPage.figure(seg, caption: tr("{0} cases change segment.", tr.count(d.segments.moved)))
                        + HTMLPage.figure(out, caption: tr("{0} escalated, {1} de-escalated.", tr.count(up), tr.count(down))) + "</div>")

        let chart = ProductChangeChart.svg(title: tr("Products gained and lost"),
                                           rows: changed.map { (d.productName($0.product, language: language), $0.gained, $0.lost) }, language: language)
        let productRows = changed.map {
            [HTMLPage.name(d.productName($0.product, language: language), page: language), "<code>" + HTMLPage.escape($0.product) + "</code>",
             tr.count($0.underA), tr.count($0.underB), "+" + tr.count($0.gained), "−" + tr.count($0.lost), tr.signed($0.underB - $0.underA)]
        }
        page.section(tr("Products"), lead: tr("Only the {0} products whose recommendations change are listed ({1} in all): how many cases get each under A and B, and how many gain or lose it.",
                                              String(changed.count), String(d.products.count)),
                     changed.isEmpty ? HTMLPage.paragraph(tr("No product changes."))
                        : HTMLPage.figure(chart, caption: "") + HTMLPage.tableHTML([tr("product"), "id", "A", "B", tr("gained"), tr("lost"), tr("net")].map(HTMLPage.escape),
                                                                                     productRows, numeric: [2, 3, 4, 5, 6]))

        page.section(tr("Criteria changes"), lead: tr("Members of the criteria file that differ, by JSON path."),
                     fileChanges.isEmpty ? HTMLPage.paragraph(tr("The two files mean the same."))
                        : HTMLPage.tableHTML([tr("path"), "A", "B"].map(HTMLPage.escape), fileChanges.map { c in
                            ["<code>" + HTMLPage.escape(c.path) + "</code>", HTMLPage.escape(show(c.old, tr)), HTMLPage.escape(show(c.new, tr))]
                        }))
        if !d.isEmpty {
            page.section(tr("Example cases"), lead: tr("The first case ids of each kind of move, in input order."),
                         HTMLPage.table([tr("move"), tr("cases"), tr("examples")],
                                        d.moveKinds.map { [CaseloadDiffText.kindText($0, d, language), tr.count(d.moveCounts[$0]!), d.examples[$0]!.joined(separator: ", ")] },
                                        numeric: [1]))
        }
        return page.render()
    }

    static func show(_ v: JSONValue?, _ tr: Phrases) -> String {
        guard let v else { return tr("(absent)") }
        let s = JSONLayout.text(v, expandDepth: 0)
        return s.count > 240 ? String(s.prefix(237)) + "…" : s
    }
}
