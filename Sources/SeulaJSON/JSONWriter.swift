/// Deterministic JSON output into a byte buffer, with no whitespace. The caller writes structure
/// with `raw` (`{`, `"key":`, `,` …) and values with the typed methods; `value(_:)` writes a whole
/// `JSONValue` canonically.
public struct JSONWriter {
    public var bytes: [UInt8]

    public init(capacity: Int = 1024) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends ASCII punctuation or a pre-quoted key verbatim.
    public mutating func raw(_ s: StaticString) {
        if s.hasPointerRepresentation {
            bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        } else {
            bytes.append(contentsOf: String(s.unicodeScalar).utf8)
        }
    }

    public mutating func raw(_ b: UInt8) {
        bytes.append(b)
    }

    /// A quoted string. Escapes `"` `\` and the control characters (`\b \f \n \r \t`, others as
    /// `\u00XX` with lowercase hex); everything else, U+007F and non-ASCII included, is written as
    /// raw UTF-8.
    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            var runStart = 0
            var k = 0
            while k < u.count {
                let c = u[k]
                if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") {
                    k += 1
                    continue
                }
                if runStart < k {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<k]))
                }
                bytes.append(UInt8(ascii: "\\"))
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(c)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              hex.utf8Start[Int(c >> 4)], hex.utf8Start[Int(c & 0xF)]])
                }
                k += 1
                runStart = k
            }
            if runStart < u.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[runStart..<u.count]))
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    public mutating func int(_ v: Int) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        digits(UInt64(v.magnitude))
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
        let d = ShortestDecimal(v)
        if d.significand == 0 { return raw("0.0") }
        // Tenths, as an integer: N = magnitude × 10 = significand × 10^k.
        let k = d.pointPosition - d.digitCount + 1
        if k >= 0 {
            // At most one fractional digit already: the digits, k zeros, and a point before the last.
            if d.negative { bytes.append(UInt8(ascii: "-")) }
            if k == 0 {
                tenths(d.significand)
            } else {
                digits(d.significand)
                bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: k - 1))
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
        if d.negative { bytes.append(UInt8(ascii: "-")) }
        tenths(n)
    }

    /// The shortest text that reads back as `v` (Swift's `description`): `2.0`, `0.1`, `1e-05`,
    /// `1.7976931348623157e+308`; NaN and ±infinity as `null`.
    public mutating func double(_ v: Double) {
        guard v.isFinite else { return null() }
        var text = v.description
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func bool(_ v: Bool) {
        if v { raw("true") } else { raw("false") }
    }

    public mutating func null() {
        raw("null")
    }

    /// A whole value, canonically: no whitespace; object members sorted by the UTF-8 bytes of their
    /// keys, with duplicate keys (identical bytes) collapsed to the last member, as lookup sees
    /// them; integers (`isInteger`) as integers — `int64` when it fits, else the double's value
    /// written out as an integer; other numbers as `double(_:)` does, except that -0.0 is written
    /// "0.0" (the two are equal as `JSONNumber`s, so they get the same bytes).
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
            bytes.append(UInt8(ascii: "["))
            var first = true
            for e in elements {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                value(e)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let o):
            object(o)
        }
    }

    // MARK: Helpers

    mutating func number(_ n: JSONNumber) {
        if n.isInteger {
            if let i = n.int64 {
                if i < 0 { bytes.append(UInt8(ascii: "-")) }
                return digits(i.magnitude)
            }
            let d = n.double.isFinite ? ShortestDecimal(n.double) : nil
            if let d, d.significand != 0, d.pointPosition >= d.digitCount {
                // An integral double beyond Int64, e.g. 9223372036854775808: its shortest digits
                // padded with zeros, so it reads back as the same double and as an integer.
                if d.negative { bytes.append(UInt8(ascii: "-")) }
                digits(d.significand)
                bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: d.pointPosition - d.digitCount))
                return
            }
        }
        if n.double == 0 { return raw("0.0") }
        double(n.double)
    }

    mutating func object(_ o: JSONObject) {
        let members = o.members
        bytes.append(UInt8(ascii: "{"))
        var inOrder = true
        var k = 1
        while k < members.count {
            if compareUTF8(members[k - 1].key, members[k].key) >= 0 {
                inOrder = false
                break
            }
            k += 1
        }
        if inOrder {
            for (index, m) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                member(m.key, m.value)
            }
        } else {
            let order = (0..<members.count).sorted { a, b in
                let c = compareUTF8(members[a].key, members[b].key)
                return c < 0 || (c == 0 && a < b)
            }
            var first = true
            var r = 0
            while r < order.count {
                // The last of a run of equal keys wins.
                var last = r
                while last + 1 < order.count && compareUTF8(members[order[last + 1]].key, members[order[r]].key) == 0 {
                    last += 1
                }
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                member(members[order[last]].key, members[order[last]].value)
                r = last + 1
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func member(_ key: String, _ v: JSONValue) {
        string(key)
        bytes.append(UInt8(ascii: ":"))
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
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[k..<20]))
        }
    }

    /// `n` tenths as "I.F" (n = 5 → "0.5", n = 120 → "12.0").
    mutating func tenths(_ n: UInt64) {
        digits(n / 10)
        bytes.append(UInt8(ascii: "."))
        bytes.append(UInt8(truncatingIfNeeded: n % 10) &+ 0x30)
    }
}

/// Orders strings by their UTF-8 bytes (which is also Unicode scalar order), unlike `String <`,
/// which compares canonically equivalent strings as equal.
func compareUTF8(_ a: String, _ b: String) -> Int {
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
