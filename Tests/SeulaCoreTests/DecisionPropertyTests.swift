import SeulaCore
import SeulaJSON
import XCTest

/// Properties that must hold for every valid case, checked over thousands of random ones.
final class DecisionPropertyTests: XCTestCase {
    let engine = DecisionEngine(model: defaultModel, today: testToday)
    let writer = DecisionRecordWriter(model: defaultModel)
    let caseCount = 4000

    /// Raising one answer or one indicator a step, the rest unchanged.
    func raisedVariants(_ c: ScreeningCase) -> [(String, ScreeningCase)] {
        var out: [(String, ScreeningCase)] = []
        for i in c.coping.indices where c.coping[i] >= 0 && c.coping[i] < 4 {
            var r = c
            r.coping[i] += 1
            out.append(("coping.\(defaultModel.coping.items[i].id)", r))
        }
        for (i, ind) in defaultModel.risk.indicators.enumerated() {
            var r = c
            let raw = c.risk[i]
            switch ind.kind {
            case .integer(let lo, let hi, let bins):
                if raw == ScreeningCase.gap { r.risk[i] = Int32(lo) }
                else if hi.map({ Int(raw) < $0 }) ?? true {
                    // One step, and also straight to the next bin.
                    r.risk[i] = raw + 1
                    if let next = bins.first(where: { $0.min > Int(raw) }) {
                        var jump = c
                        jump.risk[i] = Int32(next.min)
                        out.append(("risk.\(ind.id) to bin", jump))
                    }
                } else { continue }
            case .enumeration(let d, _):
                if raw == ScreeningCase.gap { r.risk[i] = 0 }
                else if Int(raw) < d.values.count - 1 { r.risk[i] = raw + 1 } else { continue }
            case .boolean:
                if raw == 1 { continue }
                r.risk[i] = 1
            }
            out.append(("risk.\(ind.id)", r))
        }
        return out
    }

    func testRaisingAnyAnswerOrIndicatorNeverLowersNeed() {
        var cases = RandomCases(seed: 1)
        var checked = 0
        let count = caseCount / 2   // each case is decided ~30 times here
        for n in 0..<count {
            let c = cases.next(id: n)
            let d = engine.decide(c)
            for (what, raised) in raisedVariants(c) {
                let e = engine.decide(raised)
                checked += 1
                if let before = d.coping.score {
                    let after = e.coping.score!
                    XCTAssertGreaterThanOrEqual(after, before, "\(c.id) raising \(what) lowered the coping score")
                    if defaultModel.coping.isHard(before) {
                        XCTAssertTrue(defaultModel.coping.isHard(after), "\(c.id) raising \(what) moved coping off the hard side")
                    }
                } else {
                    XCTAssertNil(e.coping.score, "\(c.id): answering the same items cannot make coping determined")
                }
                XCTAssertGreaterThanOrEqual(e.risk.score, d.risk.score, "\(c.id) raising \(what) lowered the risk score")
                if defaultModel.risk.isHigh(d.risk.score) {
                    XCTAssertTrue(defaultModel.risk.isHigh(e.risk.score), "\(c.id) raising \(what) moved risk off the high side")
                }
                XCTAssertGreaterThanOrEqual(e.computedOutcome, d.computedOutcome, "\(c.id) raising \(what) lowered the computed outcome")
                XCTAssertGreaterThanOrEqual(e.finalOutcome, d.finalOutcome, "\(c.id) raising \(what) lowered the outcome level")
            }
        }
        XCTAssertGreaterThan(checked, count * 10)
    }

    func testSameCaseGivesIdenticalBytes() {
        var cases = RandomCases(seed: 2)
        for n in 0..<caseCount {
            let c = cases.next(id: n)
            let a = writer.bytes(engine.decide(c))
            // A fresh engine and writer, to rule out state carried between calls.
            let b = DecisionRecordWriter(model: defaultModel).bytes(DecisionEngine(model: defaultModel, today: testToday).decide(c))
            XCTAssertEqual(a, b, "case \(c.id) gave two different records")
        }
    }

    func testRecordIsCanonicalJSON() throws {
        var cases = RandomCases(seed: 3)
        for n in 0..<500 {
            let bytes = writer.bytes(engine.decide(cases.next(id: n)))
            let parsed = try JSONReader.parse(bytes)
            XCTAssertEqual(parsed.canonicalBytes, bytes, "the record is not in canonical form (sorted keys, no whitespace)")
        }
    }

    /// The record's because lists (written as bytes by BecausePlan) say exactly what the
    /// text explanation says (built as strings by CompiledExpression.because).
    func testRecordBecauseEqualsTextBecause() throws {
        var cases = RandomCases(seed: 7)
        var compared = 0
        for n in 0..<caseCount {
            let d = engine.decide(cases.next(id: n))
            let record = try JSONReader.parse(writer.bytes(d))
            for (s, written) in zip(d.services, record["services"]!.arrayValue!) {
                XCTAssertEqual(written["because"]!.arrayValue!.map { $0.stringValue! }, d.because(service: s, defaultModel))
                compared += 1
            }
            for (o, written) in zip(d.overrides, record["outcome"]!["overrides"]!.arrayValue!) {
                XCTAssertEqual(written["because"]!.arrayValue!.map { $0.stringValue! }, d.because(defaultModel.overrides[o].condition, defaultModel))
            }
            for (r, written) in zip(d.referrals, record["referrals"]!.arrayValue!) {
                XCTAssertEqual(written["because"]!.arrayValue!.map { $0.stringValue! }, d.because(defaultModel.referrals[r].condition, defaultModel))
            }
            let printed = d.printedContributions
            for (i, written) in record["reasons"]!.arrayValue!.enumerated() {
                XCTAssertEqual(written["contribution"]!.numberValue!.double, printed[i])
                XCTAssertEqual(written["code"]!.stringValue!, d.reasons[i].code(defaultModel))
            }
        }
        XCTAssertGreaterThan(compared, caseCount)
    }

    func testEveryServiceOverrideAndReferralSaysWhy() {
        var cases = RandomCases(seed: 4)
        var services = 0
        for n in 0..<caseCount {
            let d = engine.decide(cases.next(id: n))
            for s in d.services {
                services += 1
                let because = d.because(service: s, defaultModel)
                XCTAssertFalse(because.isEmpty, "\(defaultModel.products[s.product].id) has no because")
                XCTAssertTrue(because.allSatisfy { !$0.isEmpty })
            }
            for o in d.overrides { XCTAssertFalse(d.because(defaultModel.overrides[o].condition, defaultModel).isEmpty) }
            for r in d.referrals { XCTAssertFalse(d.because(defaultModel.referrals[r].condition, defaultModel).isEmpty) }
            XCTAssertEqual(d.services.map(\.rank), Array(1...max(1, d.services.count)).prefix(d.services.count).map { $0 })
        }
        XCTAssertGreaterThan(services, caseCount)
    }

    func testReasonsAddUpToTheScore() {
        var cases = RandomCases(seed: 5)
        for n in 0..<caseCount {
            let c = cases.next(id: n)
            let d = engine.decide(c)
            // Unrounded: every contribution, listed or in the rest, sums to the score.
            if let score = d.coping.score {
                XCTAssertEqual(d.coping.contributions.reduce(0, +), score, accuracy: 1e-9)
            }
            let riskAll = d.risk.indicatorPoints.map { 100.0 * Double($0) / Double(d.risk.maxPoints) }.reduce(0, +)
            XCTAssertEqual(riskAll, d.risk.score, accuracy: 1e-9)
            // As printed: the listed reasons (with the rest entry) add up to the printed score.
            for axis in [Reason.Axis.coping, .risk] {
                let printed = zip(d.reasons, d.printedContributions).filter { $0.0.axis == axis }.map { ($0.0, $0.1) }
                let sum = printed.reduce(0) { $0 + $1.1 }
                let score = axis == .coping ? d.coping.score : d.risk.score
                guard let score, score > 0 else {
                    XCTAssertTrue(printed.isEmpty, "no reasons for a zero or undetermined score")
                    continue
                }
                let tolerance = printed.contains { $0.0.isRest } ? 1e-9 : 0.05 * Double(printed.count) + 1e-9
                XCTAssertEqual(sum, DecimalFormat.round1(score), accuracy: tolerance, "\(c.id) \(axis) reasons")
                // Largest first, then the rest entry last.
                let listed = printed.filter { !$0.0.isRest }.map(\.0.contribution)
                XCTAssertEqual(listed, listed.sorted(by: >))
                XCTAssertLessThanOrEqual(listed.count, 3)
            }
        }
    }

    func testCounterfactualMovesTheCaseAndIsMinimal() {
        var cases = RandomCases(seed: 6)
        var moves = 0
        for n in 0..<caseCount {
            let c = cases.next(id: n)
            let d = engine.decide(c)
            for move in d.counterfactual {
                moves += 1
                var changed = c
                for ch in move.changes { apply(ch, to: &changed) }
                XCTAssertEqual(engine.decide(changed).segment, move.segment, "\(c.id): the counterfactual does not reach \(move.segment)")
                XCTAssertEqual(move.changes.count, minimalChangeCount(c, d, toward: move.segment.rawValue),
                                         "\(c.id): a smaller change exists")
            }
            if d.coping.score == nil { XCTAssertTrue(d.counterfactual.isEmpty) }
        }
        XCTAssertGreaterThan(moves, caseCount)
    }

    /// Applies a counterfactual change to a case.
    func apply(_ ch: CounterfactualChange, to c: inout ScreeningCase) {
        let parts = ch.field(defaultModel).split(separator: ".").map(String.init)
        if parts[0] == "coping", let i = defaultModel.coping.items.firstIndex(where: { $0.id == parts[1] }), case .int(let v) = ch.to {
            c.coping[i] = Int8(v)
        } else if let i = defaultModel.risk.indicators.firstIndex(where: { $0.id == parts[1] }) {
            switch (defaultModel.risk.indicators[i].kind, ch.to) {
            case (.integer, .int(let v)): c.risk[i] = Int32(v)
            case (.enumeration(let d, _), .text(let s)): c.risk[i] = Int32(d.index(of: s)!)
            case (.boolean, .bool(let b)): c.risk[i] = b ? 1 : 0
            default: XCTFail("change \(ch) does not fit \(ch.field)")
            }
        } else {
            XCTFail("unknown field \(ch.field)")
        }
    }

    /// An independent lower bound on the number of changes: sort each field's largest possible
    /// move and count how many of the largest are needed (exact when all moves are whole steps,
    /// which they are for the default model).
    func minimalChangeCount(_ c: ScreeningCase, _ d: Decision, toward segment: Int) -> Int {
        let q = defaultModel.segments.quadrants[segment]
        let m = defaultModel
        if q.copingHard != m.coping.isHard(d.coping.score!) {
            let up = q.copingHard
            let answered = c.coping.filter { $0 >= 0 }
            let total = answered.reduce(0) { $0 + Int($1) }
            let capacities = answered.map { up ? 4 - Int($0) : Int($0) }.sorted(by: >)
            var k = 0, moved = 0
            while k < capacities.count {
                moved += capacities[k]
                k += 1
                let s = Double(up ? total + moved : total - moved)
                if m.coping.isHard(m.coping.score(weightedSum: s, answeredWeight: Double(answered.count))) == up { return k }
            }
            return Int.max
        } else {
            let up = q.riskHigh
            var capacities: [Int] = []
            let frame = d.frame
            for (i, ind) in m.risk.indicators.enumerated() where m.risk.isCounted(i, frame: frame) {
                capacities.append(up ? ind.maxPoints - d.risk.indicatorPoints[i] : d.risk.indicatorPoints[i])
            }
            capacities.sort(by: >)
            var k = 0, moved = 0
            while k < capacities.count {
                moved += capacities[k]
                k += 1
                if m.risk.isHigh(m.risk.score(points: up ? d.risk.points + moved : d.risk.points - moved)) == up { return k }
            }
            return Int.max
        }
    }
}
