/// The parser's state for one document: the input, a read position, and explicit stacks for the
/// containers still open — `values` holds the finished elements of open arrays, `members` the
/// members of open objects (a member's value is filled in when it is complete), `frames` where
/// each open container's elements begin. Nesting costs stack *memory*, which grows on the heap,
/// never call stack, so no input can overflow the call stack. The stacks start in temporary
/// memory from `JSONReader.parse` and move to the heap only if they outgrow it.
struct JSONParser {
    typealias Member = (key: String, value: JSONValue)

    // Initial stack sizes, each within the 1 KiB that is always allowed on the call stack.
    static let inlineValues = 16     // × 40 bytes
    static let inlineMembers = 16    // × 56 bytes
    static let inlineFrames = 16     // × 8 bytes

    let p: UnsafePointer<UInt8>
    let end: Int
    let maxDepth: Int
    /// Read position.
    var i = 0

    var values: ParserStack<JSONValue>
    var members: ParserStack<Member>
    /// Per open container: (index of its first element in `values` or `members`) << 1 | (1 if an object).
    var frames: ParserStack<Int>

    /// Reused buffer for strings with escapes.
    var scratch: [UInt8] = []
    /// The top-level value, once complete.
    var result: JSONValue = .null

    init(bytes: UnsafePointer<UInt8>, count: Int, maxDepth: Int, values: UnsafeMutableBufferPointer<JSONValue>,
         members: UnsafeMutableBufferPointer<Member>, frames: UnsafeMutableBufferPointer<Int>) {
        self.p = bytes
        self.end = count
        self.maxDepth = maxDepth
        self.values = ParserStack(values)
        self.members = ParserStack(members)
        self.frames = ParserStack(frames)
    }

    mutating func releaseStacks() {
        values.release()
        members.release()
        frames.release()
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if end >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            throw syntaxError(0, "a byte order mark (U+FEFF) is not allowed at the start of JSON text")
        }
        skipWhitespace()
        nextValue: while true {
            // Here a value must start at `i` (whitespace already skipped).
            guard i < end else { throw syntaxError(i, "unexpected end of input, expected a value") }
            switch p[i] {
            case UInt8(ascii: "{"):
                try checkDepth()
                i += 1
                skipWhitespace()
                if i < end && p[i] == UInt8(ascii: "}") {
                    i += 1
                    place(.object(JSONObject()))
                } else {
                    frames.push(members.count << 1 | 1)
                    try parseMemberKey(after: "'{'")
                    continue nextValue
                }
            case UInt8(ascii: "["):
                try checkDepth()
                i += 1
                skipWhitespace()
                if i < end && p[i] == UInt8(ascii: "]") {
                    i += 1
                    place(.array([]))
                } else {
                    frames.push(values.count << 1)
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                place(.string(try parseString()))
            case UInt8(ascii: "t"):
                try literal("true")
                place(.bool(true))
            case UInt8(ascii: "f"):
                try literal("false")
                place(.bool(false))
            case UInt8(ascii: "n"):
                try literal("null")
                place(.null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                place(.number(try parseNumber()))
            default:
                throw unexpected(i, "expected a value")
            }

            // A value is complete: read what follows it, closing containers as they end.
            while true {
                skipWhitespace()
                guard frames.count > 0 else {
                    if i < end { throw unexpected(i, "expected end of input after the JSON value") }
                    return result
                }
                let frame = frames.base[frames.count - 1]
                if frame & 1 == 1 {
                    guard i < end else {
                        throw syntaxError(i, "unexpected end of input, expected ',' or '}' after an object member")
                    }
                    let c = p[i]
                    if c == UInt8(ascii: ",") {
                        i += 1
                        skipWhitespace()
                        try parseMemberKey(after: "','")
                        continue nextValue
                    }
                    if c == UInt8(ascii: "}") {
                        i += 1
                        frames.count -= 1
                        place(.object(JSONObject(members.popArray(from: frame >> 1))))
                        continue
                    }
                    throw unexpected(i, "expected ',' or '}' after an object member")
                } else {
                    guard i < end else {
                        throw syntaxError(i, "unexpected end of input, expected ',' or ']' after an array element")
                    }
                    let c = p[i]
                    if c == UInt8(ascii: ",") {
                        i += 1
                        skipWhitespace()
                        continue nextValue
                    }
                    if c == UInt8(ascii: "]") {
                        i += 1
                        frames.count -= 1
                        place(.array(values.popArray(from: frame >> 1)))
                        continue
                    }
                    throw unexpected(i, "expected ',' or ']' after an array element")
                }
            }
        }
    }

    /// Puts a complete value where it belongs: the open object's last member, the open array,
    /// or (at top level) the result.
    @inline(__always)
    mutating func place(_ v: consuming JSONValue) {
        if frames.count == 0 {
            result = v
        } else if frames.base[frames.count - 1] & 1 == 1 {
            members.base[members.count - 1].value = v
        } else {
            values.push(v)
        }
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while i < end {
            let c = p[i]
            if c > 0x20 { return }
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    @inline(__always)
    func checkDepth() throws(JSONParseError) {
        if frames.count >= maxDepth {
            throw JSONParseError(kind: .tooDeep, offset: i, message: "nesting deeper than \(maxDepth) levels")
        }
    }

    /// At `i`: a member key, `:` and the whitespace before the member's value. The member goes
    /// on the stack with a placeholder value.
    mutating func parseMemberKey(after what: StaticString) throws(JSONParseError) {
        guard i < end, p[i] == UInt8(ascii: "\"") else {
            throw unexpected(i, "expected a string key after \(what) in an object")
        }
        members.push((key: try parseString(), value: .null))
        skipWhitespace()
        guard i < end, p[i] == UInt8(ascii: ":") else {
            throw unexpected(i, "expected ':' after an object key")
        }
        i += 1
        skipWhitespace()
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        if end - i >= n {
            var k = 0
            while k < n && p[i + k] == w[k] { k += 1 }
            if k == n {
                i += n
                return
            }
        }
        throw syntaxError(i, "invalid literal, expected '\(word)'")
    }
}
