import Foundation
import SeulaCore

/// The standard normal distribution function Φ, tabulated once (step 1/256 on [-8, 8], linear
/// interpolation, absolute error < 2·10⁻⁶) so the generator can draw ordered-probit answers and
/// compute their expectations with a table look-up instead of `erfc`. Fetch `Phi.shared` once
/// per case and pass it down (each global access costs a lazy-initialisation check).
struct Phi: @unchecked Sendable {
    static let lower = -8.0
    static let stepsPerUnit = 256.0
    static let entries = 4097
    static let shared: Phi = {
        let table = UnsafeMutablePointer<Double>.allocate(capacity: entries)
        for i in 0..<entries {
            table[i] = 0.5 * erfc(-(lower + Double(i) / stepsPerUnit) / 2.0.squareRoot())
        }
        return Phi(table: UnsafePointer(table))
    }()

    let table: UnsafePointer<Double>

    /// Φ(x).
    @inline(__always)
    func cdf(_ x: Double) -> Double {
        let t = (x - Self.lower) * Self.stepsPerUnit
        guard t > 0 else { return 0 }
        guard t < Double(Self.entries - 1) else { return 1 }
        let i = Int(t)
        return table[i] + (table[i + 1] - table[i]) * (t - Double(i))
    }

    /// Expected number of cutpoints passed by an ordered probit: Σₖ Φ(μ − cₖ), k < count.
    @inline(__always)
    func expectedLevel(_ mu: Double, _ cuts: SIMD4<Double>, _ count: Int) -> Double {
        var e = 0.0
        for k in 0..<count { e += cdf(mu - cuts[k]) }
        return e
    }
}

extension SplitMix64 {
    /// A pair of independent standard normal draws (Box–Muller).
    @inline(__always)
    mutating func normalPair() -> (Double, Double) {
        let u1 = 1.0 - unit()            // (0, 1]: log is finite
        let u2 = unit()
        let radius = (-2.0 * log(u1)).squareRoot()
        let angle = 2.0 * Double.pi * u2
        return (radius * cos(angle), radius * sin(angle))
    }

    /// True with probability Φ(z): a probit draw.
    @inline(__always)
    mutating func probit(_ z: Double, _ phi: Phi) -> Bool { unit() < phi.cdf(z) }

    /// An ordered-probit level: the number of cutpoints c (the first `count` of `cuts`, increasing)
    /// with μ + ε > c, ε standard normal, drawn by inversion from one uniform.
    @inline(__always)
    mutating func level(_ mu: Double, _ cuts: SIMD4<Double>, _ count: Int, _ phi: Phi) -> Int {
        let u = unit()
        var k = 0
        while k < count && u < phi.cdf(mu - cuts[k]) { k += 1 }
        return k
    }

    /// Uniform in lo...hi.
    @inline(__always)
    mutating func between(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// A geometric count ≥ 0 with the given mean.
    @inline(__always)
    mutating func geometric(mean: Double) -> Int {
        let p = 1.0 / (1.0 + mean)
        let u = 1.0 - unit()
        return Int(log(u) / log(1.0 - p))
    }

    /// An index drawn from cumulative weights (last element = total).
    @inline(__always)
    mutating func pick(_ cumulative: [Double]) -> Int {
        let u = unit() * cumulative[cumulative.count - 1]
        var i = 0
        while i < cumulative.count - 1 && u >= cumulative[i] { i += 1 }
        return i
    }
}

/// A 64-bit hash of (seed, stream, index) — the SplitMix64 finaliser of a mixed state — used to
/// seed one independent generator per case and purpose, so a case never depends on which block
/// or thread made it, nor on the options that add draws elsewhere.
@inline(__always)
func streamSeed(_ seed: UInt64, _ stream: UInt64, _ index: Int) -> UInt64 {
    var g = SplitMix64(seed: seed &* 0xD1B5_4A32_D192_ED03 &+ stream &* 0x8CB9_2BA7_2F3D_8DD7)
    var h = SplitMix64(seed: g.next() &+ UInt64(truncatingIfNeeded: index))
    return h.next()
}

/// Cumulative sums of weights.
func cumulative(_ weights: [Double]) -> [Double] {
    var total = 0.0
    return weights.map { total += $0; return total }
}
