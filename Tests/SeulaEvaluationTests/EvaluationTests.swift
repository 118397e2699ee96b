import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaJSON
import SeulaService
import XCTest

final class EvaluationTests: XCTestCase {
    func evaluate(_ bytes: [UInt8], _ format: CaseloadFormat, replicates: Int = 50) -> Evaluation {
        let (cases, tally) = try! EvaluatedCase.load(bytes, format: format, model: defaultModel, requirements: [.segment], strict: false, today: testToday).get()
        var options = EvaluationOptions()
        options.bootstrapReplicates = replicates
        return Evaluation(model: defaultModel, cases: cases, rejections: tally, options: options)
    }

    func testInvalidRowsAreCountedPerCode() {
        let e = evaluate(fixtureBytes("labelled-400.csv"), .csv)
        XCTAssertEqual(e.cases.count, 394)
        XCTAssertEqual(e.rejections.counts, ["invalid_type": 1, "out_of_range": 2, "missing_field": 1, "invalid_label": 1, "missing_label": 1])
        XCTAssertEqual(e.rejections.examples["out_of_range"]!.map(\.path), ["coping.paying_bills", "risk.housing"])
        XCTAssertEqual(e.rejections.examples["invalid_type"]!.first!.line, 12)
    }

    func testFiguresEqualTheDecisionsOfServe() {
        // Every evaluated case gets exactly what the request handler (seula serve) answers.
        let bytes = fixtureBytes("labelled-400.csv")
        let e = evaluate(bytes, .csv)
        let handler = RequestHandler(criteria: CriteriaSet(single: defaultModel), options: ScoringOptions(today: CalendarDate(iso: "2025-11-25")!))
        var k = 0
        _ = CaseloadRows.forEach(bytes, format: .csv, model: defaultModel) { row in
            guard case .success(let (object, _)) = row.content, case .success(let decided) = handler.decide(object) else { return }
            guard k < e.cases.count, e.cases[k].id == decided.screening.id else { return }
            XCTAssertEqual(e.cases[k].segment, decided.decision.segment.rawValue)
            XCTAssertEqual(e.cases[k].outcome, decided.decision.finalOutcome.rawValue)
            XCTAssertEqual(e.cases[k].products, decided.decision.services.map(\.product).sorted())
            k += 1
        }
        XCTAssertEqual(k, e.cases.count)   // every evaluated case was matched (serve also takes the 2 rows with label problems)
        var direct = ConfusionMatrix(classes: 5)
        for c in e.cases { direct.add(truth: c.labels.segment!, predicted: c.segment) }
        XCTAssertEqual(e.segments, direct)
    }

    func testCSVAndJSONLinesGiveTheSameEvaluation() {
        let csv = fixtureBytes("labelled-400.csv")
        var jsonl: [UInt8] = []
        _ = CaseloadRows.forEach(csv, format: .csv, model: defaultModel) { row in
            guard case .success(let (object, label)) = row.content, case .object(let o) = object else { return }
            var members = o.members
            if let label { members.append((key: "label", value: label)) }
            jsonl += JSONValue.object(JSONObject(members)).canonicalBytes + [0x0A]
        }
        let a = evaluate(csv, .csv), b = evaluate(jsonl, .jsonl)
        XCTAssertEqual(a.segments, b.segments)
        XCTAssertEqual(a.outcomes, b.outcomes)
        XCTAssertEqual(a.services, b.services)
        XCTAssertEqual(EvaluationJSON.value(a, dataSHA256: nil)["headline"], EvaluationJSON.value(b, dataSHA256: nil)["headline"])
    }

    func testDeterministicOutput() {
        let bytes = fixtureBytes("labelled-400.csv")
        let a = EvaluationJSON.value(evaluate(bytes, .csv), dataSHA256: "x").canonicalBytes
        let b = EvaluationJSON.value(evaluate(bytes, .csv), dataSHA256: "x").canonicalBytes
        XCTAssertEqual(a, b)
        XCTAssertEqual(EvaluationText.render(evaluate(bytes, .csv), inputName: "f"), EvaluationText.render(evaluate(bytes, .csv), inputName: "f"))
    }

    func testFairnessFindsTheBuiltInDisparity() {
        // The fixture's caseworkers place men on the hard side later: the gender attribute is
        // read from the label side only and shows up in the audit.
        let e = evaluate(fixtureBytes("labelled-400.csv"), .csv)
        let gender = try! XCTUnwrap(e.fairness.attributes.first { $0.name == "label.gender" })
        XCTAssertEqual(Set(gender.groups.map(\.value)), ["f", "m"])
        XCTAssertEqual(e.fairness.attributes.map(\.name), ["municipality", "language", "age_band", "label.gender"])
        let m = gender.groups.first { $0.value == "m" }!
        let ref = gender.groups.first { $0.isReference }!
        let tuki = defaultModel.segments.domain.index(of: "tuki")!
        let mine = m.cell(.fnr, tuki), theirs = ref.cell(.fnr, tuki)
        XCTAssertEqual(mine.ratio, mine.value / theirs.value, accuracy: 1e-12)
        XCTAssertLessThanOrEqual(mine.lower, mine.ratio)
        XCTAssertGreaterThanOrEqual(mine.upper, mine.ratio)
    }

    func testUndeterminedIsReportedApart() {
        let e = evaluate(fixtureBytes("labelled-400.csv"), .csv)
        let und = defaultModel.segments.quadrants.count
        XCTAssertEqual(e.quadrants, [0, 1, 2, 3])
        XCTAssertEqual(e.perSegment.count, 4)
        XCTAssertEqual(e.undetermined.count, e.segments.columnTotal(und))
        XCTAssertGreaterThan(e.undetermined.count, 0)
        XCTAssertEqual(e.undetermined.caseworkerSegments.reduce(0, +), e.undetermined.count)
        XCTAssertEqual(e.undetermined.byCoping, e.cases.filter { $0.segment == und && $0.copingScore == nil }.count)
        let w = Wilson.interval(successes: e.undetermined.count, trials: e.cases.count)
        XCTAssertEqual(e.undetermined.share.lower, w.lower)
        // The macro averages are over the four segments, not the undetermined column.
        let headline = Dictionary(uniqueKeysWithValues: e.headline.map { ($0.0, $0.1) })
        XCTAssertEqual(headline[.macroF1]!, e.segments.macroF1(over: [0, 1, 2, 3]), accuracy: 1e-15)
        XCTAssertEqual(headline[.balancedAccuracy]!, e.segments.balancedAccuracy(over: [0, 1, 2, 3]), accuracy: 1e-15)
        XCTAssertNotEqual(headline[.macroF1]!, e.segments.macroF1)
        XCTAssertEqual(headline[.accuracy]!, e.segments.accuracy)
        let json = EvaluationJSON.value(e, dataSHA256: nil)
        XCTAssertEqual(json["segments"]?["per_segment"]?.arrayValue?.count, 4)
        XCTAssertEqual(json["segments"]?["averaged_over"]?.arrayValue?.count, 4)
        XCTAssertEqual(json["undetermined"]?["cases"]?.numberValue?.int64, Int64(e.undetermined.count))
        // Every per-segment figure has an interval containing it.
        for f in e.perSegment {
            for x in [f.precision, f.recall, f.f1] {
                XCTAssertTrue(x.hasInterval)
                XCTAssertLessThanOrEqual(x.lower, x.value + 1e-12)
                XCTAssertGreaterThanOrEqual(x.upper, x.value - 1e-12)
            }
        }
    }

    func testRiskOutcomeHasTheROCCurveAndReliabilityBins() {
        let e = evaluate(fixtureBytes("labelled-400.csv"), .csv)
        let r = try! XCTUnwrap(e.riskOutcome)
        XCTAssertEqual(r.roc.first?.falsePositiveRate, 0)
        XCTAssertEqual(r.roc.last?.truePositiveRate, 1)
        XCTAssertEqual(r.reliability.reduce(0) { $0 + $1.cases }, r.cases)
        for b in r.reliability { XCTAssertTrue(b.observedLower <= b.observedRate && b.observedRate <= b.observedUpper) }
        let auc = try! XCTUnwrap(e.estimate(.auc))
        XCTAssertTrue(auc.lower < auc.value && auc.value < auc.upper)
    }

    func testFairnessRatiosIntervalsAndFlags() {
        // Group a: 200 cases, Seula agrees on every one. Group b: 200 cases, Seula misses half
        // of the tuki cases. Group c: the same pattern as b but only 20 cases (too small).
        var truth: [Int] = [], predicted: [Int] = [], groups: [String?] = []
        func add(_ g: String, _ n: Int, missEvery: Int?) {
            for k in 0..<n {
                let t = k % 2 == 0 ? 1 : 0
                truth.append(t)
                predicted.append(t == 1 && missEvery.map { (k / 2) % $0 == 0 } == true ? 0 : t)
                groups.append(g)
            }
        }
        add("a", 200, missEvery: nil)
        add("b", 200, missEvery: 2)
        add("c", 20, missEvery: 2)
        groups.append(nil); truth.append(0); predicted.append(0)
        let audit = FairnessAudit(truth: truth, predicted: predicted, classes: 5, segments: 4, groups: [("g", groups)],
                                  references: ["g": "a"], minimumGroup: 100, minimumCount: 30, replicates: 300, seed: 7)
        let a = audit.attributes[0]
        XCTAssertEqual(a.reference, "a")
        XCTAssertEqual(a.groups.map(\.value), ["a", "b", "c", FairnessAudit.missing])
        let b = a.groups[1], c = a.groups[2]
        // b's share of tuki is 50 / 200 against a's 100 / 200: ratio 0.5, interval well below 0.8.
        let share = b.cell(.share, 1)
        XCTAssertEqual(share.value, 0.25)
        XCTAssertEqual(share.ratio, 0.5, accuracy: 1e-12)
        XCTAssertEqual(share.denominator, 200)
        XCTAssertLessThan(share.upper, 0.8)
        XCTAssertGreaterThan(share.lower, 0.3)
        XCTAssertTrue(share.flagged)
        // a misses nothing: b's false negative rate has no ratio (0/0 is undefined), never flagged.
        XCTAssertTrue(b.cell(.fnr, 1).ratio.isNaN)
        XCTAssertFalse(b.cell(.fnr, 1).flagged)
        // c has the same disparity but 20 cases: shown, never flagged.
        XCTAssertEqual(c.cell(.share, 1).ratio, 0.5, accuracy: 1e-12)
        XCTAssertTrue(c.isSmall)
        XCTAssertTrue(c.flagged.isEmpty)
        XCTAssertEqual(audit.flags.first?.group, "b")
        XCTAssertTrue(audit.flags.allSatisfy { $0.group == "b" })
    }

    func testFairnessIntervalsAreReproducibleBySeed() {
        let e1 = evaluate(fixtureBytes("labelled-400.csv"), .csv, replicates: 200)
        let e2 = evaluate(fixtureBytes("labelled-400.csv"), .csv, replicates: 200)
        func intervals(_ e: Evaluation) -> [Double] {
            e.fairness.attributes.flatMap { a in a.groups.flatMap { g in FairnessAudit.Figure.allCases.flatMap { f in g.cells[f]!.flatMap { [$0.lower, $0.upper] } } } }
        }
        let a = intervals(e1), b = intervals(e2)
        XCTAssertEqual(a.count, b.count)
        XCTAssertTrue(zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        XCTAssertGreaterThan(a.filter(\.isFinite).count, 20)
        // Another seed, other intervals.
        let (cases, tally) = try! EvaluatedCase.load(fixtureBytes("labelled-400.csv"), format: .csv, model: defaultModel, requirements: [.segment], strict: false, today: testToday).get()
        var options = EvaluationOptions()
        options.bootstrapReplicates = 200
        options.seed = 99
        let c = intervals(Evaluation(model: defaultModel, cases: cases, rejections: tally, options: options))
        XCTAssertFalse(zip(a, c).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    }

    func testAgeBandsAreInAgeOrder() {
        let e = evaluate(fixtureBytes("labelled-400.csv"), .csv)
        let age = try! XCTUnwrap(e.fairness.attributes.first { $0.name == "age_band" })
        XCTAssertTrue(age.naturalOrder)
        XCTAssertEqual(age.groups.map(\.value), ["18-24", "25-34", "35-49", "50-64", "65+"])
        let municipality = try! XCTUnwrap(e.fairness.attributes.first { $0.name == "municipality" })
        XCTAssertEqual(municipality.groups.map(\.cases), municipality.groups.map(\.cases).sorted(by: >))
    }

    func testLabelChecks() {
        let reader = LabelReader(model: defaultModel, requirements: [.segment])
        XCTAssertEqual(try reader.read(.object(JSONObject([("segment", .string("tuki")), ("gender", .string("f"))]))).get().groups.first?.value, "f")
        if case .failure(let p) = reader.read(.object(JSONObject([("segment", .string("tuk"))]))) { XCTAssertEqual(p.code, "invalid_label") } else { XCTFail() }
        if case .failure(let p) = reader.read(nil) { XCTAssertEqual(p.code, "missing_label") } else { XCTFail() }
        if case .failure(let p) = reader.read(.object(JSONObject([("segment", .string("tuki")), ("outcome_12m", .number(JSONNumber(2)))]))) {
            XCTAssertEqual(p.path, "label.outcome_12m")
        } else { XCTFail() }
        if case .failure(let p) = reader.read(.object(JSONObject([("segment", .string("tuki")), ("services", .array([.string("nope")]))]))) {
            XCTAssertEqual(p.path, "label.services[0]")
        } else { XCTFail() }
    }
}
