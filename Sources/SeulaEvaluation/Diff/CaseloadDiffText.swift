import SeulaCore
import SeulaJSON

/// The readable summary `seula diff` prints, and its `--json` form.
public enum CaseloadDiffText {
    public static func render(_ d: CaseloadDiff, fileChanges: [DocumentDiff.Change], inputName: String, language: ReportLanguage = .en) -> String {
        let a = d.modelA, b = d.modelB
        let tr = Phrases(language)
        var out = tr("seula diff — A: {0} {1} (sha256 {2}…)  B: {3} {4} (sha256 {5}…)", a.id, a.version, String(a.sha256.prefix(12)),
                     b.id, b.version, String(b.sha256.prefix(12))) + "\n"
        out += tr("Criteria changes A → B: {0}", String(fileChanges.count)) + "\n"
        for c in fileChanges.prefix(40) { out += "  \(c.text)\n" }
        if fileChanges.count > 40 { out += "  " + tr("… {0} more (--json has all)", String(fileChanges.count - 40)) + "\n" }
        out += "\n" + tr("Caseload {0}: {1} cases compared; rejected under A: {2}, under B: {3}", inputName, String(d.compared), String(d.rejectedA.total), String(d.rejectedB.total)) + "\n"
        if d.rejectedA.total > 0 { out += tr("Rejected under A") + "\n" + d.rejectedA.render() }
        if d.rejectedB.total > 0 { out += tr("Rejected under B") + "\n" + d.rejectedB.render() }
        out += "\n"
        guard d.compared > 0 else { return out + tr("No case valid under both: nothing to compare.") + "\n" }
        if d.isEmpty {
            out += tr("No differences: every compared case gets the same segment, outcome, products and review under A and B.") + "\n"
        }
        let moved = Wilson.interval(successes: d.segments.moved, trials: d.compared)
        out += tr("Segments — rows: A, columns: B; {0} cases ({1}, 95 % interval {2}) move", String(d.segments.moved),
                  tr.percent(Double(d.segments.moved) / Double(d.compared)), tr.percentInterval(moved.lower, moved.upper)) + "\n"
        out += table(d.segments, tr: tr) + "\n"
        let (up, down) = d.outcomeShifts
        out += tr("Reception outcome — rows: A, columns: B; {0} escalated, {1} de-escalated", String(up), String(down)) + "\n"
        out += table(d.outcomes, tr: tr) + "\n"
        let changed = d.changedProducts
        out += tr("Products that change ({0} of {1}; the others are recommended to the same cases under A and B)", String(changed.count), String(d.products.count)) + "\n"
        if !changed.isEmpty {
            var t = TextTable([tr("product"), "A", "B", tr("gained"), tr("lost"), tr("net")])
            for p in changed {
                t.add([d.productName(p.product, language: language).text + " (\(p.product))", String(p.underA), String(p.underB),
                       String(p.gained), String(p.lost), signed(p.underB - p.underA)])
            }
            out += t.render()
        }
        out += "\n"
        let ra = Double(d.reviewA) / Double(d.compared), rb = Double(d.reviewB) / Double(d.compared)
        out += tr("Professional review: A {0} ({1}) → B {2} ({3}), change {4} ({5} points)", String(d.reviewA), tr.percent(ra), String(d.reviewB), tr.percent(rb),
                  signed(d.reviewB - d.reviewA), tr.number((rb - ra) * 100, 1)) + "\n\n"
        if !d.isEmpty {
            out += tr("Examples (first {0} case ids of each kind of move, input order)", String(d.examplesKept)) + "\n"
            for k in d.moveKinds { out += "  \(kindText(k, d, language)) (\(d.moveCounts[k]!)): \(d.examples[k]!.joined(separator: ", "))\n" }
        }
        return out
    }

    /// A kind of move in words: `segment parjaaja → tuki` → `segment Pärjääjä → Tuki`.
    public static func kindText(_ kind: String, _ d: CaseloadDiff, _ language: ReportLanguage) -> String {
        let tr = Phrases(language)
        let na = NameBook(model: d.modelA, language: language), nb = NameBook(model: d.modelB, language: language)
        func parts(_ rest: Substring) -> (String, String)? {
            guard let r = rest.range(of: " → ") else { return nil }
            return (String(rest[..<r.lowerBound]), String(rest[r.upperBound...]))
        }
        if kind.hasPrefix("segment "), let (x, y) = parts(kind.dropFirst(8)) {
            let sx = d.modelA.segments.domain.index(of: x).map { na.segment($0).text } ?? x
            let sy = d.modelB.segments.domain.index(of: y).map { nb.segment($0).text } ?? y
            return tr("segment {0} → {1}", sx, sy)
        }
        if kind.hasPrefix("outcome "), let (x, y) = parts(kind.dropFirst(8)) {
            let ox = d.modelA.outcomeLevels.index(of: x).map { na.outcome($0).text } ?? x
            let oy = d.modelB.outcomeLevels.index(of: y).map { nb.outcome($0).text } ?? y
            return tr("outcome {0} → {1}", ox, oy)
        }
        if kind.hasPrefix("gains ") { return tr("gains {0}", d.productName(String(kind.dropFirst(6)), language: language).text) }
        if kind.hasPrefix("loses ") { return tr("loses {0}", d.productName(String(kind.dropFirst(6)), language: language).text) }
        return tr(kind)
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : String(n) }

    static func table(_ t: TransitionTable, tr: Phrases = Phrases(.en)) -> String {
        let usedRows = t.rows.indices.filter { r in t.columns.indices.contains { t[r, $0] > 0 } }
        let usedCols = t.columns.indices.filter { c in t.rows.indices.contains { t[$0, c] > 0 } }
        var x = TextTable(["A \\ B"] + usedCols.map { t.columns[$0] } + [tr("total")])
        for r in usedRows { x.add([t.rows[r]] + usedCols.map { String(t[r, $0]) } + [String(usedCols.reduce(0) { $0 + t[r, $1] })]) }
        return x.render()
    }

    public static func json(_ d: CaseloadDiff, fileChanges: [DocumentDiff.Change]) -> JSONValue {
        typealias J = JSONBuilder
        func table(_ t: TransitionTable) -> JSONValue {
            J.object([("rows", J.array(t.rows.map(J.string))), ("columns", J.array(t.columns.map(J.string))),
                      ("counts", J.array(t.rows.indices.map { r in J.array(t.columns.indices.map { J.int(t[r, $0]) }) }))])
        }
        return J.object([
            ("a", CriteriaRevision.origin(d.modelA)), ("b", CriteriaRevision.origin(d.modelB)),
            ("compared", J.int(d.compared)),
            ("rejected_a", EvaluationJSON.rejections(d.rejectedA)), ("rejected_b", EvaluationJSON.rejections(d.rejectedB)),
            ("identical", .bool(d.isEmpty)),
            ("segments", table(d.segments)), ("outcomes", table(d.outcomes)),
            ("products", J.array(d.products.filter { $0.underA + $0.underB > 0 }.map { p in
                J.object([("product", J.string(p.product)), ("a", J.int(p.underA)), ("b", J.int(p.underB)),
                          ("gained", J.int(p.gained)), ("lost", J.int(p.lost))])
            })),
            ("review", J.object([("a", J.int(d.reviewA)), ("b", J.int(d.reviewB))])),
            ("moves", J.array(d.moveKinds.map { k in
                J.object([("kind", J.string(k)), ("cases", J.int(d.moveCounts[k]!)), ("examples", J.array(d.examples[k]!.map(J.string)))])
            })),
            ("file_changes", J.array(fileChanges.map { c in J.object([("path", J.string(c.path)), ("from", c.old ?? .null), ("to", c.new ?? .null)]) })),
        ])
    }
}
