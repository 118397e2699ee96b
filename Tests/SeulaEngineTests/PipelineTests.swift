#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaEngine
import SeulaService
import XCTest

/// The ordered pipeline in-process: reloads do not pile up criteria generations (the old
/// daemon kept every one, ~232 KB a SIGHUP), every line is answered in order through them,
/// and `run` returns only when every thread has ended.
final class PipelineTests: XCTestCase {
    func testAThousandReloadsHoldAtMostTwoGenerations() throws {
        let handler = try makeV1V2Handler()
        var toPipeline: [Int32] = [0, 0], fromPipeline: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&toPipeline), 0)
        XCTAssertEqual(pipe(&fromPipeline), 0)
        let pipeline = Pipeline(handler: handler, input: toPipeline[0], output: fromPipeline[1])
        let done = DispatchSemaphore(value: 0)
        let answersWrite = fromPipeline[1], answersRead = fromPipeline[0]
        Thread { pipeline.run(); close(answersWrite); done.signal() }.start()
        // Read the answers as they come.
        let collected = Collected()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(answersRead, &buffer, buffer.count)
                if n <= 0 { break }
                collected.append(buffer[0..<n])
            }
            collected.finish()
        }
        reader.start()
        let lines = 3000
        for i in 0..<lines {
            let line = Array("{\"id\":\"r\(i)\",\"assessed_on\":\"2026-02-02\",\"age\":\(20 + i % 50)}\n".utf8)
            _ = line.withUnsafeBytes { write(toPipeline[1], $0.baseAddress, $0.count) }
            if i % 3 == 0 { pipeline.requestReload { handler } }
        }
        close(toPipeline[1])
        done.wait()
        let answers = collected.wait().split(separator: 0x0A)
        XCTAssertEqual(answers.count, lines)
        for (i, a) in answers.enumerated() {
            XCTAssertTrue(String(decoding: a, as: UTF8.self).contains("\"id\":\"r\(i)\""), "answer \(i) in order")
        }
        XCTAssertLessThanOrEqual(pipeline.handlers.held, 2, "old generations are freed once their chunks are written")
    }
}

final class Collected: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var finished = false
    func append(_ b: ArraySlice<UInt8>) { condition.lock(); bytes += b; condition.unlock() }
    func finish() { condition.lock(); finished = true; condition.broadcast(); condition.unlock() }
    func wait() -> [UInt8] {
        condition.lock(); defer { condition.unlock() }
        while !finished { condition.wait() }
        return bytes
    }
}
