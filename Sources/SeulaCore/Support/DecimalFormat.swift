import SeulaJSON

/// The one number format of Seula's output.
///
/// Scores, margins and contributions are rounded **half away from zero** to one decimal and
/// always printed with exactly one decimal digit (`46.9`, `40.0`, `-11.9`, never `-0.0`).
/// Counts and points are whole numbers. No exponents, no locale.
///
/// Rounding works on the shortest decimal text of the double (what a person sees), not on its
/// binary expansion, so `6.25` rounds to `6.3` and `0.15` to `0.2`.
public enum DecimalFormat {
    /// `x` rounded half away from zero to one decimal, as a Double (for arithmetic on rounded figures).
    public static func round1(_ x: Double) -> Double {
        // Fast path, as in JSONWriter.decimal1: away from a half, rounding the binary value
        // gives the same tenths as rounding the shortest decimal.
        let m = abs(x)
        if m < 1e6 {
            let t = m * 10
            let fraction = t - t.rounded(.down)
            if abs(fraction - 0.5) > 1e-6 {
                let tenths = t.rounded(.toNearestOrAwayFromZero)
                let r = tenths / 10
                return x < 0 && tenths != 0 ? -r : r
            }
        }
        var w = JSONWriter(capacity: 24)
        w.decimal1(x)
        return w.bytes.withUnsafeBufferPointer { parseDecimal($0) } ?? x
    }

    /// One decimal, exactly as the decision record prints it (`JSONWriter.decimal1`).
    public static func oneDecimal(_ x: Double) -> String {
        var w = JSONWriter(capacity: 24)
        w.decimal1(x)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Reads back a plain decimal written by `decimal1` ("-12.3"); nil for "null".
    static func parseDecimal(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var negative = false
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var tenths: UInt64 = 0
        var sawPoint = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: ".") { sawPoint = true } else if c >= 48 && c <= 57 { tenths = tenths * 10 + UInt64(c - 48) } else { return nil }
            i += 1
        }
        guard sawPoint else { return nil }
        let v = Double(tenths) / 10
        return negative ? -v : v
    }

    /// `x` as an `Int` (a fraction truncated) when it is finite and within `Int`'s range; nil
    /// otherwise. Never traps, whatever the Double.
    @inlinable
    public static func int(_ x: Double) -> Int? {
        guard x.isFinite, x > -9.223372036854775808e18, x < 9.223372036854775808e18 else { return nil }
        return Int(x)
    }

    /// A whole number as text, whatever its size: the `Int` digits when it fits, else its
    /// digits in fixed notation (no exponent); `unknown` for a value that is not a number.
    public static func whole(_ x: Double) -> String {
        if let i = int(x) { return String(i) }
        return x.isFinite ? fixed(x.rounded(.towardZero), decimals: 0) : "unknown"
    }

    /// `x` rounded half away from zero to `decimals` places, printed in fixed notation.
    public static func fixed(_ x: Double, decimals: Int) -> String {
        if decimals == 1 { return oneDecimal(x) }
        guard x.isFinite else { return "null" }
        let negative = x < 0
        // Shortest round-trip digits of |x|, then decimal rounding on those digits.
        var digits: [UInt8] = []
        var pointPosition = 0   // digits before the decimal point
        decimalDigits(abs(x), &digits, &pointPosition)
        // Keep pointPosition + decimals digits; round on the next one.
        let keep = pointPosition + decimals
        var kept: [UInt8]
        if keep < 0 {
            kept = []
        } else {
            kept = Array(digits.prefix(keep))
            while kept.count < keep { kept.append(0) }
            if keep < digits.count, digits[keep] >= 5 {
                var i = kept.count - 1
                var carry = true
                while carry, i >= 0 {
                    if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; carry = false }
                }
                if carry { kept.insert(1, at: 0); pointPosition += 1 }
            }
        }
        var intDigits = pointPosition > 0 ? Array(kept.prefix(pointPosition)) : []
        var fracDigits = pointPosition > 0 ? Array(kept.dropFirst(pointPosition)) : kept
        if pointPosition < 0 {
            fracDigits = Array(repeating: 0, count: min(-pointPosition, decimals)) + fracDigits
        }
        fracDigits = Array(fracDigits.prefix(decimals))
        while fracDigits.count < decimals { fracDigits.append(0) }
        while intDigits.count > 1, intDigits.first == 0 { intDigits.removeFirst() }
        if intDigits.isEmpty { intDigits = [0] }
        let isZero = intDigits.allSatisfy { $0 == 0 } && fracDigits.allSatisfy { $0 == 0 }
        var s = (negative && !isZero) ? "-" : ""
        s += String(decoding: intDigits.map { $0 + 48 }, as: UTF8.self)
        if decimals > 0 {
            s += "."
            s += String(decoding: fracDigits.map { $0 + 48 }, as: UTF8.self)
        }
        return s
    }

    /// The shortest round-trip decimal digits of a non-negative finite double, with the
    /// position of the decimal point (1.5 → [1,5], 1; 0.05 → [5], -1; 100 → [1], 3).
    static func decimalDigits(_ x: Double, _ digits: inout [UInt8], _ point: inout Int) {
        if x == 0 { digits = [0]; point = 1; return }
        let text = x.description   // Swift prints the shortest round-trip form
        var mantissa: [UInt8] = []
        var exponent = 0
        var pointIndex: Int? = nil
        var chars = Array(text.utf8)
        if let e = chars.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = Int(String(decoding: chars[(e + 1)...], as: UTF8.self)) ?? 0
            chars = Array(chars[..<e])
        }
        for c in chars {
            if c == UInt8(ascii: ".") { pointIndex = mantissa.count; continue }
            mantissa.append(c - 48)
        }
        var p = (pointIndex ?? mantissa.count) + exponent
        // Strip leading zeros (0.05 → "005" with point 1 → "5" with point -1).
        while mantissa.count > 1, mantissa.first == 0 { mantissa.removeFirst(); p -= 1 }
        while mantissa.count > 1, mantissa.last == 0 { mantissa.removeLast() }
        digits = mantissa
        point = p
    }
}
