import SeulaCore
import SeulaJSON

/// The readable summary `seula diff` prints, and its `--json` form.
public enum CaseloadDiffText {
    public static func render(_ d: CaseloadDiff, fileChanges: [DocumentDiff.Change], inputName: String) -> String {
        let a = d.modelA, b = d.modelB
        var out = "seula diff — A: \(a.id) \(a.version) (sha256 \(a.sha256.prefix(12))…)  B: \(b.id) \(b.version) (sha256 \(b.sha256.prefix(12))…)\n"
        out += "Criteria changes A → B: \(fileChanges.count)\n"
        for c in fileChanges.prefix(40) { out += "  \(c.text)\n" }
        if fileChanges.count > 40 { out += "  … \(fileChanges.count - 40) more (--json has all)\n" }
        out += "\nCaseload \(inputName): \(d.compared) cases compared; rejected under A: \(d.rejectedA.total), under B: \(d.rejectedB.total)\n"
        if d.rejectedA.total > 0 { out += "Rejected under A\n" + d.rejectedA.render() }
        if d.rejectedB.total > 0 { out += "Rejected under B\n" + d.rejectedB.render() }
        out += "\n"
        guard d.compared > 0 else { return out + "No case valid under both: nothing to compare.\n" }
        if d.isEmpty {
            out += "No differences: every compared case gets the same segment, outcome, products and review under A and B.\n"
        }
        out += "Segments — rows: A, columns: B; \(d.segments.moved) cases (\(NumberText.percent(Double(d.segments.moved) / Double(d.compared)))) move\n"
        out += table(d.segments) + "\n"
        var up = 0, down = 0
        for r in d.outcomes.rows.indices {
            for c in d.outcomes.columns.indices {
                guard let ci = b.outcomeLevels.index(of: d.outcomes.rows[r]) else { continue }
                if c > ci { up += d.outcomes[r, c] } else if c < ci { down += d.outcomes[r, c] }
            }
        }
        out += "Reception outcome — rows: A, columns: B; \(up) escalated, \(down) de-escalated\n"
        out += table(d.outcomes) + "\n"
        out += "Products (cases)\n"
        var t = TextTable(["product", "A", "B", "gained", "lost", "net"])
        for p in d.products where p.underA + p.underB > 0 {
            t.add([p.product, String(p.underA), String(p.underB), String(p.gained), String(p.lost), signed(p.underB - p.underA)])
        }
        out += t.render() + "\n"
        let ra = Double(d.reviewA) / Double(d.compared), rb = Double(d.reviewB) / Double(d.compared)
        out += "Professional review: A \(d.reviewA) (\(NumberText.percent(ra))) → B \(d.reviewB) (\(NumberText.percent(rb))), change \(signed(d.reviewB - d.reviewA)) (\(NumberText.fixed((rb - ra) * 100, 1)) points)\n\n"
        if !d.isEmpty {
            out += "Examples (first \(d.examplesKept) case ids of each kind of move, input order)\n"
            for k in d.moveKinds { out += "  \(k) (\(d.moveCounts[k]!)): \(d.examples[k]!.joined(separator: ", "))\n" }
        }
        return out
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : String(n) }

    static func table(_ t: TransitionTable) -> String {
        let usedRows = t.rows.indices.filter { r in t.columns.indices.contains { t[r, $0] > 0 } }
        let usedCols = t.columns.indices.filter { c in t.rows.indices.contains { t[$0, c] > 0 } }
        var x = TextTable(["A \\ B"] + usedCols.map { t.columns[$0] } + ["total"])
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
