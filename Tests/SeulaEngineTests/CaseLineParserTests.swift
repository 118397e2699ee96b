import Foundation
import SeulaCore
@testable import SeulaEngine
import SeulaJSON
import SeulaService
import XCTest

/// The fast reader is a JSON reader too: it must never accept invalid JSON and never reject
/// valid JSON (it may hand valid but unusual lines to the general path).
final class CaseLineParserTests: XCTestCase {
    func testConformanceSuite() throws {
        let dir = packageRoot.appendingPathComponent("Tests/Fixtures/JSONTestSuite/test_parsing")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }
        XCTAssertGreaterThan(files.count, 300, "the JSONTestSuite is vendored in Tests/Fixtures/JSONTestSuite")
        let handler = try makeHandler()
        let parser = CaseLineParser(model: handler.criteria.newest, strict: false, today: handler.options.today)
        var c = ScreeningCase(id: "", age: 0, itemCount: 16, indicatorCount: 12, flagCount: 15)
        for name in files {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
            let outcome = bytes.withUnsafeBytes { parser.parse($0, into: &c) }
            if name.hasPrefix("y_") {
                XCTAssertNotEqual(outcome, .invalid, "\(name): valid JSON rejected")
                XCTAssertNotEqual(outcome, .parsed, "\(name): not a case, cannot be parsed as one")
            } else if name.hasPrefix("n_") {
                XCTAssertEqual(outcome, .invalid, "\(name): invalid JSON accepted")
            }
            // i_ files: any outcome, no crash.
        }
    }

    /// Mutations of valid cases: whatever the fast reader says must agree with the general
    /// reader — parsed means the general path finds the same case; invalid means JSONReader
    /// rejects it too.
    func testAgreesWithTheGeneralPathOnMutations() throws {
        let handler = try makeHandler()
        let model = handler.criteria.newest
        let parser = CaseLineParser(model: model, strict: false, today: handler.options.today)
        let validator = CaseValidator(model: model)
        let base = Array("{\"id\":\"m1\",\"age\":40,\"municipality\":\"Järvenpää\",\"household\":{\"children\":2,\"expecting\":false},\"coping\":{\"paying_bills\":3,\"mood_anxiety\":null,\"loneliness\":2},\"risk\":{\"housing\":\"homeless\",\"debt\":\"none\",\"child_welfare_household\":true,\"unemployment_months\":13},\"flags\":{\"care_leaver\":true}}".utf8)
        var rng = SplitMix64(seed: 31)
        let alphabet = Array("{}[]\":,0123456789.-+eEtrufalsn \\u\u{00e4}x".utf8)
        var c = ScreeningCase(id: "", age: 0, itemCount: 16, indicatorCount: 12, flagCount: 15)
        var parsed = 0, invalid = 0
        for _ in 0..<20_000 {
            var line = base
            for _ in 0..<(1 + rng.below(3)) {
                let i = rng.below(line.count)
                switch rng.below(3) {
                case 0: line[i] = alphabet[rng.below(alphabet.count)]
                case 1: line.remove(at: i)
                default: line.insert(alphabet[rng.below(alphabet.count)], at: i)
                }
            }
            let outcome = line.withUnsafeBytes { parser.parse($0, into: &c) }
            let general = try? JSONReader.parse(line, maxDepth: 32)
            switch outcome {
            case .invalid:
                XCTAssertNil(general, "fast reader rejected valid JSON: \(String(decoding: line, as: UTF8.self))")
                invalid += 1
            case .parsed:
                guard let general, case .success(let expected) = validator.validate(general) else {
                    XCTFail("fast reader parsed a line the general path rejects: \(String(decoding: line, as: UTF8.self))")
                    continue
                }
                XCTAssertEqual(c, expected, String(decoding: line, as: UTF8.self))
                parsed += 1
            case .fallback, .otherVersion:
                XCTAssertNotNil(general, "fell back on invalid JSON: \(String(decoding: line, as: UTF8.self))")
            }
        }
        XCTAssertGreaterThan(parsed, 1000)
        XCTAssertGreaterThan(invalid, 1000)
    }

    func testDuplicatesEscapesAndStrictModeGoToTheGeneralPath() throws {
        let handler = try makeHandler()
        let model = handler.criteria.newest
        let lenient = CaseLineParser(model: model, strict: false, today: handler.options.today)
        let strict = CaseLineParser(model: model, strict: true, today: handler.options.today)
        var c = ScreeningCase(id: "", age: 0, itemCount: 16, indicatorCount: 12, flagCount: 15)
        func outcome(_ p: CaseLineParser, _ s: String) -> CaseLineParser.Outcome { Array(s.utf8).withUnsafeBytes { p.parse($0, into: &c) } }
        XCTAssertEqual(outcome(lenient, "{\"id\":\"a\",\"age\":3}"), .parsed)
        XCTAssertEqual(outcome(lenient, "{\"id\":\"a\",\"age\":3,\"age\":4}"), .fallback, "a repeated field: last wins there")
        XCTAssertEqual(outcome(lenient, "{\"id\":\"a\",\"coping\":{\"paying_bills\":2,\"paying_bills\":null},\"age\":3}"), .fallback)
        XCTAssertEqual(outcome(lenient, "{\"\\u0069d\":\"a\",\"age\":3}"), .fallback, "an escaped key")
        XCTAssertEqual(outcome(lenient, "{\"id\":\"a\\u00e4\",\"age\":3}"), .fallback, "an escape in the id")
        XCTAssertEqual(outcome(lenient, "{\"id\":\"a\",\"age\":3,\"shoe\":1}"), .parsed)
        XCTAssertEqual(outcome(strict, "{\"id\":\"a\",\"age\":3,\"shoe\":1}"), .fallback)
        XCTAssertEqual(outcome(strict, "{\"id\":\"a\",\"age\":3,\"label\":{\"segment\":\"tuki\"}}"), .parsed)
        XCTAssertEqual(outcome(lenient, "{\"id\":\"a\",\"age\":3,\"hetu\":\"131052-308T\"}"), .fallback)
        XCTAssertEqual(outcome(lenient, "{\"op\":\"ping\"}"), .fallback)
        XCTAssertEqual(outcome(lenient, "{\"id\":\"a\",\"age\":30.0}"), .fallback)
        XCTAssertEqual(outcome(lenient, "{\"id\":\"a\",\"age\":3}x"), .invalid)
    }
}
