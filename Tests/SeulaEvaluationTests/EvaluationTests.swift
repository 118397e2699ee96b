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
            XCTAssertEqual(e.cases[k].segment, decided.decision.segment)
            XCTAssertEqual(e.cases[k].outcome, decided.decision.finalOutcome)
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
        XCTAssertEqual(m.disparities[.fnr]![tuki], m.figures[.fnr]![tuki] / ref.figures[.fnr]![tuki], accuracy: 1e-12)
    }

    func testFairnessRatiosAndFlags() {
        // Group a: 10 cases all right; group b: 10 cases, tuki recall 0.5.
        var truth: [Int] = [], predicted: [Int] = [], groups: [String?] = []
        for _ in 0..<5 { truth.append(1); predicted.append(1); groups.append("a") }
        for _ in 0..<5 { truth.append(0); predicted.append(0); groups.append("a") }
        for k in 0..<6 { truth.append(1); predicted.append(k < 3 ? 1 : 0); groups.append("b") }
        for _ in 0..<4 { truth.append(0); predicted.append(0); groups.append("b") }
        groups.append(nil); truth.append(0); predicted.append(0)
        let audit = FairnessAudit(truth: truth, predicted: predicted, classes: 5, segments: 4, groups: [("g", groups)],
                                  references: ["g": "a"], minimumGroup: 5)
        let a = audit.attributes[0]
        XCTAssertEqual(a.reference, "a")
        let b = a.groups.first { $0.value == "b" }!
        XCTAssertTrue(b.disparities[.fnr]![1].isNaN)     // the reference misses nothing: 0/0 is undefined
        XCTAssertEqual(b.figures[.fnr]![1], 0.5)
        XCTAssertEqual(b.disparities[.share]![1], 0.3 / 0.5, accuracy: 1e-12)
        XCTAssertTrue(b.flagged.contains { $0.figure == .share && $0.segment == 1 })
        XCTAssertEqual(a.groups.last?.value, "(missing)")
        XCTAssertTrue(a.groups.last!.isSmall)
        XCTAssertTrue(a.groups.last!.flagged.isEmpty)
    }

    func testReportIsSelfContained() {
        let html = EvaluationReport.html(evaluate(fixtureBytes("labelled-400.csv"), .csv), inputName: "fixture")
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("src="))
        XCTAssertFalse(html.contains("href="))
        XCTAssertEqual(html.components(separatedBy: "http://").count - 1, html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
        for name in ["Pärjääjä", "Huolenpito", "parjaaja", "Caseworker", "Fairness", "label.gender"] { XCTAssertTrue(html.contains(name), name) }
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
