import SeulaCore
import XCTest

/// The risk-side counterfactual memo (`RiskChangeMemo`) gives what the search gives: every
/// case decided with one memo shared over thousands of varied cases (markers, gaps, counted
/// windows, both directions), twice, equals the same case decided without one.
final class RiskChangeMemoTests: XCTestCase {
    func check(_ model: CriteriaModel, today: CalendarDate, seed: UInt64) {
        let engine = DecisionEngine(model: model, today: today)
        let memo = RiskChangeMemo(model: model)
        var random = RandomCases(seed: seed, model: model)
        var rng = SplitMix64(seed: seed &+ 5)
        let cases: [ScreeningCase] = (0..<4000).map { n in
            var c = random.next(id: n)
            if rng.chance(0.2) { c.age = [15, 17, 18, 20, 24, 25, 64, 75][rng.below(8)] }
            if rng.chance(0.15) { for i in c.risk.indices where rng.chance(0.4) { c.risk[i] = ScreeningCase.gap } }
            return c
        }
        var plain = Decision(model: model), memoised = Decision(model: model)
        var moves = 0
        for pass in 0..<2 {
            for c in cases {
                engine.decide(c, into: &plain)
                engine.decide(c, into: &memoised, riskMemo: memo)
                XCTAssertEqual(plain.counterfactual, memoised.counterfactual, "case \(c.id), pass \(pass)")
                moves += plain.counterfactual.count
            }
        }
        XCTAssertGreaterThan(moves, 1000)
    }

    func testMemoisedV2CounterfactualsEqualTheSearch() {
        check(v2Model, today: v2Today, seed: 41)
        check(v2Model, today: v2Today, seed: 42)
    }

    func testMemoisedV1CounterfactualsEqualTheSearch() {
        check(defaultModel, today: CalendarDate(year: 2025, month: 6, day: 1)!, seed: 43)
    }
}
