/// Byte-level JSON scanning primitives for the fast path: each checks the RFC 8259 grammar
/// exactly (strings with strict UTF-8, numbers, literals, nesting) without building values.
/// They return the position after what they scanned, or nil when the text is not valid JSON
/// there. They never read past `end` and never recurse (nesting uses a counter).
///
/// The line's raw bytes are read only through `at(_:)` and `word(_:)`, which check the bounds
/// in debug builds (the tests run every fast-path scan under those checks, the JSON conformance
/// suite included); release builds read the bytes directly.
struct JSONScanner {
    let p: UnsafePointer<UInt8>
    let end: Int

    /// The byte at `i` (< `end`).
    @inline(__always)
    func at(_ i: Int) -> UInt8 {
        assert(i >= 0 && i < end, "JSONScanner: byte \(i) of a \(end)-byte line")
        return p[i]
    }

    /// Bytes `from..<to` (inside the line), e.g. a string's content between its quotes.
    @inline(__always)
    func bytes(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> {
        assert(0 <= from && from <= to && to <= end, "JSONScanner: bytes \(from)..<\(to) of a \(end)-byte line")
        return UnsafeBufferPointer(start: p + from, count: to - from)
    }

    /// The eight bytes from `i` (`i + 8 <= end`), little-endian.
    @inline(__always)
    func word(_ i: Int) -> UInt64 {
        assert(i >= 0 && i + 8 <= end, "JSONScanner: word at \(i) of a \(end)-byte line")
        return UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
    }

    @inline(__always)
    func skipWhitespace(_ i: Int) -> Int {
        var i = i
        while i < end {
            let c = at(i)
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
        return i
    }

    /// Scans a string whose opening quote is at `i`. Returns the end (after the closing quote),
    /// whether it had escapes, and its count of Unicode scalars (escapes counted as written).
    @inline(__always)
    func scanString(_ i: Int) -> (end: Int, escaped: Bool, scalars: Int)? {
        var j = i + 1
        var escaped = false
        var scalars = 0
        while j < end {
            // Eight plain ASCII bytes at a time (no quote, backslash, control or non-ASCII byte).
            while j + 8 <= end {
                let w = word(j)
                let high = w & 0x8080_8080_8080_8080
                let quote = Self.hasZeroByte(w ^ 0x2222_2222_2222_2222)
                let slash = Self.hasZeroByte(w ^ 0x5C5C_5C5C_5C5C_5C5C)
                let control = (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080
                let stops = high | quote | slash | control
                if stops != 0 {
                    // The lowest flagged byte is the first one that stops the run (a borrow can
                    // flag bytes above it, never below), so skip the plain bytes before it.
                    let plain = stops.trailingZeroBitCount >> 3
                    j += plain
                    scalars += plain
                    break
                }
                j += 8
                scalars += 8
            }
            guard j < end else { break }
            let c = at(j)
            if c == UInt8(ascii: "\"") { return (j + 1, escaped, scalars) }
            if c < 0x20 { return nil }
            if c == UInt8(ascii: "\\") {
                escaped = true
                guard j + 1 < end else { return nil }
                switch at(j + 1) {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    j += 2
                case UInt8(ascii: "u"):
                    guard let (next, _) = scanUnicodeEscape(j) else { return nil }
                    j = next
                default:
                    return nil
                }
                scalars += 1
                continue
            }
            if c < 0x80 {
                j += 1
            } else {
                guard let next = validateUTF8(j) else { return nil }
                j = next
            }
            scalars += 1
        }
        return nil
    }

    /// Nonzero when some byte of `x` is zero (the classic SWAR test).
    @inline(__always)
    static func hasZeroByte(_ x: UInt64) -> UInt64 {
        (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// `\uXXXX` at `j` (the backslash), with a following low surrogate when it is a high one.
    /// Lone or mismatched surrogates are invalid (a Swift string cannot hold them).
    func scanUnicodeEscape(_ j: Int) -> (Int, UInt32)? {
        guard let v = hex4(j + 2) else { return nil }
        if v >= 0xD800 && v <= 0xDBFF {
            guard j + 12 <= end, at(j + 6) == UInt8(ascii: "\\"), at(j + 7) == UInt8(ascii: "u"),
                  let low = hex4(j + 8), low >= 0xDC00 && low <= 0xDFFF else { return nil }
            return (j + 12, 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00))
        }
        if v >= 0xDC00 && v <= 0xDFFF { return nil }
        return (j + 6, v)
    }

    func hex4(_ k: Int) -> UInt32? {
        guard k + 4 <= end else { return nil }
        var v: UInt32 = 0
        for m in k..<(k + 4) {
            let c = at(m)
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// One UTF-8 sequence starting at `j` (a byte ≥ 0x80): strict (no overlongs, no surrogates,
    /// nothing above U+10FFFF). Returns the position after it.
    @inline(__always)
    func validateUTF8(_ j: Int) -> Int? {
        let b0 = at(j)
        func cont(_ k: Int) -> Bool { k < end && at(k) & 0xC0 == 0x80 }
        switch b0 {
        case 0xC2...0xDF:
            return cont(j + 1) ? j + 2 : nil
        case 0xE0:
            guard j + 1 < end, at(j + 1) >= 0xA0 && at(j + 1) <= 0xBF, cont(j + 2) else { return nil }
            return j + 3
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(j + 1) && cont(j + 2) ? j + 3 : nil
        case 0xED:
            guard j + 1 < end, at(j + 1) >= 0x80 && at(j + 1) <= 0x9F, cont(j + 2) else { return nil }
            return j + 3
        case 0xF0:
            guard j + 1 < end, at(j + 1) >= 0x90 && at(j + 1) <= 0xBF, cont(j + 2), cont(j + 3) else { return nil }
            return j + 4
        case 0xF1...0xF3:
            return cont(j + 1) && cont(j + 2) && cont(j + 3) ? j + 4 : nil
        case 0xF4:
            guard j + 1 < end, at(j + 1) >= 0x80 && at(j + 1) <= 0x8F, cont(j + 2), cont(j + 3) else { return nil }
            return j + 4
        default:
            return nil
        }
    }

    /// A number per the RFC grammar. Returns its end and, when it is an integer literal (no
    /// fraction, no exponent) that fits in Int64, its value.
    @inline(__always)
    func scanNumber(_ i: Int) -> (end: Int, integer: Int64?)? {
        var j = i
        var negative = false
        if j < end && at(j) == UInt8(ascii: "-") { negative = true; j += 1 }
        guard j < end else { return nil }
        var value: Int64 = 0
        var overflow = false
        if at(j) == UInt8(ascii: "0") {
            j += 1
        } else if at(j) >= 49 && at(j) <= 57 {
            while j < end, at(j) >= 48 && at(j) <= 57 {
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(at(j) - 48))
                overflow = overflow || o1 || o2
                value = a
                j += 1
            }
        } else {
            return nil
        }
        var integer = true
        if j < end && at(j) == UInt8(ascii: ".") {
            integer = false
            j += 1
            let start = j
            while j < end, at(j) >= 48 && at(j) <= 57 { j += 1 }
            if j == start { return nil }
        }
        if j < end && (at(j) == UInt8(ascii: "e") || at(j) == UInt8(ascii: "E")) {
            integer = false
            j += 1
            if j < end && (at(j) == UInt8(ascii: "+") || at(j) == UInt8(ascii: "-")) { j += 1 }
            let start = j
            while j < end, at(j) >= 48 && at(j) <= 57 { j += 1 }
            if j == start { return nil }
        }
        return (j, integer && !overflow ? (negative ? -value : value) : nil)
    }

    @inline(__always)
    func matchLiteral(_ i: Int, _ word: StaticString) -> Int? {
        let n = word.utf8CodeUnitCount
        guard i + n <= end else { return nil }
        let w = word.utf8Start
        for k in 0..<n where at(i + k) != w[k] { return nil }
        return i + n
    }

    /// Skips any value starting at `i` (whitespace already skipped), validating it, with at most
    /// `maxDepth` open containers. Iterative: a counter of open containers, no recursion.
    func skipValue(_ i: Int, maxDepth: Int) -> Int? {
        var i = i
        // A tiny stack of container kinds as bits (1 = object), up to 64 levels.
        var kinds: UInt64 = 0
        var depth = 0
        guard maxDepth <= 64 else { return nil }
        while true {
            // A value at i.
            guard i < end else { return nil }
            var closedValue = true
            switch at(i) {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = at(i) == UInt8(ascii: "{")
                depth += 1
                if depth > maxDepth { return nil }
                kinds = kinds << 1 | (isObject ? 1 : 0)
                i = skipWhitespace(i + 1)
                guard i < end else { return nil }
                if at(i) == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    depth -= 1
                    kinds >>= 1
                } else {
                    if isObject {
                        guard at(i) == UInt8(ascii: "\""), let s = scanString(i) else { return nil }
                        i = skipWhitespace(s.end)
                        guard i < end, at(i) == UInt8(ascii: ":") else { return nil }
                        i = skipWhitespace(i + 1)
                    }
                    closedValue = false
                }
            case UInt8(ascii: "\""):
                guard let s = scanString(i) else { return nil }
                i = s.end
            case UInt8(ascii: "t"):
                guard let n = matchLiteral(i, "true") else { return nil }
                i = n
            case UInt8(ascii: "f"):
                guard let n = matchLiteral(i, "false") else { return nil }
                i = n
            case UInt8(ascii: "n"):
                guard let n = matchLiteral(i, "null") else { return nil }
                i = n
            default:
                guard let n = scanNumber(i) else { return nil }
                i = n.end
            }
            if !closedValue { continue }
            // After a complete value: close containers or continue with the next element.
            while true {
                if depth == 0 { return i }
                i = skipWhitespace(i)
                guard i < end else { return nil }
                let isObject = kinds & 1 == 1
                if at(i) == UInt8(ascii: ",") {
                    i = skipWhitespace(i + 1)
                    if isObject {
                        guard i < end, at(i) == UInt8(ascii: "\""), let s = scanString(i) else { return nil }
                        i = skipWhitespace(s.end)
                        guard i < end, at(i) == UInt8(ascii: ":") else { return nil }
                        i = skipWhitespace(i + 1)
                    }
                    break
                }
                guard at(i) == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return nil }
                i += 1
                depth -= 1
                kinds >>= 1
            }
        }
    }
}
