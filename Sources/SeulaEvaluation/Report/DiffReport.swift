import SeulaCore

/// The HTML report of `seula diff --report`: the segment and outcome transition matrices,
/// per-product gains and losses, the review rate, the criteria changes and example cases.
public enum DiffReport {
    public static func html(_ d: CaseloadDiff, fileChanges: [DocumentDiff.Change], inputName: String) -> String {
        let a = d.modelA, b = d.modelB
        var page = HTMLPage(title: "Seula criteria diff — \(a.id) \(a.version) → \(b.id) \(b.version)",
                            subtitle: "\(inputName): \(d.compared) cases compared · rejected under A \(d.rejectedA.total), under B \(d.rejectedB.total)")
        let n = max(d.compared, 1)
        var up = 0, down = 0
        for r in d.outcomes.rows.indices {
            for c in d.outcomes.columns.indices {
                guard let ci = b.outcomeLevels.index(of: d.outcomes.rows[r]) else { continue }
                if c > ci { up += d.outcomes[r, c] } else if c < ci { down += d.outcomes[r, c] }
            }
        }
        page.cards([
            ("cases changing segment", String(d.segments.moved), NumberText.percent(Double(d.segments.moved) / Double(n)) + " of compared"),
            ("outcome escalated", String(up), "de-escalated: \(down)"),
            ("review rate under B", NumberText.percent(Double(d.reviewB) / Double(n)), "A: \(NumberText.percent(Double(d.reviewA) / Double(n))); \(d.reviewB - d.reviewA >= 0 ? "+" : "")\(d.reviewB - d.reviewA) cases"),
            ("criteria members changed", String(fileChanges.count), d.isEmpty ? "no case changes" : "\(d.moveKinds.count) kinds of move"),
        ])
        func axis(_ m: CriteriaModel, _ ids: [String]) -> [(String, String)] {
            ids.map { id in
                let i = m.segments.domain.index(of: id) ?? 0
                return (SegmentNames.finnish(m, i), id)
            }
        }
        let seg = MatrixHeatmapChart.svg(title: "Segments: A → B", rows: .init(title: "A: \(a.id) \(a.version)", labels: axis(a, d.segments.rows)),
                                         columns: .init(title: "B: \(b.id) \(b.version)", labels: axis(b, d.segments.columns)),
                                         counts: { d.segments[$0, $1] }, diagonal: { d.segments.rows[$0] == d.segments.columns[$1] })
        let rowsUsed = d.outcomes.rows.indices.filter { r in d.outcomes.columns.indices.contains { d.outcomes[r, $0] > 0 } }
        let colsUsed = d.outcomes.columns.indices.filter { c in d.outcomes.rows.indices.contains { d.outcomes[$0, c] > 0 } }
        func outcomeLabel(_ m: CriteriaModel, _ level: String) -> (String, String) {
            (m.document.value["outcomes"]?["names"]?[level]?["fi"]?.stringValue ?? level, level)
        }
        let out = MatrixHeatmapChart.svg(title: "Reception outcome: A → B",
                                         rows: .init(title: "A", labels: rowsUsed.map { outcomeLabel(a, d.outcomes.rows[$0]) }),
                                         columns: .init(title: "B", labels: colsUsed.map { outcomeLabel(b, d.outcomes.columns[$0]) }),
                                         counts: { d.outcomes[rowsUsed[$0], colsUsed[$1]] },
                                         diagonal: { d.outcomes.rows[rowsUsed[$0]] == d.outcomes.columns[colsUsed[$1]] })
        page.section("Transitions", lead: d.isEmpty ? "No compared case changes segment, outcome, products or review." : "Rows: the case under A; columns: under B. Off the diagonal are the cases that move.",
                     "<div class=\"row\">" + HTMLPage.figure(seg, caption: "\(d.segments.moved) cases change segment.") + HTMLPage.figure(out, caption: "\(up) escalated, \(down) de-escalated.") + "</div>")

        let changed = d.products.filter { $0.gained + $0.lost > 0 }
        let chart = ProductChangeChart.svg(title: "Products gained and lost", rows: changed.map { ($0.product, $0.gained, $0.lost) })
        let productRows = d.products.filter { $0.underA + $0.underB > 0 }.map {
            [$0.product, String($0.underA), String($0.underB), String($0.gained), String($0.lost), String($0.underB - $0.underA)]
        }
        page.section("Products", lead: "How many cases each product is recommended to under A and B, and how many gain or lose it.",
                     HTMLPage.figure(chart, caption: "") + HTMLPage.table(["product", "A", "B", "gained", "lost", "net"], productRows, numeric: [1, 2, 3, 4, 5]))

        page.section("Criteria changes", lead: "Members of the criteria file that differ, by JSON path.",
                     fileChanges.isEmpty ? HTMLPage.paragraph("The two files mean the same.")
                        : HTMLPage.table(["path", "A", "B"], fileChanges.map { c in
                            [c.path, c.old.map { JSONLayout.text($0, expandDepth: 0) } ?? "(absent)", c.new.map { JSONLayout.text($0, expandDepth: 0) } ?? "(absent)"]
                        }))
        if !d.isEmpty {
            page.section("Example cases", lead: "The first case ids of each kind of move, in input order.",
                         HTMLPage.table(["move", "cases", "examples"], d.moveKinds.map { [$0, String(d.moveCounts[$0]!), d.examples[$0]!.joined(separator: ", ")] }, numeric: [1]))
        }
        return page.render()
    }
}
