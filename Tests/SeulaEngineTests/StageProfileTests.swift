import Foundation
import SeulaCore
import SeulaBench
import SeulaEngine
import SeulaService
import XCTest

/// `seula bench stages` profiles the batch path's own pieces: it must time the cases the fast
/// reader takes (hetus included when a key is set) and every stage must have run.
final class StageProfileTests: XCTestCase {
    func testStagesCoverTheFastReadersCases() throws {
        let chunk = makeForeignV2Chunk(count: 600, seed: 23)
        let handler = try makeV1V2Handler()
        let keyless = try makeV1V2Handler(key: nil)
        var text = [UInt8]()
        var fastLines = 0, hetuLines = 0
        let model = handler.criteria.newest
        let parser = CaseLineParser(model: model, strict: false, today: handler.options.today, acceptsHetu: true)
        var c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count,
                              indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        chunk.bytes.withUnsafeBytes { all in
            for line in chunk.lines {
                let bytes = UnsafeRawBufferPointer(rebasing: all[line.start..<line.end])
                if parser.parse(bytes, into: &c) == .parsed {
                    fastLines += 1
                    if c.hetu != nil { hetuLines += 1 }
                }
                text += Array(bytes) + [0x0A]
            }
        }
        XCTAssertGreaterThan(hetuLines, fastLines / 2, "the caseload carries hetus")

        let r = text.withUnsafeBytes { StageProfile.measure(handler: handler, data: $0, repeats: 1, chunkLines: 128) }
        XCTAssertEqual(r.cases, fastLines)
        XCTAssertEqual(r.cases + r.generalPathLines, chunk.lines.count)
        XCTAssertEqual(r.stages.map(\.name), ["read", "decide", "explain", "write"])
        for s in r.stages where s.name != "explain" { XCTAssertGreaterThan(s.nanosecondsPerCase, 0, s.name) }
        XCTAssertEqual(r.criteriaVersion, model.version)

        // Without a key the hetu lines are the general path's: not timed, counted.
        let k = text.withUnsafeBytes { StageProfile.measure(handler: keyless, data: $0, repeats: 1) }
        XCTAssertEqual(k.cases, fastLines - hetuLines)
        XCTAssertEqual(k.generalPathLines, r.generalPathLines + hetuLines)

        // `limit` cuts the lines profiled.
        let first = text.withUnsafeBytes { StageProfile.measure(handler: handler, data: $0, limit: 100, repeats: 1) }
        XCTAssertEqual(first.cases + first.generalPathLines, 100)
    }
}
