import XCTest
import SeulaJSON

final class StringTests: XCTestCase {
    func testEscapes() {
        XCTAssertEqual(mustParse(#""\"\\\/\b\f\n\r\t""#), .string("\"\\/\u{8}\u{c}\n\r\t"))
        XCTAssertEqual(mustParse(#""\u0041\u00e9\u00E9\u20AC\u0000""#), .string("Aéé€\u{0}"))
        XCTAssertEqual(mustParse(#""a\nb""#), .string("a\nb"))
        XCTAssertEqual(mustParse(#""""#), .string(""))
        XCTAssertEqual(mustParse(#""plain ascii, no escapes at all""#), .string("plain ascii, no escapes at all"))
    }

    func testSurrogatePairs() {
        XCTAssertEqual(mustParse(#""\uD83D\uDE00""#), .string("😀"))
        XCTAssertEqual(mustParse(#""\ud834\udd1e x""#), .string("𝄞 x"))
        XCTAssertEqual(mustParse(#""\uDBFF\uDFFF""#), .string("\u{10FFFF}"))
        XCTAssertEqual(mustParse(#""\uD800\uDC00""#), .string("\u{10000}"))
    }

    func testLoneSurrogatesRejected() {
        for text in [#""\uD800""#, #""\uDC00""#, #""\uDFFF abc""#, #""\uD800\u0041""#, #""\uD800x""#,
                     #""\uD800\""#, #""\uDBFF\uDBFF""#, #""\uDE00\uD83D""#, #""\uD83D\n""#, #"{"\uDC00":1}"#] {
            guard let e = mustFail(text) else { continue }
            XCTAssertEqual(e.kind, .syntax, text)
        }
        let e = mustFail(#"["ab\uD800"]"#)
        XCTAssertEqual(e?.offset, 4)
        XCTAssertTrue(e?.message.contains("unpaired surrogate") ?? false, e?.message ?? "")
    }

    func testBadEscapesRejected() {
        for text in [#""\x""#, #""\'""#, #""\U0041""#, #""\u12""#, #""\u12G4""#, #""\""#, #""\a""#, "\"\\\u{e9}\""] {
            guard let e = mustFail(text) else { continue }
            XCTAssertEqual(e.kind, .syntax, text)
        }
        XCTAssertEqual(mustFail(#""ab\x""#)?.message, "invalid escape '\\x' in string")
        XCTAssertEqual(mustFail(#""ab\x""#)?.offset, 3)
    }

    func testRawUTF8() {
        let text = "\"héllo € 𝄞 日本 \u{7F}\""
        XCTAssertEqual(mustParse(text), .string("héllo € 𝄞 日本 \u{7F}"))
        // A byte order mark is fine inside a string, not in front of the document.
        XCTAssertEqual(mustParse("\"\u{FEFF}\""), .string("\u{FEFF}"))
        let bom = mustFail([0xEF, 0xBB, 0xBF] + Array("{}".utf8))
        XCTAssertEqual(bom?.kind, .syntax)
        XCTAssertEqual(bom?.offset, 0)
        XCTAssertEqual(mustFail("\u{FEFF}{}")?.kind, .syntax)
    }

    func testInvalidUTF8Rejected() {
        let cases: [(bytes: [UInt8], offset: Int)] = [
            ([0x22, 0xFF, 0x22], 1),                      // never valid
            ([0x22, 0x80, 0x22], 1),                      // lone continuation byte
            ([0x22, 0xC0, 0xAF, 0x22], 1),                // overlong '/'
            ([0x22, 0xC1, 0xBF, 0x22], 1),                // overlong
            ([0x22, 0xE0, 0x80, 0xAF, 0x22], 2),          // overlong 3-byte
            ([0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], 2),    // overlong 4-byte
            ([0x22, 0xED, 0xA0, 0x80, 0x22], 2),          // encoded surrogate U+D800
            ([0x22, 0xED, 0xBF, 0xBF, 0x22], 2),          // encoded surrogate U+DFFF
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 2),    // U+110000
            ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], 1),    // lead byte beyond U+10FFFF
            ([0x22, 0xE2, 0x82, 0x22], 3),                // truncated by the closing quote
            ([0x22, 0x61, 0xC3], 3),                      // truncated by the end of input
            ([0x5B, 0x31, 0x2C, 0xFF, 0x5D], 3),          // outside a string
            ([0x22, 0x61, 0x22, 0x20, 0xC3], 5),          // after the value (truncated)
            ([0xFE, 0xFF, 0x22, 0x22], 0),                // UTF-16 BOM
        ]
        for c in cases {
            guard let e = mustFail(c.bytes) else { continue }
            XCTAssertEqual(e.kind, .invalidUTF8, "\(c.bytes)")
            XCTAssertEqual(e.offset, c.offset, "\(c.bytes)")
        }
        XCTAssertEqual(mustFail([0x22, 0xFF, 0x22])?.message, "invalid UTF-8 byte 0xff")
        // Also in the escape path of a string, and in a key.
        XCTAssertEqual(mustFail(Array(#""\n"#.utf8) + [0xED, 0xA0, 0x80, 0x22])?.kind, .invalidUTF8)
        XCTAssertEqual(mustFail(Array(#"{""#.utf8) + [0xC3, 0x28] + Array(#"":1}"#.utf8))?.kind, .invalidUTF8)
        // Valid multi-byte characters at every edge of the lengths.
        let edges: [[UInt8]] = [[0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
                                [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF]]
        for edge in edges {
            let v = parseResult([0x22] + edge + [0x22])
            XCTAssertEqual(try? v.get(), .string(String(decoding: edge, as: UTF8.self)), "\(edge)")
        }
        // A valid non-ASCII character where structure is expected is a syntax error.
        XCTAssertEqual(mustFail("[1 é]")?.kind, .syntax)
        XCTAssertEqual(mustFail("[1 é]")?.message, "expected ',' or ']' after an array element, found character U+00E9")
    }

    func testRawControlCharactersRejected() {
        for c in [UInt8](0x00..<0x20) {
            guard let e = mustFail([0x22, 0x61, c, 0x22]) else { continue }
            XCTAssertEqual(e.kind, .syntax)
            XCTAssertEqual(e.offset, 2)
        }
        XCTAssertEqual(mustFail("\"a\tb\"")?.message, "raw control character 0x09 in string (must be escaped)")
        XCTAssertEqual(mustFail("\"\\n\n\"")?.offset, 3)   // in the escape path too
        XCTAssertEqual(mustParse("\"\u{7F}\""), .string("\u{7F}"))  // DEL is not a control character in JSON
    }

    /// Long strings, with the interesting byte at every position: exercises the 8-bytes-at-a-time
    /// scan and its hand-over to the byte loop.
    func testEveryPositionInLongStrings() {
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 31, 40] {
            for k in 0...length {
                let before = String(repeating: "a", count: k)
                let after = String(repeating: "b", count: length - k)
                XCTAssertEqual(mustParse("\"\(before)\(after)\""), .string(before + after))
                XCTAssertEqual(mustParse("\"\(before)\\\"\(after)\""), .string(before + "\"" + after))
                XCTAssertEqual(mustParse("\"\(before)\\\\\(after)\""), .string(before + "\\" + after))
                XCTAssertEqual(mustParse("\"\(before)é\(after)\""), .string(before + "é" + after))
                XCTAssertEqual(mustParse("\"\(before)\\u00e9\(after)\\n\""), .string(before + "é" + after + "\n"))
                let control = mustFail("\"\(before)\u{1}\(after)\"")
                XCTAssertEqual(control?.offset, 1 + k)
                let invalid = mustFail(Array("\"\(before)".utf8) + [0xFF] + Array("\(after)\"".utf8))
                XCTAssertEqual(invalid?.offset, 1 + k)
                XCTAssertEqual(invalid?.kind, .invalidUTF8)
                let unterminated = mustFail("\"\(before)\(after)")
                XCTAssertEqual(unterminated?.offset, 1 + length)
            }
        }
    }

    func testKeysAndDuplicates() {
        guard let v = mustParse(#"{"a":1,"b\u0021":2,"a":3}"#), let o = v.objectValue else { return }
        XCTAssertEqual(o.members.map(\.key), ["a", "b!", "a"])   // document order, duplicates kept
        XCTAssertEqual(v["a"], .number(JSONNumber(3)))            // last wins
        XCTAssertEqual(v["b!"], .number(JSONNumber(2)))
        XCTAssertEqual(o.keys, ["a", "b!"])
    }
}
