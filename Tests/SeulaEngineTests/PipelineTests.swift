#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaEngine
import SeulaService
import SeulaTransport
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

/// The transport with the engine's `ChunkProcessor` in-process, on data that looks like
/// production (V2 cases with hetus, foreign formatting, malformed lines): a slow reader of the
/// answers, a stop in the middle, and end of input without a final newline — against the
/// per-line handler's answers byte for byte (the transport's own tests use a toy handler).
final class EngineTransportTests: XCTestCase {
    /// The chunk's lines, and each line's answer from the simple per-line path.
    private func expected(_ chunk: InputChunk, _ handler: RequestHandler) -> (lines: [[UInt8]], answers: [[UInt8]]) {
        var lines: [[UInt8]] = [], answers: [[UInt8]] = []
        chunk.bytes.withUnsafeBytes { all in
            for (k, line) in chunk.lines.enumerated() {
                let bytes = Array(UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]))
                lines.append(bytes)
                answers.append(handler.handle(line: bytes, lineNumber: k + 1).bytes)
            }
        }
        return (lines, answers)
    }

    /// Runs a pipeline over pipes: `feed` writes the input (and closes it or stops the pipeline);
    /// the answers are read `readSize` bytes at a time, sleeping `readPause` between reads.
    private func run(_ handler: RequestHandler, options: PipelineOptions, readSize: Int, readPause: UInt32,
                     feed: (Int32, Pipeline<RequestHandler, ChunkProcessor>) -> Void) -> [[UInt8]] {
        var toPipeline: [Int32] = [0, 0], fromPipeline: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&toPipeline), 0)
        XCTAssertEqual(pipe(&fromPipeline), 0)
        let pipeline = Pipeline(handler: handler, input: toPipeline[0], output: fromPipeline[1], options: options)
        let done = DispatchSemaphore(value: 0)
        let answersWrite = fromPipeline[1], answersRead = fromPipeline[0]
        Thread { pipeline.run(); close(answersWrite); done.signal() }.start()
        let collected = Collected()
        Thread {
            var buffer = [UInt8](repeating: 0, count: readSize)
            while true {
                let n = read(answersRead, &buffer, buffer.count)
                if n <= 0 { break }
                collected.append(buffer[0..<n])
                if readPause > 0 { usleep(readPause) }
            }
            collected.finish()
        }.start()
        feed(toPipeline[1], pipeline)
        done.wait()
        close(toPipeline[0])
        return collected.wait().split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) {
        var at = 0
        while at < bytes.count {
            let n = bytes[at...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            XCTAssertGreaterThan(n, 0)
            at += max(n, 0)
        }
    }

    func testASlowReaderGetsEveryAnswerInOrder() throws {
        let handler = try makeV1V2Handler()
        let chunk = makeForeignV2Chunk(count: 3000, seed: 31)
        let (lines, answers) = expected(chunk, handler)
        var options = PipelineOptions()
        options.workers = 3
        options.chunkLines = 64        // many chunks in flight, finishing out of order
        options.maxInFlight = 4        // and the bound on them reached
        let got = run(handler, options: options, readSize: 4096, readPause: 200) { fd, _ in
            for line in lines { write(fd, line + [0x0A]) }
            close(fd)
        }
        XCTAssertEqual(got.count, answers.count)
        for k in 0..<min(got.count, answers.count) where got[k] != answers[k] {
            XCTFail("answer \(k + 1) differs from the per-line path: \(String(decoding: got[k].prefix(160), as: UTF8.self))")
            break
        }
    }

    func testEndOfInputWithoutANewlineAnswersTheLastLine() throws {
        let handler = try makeV1V2Handler()
        let chunk = makeForeignV2Chunk(count: 50, seed: 37)
        let (lines, answers) = expected(chunk, handler)
        let got = run(handler, options: PipelineOptions(), readSize: 1 << 16, readPause: 0) { fd, _ in
            for (k, line) in lines.enumerated() { write(fd, k == lines.count - 1 ? line : line + [0x0A]) }
            close(fd)
        }
        XCTAssertEqual(got, answers)
    }

    func testAStopMidStreamAnswersOnlyWholeLinesInOrder() throws {
        let handler = try makeV1V2Handler()
        let chunk = makeForeignV2Chunk(count: 400, seed: 41)
        let (lines, answers) = expected(chunk, handler)
        let half = lines.count / 2
        let got = run(handler, options: PipelineOptions(), readSize: 1 << 16, readPause: 0) { fd, pipeline in
            for line in lines[..<half] { write(fd, line + [0x0A]) }
            // Half a line, then the stop: it was never a whole line, so it gets no answer.
            write(fd, Array(lines[half].prefix(lines[half].count / 2)))
            usleep(200_000)
            pipeline.stop()
        }
        XCTAssertLessThanOrEqual(got.count, half, "no answer for the half line")
        XCTAssertGreaterThan(got.count, 0)
        XCTAssertEqual(got, Array(answers[..<got.count]), "a prefix of the answers, in order, byte for byte")
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
