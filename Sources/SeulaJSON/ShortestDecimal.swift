/// The shortest decimal that reads back as a given finite double — the digits a person sees
/// when the value is printed (Swift's `description`, which is shortest-round-trip).
///
/// The magnitude is `0.d₁d₂…dₙ × 10^pointPosition`, where `d₁…dₙ` are the decimal digits of
/// `significand` (`n == digitCount`, no leading or trailing zeros). Zero has `significand == 0`
/// and `digitCount == 0`.
struct ShortestDecimal {
    var negative: Bool
    var significand: UInt64
    var digitCount: Int
    var pointPosition: Int

    /// `v` must be finite.
    init(_ v: Double) {
        negative = v.sign == .minus
        significand = 0
        digitCount = 0
        pointPosition = 0
        var text = v.description
        var sig: UInt64 = 0
        var count = 0
        var point = 0
        text.withUTF8 { u in
            var k = 0
            if k < u.count && u[k] == UInt8(ascii: "-") { k += 1 }
            var integerDigits = 0
            var seenPoint = false
            var trailingZeros = 0
            // Mantissa: digits with an optional '.'; at most 17 significant digits.
            while k < u.count {
                let c = u[k]
                if c == UInt8(ascii: ".") {
                    seenPoint = true
                } else if isDigit(c) {
                    if !seenPoint { integerDigits += 1 }
                    if count == 0 && c == UInt8(ascii: "0") {
                        point -= 1             // a leading zero: shift the point, keep no digit
                    } else if c == UInt8(ascii: "0") {
                        trailingZeros += 1     // held back until a nonzero digit follows
                    } else {
                        for _ in 0..<trailingZeros { sig = sig &* 10 }
                        count += trailingZeros
                        trailingZeros = 0
                        sig = sig &* 10 &+ UInt64(c &- 0x30)
                        count += 1
                    }
                } else {
                    break
                }
                k += 1
            }
            var exponent = 0
            if k < u.count && (u[k] == UInt8(ascii: "e") || u[k] == UInt8(ascii: "E")) {
                k += 1
                var expNegative = false
                if k < u.count && (u[k] == UInt8(ascii: "-") || u[k] == UInt8(ascii: "+")) {
                    expNegative = u[k] == UInt8(ascii: "-")
                    k += 1
                }
                while k < u.count, isDigit(u[k]) {
                    exponent = exponent * 10 + Int(u[k] &- 0x30)
                    k += 1
                }
                if expNegative { exponent = -exponent }
            }
            point += integerDigits + exponent
        }
        if sig != 0 {
            significand = sig
            digitCount = count
            pointPosition = point
        }
    }

    /// 10^e for 0 ≤ e ≤ 19.
    static func power(_ e: Int) -> UInt64 {
        var r: UInt64 = 1
        for _ in 0..<e { r &*= 10 }
        return r
    }
}
