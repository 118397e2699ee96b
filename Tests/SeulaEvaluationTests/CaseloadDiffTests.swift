import SeulaCore
import SeulaEvaluation
import XCTest

final class CaseloadDiffTests: XCTestCase {
    func testAModelAgainstItselfIsEmpty() {
        var d = CaseloadDiff(modelA: defaultModel, modelB: defaultModel, today: testToday)
        XCTAssertNil(d.run(fixtureBytes("labelled-400.csv"), format: .csv, strict: false))
        XCTAssertEqual(d.compared, 396)   // labels are ignored: the two rows with label problems count
        XCTAssertTrue(d.isEmpty)
        XCTAssertEqual(d.segments.moved, 0)
        XCTAssertEqual(d.reviewA, d.reviewB)
        XCTAssertTrue(d.products.allSatisfy { $0.gained == 0 && $0.lost == 0 })
        XCTAssertEqual(d.rejectedA, d.rejectedB)
        XCTAssertEqual(d.rejectedA.total, 4)   // the two label problems are not case problems
        XCTAssertTrue(DocumentDiff.changes(defaultModel.document.value, defaultModel.document.value).isEmpty)
    }

    func testTransitionCountsAreExact() {
        let (b, _) = editedModel([("\"threshold\": 40", "\"threshold\": 45"), ("\"near_band\": 5", "\"near_band\": 3")])
        let data = labelledJSONL(2000, seed: 31) { _ in [] }
        var d = CaseloadDiff(modelA: defaultModel, modelB: b, today: testToday)
        XCTAssertNil(d.run(data, format: .jsonl, strict: false))
        // The same counts, case by case through both engines.
        let ea = DecisionEngine(model: defaultModel, today: testToday), eb = DecisionEngine(model: b, today: testToday)
        var expected = TransitionTable(rows: defaultModel.segments.domain.values, columns: b.segments.domain.values)
        var outcome = TransitionTable(rows: defaultModel.outcomeLevels.values, columns: b.outcomeLevels.values)
        var reviewA = 0, reviewB = 0, gained = [String: Int]()
        var factory = CaseFactory(seed: 31)
        for k in 0..<2000 {
            let c = factory.next(k)
            let x = ea.decide(c), y = eb.decide(c)
            expected[x.segment.rawValue, y.segment.rawValue] += 1
            outcome[x.finalOutcome.rawValue, y.finalOutcome.rawValue] += 1
            if !x.review.isEmpty { reviewA += 1 }
            if !y.review.isEmpty { reviewB += 1 }
            let px = Set(x.services.map(\.product)), py = Set(y.services.map(\.product))
            for p in py.subtracting(px) { gained[b.products[p].id, default: 0] += 1 }
        }
        XCTAssertEqual(d.compared, 2000)
        XCTAssertEqual(d.segments, expected)
        XCTAssertEqual(d.outcomes, outcome)
        XCTAssertEqual(d.reviewA, reviewA)
        XCTAssertEqual(d.reviewB, reviewB)
        for p in d.products { XCTAssertEqual(p.gained, gained[p.product] ?? 0, p.product) }
        XCTAssertGreaterThan(d.segments.moved, 0)
        // Raising the coping threshold only moves cases from hard to easy.
        XCTAssertEqual(d.segments[1, 0] + d.segments[3, 2], d.segments.moved)
        XCTAssertEqual(d.moveCounts["segment tuki → parjaaja"], d.segments[1, 0])
        XCTAssertEqual(d.examples["segment tuki → parjaaja"]?.count, min(3, d.segments[1, 0]))
        let changes = DocumentDiff.changes(defaultModel.document.value, b.document.value).map(\.path)
        XCTAssertEqual(changes, ["coping.threshold", "segments.near_band"])
    }

    func testDiffReportShowsTheTransitionMatrix() {
        let (b, _) = editedModel([("\"threshold\": 35", "\"threshold\": 30")])
        var d = CaseloadDiff(modelA: defaultModel, modelB: b, today: testToday)
        _ = d.run(fixtureBytes("labelled-400.csv"), format: .csv, strict: false)
        let html = DiffReport.html(d, fileChanges: DocumentDiff.changes(defaultModel.document.value, b.document.value), context: ReportContext(inputName: "fixture"))
        XCTAssertTrue(html.contains("Segments: A → B"))
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertFalse(html.lowercased().contains("<script"))
    }

    func testTheDiffOnEveryCoreEqualsTheDiffOnOne() {
        let (b, _) = editedModel([("\"threshold\": 40", "\"threshold\": 44"), ("\"threshold\": 35", "\"threshold\": 31")])
        var data = labelledJSONL(3000, seed: 8) { _ in [] }
        data += Array("{\"id\": \"bad\", \"age\": \"old\"}\n".utf8)
        XCTAssertGreaterThan(data.count, 1 << 20)
        var one = CaseloadDiff(modelA: defaultModel, modelB: b, today: testToday)
        var many = CaseloadDiff(modelA: defaultModel, modelB: b, today: testToday)
        XCTAssertNil(one.run(data, format: .jsonl, strict: false, parts: 1))
        XCTAssertNil(many.run(data, format: .jsonl, strict: false, parts: 3))
        XCTAssertEqual(one.compared, many.compared)
        XCTAssertEqual(one.segments, many.segments)
        XCTAssertEqual(one.outcomes, many.outcomes)
        XCTAssertEqual(one.products, many.products)
        XCTAssertEqual(one.reviewA, many.reviewA)
        XCTAssertEqual(one.moveCounts, many.moveCounts)
        XCTAssertEqual(one.examples, many.examples)
        XCTAssertEqual(one.rejectedA, many.rejectedA)
        XCTAssertGreaterThan(one.segments.moved, 0)
        XCTAssertEqual(one.rejectedA.total, 1)
    }
}
