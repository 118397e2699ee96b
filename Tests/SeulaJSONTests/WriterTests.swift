import XCTest
import SeulaJSON

final class WriterTests: XCTestCase {
    func testStringEscaping() {
        XCTAssertEqual(written { $0.string("plain") }, #""plain""#)
        XCTAssertEqual(written { $0.string("") }, #""""#)
        XCTAssertEqual(written { $0.string("a\"b\\c/d") }, #""a\"b\\c/d""#)
        XCTAssertEqual(written { $0.string("\u{8}\u{c}\n\r\t") }, #""\b\f\n\r\t""#)
        XCTAssertEqual(written { $0.string("\u{0}\u{1}\u{1b}\u{1f}") }, #""\u0000\u0001\u001b\u001f""#)
        XCTAssertEqual(written { $0.string("\u{7F}é€😀\u{2028}") }, "\"\u{7F}é€😀\u{2028}\"")
        XCTAssertEqual(written { $0.string("long run of plain text then \n and more plain text") },
                       #""long run of plain text then \n and more plain text""#)
        // Every string round-trips through the reader.
        for s in ["\u{0}", "x\u{1f}y", "\"\\", "e\u{301}", "🇫🇮"] {
            XCTAssertEqual(mustParse(written { $0.string(s) }), .string(s))
        }
    }

    func testScalars() {
        XCTAssertEqual(written { $0.int(0) }, "0")
        XCTAssertEqual(written { $0.int(-1) }, "-1")
        XCTAssertEqual(written { $0.int(1234567890) }, "1234567890")
        XCTAssertEqual(written { $0.int(.max) }, "9223372036854775807")
        XCTAssertEqual(written { $0.int(.min) }, "-9223372036854775808")
        XCTAssertEqual(written { $0.bool(true); $0.raw(","); $0.bool(false); $0.raw(UInt8(ascii: ",")); $0.null() },
                       "true,false,null")
        XCTAssertEqual(written { $0.raw("{\"k\":"); $0.int(1); $0.raw("}") }, #"{"k":1}"#)
    }

    func testDecimal1Table() {
        let table: [(Double, String)] = [
            (0.05, "0.1"), (0.04, "0.0"), (-0.04, "0.0"), (-0.05, "-0.1"), (6.25, "6.3"), (46.875, "46.9"),
            (2.0, "2.0"), (100, "100.0"), (1.45, "1.5"), (-11.95, "-12.0"), (0.95, "1.0"), (9.95, "10.0"),
            (0.15, "0.2"), (0.25, "0.3"), (0.35, "0.4"), (1.05, "1.1"), (2.675, "2.7"), (-2.675, "-2.7"),
            (0.0, "0.0"), (-0.0, "0.0"), (1e-5, "0.0"), (-1e-5, "0.0"), (.leastNonzeroMagnitude, "0.0"), (0.049999999, "0.0"),
            (99.94999, "99.9"), (99.95, "100.0"), (123456.789, "123456.8"), (0.1, "0.1"), (-7, "-7.0"),
            (1e20, "100000000000000000000.0"), (-1e16, "-10000000000000000.0"), (123456789012345.67, "123456789012345.7"),
            (.nan, "null"), (.infinity, "null"), (-.infinity, "null"),
        ]
        for (value, expected) in table {
            XCTAssertEqual(written { $0.decimal1(value) }, expected, "decimal1(\(value))")
        }
    }

    /// For every two-decimal number n/100 a person might see, decimal1 rounds as integer
    /// arithmetic on n does: half away from zero.
    func testDecimal1MatchesDecimalArithmetic() {
        for n in -30_000...30_000 {
            let magnitude = (abs(n) + 5) / 10
            let expected = (n < 0 && magnitude != 0 ? "-" : "") + "\(magnitude / 10).\(magnitude % 10)"
            XCTAssertEqual(written { $0.decimal1(Double(n) / 100) }, expected, "n = \(n)")
        }
        // Three decimals too (46.875 and friends).
        for n in stride(from: -99_995, through: 99_995, by: 5) {
            let magnitude = (abs(n) + 50) / 100
            let expected = (n < 0 && magnitude != 0 ? "-" : "") + "\(magnitude / 10).\(magnitude % 10)"
            XCTAssertEqual(written { $0.decimal1(Double(n) / 1000) }, expected, "n = \(n)")
        }
    }

    func testDouble() {
        let table: [(Double, String)] = [
            (2.0, "2.0"), (0.1, "0.1"), (-0.5, "-0.5"), (1e-5, "1e-05"), (1e300, "1e+300"), (-0.0, "-0.0"),
            (.nan, "null"), (.infinity, "null"), (-.infinity, "null"), (.greatestFiniteMagnitude, "1.7976931348623157e+308"),
        ]
        for (value, expected) in table {
            XCTAssertEqual(written { $0.double(value) }, expected, "double(\(value))")
        }
        // Any finite double: valid JSON that reads back as the same double.
        var rng = SeededGenerator(seed: 0xD0_0B1E)
        for _ in 0..<3000 {
            let d = Double(bitPattern: rng.next())
            guard d.isFinite else { continue }
            let text = written { $0.double(d) }
            XCTAssertEqual(number(text)?.double.bitPattern, d.bitPattern, text)
        }
    }

    func testCanonicalValue() {
        guard let v = mustParse(#" { "b" : [ true , null , { "d" : "x" , "c" : 2.5 } ] , "a" : 1 , "a" : -3e0 } "#) else { return }
        XCTAssertEqual(v.canonicalString, #"{"a":-3.0,"b":[true,null,{"c":2.5,"d":"x"}]}"#)
        XCTAssertEqual(v.canonicalBytes, Array(v.canonicalString.utf8))

        // Numbers: integers as integers, others in shortest form, -0.0 as 0.0.
        let numbers: [(JSONNumber, String)] = [
            (JSONNumber(30), "30"), (JSONNumber(30.0), "30.0"), (JSONNumber(-0.0), "0.0"), (JSONNumber(0.1), "0.1"),
            (JSONNumber(isInteger: true, int64: Int64.min, double: -9.223372036854776e18), "-9223372036854775808"),
            (JSONNumber(isInteger: true, int64: nil, double: 9223372036854775808), "9223372036854776000"),
            (JSONNumber(isInteger: true, int64: nil, double: 1e20), "100000000000000000000"),
            (JSONNumber(isInteger: true, int64: nil, double: -1.2345678901234568e29), "-123456789012345680000000000000"),
            (JSONNumber(isInteger: true, int64: nil, double: .infinity), "null"),
        ]
        for (n, expected) in numbers {
            XCTAssertEqual(JSONValue.number(n).canonicalString, expected)
        }
        // A big integer literal stays an integer through a round trip.
        guard let big = mustParse("123456789012345678901234567890") else { return }
        XCTAssertEqual(mustParse(big.canonicalString), big)
        XCTAssertEqual(mustParse(big.canonicalString)?.numberValue?.isInteger, true)
    }

    func testKeysSortByUTF8Bytes() {
        // UTF-16 order would put 😀 (D83D) before U+FFFD; String < is not byte order either.
        let keys = ["😀", "\u{FFFD}", "é", "z", "a", "Z", "", "aa", "a\u{0}"]
        let object = JSONValue.object(JSONObject(keys.enumerated().map { (key: $0.element, value: .number(JSONNumber($0.offset))) }))
        XCTAssertEqual(object.canonicalString,
                       "{\"\":6,\"Z\":5,\"a\":4,\"a\\u0000\":8,\"aa\":7,\"z\":3,\"é\":2,\"\u{FFFD}\":1,\"😀\":0}")
        // Duplicates collapse by bytes, last wins; canonically equivalent keys are distinct bytes.
        let dup = JSONValue.object(JSONObject([(key: "k", value: .null), (key: "é", value: .bool(true)),
                                               (key: "k", value: .bool(false)), (key: "e\u{301}", value: .null),
                                               (key: "k", value: .string("last"))]))
        XCTAssertEqual(dup.canonicalString, "{\"e\u{301}\":null,\"k\":\"last\",\"é\":true}")
    }

    func testEqualValuesGiveIdenticalBytes() {
        let texts = [#"{"x":[1,2.5,{"q":null,"p":"s"}],"y":{"b":false,"a":-0.0}}"#,
                     #"{ "y" : { "a" : 0.0 , "b" : false } , "x" : [ 1 , 25e-1 , { "p" : "s" , "q" : null } ] }"#,
                     #"{"y":{"a":0e0,"b":true,"b":false},"x":[1,2.50,{"p":"\u0073","q":null}],"x":[1,2.5,{"q":null,"p":"s"}]}"#]
        let values = texts.compactMap { mustParse($0) }
        XCTAssertEqual(values.count, 3)
        for v in values {
            XCTAssertEqual(v.canonicalString, #"{"x":[1,2.5,{"p":"s","q":null}],"y":{"a":0.0,"b":false}}"#)
        }
        // The same value built two ways is equal and writes the same bytes.
        let built = JSONValue.object(JSONObject([(key: "n", value: .number(JSONNumber(-0.0)))]))
        let parsed = mustParse(#"{"n":0.0}"#)
        XCTAssertEqual(built, parsed)
        XCTAssertEqual(built.canonicalBytes, parsed?.canonicalBytes)
    }
}
