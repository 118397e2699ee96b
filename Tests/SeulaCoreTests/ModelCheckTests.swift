import SeulaCore
import XCTest

/// `seula model check`: every problem, each with its JSON path; nothing half-loads.
final class ModelCheckTests: XCTestCase {
    func issues(_ edit: (inout [String: Any]) -> Void) -> [ModelIssue] {
        switch loadEdited(edit) {
        case .success: return []
        case .failure(let e): return e.issues
        }
    }

    func assertIssue(_ issues: [ModelIssue], path: String, contains fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(issues.contains { $0.path == path && $0.message.contains(fragment) },
                      "no issue at \(path) containing '\(fragment)'; got:\n\(issues.map(\.description).joined(separator: "\n"))", file: file, line: line)
    }

    func testDefaultModelLoads() {
        XCTAssertEqual(defaultModel.coping.items.count, 16)
        XCTAssertEqual(defaultModel.risk.indicators.count, 12)
        XCTAssertEqual(defaultModel.risk.maxPoints, 26)
        XCTAssertEqual(defaultModel.flags.count, 15)
        XCTAssertEqual(defaultModel.products.count, 38)
        XCTAssertEqual(defaultModel.overrides.map(\.id), ["immediate-need", "unaccompanied-minor", "children-coping", "many-services", "trafficking-undocumented"])
        XCTAssertEqual(defaultModel.referrals.map(\.id), ["child_welfare", "older_people_services", "mental_health_substance", "employment_services",
                                                          "debt_counselling", "shelter", "emergency_social_services", "kela"])
    }

    func testReportsEveryErrorWithItsPath() {
        let found = issues { doc in
            var coping = doc["coping"] as! [String: Any]
            coping["threshold"] = "forty"
            var items = coping["items"] as! [[String: Any]]
            items[2]["weight"] = -1
            coping["items"] = items
            doc["coping"] = coping
            var products = doc["products"] as! [[String: Any]]
            products[1]["eligibility"] = "segment == 'tuk' or coping_score >= 40"
            products[5]["eligibilty"] = "true"
            products[7]["provision"] = "outsourced"
            doc["products"] = products
            var overrides = doc["overrides"] as! [[String: Any]]
            overrides[0]["escalate_to"] = "panic"
            doc["overrides"] = overrides
        }
        XCTAssertGreaterThanOrEqual(found.count, 6, "every problem, not just the first")
        assertIssue(found, path: "coping.threshold", contains: "must be a number")
        assertIssue(found, path: "coping.items[2].weight", contains: "greater than 0")
        assertIssue(found, path: "products[1].eligibility", contains: "column 12")
        assertIssue(found, path: "products[5].eligibilty", contains: "did you mean 'eligibility'")
        assertIssue(found, path: "products[7].provision", contains: "'outsourced' has no rank")
        assertIssue(found, path: "overrides[0].escalate_to", contains: "'panic' is not an outcome level")
    }

    func testBinsMustBeContiguousAndMonotone() {
        let found = issues { doc in
            var risk = doc["risk"] as! [String: Any]
            var indicators = risk["indicators"] as! [[String: Any]]
            indicators[0]["bins"] = [["min": 0, "max": 0, "points": 0], ["min": 2, "max": 5, "points": 1], ["min": 6, "points": 0]]
            var housing = indicators[2]
            housing["values"] = [["value": "stable", "points": 2], ["value": "homeless", "points": 1]]
            indicators[2] = housing
            risk["indicators"] = indicators
            doc["risk"] = risk
        }
        assertIssue(found, path: "risk.indicators[0].bins[1].min", contains: "must be 1")
        assertIssue(found, path: "risk.indicators[0].bins[2].points", contains: "never lowers risk")
        assertIssue(found, path: "risk.indicators[2].values[1].points", contains: "least to most risk")
    }

    func testOverridesOnlyEscalate() {
        let found = issues { doc in
            var overrides = doc["overrides"] as! [[String: Any]]
            overrides[2].removeValue(forKey: "escalate_to")
            overrides[2]["set_to"] = "reception"
            doc["overrides"] = overrides
        }
        assertIssue(found, path: "overrides[2].escalate_to", contains: "only escalate")
        assertIssue(found, path: "overrides[2].set_to", contains: "not a known member")
    }

    func testQuadrantsMustCoverTheGridAndStayMonotone() {
        let found = issues { doc in
            var segments = doc["segments"] as! [String: Any]
            var quadrants = segments["quadrants"] as! [[String: Any]]
            quadrants[3]["outcome"] = "reception"   // huolenpito below tuki
            segments["quadrants"] = quadrants
            doc["segments"] = segments
        }
        XCTAssertTrue(found.contains { $0.path == "segments.quadrants" && $0.message.contains("outcome is lower") })
        let missing = issues { doc in
            var segments = doc["segments"] as! [String: Any]
            var quadrants = segments["quadrants"] as! [[String: Any]]
            quadrants[3]["coping"] = "easy"
            segments["quadrants"] = quadrants
            doc["segments"] = segments
        }
        XCTAssertTrue(missing.contains { $0.path == "segments.quadrants[3]" && $0.message.contains("second quadrant") })
    }

    func testDefinitionsAndPhases() {
        let found = issues { doc in
            var defs = doc["definitions"] as! [String: Any]
            defs["loop_a"] = "loop_b"
            defs["loop_b"] = "loop_a and age > 1"
            doc["definitions"] = defs
            var overrides = doc["overrides"] as! [[String: Any]]
            overrides[1]["when"] = "outcome == 'immediate'"
            doc["overrides"] = overrides
        }
        assertIssue(found, path: "definitions.loop_a", contains: "refers to itself")
        assertIssue(found, path: "overrides[1].when", contains: "not known yet")
    }

    func testInvalidJSONAndUnknownFormat() {
        do {
            _ = try ModelLoader.load(bytes: Array("{\"id\": 1,\n \"x\": }".utf8), sha256: "")
            XCTFail("loaded broken JSON")
        } catch {
            XCTAssertEqual(error.issues.count, 1)
            XCTAssertTrue(error.issues[0].message.contains("line 2, column 7"), error.issues[0].message)
        }
        let found = issues { doc in doc["format"] = "seula-criteria/9" }
        assertIssue(found, path: "format", contains: "this Seula reads 'seula-criteria/1'")
    }

    func testThresholdChangeNeedsNoCode() throws {
        let tuned = try loadEdited { doc in
            var coping = doc["coping"] as! [String: Any]
            coping["threshold"] = 55
            doc["coping"] = coping
        }.get()
        var c = ScreeningCase(id: "x", age: 40, itemCount: 16, indicatorCount: 12, flagCount: 15)
        c.coping = Array(repeating: 2, count: 16)   // 50
        XCTAssertEqual(DecisionEngine(model: defaultModel, today: testToday).decide(c).segment, SegmentIndex(1), "tuki under the default 40")
        XCTAssertEqual(DecisionEngine(model: tuned, today: testToday).decide(c).segment, SegmentIndex(0), "parjaaja under a threshold of 55")
    }
}
