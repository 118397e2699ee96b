import XCTest
import SeulaJSON

final class NumberTests: XCTestCase {
    func testIntegerVersusNonInteger() {
        let thirty = number("30")
        XCTAssertEqual(thirty?.isInteger, true)
        XCTAssertEqual(thirty?.int64, 30)
        XCTAssertEqual(thirty?.double, 30)

        for text in ["30.0", "3e1", "3E1", "3e+1", "300e-1", "30.00e0"] {
            let n = number(text)
            XCTAssertEqual(n?.isInteger, false, text)
            XCTAssertNil(n?.int64, text)
            XCTAssertEqual(n?.double, 30, text)
        }
        XCTAssertEqual(mustParse("30")?.typeName, "integer")
        XCTAssertEqual(mustParse("30.0")?.typeName, "number")
    }

    func testNegativeZero() {
        let z = number("-0")
        XCTAssertEqual(z?.isInteger, true)
        XCTAssertEqual(z?.int64, 0)
        XCTAssertEqual(z?.double.sign, .minus)
        XCTAssertEqual(number("-0.0")?.double.sign, .minus)
        XCTAssertEqual(number("-0e5")?.double.sign, .minus)
        XCTAssertEqual(number("0")?.double.sign, .plus)
    }

    func testInt64Limits() {
        let max = number("9223372036854775807")
        XCTAssertEqual(max?.int64, Int64.max)
        XCTAssertEqual(max?.isInteger, true)
        XCTAssertEqual(max?.double, 9223372036854775807.0)

        let min = number("-9223372036854775808")
        XCTAssertEqual(min?.int64, Int64.min)
        XCTAssertEqual(min?.double, -9223372036854775808.0)

        let over = number("9223372036854775808")
        XCTAssertEqual(over?.isInteger, true)
        XCTAssertNil(over?.int64)
        XCTAssertEqual(over?.double, 9223372036854775808.0)

        let under = number("-9223372036854775809")
        XCTAssertEqual(under?.isInteger, true)
        XCTAssertNil(under?.int64)
        XCTAssertEqual(under?.double, -9223372036854775808.0)

        let twenty = number("18446744073709551616")          // 2^64: beyond UInt64 too
        XCTAssertNil(twenty?.int64)
        XCTAssertEqual(twenty?.double, 18446744073709551616.0)

        let huge = number("-123456789012345678901234567890")
        XCTAssertEqual(huge?.isInteger, true)
        XCTAssertNil(huge?.int64)
        XCTAssertEqual(huge?.double, -1.2345678901234568e29)

        // Exact as Int64, rounded (ties to even) as Double.
        let odd = number("9007199254740993")
        XCTAssertEqual(odd?.int64, 9_007_199_254_740_993)
        XCTAssertEqual(odd?.double, 9_007_199_254_740_992)
    }

    func testOutOfRangeDoublesDoNotTrap() {
        XCTAssertEqual(number("1e400")?.double, .infinity)
        XCTAssertEqual(number("-1e400")?.double, -.infinity)
        XCTAssertEqual(number("1e400")?.isInteger, false)
        XCTAssertEqual(number("1e-400")?.double, 0)
        XCTAssertEqual(number("123e99999999999999999999999999")?.double, .infinity)
        XCTAssertEqual(number("1e-99999999999999999999999999")?.double, 0)
        XCTAssertEqual(number("0e99999999999999999999999999")?.double, 0)
        XCTAssertEqual(number(String(repeating: "9", count: 400))?.double, .infinity)
        XCTAssertEqual(number("-" + String(repeating: "9", count: 400))?.double, -.infinity)
    }

    func testCorrectRounding() {
        XCTAssertEqual(number("0.1")?.double, 0.1)
        XCTAssertEqual(number("0.30000000000000004")?.double, 0.1 + 0.2)
        XCTAssertEqual(number("1.7976931348623157e308")?.double, .greatestFiniteMagnitude)
        XCTAssertEqual(number("2.2250738585072014e-308")?.double, .leastNormalMagnitude)
        XCTAssertEqual(number("4.9406564584124654e-324")?.double, .leastNonzeroMagnitude)
        XCTAssertEqual(number("0.000001")?.double, 1e-6)
        XCTAssertEqual(number("123456.789e3")?.double, 123456789)
        // Exactly halfway between 1 and the next double: ties to even (1); a hair above: up.
        XCTAssertEqual(number("1.00000000000000011102230246251565404236316680908203125")?.double, 1.0)
        XCTAssertEqual(number("1.00000000000000011102230246251565404236316680908203126")?.double, (1.0).nextUp)
        XCTAssertEqual(number("0.00000000000000000000000000000000000000000000001e46")?.double, 0.1)
    }

    /// Random literals of every shape: the parser (fast or slow path) must agree with the
    /// standard library's correctly rounded `Double(String)`.
    func testRandomLiteralsMatchStandardLibrary() {
        var rng = SeededGenerator(seed: 0x5EED_0001)
        for _ in 0..<5000 {
            var text = Bool.random(using: &rng) ? "-" : ""
            let intDigits = Int.random(in: 1...22, using: &rng)
            text += String(Int.random(in: intDigits == 1 ? 0...9 : 1...9, using: &rng))
            for _ in 1..<intDigits { text += String(Int.random(in: 0...9, using: &rng)) }
            let isInteger = Int.random(in: 0..<3, using: &rng) == 0
            if !isInteger {
                if Bool.random(using: &rng) {
                    text += "."
                    for _ in 0..<Int.random(in: 1...25, using: &rng) { text += String(Int.random(in: 0...9, using: &rng)) }
                }
                if Bool.random(using: &rng) {
                    text += ["e", "E", "e+", "e-", "E-"].randomElement(using: &rng)!
                    text += String(Int.random(in: 0...330, using: &rng))
                }
            }
            guard let n = number(text) else { continue }
            let expected = Double(text)!
            XCTAssertEqual(n.double.bitPattern, expected.bitPattern, text)
            let literalIsInteger = !text.contains(where: { ".eE".contains($0) })
            XCTAssertEqual(n.isInteger, literalIsInteger, text)
            if literalIsInteger {
                XCTAssertEqual(n.int64, Int64(text), text)
            }
        }
    }

    func testRejectedNumbers() {
        let bad = ["01", "-01", "00", "+1", ".5", "-.5", "1.", "1.e5", "1e", "1e+", "1E-", "-", "--1",
                   "0x10", "NaN", "-NaN", "Infinity", "-Infinity", "1.5e", "1ee5", "1e5.0", "2.", "[1.]",
                   "[-]", "[01]", "1_000", "١", "0.e1", "- 1"]
        for text in bad {
            guard let e = mustFail(text) else { continue }
            XCTAssertEqual(e.kind, .syntax, text)
        }
        XCTAssertEqual(mustFail("01")?.message, "leading zeros are not allowed in numbers")
        XCTAssertEqual(mustFail("[-01]")?.offset, 1)
        XCTAssertEqual(mustFail("1.")?.offset, 2)
        XCTAssertTrue(mustFail("1.")?.message.hasPrefix("unexpected end of input, expected a digit after the decimal point") ?? false)
        XCTAssertEqual(mustFail("1.x")?.message, "expected a digit after the decimal point, found 'x'")
        XCTAssertEqual(mustFail("1e+]")?.message, "expected a digit in the exponent, found ']'")
        XCTAssertEqual(mustFail("-a")?.message, "expected a digit after '-', found 'a'")
    }

    func testNumbersInsideContainers() {
        guard let v = mustParse("[0,-1,2.5,{\"n\":-3e-2}, 4 ]") else { return }
        XCTAssertEqual(v, .array([.number(JSONNumber(0)), .number(JSONNumber(-1)), .number(JSONNumber(2.5)),
                                  .object(JSONObject([(key: "n", value: .number(JSONNumber(-0.03)))])),
                                  .number(JSONNumber(4))]))
    }
}
