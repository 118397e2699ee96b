#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import CLinearAlgebra
import SeulaCore

/// The scoring core on in-memory columns (`seula bench core`): for a whole caseload held as
/// column-major matrices, both axis scores through BLAS and the segment, default outcome and
/// threshold review for every case — the part of a decision that is pure arithmetic, without
/// reading JSON or writing records.
///
/// Columns: `answers` (cases × items, unanswered = 0) with `answered` (1 where answered), and
/// `points` (cases × indicators: the points each indicator counts for the case). Then
///   S = answers·w, W = answered·w, A = answered·1, P = points·1   (four `dgemv`s)
///   coping = 100·S / (scaleMax·W) when A ≥ min_answered, risk = 100·P / maxPoints,
/// and a branch-free pass for segment, outcome and the near-threshold flags. The same formulas
/// `CopingInstrument.score` and `RiskScorecard.score` use, in the same order (a test holds the
/// results equal to `DecisionEngine`).
/// Pointers into the scorer's matrices and result columns for the row-block threads: each
/// thread reads shared inputs and writes only its own rows.
struct Shared: @unchecked Sendable {
    let answers: UnsafePointer<Double>, answered: UnsafePointer<Double>, points: UnsafePointer<Double>
    let s: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>, a: UnsafeMutablePointer<Double>, p: UnsafeMutablePointer<Double>


    /// y[from..<to] := A[from..<to, :]·x, for a column-major A with `n` rows.
    func gemv(_ from: Int, _ to: Int, _ n: Int, _ columns: Int, _ a: UnsafePointer<Double>, _ x: [Double], _ y: UnsafeMutablePointer<Double>) {
        var trans = CChar(UInt8(ascii: "N"))
        var m = Int32(to - from), cols = Int32(columns), lda = Int32(n), inc: Int32 = 1
        var alpha = 1.0, beta = 0.0
        x.withUnsafeBufferPointer { xs in
            dgemv_(&trans, &m, &cols, &alpha, a + from, &lda, xs.baseAddress, &inc, &beta, y + from, &inc)
        }
    }
}

/// Pointers for the final pass's row blocks.
struct Finish: @unchecked Sendable {
    let s: UnsafePointer<Double>, w: UnsafePointer<Double>, a: UnsafePointer<Double>, p: UnsafePointer<Double>
    let coping: UnsafeMutablePointer<Double>, risk: UnsafeMutablePointer<Double>
    let segment: UnsafeMutablePointer<Int8>, outcome: UnsafeMutablePointer<Int8>, near: UnsafeMutablePointer<Bool>
    let riskMax: UnsafePointer<Double>, riskSide: UnsafePointer<Int8>
}

public struct ColumnScorer {
    public let model: CriteriaModel
    public private(set) var count = 0
    var answers: [Double] = []
    var answered: [Double] = []
    var points: [Double] = []
    /// Results, per case.
    public private(set) var copingScore: [Double] = []
    public private(set) var riskScore: [Double] = []
    public private(set) var segment: [Int8] = []
    public private(set) var outcome: [Int8] = []
    public private(set) var nearThreshold: [Bool] = []
    var s: [Double] = [], w: [Double] = [], a: [Double] = [], p: [Double] = []

    public init(model: CriteriaModel) {
        self.model = model
    }

    /// Loads cases into the columns (points per indicator are computed here, as registers would
    /// be coded on intake).
    public mutating func load(_ cases: [ScreeningCase]) {
        reserve(cases.count)
        for (k, c) in cases.enumerated() { set(k, c) }
    }

    /// Makes room for `n` cases (all absent until `set`).
    public mutating func reserve(_ n: Int) {
        count = n
        let items = model.coping.items.count, indicators = model.risk.indicators.count
        answers = Array(repeating: 0, count: n * items)
        answered = Array(repeating: 0, count: n * items)
        points = Array(repeating: 0, count: n * indicators)
        frame = [Value](repeating: .null, count: model.slots.count)
        engine = DecisionEngine(model: model, today: today)
        riskMax = Array(repeating: Double(model.risk.maxPoints), count: n)
        riskSide = Array(repeating: 0, count: n)
        copingScore = Array(repeating: 0, count: n)
        riskScore = Array(repeating: 0, count: n)
        segment = Array(repeating: 0, count: n)
        outcome = Array(repeating: 0, count: n)
        nearThreshold = Array(repeating: false, count: n)
        s = Array(repeating: 0, count: n); w = s; a = s; p = s
    }

    private var frame: [Value] = []
    private var engine: DecisionEngine? = nil
    /// The date for `hetu_age` of cases without `assessed_on` (markers could read it).
    public var today = CalendarDate(year: 2026, month: 1, day: 1)!
    /// Per case: the risk score's denominator (the known indicators' maxima with `score_over:
    /// known`), and the side the rule part decides: 1 a severe marker holds (high whatever the
    /// score), 2 undetermined (too many gaps, no marker), 0 the score decides.
    var riskMax: [Double] = []
    var riskSide: [Int8] = []

    /// Puts case `c` in row `k`.
    public mutating func set(_ k: Int, _ c: ScreeningCase) {
        let n = count
        let items = model.coping.items.count, indicators = model.risk.indicators.count
        for j in 0..<items where c.coping[j] >= 0 {
            answers[j * n + k] = Double(c.coping[j])
            answered[j * n + k] = 1
        }
        engine!.fillIntake(c, into: &frame)
        for i in 0..<indicators where c.risk[i] != ScreeningCase.gap && model.risk.isCounted(i, frame: frame) {
            points[i * n + k] = Double(model.risk.indicators[i].points(forRaw: Int(c.risk[i])))
        }
        // The rule part of the risk side, and the known maximum: per case at load, as the
        // registers would be coded on intake (the same `RiskScorecard` the engine uses).
        let card = model.risk
        guard !card.isPlainScorecard else { return }
        var gaps = 0, known = 0, mask: UInt64 = 0
        for i in 0..<indicators {
            if c.risk[i] == ScreeningCase.gap { gaps += 1; mask |= 1 << UInt64(i) } else { known += card.indicators[i].maxPoints }
        }
        if card.scoreOverKnown { riskMax[k] = Double(known) }
        if card.markers.contains(where: { $0.indicatorMask & mask == 0 && $0.condition.holds(frame) }) {
            riskSide[k] = 1
        } else if let u = card.undeterminedAtGaps, gaps >= u {
            riskSide[k] = 2
        }
    }

    /// Scores every loaded case on `threads` threads, each taking a block of rows (the matrices
    /// are column-major with leading dimension `count`, so a block is a sub-matrix `dgemv` reads
    /// in place). Complexity: O(cases × (items + indicators)), in BLAS and one linear pass.
    public mutating func score(threads: Int = 1) {
        let n = count
        guard n > 0 else { return }
        let items = model.coping.items.count, indicators = model.risk.indicators.count
        let weights = model.coping.weightUnits
        let ones = Array(repeating: 1.0, count: max(items, indicators))
        // With equal weights the answered count is W / w: one pass over `answered` saved
        // (the core is limited by memory bandwidth, not arithmetic).
        let uniform = model.coping.hasUniformWeights
        let unit = weights.first ?? 1
        let blocks = max(1, min(threads, n / 4096 + 1))
        answers.withUnsafeBufferPointer { ans in answered.withUnsafeBufferPointer { ansd in points.withUnsafeBufferPointer { pts in
        s.withUnsafeMutableBufferPointer { sp in w.withUnsafeMutableBufferPointer { wp in
        a.withUnsafeMutableBufferPointer { ap in p.withUnsafeMutableBufferPointer { pp in
            let shared = Shared(answers: ans.baseAddress!, answered: ansd.baseAddress!, points: pts.baseAddress!,
                                s: sp.baseAddress!, w: wp.baseAddress!, a: ap.baseAddress!, p: pp.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: blocks) { b in
                let from = n * b / blocks, to = n * (b + 1) / blocks
                shared.gemv(from, to, n, items, shared.answers, weights, shared.s)
                shared.gemv(from, to, n, items, shared.answered, weights, shared.w)
                if uniform {
                    for k in from..<to { shared.a[k] = (shared.w[k] / unit).rounded() }
                } else {
                    shared.gemv(from, to, n, items, shared.answered, ones, shared.a)
                }
                shared.gemv(from, to, n, indicators, shared.points, ones, shared.p)
            }
        }}}}}}}
        let coping = model.coping, risk = model.risk
        let scaleMax = Double(coping.scaleMax), minAnswered = Double(coping.minAnswered)
        let ct = coping.threshold, rt = risk.threshold, band = model.segments.nearBand
        // Quadrant lookup: index by (hard, high).
        var quadrantOf = [Int8](repeating: 0, count: 4), outcomeOf = [Int8](repeating: 0, count: 5)
        for (qi, q) in model.segments.quadrants.enumerated() {
            quadrantOf[(q.copingHard ? 2 : 0) + (q.riskHigh ? 1 : 0)] = Int8(qi)
            outcomeOf[qi] = Int8(q.outcome.rawValue)
        }
        outcomeOf[4] = Int8(model.segments.undeterminedOutcome.rawValue)
        let undetermined = Int8(model.segments.quadrants.count)
        let q4 = (quadrantOf[0], quadrantOf[1], quadrantOf[2], quadrantOf[3])
        s.withUnsafeBufferPointer { sp in w.withUnsafeBufferPointer { wp in a.withUnsafeBufferPointer { ap in p.withUnsafeBufferPointer { pp in
        copingScore.withUnsafeMutableBufferPointer { cs in riskScore.withUnsafeMutableBufferPointer { rs in
        segment.withUnsafeMutableBufferPointer { seg in outcome.withUnsafeMutableBufferPointer { out in
        nearThreshold.withUnsafeMutableBufferPointer { near in
        riskMax.withUnsafeBufferPointer { rm in riskSide.withUnsafeBufferPointer { side in
            let io = Finish(s: sp.baseAddress!, w: wp.baseAddress!, a: ap.baseAddress!, p: pp.baseAddress!,
                            coping: cs.baseAddress!, risk: rs.baseAddress!, segment: seg.baseAddress!,
                            outcome: out.baseAddress!, near: near.baseAddress!, riskMax: rm.baseAddress!, riskSide: side.baseAddress!)
            let outcomes = outcomeOf
            DispatchQueue.concurrentPerform(iterations: blocks) { b in
                let from = n * b / blocks, to = n * (b + 1) / blocks
                for k in from..<to {
                    let determined = io.a[k] >= minAnswered && io.w[k] > 0
                    // The same rounded-down fractions as the engine (`ExactRatio`): the sums are
                    // whole numbers in weight units, exact whatever order BLAS added them in.
                    let c = determined ? ExactRatio.roundedDown(100.0 * io.s[k], over: scaleMax * io.w[k]) : .nan
                    let d = io.riskMax[k]
                    let r = d == 0 ? 0 : ExactRatio.roundedDown(100.0 * io.p[k], over: d)
                    let side = io.riskSide[k]
                    io.coping[k] = c
                    io.risk[k] = side == 2 ? .nan : r
                    let q: Int8
                    if determined && side != 2 {
                        switch (c >= ct, side == 1 || r >= rt) {
                        case (false, false): q = q4.0
                        case (false, true): q = q4.1
                        case (true, false): q = q4.2
                        case (true, true): q = q4.3
                        }
                    } else {
                        q = undetermined
                    }
                    io.segment[k] = q
                    io.outcome[k] = outcomes[Int(q)]
                    io.near[k] = (determined && abs(c - ct) <= band) || (side == 0 && abs(r - rt) <= band)
                }
            }
        }}}}}}}}}}}
    }
}
