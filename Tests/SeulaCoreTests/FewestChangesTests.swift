@testable import SeulaCore
import XCTest

final class FewestChangesTests: XCTestCase {
    func randomProblem(_ rng: inout SplitMix64, coarse: Bool) -> FewestChangesSolver.Problem {
        var p = FewestChangesSolver.Problem()
        let n = 1 + rng.below(coarse ? 6 : 12)
        for i in 0..<n {
            p.addCandidate(i)
            if coarse {
                // Coarse options, as risk indicators have (a bool worth 2, bins worth 1-3).
                var steps = Set<Int>()
                for _ in 0..<(1 + rng.below(3)) { steps.insert(1 + rng.below(4)) }
                for s in steps.sorted(by: >) { p.addOption(units: s, to: s) }
            } else {
                for s in stride(from: 1 + rng.below(4), through: 1, by: -1) { p.addOption(units: s, to: s) }
            }
        }
        return p
    }

    func total(_ p: FewestChangesSolver.Problem, _ choices: [FewestChangesSolver.Choice]) -> Int {
        choices.reduce(0) { $0 + p.optionUnits[$1.option] }
    }

    /// The exact bitset search and the general weighted search agree whenever weights are equal.
    func testUniformAndWeightedSolversAgree() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<2000 {
            let p = randomProblem(&rng, coarse: rng.chance(0.5))
            let need = 1 + rng.below(20)
            var a: [FewestChangesSolver.Choice] = [], b: [FewestChangesSolver.Choice] = []
            let okA = FewestChangesSolver.solveUniform(p, need: need, into: &a)
            let okB = FewestChangesSolver.solveWeighted(p, effect: p.optionUnits.map(Double.init), succeeds: { $0 >= Double(need) }, into: &b)
            XCTAssertEqual(okA, okB)
            guard okA else { continue }
            XCTAssertEqual(a.count, b.count)
            XCTAssertEqual(total(p, a), total(p, b))
            XCTAssertGreaterThanOrEqual(total(p, a), need)
            XCTAssertEqual(Set(a.map(\.candidate)).count, a.count, "a candidate changes at most once")
        }
    }

    /// The closed form for unit steps chooses exactly what the dynamic programme chooses.
    func testUnitStepClosedFormEqualsTheProgramme() {
        var rng = SplitMix64(seed: 13)
        var compared = 0
        for _ in 0..<5000 {
            let n = 1 + rng.below(16)
            var rooms: [Int] = []
            var p = FewestChangesSolver.Problem()
            for i in 0..<n {
                let room = rng.below(5)   // 0: an item already at the end of the scale
                rooms.append(room)
                if room > 0 {
                    p.addCandidate(i)
                    for s in stride(from: room, through: 1, by: -1) { p.addOption(units: s, to: s) }
                }
            }
            let need = 1 + rng.below(40)
            var dp: [FewestChangesSolver.Choice] = []
            var closed: [(candidate: Int, step: Int)] = []
            let a = FewestChangesSolver.solveUniform(p, need: need, into: &dp)
            let b = FewestChangesSolver.solveUnitSteps(rooms: rooms, need: need, into: &closed)
            XCTAssertEqual(a, b)
            guard a else { continue }
            XCTAssertEqual(dp.map { p.candidateIndex[$0.candidate] }, closed.map(\.candidate))
            XCTAssertEqual(dp.map { p.optionUnits[$0.option] }, closed.map(\.step))
            compared += 1
        }
        XCTAssertGreaterThan(compared, 2000)
    }

    /// Brute force over every subset and step confirms the fewest changes, then the smallest total.
    func testAgainstBruteForce() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<300 {
            let p = randomProblem(&rng, coarse: true)
            let need = 1 + rng.below(12)
            var best: (count: Int, total: Int)? = nil
            func walk(_ i: Int, _ count: Int, _ total: Int) {
                if i == p.count {
                    if total >= need, best == nil || (count, total) < (best!.count, best!.total) { best = (count, total) }
                    return
                }
                walk(i + 1, count, total)
                for o in p.optionStart[i]..<p.optionStart[i + 1] { walk(i + 1, count + 1, total + p.optionUnits[o]) }
            }
            walk(0, 0, 0)
            var got: [FewestChangesSolver.Choice] = []
            let ok = FewestChangesSolver.solveUniform(p, need: need, into: &got)
            XCTAssertEqual(ok, best != nil)
            if let best {
                XCTAssertEqual(got.count, best.count)
                XCTAssertEqual(total(p, got), best.total)
            }
        }
    }

    func testWeightedCopingPrefersHeavyItems() throws {
        // Item 15 weighs 3: one step on it moves the score as far as three steps elsewhere.
        let model = try loadEdited { doc in
            var coping = doc["coping"] as! [String: Any]
            var items = coping["items"] as! [[String: Any]]
            items[15]["weight"] = 3
            coping["items"] = items
            doc["coping"] = coping
        }.get()
        var c = ScreeningCase(id: "w", age: 40, itemCount: 16, indicatorCount: 12, flagCount: 15)
        c.coping = Array(repeating: 2, count: 16)
        let d = DecisionEngine(model: model, today: testToday).decide(c)
        let toEasy = try XCTUnwrap(d.counterfactual.first { model.segments.domain.values[$0.segment] == "parjaaja" })
        XCTAssertTrue(toEasy.changes.contains { $0.field(model) == "coping.sudden_crisis" }, "\(toEasy.changes)")
        // And it still moves the case.
        var moved = c
        for ch in toEasy.changes { if case .int(let v) = ch.to { moved.coping[ch.index] = Int8(v) } }
        XCTAssertEqual(model.segments.domain.values[DecisionEngine(model: model, today: testToday).decide(moved).segment], "parjaaja")
    }
}
