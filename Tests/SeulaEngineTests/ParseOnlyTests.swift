import Foundation
import SeulaCore
import SeulaBench
import SeulaEngine
import SeulaService
import SeulaTransport
import XCTest

/// `score --parse-only` is the reader's ceiling in the benchmark: it must read the same lines the
/// scoring path reads fast, or the "score vs parse-only" ratio compares against the wrong path
/// (it once parsed every hetu line with the general reader, because it was built without the key).
final class ParseOnlyTests: XCTestCase {
    /// Writes the lines of `chunk` that the general path accepts to a temporary file.
    private func acceptedLines(_ chunk: InputChunk, handler: RequestHandler) throws -> (URL, Int) {
        var text = [UInt8]()
        var count = 0
        chunk.bytes.withUnsafeBytes { all in
            for line in chunk.lines {
                let bytes = Array(UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]))
                if case .scored = handler.handle(line: bytes, lineNumber: 1).kind {
                    text += bytes + [0x0A]
                    count += 1
                }
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parse-only-\(UUID().uuidString).jsonl")
        try Data(text).write(to: url)
        return (url, count)
    }

    private func run(_ url: URL, _ handler: RequestHandler) throws -> ParseOnly.Result {
        let fd = open(url.path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        return ParseOnly.run(handler: handler, input: fd, workers: 2, maxLineBytes: 1 << 20, csv: false)
    }

    func testHetuLinesTakeTheFastReaderWhenAKeyIsSet() throws {
        let handler = try makeV1V2Handler()
        let (url, accepted) = try acceptedLines(makeForeignV2Chunk(count: 2000, seed: 11), handler: handler)
        defer { try? FileManager.default.removeItem(at: url) }
        let hetuLines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"hetu\"") }.count
        XCTAssertGreaterThan(hetuLines, accepted / 2, "the caseload carries hetus")

        // What the scoring path's fast reader takes: the newest criteria, with a key.
        let model = handler.criteria.newest
        let lane = CaseLineParser(model: model, strict: false, today: handler.options.today, acceptsHetu: true)
        var c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count,
                              indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        var fast = 0
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let bytes = Array(line.utf8)
            if bytes.withUnsafeBytes({ lane.parse($0, into: &c) }) == .parsed { fast += 1 }
        }
        XCTAssertGreaterThan(fast, accepted / 2)

        let r = try run(url, handler)
        XCTAssertEqual(r.lines, accepted)
        XCTAssertEqual(r.invalid, 0)
        XCTAssertEqual(r.parsed, fast, "parse-only reads with the scoring path's fast reader, hetus included")
        XCTAssertEqual(r.parsed + r.fallback, accepted)

        // Without a key the fast reader leaves every valid hetu to the general path.
        let keyless = try run(url, try makeV1V2Handler(key: nil))
        XCTAssertEqual(keyless.lines, accepted)
        XCTAssertGreaterThanOrEqual(r.parsed - keyless.parsed, hetuLines * 8 / 10, "the hetu lines are the difference")
    }
}
