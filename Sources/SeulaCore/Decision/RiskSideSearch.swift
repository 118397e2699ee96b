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
/// holds with its indicator decided, gaps that can no longer be filled, and a bound on how far
/// the remaining indicators can move the score (with a small slack, so a cut is never wrong;
/// every solution is confirmed with the scorer's own arithmetic).
///
/// Markers that read one indicator (the default criteria's) are answered from a per-case truth
/// table — the marker's own compiled condition, evaluated once per candidate value on the
/// case's frame — and carried down the search as a bit set; markers that read several
/// indicators are evaluated on a scratch frame at each leaf.
///
/// Complexity: O(Σ over k ≤ answer of C(n, k)·optionsᵏ) in the worst case; with the cuts, a
/// few dozen leaves for a typical case (reaching high is one change when a marker can be set).
/// Allocation-free after the first case: every buffer lives in `Buffers`, reused.
struct RiskSideSearch {
    /// Reusable storage (kept in the decision's counterfactual workspace).
    ///
    /// A class: as a struct handed into the search and back, its arrays were briefly held
    /// twice, so the first write to each copied it and the reuse was lost. Unchecked
    /// exclusivity: one search at a time uses it (its workspace's decision's).
    final class Buffers {
        /// Option o of indicator i is at `optionStart[i] ..< optionStart[i + 1]`, larger step first.
        @exclusivity(unchecked) var optionStart: [Int] = []
        @exclusivity(unchecked) var optionRaw: [Int] = []
        @exclusivity(unchecked) var optionPoints: [Int] = []
        @exclusivity(unchecked) var optionUnits: [Int] = []
        /// The single-indicator markers that hold when the option is taken.
        @exclusivity(unchecked) var optionMarkers: [UInt64] = []
        @exclusivity(unchecked) var currentPoints: [Int] = []
        @exclusivity(unchecked) var isGap: [Bool] = []
        /// Per indicator: the single-indicator markers reading it, and those some option turns on.
        @exclusivity(unchecked) var markersOn: [UInt64] = []
        @exclusivity(unchecked) var canTurnOn: [UInt64] = []
        /// Per indicator: the most the score's linear form 100·P − t·D can fall (`down`, ≤ 0) or
        /// rise (`up`, ≥ 0) through it.
        @exclusivity(unchecked) var down: [Double] = []
        @exclusivity(unchecked) var up: [Double] = []
        /// `reach[from * (n + 1) + r]`: the sum of the r most extreme entries of `down` (or `up`)
        /// among indicators from `from` on.
        @exclusivity(unchecked) var reach: [Double] = []
        @exclusivity(unchecked) var sorted: [Double] = []
        @exclusivity(unchecked) var scratch: [Value] = []
        @exclusivity(unchecked) var path: [(indicator: Int, raw: Int)] = []
        @exclusivity(unchecked) var best: [(indicator: Int, raw: Int)] = []
    }

    let model: CriteriaModel
    let card: RiskScorecard
    let towardHigh: Bool
    let n: Int
    var b: Buffers
    /// Markers that read several indicators (evaluated on `b.scratch`), by index.
    var complexMarkers: UInt64 = 0
    /// Single-indicator markers that hold now (their indicator known and the condition true).
    var currentMarkers: UInt64 = 0
    var bestUnits = Int.max
    /// Phase 1 looks for the least total (cheapest options first, so a tight bound comes
    /// early); phase 2 looks, among solutions with exactly that total, for the first in the
    /// preferred order (earlier indicator, larger step).
    var findingLeastTotal = true
    /// Leaves and nodes visited: the search gives up (the neighbour is left out) past `budget`,
    /// so no criteria file or case can make a decision slow.
    var visited = 0
    static let budget = 100_000
    /// Search steps taken so far (nodes visited), against `stepBudget`.
    var steps: Int { visited }
    /// The most steps one search may take: the cuts keep a search on the criteria's own
    /// indicators to a few hundred steps, but a file with many indicators of many values and a
    /// severe marker reading several of them could otherwise make it enumerate combinations
    /// without end; past the budget the neighbour is left out (models/README.md, Limits).
    static var stepBudget: Int { budget }
    let slack: Double

    init(model: CriteriaModel, case c: ScreeningCase, risk: RiskResult, frame: [Value], towardHigh: Bool, buffers: consuming Buffers) {
        self.model = model
        card = model.risk
        self.towardHigh = towardHigh
        n = card.indicators.count
        b = buffers
        slack = 1e-7 * (100 + abs(card.threshold)) * Double(max(card.maxPoints, 1))
        let t = card.threshold
        let riskBase = model.slots.riskIndicators.lowerBound
        b.optionStart.removeAll(keepingCapacity: true)
        b.optionRaw.removeAll(keepingCapacity: true)
        b.optionPoints.removeAll(keepingCapacity: true)
        b.optionUnits.removeAll(keepingCapacity: true)
        b.optionMarkers.removeAll(keepingCapacity: true)
        b.currentPoints.removeAll(keepingCapacity: true)
        b.isGap.removeAll(keepingCapacity: true)
        b.markersOn.removeAll(keepingCapacity: true)
        b.markersOn.append(contentsOf: repeatElement(0, count: n))
        b.canTurnOn.removeAll(keepingCapacity: true)
        b.canTurnOn.append(contentsOf: repeatElement(0, count: n))
        b.down.removeAll(keepingCapacity: true)
        b.up.removeAll(keepingCapacity: true)
        b.scratch.removeAll(keepingCapacity: true)
        b.scratch.append(contentsOf: frame)
        // Which markers read a single indicator.
        for (k, m) in card.markers.enumerated() {
            if m.indicatorMask.nonzeroBitCount == 1 {
                b.markersOn[m.indicatorMask.trailingZeroBitCount] |= 1 << UInt64(k)
            } else {
                complexMarkers |= 1 << UInt64(k)
            }
        }
        // `card.indicators[i]` is read in place throughout: a copy of the indicator would
        // retain and release each of its lists, per indicator per case.
        for i in 0..<n {
            let gap = c.risk[i] == ScreeningCase.gap
            let raw = gap ? -1 : Int(c.risk[i])
            let counted = card.isCounted(i, frame: frame)
            let p0 = risk.indicatorPoints[i]
            b.isGap.append(gap)
            b.currentPoints.append(p0)
            let first = b.optionRaw.count
            b.optionStart.append(first)
            func add(_ r: Int) {
                let p = counted ? card.indicators[i].points(forRaw: r) : 0
                b.optionRaw.append(r)
                b.optionPoints.append(p)
                b.optionUnits.append(abs(p - p0))
            }
            let kindCode = card.indicators[i].kindCode
            if kindCode == 0 {
                let own = gap ? -1 : card.indicators[i].points(forRaw: raw)
                for level in card.indicators[i].levelsUp where gap || level.points > own { add(level.raw) }
                for level in card.indicators[i].levelsDown where !gap && level.points < own { add(level.raw) }
            } else if kindCode == 1 {
                for v in 0..<Self.valueCount(card.indicators[i]) where v != raw { add(v) }
            } else {
                for v in 0...1 where v != raw { add(v) }
            }
            // Larger step first, then the lower value (insertion sort: a handful of options).
            var j = first + 1
            while j < b.optionRaw.count {
                var k = j
                while k > first, Self.before(b.optionUnits[k], b.optionRaw[k], b.optionUnits[k - 1], b.optionRaw[k - 1]) {
                    b.optionRaw.swapAt(k, k - 1)
                    b.optionPoints.swapAt(k, k - 1)
                    b.optionUnits.swapAt(k, k - 1)
                    k -= 1
                }
                j += 1
            }
            // Single-indicator markers: their truth for the current value and for each option.
            let slot = riskBase + i
            let mine = b.markersOn[i]
            if mine != 0, !gap {
                currentMarkers |= markersHolding(mine, slot: slot, raw: raw, kindCode: kindCode)
            }
            var lo = 0.0, hi = 0.0
            for o in first..<b.optionRaw.count {
                var bits: UInt64 = 0
                if mine != 0 { bits = markersHolding(mine, slot: slot, raw: b.optionRaw[o], kindCode: kindCode) }
                b.optionMarkers.append(bits)
                b.canTurnOn[i] |= bits
                let e = 100 * Double(b.optionPoints[o] - p0) - (card.scoreOverKnown && gap ? t * Double(card.indicators[i].maxPoints) : 0)
                lo = min(lo, e)
                hi = max(hi, e)
            }
            b.down.append(lo)
            b.up.append(hi)
        }
        b.optionStart.append(b.optionRaw.count)
        b.reach.removeAll(keepingCapacity: true)
    }

    /// The bound tables, made on first use: for each `from`, the r most extreme entries of `up`
    /// (toward high) or `down` summed. Most searches toward high never need them (a marker can
    /// be set, so no bound applies).
    private mutating func makeReach() {
        let width = n + 1
        b.reach.append(contentsOf: repeatElement(0, count: width * width))
        for from in 0..<n {
            b.sorted.removeAll(keepingCapacity: true)
            for i in from..<n {
                // Insertion in order, most extreme first.
                let v = towardHigh ? b.up[i] : b.down[i]
                var k = b.sorted.count
                b.sorted.append(v)
                while k > 0, towardHigh ? b.sorted[k - 1] < v : b.sorted[k - 1] > v {
                    b.sorted[k] = b.sorted[k - 1]
                    k -= 1
                }
                b.sorted[k] = v
            }
            var sum = 0.0
            for r in 0..<b.sorted.count {
                sum += b.sorted[r]
                b.reach[from * width + r + 1] = sum
            }
            for r in (b.sorted.count + 1)..<width { b.reach[from * width + r] = sum }
        }
    }

    /// Reaching high risk with one change, without building the search: the common case (a
    /// low-risk client, whose every severe-marker indicator can be set). Scans every indicator
    /// and value once and keeps the least change in points, then the earlier indicator, then the
    /// lower value — the answer `solve` gives at k = 1. `.some(nil)`: no single change reaches
    /// high (the general search then looks further); nil: the scan does not apply here (a
    /// marker without a truth table, or one reading a count), use the general search.
    static func singleChangeToHigh(model: CriteriaModel, case c: ScreeningCase, risk: RiskResult,
                                   frame: borrowing [Value]) -> (indicator: Int, raw: Int)?? {
        let card = model.risk
        var markersOn = [UInt64](repeating: 0, count: 0)
        markersOn.reserveCapacity(card.indicators.count)
        for _ in 0..<card.indicators.count { markersOn.append(0) }
        for (k, m) in card.markers.enumerated() {
            guard m.indicatorMask.nonzeroBitCount == 1, m.truthByRaw != nil else { return nil }
            let i = m.indicatorMask.trailingZeroBitCount
            if card.indicators[i].kindCode == 0 { return nil }
            markersOn[i] |= 1 << UInt64(k)
        }
        let gaps = risk.gaps.count
        var best: (units: Int, indicator: Int, raw: Int)? = nil
        for i in 0..<card.indicators.count {
            let gap = c.risk[i] == ScreeningCase.gap
            let raw = gap ? -1 : Int(c.risk[i])
            let p0 = risk.indicatorPoints[i]
            let counted = card.isCounted(i, frame: frame)
            let maxI = card.indicators[i].maxPoints
            // The indicator is read in place (a copy would retain each of its lists).
            func consider(_ r: Int, _ rawPoints: Int) {
                let p = counted ? rawPoints : 0
                let units = abs(p - p0)
                if let b = best, (units, i, r) >= (b.units, b.indicator, b.raw) { return }
                var high = false
                if markersOn[i] != 0 {
                    var m = markersOn[i]
                    while m != 0 {
                        let k = m.trailingZeroBitCount
                        if let t = card.markers[k].truthByRaw, r < t.count, t[r] { high = true; break }
                        m &= m - 1
                    }
                }
                if !high {
                    let gapsAfter = gaps - (gap ? 1 : 0)
                    if let u = card.undeterminedAtGaps, gapsAfter >= u { return }
                    let points = risk.points + p - p0
                    let maxPoints = risk.maxPoints + (card.scoreOverKnown && gap ? maxI : 0)
                    high = card.isHigh(card.score(points: points, over: maxPoints))
                }
                if high { best = (units, i, r) }
            }
            switch card.indicators[i].kindCode {
            case 0:
                let own = gap ? -1 : card.indicators[i].points(forRaw: raw)
                for level in card.indicators[i].levelsUp where gap || level.points > own { consider(level.raw, level.points) }
            case 1:
                for v in 0..<Self.valueCount(card.indicators[i]) where v != raw { consider(v, card.indicators[i].pointTable[v]) }
            default:
                for v in 0...1 where v != raw { consider(v, card.indicators[i].pointTable[v]) }
            }
        }
        return .some(best.map { ($0.indicator, $0.raw) })
    }

    /// How many values an enum indicator has.
    static func valueCount(_ indicator: RiskIndicator) -> Int {
        if case .enumeration(let d, _) = indicator.kind { return d.values.count }
        return 0
    }

    /// Gives the buffers back for the next case.
    consuming func buffers() -> Buffers { b }

    static func before(_ units: Int, _ raw: Int, _ otherUnits: Int, _ otherRaw: Int) -> Bool {
        units != otherUnits ? units > otherUnits : raw < otherRaw
    }

    /// The markers of `mask` (each reading only this indicator) that hold with it at `raw`:
    /// from the marker's truth table, else evaluated with the slot set (the rest of the case's
    /// frame as is).
    private mutating func markersHolding(_ mask: UInt64, slot: Int, raw: Int, kindCode: UInt8) -> UInt64 {
        var bits: UInt64 = 0
        var m = mask
        while m != 0 {
            let k = m.trailingZeroBitCount
            let holds: Bool
            if let table = card.markers[k].truthByRaw, raw >= 0, raw < table.count {
                holds = table[raw]
            } else {
                let saved = b.scratch[slot]
                b.scratch[slot] = Self.value(kindCode: kindCode, raw)
                holds = card.markers[k].condition.holds(b.scratch)
                b.scratch[slot] = saved
            }
            if holds { bits |= 1 << UInt64(k) }
            m &= m - 1
        }
        return bits
    }

    /// The changes, or nil when no change of the indicators reaches the other side.
    mutating func solve(points: Int, maxPoints: Int, gaps: Int) -> [(indicator: Int, raw: Int)]? {
        guard n > 0 else { return nil }
        visited = 0
        // Fewer changes than the necessary ones cannot succeed: leaving high risk needs a fill for
        // every gap beyond the undetermined bound and a change of every known indicator a
        // holding marker reads (disjoint sets: fills change gaps, the others known values).
        var least = 1
        if !towardHigh {
            least = max(1, (card.undeterminedAtGaps.map { max(0, gaps - $0 + 1) } ?? 0) + markerIndicators(currentMarkers, from: 0).nonzeroBitCount)
        }
        guard least <= n else { return nil }
        for k in least...n {
            // Phase 1: the least total with k changes.
            findingLeastTotal = true
            bestUnits = Int.max
            b.path.removeAll(keepingCapacity: true)
            search(from: 0, remaining: k, units: 0, points: points, maxPoints: maxPoints, gaps: gaps, markers: currentMarkers)
            if visited > Self.budget { return nil }
            guard bestUnits != Int.max else { continue }
            // Phase 2: the preferred solution with that total.
            findingLeastTotal = false
            let least = bestUnits
            bestUnits = least + 1
            b.best.removeAll(keepingCapacity: true)
            b.path.removeAll(keepingCapacity: true)
            search(from: 0, remaining: k, units: 0, points: points, maxPoints: maxPoints, gaps: gaps, markers: currentMarkers)
            if visited > Self.budget { return nil }
            return b.best.isEmpty ? nil : b.best
        }
        return nil
    }

    private mutating func search(from: Int, remaining: Int, units: Int, points: Int, maxPoints: Int, gaps: Int, markers: UInt64) {
        visited += 1
        if visited > Self.budget { return }
        if !findingLeastTotal && !b.best.isEmpty { return }   // phase 2 stops at the first solution
        if remaining == 0 {
            if units < bestUnits, reached(points: points, maxPoints: maxPoints, gaps: gaps, markers: markers) {
                if findingLeastTotal {
                    bestUnits = units
                } else {
                    b.best.append(contentsOf: b.path)
                }
            }
            return
        }
        guard units < bestUnits, n - from >= remaining,
              feasible(from: from, remaining: remaining, points: points, maxPoints: maxPoints, gaps: gaps, markers: markers) else { return }
        let riskBase = model.slots.riskIndicators.lowerBound
        for i in from..<n {
            guard n - i >= remaining else { break }
            let wasGap = b.isGap[i]
            let dMax = card.scoreOverKnown && wasGap ? card.indicators[i].maxPoints : 0
            let cleared = markers & ~b.markersOn[i]
            let saved = complexMarkers != 0 ? b.scratch[riskBase + i] : .null
            let first = b.optionStart[i], end = b.optionStart[i + 1]
            for step in 0..<(end - first) {
                // Phase 1 tries the smallest steps first (options are stored larger first).
                let o = findingLeastTotal ? end - 1 - step : first + step
                guard units + b.optionUnits[o] < bestUnits else { continue }
                if !findingLeastTotal && !b.best.isEmpty { break }
                if complexMarkers != 0 { b.scratch[riskBase + i] = Self.value(kindCode: card.indicators[i].kindCode, b.optionRaw[o]) }
                b.isGap[i] = false
                b.path.append((i, b.optionRaw[o]))
                search(from: i + 1, remaining: remaining - 1, units: units + b.optionUnits[o],
                       points: points + b.optionPoints[o] - b.currentPoints[i], maxPoints: maxPoints + dMax,
                       gaps: gaps - (wasGap ? 1 : 0), markers: cleared | b.optionMarkers[o])
                b.path.removeLast()
                b.isGap[i] = wasGap
            }
            if complexMarkers != 0 { b.scratch[riskBase + i] = saved }
            if (!findingLeastTotal && !b.best.isEmpty) || visited > Self.budget { break }
        }
    }

    /// True when this state is on the target side (an undetermined axis is on neither).
    private func reached(points: Int, maxPoints: Int, gaps: Int, markers: UInt64) -> Bool {
        if markers != 0 || complexHolds() { return towardHigh }
        if let u = card.undeterminedAtGaps, gaps >= u { return false }
        return card.isHigh(card.score(points: points, over: maxPoints)) == towardHigh
    }

    /// A marker reading several indicators holds on the scratch frame (all its indicators known).
    private func complexHolds() -> Bool {
        guard complexMarkers != 0 else { return false }
        var m = complexMarkers
        while m != 0 {
            let k = m.trailingZeroBitCount
            let marker = card.markers[k]
            if knownAll(marker.indicatorMask) && marker.condition.holds(b.scratch) { return true }
            m &= m - 1
        }
        return false
    }

    private func knownAll(_ mask: UInt64) -> Bool {
        var m = mask
        while m != 0 {
            if b.isGap[m.trailingZeroBitCount] { return false }
            m &= m - 1
        }
        return true
    }

    /// Necessary conditions for reaching the target with `remaining` more changes among the
    /// indicators from `from` on: false only when no completion can succeed.
    private mutating func feasible(from: Int, remaining: Int, points: Int, maxPoints: Int, gaps: Int, markers: UInt64) -> Bool {
        var fillable = 0
        for i in from..<n where b.isGap[i] { fillable += 1 }
        let fewestGaps = gaps - min(remaining, fillable)
        let linear = 100 * Double(points) - card.threshold * Double(maxPoints)
        if towardHigh {
            // A marker that holds, or one a remaining indicator could turn on, makes anything possible.
            if markers != 0 || complexMarkers != 0 { return true }
            for i in from..<n where b.canTurnOn[i] != 0 { return true }
            if let u = card.undeterminedAtGaps, fewestGaps >= u { return false }
            if b.reach.isEmpty { makeReach() }
            return linear + b.reach[from * (n + 1) + remaining] >= -slack
        }
        if b.reach.isEmpty { makeReach() }
        let reach = b.reach[from * (n + 1) + remaining]
        // Every marker must end false: one that holds on an indicator already decided stays on.
        var decided: UInt64 = 0
        for i in 0..<from { decided |= b.markersOn[i] }
        if markers & decided != 0 { return false }
        if let u = card.undeterminedAtGaps, fewestGaps >= u { return false }
        // The changes still needed: the fills below the undetermined bound and one per known
        // indicator a holding marker reads.
        let fillsNeeded = card.undeterminedAtGaps.map { max(0, gaps - $0 + 1) } ?? 0
        if remaining < fillsNeeded + markerIndicators(markers, from: from).nonzeroBitCount { return false }
        // The score must fall below the threshold: 100·P − t·D < 0 (nothing known scores 0).
        if maxPoints == 0 && fillable == 0 { return card.threshold > 0 }
        return linear + reach < slack
    }

    /// The indicators (from `from` on) that the single-indicator markers in `markers` read.
    private func markerIndicators(_ markers: UInt64, from: Int) -> UInt64 {
        var out: UInt64 = 0
        var m = markers
        while m != 0 {
            let k = m.trailingZeroBitCount
            out |= card.markers[k].indicatorMask
            m &= m - 1
        }
        let below: UInt64 = from >= 64 ? ~0 : (UInt64(1) << UInt64(from)) &- 1
        return out & ~below
    }

    static func value(_ indicator: RiskIndicator, _ raw: Int) -> Value {
        value(kindCode: indicator.kindCode, raw)
    }

    static func value(kindCode: UInt8, _ raw: Int) -> Value {
        switch kindCode {
        case 0: return .number(Double(raw))
        case 1: return .symbol(raw)
        default: return .bool(raw != 0)
        }
    }
}
