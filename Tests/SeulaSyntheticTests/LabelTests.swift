import SeulaCore
import SeulaJSON
import SeulaSynthetic
import XCTest

/// The simulated caseworker: close to Seula but not identical, disagreeing near the thresholds.
final class LabelTests: XCTestCase {
    func testSegmentAgreementIsHighAndLowestNearTheThresholds() {
        var seula: [String] = [], caseworker: [String] = []
        var near = (agree: 0, total: 0), far = (agree: 0, total: 0)
        for (c, d) in zip(scored.cases, scored.decisions) {
            guard let coping = d.coping.score, let label = c.label else { continue }
            let s = scored.segmentID(d)
            seula.append(s)
            caseworker.append(label.segmentID)
            let isNear = abs(coping - 40) <= 5 || abs(d.risk.score - 35) <= 5
            if isNear {
                near.total += 1
                if s == label.segmentID { near.agree += 1 }
            } else {
                far.total += 1
                if s == label.segmentID { far.agree += 1 }
            }
        }
        let kappa = cohensKappa(seula, caseworker)
        XCTAssertGreaterThan(kappa, 0.55)
        XCTAssertLessThan(kappa, 0.95)
        let nearRate = Double(near.agree) / Double(near.total), farRate = Double(far.agree) / Double(far.total)
        XCTAssertGreaterThan(near.total, 500)
        XCTAssertLessThan(nearRate, farRate - 0.2, "near \(nearRate), far \(farRate)")
        XCTAssertLessThan(farRate, 0.99, "the caseworker is not Seula")
        // The caseworker uses every segment.
        XCTAssertEqual(Set(caseworker), Set(Vocabulary.segments))
    }

    func testOutcomeTwelveMonthsBaseRateAndRiskScoreAUC() {
        let outcome = scored.cases.map { $0.label!.outcome12m }
        let rate = Double(outcome.filter { $0 }.count) / Double(outcome.count)
        XCTAssertGreaterThan(rate, 0.10)
        XCTAssertLessThan(rate, 0.20)
        let a = auc(scored.decisions.map(\.risk.score), outcome)
        XCTAssertGreaterThan(a, 0.68)
        XCTAssertLessThan(a, 0.85)
        // The coping score knows less about it than the register risk does.
        let determined = scored.decisions.indices.filter { scored.decisions[$0].coping.score != nil }
        XCTAssertLessThan(auc(determined.map { scored.decisions[$0].coping.score! }, determined.map { outcome[$0] }), a)
    }

    func testOutcomeAndServicesLookLikeACaseworkers() {
        let m = defaultModel
        var eligible = 0, picked = 0, defaultOutcome = 0
        for (c, d) in zip(scored.cases, scored.decisions) {
            let label = c.label!
            let seulaProducts = Set(d.services.map { m.products[$0.product].id })
            for p in label.serviceIDs {
                picked += 1
                if seulaProducts.contains(p) { eligible += 1 }
            }
            XCTAssertLessThanOrEqual(label.serviceIDs.count, 5)
            XCTAssertTrue(label.serviceIDs.allSatisfy { Vocabulary.products.contains($0) })
            if label.outcome == label.segment { defaultOutcome += 1 }
            if c.hasFlag(Flag.immediateDanger) { XCTAssertEqual(label.outcomeID, "immediate") }
            if c.hasFlag(Flag.undocumented) { XCTAssertGreaterThanOrEqual(label.outcome, 2) }
        }
        let n = Double(scored.cases.count)
        XCTAssertGreaterThan(Double(picked) / n, 1.5, "a short list, not empty")
        XCTAssertLessThan(Double(picked) / n, 4.5)
        XCTAssertGreaterThan(Double(eligible) / Double(picked), 0.8, "mostly Seula-eligible")
        XCTAssertLessThan(Double(eligible) / Double(picked), 0.99, "plus some noise")
        XCTAssertGreaterThan(Double(defaultOutcome) / n, 0.8, "usually the segment's default outcome")
    }

    func testLabelJSONShape() throws {
        let object = try XCTUnwrap(scored.objects.first?.objectValue)
        let label = try XCTUnwrap(object["label"]?.objectValue)
        XCTAssertEqual(label.keys.filter { $0 != "services" }, ["segment", "outcome", "outcome_12m", "gender"])
        var genders: [String: Int] = [:]
        for o in scored.objects {
            let l = o["label"]!
            XCTAssertTrue(Vocabulary.segments.contains(l["segment"]!.stringValue!))
            XCTAssertTrue(Vocabulary.outcomes.contains(l["outcome"]!.stringValue!))
            XCTAssertTrue([0, 1].contains(l["outcome_12m"]!.numberValue!.int64!))
            genders[l["gender"]!.stringValue!, default: 0] += 1
        }
        XCTAssertEqual(Set(genders.keys), ["f", "m", "x"])
        XCTAssertLessThan(genders["x"]!, genders["f"]! / 10)
    }
}
