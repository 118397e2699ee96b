/// Byte-level walking of JSON text that is already known to be well formed (the daemon's parser
/// accepted it, or this log wrote it): finding member and value spans, copying without
/// whitespace, decoding a string. Defensive all the same: any surprise returns nil, never traps.
struct JSONBytes {
    let p: UnsafeRawBufferPointer
    var n: Int { p.count }

    init(_ p: UnsafeRawBufferPointer) { self.p = p }

    @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    @inline(__always) func skipSpace(_ i: Int) -> Int {
        var i = i
        while i < n && isSpace(p[i]) { i += 1 }
        return i
    }

    /// The index just past the string starting at `i` (which must be a quote).
    func stringEnd(_ i: Int) -> Int? {
        guard i < n, p[i] == 0x22 else { return nil }
        var j = i + 1
        while j < n {
            let c = p[j]
            if c == 0x22 { return j + 1 }
            j += c == 0x5C ? 2 : 1
        }
        return nil
    }

    /// The index just past the value starting at `i` (no whitespace before it), or nil.
    func valueEnd(_ i: Int, depth: Int = 0) -> Int? {
        guard i < n, depth < 200 else { return nil }
        switch p[i] {
        case 0x22:
            return stringEnd(i)
        case 0x7B, 0x5B:
            let close: UInt8 = p[i] == 0x7B ? 0x7D : 0x5D
            let isObject = p[i] == 0x7B
            var j = skipSpace(i + 1)
            if j < n && p[j] == close { return j + 1 }
            while true {
                if isObject {
                    guard let k = stringEnd(j) else { return nil }
                    j = skipSpace(k)
                    guard j < n, p[j] == 0x3A else { return nil }
                    j = skipSpace(j + 1)
                }
                guard let v = valueEnd(j, depth: depth + 1) else { return nil }
                j = skipSpace(v)
                guard j < n else { return nil }
                if p[j] == 0x2C { j = skipSpace(j + 1); continue }
                if p[j] == close { return j + 1 }
                return nil
            }
        default:
            var j = i
            while j < n {
                let c = p[j]
                if c == 0x2C || c == 0x7D || c == 0x5D || c == 0x3A || isSpace(c) { break }
                j += 1
            }
            return j > i ? j : nil
        }
    }

    /// The members of the object that is the whole text: each key (decoded) and the span of its
    /// value, in document order; nil when the text is not an object.
    func members() -> [(key: String, value: Range<Int>)]? {
        var i = skipSpace(0)
        guard i < n, p[i] == 0x7B else { return nil }
        var out: [(key: String, value: Range<Int>)] = []
        i = skipSpace(i + 1)
        if i < n && p[i] == 0x7D { return skipSpace(i + 1) == n ? out : nil }
        while true {
            guard let k = stringEnd(i), let key = decodeString(i..<k) else { return nil }
            i = skipSpace(k)
            guard i < n, p[i] == 0x3A else { return nil }
            i = skipSpace(i + 1)
            guard let v = valueEnd(i) else { return nil }
            out.append((key, i..<v))
            i = skipSpace(v)
            guard i < n else { return nil }
            if p[i] == 0x2C { i = skipSpace(i + 1); continue }
            if p[i] == 0x7D { return skipSpace(i + 1) == n ? out : nil }
            return nil
        }
    }

    /// True when the string at `span` (quotes included) is exactly `literal` (no escapes).
    func stringEquals(_ span: Range<Int>, _ literal: [UInt8]) -> Bool {
        guard span.count == literal.count + 2 else {
            // An escaped spelling of the same text is longer: decode to compare.
            if span.count > literal.count + 2, p[span].contains(0x5C), let s = decodeString(span) { return Array(s.utf8) == literal }
            return false
        }
        for k in 0..<literal.count where p[span.lowerBound + 1 + k] != literal[k] { return false }
        return true
    }

    /// The text of the string at `span` (quotes included), escapes decoded.
    func decodeString(_ span: Range<Int>) -> String? {
        guard span.count >= 2, p[span.lowerBound] == 0x22, p[span.upperBound - 1] == 0x22 else { return nil }
        let inner = (span.lowerBound + 1)..<(span.upperBound - 1)
        var plain = true
        for i in inner where p[i] == 0x5C { plain = false; break }
        if plain { return String(decoding: UnsafeRawBufferPointer(rebasing: p[inner]), as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = inner.lowerBound
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= inner.upperBound else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = p[at + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v * 16 + d
            }
            return v
        }
        while i < inner.upperBound {
            let c = p[i]
            if c != 0x5C { out.append(c); i += 1; continue }
            guard i + 1 < inner.upperBound else { return nil }
            let e = p[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var u = hex4(i) else { return nil }
                i += 4
                if u >= 0xD800 && u < 0xDC00 {
                    guard i + 6 <= inner.upperBound, p[i] == 0x5C, p[i + 1] == 0x75, let lo = hex4(i + 2), lo >= 0xDC00, lo < 0xE000 else { return nil }
                    i += 6
                    u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(u) else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
