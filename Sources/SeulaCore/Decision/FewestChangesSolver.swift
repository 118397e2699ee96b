/// Finds the fewest changed answers or indicators — then the smallest total change — that
/// move an axis score across its threshold. Used for the decision record's `counterfactual`.
///
/// Each candidate (an answered coping item, or a counted risk indicator) offers options: change
/// by `units` (answer steps, or risk points), which moves the axis's weighted sum by `effect`.
/// `succeeds(totalEffect)` says whether a total effect moves the case across (it calls the
/// axis's own score function, so the answer agrees with scoring to the last bit).
///
/// Tie-breaks, documented in the criteria format: among equally small solutions the one that
/// changes earlier candidates (file order) is chosen, and an earlier candidate takes the larger
/// step.
struct FewestChangesSolver {
    struct Option {
        var units: Int
        var effect: Double
        /// The raw value the field would change to.
        var to: Int
    }

    struct Candidate {
        var index: Int
        var options: [Option]
    }

    struct Choice {
        var candidate: Int
        var option: Option
    }

    /// When every option's effect is `unitEffect × units` (uniform weights, or risk points):
    /// an exact bitset dynamic programme over total units.
    ///
    /// Complexity: O(n² · k) word operations for n candidates with k options each; ~1 µs for the
    /// default model. Falls back to `solveWeighted` when totals exceed 127 units.
    static func solveUniform(_ candidates: [Candidate], unitEffect: Double, succeeds: (Double) -> Bool) -> [Choice]? {
        let capacity = candidates.reduce(0) { $0 + ($1.options.map(\.units).max() ?? 0) }
        // D: the smallest total change that succeeds.
        var need = 0
        var found = false
        while need < capacity {
            need += 1
            if succeeds(Double(need) * unitEffect) { found = true; break }
        }
        guard found else { return nil }
        let maxStep = candidates.flatMap { $0.options.map(\.units) }.max() ?? 0
        let cap = need + maxStep   // the optimum is always below this (see the type's notes)
        guard cap <= Bits128.width else { return solveWeighted(candidates, succeeds: succeeds) }

        let n = candidates.count
        // suffix[i * (n + 1) + c]: totals reachable with exactly c changes among candidates i..<n.
        var suffix = [Bits128](repeating: Bits128(), count: (n + 1) * (n + 1))
        func at(_ i: Int, _ c: Int) -> Int { i * (n + 1) + c }
        suffix[at(n, 0)] = Bits128(bit: 0)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for c in 0...(n - i) {
                var reach = suffix[at(i + 1, c)]
                if c > 0 {
                    let fewer = suffix[at(i + 1, c - 1)]
                    if !fewer.isEmpty {
                        for o in candidates[i].options { reach.formUnion(fewer.shiftedLeft(o.units, keepingBelow: cap)) }
                    }
                }
                suffix[at(i, c)] = reach
            }
        }
        guard let count = (0...n).first(where: { suffix[at(0, $0)].lowestBit(atLeast: need) != nil }),
              var total = suffix[at(0, count)].lowestBit(atLeast: need) else { return nil }
        var remaining = count
        var choices: [Choice] = []
        for i in 0..<n where remaining > 0 {
            let byLargerStep = candidates[i].options.sorted { $0.units > $1.units }
            if let o = byLargerStep.first(where: { total - $0.units >= 0 && suffix[at(i + 1, remaining - 1)].contains(total - $0.units) }) {
                choices.append(Choice(candidate: candidates[i].index, option: o))
                remaining -= 1
                total -= o.units
            }
        }
        return choices
    }

    /// The general case (coping items with different weights): a dynamic programme over
    /// (changes, total units) keeping the largest effect.
    ///
    /// Complexity: O(n² · U · k) for U total units; used only when weights differ.
    static func solveWeighted(_ candidates: [Candidate], succeeds: (Double) -> Bool) -> [Choice]? {
        let n = candidates.count
        let maxUnits = candidates.reduce(0) { $0 + ($1.options.map(\.units).max() ?? 0) }
        let u1 = maxUnits + 1
        let impossible = -Double.infinity
        // best[(i * (n + 1) + c) * u1 + t]: the largest effect with exactly c changes and t units among i..<n.
        var best = [Double](repeating: impossible, count: (n + 1) * (n + 1) * u1)
        func at(_ i: Int, _ c: Int, _ t: Int) -> Int { (i * (n + 1) + c) * u1 + t }
        best[at(n, 0, 0)] = 0
        for i in stride(from: n - 1, through: 0, by: -1) {
            for c in 0...(n - i) {
                for t in 0..<u1 {
                    var b = best[at(i + 1, c, t)]
                    if c > 0 {
                        for o in candidates[i].options where o.units <= t {
                            let rest = best[at(i + 1, c - 1, t - o.units)]
                            if rest > impossible { b = max(b, rest + o.effect) }
                        }
                    }
                    best[at(i, c, t)] = b
                }
            }
        }
        var target: (count: Int, units: Int)? = nil
        search: for c in 0...n {
            for t in 0..<u1 where best[at(0, c, t)] > impossible && succeeds(best[at(0, c, t)]) {
                target = (c, t)
                break search
            }
        }
        guard var (remaining, units) = target else { return nil }
        var taken = 0.0
        var choices: [Choice] = []
        for i in 0..<n where remaining > 0 {
            let byLargerStep = candidates[i].options.sorted { $0.units > $1.units }
            if let o = byLargerStep.first(where: { o in
                o.units <= units && best[at(i + 1, remaining - 1, units - o.units)] > impossible
                    && succeeds(taken + o.effect + best[at(i + 1, remaining - 1, units - o.units)])
            }) {
                choices.append(Choice(candidate: candidates[i].index, option: o))
                remaining -= 1
                units -= o.units
                taken += o.effect
            }
        }
        return choices
    }
}

/// A 128-bit set of small non-negative integers.
struct Bits128: Equatable {
    static let width = 128
    var low: UInt64 = 0
    var high: UInt64 = 0

    init() {}
    init(bit: Int) { self.init(); insert(bit) }

    var isEmpty: Bool { low == 0 && high == 0 }

    mutating func insert(_ b: Int) {
        if b < 64 { low |= 1 << UInt64(b) } else { high |= 1 << UInt64(b - 64) }
    }

    func contains(_ b: Int) -> Bool {
        guard b >= 0, b < 128 else { return false }
        return b < 64 ? (low >> UInt64(b)) & 1 == 1 : (high >> UInt64(b - 64)) & 1 == 1
    }

    mutating func formUnion(_ o: Bits128) {
        low |= o.low
        high |= o.high
    }

    /// Shifted by `s`, with bits at or above `limit` (≤ 128) dropped.
    func shiftedLeft(_ s: Int, keepingBelow limit: Int) -> Bits128 {
        var r = Bits128()
        if s == 0 {
            r = self
        } else if s < 64 {
            r.low = low << UInt64(s)
            r.high = (high << UInt64(s)) | (low >> UInt64(64 - s))
        } else if s < 128 {
            r.high = low << UInt64(s - 64)
        }
        if limit < 64 {
            r.low &= (1 << UInt64(limit)) &- 1
            r.high = 0
        } else if limit < 128 {
            r.high &= (1 << UInt64(limit - 64)) &- 1
        }
        return r
    }

    func lowestBit(atLeast b: Int) -> Int? {
        var m = self
        if b >= 128 { return nil }
        if b >= 64 {
            m.low = 0
            m.high &= ~((1 << UInt64(b - 64)) &- 1)
        } else {
            m.low &= ~((1 << UInt64(b)) &- 1)
        }
        if m.low != 0 { return m.low.trailingZeroBitCount }
        if m.high != 0 { return 64 + m.high.trailingZeroBitCount }
        return nil
    }
}
