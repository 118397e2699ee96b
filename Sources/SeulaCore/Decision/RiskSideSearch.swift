/// The fewest risk-indicator changes that move a case to the other risk side under the
/// MODEL-V2 side rule (severe markers, a score over the known indicators, undetermined at too
/// many gaps) — for the counterfactual of a scorecard that is not plain (`isPlainScorecard`).
///
/// A change sets one indicator to another value (a gap may be filled with any value; changes
/// never make a gap). Leaving high risk needs every marker false, the axis determined and the
/// score below the threshold; reaching high needs a marker or the score. Changing a marker's
/// indicator is one change like any other. Among solutions with the fewest changes the smallest
/// total change in points wins; ties go to the earlier indicator in the file, which takes the
/// larger step — the same order `FewestChangesSolver` uses on a plain scorecard.
///
/// How: a depth-first enumeration by number of changes k = 1, 2, …, indicators in file order
/// and each indicator's options larger step first, so the first solution found with the least
/// total is the preferred one. Branches are cut when they cannot beat the best total so far, and
/// by necessary conditions that hold whatever the remaining changes do: a marker that still
/// holds with all its indicators decided, the gaps that can no longer be filled, and a bound on
/// how far the remaining indicators can move the score (checked with a small slack, so a cut is
/// never wrong; every solution is confirmed with the scorer's own arithmetic).
///
/// Complexity: O(Σ over k ≤ answer of C(n, k)·optionsᵏ) in the worst case; with the cuts, a
/// few dozen leaves for a typical case (reaching high is one change when a marker can be set).
struct RiskSideSearch {
    struct Option {
        var raw: Int
        /// Points counted after the change.
        var points: Int
        /// |points − current points|: the change's size.
        var units: Int
    }

    let model: CriteriaModel
    let card: RiskScorecard
    let towardHigh: Bool
    let n: Int
    /// Per indicator: its options, larger step first.
    var options: [[Option]] = []
    var currentRaw: [Int] = []
    var currentPoints: [Int] = []
    var isGap: [Bool] = []
    var scratch: [Value]
    /// The best total found at the current depth, and its changes.
    var bestUnits = Int.max
    var best: [(indicator: Int, raw: Int)] = []
    var path: [(indicator: Int, raw: Int)] = []
    /// Per indicator (from index i on): the most the score's linear form 100·P − t·D can fall
    /// (`down`, ≤ 0) or rise (`up`, ≥ 0) through that indicator, for the cuts.
    var down: [Double] = []
    var up: [Double] = []
    let slack: Double

    init(model: CriteriaModel, case c: ScreeningCase, risk: RiskResult, frame: borrowing [Value], towardHigh: Bool) {
        self.model = model
        card = model.risk
        self.towardHigh = towardHigh
        n = card.indicators.count
        scratch = copy frame
        slack = 1e-7 * (100 * Double(max(card.maxPoints, 1)) + abs(card.threshold) * Double(max(card.maxPoints, 1)))
        let t = card.threshold
        for i in 0..<n {
            let indicator = card.indicators[i]
            let gap = c.risk[i] == ScreeningCase.gap
            let raw = gap ? -1 : Int(c.risk[i])
            let counted = card.isCounted(i, frame: frame)
            let p0 = risk.indicatorPoints[i]
            isGap.append(gap)
            currentRaw.append(raw)
            currentPoints.append(p0)
            var candidates: [Int] = []
            switch indicator.kind {
            case .integer:
                let ownPoints = gap ? -1 : indicator.points(forRaw: raw)
                for level in indicator.levelsUp where gap || level.points > ownPoints { candidates.append(level.raw) }
                for level in indicator.levelsDown where !gap && level.points < ownPoints { candidates.append(level.raw) }
            case .enumeration(let d, _):
                for v in 0..<d.values.count where v != raw { candidates.append(v) }
            case .boolean:
                for v in 0...1 where v != raw { candidates.append(v) }
            }
            var list: [Option] = candidates.map { r in
                let p = counted ? indicator.points(forRaw: r) : 0
                return Option(raw: r, points: p, units: abs(p - p0))
            }
            list.sort { $0.units != $1.units ? $0.units > $1.units : $0.raw < $1.raw }
            options.append(list)
            var lo = 0.0, hi = 0.0
            for o in list {
                let e = 100 * Double(o.points - p0) - (card.scoreOverKnown && gap ? t * Double(indicator.maxPoints) : 0)
                lo = min(lo, e)
                hi = max(hi, e)
            }
            down.append(lo)
            up.append(hi)
        }
    }

    /// The changes, or nil when no change of the indicators reaches the other side.
    mutating func solve(points: Int, maxPoints: Int, gaps: Int) -> [(indicator: Int, raw: Int)]? {
        guard n > 0 else { return nil }
        for k in 1...n {
            bestUnits = Int.max
            best.removeAll(keepingCapacity: true)
            path.removeAll(keepingCapacity: true)
            search(from: 0, remaining: k, units: 0, points: points, maxPoints: maxPoints, gaps: gaps)
            if bestUnits != Int.max { return best }
        }
        return nil
    }

    private mutating func search(from: Int, remaining: Int, units: Int, points: Int, maxPoints: Int, gaps: Int) {
        if remaining == 0 {
            if reached(points: points, maxPoints: maxPoints, gaps: gaps), units < bestUnits {
                bestUnits = units
                best = path
            }
            return
        }
        guard units < bestUnits, n - from >= remaining,
              feasible(from: from, remaining: remaining, points: points, maxPoints: maxPoints, gaps: gaps) else { return }
        for i in from..<n {
            guard n - i >= remaining else { break }
            let slot = model.slots.riskIndicators.lowerBound + i
            let saved = scratch[slot]
            let wasGap = isGap[i]
            let dMax = card.scoreOverKnown && wasGap ? card.indicators[i].maxPoints : 0
            for o in options[i] where units + o.units < bestUnits {
                scratch[slot] = Self.value(card.indicators[i], o.raw)
                isGap[i] = false
                path.append((i, o.raw))
                search(from: i + 1, remaining: remaining - 1, units: units + o.units,
                       points: points + o.points - currentPoints[i], maxPoints: maxPoints + dMax, gaps: gaps - (wasGap ? 1 : 0))
                path.removeLast()
                isGap[i] = wasGap
            }
            scratch[slot] = saved
        }
    }

    /// True when this state is on the target side (an undetermined axis is on neither).
    private func reached(points: Int, maxPoints: Int, gaps: Int) -> Bool {
        if markerHolds() { return towardHigh }
        if let u = card.undeterminedAtGaps, gaps >= u { return false }
        return card.isHigh(card.score(points: points, over: maxPoints)) == towardHigh
    }

    private func markerHolds() -> Bool {
        for m in card.markers where knownAll(m.indicatorMask) && m.condition.holds(scratch) { return true }
        return false
    }

    private func knownAll(_ mask: UInt64) -> Bool {
        var m = mask
        while m != 0 {
            if isGap[m.trailingZeroBitCount] { return false }
            m &= m - 1
        }
        return true
    }

    /// Necessary conditions for reaching the target with `remaining` more changes among the
    /// indicators from `from` on: false only when no completion can succeed.
    private func feasible(from: Int, remaining: Int, points: Int, maxPoints: Int, gaps: Int) -> Bool {
        var fillable = 0
        for i in from..<n where isGap[i] { fillable += 1 }
        let fewestGaps = gaps - min(remaining, fillable)
        let decided: UInt64 = from >= 64 ? ~0 : (UInt64(1) << UInt64(from)) &- 1
        let linear = 100 * Double(points) - card.threshold * Double(maxPoints)
        if towardHigh {
            // A marker that could still turn on (or holds) makes anything possible.
            for m in card.markers where m.indicatorMask & ~decided != 0 || (knownAll(m.indicatorMask) && m.condition.holds(scratch)) {
                return true
            }
            if let u = card.undeterminedAtGaps, fewestGaps >= u { return false }
            return linear + bestSum(up, from: from, remaining: remaining, rising: true) >= -slack
        }
        // Every marker must end false: one that holds with all its indicators decided stays on.
        for m in card.markers where m.indicatorMask & ~decided == 0 && knownAll(m.indicatorMask) && m.condition.holds(scratch) {
            return false
        }
        if let u = card.undeterminedAtGaps, fewestGaps >= u { return false }
        // The score must fall below the threshold: 100·P − t·D < 0 (nothing known scores 0).
        if maxPoints == 0 { return true }
        return linear + bestSum(down, from: from, remaining: remaining, rising: false) < slack
    }

    /// The sum of the `remaining` most extreme of `values[from...]` (largest when rising,
    /// smallest otherwise). n is small (≤ 64, 12 in the default criteria).
    private func bestSum(_ values: [Double], from: Int, remaining: Int, rising: Bool) -> Double {
        var used: UInt64 = 0
        var sum = 0.0
        for _ in 0..<remaining {
            var pick = -1
            for i in from..<n where used & (1 << UInt64(i)) == 0 {
                if pick < 0 || (rising ? values[i] > values[pick] : values[i] < values[pick]) { pick = i }
            }
            guard pick >= 0 else { break }
            used |= 1 << UInt64(pick)
            sum += values[pick]
        }
        return sum
    }

    static func value(_ indicator: RiskIndicator, _ raw: Int) -> Value {
        switch indicator.kindCode {
        case 0: return .number(Double(raw))
        case 1: return .symbol(raw)
        default: return .bool(raw != 0)
        }
    }
}
