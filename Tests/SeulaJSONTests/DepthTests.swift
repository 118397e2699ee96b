import XCTest
import SeulaJSON

final class DepthTests: XCTestCase {
    func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
    }

    func nestedObjects(_ depth: Int) -> String {
        String(repeating: #"{"k":"#, count: depth) + "1" + String(repeating: "}", count: depth)
    }

    func testDefaultLimitIs128() {
        guard let v = mustParse(nestedArrays(128)) else { return }
        var depth = 0
        var cursor = v
        while case .array(let a) = cursor, let first = a.first {
            depth += 1
            cursor = first
        }
        XCTAssertEqual(depth, 128)
        XCTAssertEqual(cursor, .number(JSONNumber(1)))

        let e = mustFail(nestedArrays(129))
        XCTAssertEqual(e?.kind, .tooDeep)
        XCTAssertEqual(e?.offset, 128)              // the 129th '['
        XCTAssertEqual(e?.message, "nesting deeper than 128 levels")

        XCTAssertNotNil(mustParse(nestedObjects(128)))
        XCTAssertEqual(mustFail(nestedObjects(129))?.kind, .tooDeep)

        // Empty containers count too.
        XCTAssertNotNil(mustParse(String(repeating: "[", count: 128) + String(repeating: "]", count: 128)))
        XCTAssertEqual(mustFail(String(repeating: "[", count: 129) + String(repeating: "]", count: 129))?.kind, .tooDeep)
        XCTAssertEqual(mustFail(String(repeating: "[", count: 128) + "{}" + String(repeating: "]", count: 128))?.kind, .tooDeep)
    }

    func testCustomLimit() {
        XCTAssertNotNil(try? parseResult(Array("[[1]]".utf8), maxDepth: 2).get())
        XCTAssertEqual(mustFail("[[[1]]]", maxDepth: 2)?.kind, .tooDeep)
        XCTAssertEqual(mustFail("[{\"a\":[1]}]", maxDepth: 2)?.offset, 6)
        XCTAssertNotNil(try? parseResult(Array("1".utf8), maxDepth: 0).get())
        XCTAssertEqual(mustFail("[]", maxDepth: 0)?.kind, .tooDeep)
        // Siblings do not add up: depth is nesting, not count.
        let wide = "[" + Array(repeating: "[[1]]", count: 1000).joined(separator: ",") + "]"
        XCTAssertNotNil(try? parseResult(Array(wide.utf8), maxDepth: 3).get())
    }

    func testHundredThousandOpenBracketsDoNotCrash() {
        let e = mustFail(String(repeating: "[", count: 100_000))
        XCTAssertEqual(e?.kind, .tooDeep)
        XCTAssertEqual(e?.offset, 128)
        XCTAssertEqual(mustFail(String(repeating: "{\"a\":", count: 100_000))?.kind, .tooDeep)
        // With no limit at all the parser still uses no call stack per level: it reaches the end.
        let unlimited = mustFail(String(repeating: "[", count: 100_000), maxDepth: .max)
        XCTAssertEqual(unlimited?.kind, .syntax)
        XCTAssertEqual(unlimited?.offset, 100_000)
    }
}
