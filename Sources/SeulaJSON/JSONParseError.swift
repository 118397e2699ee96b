/// Why `JSONReader` rejected a document, and where.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The bytes are valid UTF-8 but not JSON (RFC 8259 grammar).
        case syntax
        /// More nested arrays/objects than the reader's `maxDepth`.
        case tooDeep
        /// The bytes are not well-formed UTF-8 (RFC 3629).
        case invalidUTF8
    }

    public var kind: Kind
    /// 0-based byte offset where the problem was found (the input's length for "unexpected end").
    public var offset: Int
    /// Plain English, e.g. "expected ',' or '}' after an object member".
    public var message: String

    public init(kind: Kind, offset: Int, message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) (at byte offset \(offset))" }
}

/// 1-based line and column of a byte offset, for messages like "line 3, column 14".
///
/// Lines are separated by `\n` (so `\r\n` counts once); the column counts bytes, not characters.
/// An offset past the end is clamped to the end (where "unexpected end of input" points).
public func jsonLineColumn(_ bytes: UnsafeRawBufferPointer, offset: Int) -> (line: Int, column: Int) {
    let limit = min(max(offset, 0), bytes.count)
    var line = 1
    var lineStart = 0
    var i = 0
    while i < limit {
        if bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        i += 1
    }
    return (line, limit - lineStart + 1)
}

/// 1-based line and column of a byte offset (see the `UnsafeRawBufferPointer` overload).
public func jsonLineColumn(_ bytes: [UInt8], offset: Int) -> (line: Int, column: Int) {
    bytes.withUnsafeBytes { jsonLineColumn($0, offset: offset) }
}
