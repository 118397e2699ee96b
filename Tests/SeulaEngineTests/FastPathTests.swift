import Foundation
import SeulaCore
import SeulaBench
import SeulaEngine
import SeulaFormats
import SeulaJSON
import SeulaService
import SeulaSynthetic
import SeulaTransport
import XCTest

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The assessment date of test cases without `assessed_on` (V1 is in force on it).
let testToday = CalendarDate(year: 2025, month: 6, day: 1)!

/// Both default criteria versions with a pseudonym key, as `serve` runs them (the generated
/// caseloads are dated 2026 and carry hetus: MODEL-V2 decides them).
func makeHandler() throws -> RequestHandler {
    try makeV1V2Handler()
}

/// A chunk of generated lines (with malformed ones), as the pipeline's reader would make it.
func makeChunk(count: Int, badRate: Double, seed: UInt64) -> InputChunk {
    let bytes = CaseloadGenerator(GeneratorOptions(count: count, seed: seed, labels: false, badRate: badRate, format: .jsonl)).bytes(threads: 1)
    var chunk = InputChunk(sequence: 0, generation: 0)
    var start = 0
    var number = 0
    for (i, b) in bytes.enumerated() where b == 0x0A {
        number += 1
        let line = Array(bytes[start..<i])
        start = i + 1
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
        let s = chunk.bytes.count
        chunk.bytes += line
        chunk.lines.append(ChunkLine(kind: .text, start: s, end: chunk.bytes.count, number: number))
    }
    return chunk
}

/// The batch engine's fast path — the byte-level reader, exact coping sums, rules as column kernels,
/// byte plans for `because` — against the simple per-case path, piece by piece.
final class FastPathTests: XCTestCase {
    func testFastPathEqualsTheSimplePathLineByLine() throws {
        let handler = try makeHandler()
        let chunk = makeChunk(count: 6000, badRate: 0.1, seed: 21)
        let out = ChunkProcessor(handler: handler).process(chunk)
        let lines = out.bytes.array.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, chunk.lines.count)
        var scored = 0
        chunk.bytes.withUnsafeBytes { all in
            for (k, line) in chunk.lines.enumerated() {
                let simple = handler.handle(line: UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]), lineNumber: line.number)
                XCTAssertEqual(Array(lines[lines.startIndex + k]), simple.bytes, "line \(line.number)")
                if simple.kind == .scored { scored += 1 }
            }
        }
        XCTAssertGreaterThan(scored, 5000)
    }

    func testKernelsEqualPerCaseRules() throws {
        let handler = try makeHandler()
        let chunk = makeChunk(count: 4000, badRate: 0, seed: 22)
        func run(kernels: Bool) -> [UInt8] {
            let p = ChunkProcessor(handler: handler)
            p.useKernels = kernels
            return p.process(chunk).bytes.array
        }
        XCTAssertEqual(run(kernels: true), run(kernels: false), "column kernels decide every rule as per-case evaluation does")
    }

    func testSimplePipelineEqualsFastPipeline() throws {
        let handler = try makeHandler()
        let chunk = makeChunk(count: 3000, badRate: 0.15, seed: 23)
        let fast = ChunkProcessor(handler: handler, fastPath: true).process(chunk).bytes.array
        let simple = ChunkProcessor(handler: handler, fastPath: false).process(chunk).bytes.array
        XCTAssertEqual(fast, simple)
    }

    /// CSV rows transcoded to JSON on bytes for the fast reader get the answers the general
    /// path gives them, for ordinary rows and for every kind of odd cell.
    func testCSVInputOnTheFastPathEqualsTheGeneralPath() throws {
        let handler = try makeHandler()
        func chunk(_ rows: [[UInt8]]) -> InputChunk {
            var c = InputChunk(sequence: 0, generation: 0)
            for (i, r) in rows.enumerated() {
                let s = c.bytes.count
                c.bytes += r
                c.lines.append(ChunkLine(kind: .text, start: s, end: c.bytes.count, number: i + 2))
            }
            return c
        }
        func compare(header: String, rows: [[UInt8]], strict: Bool = false, _ note: String) throws {
            let names = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let reader = try CaseCSVReader(header: names, model: handler.criteria.newest, strict: strict)
            let c = chunk(rows)
            let fast = ChunkProcessor(handler: handler, input: .csv(reader), fastPath: true).process(c).bytes.array
            let simple = ChunkProcessor(handler: handler, input: .csv(reader), fastPath: false).process(c).bytes.array
            let f = fast.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
            let g = simple.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
            XCTAssertEqual(f.count, rows.count, note)
            for i in 0..<min(f.count, g.count) { XCTAssertEqual(f[i], g[i], "\(note), row \(i + 2)") }
        }
        // Generated rows, malformed ones included.
        let generated = CaseloadGenerator(GeneratorOptions(count: 3000, seed: 25, labels: true, badRate: 0.15, format: .csv)).bytes(threads: 1)
        var lines = generated.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let header = String(decoding: lines.removeFirst(), as: UTF8.self)
        lines = lines.filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        try compare(header: header, rows: lines, "generated")
        try compare(header: header, rows: lines, strict: true, "generated, strict")
        // Odd cells, one at a time, in an otherwise plain row.
        let h = "id,age,municipality,household.children,household.expecting,coping.paying_bills,coping.loneliness,risk.housing,risk.debt,flags.care_leaver,label.services,extra.thing"
        let odd = ["+5", "007", "-0", "-3", "30.0", "1e3", "123456789012345678901", "TRUE", "true", "", " 4", "4 ", "Ä", "a\\b", "a\tb",
                   "\"quoted\"", "\"a,b\"", "x\"y", "neuvonta-ohjaus; sosiaaliohjaus", "a;;b"]
        var rows: [[UInt8]] = []
        for column in 1..<12 {
            for cell in odd {
                var cells = ["c\(column)", "40", "Helsinki", "1", "false", "3", "2", "stable", "none", "false", "sosiaaliohjaus", "x"]
                cells[column] = cell
                rows.append(Array(cells.joined(separator: ",").utf8))
            }
        }
        rows.append(Array("short,40".utf8))
        rows.append([0x69, 0x64, 0xC3, 0x28] + Array(",40,Helsinki,1,false,3,2,stable,none,false,,".utf8))
        try compare(header: h, rows: rows, "odd cells")
        // A top-level column with a group's name: the general path decides.
        try compare(header: "id,age,coping,coping.paying_bills", rows: [Array("d1,40,x,3".utf8), Array("d2,40,,3".utf8)], "coping twice")
    }

    /// CSV rows straight from decisions (skipping routing when no column needs it, and reasons
    /// and counterfactuals always) equal the rows projected from the full records.
    func testCSVRowsFromDecisionsEqualRowsFromRecords() throws {
        let handler = try makeHandler()
        let chunk = makeChunk(count: 3000, badRate: 0.15, seed: 24)
        for fields in [RecordCSV.allFields, RecordCSV.defaultFields, ["id", "segment", "outcome", "overrides", "margin_coping", "gaps"]] {
            let projection = try RecordCSV(fields: fields)
            XCTAssertEqual(projection.lastStep.rawValue > DecisionStep.outcome.rawValue,
                           fields.contains("services") || fields.contains("urgency") || fields.contains("review"))
            let fast = ChunkProcessor(handler: handler, output: .csv(projection), fastPath: true).process(chunk).bytes.array
            let simple = ChunkProcessor(handler: handler, output: .csv(projection), fastPath: false).process(chunk).bytes.array
            XCTAssertEqual(fast.filter { $0 == 0x0A }.count, chunk.lines.count)
            XCTAssertEqual(String(decoding: fast, as: UTF8.self), String(decoding: simple, as: UTF8.self), "fields \(fields)")
        }
    }
}

/// The core on columns gives the engine's scores, segment and default outcome for every case.
final class ColumnScorerTests: XCTestCase {
    func testColumnsEqualTheEngine() throws {
        let handler = try makeHandler()
        let model = handler.criteria.newest
        let chunk = makeChunk(count: 3000, badRate: 0, seed: 24)
        let parser = CaseLineParser(model: model, strict: false, today: handler.options.today, acceptsHetu: true)
        var cases: [ScreeningCase] = []
        chunk.bytes.withUnsafeBytes { all in
            for line in chunk.lines {
                var c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count, indicatorCount: model.risk.indicators.count,
                                      flagCount: model.flags.count)
                if parser.parse(UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]), into: &c) == .parsed { cases.append(c) }
            }
        }
        var scorer = ColumnScorer(model: model)
        scorer.load(cases)
        scorer.score()
        let engine = DecisionEngine(model: model, today: handler.options.today)
        var undetermined = 0, markers = 0
        for (k, c) in cases.enumerated() {
            let d = engine.decide(c)
            XCTAssertEqual(Int(scorer.segment[k]), d.segment.rawValue, "case \(k)")
            XCTAssertEqual(Int(scorer.outcome[k]), d.computedOutcome.rawValue)
            if d.riskSide == .undetermined { XCTAssertTrue(scorer.riskScore[k].isNaN); undetermined += 1 } else { XCTAssertEqual(scorer.riskScore[k], d.risk.score) }
            if !d.riskMarkers.isEmpty { markers += 1 }
            if let cs = d.coping.score { XCTAssertEqual(scorer.copingScore[k], cs) } else { XCTAssertTrue(scorer.copingScore[k].isNaN) }
            XCTAssertEqual(scorer.nearThreshold[k], d.review.contains(.nearThresholdCoping) || d.review.contains(.nearThresholdRisk))
        }
        XCTAssertGreaterThan(cases.count, 2500)
        XCTAssertGreaterThan(markers, 100, "severe markers decide on the columns too")
        XCTAssertGreaterThan(undetermined, 5, "undetermined risk on the columns too")
    }
}
