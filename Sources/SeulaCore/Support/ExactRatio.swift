/// Dividing whole numbers so that comparisons with the quotient are exact.
///
/// `a / b` in floating point is the Double *nearest* the fraction, which may lie just above it:
/// then `a / b >= c` can hold for a fraction just below c. Rounding down instead gives the
/// largest Double q with q ≤ a/b, and for every Double c, q ≥ c exactly when a/b ≥ c (if c ≤ a/b
/// then c ≤ q, q being the largest such Double; if c > a/b then c > q). Every threshold in
/// Seula reads "at or above", so sides decided on a rounded-down score are the sides of the
/// exact fraction.
public enum ExactRatio {
    /// The largest Double not above a / b.
    ///
    /// Precondition: a and b are whole numbers with 0 ≤ a < 2^53 and 0 < b < 2^53 (exact as
    /// Doubles). Cost: one division and one fused multiply-add.
    @inlinable
    public static func roundedDown(_ a: Double, over b: Double) -> Double {
        assert(a >= 0 && a < 9_007_199_254_740_992 && a == a.rounded(), "numerator must be a whole number below 2^53")
        assert(b > 0 && b < 9_007_199_254_740_992 && b == b.rounded(), "denominator must be a whole number below 2^53")
        let q = a / b
        // a − q·b, exactly: the remainder of a correctly rounded quotient is representable,
        // and the fused multiply-add rounds only once. Negative means q lies above a/b.
        let remainder = a.addingProduct(-q, b)
        return remainder < 0 ? q.nextDown : q
    }
}
