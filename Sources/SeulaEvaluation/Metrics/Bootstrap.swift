import SeulaCore

/// Seeded percentile bootstrap: resample the n cases with replacement, recompute the
/// figures, and take the 2.5th and 97.5th percentiles (linear interpolation between order
/// statistics, numpy's default). Replicates where a figure is undefined (NaN) are left out of
/// that figure's interval.
///
/// Cases are first reduced to *patterns* (cases that every figure treats alike, e.g. the same
/// label, prediction, score level and outcome), so a replicate is n draws that increment a
/// pattern count and the figures are computed from those counts.
///
/// Deterministic: the same seed, cases and order give the same intervals on every run
/// (`SplitMix64`).
public enum Bootstrap {
    public struct Interval: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var replicates: Int
    }

    /// - Parameters:
    ///   - patternOfCase: each case's pattern index (0 ..< patternCount).
    ///   - statistics: the figures, from a count per pattern; must return the same number of
    ///     values every call.
    /// - Complexity: O(replicates × (n + cost of `statistics`)).
    public static func intervals(patternOfCase: [Int32], patternCount: Int, replicates: Int, seed: UInt64,
                                 statistics: ([Int]) -> [Double]) -> [Interval] {
        let n = patternOfCase.count
        guard n > 0, replicates > 0 else { return [] }
        var rng = SplitMix64(seed: seed)
        var counts = Array(repeating: 0, count: patternCount)
        var values: [[Double]] = []
        for _ in 0..<replicates {
            for k in counts.indices { counts[k] = 0 }
            patternOfCase.withUnsafeBufferPointer { patterns in
                counts.withUnsafeMutableBufferPointer { c in
                    for _ in 0..<n { c[Int(patterns[rng.below(n)])] += 1 }
                }
            }
            let figures = statistics(counts)
            if values.isEmpty { values = Array(repeating: [], count: figures.count) }
            for (k, v) in figures.enumerated() where v.isFinite { values[k].append(v) }
        }
        return values.map { v in
            let sorted = v.sorted()
            return Interval(lower: quantile(sorted, 0.025), upper: quantile(sorted, 0.975), replicates: sorted.count)
        }
    }

    /// The q-quantile of ascending values, interpolating linearly; NaN when empty.
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
