import XCTest
import SeulaJSON

final class ErrorReportingTests: XCTestCase {
    func testOffsetsAndMessages() {
        let cases: [(text: String, offset: Int, message: String)] = [
            (#"{"a":1,}"#, 7, "expected a string key after ',' in an object, found '}'"),
            (#"{"a":1 "b":2}"#, 7, "expected ',' or '}' after an object member, found '\"'"),
            (#"{"a" 1}"#, 5, "expected ':' after an object key, found '1'"),
            (#"{1:2}"#, 1, "expected a string key after '{' in an object, found '1'"),
            ("[1 2]", 3, "expected ',' or ']' after an array element, found '2'"),
            ("[1,]", 3, "expected a value, found ']'"),
            ("[1,2", 4, "unexpected end of input, expected ',' or ']' after an array element"),
            (#"{"a":"#, 5, "unexpected end of input, expected a value"),
            ("", 0, "unexpected end of input, expected a value"),
            ("   ", 3, "unexpected end of input, expected a value"),
            ("[1] x", 4, "expected end of input after the JSON value, found 'x'"),
            ("1 2", 2, "expected end of input after the JSON value, found '2'"),
            ("tru", 0, "invalid literal, expected 'true'"),
            ("[nul]", 1, "invalid literal, expected 'null'"),
            ("True", 0, "expected a value, found 'T'"),
            (#""abc"#, 4, "unexpected end of input inside the string starting at byte 0"),
            ("[1]\u{0}", 3, "expected end of input after the JSON value, found byte 0x00"),
            ("\u{c}1", 0, "expected a value, found byte 0x0c"),
        ]
        for c in cases {
            guard let e = mustFail(c.text) else { continue }
            XCTAssertEqual(e.kind, .syntax, c.text)
            XCTAssertEqual(e.offset, c.offset, c.text)
            XCTAssertEqual(e.message, c.message, c.text)
        }
        XCTAssertEqual(mustFail("[1,]")?.description, "expected a value, found ']' (at byte offset 3)")
    }

    func testWhitespace() {
        XCTAssertEqual(mustParse(" \t\r\n[ 1 ,\t2 ]\r\n "), .array([.number(JSONNumber(1)), .number(JSONNumber(2))]))
        XCTAssertEqual(mustParse(" { \"a\" : null } "), .object(JSONObject([(key: "a", value: .null)])))
        // Only the four JSON whitespace characters.
        XCTAssertNotNil(mustFail("\u{A0}1"))
        XCTAssertNotNil(mustFail("1\u{B}"))
        XCTAssertNotNil(mustFail("[1,\u{2028}2]"))
    }

    func testLineAndColumn() {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}"
        let bytes = Array(text.utf8)
        guard let e = mustFail(text) else { return }
        XCTAssertEqual(e.message, "expected ':' after an object key, found '2'")
        let position = jsonLineColumn(bytes, offset: e.offset)
        XCTAssertEqual(position.line, 3)
        XCTAssertEqual(position.column, 7)

        XCTAssertTrue(jsonLineColumn(bytes, offset: 0) == (1, 1))
        XCTAssertTrue(jsonLineColumn(bytes, offset: 1) == (1, 2))     // the first '\n' is still on line 1
        XCTAssertTrue(jsonLineColumn(bytes, offset: 2) == (2, 1))
        XCTAssertTrue(jsonLineColumn(bytes, offset: bytes.count) == (4, 2))
        XCTAssertTrue(jsonLineColumn(bytes, offset: 10_000) == (4, 2))  // clamped
        XCTAssertTrue(jsonLineColumn(bytes, offset: -5) == (1, 1))
        XCTAssertTrue(jsonLineColumn([], offset: 0) == (1, 1))
        // Columns count bytes; CRLF is one line break.
        let crlf = Array("é\r\nxy".utf8)
        XCTAssertTrue(jsonLineColumn(crlf, offset: 5) == (2, 2))
        XCTAssertTrue(jsonLineColumn(crlf, offset: 2) == (1, 3))
        crlf.withUnsafeBytes { raw in
            XCTAssertTrue(jsonLineColumn(raw, offset: 5) == (2, 2))
        }
    }

    func testErrorEquality() {
        XCTAssertEqual(mustFail("[1,]"), mustFail("[1,]"))
        XCTAssertNotEqual(mustFail("[1,]"), mustFail("[1,2,]"))
    }
}
