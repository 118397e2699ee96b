import Foundation
import SeulaCore

/// Exact binomial and multinomial draws for the bootstrap, so a replicate costs one draw per
/// *pattern* of cases instead of one per case.
///
/// Resampling n cases with replacement gives each pattern (cases every figure treats alike) a
/// count that is multinomial(n; cₖ/n). A multinomial is drawn as a chain of conditional
/// binomials: x₁ ~ B(n, c₁/N), x₂ ~ B(n − x₁, c₂/(N − c₁)), …; the result has exactly the
/// distribution of n draws with replacement (not an approximation).
public enum Resampling {
    /// B(n, p). Small means (n·min(p, 1−p) < 10): inversion by summing geometric waiting times;
    /// otherwise Hörmann's transformed rejection with squeeze (BTRS, 1993), as in TensorFlow's
    /// binomial sampler.
    ///
    /// Complexity: O(1 + n·p) for inversion, O(1) expected for BTRS.
    public static func binomial(_ n: Int, _ p: Double, _ rng: inout SplitMix64) -> Int {
        guard n > 0, p > 0 else { return 0 }
        guard p < 1 else { return n }
        if p > 0.5 { return n - binomial(n, 1 - p, &rng) }
        if Double(n) * p < 10 { return inversion(n, p, &rng) }
        return btrs(Double(n), p, &rng)
    }

    /// Uniform in (0, 1].
    @inline(__always)
    static func openUnit(_ rng: inout SplitMix64) -> Double {
        Double((rng.next() >> 11) + 1) * (1.0 / 9_007_199_254_740_992.0)
    }

    static func inversion(_ n: Int, _ p: Double, _ rng: inout SplitMix64) -> Int {
        let logq = log1p(-p)
        var sum = 0.0
        var successes = 0
        let count = Double(n)
        while true {
            let geometric = max(1, (log(openUnit(&rng)) / logq).rounded(.up))
            sum += geometric
            if sum > count { return successes }
            successes += 1
        }
    }

    static func stirlingTail(_ k: Double) -> Double {
        let table = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
                     0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
                     0.00925546218271273, 0.00833056343336287]
        if k <= 9 { return table[Int(k)] }
        let kp1sq = (k + 1) * (k + 1)
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)
    }

    static func btrs(_ count: Double, _ p: Double, _ rng: inout SplitMix64) -> Int {
        let spq = (count * p * (1 - p)).squareRoot()
        let b = 1.15 + 2.53 * spq
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = count * p + 0.5
        let vr = 0.92 - 4.2 / b
        let r = p / (1 - p)
        let alpha = (2.83 + 5.1 / b) * spq
        let m = ((count + 1) * p).rounded(.down)
        while true {
            let u = rng.unit() - 0.5
            var v = rng.unit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || k > count { continue }
            v = log(v * alpha / (a / (us * us) + b))
            let bound = (m + 0.5) * log((m + 1) / (r * (count - m + 1)))
                + (count + 1) * log((count - m + 1) / (count - k + 1))
                + (k + 0.5) * log(r * (count - k + 1) / (k + 1))
                + stirlingTail(m) + stirlingTail(count - m) - stirlingTail(k) - stirlingTail(count - k)
            if v <= bound { return Int(k) }
        }
    }

    /// A multinomial draw of `n` over categories with the given counts (weights), written into
    /// `out` (same length as `weights`). `order` lists the categories to visit (largest first
    /// keeps the chain short); categories not in it get 0.
    ///
    /// Complexity: O(categories) binomial draws.
    public static func multinomial(_ n: Int, weights: [Int], order: [Int], into out: inout [Int], _ rng: inout SplitMix64) {
        for k in out.indices { out[k] = 0 }
        var remaining = n
        var mass = order.reduce(0) { $0 + weights[$1] }
        for k in order {
            guard remaining > 0 else { break }
            let w = weights[k]
            if w >= mass {
                out[k] = remaining
                remaining = 0
                break
            }
            let x = binomial(remaining, Double(w) / Double(mass), &rng)
            out[k] = x
            remaining -= x
            mass -= w
        }
    }
}

/// The Wilson score interval for a proportion (Wilson 1927): what `scipy.stats.binomtest(k,
/// n).proportion_ci(method='wilson')` gives. Used where a figure is one share of counted cases
/// (a reliability bin's observed rate, the undetermined share, a review rate).
public enum Wilson {
    /// z for a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    /// (lower, upper); (NaN, NaN) when n = 0.
    public static func interval(successes k: Int, trials n: Int, z: Double = z95) -> (lower: Double, upper: Double) {
        guard n > 0 else { return (.nan, .nan) }
        let nn = Double(n), p = Double(k) / nn, z2 = z * z
        let centre = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z / (1 + z2 / nn) * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot()
        return (max(0, centre - half), min(1, centre + half))
    }
}
