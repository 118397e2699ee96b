@testable import SeulaCore
import XCTest

final class FewestChangesTests: XCTestCase {
    /// The exact bitset search and the general weighted search agree whenever weights are equal.
    func testUniformAndWeightedSolversAgree() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let n = 1 + rng.below(12)
            var candidates: [FewestChangesSolver.Candidate] = []
            for i in 0..<n {
                let room = 1 + rng.below(4)
                candidates.append(.init(index: i, options: (1...room).map { .init(units: $0, effect: Double($0), to: $0) }))
            }
            let need = Double(1 + rng.below(20))
            let succeeds = { (e: Double) in e >= need }
            let a = FewestChangesSolver.solveUniform(candidates, unitEffect: 1, succeeds: succeeds)
            let b = FewestChangesSolver.solveWeighted(candidates, succeeds: succeeds)
            XCTAssertEqual(a?.count, b?.count)
            XCTAssertEqual(a.map { $0.reduce(0) { $0 + $1.option.units } }, b.map { $0.reduce(0) { $0 + $1.option.units } })
            if let a { XCTAssertGreaterThanOrEqual(Double(a.reduce(0) { $0 + $1.option.units }), need) }
        }
    }

    /// Brute force over every subset and step confirms the fewest changes, then the smallest total.
    func testAgainstBruteForce() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<300 {
            let n = 1 + rng.below(6)
            var candidates: [FewestChangesSolver.Candidate] = []
            for i in 0..<n {
                // Coarse options, as risk indicators have (a bool worth 2, bins worth 1-3).
                var steps = Set<Int>()
                for _ in 0..<(1 + rng.below(3)) { steps.insert(1 + rng.below(4)) }
                candidates.append(.init(index: i, options: steps.sorted().map { .init(units: $0, effect: Double($0), to: $0) }))
            }
            let need = 1 + rng.below(12)
            let succeeds = { (e: Double) in e >= Double(need) }
            // Brute force: every choice of (none or one option) per candidate.
            var best: (count: Int, total: Int)? = nil
            func walk(_ i: Int, _ count: Int, _ total: Int) {
                if i == n {
                    if total >= need, best == nil || (count, total) < (best!.count, best!.total) { best = (count, total) }
                    return
                }
                walk(i + 1, count, total)
                for o in candidates[i].options { walk(i + 1, count + 1, total + o.units) }
            }
            walk(0, 0, 0)
            let got = FewestChangesSolver.solveUniform(candidates, unitEffect: 1, succeeds: succeeds)
            XCTAssertEqual(got?.count, best?.count)
            XCTAssertEqual(got.map { $0.reduce(0) { $0 + $1.option.units } }, best?.total)
        }
    }

    func testWeightedCopingPrefersHeavyItems() throws {
        // Item 0 weighs 3: one step on it moves the score as far as three steps elsewhere.
        let model = try loadEdited { doc in
            var coping = doc["coping"] as! [String: Any]
            var items = coping["items"] as! [[String: Any]]
            items[15]["weight"] = 3
            coping["items"] = items
            doc["coping"] = coping
        }.get()
        var c = ScreeningCase(id: "w", age: 40, itemCount: 16, indicatorCount: 12, flagCount: 15)
        c.coping = Array(repeating: 2, count: 16)
        let d = DecisionEngine(model: model).decide(c)
        let toEasy = try XCTUnwrap(d.counterfactual.first { model.segments.domain.values[$0.segment] == "parjaaja" })
        XCTAssertTrue(toEasy.changes.contains { $0.field == "coping.sudden_crisis" }, "\(toEasy.changes)")
    }
}
