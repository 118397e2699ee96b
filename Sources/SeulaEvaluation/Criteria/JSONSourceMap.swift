/// Where each value of a JSON document sits in its bytes, by path (`risk.threshold`,
/// `risk.indicators[3].bins[1].points`; "" is the root), so a new criteria version can be
/// written by replacing only the changed values: every other byte, comments in `note`s and the
/// author's layout included, stays exactly as it was.
///
/// The input must be valid JSON (the caller has parsed it with `JSONReader`); for duplicate
/// keys the last one wins, as in lookups.
///
/// Complexity: O(bytes) time and O(values) memory.
public struct JSONSourceMap: Sendable {
    public struct Span: Sendable, Equatable {
        /// The opening quote of the member's key, for object members.
        public var keyStart: Int?
        /// The value's first byte and one past its last.
        public var start: Int
        public var end: Int
    }

    public private(set) var spans: [String: Span] = [:]

    public init(_ bytes: [UInt8]) {
        var scanner = Scanner(bytes: bytes)
        scanner.value(path: "", keyStart: nil)
        spans = scanner.spans
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var spans: [String: Span] = [:]

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        }

        mutating func value(path: String, keyStart: Int?) {
            skipSpace()
            let start = i
            guard i < bytes.count else { return }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                skipSpace()
                while i < bytes.count, bytes[i] != UInt8(ascii: "}") {
                    let k = i
                    let key = string()
                    skipSpace()
                    i += 1  // ':'
                    value(path: path.isEmpty ? key : "\(path).\(key)", keyStart: k)
                    skipSpace()
                    if i < bytes.count, bytes[i] == UInt8(ascii: ",") { i += 1; skipSpace() }
                }
                i += 1
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                var n = 0
                while i < bytes.count, bytes[i] != UInt8(ascii: "]") {
                    value(path: "\(path)[\(n)]", keyStart: nil)
                    n += 1
                    skipSpace()
                    if i < bytes.count, bytes[i] == UInt8(ascii: ",") { i += 1; skipSpace() }
                }
                i += 1
            case UInt8(ascii: "\""):
                _ = string()
            default:
                while i < bytes.count, !",]} \t\r\n".utf8.contains(bytes[i]) { i += 1 }
            }
            spans[path] = Span(keyStart: keyStart, start: start, end: i)
        }

        /// Reads a string token, returning its decoded text (escapes resolved enough for keys).
        mutating func string() -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                    out.append(bytes[i + 1])
                    i += 2
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            i += 1
            return String(decoding: out, as: UTF8.self)
        }
    }
}
