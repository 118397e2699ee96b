/// Remembers the risk side's counterfactual (`Counterfactual.riskSideSolution`) by what it
/// depends on, so a worker deciding many cases searches each distinct risk picture once.
///
/// The answer is a function of the model and, per indicator, whether it is a gap, whether it
/// is counted, and its raw value — except that an integer indicator no severe marker reads
/// enters only through its points (its options are the levels above and below them, written
/// as the levels' own raw values). The key holds exactly that, plus the direction and the
/// derived totals (points, maximum), so two cases with one key get the same answer; the
/// "from" side of each change is read from the case afterwards. A property test holds the
/// memoised answers equal to the searched ones.
///
/// Used only when every marker reads one indicator through its truth table (a marker reading
/// anything else would make the answer depend on other frame slots) and the key fits in
/// 256 bits; otherwise `key` gives nil and the caller searches. One thread at a time (a lane's).
public final class RiskChangeMemo {
    struct Key: Hashable {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    }

    /// Per indicator: key by points (an integer indicator no marker reads) rather than raw.
    private let byPoints: [Bool]
    /// Per indicator: it has a `counted_when` (the others always count: no condition to evaluate).
    private let conditional: [Bool]
    private let enabled: Bool
    // Unchecked: the memo belongs to one lane (one thread), and the dynamic exclusivity check
    // on each access costs as much as the lookup.
    @exclusivity(unchecked) private var table: [Key: [(indicator: Int, raw: Int)]?] = [:]
    /// A bound on memory: past it the table starts again (answers are the same either way).
    /// 4096 entries (~1.4 MB a lane): at 65 536 a `serve` worker grew by 22 MB and the daemon
    /// passed its 128 MiB budget (148 MiB on a 1 M-line stream) for ~6 % less CPU per case
    /// (1 M cases, `serve --no-supervisor`: 24.1-25.5 s user against 26.2-27.1 s at 4096).
    static let capacity = 1 << 12

    public init(model: CriteriaModel) {
        let card = model.risk
        var read: UInt64 = 0
        var simple = card.indicators.count <= 24
        for m in card.markers {
            if m.indicatorMask.nonzeroBitCount != 1 || m.truthByRaw == nil { simple = false }
            read |= m.indicatorMask
        }
        byPoints = card.indicators.indices.map { i in
            card.indicators[i].kindCode == 0 && (i >= 64 || read & (1 << UInt64(i)) == 0)
        }
        conditional = card.indicators.map { $0.countedWhen != nil }
        enabled = simple
    }

    /// The key of a case, or nil when the memo does not apply to it.
    func key(_ card: RiskScorecard, _ c: ScreeningCase, _ risk: RiskResult, frame: borrowing [Value], towardHigh: Bool) -> Key? {
        guard enabled, risk.points >= 0, risk.points < 1 << 16, risk.maxPoints >= 0, risk.maxPoints < 1 << 16 else { return nil }
        var k = Key()
        var counted: UInt64 = 0
        for i in 0..<c.risk.count {
            let raw = Int(c.risk[i])
            var code = 0
            if c.risk[i] != ScreeningCase.gap {
                code = 1 + (byPoints[i] ? card.indicators[i].points(forRaw: raw) : raw)
                guard code > 0, code < 256 else { return nil }
            }
            if !conditional[i] || card.isCounted(i, frame: frame) { counted |= 1 << UInt64(i) }
            let word = i / 8, shift = UInt64(i % 8) * 8
            switch word {
            case 0: k.w0 |= UInt64(code) << shift
            case 1: k.w1 |= UInt64(code) << shift
            default: k.w2 |= UInt64(code) << shift
            }
        }
        k.w3 = counted | UInt64(risk.points) << 24 | UInt64(risk.maxPoints) << 40 | (towardHigh ? 1 << 63 : 0)
        return k
    }

    func lookup(_ k: Key) -> [(indicator: Int, raw: Int)]?? { table[k] }

    func store(_ k: Key, _ answer: [(indicator: Int, raw: Int)]?) {
        if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
        table[k] = .some(answer)
    }
}
