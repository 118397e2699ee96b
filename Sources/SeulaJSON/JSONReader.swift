/// A byte-level, RFC 8259 conformant JSON parser.
///
/// - Any value at top level; only JSON whitespace (space, `\t`, `\n`, `\r`) around it. A byte order
///   mark is rejected.
/// - The whole input must be well-formed UTF-8 (no overlong forms, no encoded surrogates, nothing
///   above U+10FFFF, no truncated sequences) → `.invalidUTF8`.
/// - Strings: every RFC escape, `\uXXXX` surrogate pairs combined; a lone or mismatched surrogate
///   escape is rejected (a Swift `String` cannot hold it); raw control characters (< 0x20) rejected.
/// - Numbers follow the RFC grammar exactly (see `JSONParser+Number.swift`).
/// - Objects keep members in document order, duplicates included.
/// - More than `maxDepth` nested arrays/objects → `.tooDeep`. The parser keeps its own stack (no
///   recursion), so no input, however deep, can overflow the call stack.
///
/// Speed, measured with `swift build -c release` (Swift 6.3.1, x86_64 Linux VM with 2 shared
/// vCPUs; per-thread CPU time, which still varied about 2× between runs on this machine): a file
/// of 100 000 lines (10.9 MB, ~109 bytes a line) of small objects like
/// `{"id":"c1","age":34,"coping":{"a":1,"b":null},"risk":{"housing":"stable","n":3},"flags":{"x":true}}`,
/// each line parsed on its own and the value then released: median ≈ 80 MB/s ≈ 0.75 million
/// objects/s (range 69–149 MB/s, 0.64–1.37 M/s, over 15 rounds). The same data as one
/// 100 000-element array: 60–105 MB/s. Callgrind: ≈ 6 400 instructions per line to parse, a
/// third of it `String` creation and array allocation in the standard library.
public enum JSONReader {
    /// Parses one JSON text.
    public static func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 128) throws(JSONParseError) -> JSONValue {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw JSONParseError(kind: .syntax, offset: 0, message: "unexpected end of input, expected a value")
        }
        // The parser's working stacks start in stack memory; deep or wide documents move them to the heap.
        let result: Result<JSONValue, JSONParseError> =
            withUnsafeTemporaryAllocation(of: JSONValue.self, capacity: JSONParser.inlineValues) { values in
            withUnsafeTemporaryAllocation(of: JSONParser.Member.self, capacity: JSONParser.inlineMembers) { members in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: JSONParser.inlineFrames) { frames in
                var parser = JSONParser(bytes: base.assumingMemoryBound(to: UInt8.self), count: bytes.count,
                                        maxDepth: maxDepth, values: values, members: members, frames: frames)
                defer { parser.releaseStacks() }
                do throws(JSONParseError) {
                    return .success(try parser.parseDocument())
                } catch {
                    return .failure(error)
                }
            }
            }
            }
        return try result.get()
    }

    /// Parses one JSON text.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 128) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBytes { buffer in
            do throws(JSONParseError) {
                return .success(try parse(buffer, maxDepth: maxDepth))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses one JSON text given as a Swift string (its UTF-8 bytes; a Swift string is always
    /// valid UTF-8, but a leading U+FEFF is still rejected as a byte order mark).
    public static func parse(_ text: String, maxDepth: Int = 128) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { utf8 in
            do throws(JSONParseError) {
                return .success(try parse(UnsafeRawBufferPointer(utf8), maxDepth: maxDepth))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

