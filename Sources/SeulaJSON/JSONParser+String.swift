/// Strings and UTF-8 validation.
extension JSONParser {
    /// At `i`: the opening quote. Leaves `i` after the closing quote.
    ///
    /// Fast path: eight bytes at a time, jumping straight to the first byte that needs a look
    /// (quote, backslash, control or non-ASCII); without escapes the string is made directly
    /// from the input bytes.
    mutating func parseString() throws(JSONParseError) -> String {
        let p = self.p
        let end = self.end
        let start = i + 1
        var j = start
        while true {
            if end - j >= 8 {
                let mask = Self.attentionMask(UInt64(littleEndian: UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)))
                if mask == 0 {
                    j += 8
                    continue
                }
                j += mask.trailingZeroBitCount >> 3
            } else if j >= end {
                throw unterminatedString(start - 1)
            }
            let c = p[j]
            if c == UInt8(ascii: "\"") {
                i = j + 1
                return makeString(p + start, j - start)
            }
            if c == UInt8(ascii: "\\") { return try parseEscapedString(start: start, firstEscape: j) }
            if c < 0x20 { throw controlCharacter(j) }
            j = c < 0x80 ? j + 1 : try validateUTF8(at: j)
        }
    }

    /// For eight input bytes (the first in the low bits): the high bit of each byte that is `"`,
    /// `\`, below 0x20 or above 0x7F. Bits above the first such byte may be spurious (borrows),
    /// so only the lowest set bit is meaningful — exactly what the caller uses.
    @inline(__always)
    static func attentionMask(_ x: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let q = x ^ (ones &* 0x22)
        let b = x ^ (ones &* 0x5C)
        return (((q &- ones) & ~q) | ((b &- ones) & ~b) | ((x &- ones &* 0x20) & ~x) | x) & high
    }

    /// A string from UTF-8 already validated by the parser. (`String(unsafeUninitializedCapacity:)`
    /// measured about 30% cheaper than `String(decoding:as:)` for short keys.)
    @inline(__always)
    func makeString(_ start: UnsafePointer<UInt8>, _ count: Int) -> String {
        if count == 0 { return "" }
        return String(unsafeUninitializedCapacity: count) { buffer in
            buffer.baseAddress?.initialize(from: start, count: count)
            return count
        }
    }

    /// The slow path: a string with escapes, decoded into `scratch`.
    mutating func parseEscapedString(start: Int, firstEscape: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(start: p + start, count: firstEscape - start))
        var j = firstEscape
        while true {
            guard j < end else { throw unterminatedString(start - 1) }
            let c = p[j]
            if c == UInt8(ascii: "\"") {
                i = j + 1
                return scratch.withUnsafeBufferPointer { makeString($0.baseAddress!, $0.count) }
            }
            if c == UInt8(ascii: "\\") {
                guard j + 1 < end else { throw unterminatedString(start - 1) }
                let e = p[j + 1]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"):
                    j = try unicodeEscape(at: j)
                    continue
                default:
                    if e >= 0x21 && e < 0x7F {
                        throw syntaxError(j, "invalid escape '\\\(Character(Unicode.Scalar(e)))' in string")
                    }
                    throw syntaxError(j, "invalid escape in string: '\\' followed by byte 0x\(hex2(e))")
                }
                j += 2
            } else if c < 0x20 {
                throw controlCharacter(j)
            } else if c < 0x80 {
                scratch.append(c)
                j += 1
            } else {
                let next = try validateUTF8(at: j)
                scratch.append(contentsOf: UnsafeBufferPointer(start: p + j, count: next - j))
                j = next
            }
        }
    }

    /// At `j`: a `\u` escape (and its low surrogate partner, if any). Appends the scalar's UTF-8
    /// to `scratch`; returns the index after the escape(s).
    mutating func unicodeEscape(at j: Int) throws(JSONParseError) -> Int {
        let unit = try hex4(at: j + 2, escapeAt: j)
        var scalar = unit
        var next = j + 6
        if unit >= 0xD800 && unit <= 0xDBFF {
            guard end - next >= 2, p[next] == UInt8(ascii: "\\"), p[next + 1] == UInt8(ascii: "u") else {
                throw syntaxError(j, "unpaired surrogate escape '\\u\(hex4String(unit))' in string (a high surrogate must be followed by a low one)")
            }
            let low = try hex4(at: next + 2, escapeAt: next)
            guard low >= 0xDC00 && low <= 0xDFFF else {
                throw syntaxError(j, "unpaired surrogate escape '\\u\(hex4String(unit))' in string (followed by '\\u\(hex4String(low))', not a low surrogate)")
            }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            next += 6
        } else if unit >= 0xDC00 && unit <= 0xDFFF {
            throw syntaxError(j, "unpaired surrogate escape '\\u\(hex4String(unit))' in string (a low surrogate without a high one)")
        }
        appendUTF8(scalar)
        return next
    }

    func hex4(at k: Int, escapeAt: Int) throws(JSONParseError) -> UInt32 {
        guard end - k >= 4 else {
            throw syntaxError(escapeAt, "invalid '\\u' escape in string: expected four hex digits")
        }
        var v: UInt32 = 0
        for n in 0..<4 {
            let c = p[k + n]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c &- 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c &- 0x57)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c &- 0x37)
            default: throw syntaxError(escapeAt, "invalid '\\u' escape in string: expected four hex digits")
            }
            v = v << 4 | d
        }
        return v
    }

    mutating func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            scratch.append(UInt8(s))
        } else if s < 0x800 {
            scratch.append(UInt8(0xC0 | s >> 6))
            scratch.append(UInt8(0x80 | s & 0x3F))
        } else if s < 0x10000 {
            scratch.append(UInt8(0xE0 | s >> 12))
            scratch.append(UInt8(0x80 | (s >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | s & 0x3F))
        } else {
            scratch.append(UInt8(0xF0 | s >> 18))
            scratch.append(UInt8(0x80 | (s >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (s >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | s & 0x3F))
        }
    }

    // MARK: UTF-8

    /// At `j`: a byte ≥ 0x80. Checks the well-formed UTF-8 sequence starting there (RFC 3629
    /// table 3-7) and returns the index after it.
    func validateUTF8(at j: Int) throws(JSONParseError) -> Int {
        let c = p[j]
        let need: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; lo = 0xA0          // no overlong 3-byte forms
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; hi = 0x9F          // no encoded surrogates U+D800..U+DFFF
        case 0xF0: need = 3; lo = 0x90          // no overlong 4-byte forms
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; hi = 0x8F          // nothing above U+10FFFF
        default:
            throw JSONParseError(kind: .invalidUTF8, offset: j, message: "invalid UTF-8 byte 0x\(hex2(c))")
        }
        for k in 1...need {
            guard j + k < end else {
                throw JSONParseError(kind: .invalidUTF8, offset: end,
                                     message: "truncated UTF-8 sequence (starting with byte 0x\(hex2(c))) at end of input")
            }
            let b = p[j + k]
            let ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF)
            guard ok else {
                throw JSONParseError(kind: .invalidUTF8, offset: j + k,
                                     message: "invalid UTF-8 byte 0x\(hex2(b)) after 0x\(hex2(c))")
            }
        }
        return j + need + 1
    }

}
