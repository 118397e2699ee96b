#if canImport(Glibc)
import Glibc
#endif
import SeulaCore
import SeulaJSON

/// What stood where a hetu was removed from a logged input: no more than re-deciding the case
/// needs, and never the code itself.
///
/// A decision reads a hetu in three ways: whether it is valid (else `invalid_hetu`, whose message
/// says which check failed), its pseudonym (the record carries it), and `hetu_age`, the whole
/// years from its birth date to the assessment date. So a valid code is logged as that age, an
/// invalid one as the check it failed, and a non-text value as its JSON type.
public enum HetuStandIn: Equatable, Sendable {
    /// A valid code; `age` is the `hetu_age` the decision saw.
    case valid(age: Int)
    /// Text that is not a valid code, and the first check it failed (in `Hetu.validate`'s order).
    case invalid(HetuCheck)
    /// Not text: the JSON type name (`integer`, `number`, `boolean`, `array`, `object`).
    case notText(String)
}

/// The checks of `Hetu.validate`, in its order; a failed one is what the log keeps of an invalid hetu.
public typealias HetuCheck = Hetu.Check

extension HetuStandIn {
    /// The stand-in for a hetu given as text, and its birth date when valid.
    static func classify(_ text: String) -> (HetuCheck?, CalendarDate?) {
        switch Hetu.check(upperCased: Array(text.uppercased().utf8)) {
        case .success(let birth): return (nil, birth)
        case .failure(let failed): return (failed, nil)
        }
    }

    /// A code that stands in for the removed one when the case is decided again (in memory only,
    /// never written): valid with the same `hetu_age` on `date`, or failing the same check.
    public func surrogate(assessedOn date: CalendarDate) -> JSONValue? {
        func code(_ birth: CalendarDate, individual: Int = 2, check: Bool = true) -> String? {
            let sign: String
            switch birth.year {
            case 1800..<1900: sign = "+"
            case 1900..<2000: sign = "-"
            case 2000..<2100: sign = "A"
            default: return nil
            }
            func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
            let yy = birth.year % 100
            let nine = (birth.day * 10000 + birth.month * 100 + yy) * 1000 + individual
            var c = Hetu.checkCharacters[nine % 31]
            if !check { c = c == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0") }
            let n = String(individual)
            return two(birth.day) + two(birth.month) + two(yy) + sign + String(repeating: "0", count: 3 - n.count) + n
                + String(UnicodeScalar(c))
        }
        switch self {
        case .valid(let age):
            // Born `age` years before the assessment date (28 February for a 29 February that
            // year does not have); checked with the same arithmetic the engine uses.
            let year = date.year - age
            for birth in [CalendarDate(year: year, month: date.month, day: date.day), CalendarDate(year: year, month: 2, day: 28),
                          CalendarDate(year: year, month: 3, day: 1)].compactMap({ $0 })
            where date.wholeYears(since: birth) == age {
                return code(birth).map { .string($0) }
            }
            return nil
        case .invalid(let check):
            switch check {
            case .length: return .string("X")
            case .birthDateDigits: return .string("XX0101-002X")
            case .centurySign: return .string("010101Q0020")
            case .individualDigits: return .string("010101-XXX0")
            case .individualNumber: return .string("010101-0010")
            case .birthDate: return .string("310201-0020")
            case .checkCharacter: return code(CalendarDate(year: 1901, month: 1, day: 1)!, check: false).map { .string($0) }
            }
        case .notText(let type):
            switch type {
            case "integer": return .number(JSONNumber(0))
            case "number": return .number(JSONNumber(isInteger: false, int64: nil, double: 0.5))
            case "boolean": return .bool(false)
            case "array": return .array([])
            default: return .object(JSONObject())
            }
        }
    }

    /// `{"age":29,"path":"hetu","valid":true}` and the like (keys sorted).
    func write(path: String, _ w: inout JSONWriter) {
        switch self {
        case .valid(let age):
            w.raw("{\"age\":")
            w.int(age)
            w.raw(",\"path\":")
            w.string(path)
            w.raw(",\"valid\":true}")
        case .invalid(let check):
            w.raw("{\"failed\":")
            w.string(check.rawValue)
            w.raw(",\"path\":")
            w.string(path)
            w.raw(",\"valid\":false}")
        case .notText(let type):
            w.raw("{\"path\":")
            w.string(path)
            w.raw(",\"type\":")
            w.string(type)
            w.raw("}")
        }
    }

    /// Reads what `write` wrote: the stand-in and its path.
    public static func read(_ v: JSONValue) -> (HetuStandIn, path: String)? {
        guard let path = v["path"]?.stringValue else { return nil }
        if let type = v["type"]?.stringValue { return (.notText(type), path) }
        if v["valid"]?.boolValue == true, let age = v["age"]?.numberValue?.int64 { return (.valid(age: Int(age)), path) }
        if v["valid"]?.boolValue == false, let f = v["failed"]?.stringValue, let check = HetuCheck(rawValue: f) { return (.invalid(check), path) }
        return nil
    }
}

/// The logged form of an input line: the JSON text without insignificant whitespace, members in
/// their own order (a strict-mode error names the first unknown field in document order), strings
/// and numbers exactly as written — and without its hetu. Every `hetu` member of the line's
/// object and of its `case` object (the `score` command) is removed; the one the answer depended
/// on is described by a `HetuStandIn`.
///
/// Works on the bytes, not on a parsed value (a full parse and re-write costs more than
/// deciding the case), and only on lines the daemon's parser accepted: the caller logs no input
/// for a line answered `invalid_json`.
public enum InputRedactor {
    /// True when `text` holds something shaped like a personal identity code — six digits, a
    /// century sign, three digits and one letter or digit, with no letter or digit right before
    /// or after it, in either case — valid or not. The last guard before an input is logged: a
    /// code sent anywhere but in the `hetu` member (inside an array, in a field the contract does
    /// not know, as the case id) withholds the whole input.
    public static func containsHetuShape(_ text: UnsafeRawBufferPointer) -> Bool {
        let n = text.count
        guard n >= 11, let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        @inline(__always) func digit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
        @inline(__always) func letter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
        // One pass: count the digits in a row; a century sign right after exactly six of them
        // (with no letter before them) is looked at closer.
        var run = 0
        var i = 0
        while i < n {
            let c = base[i]
            if digit(c) { run += 1; i += 1; continue }
            if run == 6 && i + 5 <= n && (i == 6 || !letter(base[i - 7])) {
                let u = c & ~0x20
                let sign = c == 0x2D || c == 0x2B || (u &- 0x41 < 6 && letter(c)) || (u &- 0x55 < 5 && letter(c))
                if sign && digit(base[i + 1]) && digit(base[i + 2]) && digit(base[i + 3])
                    && (digit(base[i + 4]) || letter(base[i + 4])) && (i + 5 == n || !(digit(base[i + 5]) || letter(base[i + 5]))) {
                    return true
                }
            }
            run = 0
            i += 1
        }
        return false
    }

    public struct Result: Equatable {
        /// The stand-in for the hetu the answer depended on (the line's own, or its `case`'s for a
        /// command), nil when there was none (or it was null).
        public var standIn: HetuStandIn?
        /// `hetu` or `case.hetu`.
        public var path: String
    }

    /// Appends the redacted line to `out`; nil (with `out` as it was) when the line is not JSON
    /// text this can read.
    public static func redact(_ line: UnsafeRawBufferPointer, today: CalendarDate, into out: ByteBuffer) -> Result? {
        guard let base = line.baseAddress, !line.isEmpty else { return nil }
        // The output is never longer than the line: bytes are copied or left out, never added.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: line.count) { o -> Result? in
            var c = Compactor(base.assumingMemoryBound(to: UInt8.self), line.count, o.baseAddress!)
            guard c.document() else { return nil }
            out.append(UnsafeRawPointer(o.baseAddress!), count: c.k)
            let level = c.hasOp ? c.lastCase : c.top
            let path = c.hasOp ? "case.hetu" : "hetu"
            guard let level, let span = level.hetu else { return Result(standIn: nil, path: path) }
            return Result(standIn: standIn(JSONBytes(line), span, assessedOn: level.assessedOn, today: today), path: path)
        }
    }

    static func standIn(_ j: JSONBytes, _ span: Range<Int>, assessedOn: Range<Int>?, today: CalendarDate) -> HetuStandIn? {
        switch j.p[span.lowerBound] {
        case UInt8(ascii: "n"): return nil   // null: as if absent
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .notText("boolean")
        case UInt8(ascii: "["): return .notText("array")
        case UInt8(ascii: "{"): return .notText("object")
        case UInt8(ascii: "\""):
            guard let text = j.decodeString(span) else { return .invalid(.length) }
            let (failed, birth) = HetuStandIn.classify(text)
            if let failed { return .invalid(failed) }
            // hetu_age: whole years on the assessment date (`assessed_on`, else today).
            var date = today
            if let a = assessedOn, j.p[a.lowerBound] == 0x22, let s = j.decodeString(a), let d = CalendarDate(iso: s) { date = d }
            return .valid(age: date.wholeYears(since: birth!))
        default:
            for i in span where j.p[i] == UInt8(ascii: ".") || j.p[i] == UInt8(ascii: "e") || j.p[i] == UInt8(ascii: "E") {
                return .notText("number")
            }
            return .notText("integer")
        }
    }

    /// One pass over a JSON text, copying it without whitespace and leaving out the hetu
    /// members: a small tokenizer on raw pointers that copies runs of bytes between whitespace
    /// (strings are skipped with memchr), because it runs for every logged line. It checks the
    /// grammar of the structure (keys, colons, commas, nesting) but not of numbers and literals:
    /// it is only given lines the daemon's parser accepted.
    struct Compactor {
        struct Level {
            var hetu: Range<Int>?
            var assessedOn: Range<Int>?
        }

        /// What an object member at one of the two levels a hetu is removed from is.
        enum Key { case hetu, caseMember, assessedOn, op, other }

        /// A level a hetu is removed from (the line's object, or its `case` object).
        struct Special {
            var level = Level()
            /// Output position where the current member (with its leading comma) starts.
            var memberOut = 0
            var emitted = 0
            var key = Key.other
            var valueStart = 0
        }

        let p: UnsafePointer<UInt8>
        let n: Int
        let o: UnsafeMutablePointer<UInt8>
        /// Bytes written to `o`.
        var k = 0
        var hasOp = false
        var top: Level? = nil
        var lastCase: Level? = nil

        init(_ p: UnsafePointer<UInt8>, _ n: Int, _ o: UnsafeMutablePointer<UInt8>) {
            self.p = p
            self.n = n
            self.o = o
        }

        static let hetuKey: StaticString = "hetu"
        static let caseKey: StaticString = "case"
        static let opKey: StaticString = "op"
        static let assessedKey: StaticString = "assessed_on"

        /// The key at `span` (quotes included) is `literal` (decoded when it has escapes).
        @inline(__always) func keyIs(_ span: Range<Int>, _ literal: StaticString) -> Bool {
            let inner = span.count - 2
            let count = literal.utf8CodeUnitCount
            if inner == count {
                return memcmp(p + span.lowerBound + 1, literal.utf8Start, count) == 0
            }
            // Longer: the same text only when spelled with escapes.
            guard inner > count, memchr(p + span.lowerBound + 1, 0x5C, inner) != nil else { return false }
            return JSONBytes(UnsafeRawBufferPointer(start: p, count: n)).stringEquals(span, Array(UnsafeBufferPointer(start: literal.utf8Start, count: count)))
        }

        /// The end (past the closing quote) of the string starting at `i`, or nil.
        @inline(__always) func stringEnd(_ i: Int) -> Int? {
            var j = i + 1
            while j < n {
                guard let q = memchr(p + j, 0x22, n - j) else { return nil }
                let at = p.distance(to: q.assumingMemoryBound(to: UInt8.self))
                // Escaped when an odd number of backslashes comes before it.
                var backslashes = 0
                while at - 1 - backslashes > i && p[at - 1 - backslashes] == 0x5C { backslashes += 1 }
                if backslashes % 2 == 0 { return at + 1 }
                j = at + 1
            }
            return nil
        }

        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

        // Container kinds on the stack.
        static let plainObject: UInt8 = 0, array: UInt8 = 1, topObject: UInt8 = 2, caseObject: UInt8 = 3
        // What may come next.
        enum Expect { case value, keyOrClose, key, colon, commaOrClose, valueOrClose, end }

        mutating func document() -> Bool {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 66) { stack in scan(stack.baseAddress!) }
        }

        private mutating func scan(_ stack: UnsafeMutablePointer<UInt8>) -> Bool {
            var depth = 0
            var expect = Expect.value
            var run = 0                  // start of the bytes not yet copied
            var i = 0
            var topLevel = Special()
            var caseLevel = Special()
            /// The key just read (at a special level), for the member it starts.
            var pendingKey = Key.other

            @inline(__always) func flush(_ upTo: Int, _ c: inout Compactor) {
                if upTo > run {
                    (c.o + c.k).update(from: c.p + run, count: upTo - run)
                    c.k += upTo - run
                }
            }
            /// Ends the current member of the special level at `depth` (the byte at `at` is the
            /// comma or brace after it): drops it when it is a hetu, records spans.
            @inline(__always) func endMember(_ sp: inout Special, at: Int, _ c: inout Compactor) {
                var end = at
                while end > sp.valueStart && c.isSpace(c.p[end - 1]) { end -= 1 }
                while sp.valueStart < end && c.isSpace(c.p[sp.valueStart]) { sp.valueStart += 1 }
                switch sp.key {
                case .hetu:
                    sp.level.hetu = sp.valueStart..<end
                    c.k = sp.memberOut          // left out, with its leading comma
                    return
                case .assessedOn: sp.level.assessedOn = sp.valueStart..<end
                case .op: c.hasOp = true
                case .caseMember, .other: break
                }
                sp.emitted += 1
            }

            while i < n {
                let c = p[i]
                if c == 0x22 {
                    guard let e = stringEnd(i) else { return false }
                    switch expect {
                    case .keyOrClose, .key:
                        let kind = depth > 0 ? stack[depth - 1] : Self.plainObject
                        if kind == Self.topObject || kind == Self.caseObject {
                            let key = i..<e
                            pendingKey = keyIs(key, Self.hetuKey) ? .hetu
                                : kind == Self.topObject && keyIs(key, Self.caseKey) ? .caseMember
                                : keyIs(key, Self.assessedKey) ? .assessedOn
                                : kind == Self.topObject && keyIs(key, Self.opKey) ? .op : .other
                        }
                        expect = .colon
                    case .value, .valueOrClose:
                        expect = depth == 0 ? .end : .commaOrClose
                    default:
                        return false
                    }
                    i = e
                    continue
                }
                if isSpace(c) {
                    flush(i, &self)
                    i += 1
                    while i < n && isSpace(p[i]) { i += 1 }
                    run = i
                    continue
                }
                switch c {
                case 0x7B, 0x5B:                                   // { [
                    guard expect == .value || expect == .valueOrClose, depth < 64 else { return false }
                    var kind = c == 0x7B ? Self.plainObject : Self.array
                    if c == 0x7B && depth == 0 { kind = Self.topObject }
                    if c == 0x7B && depth == 1 && stack[0] == Self.topObject && topLevel.key == .caseMember { kind = Self.caseObject }
                    stack[depth] = kind
                    depth += 1
                    expect = c == 0x7B ? .keyOrClose : .valueOrClose
                    if kind == Self.topObject || kind == Self.caseObject {
                        flush(i + 1, &self)
                        run = i + 1
                        if kind == Self.topObject { topLevel = Special(); topLevel.memberOut = k } else { caseLevel = Special(); caseLevel.memberOut = k }
                    }
                    i += 1
                case 0x7D, 0x5D:                                   // } ]
                    guard depth > 0 else { return false }
                    let kind = stack[depth - 1]
                    if c == 0x7D {
                        guard kind != Self.array, expect == .keyOrClose || expect == .commaOrClose else { return false }
                    } else {
                        guard kind == Self.array, expect == .valueOrClose || expect == .commaOrClose else { return false }
                    }
                    if (kind == Self.topObject || kind == Self.caseObject) && expect == .commaOrClose {
                        flush(i, &self)
                        run = i
                        if kind == Self.topObject { endMember(&topLevel, at: i, &self) } else { endMember(&caseLevel, at: i, &self) }
                    }
                    depth -= 1
                    if kind == Self.topObject { top = topLevel.level }
                    if kind == Self.caseObject { lastCase = caseLevel.level; caseLevel = Special() }
                    expect = depth == 0 ? .end : .commaOrClose
                    i += 1
                case 0x3A:                                         // :
                    guard expect == .colon else { return false }
                    let kind = stack[depth - 1]
                    if kind == Self.topObject {
                        topLevel.key = pendingKey
                        topLevel.valueStart = i + 1
                        // A top-level `case` resets what the last case held (a later one that is
                        // not an object has no hetu).
                        if pendingKey == .caseMember { lastCase = nil }
                    } else if kind == Self.caseObject {
                        caseLevel.key = pendingKey
                        caseLevel.valueStart = i + 1
                    }
                    expect = .value
                    i += 1
                case 0x2C:                                         // ,
                    guard expect == .commaOrClose else { return false }
                    let kind = stack[depth - 1]
                    if kind == Self.topObject || kind == Self.caseObject {
                        flush(i, &self)
                        if kind == Self.topObject { endMember(&topLevel, at: i, &self) } else { endMember(&caseLevel, at: i, &self) }
                        let emitted = kind == Self.topObject ? topLevel.emitted : caseLevel.emitted
                        if kind == Self.topObject { topLevel.memberOut = k } else { caseLevel.memberOut = k }
                        // No comma before the first member kept (when the ones before it were hetus).
                        run = emitted == 0 ? i + 1 : i
                    }
                    expect = kind == Self.array ? .value : .key
                    i += 1
                default:
                    // A number or a literal: up to the next delimiter.
                    guard expect == .value || expect == .valueOrClose else { return false }
                    var j = i + 1
                    while j < n {
                        let d = p[j]
                        if d == 0x2C || d == 0x7D || d == 0x5D || d == 0x3A || d == 0x22 || d == 0x7B || d == 0x5B || isSpace(d) { break }
                        j += 1
                    }
                    expect = depth == 0 ? .end : .commaOrClose
                    i = j
                }
            }
            guard expect == .end, depth == 0 else { return false }
            flush(n, &self)
            return true
        }
    }
}
