import Foundation
import SeulaCore
import SeulaJSON
import XCTest

/// The V2 criteria file, loaded once.
let v2ModelBytes: [UInt8] = [UInt8](FileManager.default.contents(atPath: packageRoot.appendingPathComponent("models/seula-v2.json").path)!)
let v2Model: CriteriaModel = try! ModelLoader.load(bytes: v2ModelBytes, sha256: "test-v2")
/// A date V2 is in force on.
let v2Today = CalendarDate(year: 2026, month: 6, day: 1)!

/// MODEL-V2's promises, checked over thousands of random cases: monotonicity (a worse answer or
/// indicator, or a severe marker turned on, never lowers the risk side, the outcome level or the
/// urgency), safety signals always reviewed and at least a named worker, nothing outside a
/// scope's allow-list, automatable only when nothing calls for a professional, and every
/// counterfactual reaching its segment under the V2 side rule. The ids these properties name
/// live in `Tests/Fixtures/properties-v2.json`.
final class DecisionPropertyV2Tests: XCTestCase {
    let engine = DecisionEngine(model: v2Model, today: v2Today)
    let caseCount = 4000
    lazy var properties: JSONValue = try! JSONReader.parse(
        [UInt8](FileManager.default.contents(atPath: packageRoot.appendingPathComponent("Tests/Fixtures/properties-v2.json").path)!))

    func condition(_ text: String, phase: Phase = .final) -> CompiledExpression {
        try! ExpressionCompiler.compileCondition(text, symbols: v2Model.symbols, phase: phase)
    }

    /// Random cases with V2's situations over-represented: markers, gaps, minors, old age.
    func randomCases(seed: UInt64) -> [ScreeningCase] {
        var random = RandomCases(seed: seed, model: v2Model)
        var rng = SplitMix64(seed: seed &+ 99)
        return (0..<caseCount).map { n in
            var c = random.next(id: n)
            if rng.chance(0.15) { c.age = [15, 17, 18, 64, 65, 74, 75, 84][rng.below(8)] }
            if rng.chance(0.1) { for i in c.risk.indices where rng.chance(0.4) { c.risk[i] = ScreeningCase.gap } }
            return c
        }
    }

    /// The risk side as an order: low < high; undetermined apart (nil).
    func sideRank(_ d: Decision) -> Int? {
        switch d.riskSide {
        case .low: return 0
        case .high: return 1
        case .undetermined: return nil
        }
    }

    /// One answer or one known indicator made a step worse (enum values and bools up to their
    /// top, which turns every severe marker on), the rest unchanged.
    func worsenedVariants(_ c: ScreeningCase) -> [(String, ScreeningCase)] {
        var out: [(String, ScreeningCase)] = []
        for i in c.coping.indices where c.coping[i] >= 0 && c.coping[i] < 4 {
            var r = c
            r.coping[i] += 1
            out.append(("coping.\(v2Model.coping.items[i].id)", r))
        }
        for (i, ind) in v2Model.risk.indicators.enumerated() where c.risk[i] != ScreeningCase.gap {
            let raw = Int(c.risk[i])
            var targets: [Int] = []
            switch ind.kind {
            case .integer(_, let hi, let bins):
                if hi.map({ raw < $0 }) ?? true { targets.append(raw + 1) }
                if let next = bins.first(where: { $0.min > raw }) { targets.append(next.min) }
            case .enumeration(let d, _):
                targets += Array((raw + 1)..<d.values.count)
            case .boolean:
                if raw == 0 { targets.append(1) }
            }
            for t in Set(targets).sorted() {
                var r = c
                r.risk[i] = Int32(t)
                out.append(("risk.\(ind.id) → \(t)", r))
            }
        }
        return out
    }

    func testWorseNeverLowersTheRiskSideTheOutcomeOrTheUrgency() {
        var checked = 0
        for c in randomCases(seed: 21).prefix(caseCount / 2) {
            let d = engine.decide(c, explaining: false)
            for (what, worse) in worsenedVariants(c) {
                let e = engine.decide(worse, explaining: false)
                checked += 1
                if let before = sideRank(d) {
                    XCTAssertNotNil(sideRank(e), "\(c.id) \(what): a known value cannot make the risk axis undetermined")
                    XCTAssertGreaterThanOrEqual(sideRank(e) ?? 0, before, "\(c.id) \(what) lowered the risk side")
                }
                XCTAssertGreaterThanOrEqual(e.finalOutcome, d.finalOutcome, "\(c.id) \(what) lowered the outcome level")
                // Urgency levels are listed most urgent first.
                XCTAssertLessThanOrEqual(e.urgency, d.urgency, "\(c.id) \(what) made the case less urgent")
                if d.riskSide != .undetermined, let before = d.coping.score, let after = e.coping.score {
                    XCTAssertGreaterThanOrEqual(after, before)
                    XCTAssertGreaterThanOrEqual(e.risk.score, d.risk.score, "\(c.id) \(what) lowered the risk score")
                }
            }
        }
        XCTAssertGreaterThan(checked, caseCount * 5)
    }

    func testASafetySignalIsAlwaysReviewedAndGetsANamedWorker() throws {
        let signal = condition(properties["safety_signal"]!.stringValue!, phase: .intake)
        let least = try XCTUnwrap(v2Model.outcomeLevels.index(of: properties["safety_outcome_at_least"]!.stringValue!))
        var signals = 0
        var random = randomCases(seed: 22)
        var rng = SplitMix64(seed: 5)
        for k in random.indices where rng.chance(0.3) {
            // Make signals common: one of the signal items at its worst.
            random[k].coping[rng.below(random[k].coping.count)] = 4
        }
        for c in random {
            let d = engine.decide(c, explaining: false)
            guard signal.holds(d.frame) else { continue }
            signals += 1
            XCTAssertFalse(d.review.isEmpty, "\(c.id): a safety signal without review")
            XCTAssertGreaterThanOrEqual(d.finalOutcome.rawValue, least, "\(c.id): a safety signal below a named worker")
        }
        XCTAssertGreaterThan(signals, caseCount / 20)
    }

    func testNoProductOutsideAScopesAllowList() throws {
        let scopes = properties["scopes"]!.arrayValue!.map { s in
            (condition(s["when"]!.stringValue!, phase: .intake),
             Set(s["allowed"]!.arrayValue!.map { $0.stringValue! }),
             Set(s["excluded_referrals"]!.arrayValue!.map { $0.stringValue! }))
        }
        var scoped = 0
        var random = randomCases(seed: 23)
        var rng = SplitMix64(seed: 6)
        let undocumentedWhen = properties["scopes"]!.arrayValue![1]["when"]!.stringValue!
        let undocumented = try XCTUnwrap(v2Model.flags.firstIndex { "flags.\($0.id)" == undocumentedWhen })
        for k in random.indices where rng.chance(0.2) { random[k].flags[undocumented] = true }
        for c in random {
            let d = engine.decide(c, explaining: false)
            for (when, allowed, excluded) in scopes where when.holds(d.frame) {
                scoped += 1
                for s in d.services {
                    XCTAssertTrue(allowed.contains(v2Model.products[s.product].id), "\(c.id): \(v2Model.products[s.product].id) is outside the scope")
                }
                for r in d.referrals {
                    XCTAssertFalse(excluded.contains(v2Model.referrals[r].id), "\(c.id): referral \(v2Model.referrals[r].id) is excluded by the scope")
                }
            }
        }
        XCTAssertGreaterThan(scoped, caseCount / 10)
    }

    func testAutomatableOnlyWhenNothingCallsForAProfessional() {
        let only = condition(properties["automatable_only_when"]!.stringValue!)
        var automatable = 0
        for c in randomCases(seed: 24) {
            let d = engine.decide(c, explaining: false)
            guard d.automatable == true else { continue }
            automatable += 1
            XCTAssertTrue(d.review.isEmpty, "\(c.id): automatable with review reasons")
            XCTAssertTrue(only.holds(d.frame), "\(c.id): automatable although the outcome, urgency or a referral needs a professional")
        }
        XCTAssertGreaterThan(automatable, 0)
    }

    /// Under the V2 side rule: each counterfactual reaches its segment, and no single change
    /// fewer does (checked by trying every smaller set of the same changes' fields exhaustively
    /// for one-change answers).
    func testCounterfactualsReachTheirSegmentUnderTheSideRule() {
        var moves = 0, riskMoves = 0
        for c in randomCases(seed: 25).prefix(1500) {
            let d = engine.decide(c)
            if d.segment == v2Model.segments.undetermined { XCTAssertTrue(d.counterfactual.isEmpty, "\(c.id): undetermined has no neighbours") }
            for move in d.counterfactual {
                moves += 1
                var changed = c
                for ch in move.changes { apply(ch, to: &changed) }
                XCTAssertEqual(engine.decide(changed, explaining: false).segment, move.segment, "\(c.id): the counterfactual does not reach its segment")
                if move.changes.first?.axis == .risk {
                    riskMoves += 1
                    if move.changes.count > 1 { XCTAssertNil(singleRiskChange(c, toward: move.segment.rawValue), "\(c.id): one risk change would do") }
                }
            }
        }
        XCTAssertGreaterThan(moves, 1000)
        XCTAssertGreaterThan(riskMoves, 300)
    }

    /// A case whose only known indicator is a severe marker (11 gaps): leaving high risk needs
    /// the marker off and eight gaps filled — found (the search's bounds start at nine changes),
    /// the smallest total first (the marker's points; the fills with zero-point values).
    func testAMarkerAmongGapsFindsItsWayDown() throws {
        var c = ScreeningCase(id: "m", age: 40, itemCount: v2Model.coping.items.count,
                              indicatorCount: v2Model.risk.indicators.count, flagCount: v2Model.flags.count)
        for i in c.coping.indices { c.coping[i] = 3 }
        func isBoolean(_ i: Int) -> Bool {
            if case .boolean = v2Model.risk.indicators[i].kind { return true }
            return false
        }
        let marker = try XCTUnwrap(v2Model.risk.markers.firstIndex { $0.indicatorMask.nonzeroBitCount == 1 && isBoolean($0.indicatorMask.trailingZeroBitCount) })
        let indicator = v2Model.risk.markers[marker].indicatorMask.trailingZeroBitCount
        c.risk[indicator] = 1
        let d = engine.decide(c)
        XCTAssertEqual(d.riskSide, .high)
        let risk = try XCTUnwrap(d.counterfactual.first { $0.changes.first?.axis == .risk }, "the low-risk neighbour is found")
        XCTAssertEqual(risk.changes.count, 1 + (v2Model.risk.indicators.count - 1) - (v2Model.risk.undeterminedAtGaps! - 1))
        XCTAssertTrue(risk.changes.contains { $0.index == indicator && $0.to == .bool(false) })
        var moved = c
        apply(risk.changes, to: &moved)
        XCTAssertEqual(engine.decide(moved, explaining: false).riskSide, .low)
    }

    func apply(_ changes: [CounterfactualChange], to c: inout ScreeningCase) {
        for ch in changes { apply(ch, to: &c) }
    }

    /// Some one-indicator change that moves the case to `segment`, by brute force over every value.
    func singleRiskChange(_ c: ScreeningCase, toward segment: Int) -> ScreeningCase? {
        for (i, ind) in v2Model.risk.indicators.enumerated() {
            let values: [Int]
            switch ind.kind {
            case .integer(let lo, let hi, _): values = Array(lo...(hi ?? 60))
            case .enumeration(let d, _): values = Array(0..<d.values.count)
            case .boolean: values = [0, 1]
            }
            for v in values where Int32(v) != c.risk[i] {
                var r = c
                r.risk[i] = Int32(v)
                if engine.decide(r, explaining: false).segment.rawValue == segment { return r }
            }
        }
        return nil
    }

    func apply(_ ch: CounterfactualChange, to c: inout ScreeningCase) {
        switch (ch.axis, ch.to) {
        case (.coping, .int(let v)): c.coping[ch.index] = Int8(v)
        case (.risk, .int(let v)): c.risk[ch.index] = Int32(v)
        case (.risk, .text(let s)):
            if case .enumeration(let d, _) = v2Model.risk.indicators[ch.index].kind { c.risk[ch.index] = Int32(d.index(of: s)!) }
        case (.risk, .bool(let b)): c.risk[ch.index] = b ? 1 : 0
        default: XCTFail("change \(ch) does not fit")
        }
    }

    /// The high_by texts are the markers' because texts, in file order, and exactly the markers
    /// that hold on known values; a marker never reads a gap.
    func testHighByNamesTheMarkersThatHold() throws {
        let writer = DecisionRecordWriter(model: v2Model)
        var markerCases = 0
        for c in randomCases(seed: 26) {
            let d = engine.decide(c, explaining: false)
            let record = try JSONReader.parse(writer.bytes(d))
            let highBy = record["scores"]!["risk"]!["high_by"]!.arrayValue!.map { $0.stringValue! }
            XCTAssertEqual(highBy, d.riskMarkers.flatMap { d.because(v2Model.risk.markers[$0].condition, v2Model) })
            XCTAssertFalse(highBy.contains { $0.contains("(missing)") }, "\(c.id): a marker read a gap")
            if !d.riskMarkers.isEmpty {
                markerCases += 1
                XCTAssertEqual(d.riskSide, .high)
                XCTAssertFalse(d.review.contains(.nearThresholdRisk), "\(c.id): near-threshold risk review on a marker-decided side")
            }
            if d.riskSide == .undetermined {
                XCTAssertEqual(record["scores"]!["risk"]!["value"], .null)
                XCTAssertEqual(record["margins"]!["risk"], .null)
                XCTAssertEqual(record["segment"]!.stringValue, v2Model.segments.undeterminedID)
            }
        }
        XCTAssertGreaterThan(markerCases, caseCount / 10)
    }
}
