import SeulaCore
import SeulaEvaluation
import SeulaJSON
import XCTest

final class ThresholdSearchTests: XCTestCase {
    /// Labelled search cases from factory cases, labelled by a hidden rule.
    func searchCases(_ n: Int, seed: UInt64, label: (CaseProjection, inout SplitMix64) -> (Int, Int)) -> [SearchCase] {
        let projector = SegmentationProjector(model: defaultModel, today: testToday)
        var factory = CaseFactory(seed: seed)
        var rng = SplitMix64(seed: seed &+ 99)
        return (0..<n).map { k in
            let p = projector.project(factory.next(k))
            let (s, o) = label(p, &rng)
            return SearchCase(projection: p, segmentLabel: s, outcomeLabel: o)
        }
    }

    func testCountsEqualScoringEveryPointDirectly() {
        let m = defaultModel
        let cases = searchCases(800, seed: 5) { _, rng in (rng.below(5), rng.below(6)) }
        let coping = ThresholdGrid("0:100:7")!.including(40).values, risk = ThresholdGrid("10:90:9")!.including(35).values
        let search = ThresholdSearch(model: m, cases: cases, copingGrid: coping, riskGrid: risk)
        let projector = SegmentationProjector(model: m, today: testToday)
        for (i, tc) in coping.enumerated() {
            for (j, tr) in risk.enumerated() {
                var seg = ConfusionMatrix(classes: 5), out = ConfusionMatrix(classes: 6)
                for c in cases {
                    let s = projector.segment(c.projection, copingThreshold: tc, riskThreshold: tr)
                    seg.add(truth: c.segmentLabel, predicted: s)
                    out.add(truth: c.outcomeLabel, predicted: Int(c.projection.outcomes[s < 4 ? s : 0]))
                }
                let fast = search.matrices(coping: i, risk: j)
                XCTAssertEqual(fast.segments, seg, "at \(tc)/\(tr)")
                XCTAssertEqual(fast.outcomes, out, "at \(tc)/\(tr)")
                for band in [0.0, 2.5, 5, 11] {
                    let direct = cases.filter { $0.projection.needsReview(copingThreshold: tc, riskThreshold: tr, nearBand: band) }.count
                    XCTAssertEqual(search.reviewCount(copingThreshold: tc, riskThreshold: tr, band: band), direct, "review at \(tc)/\(tr)/\(band)")
                }
            }
        }
    }

    func testFindsTheKnownOptimum() {
        // Scores placed on both sides of 45 and 30: only coping threshold 45 and risk threshold
        // 30 (on the integer grid) classify every case as labelled.
        let m = defaultModel
        var cases: [SearchCase] = []
        let outcomes = SIMD4<Int8>(1, 2, 3, 4)
        for (c, r) in [(44.9, 10.0), (45.0, 10.0), (20.0, 29.99), (20.0, 30.0), (44.99, 29.9), (45.0, 30.0), (80.0, 90.0), (5.0, 2.0)] {
            let q = SegmentationProjector.quadrant(m, hard: c >= 45, high: r >= 30)
            for _ in 0..<3 {
                cases.append(SearchCase(projection: CaseProjection(coping: c, riskScore: r, risk: r, undetermined: false, outcomes: outcomes, reviewWhateverThresholds: false),
                                        segmentLabel: q, outcomeLabel: -1))
            }
        }
        let run = TuneRun(model: m, cases: cases, settings: TuneSettings(objective: .accuracy))
        XCTAssertEqual(run.best?.coping, 45)
        XCTAssertEqual(run.best?.risk, 30)
        XCTAssertEqual(run.best?.objective, 1)
        XCTAssertLessThan(run.current.objective, 1)
        XCTAssertEqual(run.points.filter { $0.objective == 1 }.count, 1)
    }

    func testRecoversThresholdsFromEngineLabels() {
        // Caseworkers who agree with a 47/31 file: tune on the 40/35 file finds a point that
        // reproduces every label, and the written file then agrees on every case.
        let (truth, _) = editedModel([("\"threshold\": 40", "\"threshold\": 47"), ("\"threshold\": 35", "\"threshold\": 31")])
        let engine = DecisionEngine(model: truth, today: testToday)
        let data = labelledJSONL(1500, seed: 21) { c in [("segment", .string(truth.segments.domain.values[engine.decide(c).segment]))] }
        let (cases, tally) = try! TuneRun.load(data, format: .jsonl, model: defaultModel, strict: false, today: testToday).get()
        XCTAssertEqual(tally.total, 0)
        let run = TuneRun(model: defaultModel, cases: cases, settings: TuneSettings(objective: .kappa))
        let best = try! XCTUnwrap(run.best)
        XCTAssertEqual(best.objective, 1)
        let revision = try! XCTUnwrap(run.revision(dataSHA256: "x", dataName: "data", rejected: 0))
        let bytes = try! revision.apply(to: defaultModelBytes, model: defaultModel)
        let tuned = try! ModelLoader.load(bytes: bytes, sha256: "tuned")
        XCTAssertEqual(tuned.coping.threshold, best.coping)
        XCTAssertEqual(tuned.risk.threshold, best.risk)
        let (evaluated, _) = try! EvaluatedCase.load(data, format: .jsonl, model: tuned, requirements: [.segment], strict: false, today: testToday).get()
        XCTAssertEqual(evaluated.filter { $0.segment == $0.labels.segment }.count, evaluated.count)
    }

    func testNeverReturnsAPointThatBreaksAConstraint() {
        let m = defaultModel
        let segments = m.segments.domain.values
        let projector = SegmentationProjector(model: m, today: testToday)
        var rng = SplitMix64(seed: 77)
        for trial in 0..<12 {
            let cases = searchCases(400, seed: UInt64(trial) + 40) { p, rng in
                guard let c = p.coping else { return (4, 0) }
                let hard = c + Double(rng.below(30)) - 15 >= 42, high = p.risk + Double(rng.below(30)) - 15 >= 33
                return (SegmentationProjector.quadrant(m, hard: hard, high: high), -1)
            }
            let s = rng.below(4)
            let texts = ["recall(\(segments[s])) >= 0.\(70 + rng.below(29))", "share(\(segments[rng.below(4)])) <= 0.\(20 + rng.below(40))",
                         "review_rate <= 0.\(30 + rng.below(50))"]
            let constraints = texts.map { try! TuneConstraint.parse($0, segments: segments).get() }
            let settings = TuneSettings(objective: [.kappa, .macroF1, .balancedAccuracy][trial % 3], constraints: constraints,
                                        copingGrid: ThresholdGrid("20:70:1")!, riskGrid: ThresholdGrid("10:70:1")!, bandGrid: ThresholdGrid("0:8:2")!)
            let run = TuneRun(model: m, cases: cases, settings: settings)
            guard let best = run.best else {
                XCTAssertTrue(run.points.allSatisfy { !$0.feasible })
                continue
            }
            // Recompute the constrained figures by scoring every case at the best point directly.
            var seg = ConfusionMatrix(classes: 5)
            var review = 0
            for c in cases {
                seg.add(truth: c.segmentLabel, predicted: projector.segment(c.projection, copingThreshold: best.coping, riskThreshold: best.risk))
                if c.projection.needsReview(copingThreshold: best.coping, riskThreshold: best.risk, nearBand: best.band) { review += 1 }
            }
            let reviewRate = Double(review) / Double(cases.count)
            for c in constraints {
                XCTAssertTrue(c.holds(c.metric.value(segments: seg, outcomes: ConfusionMatrix(classes: 6), review: reviewRate)), "trial \(trial): \(c.text)")
            }
            XCTAssertEqual(run.settings.objective.value(segments: seg, outcomes: ConfusionMatrix(classes: 6), review: reviewRate), best.objective)
            // Nothing feasible beats it.
            XCTAssertFalse(run.points.contains { $0.feasible && $0.objective > best.objective })
        }
    }

    func testParetoFrontIsNonDominated() {
        let m = defaultModel
        let cases = searchCases(600, seed: 3) { p, rng in
            (p.coping == nil ? 4 : SegmentationProjector.quadrant(m, hard: (p.coping ?? 0) >= 38 + Double(rng.below(8)), high: p.risk >= 33), -1)
        }
        let run = TuneRun(model: m, cases: cases, settings: TuneSettings(objective: .kappa, bandGrid: ThresholdGrid("0:10:1")!))
        XCTAssertFalse(run.front.isEmpty)
        for p in run.front {
            XCTAssertFalse(run.points.contains { $0.feasible && $0.objective > p.objective && $0.pareto < p.pareto })
        }
    }

    func testGridValuesAreExactDecimals() {
        let g = ThresholdGrid("39.5:40.5:0.1")!
        XCTAssertEqual(g.values.count, 11)
        XCTAssertEqual(g.values[3], 39.8)
        XCTAssertEqual(ThresholdGrid("0:100")!.values.count, 101)
        XCTAssertNil(ThresholdGrid("10:5:1"))
        XCTAssertNil(ThresholdGrid("0:10:0"))
    }

    func testConstraintParsing() {
        let s = defaultModel.segments.domain.values
        let c = try! TuneConstraint.parse("recall(huolenpito) >= 0.90", segments: s).get()
        XCTAssertEqual(c.metric, .recall(3))
        XCTAssertTrue(c.holds(0.9))
        XCTAssertFalse(c.holds(0.89))
        XCTAssertFalse(c.holds(.nan))
        XCTAssertEqual(try! TuneConstraint.parse("share(parjaaja)<=0.5", segments: s).get().relation, .atMost)
        if case .success = TuneConstraint.parse("recall(tuk) >= 0.9", segments: s) { XCTFail("a misspelt segment must be refused") }
        if case .success = TuneConstraint.parse("kappa 0.9", segments: s) { XCTFail("no operator") }
    }

    /// Cases on fixed scores, labelled by a rule, with no review rule of their own.
    func fixedCases(_ scores: [(Double, Double)], copies: Int = 3, label: (Double, Double) -> Int) -> [SearchCase] {
        scores.flatMap { c, r in
            (0..<copies).map { _ in
                SearchCase(projection: CaseProjection(coping: c, riskScore: r, risk: r, undetermined: false, outcomes: SIMD4(1, 2, 3, 4),
                                                      reviewWhateverThresholds: false),
                           segmentLabel: label(c, r), outcomeLabel: -1)
            }
        }
    }

    func testATieOnTheObjectiveGoesToThePointBetterOnTheParetoFigure() {
        // Every risk threshold from 29 to 35 classifies every case as labelled (no score lies in
        // [29, 36)), so they tie on κ. The cases at risk 36 are within the near band (5) of 31 … 35
        // but not of 29 or 30: those two ask for fewer reviews. The old rule (nearest the current
        // 40/35) kept 35; the Pareto figure now picks 30 (the nearer of 29 and 30).
        let m = defaultModel
        let cases = fixedCases([(10, 10), (80, 10), (10, 50), (80, 50), (10, 36), (80, 36), (12, 20)]) { c, r in
            SegmentationProjector.quadrant(m, hard: c >= 40, high: r >= 30)
        }
        let settings = TuneSettings(objective: .kappa, copingGrid: ThresholdGrid("40")!, riskGrid: ThresholdGrid("29:35")!)
        let run = TuneRun(model: m, cases: cases, settings: settings)
        let best = try! XCTUnwrap(run.best)
        XCTAssertEqual(run.current.objective, 1)
        XCTAssertEqual(best.objective, 1)
        XCTAssertEqual(best.risk, 30)
        XCTAssertEqual(best.coping, 40)
        XCTAssertLessThan(best.pareto, run.current.pareto)
        XCTAssertEqual(run.points.filter { $0.objective == 1 }.count, 7)
        XCTAssertEqual(run.maximisers, 7)
        XCTAssertTrue(run.changesThresholds)
        XCTAssertTrue(run.front.contains(best))
    }

    func testTheToleranceDecidesWhatCountsAsATie() {
        // Point 30 is a hair worse on κ than 35 (one case of 301 sits at risk 32.5, labelled high)
        // but needs far fewer reviews. Within a tolerance of 0.01 it wins; with 0 the exact
        // maximum wins.
        let m = defaultModel
        var scores = Array(repeating: (10.0, 10.0), count: 100) + Array(repeating: (10.0, 50.0), count: 100) + Array(repeating: (10.0, 38.0), count: 100)
        scores.append((10, 32.5))
        let cases = fixedCases(scores, copies: 1) { _, r in SegmentationProjector.quadrant(m, hard: false, high: r >= 33) }
        func run(_ tolerance: Double) -> TuneRun {
            TuneRun(model: m, cases: cases, settings: TuneSettings(objective: .accuracy, copingGrid: ThresholdGrid("40")!,
                                                                   riskGrid: ThresholdGrid("30:35")!, tolerance: tolerance))
        }
        let loose = try! XCTUnwrap(run(0.01).best), strict = try! XCTUnwrap(run(0).best)
        XCTAssertLessThan(loose.objective, strict.objective)
        XCTAssertLessThan(loose.pareto, strict.pareto)
        XCTAssertEqual(strict.objective, 1)
        XCTAssertEqual(loose.risk, 32)
    }

    func testTheChosenPointIsAlwaysOnTheParetoFront() {
        let m = defaultModel
        for trial in 0..<6 {
            let cases = searchCases(500, seed: UInt64(trial) + 200) { p, rng in
                guard let c = p.coping else { return (4, 0) }
                return (SegmentationProjector.quadrant(m, hard: c + Double(rng.below(24)) - 12 >= 41, high: p.risk + Double(rng.below(24)) - 12 >= 34), -1)
            }
            let run = TuneRun(model: m, cases: cases, settings: TuneSettings(objective: [.kappa, .accuracy, .macroF1][trial % 3],
                                                                            copingGrid: ThresholdGrid("25:60:1")!, riskGrid: ThresholdGrid("20:50:1")!,
                                                                            bandGrid: trial % 2 == 0 ? ThresholdGrid("3:6:1")! : nil))
            let best = try! XCTUnwrap(run.best)
            let dominated = run.points.contains { p in
                p.feasible && p.objective >= best.objective && p.pareto <= best.pareto && (p.objective > best.objective || p.pareto < best.pareto)
            }
            XCTAssertFalse(dominated, "trial \(trial)")
            XCTAssertTrue(run.front.contains(best), "trial \(trial)")
            // Nothing feasible beats it by more than the tolerance.
            XCTAssertFalse(run.points.contains { $0.feasible && $0.objective > best.objective + run.settings.tolerance })
        }
    }

    func testSevereMarkersAndUndeterminedCasesStayPutAtEveryPoint() {
        // A case high by a marker (risk +∞) is high at every risk threshold and never near it; an
        // undetermined case is undetermined everywhere. The run counts them.
        let m = defaultModel
        var cases = fixedCases([(10, 10), (80, 50)], copies: 5) { c, r in SegmentationProjector.quadrant(m, hard: c >= 40, high: r >= 35) }
        let marker = CaseProjection(coping: 20, riskScore: 5, risk: .infinity, undetermined: false, outcomes: SIMD4(1, 2, 3, 4), reviewWhateverThresholds: false)
        let undetermined = CaseProjection(coping: 20, riskScore: nil, risk: .infinity, undetermined: true, outcomes: SIMD4(repeating: 0), reviewWhateverThresholds: true)
        let high = SegmentationProjector.quadrant(m, hard: false, high: true)
        cases += (0..<4).map { _ in SearchCase(projection: marker, segmentLabel: high, outcomeLabel: -1) }
        cases += (0..<2).map { _ in SearchCase(projection: undetermined, segmentLabel: 0, outcomeLabel: -1) }
        let run = TuneRun(model: m, cases: cases, settings: TuneSettings(objective: .accuracy, copingGrid: ThresholdGrid("0:100:10")!, riskGrid: ThresholdGrid("0:100:10")!))
        XCTAssertEqual(run.highByMarker, 4)
        XCTAssertEqual(run.undetermined, 2)
        let hardHigh = SegmentationProjector.quadrant(m, hard: true, high: true)
        let markerOnly = cases.filter { $0.projection.risk == .infinity && !$0.projection.undetermined }
        for p in run.points {
            let mats = ThresholdSearch(model: m, cases: cases, copingGrid: [p.coping], riskGrid: [p.risk]).matrices(coping: 0, risk: 0)
            // The four marker cases are the only ones labelled easy-high: they stay on the high side.
            XCTAssertEqual(mats.segments[high, high] + mats.segments[high, hardHigh], 4, "at \(p.coping)/\(p.risk)")
            XCTAssertEqual(mats.segments[0, 4], 2)
            let near = ThresholdSearch(model: m, cases: markerOnly, copingGrid: [p.coping], riskGrid: [p.risk])
                .reviewCount(copingThreshold: 60, riskThreshold: p.risk, band: 30)
            XCTAssertEqual(near, 0, "a marker case is never near the risk threshold")
        }
    }
}
