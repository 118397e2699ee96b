/// Deterministic JSON output into a byte buffer, with no whitespace. The caller writes structure
/// with `raw` (`{`, `"key":`, `,` …) and values with the typed methods; `value(_:)` writes a whole
/// `JSONValue` canonically.
///
/// Speed (release build, same machine and data as noted on `JSONReader`): `value(_:)` writes the
/// canonical form of 100 000 small objects (unsorted keys, so every object is sorted) at about
/// 55–100 MB/s.
public struct JSONWriter {
    /// The output so far. A class: copies of a writer share it.
    public let buffer: ByteBuffer

    public init(capacity: Int = 1024) {
        buffer = ByteBuffer(capacity: capacity)
    }

    /// A writer that appends to an existing buffer (emptied first), so its memory is reused.
    public init(reusing buffer: ByteBuffer) {
        buffer.removeAll()
        self.buffer = buffer
    }

    /// The output so far, copied out as an array.
    public var bytes: [UInt8] { buffer.array }

    /// How many bytes have been written.
    public var count: Int { buffer.count }

    /// Appends ASCII punctuation or a pre-quoted key verbatim.
    @inlinable
    public mutating func raw(_ s: StaticString) {
        if s.hasPointerRepresentation {
            buffer.append(UnsafeRawPointer(s.utf8Start), count: s.utf8CodeUnitCount)
        } else {
            buffer.append(Array(String(s.unicodeScalar).utf8))
        }
    }

    /// Appends precomputed bytes verbatim (a key, a constant value, an already-escaped fragment).
    @inlinable @inline(__always)
    public mutating func raw(_ b: [UInt8]) {
        buffer.append(b)
    }

    /// The bytes of `s` as they would appear inside a JSON string (escaped, without quotes).
    public static func escapedContent(_ s: String) -> [UInt8] {
        var w = JSONWriter(capacity: s.utf8.count + 2)
        w.string(s)
        return Array(w.bytes.dropFirst().dropLast())
    }

    @inlinable @inline(__always)
    public mutating func raw(_ b: UInt8) {
        buffer.append(b)
    }

    /// A quoted string. Escapes `"` `\` and the control characters (`\b \f \n \r \t`, others as
    /// `\u00XX` with lowercase hex); everything else, U+007F and non-ASCII included, is written as
    /// raw UTF-8.
    public mutating func string(_ s: String) {
        quoted(s, suffix: 0)
    }

    /// `s` quoted and escaped, then `suffix` unless it is 0, written straight into the buffer
    /// (room for the worst case is reserved once).
    mutating func quoted(_ s: String, suffix: UInt8) {
        var s = s
        let buffer = self.buffer
        s.withUTF8 { u in
            buffer.writeTail(maxCount: u.count * 6 + 3) { out in
                out[0] = UInt8(ascii: "\"")
                var n = 1
                for c in u {
                    if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") {
                        out[n] = c
                        n += 1
                        continue
                    }
                    out[n] = UInt8(ascii: "\\")
                    let short: UInt8
                    switch c {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): short = c
                    case 0x08: short = UInt8(ascii: "b")
                    case 0x0C: short = UInt8(ascii: "f")
                    case 0x0A: short = UInt8(ascii: "n")
                    case 0x0D: short = UInt8(ascii: "r")
                    case 0x09: short = UInt8(ascii: "t")
                    default: short = 0
                    }
                    if short != 0 {
                        out[n + 1] = short
                        n += 2
                    } else {
                        let hex: StaticString = "0123456789abcdef"
                        out[n + 1] = UInt8(ascii: "u")
                        out[n + 2] = UInt8(ascii: "0")
                        out[n + 3] = UInt8(ascii: "0")
                        out[n + 4] = hex.utf8Start[Int(c >> 4)]
                        out[n + 5] = hex.utf8Start[Int(c & 0xF)]
                        n += 6
                    }
                }
                out[n] = UInt8(ascii: "\"")
                n += 1
                if suffix != 0 {
                    out[n] = suffix
                    n += 1
                }
                return n
            }
        }
    }

    @inlinable
    public mutating func int(_ v: Int) {
        buffer.writeTail(maxCount: 20) { out in
            var p = out
            if v < 0 { p.pointee = UInt8(ascii: "-"); p += 1 }
            var m = v.magnitude
            if m < 10 {
                p.pointee = UInt8(truncatingIfNeeded: m) &+ 48
                return out.distance(to: p) + 1
            }
            var digits = 0
            var t = m
            while t != 0 { digits += 1; t /= 10 }
            var k = digits - 1
            while m != 0 {
                p[k] = UInt8(truncatingIfNeeded: m % 10) &+ 48
                m /= 10
                k -= 1
            }
            return out.distance(to: p) + digits
        }
    }

    /// A number with exactly one decimal digit, e.g. `6.3`, `-12.0`, `100.0`.
    ///
    /// Rounding rule: `v` is first turned into the shortest decimal that reads back as `v` (the
    /// digits Swift prints for it: 0.05 is "0.05", 1.45 is "1.45", not the binary expansions
    /// 0.05000000000000000277… and 1.4499999999999999556…); that decimal is rounded to one
    /// fractional digit, half away from zero (6.25 → 6.3, 46.875 → 46.9, 0.05 → 0.1, 1.45 → 1.5,
    /// -11.95 → -12.0, 0.04 → 0.0). A result of zero is written "0.0", never "-0.0". NaN and
    /// ±infinity are written `null`. Large values are written in full, without an exponent.
    public mutating func decimal1(_ v: Double) {
        guard v.isFinite else { return null() }
        // Fast path: unless v·10 lies within a hair of a half (where the shortest decimal and
        // the binary value could round differently), rounding the binary value gives the same
        // tenths as rounding the shortest decimal. The hair (1e-6 of a tenth) is far wider than
        // the error of v·10 and of the shortest decimal for any |v| < 1e6.
        let magnitude = abs(v)
        if magnitude < 1e6 {
            let t = magnitude * 10
            let fraction = t - t.rounded(.down)
            if abs(fraction - 0.5) > 1e-6 {
                let n = UInt64(t.rounded(.toNearestOrAwayFromZero))
                if n == 0 { return raw("0.0") }
                if v < 0 { buffer.append(UInt8(ascii: "-")) }
                return tenths(n)
            }
        }
        let d = ShortestDecimal(v)
        if d.significand == 0 { return raw("0.0") }
        // Tenths, as an integer: N = magnitude × 10 = significand × 10^k.
        let k = d.pointPosition - d.digitCount + 1
        if k >= 0 {
            // At most one fractional digit already: the digits, k zeros, and a point before the last.
            if d.negative { buffer.append(UInt8(ascii: "-")) }
            if k == 0 {
                tenths(d.significand)
            } else {
                digits(d.significand)
                for _ in 0..<(k - 1) { buffer.append(UInt8(ascii: "0")) }
                raw(".0")
            }
            return
        }
        let drop = -k
        if drop > d.digitCount { return raw("0.0") }  // magnitude < 0.01: rounds to zero
        let divisor = ShortestDecimal.power(drop)       // drop ≤ 17, no overflow
        var n = d.significand / divisor
        let remainder = d.significand % divisor
        if remainder >= divisor - remainder { n += 1 }  // remainder ≥ half: away from zero
        if n == 0 { return raw("0.0") }
        if d.negative { buffer.append(UInt8(ascii: "-")) }
        tenths(n)
    }

    /// The shortest text that reads back as `v` (Swift's `description`): `2.0`, `0.1`, `1e-05`,
    /// `1.7976931348623157e+308`; NaN and ±infinity as `null`.
    public mutating func double(_ v: Double) {
        guard v.isFinite else { return null() }
        var text = v.description
        text.withUTF8 { buffer.append($0) }
    }

    public mutating func bool(_ v: Bool) {
        if v { raw("true") } else { raw("false") }
    }

    public mutating func null() {
        raw("null")
    }

    /// A whole value, canonically: no whitespace; object members sorted by the UTF-8 bytes of their
    /// keys, with duplicate keys (identical bytes) collapsed to the last member, as lookup sees
    /// them; integers (`isInteger`) as integers — `int64` when it fits, else the double's shortest
    /// digits padded with zeros (9223372036854775808 → "9223372036854776000", which reads back as
    /// the same double and as an integer; `null` if infinite); other numbers as `double(_:)` does,
    /// except that -0.0 is written "0.0" (the two are equal as `JSONNumber`s, so they get the same
    /// bytes). Strings are compared by bytes, not by Swift's canonical equivalence.
    ///
    /// Recursive: fine for anything `JSONReader` produces (depth ≤ its `maxDepth`), but a value
    /// nested tens of thousands deep, built in code, would exhaust the call stack.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null:
            null()
        case .bool(let b):
            bool(b)
        case .string(let s):
            string(s)
        case .number(let n):
            number(n)
        case .array(let elements):
            buffer.append(UInt8(ascii: "["))
            var first = true
            for e in elements {
                if !first { buffer.append(UInt8(ascii: ",")) }
                first = false
                value(e)
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let o):
            object(o)
        }
    }

    // MARK: Helpers

    /// A value the client sent, written back as it came: a number keeps its own literal where
    /// the value alone would not give it back (`1e400`, a 23-digit integer, `1.50`, `-0`) — for
    /// an echoed `req`. Anything else is written canonically, as `value` does.
    public mutating func echo(_ v: JSONValue) {
        if case .number(let n) = v, let literal = n.literal {
            var text = literal
            text.withUTF8 { buffer.append($0) }
            return
        }
        value(v)
    }

    mutating func number(_ n: JSONNumber) {
        if n.isInteger {
            if let i = n.int64 {
                if i < 0 { buffer.append(UInt8(ascii: "-")) }
                return digits(i.magnitude)
            }
            let d = n.double.isFinite ? ShortestDecimal(n.double) : nil
            if let d, d.significand != 0, d.pointPosition >= d.digitCount {
                // An integral double beyond Int64, e.g. 9223372036854775808: its shortest digits
                // padded with zeros, so it reads back as the same double and as an integer.
                if d.negative { buffer.append(UInt8(ascii: "-")) }
                digits(d.significand)
                for _ in 0..<(d.pointPosition - d.digitCount) { buffer.append(UInt8(ascii: "0")) }
                return
            }
        }
        if n.double == 0 { return raw("0.0") }
        double(n.double)
    }

    mutating func object(_ o: JSONObject) {
        buffer.append(UInt8(ascii: "{"))
        o.members.withUnsafeBufferPointer { members in
            let n = members.count
            var inOrder = true
            var k = 1
            while k < n {
                if compareUTF8(members[k - 1].key, members[k].key) >= 0 {
                    inOrder = false
                    break
                }
                k += 1
            }
            if inOrder {
                for k in 0..<n {
                    if k > 0 { buffer.append(UInt8(ascii: ",")) }
                    member(members[k].key, members[k].value)
                }
                return
            }
            withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { buffer in
                var order = buffer
                for k in 0..<n { order[k] = k }
                // By key bytes, then by position, so that the last of equal keys comes last.
                order.sort { a, b in
                    let c = compareUTF8(members[a].key, members[b].key)
                    return c < 0 || (c == 0 && a < b)
                }
                var first = true
                var r = 0
                while r < n {
                    // The last of a run of equal keys wins.
                    var last = r
                    while last + 1 < n && compareUTF8(members[order[last + 1]].key, members[order[r]].key) == 0 {
                        last += 1
                    }
                    if !first { self.buffer.append(UInt8(ascii: ",")) }
                    first = false
                    member(members[order[last]].key, members[order[last]].value)
                    r = last + 1
                }
            }
        }
        buffer.append(UInt8(ascii: "}"))
    }

    mutating func member(_ key: String, _ v: JSONValue) {
        quoted(key, suffix: UInt8(ascii: ":"))
        value(v)
    }

    /// The decimal digits of `m`.
    mutating func digits(_ m: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var k = 20
            var m = m
            repeat {
                k -= 1
                buffer[k] = UInt8(truncatingIfNeeded: m % 10) &+ 0x30
                m /= 10
            } while m != 0
            self.buffer.append(UnsafeBufferPointer(rebasing: buffer[k..<20]))
        }
    }

    /// `n` tenths as "I.F" (n = 5 → "0.5", n = 120 → "12.0").
    mutating func tenths(_ n: UInt64) {
        digits(n / 10)
        buffer.append(UInt8(ascii: "."))
        buffer.append(UInt8(truncatingIfNeeded: n % 10) &+ 0x30)
    }
}

/// Orders strings by their UTF-8 bytes (which is also Unicode scalar order), unlike `String <`,
/// which compares canonically equivalent strings as equal. Returns <0, 0 or >0.
func compareUTF8(_ a: String, _ b: String) -> Int {
    let fast = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y in compareBytes(x, y) }
    }
    if let fast, let result = fast { return result }
    var ia = a.utf8.makeIterator()
    var ib = b.utf8.makeIterator()
    while true {
        switch (ia.next(), ib.next()) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?):
            if x != y { return x < y ? -1 : 1 }
        }
    }
}

@inline(__always)
func compareBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Int {
    let n = min(x.count, y.count)
    var k = 0
    while k < n {
        if x[k] != y[k] { return x[k] < y[k] ? -1 : 1 }
        k += 1
    }
    return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
}

extension JSONValue {
    /// The canonical encoding (see `JSONWriter.value(_:)`): equal values give identical bytes.
    public var canonicalBytes: [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.value(self)
        return w.bytes
    }

    /// `canonicalBytes` as a string.
    public var canonicalString: String {
        String(decoding: canonicalBytes, as: UTF8.self)
    }
}
