import Foundation
import SeulaCore
import SeulaEvaluation
import XCTest

/// The threshold search relies on `SegmentationProjector` giving exactly what
/// `DecisionEngine` decides, at the model's own thresholds and at moved ones.
final class ProjectionTests: XCTestCase {
    func testProjectionEqualsTheEngineAtTheModelsThresholds() {
        let engine = DecisionEngine(model: defaultModel, today: testToday)
        let projector = SegmentationProjector(model: defaultModel, today: testToday)
        var factory = CaseFactory(seed: 11)
        for k in 0..<3000 {
            let c = factory.next(k)
            let d = engine.decide(c)
            let p = projector.project(c)
            let m = defaultModel
            XCTAssertEqual(projector.segment(p, copingThreshold: m.coping.threshold, riskThreshold: m.risk.threshold), d.segment.rawValue, "case \(k)")
            let q = d.segment.rawValue < 4 ? d.segment.rawValue : 0
            XCTAssertEqual(Int(p.outcomes[q]), d.finalOutcome.rawValue, "case \(k)")
            XCTAssertEqual(p.needsReview(copingThreshold: m.coping.threshold, riskThreshold: m.risk.threshold, nearBand: m.segments.nearBand),
                           !d.review.isEmpty, "case \(k)")
            XCTAssertEqual(p.coping, d.coping.score)
            XCTAssertEqual(p.risk, d.risk.score)
        }
    }

    func testProjectionEqualsTheEngineOfAModelWithOtherThresholds() {
        // The projection made under 40/35/5 predicts what a file with 46/27/3 decides.
        let (moved, _) = editedModel([("\"threshold\": 40", "\"threshold\": 46"), ("\"threshold\": 35", "\"threshold\": 27"), ("\"near_band\": 5", "\"near_band\": 3")])
        let engine = DecisionEngine(model: moved, today: testToday)
        let projector = SegmentationProjector(model: defaultModel, today: testToday)
        var factory = CaseFactory(seed: 12)
        for k in 0..<3000 {
            let c = factory.next(k)
            let d = engine.decide(c)
            let p = projector.project(c)
            let s = projector.segment(p, copingThreshold: 46, riskThreshold: 27)
            XCTAssertEqual(s, d.segment.rawValue, "case \(k)")
            XCTAssertEqual(Int(p.outcomes[s < 4 ? s : 0]), d.finalOutcome.rawValue, "case \(k)")
            XCTAssertEqual(p.needsReview(copingThreshold: 46, riskThreshold: 27, nearBand: 3), !d.review.isEmpty, "case \(k)")
        }
    }

    func testAnOverrideReadingTheSegmentFollowsTheThresholds() {
        // An override on `segment` must be evaluated per quadrant, not once.
        let (m, _) = editedModel([("{\"id\": \"many-services\", \"when\": \"risk.service_types_in_use >= 4\"",
                                   "{\"id\": \"many-services\", \"when\": \"segment == 'tuki'\"")])
        let projector = SegmentationProjector(model: m, today: testToday)
        var factory = CaseFactory(seed: 13, model: m)
        let tuki = m.segments.domain.index(of: "tuki")!
        let multi = m.outcomeLevels.index(of: "multiprofessional")!
        for k in 0..<500 {
            let p = projector.project(factory.next(k))
            guard p.coping != nil else { continue }
            XCTAssertGreaterThanOrEqual(Int(p.outcomes[tuki]), multi)
        }
    }

    /// Overrides that read nothing a quadrant sets are evaluated once per case, not four times:
    /// the projections equal the plain reading (every override in every quadrant) on V1, V2 and
    /// a file whose override reads the segment.
    func testOverridesEvaluatedOnceEqualEveryOverrideInEveryQuadrant() {
        let v2 = try! ModelLoader.load(bytes: [UInt8](FileManager.default.contents(atPath: packageRoot.appendingPathComponent("models/seula-v2.json").path)!), sha256: "test")
        let (onSegment, _) = editedModel([("{\"id\": \"many-services\", \"when\": \"risk.service_types_in_use >= 4\"",
                                           "{\"id\": \"many-services\", \"when\": \"segment == 'tuki'\"")])
        for (name, m) in [("v1", defaultModel), ("v2", v2), ("override on segment", onSegment)] {
            let once = SegmentationProjector(model: m, today: testToday)
            let plain = SegmentationProjector(model: m, today: testToday, everyOverrideInEveryQuadrant: true)
            var factory = CaseFactory(seed: 14, model: m)
            var raised = 0
            for k in 0..<3000 {
                let c = factory.next(k)
                let p = once.project(c)
                XCTAssertEqual(p, plain.project(c), "\(name) case \(k)")
                if p.outcomes != SIMD4(m.segments.quadrants.map { Int8($0.outcome.rawValue) }) { raised += 1 }
            }
            XCTAssertGreaterThan(raised, 100, "\(name): overrides raise outcomes on enough cases to tell")
        }
    }
}
