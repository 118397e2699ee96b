import XCTest
import SeulaJSON

/// Parses without throwing, so tests can look at either outcome.
func parseResult(_ bytes: [UInt8], maxDepth: Int = 128) -> Result<JSONValue, JSONParseError> {
    do throws(JSONParseError) {
        return .success(try JSONReader.parse(bytes, maxDepth: maxDepth))
    } catch {
        return .failure(error)
    }
}

/// The value of a document that must parse (through both the `[UInt8]` and the `String` entry
/// points, which must agree); fails the test otherwise.
func mustParse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
    switch parseResult(Array(text.utf8)) {
    case .success(let v):
        do throws(JSONParseError) {
            let viaString = try JSONReader.parse(text)
            XCTAssertEqual(viaString, v, "String and [UInt8] entry points disagree", file: file, line: line)
        } catch {
            XCTFail("String entry point rejected what [UInt8] accepted: \(error)", file: file, line: line)
        }
        return v
    case .failure(let e):
        XCTFail("\(text.debugDescription) should parse, got: \(e)", file: file, line: line)
        return nil
    }
}

/// The error for bytes that must be rejected; fails the test if they parse.
func mustFail(_ bytes: [UInt8], maxDepth: Int = 128, file: StaticString = #filePath, line: UInt = #line) -> JSONParseError? {
    switch parseResult(bytes, maxDepth: maxDepth) {
    case .success(let v):
        XCTFail("\(String(decoding: bytes.prefix(80), as: UTF8.self).debugDescription) should be rejected, parsed as \(v)", file: file, line: line)
        return nil
    case .failure(let e):
        return e
    }
}

func mustFail(_ text: String, maxDepth: Int = 128, file: StaticString = #filePath, line: UInt = #line) -> JSONParseError? {
    mustFail(Array(text.utf8), maxDepth: maxDepth, file: file, line: line)
}

func number(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONNumber? {
    guard let v = mustParse(text, file: file, line: line) else { return nil }
    guard case .number(let n) = v else {
        XCTFail("\(text) parsed as \(v), not a number", file: file, line: line)
        return nil
    }
    return n
}

/// Canonical writer output as text.
func written(_ body: (inout JSONWriter) -> Void) -> String {
    var w = JSONWriter(capacity: 16)
    body(&w)
    return String(decoding: w.bytes, as: UTF8.self)
}

/// SplitMix64: a small, seeded, deterministic generator for the property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
