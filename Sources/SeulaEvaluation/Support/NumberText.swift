import SeulaCore

/// The fixed number formats of the evaluators' text output: every figure is rounded half away
/// from zero to a stated number of decimals (`DecimalFormat.fixed`), never printed with an
/// exponent, and a value that is not a number (a ratio with a zero denominator) prints `n/a`.
/// The same input always prints the same text.
public enum NumberText {
    /// `x` with exactly `decimals` decimals, or `n/a`.
    public static func fixed(_ x: Double, _ decimals: Int) -> String {
        x.isFinite ? DecimalFormat.fixed(x, decimals: decimals) : "n/a"
    }

    /// A share in [0, 1] as a percentage with `decimals` decimals: `0.4567` → `45.7%`.
    public static func percent(_ x: Double, _ decimals: Int = 1) -> String {
        x.isFinite ? DecimalFormat.fixed(x * 100, decimals: decimals) + "%" : "n/a"
    }

    /// A threshold or grid value as short as it reads back: `40`, `42.5`.
    public static func threshold(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return x.isFinite ? x.description : "n/a"
    }

    /// Right-aligns `s` in `width` characters (counting Unicode characters).
    public static func right(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// Left-aligns `s` in `width` characters.
    public static func left(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
