import Foundation
import SeulaCore
import XCTest

/// `model check` on the V2 format: the new members are checked like every other, each problem
/// with its JSON path, and a `seula-criteria/2` file must name every named thing in fi, sv and en.
final class ModelCheckV2Tests: XCTestCase {
    /// The V2 file's document with `edit` applied, and the issues loading it gives.
    func issues(_ edit: (inout [String: Any]) -> Void) -> [ModelIssue] {
        var doc = try! JSONSerialization.jsonObject(with: Data(v2ModelBytes)) as! [String: Any]
        edit(&doc)
        let data = try! JSONSerialization.data(withJSONObject: doc)
        do {
            _ = try ModelLoader.load(bytes: [UInt8](data), sha256: "edited")
            return []
        } catch {
            return error.issues
        }
    }

    func assertIssue(_ issues: [ModelIssue], path: String, contains fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(issues.contains { $0.path == path && $0.message.contains(fragment) },
                      "no issue at \(path) containing '\(fragment)'; got:\n\(issues.map(\.description).joined(separator: "\n"))", file: file, line: line)
    }

    func testTheV2FileLoads() {
        XCTAssertEqual(v2Model.format, 2)
        XCTAssertEqual(v2Model.risk.maxPoints, 27)
        XCTAssertEqual(v2Model.flags.count, 16)
        XCTAssertEqual(v2Model.risk.markers.count, 4)
        XCTAssertTrue(v2Model.risk.scoreOverKnown)
        XCTAssertEqual(v2Model.risk.undeterminedAtGaps, 4)
        XCTAssertNotNil(v2Model.automatableWhen)
        XCTAssertEqual(v2Model.review.rules.count, 4)
        XCTAssertTrue(v2Model.products.allSatisfy { $0.need != nil })
    }

    func testAMissingSwedishNameIsRefusedWithItsPath() {
        let found = issues { doc in
            var products = doc["products"] as! [[String: Any]]
            var names = products[3]["names"] as! [String: Any]
            names["sv"] = nil
            products[3]["names"] = names
            doc["products"] = products
            var flags = doc["flags"] as! [[String: Any]]
            var text = flags[2]["text"] as! [String: Any]
            text["sv"] = nil
            flags[2]["text"] = text
            doc["flags"] = flags
            var risk = doc["risk"] as! [String: Any]
            var indicators = risk["indicators"] as! [[String: Any]]
            var values = indicators[2]["values"] as! [[String: Any]]
            var valueName = values[1]["name"] as! [String: Any]
            valueName["sv"] = nil
            values[1]["name"] = valueName
            indicators[2]["values"] = values
            risk["indicators"] = indicators
            doc["risk"] = risk
        }
        assertIssue(found, path: "products[3].names.sv", contains: "is required")
        assertIssue(found, path: "flags[2].text.sv", contains: "is required")
        assertIssue(found, path: "risk.indicators[2].values[1].name.sv", contains: "is required")
    }

    func testAFormat1FileNeedsNoSwedish() {
        let found = issues { doc in
            doc["format"] = "seula-criteria/1"
            var flags = doc["flags"] as! [[String: Any]]
            var text = flags[2]["text"] as! [String: Any]
            text["sv"] = nil
            flags[2]["text"] = text
            doc["flags"] = flags
        }
        XCTAssertEqual(found, [])
    }

    func testAnUnknownNeedIsRefusedWithAHint() {
        let found = issues { doc in
            var products = doc["products"] as! [[String: Any]]
            products[5]["need"] = "rehabilitaton"
            products[6]["need"] = nil
            doc["products"] = products
        }
        assertIssue(found, path: "products[5].need", contains: "did you mean 'rehabilitation'")
        assertIssue(found, path: "products[6].need", contains: "is required")
    }

    func testAHighWhenThatDoesNotTypeCheckIsRefused() {
        let found = issues { doc in
            var risk = doc["risk"] as! [String: Any]
            var markers = risk["high_when"] as! [String]
            markers[1] = "risk.psychiatric_care_12m == 'inpatiant'"
            markers[2] = "risk.housing"
            markers.append("age >= 18")
            markers.append("segment == 'tuki'")
            risk["high_when"] = markers
            doc["risk"] = risk
        }
        assertIssue(found, path: "risk.high_when[1]", contains: "did you mean 'inpatient'")
        assertIssue(found, path: "risk.high_when[2]", contains: "must be true or false")
        assertIssue(found, path: "risk.high_when[4]", contains: "reads no risk indicator")
        assertIssue(found, path: "risk.high_when[5]", contains: "not known yet at intake")
    }

    func testNewMembersAreChecked() {
        let found = issues { doc in
            var risk = doc["risk"] as! [String: Any]
            risk["score_over"] = "known_only"
            risk["undetermined_at_gaps"] = 0
            doc["risk"] = risk
            var scope = doc["scope"] as! [[String: Any]]
            scope[1]["only_products"] = ["paperittomat", "kriisimajoitu"]
            scope[1]["exclude_referrals"] = ["kelaa"]
            doc["scope"] = scope
            var review = doc["review"] as! [String: Any]
            var rules = review["rules"] as! [[String: Any]]
            rules[0]["id"] = "register_gaps"
            rules[1]["when"] = "review_required"
            review["rules"] = rules
            doc["review"] = review
            var outcomes = doc["outcomes"] as! [String: Any]
            outcomes["automatable_when"] = "outcome == 'reception' and automatable"
            doc["outcomes"] = outcomes
            var routing = doc["routing"] as! [String: Any]
            routing["need_order"] = nil
            doc["routing"] = routing
        }
        assertIssue(found, path: "risk.score_over", contains: "'known_only' is not 'all'")
        assertIssue(found, path: "risk.undetermined_at_gaps", contains: "at least 1")
        assertIssue(found, path: "scope[1].only_products[1]", contains: "did you mean 'kriisimajoitus'")
        assertIssue(found, path: "scope[1].exclude_referrals[0]", contains: "did you mean 'kela'")
        assertIssue(found, path: "review.rules[0].id", contains: "built-in review reason")
        assertIssue(found, path: "review.rules[1].when", contains: "not known yet at review")
        assertIssue(found, path: "outcomes.automatable_when", contains: "unknown name 'automatable'")
        assertIssue(found, path: "routing.order", contains: "need_order is not given")
    }
}
