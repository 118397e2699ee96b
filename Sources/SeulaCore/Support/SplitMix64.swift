/// A small, fast, seedable pseudo-random generator (SplitMix64, Steele et al. 2014).
/// Same seed, same sequence, on every platform: used by `generate`, bootstrap intervals and
/// property tests. Never used in a decision.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n (n > 0), without modulo bias worth mentioning for n ≪ 2^64.
    public mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: (UInt128(next()) * UInt128(n)) >> 64)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }
}
