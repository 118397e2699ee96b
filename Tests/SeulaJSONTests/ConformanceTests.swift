import Foundation
import XCTest
import SeulaJSON

/// Every file of JSONTestSuite's test_parsing (https://github.com/nst/JSONTestSuite): `y_` must
/// parse, `n_` must be rejected, `i_` (implementation-defined) must not crash — and for the `i_`
/// files present today, the outcome Seula chose is pinned below.
final class ConformanceTests: XCTestCase {
    /// `<package root>/Tests/Fixtures/JSONTestSuite/test_parsing` (vendored: see its ORIGIN.md),
    /// found from this file (`<package root>/Tests/SeulaJSONTests/ConformanceTests.swift`).
    static var suiteDirectory: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()   // SeulaJSONTests
            .deletingLastPathComponent()   // Tests
            .appendingPathComponent("Fixtures/JSONTestSuite/test_parsing")
            .standardizedFileURL
    }

    /// The suite is inside the repository, so a clone alone runs it (no sibling folders).
    func testTheSuiteIsInsideTheRepository() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        XCTAssertTrue(Self.suiteDirectory.path.hasPrefix(root.standardizedFileURL.path))
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.suiteDirectory.path).filter { $0.hasSuffix(".json") }
        XCTAssertGreaterThan(files.count, 300)
        XCTAssertTrue(FileManager.default.fileExists(atPath: Self.suiteDirectory.deletingLastPathComponent().appendingPathComponent("LICENSE").path))
    }

    enum Outcome: Equatable { case accepted, rejected(JSONParseError.Kind) }

    /// What Seula does with the implementation-defined cases (and why).
    static let implementationDefined: [String: Outcome] = [
        // Numbers beyond Double's range or precision: accepted; the double is ±inf, 0 or rounded.
        "i_number_double_huge_neg_exp.json": .accepted,
        "i_number_huge_exp.json": .accepted,
        "i_number_neg_int_huge_exp.json": .accepted,
        "i_number_pos_double_huge_exp.json": .accepted,
        "i_number_real_neg_overflow.json": .accepted,
        "i_number_real_pos_overflow.json": .accepted,
        "i_number_real_underflow.json": .accepted,
        "i_number_too_big_neg_int.json": .accepted,
        "i_number_too_big_pos_int.json": .accepted,
        "i_number_very_big_negative_int.json": .accepted,
        // Surrogate escapes that do not pair up: a Swift String cannot hold them.
        "i_object_key_lone_2nd_surrogate.json": .rejected(.syntax),
        "i_string_1st_surrogate_but_2nd_missing.json": .rejected(.syntax),
        "i_string_1st_valid_surrogate_2nd_invalid.json": .rejected(.syntax),
        "i_string_incomplete_surrogate_and_escape_valid.json": .rejected(.syntax),
        "i_string_incomplete_surrogate_pair.json": .rejected(.syntax),
        "i_string_incomplete_surrogates_escape_valid.json": .rejected(.syntax),
        "i_string_invalid_lonely_surrogate.json": .rejected(.syntax),
        "i_string_invalid_surrogate.json": .rejected(.syntax),
        "i_string_inverted_surrogates_U+1D11E.json": .rejected(.syntax),
        "i_string_lone_second_surrogate.json": .rejected(.syntax),
        // Not UTF-8.
        "i_string_UTF-16LE_with_BOM.json": .rejected(.invalidUTF8),
        "i_string_UTF-8_invalid_sequence.json": .rejected(.invalidUTF8),
        "i_string_UTF8_surrogate_U+D800.json": .rejected(.invalidUTF8),
        "i_string_invalid_utf-8.json": .rejected(.invalidUTF8),
        "i_string_iso_latin_1.json": .rejected(.invalidUTF8),
        "i_string_lone_utf8_continuation_byte.json": .rejected(.invalidUTF8),
        "i_string_not_in_unicode_range.json": .rejected(.invalidUTF8),
        "i_string_overlong_sequence_2_bytes.json": .rejected(.invalidUTF8),
        "i_string_overlong_sequence_6_bytes.json": .rejected(.invalidUTF8),
        "i_string_overlong_sequence_6_bytes_null.json": .rejected(.invalidUTF8),
        "i_string_truncated-utf-8.json": .rejected(.invalidUTF8),
        // UTF-16 without a BOM: a NUL byte outside / inside a string.
        "i_string_utf16BE_no_BOM.json": .rejected(.syntax),
        "i_string_utf16LE_no_BOM.json": .rejected(.syntax),
        // Deeper than the default limit of 128.
        "i_structure_500_nested_arrays.json": .rejected(.tooDeep),
        // A byte order mark is not JSON text.
        "i_structure_UTF-8_BOM_empty_object.json": .rejected(.syntax),
    ]

    func testJSONTestSuite() throws {
        let directory = Self.suiteDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            XCTFail("JSONTestSuite not found at \(directory.path): expected <package root>/Tests/Fixtures/JSONTestSuite/test_parsing")
            return
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        var counts = (y: 0, n: 0, i: 0)
        var report: [String] = []
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            let result = parseResult(bytes)
            let outcome: Outcome
            switch result {
            case .success: outcome = .accepted
            case .failure(let e):
                outcome = .rejected(e.kind)
                XCTAssert(e.offset >= 0 && e.offset <= bytes.count, "\(name): offset \(e.offset) outside the input")
                XCTAssertFalse(e.message.isEmpty, "\(name): empty message")
            }
            if name.hasPrefix("y_") {
                counts.y += 1
                guard case .success(let v) = result else {
                    XCTFail("\(name) must parse: \(outcome) \(result)")
                    continue
                }
                // The canonical form parses back to itself.
                let canonical = v.canonicalBytes
                guard case .success(let again) = parseResult(canonical) else {
                    XCTFail("\(name): canonical form \(String(decoding: canonical, as: UTF8.self)) does not parse")
                    continue
                }
                XCTAssertEqual(again.canonicalBytes, canonical, "\(name): canonical form is not stable")
            } else if name.hasPrefix("n_") {
                counts.n += 1
                XCTAssertNotEqual(outcome, .accepted, "\(name) must be rejected")
            } else if name.hasPrefix("i_") {
                counts.i += 1
                report.append("\(name): \(outcome)")
                if let expected = Self.implementationDefined[name] {
                    XCTAssertEqual(outcome, expected, "\(name)")
                }
            }
        }
        print("JSONTestSuite: \(counts.y) y_ accepted, \(counts.n) n_ rejected, \(counts.i) i_:\n  " + report.joined(separator: "\n  "))
        XCTAssertGreaterThan(counts.y, 80, "too few y_ files: is the suite complete?")
        XCTAssertGreaterThan(counts.n, 150, "too few n_ files: is the suite complete?")
        XCTAssertGreaterThan(counts.i, 0)
    }
}
