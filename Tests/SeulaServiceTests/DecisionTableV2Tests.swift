import Foundation
import SeulaCore
import SeulaJSON
import SeulaService
import XCTest

/// The table-driven decision tests for MODEL-V2: `Tests/Fixtures/decisions-v2.jsonl`, one case
/// per line with its expected decision, written by hand from MODEL-V2.md (and, for the rows
/// assessed in 2025, from MODEL-V1.md), never by running Seula: an independent oracle.
///
/// Both criteria files are loaded, so a case's `assessed_on` picks the version: 2025-12-31 is
/// decided by V1 exactly as before, 2026-01-01 on by V2. Every member of `expect` that a row
/// gives is compared with the decision record:
/// `segment`, `outcome` (final level), `computed`, `overrides` (rule ids), `products` (rank
/// order), `referrals`, `urgency`, `review` (reasons), `automatable` (`outcome.automatable`),
/// `risk_value` (`scores.risk.value`, one decimal, or null), `high_by`, `known`
/// (`scores.risk.*`), and per product `provisions`, `product_urgency`, `needs`
/// (`services[].provision/urgency/need`) — or `error` (code and path).
final class DecisionTableV2Tests: XCTestCase {
    /// Every review reason MODEL-V2 knows, in its order (the four built-in ones, then the rules).
    static let reviewReasons = ["near_threshold:coping", "near_threshold:risk", "insufficient_screening", "register_gaps",
                                "safety_signal", "intake_flag", "minor", "inconsistent_input"]
    static let rowCount = 69

    struct Setup {
        var handler: RequestHandler
        var v1: CriteriaModel
        var v2: CriteriaModel
    }

    func makeSetup() throws -> Setup {
        let v1 = try ModelFile.load(packageRoot.appendingPathComponent("models/seula-v1.json").path)
        let v2 = try ModelFile.load(packageRoot.appendingPathComponent("models/seula-v2.json").path)
        let pseudonymizer = try XCTUnwrap(HMACPseudonymizer(key: Array("test-key".utf8)))
        let options = ScoringOptions(strict: false, pseudonymizer: pseudonymizer,
                                     today: CalendarDate(year: 2026, month: 6, day: 1)!)
        return Setup(handler: RequestHandler(criteria: try CriteriaSet([v1, v2]), options: options), v1: v1, v2: v2)
    }

    /// What the table takes for granted about the two files (orders its expectations depend on).
    func testVersionsSideBySide() throws {
        let setup = try makeSetup()
        XCTAssertEqual(setup.v2.id, "seula-default")
        XCTAssertEqual(setup.v2.version, "2.0.0")
        XCTAssertEqual(setup.v2.effectiveFrom, CalendarDate(year: 2026, month: 1, day: 1)!)
        XCTAssertNil(setup.v2.effectiveTo)
        XCTAssertEqual(setup.v1.version, "1.0.1")
        XCTAssertEqual(setup.v1.effectiveTo, CalendarDate(year: 2025, month: 12, day: 31)!)
        XCTAssertEqual(setup.v2.overrides.map(\.id),
                       ["immediate-need", "unaccompanied-minor", "minor", "safety-signal", "children-coping",
                        "many-services", "trafficking-undocumented"], "MODEL-V2 §2: the full order of overrides")
        XCTAssertEqual(setup.v2.referrals.map(\.id), setup.v1.referrals.map(\.id), "referrals keep V1's ids and order")
        XCTAssertEqual(setup.v2.products.map(\.id), setup.v1.products.map(\.id), "Clarification 6: V1's table order")
    }

    func testDecisionTableV2() throws {
        let setup = try makeSetup()
        let handler = setup.handler
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/decisions-v2.jsonl"), encoding: .utf8)
        var rows = 0
        var overridesSeen = Set<String>(), referralsSeen = Set<String>(), reviewSeen = Set<String>(), codesSeen = Set<String>()
        for (n, line) in text.split(separator: "\n").enumerated() {
            let row = try JSONReader.parse(String(line))
            let name = row["name"]!.stringValue!
            let caseValue = row["case"]!
            let answer = handler.handle(line: caseValue.canonicalBytes, lineNumber: n + 1)
            let answerText = String(decoding: answer.bytes, as: UTF8.self)
            let out = try JSONReader.parse(answer.bytes)
            let expect = row["expect"]!
            rows += 1

            if let error = expect["error"] {
                XCTAssertEqual(out["ok"], .bool(false), "\(name): expected an error, got \(answerText)")
                XCTAssertEqual(out["error"]?["code"], error["code"], "\(name) error code")
                XCTAssertEqual(out["error"]?["path"], error["path"], "\(name) error path")
                XCTAssertEqual(out["line"], .number(JSONNumber(n + 1)), "\(name) line")
                codesSeen.insert(error["code"]!.stringValue!)
                continue
            }
            guard out["ok"] == .bool(true) else {
                XCTFail("\(name): \(answerText)")
                continue
            }

            // The version in force on assessed_on decides.
            let assessedOn = try XCTUnwrap(caseValue["assessed_on"]?.stringValue, "\(name): every row has assessed_on")
            let isV2 = assessedOn >= "2026-01-01"
            XCTAssertEqual(out["model"]?["version"], .string(isV2 ? setup.v2.version : setup.v1.version), "\(name) criteria version")

            XCTAssertEqual(out["segment"], expect["segment"], "\(name) segment")
            XCTAssertEqual(out["outcome"]?["level"], expect["outcome"], "\(name) outcome")
            XCTAssertEqual(out["outcome"]?["computed"], expect["computed"], "\(name) computed outcome")
            let overrides = (out["outcome"]?["overrides"]?.arrayValue ?? []).map { $0["rule"]?.stringValue ?? "?" }
            let expectedOverrides = expect["overrides"]!.arrayValue!.map { $0.stringValue! }
            XCTAssertEqual(overrides, expectedOverrides, "\(name) overrides")
            let services = out["services"]?.arrayValue ?? []
            let products = services.map { $0["product"]?.stringValue ?? "?" }
            XCTAssertEqual(products, expect["products"]!.arrayValue!.map { $0.stringValue! }, "\(name) products in rank order")
            let referrals = (out["referrals"]?.arrayValue ?? []).map { $0["to"]?.stringValue ?? "?" }
            let expectedReferrals = expect["referrals"]!.arrayValue!.map { $0.stringValue! }
            XCTAssertEqual(referrals, expectedReferrals, "\(name) referrals")
            XCTAssertEqual(out["urgency"], expect["urgency"], "\(name) urgency")
            XCTAssertEqual(out["review"]?["reasons"], expect["review"], "\(name) review")
            let expectedReview = expect["review"]!.arrayValue!.map { $0.stringValue! }
            XCTAssertEqual(out["review"]?["required"], .bool(!expectedReview.isEmpty), "\(name) review required")

            if let automatable = expect["automatable"] {
                XCTAssertEqual(out["outcome"]?["automatable"], automatable, "\(name) outcome.automatable")
            }
            let risk = out["scores"]?["risk"]
            if let expected = expect["risk_value"] {
                let got = risk?["value"]
                if expected.isNull {
                    XCTAssertEqual(got, .null, "\(name) risk value: undetermined")
                } else if let g = got?.numberValue?.double {
                    XCTAssertEqual(g, expected.numberValue!.double, accuracy: 1e-9, "\(name) risk value")
                } else {
                    XCTFail("\(name) risk value: expected \(expected), got \(String(describing: got))")
                }
            }
            if let highBy = expect["high_by"] {
                XCTAssertEqual(risk?["high_by"], highBy, "\(name) high_by")
            }
            if let known = expect["known"] {
                XCTAssertEqual(risk?["known"]?.numberValue?.double, known.numberValue?.double, "\(name) known indicators")
            }
            func serviceFor(_ product: String) -> JSONValue? {
                services.first { $0["product"]?.stringValue == product }
            }
            for (member, field) in [("provisions", "provision"), ("product_urgency", "urgency"), ("needs", "need")] {
                guard let table = expect[member]?.objectValue else { continue }
                for (product, value) in table.members {
                    guard let found = serviceFor(product) else {
                        XCTFail("\(name): \(member) names \(product), which is not recommended")
                        continue
                    }
                    XCTAssertEqual(found[field], value, "\(name) \(field) of \(product)")
                }
            }

            if isV2 {
                for entry in services {
                    XCTAssertNotNil(entry["need"], "\(name): every V2 service has a need")
                }
                XCTAssertNotNil(out["outcome"]?["automatable"], "\(name): a V2 record has outcome.automatable")
                overridesSeen.formUnion(expectedOverrides)
                referralsSeen.formUnion(expectedReferrals)
                reviewSeen.formUnion(expectedReview)
            } else {
                // V1 records are unchanged: none of the V2 record members appear.
                XCTAssertNil(out["outcome"]?["automatable"], "\(name): V1 record")
                XCTAssertNil(risk?["known"], "\(name): V1 record")
                XCTAssertNil(risk?["high_by"], "\(name): V1 record")
                for entry in services {
                    XCTAssertNil(entry["need"], "\(name): V1 record")
                }
            }

            XCTAssertNil(out["hetu"], "\(name): a hetu is never echoed")
            if let hetu = caseValue["hetu"]?.stringValue {
                XCTAssertFalse(answerText.contains(hetu.uppercased()), "\(name): a hetu is never echoed")
                XCTAssertEqual(out["pseudonym"]?.stringValue?.count, 64, "\(name): pseudonym")
            } else {
                XCTAssertNil(out["pseudonym"], "\(name)")
            }
        }
        XCTAssertEqual(rows, Self.rowCount)

        // Coverage: every V2 override, referral and review reason is expected somewhere.
        XCTAssertEqual(Set(setup.v2.overrides.map(\.id)).subtracting(overridesSeen), [], "the table covers every V2 override")
        XCTAssertEqual(Set(setup.v2.referrals.map(\.id)).subtracting(referralsSeen), [], "the table covers every V2 referral")
        XCTAssertEqual(Set(Self.reviewReasons).subtracting(reviewSeen), [], "the table covers every review reason")
        XCTAssertEqual(reviewSeen.subtracting(Self.reviewReasons), [], "no review reason outside MODEL-V2's list")
        XCTAssertEqual(codesSeen, ["invalid_hetu", "invalid_type"])
    }
}
