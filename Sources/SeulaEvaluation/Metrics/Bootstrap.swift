import Foundation
import SeulaCore

/// Seeded percentile bootstrap: resample the n cases with replacement, recompute the figures,
/// and take the 2.5th and 97.5th percentiles (linear interpolation between order statistics,
/// numpy's default). Replicates where a figure is undefined (NaN) are left out of that figure's
/// interval (`replicates` says how many counted).
///
/// Cases are first reduced to *patterns* (cases that every figure treats alike, e.g. the same
/// label, prediction, score level and outcome). A replicate draws every pattern's count from
/// the multinomial distribution of n draws with replacement (`Resampling.multinomial`: the same
/// distribution as drawing n cases, at the cost of one binomial per pattern), and the figures
/// are computed from those counts.
///
/// Deterministic and independent of the number of cores: replicate r draws from
/// `SplitMix64(seed: mix(seed, stream, r))`, so the same seed, stream and patterns give the same
/// intervals however the replicates are shared among threads. Different `stream`s (one per
/// figure family: headline, each fairness attribute, …) give independent resamples.
public enum Bootstrap {
    public struct Interval: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var replicates: Int

        public init(lower: Double, upper: Double, replicates: Int) {
            self.lower = lower
            self.upper = upper
            self.replicates = replicates
        }

        public static let none = Interval(lower: .nan, upper: .nan, replicates: 0)
    }

    /// The seed of replicate `r` of stream `stream`.
    static func replicateSeed(_ seed: UInt64, stream: UInt64, replicate: Int) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        _ = g.next()
        var h = SplitMix64(seed: g.next() &+ UInt64(replicate) &* 0x9E37_79B9_7F4A_7C15)
        return h.next()
    }

    /// - Parameters:
    ///   - patternCounts: cases per pattern in the observed sample (n = their sum).
    ///   - statistics: the figures from a count per pattern; must return the same number of
    ///     values every call; called concurrently.
    ///   - progress: counts one unit per replicate.
    /// - Complexity: O(replicates × (patterns + cost of `statistics`)) over all cores.
    ///   - workers: threads to share the replicates among (the result does not depend on it).
    public static func intervals(patternCounts: [Int], replicates: Int, seed: UInt64, stream: UInt64 = 0,
                                 progress: RunProgress? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                 statistics: @escaping @Sendable ([Int]) -> [Double]) -> [Interval] {
        let n = patternCounts.reduce(0, +)
        guard n > 0, replicates > 0 else { return [] }
        let order = patternCounts.indices.filter { patternCounts[$0] > 0 }.sorted { patternCounts[$0] > patternCounts[$1] }
        let figureCount = statistics(patternCounts).count
        let store = ReplicateStore(replicates: replicates, figures: figureCount)
        let workers = max(1, min(workers, replicates))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var counts = Array(repeating: 0, count: patternCounts.count)
            var r = w
            var since = 0
            while r < replicates {
                var rng = SplitMix64(seed: replicateSeed(seed, stream: stream, replicate: r))
                Resampling.multinomial(n, weights: patternCounts, order: order, into: &counts, &rng)
                store.set(r, statistics(counts))
                r += workers
                since += 1
                if since == 8 { progress?.add(since); since = 0 }
            }
            progress?.add(since)
        }
        return (0..<figureCount).map { f in
            let sorted = store.column(f).filter(\.isFinite).sorted()
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

/// Replicate figures written by several threads, each to its own rows (raw memory, so no
/// exclusivity check sees two writers of one array).
final class ReplicateStore: @unchecked Sendable {
    let figures: Int
    let count: Int
    private let values: UnsafeMutablePointer<Double>

    init(replicates: Int, figures: Int) {
        self.figures = figures
        count = replicates * figures
        values = .allocate(capacity: max(count, 1))
        values.initialize(repeating: .nan, count: max(count, 1))
    }

    deinit { values.deallocate() }

    func set(_ replicate: Int, _ row: [Double]) {
        for (k, x) in row.prefix(figures).enumerated() { values[replicate * figures + k] = x }
    }

    func column(_ f: Int) -> [Double] {
        stride(from: f, to: count, by: max(figures, 1)).map { values[$0] }
    }
}
