import Foundation
import SeulaJSON
import XCTest

/// The criteria live in `models/` as data: no Swift source spells a product, flag, override,
/// referral or review-rule id of a criteria file, so changing the criteria never needs code.
///
/// One exception, named here so it cannot grow unnoticed: the synthetic caseload generator
/// (`SeulaSynthetic`, `seula generate`) models a population and its caseworkers in the MODEL-V1
/// vocabulary (`Vocabulary.swift`) — test data, not a decision. Nothing that decides reads it.
final class CriteriaAsDataTests: XCTestCase {
    static let exemptModule = "Sources/SeulaSynthetic/"

    func testNoSwiftSourceNamesAnIdOfACriteriaFile() throws {
        var ids = Set<String>()
        for path in ["models/seula-v1.json", "models/seula-v2.json"] {
            let doc = try JSONReader.parse([UInt8](try Data(contentsOf: packageRoot.appendingPathComponent(path))))
            for member in ["products", "flags", "overrides", "referrals"] {
                for x in doc[member]?.arrayValue ?? [] { if let id = x["id"]?.stringValue { ids.insert(id) } }
            }
            for x in doc["review"]?["rules"]?.arrayValue ?? [] { if let id = x["id"]?.stringValue { ids.insert(id) } }
        }
        XCTAssertGreaterThan(ids.count, 40)
        let sources = packageRoot.appendingPathComponent("Sources")
        let files = (FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }.map { "Sources/" + $0 }
        XCTAssertGreaterThan(files.count, 100)
        var exemptSeen = false
        for f in files {
            let named = Self.quotedWords(try Data(contentsOf: packageRoot.appendingPathComponent(f))).intersection(ids)
            if f.hasPrefix(Self.exemptModule) {
                exemptSeen = exemptSeen || !named.isEmpty
                continue
            }
            for id in named.sorted() { XCTFail("\(f) names the criteria id \(id): read it from the criteria instead") }
        }
        // The exemption is still needed (else delete it).
        XCTAssertTrue(exemptSeen, "\(Self.exemptModule) no longer names criteria ids: remove the exemption")
    }

    /// Every run of id characters (letters, digits, `_`, `-`) directly between two quotes,
    /// apostrophes or backticks: `"x"`, `'x'`, `` `x` ``. One pass over the bytes.
    static func quotedWords(_ data: Data) -> Set<String> {
        let bytes = [UInt8](data)
        var words = Set<String>()
        var i = 0
        while i < bytes.count {
            let q = bytes[i]
            guard q == 0x22 || q == 0x27 || q == 0x60 else { i += 1; continue }
            var j = i + 1
            while j < bytes.count, bytes[j] == 0x5F || bytes[j] == 0x2D || (bytes[j] >= 0x30 && bytes[j] <= 0x39)
                || (bytes[j] >= 0x41 && bytes[j] <= 0x5A) || (bytes[j] >= 0x61 && bytes[j] <= 0x7A) { j += 1 }
            if j < bytes.count, bytes[j] == q, j > i + 1 {
                words.insert(String(decoding: bytes[(i + 1)..<j], as: UTF8.self))
            }
            i = j > i + 1 ? j : i + 1
        }
        return words
    }
}
