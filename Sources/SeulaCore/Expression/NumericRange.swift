/// The values a numeric part of an expression can take, as a closed interval: the load-time
/// interval analysis that proves every value an accepted expression computes stays within
/// ±2^53 (`CriteriaLimits.exactMagnitude`), where Double arithmetic on whole numbers is exact and
/// converting to an integer cannot trap.
///
/// Bounds are computed with the same Double operations evaluation uses, and rounding is
/// monotone, so a bound computed here bounds every result evaluation can produce.
public struct NumericRange: Sendable, Equatable, CustomStringConvertible {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public init(_ r: ClosedRange<Int>) {
        self.init(Double(r.lowerBound), Double(r.upperBound))
    }

    public static func exactly(_ v: Double) -> NumericRange { NumericRange(v, v) }

    /// The largest magnitude in the range.
    public var magnitude: Double { max(abs(lower), abs(upper)) }

    /// True when every value lies within ±`limit` (false for NaN bounds).
    public func isWithin(_ limit: Double) -> Bool {
        lower >= -limit && upper <= limit
    }

    public func contains(_ v: Double) -> Bool { lower <= v && v <= upper }

    public var description: String {
        "\(Self.text(lower))…\(Self.text(upper))"
    }

    /// A bound as a person reads it: whole numbers without decimals (no exponent), others shortest.
    static func text(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e300 {
            return DecimalFormat.fixed(v, decimals: 0)
        }
        return v.isFinite ? "\(v)" : (v < 0 ? "-∞" : "∞")
    }

    public static prefix func - (r: NumericRange) -> NumericRange { NumericRange(-r.upper, -r.lower) }

    public static func + (a: NumericRange, b: NumericRange) -> NumericRange {
        NumericRange(a.lower + b.lower, a.upper + b.upper)
    }

    public static func - (a: NumericRange, b: NumericRange) -> NumericRange {
        NumericRange(a.lower - b.upper, a.upper - b.lower)
    }

    public static func * (a: NumericRange, b: NumericRange) -> NumericRange {
        let p = [a.lower * b.lower, a.lower * b.upper, a.upper * b.lower, a.upper * b.upper]
        return NumericRange(p.min()!, p.max()!)
    }

    /// `a / b` over the divisors that are not 0 (dividing by 0 is *unknown* at run time, never a
    /// value). `divisorIsWhole`: the divisor only takes whole values, so a non-zero one is at
    /// least 1 in magnitude. nil when the quotient has no bound: a fractional divisor that can
    /// come arbitrarily close to 0.
    public static func quotient(_ a: NumericRange, _ b: NumericRange, divisorIsWhole: Bool) -> NumericRange? {
        if b.lower == 0 && b.upper == 0 { return .exactly(0) }   // always unknown; nothing is computed
        var pieces: [NumericRange] = []
        if b.lower > 0 || b.upper < 0 {
            pieces.append(b)
        } else if divisorIsWhole {
            if b.lower <= -1 { pieces.append(NumericRange(b.lower, -1)) }
            if b.upper >= 1 { pieces.append(NumericRange(1, b.upper)) }
        } else {
            return nil
        }
        var lower = Double.infinity, upper = -Double.infinity
        for d in pieces {
            for q in [a.lower / d.lower, a.lower / d.upper, a.upper / d.lower, a.upper / d.upper] {
                lower = min(lower, q)
                upper = max(upper, q)
            }
        }
        return NumericRange(lower, upper)
    }

    /// The range of `min(...)` or `max(...)` of values in these ranges: their hull, since an
    /// unknown argument is skipped (the minimum of the others can be any of their values).
    public static func hull(_ rs: [NumericRange]) -> NumericRange {
        NumericRange(rs.map(\.lower).min()!, rs.map(\.upper).max()!)
    }
}
