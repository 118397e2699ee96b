import Foundation
import SeulaCore
import SeulaJSON

/// Counts of cases by (state under A, state under B), e.g. segment under the old criteria ×
/// segment under the new. Row and column labels may differ when the two files differ.
public struct TransitionTable: Sendable, Equatable {
    public var rows: [String]
    public var columns: [String]
    /// Row-major.
    public var counts: [Int]

    public init(rows: [String], columns: [String]) {
        self.rows = rows
        self.columns = columns
        counts = Array(repeating: 0, count: rows.count * columns.count)
    }

    public subscript(r: Int, c: Int) -> Int {
        get { counts[r * columns.count + c] }
        set { counts[r * columns.count + c] = newValue }
    }

    /// Cases whose row and column labels differ.
    public var moved: Int {
        var n = 0
        for r in rows.indices { for c in columns.indices where rows[r] != columns[c] { n += self[r, c] } }
        return n
    }

    public var total: Int { counts.reduce(0, +) }
}

/// What changes for a caseload between two criteria files (`seula diff A B CASES`): segment
/// and outcome transitions, per-product gains and losses, the review rate, and example case
/// ids for each kind of move. Both files decide every case through `CaseValidator` and
/// `DecisionEngine`; in-force dates are not applied (the point is to compare the two files
/// on the same cases). A row valid under one file only is counted among the other's rejections.
public struct CaseloadDiff: Sendable {
    public struct ProductChange: Sendable, Equatable {
        public var product: String
        public var underA = 0
        public var underB = 0
        public var gained = 0
        public var lost = 0
    }

    public let modelA: CriteriaModel
    public let modelB: CriteriaModel
    public private(set) var compared = 0
    public private(set) var rejectedA = RejectionTally()
    public private(set) var rejectedB = RejectionTally()
    public private(set) var segments: TransitionTable
    public private(set) var outcomes: TransitionTable
    public private(set) var products: [ProductChange]
    public private(set) var reviewA = 0
    public private(set) var reviewB = 0
    /// Kind of move → first case ids, input order; kinds in `moveKinds` order.
    public private(set) var examples: [String: [String]] = [:]
    public private(set) var moveCounts: [String: Int] = [:]
    public let examplesKept: Int

    /// The assessment date of a row without `assessed_on` (only `hetu_age` reads it).
    public let today: CalendarDate

    public init(modelA: CriteriaModel, modelB: CriteriaModel, examplesKept: Int = 3, today: CalendarDate) {
        self.modelA = modelA
        self.modelB = modelB
        self.today = today
        self.examplesKept = examplesKept
        segments = TransitionTable(rows: modelA.segments.domain.values, columns: modelB.segments.domain.values)
        outcomes = TransitionTable(rows: modelA.outcomeLevels.values, columns: modelB.outcomeLevels.values)
        var ids = modelA.products.map(\.id)
        for p in modelB.products where !ids.contains(p.id) { ids.append(p.id) }
        products = ids.map { ProductChange(product: $0) }
    }

    /// Compares every row of a caseload, on every core: the file is cut at line ends (a CSV
    /// part gets the header), each part is compared on its own thread, and the parts are merged
    /// in input order (the examples stay the first ones). Returns the problem when a CSV header
    /// is unreadable.
    ///
    /// Complexity: O(bytes + n × 2 decisions) over all cores.
    public mutating func run(_ bytes: [UInt8], format: CaseloadFormat, strict: Bool, progress: RunProgress? = nil,
                             parts: Int = ProcessInfo.processInfo.activeProcessorCount, fastReader: Bool = true) -> CaseError? {
        let cuts = CaseloadScanner.cuts(bytes, format: format, parts: bytes.count < (1 << 20) ? 1 : parts)
        let header: [UInt8] = format == .csv && cuts.count > 2 ? Array(bytes[0..<cuts[1]].prefix { $0 != 0x0A }) + [0x0A] : []
        let template = CaseloadDiff(modelA: modelA, modelB: modelB, examplesKept: examplesKept, today: today)
        let results = (0..<(cuts.count - 1)).map { _ in DiffPart(template) }
        DispatchQueue.concurrentPerform(iterations: results.count) { i in
            let lo = cuts[i], hi = cuts[i + 1]
            let linesBefore = bytes[0..<lo].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            let slice = i == 0 || format != .csv ? Array(bytes[lo..<hi]) : header + bytes[lo..<hi]
            let before = i == 0 || format != .csv ? linesBefore : linesBefore - 1
            var part = results[i].diff
            results[i].problem = part.runPart(slice, format: format, strict: strict, linesBefore: before, progress: progress,
                                                fastReader: fastReader)
            results[i].diff = part
        }
        var merged = template
        for r in results {
            if let p = r.problem { return p }
            merged.merge(r.diff)
        }
        self = merged
        return nil
    }

    /// Compares the rows of one part, in order.
    mutating func runPart(_ bytes: [UInt8], format: CaseloadFormat, strict: Bool, linesBefore: Int, progress: RunProgress?,
                          fastReader: Bool = true) -> CaseError? {
        let scanA = CaseloadScanner(model: modelA, requirements: [], strict: strict, readsLabels: false)
        let scanB = CaseloadScanner(model: modelB, requirements: [], strict: strict, readsLabels: false)
        let engineA = DecisionEngine(model: modelA, today: today), engineB = DecisionEngine(model: modelB, today: today)
        var local = self
        let compare = { (row: CaseloadRow) in
            let a = scanA.check(row), b = scanB.check(row)
            switch (a, b) {
            case (.success(let x), .success(let y)):
                local.add(id: x.screening.id, engineA.decide(x.screening, explaining: false), engineB.decide(y.screening, explaining: false))
            case (.failure(let p), .success):
                local.rejectedA.add(p, line: row.line, id: row.recoveredID)
            case (.success, .failure(let p)):
                local.rejectedB.add(p, line: row.line, id: row.recoveredID)
            case (.failure(let p), .failure(let q)):
                local.rejectedA.add(p, line: row.line, id: row.recoveredID)
                local.rejectedB.add(q, line: row.line, id: row.recoveredID)
            }
        }
        // JSON lines: a line both models' fast readers accept is compared as read; every other
        // row (and every CSV row) is read by the general path, which decides it for both.
        guard format == .jsonl, fastReader else {
            let problem = CaseloadRows.forEach(bytes, format: format, model: modelA, strict: strict, linesBefore: linesBefore,
                                               progress: progress, compare)
            self = local
            return problem
        }
        var ca = scanA.emptyCase(), cb = scanB.emptyCase()
        bytes.withUnsafeBytes { all in
            CaseloadRows.forEachLine(all, linesBefore: linesBefore, progress: progress) { number, line in
                if let x = scanA.fastCheck(line, number: number, into: &ca), let y = scanB.fastCheck(line, number: number, into: &cb) {
                    local.add(id: x.screening.id, engineA.decide(x.screening, explaining: false), engineB.decide(y.screening, explaining: false))
                } else {
                    compare(CaseloadRows.jsonRow(line, number: number, maxDepth: scanA.maxDepth))
                }
            }
        }
        self = local
        return nil
    }

    /// Adds the counts of a diff of later rows (same models); examples stay the first ones.
    mutating func merge(_ later: CaseloadDiff) {
        compared += later.compared
        rejectedA.merge(later.rejectedA)
        rejectedB.merge(later.rejectedB)
        for k in segments.counts.indices { segments.counts[k] += later.segments.counts[k] }
        for k in outcomes.counts.indices { outcomes.counts[k] += later.outcomes.counts[k] }
        for k in products.indices {
            products[k].underA += later.products[k].underA
            products[k].underB += later.products[k].underB
            products[k].gained += later.products[k].gained
            products[k].lost += later.products[k].lost
        }
        reviewA += later.reviewA
        reviewB += later.reviewB
        for (kind, n) in later.moveCounts { moveCounts[kind, default: 0] += n }
        for (kind, ids) in later.examples {
            let room = examplesKept - examples[kind, default: []].count
            if room > 0 { examples[kind, default: []] += ids.prefix(room) }
        }
    }

    /// The product's name in `language`, from B when B has the product, else from A.
    public func productName(_ id: String, language: ReportLanguage) -> LocalName {
        NameBook(model: modelB, language: language).product(id: id) ?? NameBook(model: modelA, language: language).product(id: id) ?? LocalName(id, lang: "zxx")
    }

    /// Products whose recommendations change (some case gains or loses them).
    public var changedProducts: [ProductChange] { products.filter { $0.gained + $0.lost > 0 } }

    /// (escalated, de-escalated): cases whose final outcome level rises or falls (by B's order).
    public var outcomeShifts: (up: Int, down: Int) {
        var up = 0, down = 0
        for r in outcomes.rows.indices {
            for c in outcomes.columns.indices {
                guard let ci = modelB.outcomeLevels.index(of: outcomes.rows[r]) else { continue }
                if c > ci { up += outcomes[r, c] } else if c < ci { down += outcomes[r, c] }
            }
        }
        return (up, down)
    }

    mutating func add(id: String, _ a: Decision, _ b: Decision) {
        compared += 1
        let sa = modelA.segments.domain.values[a.segment], sb = modelB.segments.domain.values[b.segment]
        segments[a.segment.rawValue, b.segment.rawValue] += 1
        if sa != sb { note("segment \(sa) → \(sb)", id) }
        let oa = modelA.outcomeLevels.values[a.finalOutcome], ob = modelB.outcomeLevels.values[b.finalOutcome]
        outcomes[a.finalOutcome.rawValue, b.finalOutcome.rawValue] += 1
        if oa != ob { note("outcome \(oa) → \(ob)", id) }
        let pa = Set(a.services.map { modelA.products[$0.product].id }), pb = Set(b.services.map { modelB.products[$0.product].id })
        for k in products.indices {
            let p = products[k].product
            let inA = pa.contains(p), inB = pb.contains(p)
            if inA { products[k].underA += 1 }
            if inB { products[k].underB += 1 }
            if inB && !inA { products[k].gained += 1; note("gains \(p)", id) }
            if inA && !inB { products[k].lost += 1; note("loses \(p)", id) }
        }
        let ra = !a.review.isEmpty, rb = !b.review.isEmpty
        if ra { reviewA += 1 }
        if rb { reviewB += 1 }
        if rb && !ra { note("review newly required", id) }
        if ra && !rb { note("review no longer required", id) }
    }

    private mutating func note(_ kind: String, _ id: String) {
        moveCounts[kind, default: 0] += 1
        if examples[kind, default: []].count < examplesKept { examples[kind, default: []].append(id) }
    }

    /// Kinds of move in a stable order: segments (A's order, then B's), outcomes, products
    /// (gains before losses, file order), review.
    public var moveKinds: [String] {
        var kinds: [String] = []
        for r in segments.rows { for c in segments.columns where r != c { kinds.append("segment \(r) → \(c)") } }
        for r in outcomes.rows { for c in outcomes.columns where r != c { kinds.append("outcome \(r) → \(c)") } }
        for p in products { kinds.append("gains \(p.product)"); kinds.append("loses \(p.product)") }
        kinds += ["review newly required", "review no longer required"]
        return kinds.filter { moveCounts[$0] != nil }
    }

    /// True when no compared case changes in anything this diff looks at.
    public var isEmpty: Bool { moveCounts.isEmpty }
}

/// One part of a parallel diff, written by its own thread only.
final class DiffPart: @unchecked Sendable {
    var diff: CaseloadDiff
    var problem: CaseError?
    init(_ diff: CaseloadDiff) { self.diff = diff }
}
