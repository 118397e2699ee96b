import Foundation
@testable import SeulaCore
import SeulaJSON
import XCTest

/// The criteria limits (`models/README.md`, "Limits") and every reproducer of the criteria
/// defects an adversarial run found (issue 11, items 1, 3, 4, 5 and 9): each file that used to
/// crash the worker, stall `model check` or serving, or score NaN is now refused when it loads,
/// with its JSON path and what is allowed — and what is accepted decides without trapping.
final class CriteriaLimitsTests: XCTestCase {
    /// The longest a load took in this test case (seconds): every load must take under 1 s.
    var slowestLoad = 0.0

    override func tearDown() {
        XCTAssertLessThan(slowestLoad, 1.0, "a criteria file took over 1 s to load")
        super.tearDown()
    }

    /// A default file's document with `edit` applied, loaded (or its error).
    func load(_ bytes: [UInt8], _ edit: (inout [String: Any]) -> Void) -> Result<CriteriaModel, ModelLoadError> {
        var doc = try! JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        edit(&doc)
        let data = [UInt8](try! JSONSerialization.data(withJSONObject: doc))
        let start = Date()
        defer { slowestLoad = max(slowestLoad, Date().timeIntervalSince(start)) }
        do {
            return .success(try ModelLoader.load(bytes: data, sha256: "edited"))
        } catch {
            return .failure(error)
        }
    }

    /// The issues of both default files with `edit` applied (each must be refused).
    func issues(_ edit: (inout [String: Any]) -> Void, file: StaticString = #filePath, line: UInt = #line) -> [[ModelIssue]] {
        [defaultModelBytes, v2ModelBytes].map { bytes in
            switch load(bytes, edit) {
            case .success:
                XCTFail("accepted", file: file, line: line)
                return []
            case .failure(let e):
                return e.issues
            }
        }
    }

    func assertRefused(_ edit: (inout [String: Any]) -> Void, path: String, contains fragments: String...,
                       file: StaticString = #filePath, line: UInt = #line) {
        for found in issues(edit, file: file, line: line) {
            XCTAssertTrue(found.contains { issue in issue.path == path && fragments.allSatisfy { issue.message.contains($0) } },
                          "no issue at \(path) containing \(fragments); got:\n\(found.map(\.description).joined(separator: "\n"))",
                          file: file, line: line)
        }
    }

    func loaded(_ bytes: [UInt8], _ edit: (inout [String: Any]) -> Void, file: StaticString = #filePath, line: UInt = #line) -> CriteriaModel? {
        switch load(bytes, edit) {
        case .success(let m): return m
        case .failure(let e):
            XCTFail("refused:\n\(e.issues.map(\.description).joined(separator: "\n"))", file: file, line: line)
            return nil
        }
    }

    static func setProduct(_ doc: inout [String: Any], _ index: Int, eligibility: String) {
        var products = doc["products"] as! [[String: Any]]
        products[index]["eligibility"] = eligibility
        doc["products"] = products
    }

    static func editIndicator(_ doc: inout [String: Any], _ index: Int, _ edit: (inout [String: Any]) -> Void) {
        var risk = doc["risk"] as! [String: Any]
        var indicators = risk["indicators"] as! [[String: Any]]
        edit(&indicators[index])
        risk["indicators"] = indicators
        doc["risk"] = risk
    }

    static func editCoping(_ doc: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var coping = doc["coping"] as! [String: Any]
        edit(&coping)
        doc["coping"] = coping
    }

    /// Decides `count` cases (the extremes of the contract included), writing each record and
    /// its explanation: the test process dying here is the failure.
    func decideAndWrite(_ model: CriteriaModel, count: Int, seed: UInt64) -> [Decision] {
        let engine = DecisionEngine(model: model, today: CalendarDate(year: 2026, month: 3, day: 2)!)
        let writer = DecisionRecordWriter(model: model)
        let text = DecisionText(model: model)
        var cases = ExtremeCases(model: model, seed: seed)
        var out: [Decision] = []
        for n in 0..<count {
            let c = cases.next(id: n)
            let d = engine.decide(c)
            XCTAssertFalse(writer.bytes(d).isEmpty)
            if n < 5 {
                XCTAssertFalse(text.render(d).isEmpty)
                _ = DecisionTrace(model: model, case: c, decision: d)
            }
            out.append(d)
        }
        return out
    }

    // MARK: Item 1: accepted criteria that crashed the worker while writing `because`

    func testNumbersBeyondTwoToThe53AreRefusedAtLoad() {
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "age * 1000000000000000000 > 0") },
                      path: "products[3].eligibility", contains: "column 7", "1000000000000000000 is beyond ±9007199254740992")
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "age < 9223372036854775808") },
                      path: "products[3].eligibility", contains: "column 7", "9223372036854775808 is beyond ±9007199254740992")
        // Each literal is fine; their product is not.
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "age * 100000000 * 100000000 > 0") },
                      path: "products[3].eligibility", contains: "column 17", "can be as large as 1200000000000000000",
                      "age * 100000000 is 0…12000000000", "beyond ±9007199254740992")
        // Every count in a case is at most 2^31 − 1, so its square is beyond 2^53 …
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "household.children * household.children > 3") },
                      path: "products[3].eligibility", contains: "household.children is 0…2147483647")
        // … and so is an indicator without a max, but not one with a max.
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "risk.unemployment_months * risk.unemployment_months * 10 > 3") },
                      path: "products[3].eligibility", contains: "beyond ±9007199254740992")
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "-9007199254740993 < age") },
                      path: "products[3].eligibility", contains: "column 2", "beyond")
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "age in [1, 99999999999999999999]") },
                      path: "products[3].eligibility", contains: "column 12", "beyond")
        // A division whose quotient has no bound: by a fractional value that can come close to 0.
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "age / coping_score > 1") },
                      path: "products[3].eligibility", contains: "column 5", "divides by coping_score, which is 0…100")
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "age / 0.0000000000000001 > 1") },
                      path: "products[3].eligibility", contains: "beyond")
        // The engine's own range for hetu_age.
        assertRefused({ Self.setProduct(&$0, 3, eligibility: "hetu_age * hetu_age * hetu_age * hetu_age > 1") },
                      path: "products[3].eligibility", contains: "hetu_age")
    }

    func testWhatStaysWithinTheRangeIsAcceptedAndDecides() throws {
        // Whole divisors may be 0 (the quotient is then unknown); a threshold is exactly its value.
        let rules = ["household.children * 1000000 > 3", "age / household.children >= 1", "coping_score / coping_threshold >= 1.2",
                     "age / 0.5 > 1", "max(age, household.children) - min(age, hetu_age) > 0", "-age < 2147483647",
                     "risk.income_support_months_12m * 1000000000000 > 1", "age in [9007199254740992, 1]", "age * 1000000000000 > 0"]
        for bytes in [defaultModelBytes, v2ModelBytes] {
            guard let m = loaded(bytes, { doc in
                for (i, rule) in rules.enumerated() { Self.setProduct(&doc, 3 + i, eligibility: rule) }
            }) else { continue }
            let decisions = decideAndWrite(m, count: 300, seed: 5)
            // The extremes were reached: the largest count, and a household of 0 (a division by 0).
            XCTAssertTrue(decisions.contains { $0.frame[m.slots.householdChildren] == .number(2147483647) })
            XCTAssertTrue(decisions.contains { $0.frame[m.slots.householdChildren] == .number(0) })
        }
        // The largest count, written exactly in a because.
        let m = try XCTUnwrap(loaded(defaultModelBytes) { Self.setProduct(&$0, 3, eligibility: "household.children * 1000000 > 3") })
        var c = ScreeningCase(id: "big", age: 40, itemCount: 16, indicatorCount: 12, flagCount: 15)
        c.children = 2147483647
        let d = DecisionEngine(model: m, today: testToday).decide(c)
        let service = try XCTUnwrap(d.services.first { $0.product == 3 })
        XCTAssertEqual(d.because(service: service, m).first, "household.children * 1000000 2147483647000000 > 3")
        let record = String(decoding: DecisionRecordWriter(model: m).bytes(d), as: UTF8.self)
        XCTAssertTrue(record.contains("household.children * 1000000 2147483647000000 > 3"), record)
    }

    /// Whatever value reaches a `because` (a fast path that let an out-of-contract count through,
    /// a frame built by a tool), writing it never traps.
    func testBecauseNeverTrapsWhateverTheNumber() throws {
        let symbols = defaultModel.symbols
        let slot = symbols["household.children"]!.slot
        let e = try ExpressionCompiler.compileCondition("household.children >= 1", symbols: symbols, phase: .routing)
        let plan = BecausePlan(e, riskSlots: defaultModel.slots.riskIndicators)
        let values: [(Double, String)] = [(9.3e18, "9300000000000000000"), (1e19, "10000000000000000000"),
                                          (-9.3e18, "-9300000000000000000"), (Double(Int64.max), "9223372036854776000"),
                                          (1e300, "1" + String(repeating: "0", count: 300)), (2147483648, "2147483648")]
        for (v, text) in values {
            var frame = [Value](repeating: .null, count: defaultModel.slots.count)
            frame[slot] = .number(v)
            let expected = v >= 1 ? ["household.children \(text) >= 1"] : []
            XCTAssertEqual(e.because(frame), expected)
            var w = JSONWriter(capacity: 64)
            plan.writeArray(frame, gapMask: 0, into: &w)
            XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), "[\(expected.map { "\"\($0)\"" }.joined(separator: ","))]")
            XCTAssertEqual(e.trace(frame).first?.check, "household.children \(text) >= 1")
        }
        for v in [Double.infinity, -Double.infinity, Double.nan] {
            var frame = [Value](repeating: .null, count: defaultModel.slots.count)
            frame[slot] = .number(v)
            _ = e.because(frame)
            _ = e.trace(frame)
            var w = JSONWriter(capacity: 64)
            plan.writeArray(frame, gapMask: 0, into: &w)
        }
        XCTAssertEqual(DecimalFormat.whole(.nan), "unknown")
        XCTAssertNil(DecimalFormat.int(9223372036854775808))
        XCTAssertEqual(DecimalFormat.int(-9223372036854774784), -9223372036854774784)
    }

    // MARK: Item 3: `model check` trapped on points or bin bounds of 2^63 − 1

    func testHugePointsAndBinBoundsAreRefusedNotTrapped() {
        let big = Int64.max
        assertRefused({ Self.editIndicator(&$0, 0) { ind in
            var bins = ind["bins"] as! [[String: Any]]
            bins[1]["points"] = big
            ind["bins"] = bins
        } }, path: "risk.indicators[0].bins[1].points", contains: "must be at least 0 and at most 1000, not 9223372036854775807")
        assertRefused({ Self.editIndicator(&$0, 1) { ind in
            var bins = ind["bins"] as! [[String: Any]]
            bins[3]["min"] = big
            ind["bins"] = bins
        } }, path: "risk.indicators[1].bins[3].min", contains: "must be at least 0 and at most 2147483647", "a count")
        assertRefused({ Self.editIndicator(&$0, 1) { ind in
            var bins = ind["bins"] as! [[String: Any]]
            bins[2]["max"] = big
            ind["bins"] = bins
        } }, path: "risk.indicators[1].bins[2].max", contains: "must be at least 0 and at most 2147483647")
        assertRefused({ Self.editIndicator(&$0, 0) { $0["max"] = big } },
                      path: "risk.indicators[0].max", contains: "must be at least 0 and at most 2147483647")
        assertRefused({ Self.editIndicator(&$0, 0) { $0["min"] = -1 } },
                      path: "risk.indicators[0].min", contains: "must be at least 0 and at most 2147483647", "not -1")
        assertRefused({ Self.editIndicator(&$0, 7) { $0["points"] = big } },
                      path: "risk.indicators[7].points", contains: "must be at least 0 and at most 1000")
        assertRefused({ Self.editIndicator(&$0, 2) { ind in
            var values = ind["values"] as! [[String: Any]]
            values[4]["points"] = big
            ind["values"] = values
        } }, path: "risk.indicators[2].values[4].points", contains: "must be at least 0 and at most 1000")
        // Beyond Int64 as well: text the JSON reader keeps as a large integer.
        var text = String(decoding: defaultModelBytes, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"gap_review_at\": 4", with: "\"gap_review_at\": 123456789012345678901234567890")
        XCTAssertTrue(text.contains("123456789012345678901234567890"))
        XCTAssertThrowsError(try ModelLoader.load(bytes: Array(text.utf8), sha256: "x")) { error in
            let issues = (error as! ModelLoadError).issues
            XCTAssertTrue(issues.contains { $0.path == "risk.gap_review_at" && $0.message.contains("at least 1 and at most 64") }, "\(issues)")
        }
    }

    /// Bins may reach the largest count; the point table stays small and a raw value beyond it
    /// still finds its bin.
    func testBinsReachingTheLargestCountScoreWithoutAHugeTable() throws {
        let m = try XCTUnwrap(loaded(defaultModelBytes) { Self.editIndicator(&$0, 1) { ind in
            ind["bins"] = [["min": 0, "max": 0, "points": 0], ["min": 1, "max": 999_999, "points": 1],
                           ["min": 1_000_000, "max": 2_147_483_646, "points": 2], ["min": 2_147_483_647, "points": 3]]
        } })
        let indicator = m.risk.indicators[1]
        XCTAssertLessThanOrEqual(indicator.pointTable.count, RiskIndicator.pointTableLimit + 1)
        XCTAssertFalse(indicator.pointTableIsComplete)
        XCTAssertEqual([0, 1, 4096, 999_999, 1_000_000, 2_147_483_646, 2_147_483_647].map(indicator.points(forRaw:)), [0, 1, 1, 1, 2, 2, 3])
        XCTAssertTrue(defaultModel.risk.indicators.allSatisfy(\.pointTableIsComplete))
        var c = ScreeningCase(id: "x", age: 40, itemCount: 16, indicatorCount: 12, flagCount: 15)
        c.risk = Array(repeating: 0, count: 12)
        c.risk[1] = Int32.max
        c.coping = Array(repeating: 2, count: 16)
        let d = DecisionEngine(model: m, today: testToday).decide(c)
        XCTAssertEqual(d.risk.indicatorPoints[1], 3)
        XCTAssertFalse(d.counterfactual.isEmpty)
        _ = decideAndWrite(m, count: 200, seed: 3)
    }

    // MARK: Item 4: definitions that double at each level, and long chains

    func doubling(_ levels: Int) -> (inout [String: Any]) -> Void {
        { doc in
            var defs = doc["definitions"] as! [String: Any]
            defs["x0"] = "age > 1"
            for i in 1...levels { defs["x\(i)"] = "(x\(i - 1) and x\(i - 1))" }
            doc["definitions"] = defs
            Self.setProduct(&doc, 3, eligibility: "x\(levels)")
        }
    }

    func testDoublingDefinitionsAreRefusedQuickly() {
        for levels in [20, 22, 30, 60] {
            assertRefused(doubling(levels), path: "definitions.x9", contains: "more than 2000 parts (2047)")
            assertRefused(doubling(levels), path: "products[3].eligibility", contains: "in definition 'x\(levels)': in definition 'x9'")
        }
        // Eight levels (1 023 parts expanded) are fine: compiled once, shared by every use.
        guard let m = loaded(v2ModelBytes, { doc in
            self.doubling(8)(&doc)
            for i in 4..<10 { Self.setProduct(&doc, i, eligibility: "x8 or x7 or x6") }
        }) else { return }
        XCTAssertEqual(m.products[3].eligibility.expandedSize, 1023)
        XCTAssertEqual(m.products[4].eligibility.expandedSize, 1 + 1023 + 511 + 255)
        _ = decideAndWrite(m, count: 200, seed: 4)
    }

    func chain(_ count: Int) -> (inout [String: Any]) -> Void {
        { doc in
            var defs = doc["definitions"] as! [String: Any]
            for i in 0..<count { defs["c\(i)"] = i == 0 ? "age > 1" : "c\(i - 1) and age > \(i % 100)" }
            doc["definitions"] = defs
        }
    }

    func testLongChainsOfDefinitionsStopAtTheNestingLimitQuickly() {
        for count in [17, 2000] {
            assertRefused(chain(count), path: "definitions.c16", contains: "nested 17 deep", "at most 16")
        }
        XCTAssertNotNil(loaded(defaultModelBytes, chain(16)))
        // The chain written last to first in the file: no deep recursion, the same answer.
        var text = "{\"c0\": \"age > 1\""
        for i in 1..<2000 { text += ", \"c\(i)\": \"c\(i - 1) or age > 3\"" }
        text += "}"
        let defs = try! JSONReader.parse(Array(text.utf8))
        var reversedMembers = defs.objectValue!
        reversedMembers.members.reverse()
        var doc = try! JSONReader.parse(defaultModelBytes).objectValue!
        let k = doc.members.firstIndex { $0.key == "definitions" }!
        doc.members[k].value = .object(reversedMembers)
        let start = Date()
        let result = Result { () throws(ModelLoadError) in try ModelLoader.load(document: .object(doc), sha256: "x") }
        slowestLoad = max(slowestLoad, Date().timeIntervalSince(start))
        XCTAssertThrowsError(try result.get()) { error in
            let issues = (error as! ModelLoadError).issues
            XCTAssertEqual(issues.first?.path, "definitions.c1999")
            XCTAssertTrue(issues.contains { $0.path == "definitions.c16" && $0.message.contains("nested 17 deep") })
            XCTAssertFalse(issues.contains { $0.path == "definitions.c15" })
            XCTAssertTrue(issues.allSatisfy { $0.message.utf8.count < 300 }, "messages do not grow along the chain")
        }
        // 2 000 definitions side by side load quickly.
        XCTAssertNotNil(loaded(v2ModelBytes) { doc in
            var defs = doc["definitions"] as! [String: Any]
            for i in 0..<2000 { defs["d\(i)"] = "age > \(i % 120) and has_children" }
            doc["definitions"] = defs
            Self.setProduct(&doc, 3, eligibility: "d1999 or d5")
        })
    }

    func testDefinitionErrorsAndCycles() {
        assertRefused({ doc in
            var defs = doc["definitions"] as! [String: Any]
            defs["loop_a"] = "loop_b"
            defs["loop_b"] = "loop_c and age > 1"
            defs["loop_c"] = "loop_a"
            doc["definitions"] = defs
        }, path: "definitions.loop_a", contains: "refers to itself")
        // A definition read in a phase that knows its names, and one that does not.
        assertRefused({ doc in
            var defs = doc["definitions"] as! [String: Any]
            defs["late"] = "segment == 'tuki' and age > 1"
            doc["definitions"] = defs
            var risk = doc["risk"] as! [String: Any]
            var indicators = risk["indicators"] as! [[String: Any]]
            indicators[11]["counted_when"] = "late"
            risk["indicators"] = indicators
            doc["risk"] = risk
        }, path: "risk.indicators[11].counted_when", contains: "in definition 'late': 'segment' is not known yet at intake")
        // A definition with an error reports it at its own path and where it is used.
        assertRefused({ doc in
            var defs = doc["definitions"] as! [String: Any]
            defs["broken"] = "age > 9223372036854775808"
            defs["user"] = "broken or age > 3"
            doc["definitions"] = defs
            Self.setProduct(&doc, 3, eligibility: "user")
        }, path: "products[3].eligibility", contains: "in definition 'user': in definition 'broken': the number 9223372036854775808")
    }

    func testExpressionSizeAndDepthLimits() throws {
        let symbols = defaultModel.symbols
        func error(_ text: String) -> ExpressionError? {
            do { _ = try ExpressionCompiler.compileCondition(text, symbols: symbols, phase: .final); return nil } catch { return error }
        }
        // A long list of conditions is a balanced tree, flattened: fine.
        let flags = defaultModel.flags.map { "flags.\($0.id)" }
        let long = (0..<600).map { flags[$0 % flags.count] }.joined(separator: " or ")
        let compiled = try ExpressionCompiler.compileCondition(long, symbols: symbols, phase: .final)
        guard case .or(let xs) = compiled else { return XCTFail("not one flat or") }
        XCTAssertEqual(xs.count, 600)
        // A long row of + is a deep tree: refused.
        let sum = "age" + String(repeating: " + age", count: 70) + " > 1"
        XCTAssertTrue(error(sum)?.message.contains("nested deeper than 64") ?? false, "\(String(describing: error(sum)))")
        XCTAssertNil(error("age" + String(repeating: " + age", count: 50) + " > 1"))
        // Too many parts.
        let big = (0..<700).map { "age > \($0 % 120)" }.joined(separator: " and ")
        XCTAssertTrue(error(big)?.message.contains("more than 2000 parts") ?? false)
        // Deep parentheses, as before.
        let deep = String(repeating: "(", count: 5000) + "age > 1" + String(repeating: ")", count: 5000)
        XCTAssertTrue(error(deep)?.message.contains("nested deeper") ?? false)
        // The default files are far inside every limit.
        for m in [defaultModel, v2Model] {
            let rules = RuleTable(model: m).conditions
            XCTAssertLessThan(rules.map(\.expandedSize).max()!, CriteriaLimits.maxExpandedSize / 20)
            XCTAssertLessThan(rules.map(\.expandedDepth).max()!, CriteriaLimits.maxExpandedDepth / 8)
        }
    }

    // MARK: Item 5: points of 100 000 made serving very slow

    func testIndicatorPointsAreBoundedAndTheLargestScorecardIsFast() throws {
        assertRefused({ Self.editIndicator(&$0, 0) { ind in
            var bins = ind["bins"] as! [[String: Any]]
            bins[3]["points"] = 100_000
            ind["bins"] = bins
        } }, path: "risk.indicators[0].bins[3].points", contains: "must be at least 0 and at most 1000, not 100000")
        // Each value within bounds, the sum not.
        assertRefused({ doc in
            for i in [7, 9, 10, 11] { Self.editIndicator(&doc, i) { $0["points"] = 300 } }
        }, path: "risk.indicators", contains: "add up to", "at most 1000")
        // The largest scorecard allowed (every point ×37: 962 of V1's, 999 of V2's) decides fast.
        func scaled(_ doc: inout [String: Any]) {
            var risk = doc["risk"] as! [String: Any]
            var indicators = risk["indicators"] as! [[String: Any]]
            for i in indicators.indices {
                if var bins = indicators[i]["bins"] as? [[String: Any]] {
                    for j in bins.indices { bins[j]["points"] = (bins[j]["points"] as! Int) * 37 }
                    indicators[i]["bins"] = bins
                } else if var values = indicators[i]["values"] as? [[String: Any]] {
                    for j in values.indices { values[j]["points"] = (values[j]["points"] as! Int) * 37 }
                    indicators[i]["values"] = values
                } else {
                    indicators[i]["points"] = (indicators[i]["points"] as! Int) * 37
                }
            }
            risk["indicators"] = indicators
            doc["risk"] = risk
        }
        for (bytes, original) in [(defaultModelBytes, defaultModel), (v2ModelBytes, v2Model)] {
            let m = try XCTUnwrap(loaded(bytes, scaled))
            XCTAssertEqual(m.risk.maxPoints, original.risk.maxPoints * 37)
            let start = Date()
            let scaledDecisions = decideAndWrite(m, count: 300, seed: 9)
            XCTAssertLessThan(Date().timeIntervalSince(start), 5.0)
            // Same cases, same segments, and on the risk axis the same number of changes.
            let originalDecisions = decideAndWrite(original, count: 300, seed: 9)
            var compared = 0
            for (a, b) in zip(scaledDecisions, originalDecisions) where a.segment == b.segment {
                for (x, y) in zip(a.counterfactual, b.counterfactual) where x.segment == y.segment {
                    if x.changes.first?.axis == .risk { XCTAssertEqual(x.changes.count, y.changes.count); compared += 1 }
                }
            }
            XCTAssertGreaterThan(compared, 50)
        }
    }

    /// The wide bitset solver gives the answers of the 128-bit one where both apply, and of the
    /// general dynamic programme where only it does.
    func testWideSolverAgreesWithTheOthers() {
        var rng = SplitMix64(seed: 21)
        for round in 0..<1500 {
            var p = FewestChangesSolver.Problem()
            let n = 1 + rng.below(8)
            let scale = round % 2 == 0 ? 1 : 1 + rng.below(12)
            for i in 0..<n {
                p.addCandidate(i)
                var steps = Set<Int>()
                for _ in 0..<(1 + rng.below(4)) { steps.insert((1 + rng.below(5)) * scale) }
                for s in steps.sorted(by: >) { p.addOption(units: s, to: s) }
            }
            let need = 1 + rng.below(max(1, p.capacity + 3))
            var wide: [FewestChangesSolver.Choice] = [], other: [FewestChangesSolver.Choice] = []
            let okWide = FewestChangesSolver.solveUniformWide(p, need: need, into: &wide)
            let okOther: Bool
            if FewestChangesSolver.fitsUniform(p, need: need) {
                okOther = FewestChangesSolver.solveUniform(p, need: need, into: &other)
            } else {
                okOther = FewestChangesSolver.solveWeighted(p, effect: p.optionUnits.map(Double.init), succeeds: { $0 >= Double(need) }, into: &other)
            }
            XCTAssertEqual(okWide, okOther)
            XCTAssertEqual(wide, other, "round \(round)")
        }
    }

    // MARK: Item 9: a weight of 1e308 overflowed the weight sum

    func testCopingWeightsAreBoundedAndScoresAlwaysFinite() throws {
        for (weight, message) in [(1e308, "must be between 0.001 and 1000, not 1e+308"), (1001.0, "between 0.001 and 1000, not 1001"),
                                  (0.0001, "not 0.0001"), (0.0, "greater than 0"), (-1.0, "greater than 0")] {
            assertRefused({ Self.editCoping(&$0) { coping in
                var items = coping["items"] as! [[String: Any]]
                items[0]["weight"] = weight
                coping["items"] = items
            } }, path: "coping.items[0].weight", contains: message)
        }
        // The extremes allowed, mixed: every score a number from 0 to 100.
        for bytes in [defaultModelBytes, v2ModelBytes] {
            let m = try XCTUnwrap(loaded(bytes) { Self.editCoping(&$0) { coping in
                var items = coping["items"] as! [[String: Any]]
                for i in items.indices { items[i]["weight"] = i % 2 == 0 ? 1000.0 : 0.001 }
                coping["items"] = items
            } })
            for d in decideAndWrite(m, count: 300, seed: 12) {
                if let s = d.coping.score { XCTAssertTrue(s.isFinite && s >= 0 && s <= 100, "\(s)") }
            }
        }
    }

    // MARK: The other bounds

    func testEveryOtherNumberHasItsBounds() {
        assertRefused({ Self.editCoping(&$0) { coping in coping["scale"] = ["min": 0, "max": 11] } },
                      path: "coping.scale.max", contains: "at least 1 and at most 10", "not 11")
        assertRefused({ Self.editCoping(&$0) { coping in coping["scale"] = ["min": 0, "max": 200] } },
                      path: "coping.scale.max", contains: "at least 1 and at most 10")
        assertRefused({ Self.editCoping(&$0) { coping in
            var items = coping["items"] as! [[String: Any]]
            for i in 0..<20 { var extra = items[i % 16]; extra["id"] = "extra_\(i)"; items.append(extra) }
            coping["items"] = items
        } }, path: "coping.items", contains: "has 36 items; at most 32")
        assertRefused({ Self.editCoping(&$0) { coping in
            var bands = coping["bands"] as! [[String: Any]]
            bands[3]["from"] = 150
            coping["bands"] = bands
        } }, path: "coping.bands[3].from", contains: "between 0 and 100")
        assertRefused({ doc in
            var segments = doc["segments"] as! [String: Any]
            segments["near_band"] = 1e300
            doc["segments"] = segments
        }, path: "segments.near_band", contains: "between 0 and 100")
        assertRefused({ doc in
            var risk = doc["risk"] as! [String: Any]
            risk["gap_review_at"] = 65
            doc["risk"] = risk
        }, path: "risk.gap_review_at", contains: "at least 1 and at most 64")
        assertRefused({ doc in
            var risk = doc["risk"] as! [String: Any]
            risk["undetermined_at_gaps"] = 9223372036854775807 as Int64
            doc["risk"] = risk
        }, path: "risk.undetermined_at_gaps", contains: "at least 1 and at most 64")
        assertRefused({ doc in
            var routing = doc["routing"] as! [String: Any]
            var ranks = routing["provision_rank"] as! [String: Any]
            ranks["own"] = 5000
            routing["provision_rank"] = ranks
            doc["routing"] = routing
        }, path: "routing.provision_rank.own", contains: "at least 0 and at most 1000")
        assertRefused({ doc in
            var risk = doc["risk"] as! [String: Any]
            risk["high_when"] = Array(repeating: "risk.child_welfare_household", count: 65)
            doc["risk"] = risk
        }, path: "risk.high_when", contains: "at most 64")
        assertRefused({ doc in
            var scope = doc["scope"] as! [[String: Any]]
            for i in 0..<70 { var s = scope[0]; s["id"] = "extra-\(i)"; scope.append(s) }
            doc["scope"] = scope
        }, path: "scope", contains: "at most 64")
        assertRefused({ Self.editIndicator(&$0, 2) { ind in
            ind["values"] = (0..<70).map { ["value": "v\($0)", "points": 1, "name": ["fi": "x", "sv": "x", "en": "x"]] }
        } }, path: "risk.indicators[2].values", contains: "at most 64")
    }
}

/// Valid cases for any criteria file, the contract's extremes over-represented: the largest
/// count (2 147 483 647) in every count, ages 0 and 120, hetu ages far in the past and future.
struct ExtremeCases {
    var rng: SplitMix64
    let model: CriteriaModel

    init(model: CriteriaModel, seed: UInt64) {
        self.model = model
        rng = SplitMix64(seed: seed)
    }

    mutating func count(_ lo: Int, _ hi: Int) -> Int {
        switch rng.below(8) {
        case 0: return lo
        case 1: return hi
        case 2: return lo + rng.below(min(hi - lo, 40) + 1)
        default: return lo + rng.below(min(hi - lo, 30) + 1)
        }
    }

    mutating func next(id: Int) -> ScreeningCase {
        let m = model
        var c = ScreeningCase(id: "x\(id)", age: count(0, CaseSchema.maxAge), itemCount: m.coping.items.count,
                              indicatorCount: m.risk.indicators.count, flagCount: m.flags.count)
        let level = rng.below(m.coping.scaleMax + 1)
        let missing = rng.chance(0.2) ? 0.4 : 0.03
        for i in c.coping.indices where !rng.chance(missing) {
            c.coping[i] = Int8(max(0, min(m.coping.scaleMax, level + rng.below(3) - 1)))
        }
        for (i, indicator) in m.risk.indicators.enumerated() where !rng.chance(0.1) {
            switch indicator.kind {
            case .integer(let lo, let hi, _): c.risk[i] = Int32(count(lo, hi ?? CriteriaLimits.maxCount))
            case .enumeration(let d, _): c.risk[i] = Int32(rng.below(max(d.values.count, 1)))
            case .boolean: c.risk[i] = rng.chance(0.3) ? 1 : 0
            }
        }
        for i in c.flags.indices { c.flags[i] = rng.chance(0.08) }
        if rng.chance(0.5) {
            c.children = count(0, CriteriaLimits.maxCount)
            if rng.chance(0.7) { c.youngestChildAge = rng.below(CaseSchema.maxChildAge + 1) }
        }
        c.expecting = rng.chance(0.1)
        c.singleParent = rng.chance(0.1)
        if rng.chance(0.5) {
            c.hetuBirthDate = CalendarDate(year: [1800, 1900, 1950, 2000, 2099][rng.below(5)], month: 1 + rng.below(12), day: 1 + rng.below(28))
            c.assessedOn = CalendarDate(year: [1, 1800, 2026, 9999][rng.below(4)], month: 2, day: 28)
        }
        return c
    }
}

/// The MODEL-V2 counterfactual search (severe markers, a score over the known indicators) stays
/// far inside its step budget on the default criteria, and a file built to defeat its cuts —
/// dozens of many-valued indicators and a severe marker over several of them that never holds —
/// decides in bounded time instead of enumerating combinations without end.
final class RiskSideSearchBudgetTests: XCTestCase {
    /// Steps of every risk-side search the engine would run for these cases.
    func searchSteps(_ model: CriteriaModel, _ cases: [ScreeningCase]) -> [Int] {
        let engine = DecisionEngine(model: model, today: v2Today)
        var out: [Int] = []
        for c in cases {
            let d = engine.decide(c, explaining: false)
            guard d.coping.score != nil, d.riskSide != .undetermined else { continue }
            var search = RiskSideSearch(model: model, case: c, risk: d.risk, frame: d.frame, towardHigh: d.riskSide != .high,
                                        buffers: RiskSideSearch.Buffers())
            _ = search.solve(points: d.risk.points, maxPoints: d.risk.maxPoints, gaps: d.risk.gaps.count)
            out.append(search.steps)
        }
        return out
    }

    func testTheDefaultCriteriaStayFarInsideTheBudget() {
        var random = RandomCases(seed: 31, model: v2Model)
        var extreme = ExtremeCases(model: v2Model, seed: 32)
        let cases = (0..<3000).map { random.next(id: $0) } + (0..<3000).map { extreme.next(id: $0) }
        let steps = searchSteps(v2Model, cases)
        XCTAssertGreaterThan(steps.count, 3000)
        print("risk-side search steps on the default V2 criteria: max \(steps.max()!), mean \(steps.reduce(0, +) / steps.count)")
        XCTAssertLessThan(steps.max()!, RiskSideSearch.stepBudget / 20, "the budget must never change a default decision")
    }

    func testAFileBuiltToDefeatTheCutsDecidesInBoundedTime() throws {
        var doc = try JSONSerialization.jsonObject(with: Data(v2ModelBytes)) as! [String: Any]
        var risk = doc["risk"] as! [String: Any]
        var indicators = risk["indicators"] as! [[String: Any]]
        let names = ["fi": "x", "sv": "x", "en": "x"]
        for i in 0..<48 {
            indicators.append(["id": "e\(i)", "type": "enum", "name": names,
                               "values": (0..<20).map { ["value": "v\($0)", "points": $0, "name": names] }])
        }
        risk["indicators"] = indicators
        risk["high_when"] = ["risk.e0 == 'v19' and risk.e1 == 'v19' and age > 200"]
        doc["risk"] = risk
        let model = try ModelLoader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: doc)), sha256: "x")
        XCTAssertEqual(model.risk.indicators.count, 60)
        var c = ScreeningCase(id: "low", age: 40, itemCount: 16, indicatorCount: 60, flagCount: model.flags.count)
        c.coping = Array(repeating: 1, count: 16)
        c.risk = Array(repeating: 0, count: 60)
        let start = Date()
        let d = DecisionEngine(model: model, today: v2Today).decide(c)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5.0)
        XCTAssertEqual(model.segments.domain.values[d.segment], "parjaaja")
        XCTAssertFalse(DecisionRecordWriter(model: model).bytes(d).isEmpty)
        let steps = try XCTUnwrap(searchSteps(model, [c]).first)
        XCTAssertTrue((RiskSideSearch.stepBudget...RiskSideSearch.stepBudget + 60).contains(steps), "stopped at the budget: \(steps)")
    }
}
