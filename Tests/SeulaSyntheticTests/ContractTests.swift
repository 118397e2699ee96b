import SeulaCore
import SeulaJSON
import SeulaSynthetic
import XCTest

/// The generated cases under the default criteria (MODEL-V1; validated strictly against a model
/// that also knows V2's 16th flag): valid, realistic, and covering every segment, product,
/// override and referral.
final class ContractTests: XCTestCase {
    func testEveryValidLinePassesTheValidatorInStrictMode() {
        let generator = CaseloadGenerator(GeneratorOptions(count: 4_000, seed: 5))
        let validator = CaseValidator(model: contractModel, strict: true)
        let all = lines(generator.bytes())
        XCTAssertEqual(all.count, 4_000)
        var hetus = 0
        for (i, line) in all.enumerated() {
            guard case .success(let c)? = readJSONLine(line, validator: validator) else {
                return XCTFail("line \(i + 1): \(String(decoding: line, as: UTF8.self))")
            }
            XCTAssertEqual(c.id, "syn-\(i + 1)")
            let s = generator.syntheticCase(i)
            XCTAssertEqual(c.hetu, s.hetu?.text, "line \(i + 1): the validator accepts the hetu as written")
            XCTAssertEqual(c.assessedOn, s.assessedOn)
            if c.hetu != nil { hetus += 1 }
        }
        XCTAssertGreaterThan(hetus, 3_600)
    }

    func testEverySegmentProductOverrideAndReferralOccurs() {
        let m = defaultModel
        XCTAssertEqual(scored.decisions.count, 5_000)
        var segments: [String: Int] = [:], products: [String: Int] = [:], overrides: [String: Int] = [:], referrals: [String: Int] = [:]
        for d in scored.decisions {
            segments[scored.segmentID(d), default: 0] += 1
            for s in d.services { products[m.products[s.product].id, default: 0] += 1 }
            for o in d.overrides { overrides[m.overrides[o].id, default: 0] += 1 }
            for r in d.referrals { referrals[m.referrals[r].id, default: 0] += 1 }
        }
        for id in m.segments.domain.values { XCTAssertGreaterThan(segments[id] ?? 0, 0, "segment \(id)") }
        for p in m.products { XCTAssertGreaterThan(products[p.id] ?? 0, 0, "product \(p.id)") }
        for o in m.overrides { XCTAssertGreaterThan(overrides[o.id] ?? 0, 0, "override \(o.id)") }
        for r in m.referrals { XCTAssertGreaterThan(referrals[r.id] ?? 0, 0, "referral \(r.id)") }
        // A plausible mix: every quadrant a real share, about 5 % undetermined.
        let n = Double(scored.decisions.count)
        for q in m.segments.quadrants { XCTAssertGreaterThan(Double(segments[q.id] ?? 0) / n, 0.04, q.id) }
        XCTAssertGreaterThan(Double(segments["parjaaja"] ?? 0) / n, 0.4)
        XCTAssertEqual(Double(segments["undetermined"] ?? 0) / n, 0.05, accuracy: 0.015)
    }

    func testLatentStructureAndRealisticRates() {
        let cases = scored.cases
        let n = Double(cases.count)
        func share(_ p: (SyntheticCase) -> Bool) -> Double { Double(cases.filter(p).count) / n }

        // Coping items: internally consistent (Cronbach's α over fully answered cases).
        let full = cases.filter { $0.answered == 16 }.map { c in (0..<16).map { Double(c.coping[$0]) } }
        func variance(_ x: [Double]) -> Double {
            let mean = x.reduce(0, +) / Double(x.count)
            return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
        }
        let itemVariances = (0..<16).map { i in variance(full.map { $0[i] }) }.reduce(0, +)
        let alpha = 16.0 / 15.0 * (1 - itemVariances / variance(full.map { $0.reduce(0, +) }))
        XCTAssertGreaterThan(alpha, 0.8)
        XCTAssertLessThan(alpha, 0.92)
        // Every answer on the scale; every item used across its range.
        for i in 0..<16 { XCTAssertEqual(Set(full.map { Int($0[i]) }), Set(0...4), Vocabulary.items[i]) }

        // The latent traits correlate about 0.4; answers follow difficulty, scores follow risk.
        func correlation(_ x: [Double], _ y: [Double]) -> Double {
            let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
            var sxy = 0.0, sxx = 0.0, syy = 0.0
            for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
            return sxy / (sxx * syy).squareRoot()
        }
        XCTAssertEqual(correlation(cases.map(\.difficulty), cases.map(\.registerRisk)), 0.4, accuracy: 0.1)
        let determined = scored.decisions.indices.filter { scored.decisions[$0].coping.score != nil }
        XCTAssertGreaterThan(correlation(determined.map { cases[$0].difficulty }, determined.map { scored.decisions[$0].coping.score! }), 0.8)
        XCTAssertGreaterThan(correlation(cases.map(\.registerRisk), scored.decisions.map(\.risk.score)), 0.6)

        // Missingness: ~5 % undetermined, ~3 % gaps per indicator, a few cases with ≥ 4 gaps.
        XCTAssertEqual(share { $0.answered < 13 }, 0.05, accuracy: 0.015)
        XCTAssertGreaterThan(share { $0.answered < 16 && $0.answered >= 13 }, 0.08)
        let gapRate = Double(cases.reduce(0) { $0 + $1.gaps }) / (n * 12)
        XCTAssertEqual(gapRate, 0.03, accuracy: 0.015)
        XCTAssertEqual(share { $0.gaps >= 4 }, 0.015, accuracy: 0.01)

        // Ages, dates, places, languages.
        XCTAssertEqual(cases.map(\.age).min(), 15)
        XCTAssertGreaterThanOrEqual(cases.map(\.age).max()!, 93)
        XCTAssertLessThanOrEqual(cases.map(\.age).max()!, 95)
        XCTAssertEqual(share { $0.age >= 18 && $0.age <= 29 }, 0.28, accuracy: 0.04)
        XCTAssertEqual(share { $0.age >= 65 }, 0.18, accuracy: 0.04)
        XCTAssertTrue(cases.allSatisfy { DateRange.v2Default.from <= $0.assessedOn && $0.assessedOn <= DateRange.v2Default.to })
        XCTAssertGreaterThan(share { $0.language == 0 }, 0.7, "mostly Finnish")
        XCTAssertEqual(Set(cases.compactMap(\.language)).count, Vocabulary.languages.count)
        XCTAssertEqual(Set(cases.compactMap(\.municipality)).count, Vocabulary.municipalities.count)
        XCTAssertGreaterThan(share { $0.municipality == 0 }, share { $0.municipality == 9 } * 3, "Helsinki ≫ Vaasa")
        XCTAssertTrue(cases.allSatisfy { $0.children == 0 || ($0.youngestChildAge.map { (0...17).contains($0) } ?? false) })

        // Flags at low rates, tied to the situations.
        XCTAssertLessThan(share { $0.hasFlag(Flag.immediateDanger) }, 0.012)
        XCTAssertLessThan(share { $0.hasFlag(Flag.homelessTonight) }, 0.015)
        XCTAssertLessThan(share { $0.hasFlag(Flag.unaccompaniedMinor) }, 0.004)
        XCTAssertLessThan(share { $0.hasFlag(Flag.trafficking) }, 0.006)
        XCTAssertLessThan(share { $0.hasFlag(Flag.undocumented) }, 0.008)
        // Under 18, or a stale flag at 18–19 (V2PopulationTests counts those).
        XCTAssertTrue(cases.allSatisfy { !$0.hasFlag(Flag.unaccompaniedMinor) || $0.age < 20 })
        XCTAssertTrue(cases.allSatisfy { !$0.hasFlag(Flag.substanceRehabilitee) || $0.situations.contains(.substanceUse) })
        let homeless = cases.filter { $0.situations.contains(.homeless) }
        XCTAssertTrue(homeless.allSatisfy { $0.registerTruth[2] >= 3 }, "homelessness shows in the housing register")
        XCTAssertGreaterThan(share { $0.hasFlag(Flag.homelessTonight) && $0.situations.contains(.homeless) },
                             share { $0.hasFlag(Flag.homelessTonight) } * 0.8)
    }
}
