/// Finds the fewest changed answers or indicators — then the smallest total change — that
/// move an axis score across its threshold. Used for the decision record's `counterfactual`.
///
/// Each candidate (an answered coping item, or a counted risk indicator) offers options: change
/// by `units` (answer steps, or risk points). The caller gives `need`, the smallest total that
/// moves the case across (found with the axis's own score function, so it agrees with scoring
/// to the last bit).
///
/// Tie-breaks, documented in the criteria format: among equally small solutions the one that
/// changes earlier candidates (file order) is chosen, and an earlier candidate takes the larger
/// step.
///
/// `solveUniform` is an exact bitset dynamic programme over total units; it works on flat
/// buffers and allocates nothing but its small temporary table.
enum FewestChangesSolver {
    /// Candidates as flat arrays: candidate c's options are `optionUnits[optionStart[c]..<optionStart[c+1]]`,
    /// sorted by units descending (larger steps first).
    struct Problem {
        var count = 0
        var candidateIndex: [Int] = []
        var optionStart: [Int] = [0]
        var optionUnits: [Int] = []
        var optionTo: [Int] = []

        mutating func reset() {
            count = 0
            candidateIndex.removeAll(keepingCapacity: true)
            optionStart.removeAll(keepingCapacity: true)
            optionStart.append(0)
            optionUnits.removeAll(keepingCapacity: true)
            optionTo.removeAll(keepingCapacity: true)
        }

        /// Adds a candidate; options must be appended with `addOption` right after, larger steps first.
        mutating func addCandidate(_ index: Int) {
            candidateIndex.append(index)
            optionStart.append(optionUnits.count)
            count += 1
        }

        mutating func addOption(units: Int, to: Int) {
            optionUnits.append(units)
            optionTo.append(to)
            optionStart[count] = optionUnits.count
        }

        var capacity: Int {
            var total = 0
            for c in 0..<count {
                var best = 0
                for o in optionStart[c]..<optionStart[c + 1] { best = max(best, optionUnits[o]) }
                total += best
            }
            return total
        }

        var maxStep: Int { optionUnits.max() ?? 0 }
    }

    /// A chosen change: candidate (its `candidateIndex`) and the option (index into the flat arrays).
    struct Choice: Equatable {
        var candidate: Int
        var option: Int
    }

    /// True when `solveUniform` can take the problem (its totals fit the 128-bit table).
    static func fitsUniform(_ p: Problem, need: Int) -> Bool { need + p.maxStep <= Bits128.width }

    /// Fewest candidates with total units ≥ `need`, then the smallest such total; false when no
    /// choice reaches `need`. Requires `fitsUniform`.
    static func solveUniform(_ p: Problem, need: Int, into choices: inout [Choice]) -> Bool {
        choices.removeAll(keepingCapacity: true)
        guard need > 0 else { return true }
        let cap = need + p.maxStep   // the optimum is always below this (see the notes below)
        precondition(cap <= Bits128.width)
        let n = p.count
        let width = n + 1
        return withUnsafeTemporaryAllocation(of: Bits128.self, capacity: width * width) { suffix -> Bool in
            // suffix[i * width + c]: totals reachable with exactly c changes among candidates i..<n.
            for k in 0..<(width * width) { suffix[k] = Bits128() }
            suffix[n * width] = Bits128(bit: 0)
            var i = n - 1
            while i >= 0 {
                for c in 0...(n - i) {
                    var reach = suffix[(i + 1) * width + c]
                    if c > 0 {
                        let fewer = suffix[(i + 1) * width + c - 1]
                        if !fewer.isEmpty {
                            for o in p.optionStart[i]..<p.optionStart[i + 1] {
                                reach.formUnion(fewer.shiftedLeft(p.optionUnits[o], keepingBelow: cap))
                            }
                        }
                    }
                    suffix[i * width + c] = reach
                }
                i -= 1
            }
            var count = -1
            var total = 0
            for c in 0...n {
                if let t = suffix[c].lowestBit(atLeast: need) { count = c; total = t; break }
            }
            guard count >= 0 else { return false }
            var remaining = count
            for i in 0..<n where remaining > 0 {
                // Options are sorted by larger step first.
                for o in p.optionStart[i]..<p.optionStart[i + 1] {
                    let u = p.optionUnits[o]
                    if total - u >= 0 && suffix[(i + 1) * width + remaining - 1].contains(total - u) {
                        choices.append(Choice(candidate: i, option: o))
                        remaining -= 1
                        total -= u
                        break
                    }
                }
            }
            return true
        }
    }

    /// The same answer as `solveUniform` when every candidate offers every step 1…room (coping
    /// items with equal weights), in O(n · scaleMax) and without a table: with unit steps, c
    /// changes among a set of candidates reach exactly the totals from c up to the sum of the c
    /// largest rooms, so the dynamic programme's choices have a closed form.
    /// `rooms[c]` is candidate c's largest step.
    static func solveUnitSteps(rooms: [Int], need: Int, into chosen: inout [(candidate: Int, step: Int)]) -> Bool {
        chosen.removeAll(keepingCapacity: true)
        guard need > 0 else { return true }
        let n = rooms.count
        let top = rooms.max() ?? 0
        guard top > 0 else { return false }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: top + 1) { histogram -> Bool in
            for v in 0...top { histogram[v] = 0 }
            for r in rooms where r > 0 { histogram[r] += 1 }
            var later = 0
            for r in rooms where r > 0 { later += 1 }
            /// The sum of the c largest rooms still in the histogram.
            func topSum(_ c: Int) -> Int {
                var left = c, sum = 0, v = top
                while left > 0 && v > 0 {
                    let take = min(left, histogram[v])
                    sum += take * v
                    left -= take
                    v -= 1
                }
                return left > 0 ? -1 : sum
            }
            // Fewest changes: the smallest count whose largest rooms reach `need`.
            var count = 0
            while count < later && topSum(count) < need { count += 1 }
            if topSum(count) < need { return false }
            var remaining = count
            var total = need
            for i in 0..<n where remaining > 0 {
                let room = rooms[i]
                guard room > 0 else { continue }
                histogram[room] -= 1
                later -= 1
                let rest = remaining - 1
                guard rest <= later else { continue }
                let restMax = rest == 0 ? 0 : topSum(rest)
                let step = min(room, total - rest)
                if step >= 1 && step >= total - restMax {
                    chosen.append((i, step))
                    remaining -= 1
                    total -= step
                }
            }
            return remaining == 0
        }
    }

    /// `solveUniform` for totals too large for its 128-bit sets (risk points on a scorecard
    /// whose `need + maxStep` exceeds 128): the same dynamic programme over sets of `cap` bits,
    /// made one count of changes at a time and stopped at the fewest that reach `need`, so a
    /// typical case computes one or two layers. Same answer as `solveUniform` would give.
    ///
    /// Complexity: O(c · n · k · cap / 64) for c changes, n candidates, k options each; with the
    /// criteria limits (≤ 64 indicators, ≤ 1 000 points) a few million word operations at most.
    static func solveUniformWide(_ p: Problem, need: Int, into choices: inout [Choice]) -> Bool {
        choices.removeAll(keepingCapacity: true)
        guard need > 0 else { return true }
        let n = p.count
        let cap = need + p.maxStep
        let words = (cap + 63) / 64
        let setSize = words
        let layerSize = (n + 1) * setSize
        // layers[c][i]: totals reachable with exactly c changes among candidates i..<n.
        var layers: [UInt64] = Array(repeating: 0, count: layerSize)
        layers[n * setSize] = 1   // c = 0: only the total 0, at every i
        for i in 0..<n { layers[i * setSize] = 1 }
        func lowest(_ layer: Int, atLeast b: Int) -> Int? {
            let base = layer * layerSize   // candidate 0
            var w = b / 64
            guard w < words else { return nil }
            var word = layers[base + w] & ~((UInt64(1) << UInt64(b % 64)) &- 1)
            while true {
                if word != 0 {
                    let t = w * 64 + word.trailingZeroBitCount
                    return t < cap ? t : nil
                }
                w += 1
                if w >= words { return nil }
                word = layers[base + w]
            }
        }
        func contains(_ layer: Int, _ i: Int, _ t: Int) -> Bool {
            guard t >= 0, t < cap else { return false }
            return layers[layer * layerSize + i * setSize + t / 64] >> UInt64(t % 64) & 1 == 1
        }
        var count = 0
        var total = lowest(0, atLeast: need)
        while total == nil && count < n {
            count += 1
            layers.append(contentsOf: repeatElement(0, count: layerSize))
            let here = count * layerSize, below = (count - 1) * layerSize
            var i = n - 1
            while i >= 0 {
                let dst = here + i * setSize
                let later = here + (i + 1) * setSize
                let fewer = below + (i + 1) * setSize
                for w in 0..<words { layers[dst + w] = layers[later + w] }
                for o in p.optionStart[i]..<p.optionStart[i + 1] {
                    let shift = p.optionUnits[o]
                    let ws = shift / 64, bs = UInt64(shift % 64)
                    var w = words - 1
                    while w >= ws {
                        var v = layers[fewer + w - ws] << bs
                        if bs != 0 && w - ws - 1 >= 0 { v |= layers[fewer + w - ws - 1] >> (64 - bs) }
                        layers[dst + w] |= v
                        w -= 1
                    }
                }
                if cap % 64 != 0 { layers[dst + words - 1] &= (UInt64(1) << UInt64(cap % 64)) &- 1 }
                i -= 1
            }
            total = lowest(count, atLeast: need)
        }
        guard var t = total else { return false }
        var remaining = count
        for i in 0..<n where remaining > 0 {
            for o in p.optionStart[i]..<p.optionStart[i + 1] {
                let u = p.optionUnits[o]
                if t - u >= 0 && contains(remaining - 1, i + 1, t - u) {
                    choices.append(Choice(candidate: i, option: o))
                    remaining -= 1
                    t -= u
                    break
                }
            }
        }
        return true
    }

    /// The general case (coping items with different weights): a dynamic programme over
    /// (changes, total units) keeping the largest effect; `effect[o]` is option o's change of
    /// the weighted sum and `succeeds` says whether a total effect moves the case across.
    /// Made one count of changes at a time, and stopped at the fewest that succeed.
    ///
    /// Complexity: O(c · n · U · k) for c changes, n candidates, U total units and k options
    /// each; used only when weights differ (≤ 32 items × a scale of ≤ 10 by the criteria limits).
    static func solveWeighted(_ p: Problem, effect: [Double], succeeds: (Double) -> Bool, into choices: inout [Choice]) -> Bool {
        choices.removeAll(keepingCapacity: true)
        let n = p.count
        let u1 = p.capacity + 1
        let impossible = -Double.infinity
        let layerSize = (n + 1) * u1
        // best[c · layerSize + i · u1 + t]: the largest effect of exactly c changes among
        // candidates i..<n with total units t.
        var best = [Double](repeating: impossible, count: layerSize)
        func at(_ i: Int, _ c: Int, _ t: Int) -> Int { c * layerSize + i * u1 + t }
        for i in 0...n { best[at(i, 0, 0)] = 0 }
        func target(_ c: Int) -> Int? {
            for t in 0..<u1 where best[at(0, c, t)] > impossible && succeeds(best[at(0, c, t)]) { return t }
            return nil
        }
        var found: (count: Int, units: Int)? = target(0).map { (0, $0) }
        var c = 0
        while found == nil && c < n {
            c += 1
            best.append(contentsOf: repeatElement(impossible, count: layerSize))
            for i in stride(from: n - 1, through: 0, by: -1) {
                for t in 0..<u1 {
                    var b = best[at(i + 1, c, t)]
                    for o in p.optionStart[i]..<p.optionStart[i + 1] where p.optionUnits[o] <= t {
                        let rest = best[at(i + 1, c - 1, t - p.optionUnits[o])]
                        if rest > impossible { b = max(b, rest + effect[o]) }
                    }
                    best[at(i, c, t)] = b
                }
            }
            found = target(c).map { (c, $0) }
        }
        guard var (remaining, units) = found else { return false }
        var taken = 0.0
        for i in 0..<n where remaining > 0 {
            for o in p.optionStart[i]..<p.optionStart[i + 1] {
                let u = p.optionUnits[o]
                guard u <= units else { continue }
                let rest = best[at(i + 1, remaining - 1, units - u)]
                if rest > impossible && succeeds(taken + effect[o] + rest) {
                    choices.append(Choice(candidate: i, option: o))
                    remaining -= 1
                    units -= u
                    taken += effect[o]
                    break
                }
            }
        }
        return true
    }
}

// Why the optimum total is below need + maxStep: with the fewest changes k fixed, take the
// smallest total T ≥ need. Removing any one change must drop below need (else k − 1 changes
// would do), so T − step < need for every step taken, i.e. T < need + maxStep.

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
