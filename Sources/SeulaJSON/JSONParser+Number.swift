/// Number literals, exactly the RFC 8259 grammar:
///
///     number = [ "-" ] int [ frac ] [ exp ]
///     int    = "0" / ( digit1-9 *DIGIT )
///     frac   = "." 1*DIGIT
///     exp    = ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT
///
/// So no leading zeros, no `+`, no `.5`, no `1.`, no hex, no NaN/Infinity.
///
/// `isInteger` is true when the literal has no fraction and no exponent; `int64` is exact when it
/// fits (down to -9223372036854775808); `double` is the correctly rounded nearest double (±infinity
/// beyond range). With at most 19 significant digits the double comes from exact arithmetic
/// (an integer conversion, or Clinger's fast path: mantissa ≤ 2^53 and |power of ten| ≤ 22, one
/// correctly rounded multiply or divide); anything else goes to the standard library's
/// `Double(String)` (strtod in the C locale), which is correctly rounded too.
extension JSONParser {
    /// At `i`: `-` or a digit. Leaves `i` after the literal.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = i
        var j = i
        let negative = p[j] == UInt8(ascii: "-")
        if negative { j += 1 }

        var mantissa: UInt64 = 0       // significant digits (leading zeros skipped), at most 19
        var significant = 0            // how many digits `mantissa` holds
        var dropped = false            // more than 19 significant digits: exact paths unusable
        var fractionDigits = 0         // digits after '.', as far as they went into `mantissa`

        guard j < end, isDigit(p[j]) else {
            throw unexpected(j, "expected a digit after '-'")
        }
        if p[j] == UInt8(ascii: "0") {
            j += 1
            if j < end && isDigit(p[j]) {
                throw syntaxError(start, "leading zeros are not allowed in numbers")
            }
        } else {
            while j < end, isDigit(p[j]) {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(p[j] &- 0x30)
                    significant += 1
                } else {
                    dropped = true
                }
                j += 1
            }
        }
        var isInteger = true
        if j < end && p[j] == UInt8(ascii: ".") {
            isInteger = false
            j += 1
            guard j < end, isDigit(p[j]) else {
                throw unexpected(j, "expected a digit after the decimal point")
            }
            while j < end, isDigit(p[j]) {
                let d = p[j] &- 0x30
                if significant == 0 && d == 0 {
                    fractionDigits += 1          // a leading zero of the fraction: scale only
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                    fractionDigits += 1
                } else {
                    dropped = true
                }
                j += 1
            }
        }
        var exponent = 0
        if j < end && (p[j] == UInt8(ascii: "e") || p[j] == UInt8(ascii: "E")) {
            isInteger = false
            j += 1
            var exponentNegative = false
            if j < end && (p[j] == UInt8(ascii: "+") || p[j] == UInt8(ascii: "-")) {
                exponentNegative = p[j] == UInt8(ascii: "-")
                j += 1
            }
            guard j < end, isDigit(p[j]) else {
                throw unexpected(j, "expected a digit in the exponent")
            }
            while j < end, isDigit(p[j]) {
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(p[j] &- 0x30) }
                j += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        i = j

        let number = readNumber(isInteger: isInteger, dropped: dropped, mantissa: mantissa, negative: negative,
                                exponent: exponent, fractionDigits: fractionDigits, start: start, end: j)
        if !isInteger || number.int64 == nil || (negative && number.int64 == 0) {
            var n = number
            n.literal = String(decoding: UnsafeBufferPointer(start: p + start, count: j - start), as: UTF8.self)
            return n
        }
        return number
    }

    @inline(__always)
    func readNumber(isInteger: Bool, dropped: Bool, mantissa: UInt64, negative: Bool, exponent: Int, fractionDigits: Int,
                    start: Int, end j: Int) -> JSONNumber {
        if isInteger {
            if !dropped {
                let magnitude = Double(mantissa)  // correctly rounded (round to nearest even)
                let int64: Int64?
                if negative {
                    int64 = mantissa <= UInt64(Int64.max) ? -Int64(mantissa)
                        : mantissa == UInt64(Int64.max) + 1 ? Int64.min : nil
                } else {
                    int64 = mantissa <= UInt64(Int64.max) ? Int64(mantissa) : nil
                }
                return JSONNumber(isInteger: true, int64: int64, double: negative ? -magnitude : magnitude)
            }
            return JSONNumber(isInteger: true, int64: nil, double: slowDouble(start, j, negative))
        }

        if !dropped {
            if mantissa == 0 {
                return JSONNumber(isInteger: false, int64: nil, double: negative ? -0.0 : 0.0)
            }
            let power = exponent - fractionDigits
            if mantissa <= 1 << 53 && power >= -22 && power <= 22 {
                let m = Double(mantissa)      // exact
                let magnitude = power >= 0 ? m * exactPowerOfTen(power) : m / exactPowerOfTen(-power)
                return JSONNumber(isInteger: false, int64: nil, double: negative ? -magnitude : magnitude)
            }
        }
        return JSONNumber(isInteger: false, int64: nil, double: slowDouble(start, j, negative))
    }

    /// The literal `p[start..<end]` (already checked against the grammar) through strtod.
    func slowDouble(_ start: Int, _ end: Int, _ negative: Bool) -> Double {
        let text = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
        // Double(String) accepts every JSON number literal; the fallback is unreachable but must not trap.
        return Double(text) ?? (negative ? -Double.infinity : Double.infinity)
    }
}

@inline(__always)
func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

/// 10^e for 0 ≤ e ≤ 22, each exactly representable as a Double.
@inline(__always)
func exactPowerOfTen(_ e: Int) -> Double {
    switch e {
    case 0: return 1e0
    case 1: return 1e1
    case 2: return 1e2
    case 3: return 1e3
    case 4: return 1e4
    case 5: return 1e5
    case 6: return 1e6
    case 7: return 1e7
    case 8: return 1e8
    case 9: return 1e9
    case 10: return 1e10
    case 11: return 1e11
    case 12: return 1e12
    case 13: return 1e13
    case 14: return 1e14
    case 15: return 1e15
    case 16: return 1e16
    case 17: return 1e17
    case 18: return 1e18
    case 19: return 1e19
    case 20: return 1e20
    case 21: return 1e21
    default: return 1e22
    }
}
