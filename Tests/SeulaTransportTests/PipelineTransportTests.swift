#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaTransport
import XCTest

/// The ordered pipeline in-process over pipes, with a toy handler (`ToyHandler`): the transport
/// alone guarantees one answer per line in input order — with workers finishing out of order, a
/// slow reader of the answers, a failing line, no final newline, a stop mid-stream and reloads.
final class PipelineTransportTests: XCTestCase {
    typealias ToyPipeline = Pipeline<ToyHandler, ToyAnswerer>

    /// `n` distinct lines, each about `width` bytes.
    private func lines(_ n: Int, width: Int = 24) -> [[UInt8]] {
        (0..<n).map { i in
            let head = "line \(i) "
            return Array((head + String(repeating: "x", count: max(0, width - head.count))).utf8)
        }
    }

    private func expected(_ lines: [[UInt8]], _ handler: ToyHandler = ToyHandler()) -> [[UInt8]] {
        lines.enumerated().map { handler.expected($1, number: $0 + 1) }
    }

    /// Runs a pipeline over pipes: `feed` writes the input (on its own thread; it closes it or
    /// stops the pipeline); the answers are read `readSize` bytes at a time, after `startPause`
    /// microseconds, then sleeping `readPause` between reads. Returns the answer lines.
    private func run(_ pipeline: (Int32, Int32) -> ToyPipeline, readSize: Int = 1 << 16, readPause: UInt32 = 0,
                     startPause: UInt32 = 0, whilePaused: (() -> Void)? = nil,
                     feed: @escaping @Sendable (Int32, ToyPipeline) -> Void) -> (answers: [[UInt8]], pipeline: ToyPipeline) {
        var toPipeline: [Int32] = [0, 0], fromPipeline: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&toPipeline), 0)
        XCTAssertEqual(pipe(&fromPipeline), 0)
        let p = pipeline(toPipeline[0], fromPipeline[1])
        let done = DispatchSemaphore(value: 0)
        let answersWrite = fromPipeline[1], answersRead = fromPipeline[0], inputWrite = toPipeline[1]
        Thread { p.run(); close(answersWrite); done.signal() }.start()
        Thread { feed(inputWrite, p) }.start()
        if startPause > 0 {
            usleep(startPause)
            whilePaused?()
        }
        let collected = Collected()
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: readSize)
            while true {
                let n = read(answersRead, &buffer, buffer.count)
                if n <= 0 { break }
                collected.append(buffer[0..<n])
                if readPause > 0 { usleep(readPause) }
            }
            close(answersRead)
            collected.finish()
        }
        reader.start()
        done.wait()
        close(toPipeline[0])
        let answers = collected.wait().split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
        return (answers, p)
    }

    /// The lines, each with its newline.
    private static func joined<S: Sequence<[UInt8]>>(_ lines: S) -> [UInt8] {
        var out: [UInt8] = []
        for line in lines { out += line; out.append(0x0A) }
        return out
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) {
        var at = 0
        while at < bytes.count {
            let n = bytes[at...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            at += n
        }
    }

    /// Writes every line with its newline (in large writes), then closes the input.
    private static func feedAll(_ lines: [[UInt8]]) -> @Sendable (Int32, ToyPipeline) -> Void {
        let input = joined(lines)
        return { fd, _ in write(fd, input); close(fd) }
    }

    private func assertSameAnswers(_ got: [[UInt8]], _ want: [[UInt8]], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, "one answer per line", file: file, line: line)
        for k in 0..<min(got.count, want.count) where got[k] != want[k] {
            XCTFail("answer \(k + 1): \(String(decoding: got[k].prefix(80), as: UTF8.self)), want \(String(decoding: want[k].prefix(80), as: UTF8.self))", file: file, line: line)
            return
        }
    }

    func testAnswersComeInInputOrderWhenWorkersFinishOutOfOrder() {
        let input = lines(4000)
        let handler = ToyHandler(maxSleepMicros: 4000, seed: 7)
        let completions = CompletionLog()
        var options = PipelineOptions()
        options.workers = 4
        options.chunkLines = 16        // hundreds of chunks, several in flight at once
        let (got, pipeline) = run({ ToyPipeline(handler: handler, input: $0, output: $1, options: options) { ToyAnswerer($0, log: completions) } },
                                  feed: Self.feedAll(input))
        assertSameAnswers(got, expected(input, handler))
        let order = completions.sequences
        XCTAssertGreaterThan(order.count, 100)
        XCTAssertNotEqual(order, order.sorted(), "the workers did finish out of order (else this test shows nothing)")
        XCTAssertEqual(pipeline.statistics.linesRead, input.count)
        XCTAssertEqual(pipeline.statistics.ok, input.count)
    }

    func testASlowConsumerGetsEverythingOnceTheInFlightBoundIsReached() {
        let input = lines(3000, width: 60)   // ~180 KB of answers: more than the pipes hold
        var options = PipelineOptions()
        options.workers = 3
        options.chunkLines = 64
        options.maxInFlight = 4
        let completions = CompletionLog()
        var answeredWhilePaused = 0
        let (got, _) = run({ ToyPipeline(handler: ToyHandler(), input: $0, output: $1, options: options) { ToyAnswerer($0, log: completions) } },
                           readSize: 7, readPause: 20, startPause: 300_000,
                           whilePaused: { answeredWhilePaused = completions.sequences.count },
                           feed: Self.feedAll(input))
        // Nobody read for 0.3 s: the output pipe filled and the bound stopped the reader.
        XCTAssertLessThan(answeredWhilePaused * options.chunkLines, input.count, "the in-flight bound held the reader back")
        assertSameAnswers(got, expected(input))
    }

    func testAFailingLineGetsItsErrorAnswerAndTheOthersGoOnInOrder() {
        var input = lines(1000)
        for k in stride(from: 5, to: input.count, by: 97) { input[k] = Array("fail".utf8) }
        var options = PipelineOptions()
        options.workers = 3
        options.chunkLines = 32
        let (got, pipeline) = run({ ToyPipeline(handler: ToyHandler(), input: $0, output: $1, options: options) { ToyAnswerer($0) } },
                                  feed: Self.feedAll(input))
        let want = expected(input)
        assertSameAnswers(got, want)
        XCTAssertEqual(got[5], Array("ERROR line 6".utf8))
        let failures = Array(stride(from: 5, to: input.count, by: 97)).count
        XCTAssertEqual(pipeline.statistics.errors, failures)
        XCTAssertEqual(pipeline.statistics.ok, input.count - failures)
    }

    func testEndOfInputWithoutANewlineAnswersTheLastLine() {
        let input = lines(50)
        let bytes = Array(Self.joined(input).dropLast())
        let (got, _) = run({ ToyPipeline(handler: ToyHandler(), input: $0, output: $1) { ToyAnswerer($0) } },
                           feed: { fd, _ in Self.write(fd, bytes); close(fd) })
        assertSameAnswers(got, expected(input))
    }

    func testAStopMidStreamDrainsEveryWholeLineRead() {
        let input = lines(400)
        let want = expected(input)
        let half = input.count / 2
        var options = PipelineOptions()
        options.workers = 2
        options.chunkLines = 8
        let (got, pipeline) = run({ ToyPipeline(handler: ToyHandler(maxSleepMicros: 2000, seed: 3), input: $0, output: $1, options: options) { ToyAnswerer($0) } },
                                  feed: { fd, pipeline in
            Self.write(fd, Self.joined(input[..<half]))
            // Half a line, then the stop (SIGTERM's path): it was never a whole line, so no answer.
            Self.write(fd, Array(input[half].prefix(input[half].count / 2)))
            usleep(500_000)   // the reader has read every whole line by now (a loaded machine too)
            pipeline.stop()
        })
        XCTAssertTrue(pipeline.stoppedEarly)
        XCTAssertEqual(got.count, half, "every whole line read is answered, the half line is not")
        XCTAssertEqual(got, Array(want[..<min(got.count, want.count)]), "a byte-identical prefix of the full run's answers")
    }

    func testAThousandReloadsHoldAtMostTwoGenerations() {
        let input = lines(3000)
        var toPipeline: [Int32] = [0, 0], fromPipeline: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&toPipeline), 0)
        XCTAssertEqual(pipe(&fromPipeline), 0)
        let pipeline = ToyPipeline(handler: ToyHandler(tag: "g0 "), input: toPipeline[0], output: fromPipeline[1]) { ToyAnswerer($0) }
        let done = DispatchSemaphore(value: 0)
        let answersWrite = fromPipeline[1], answersRead = fromPipeline[0]
        Thread { pipeline.run(); close(answersWrite); done.signal() }.start()
        let collected = Collected()
        Thread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = read(answersRead, &buffer, buffer.count)
                if n <= 0 { break }
                collected.append(buffer[0..<n])
            }
            collected.finish()
        }.start()
        var reloads = 0
        for (i, line) in input.enumerated() {
            Self.write(toPipeline[1], line + [0x0A])
            if i % 3 == 0 {
                reloads += 1
                let tag = "g\(reloads) "
                pipeline.requestReload { ToyHandler(tag: tag) }
            }
        }
        close(toPipeline[1])
        done.wait()
        let answers = collected.wait().split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(answers.count, input.count)
        var lastGeneration = 0
        for (i, a) in answers.enumerated() {
            let parts = a.split(separator: " ", maxSplits: 1)
            XCTAssertEqual(parts.count, 2)
            XCTAssertEqual(parts.last.map(String.init), String(decoding: input[i], as: UTF8.self).uppercased(), "answer \(i) in order")
            let generation = Int(parts[0].dropFirst()) ?? -1
            XCTAssertGreaterThanOrEqual(generation, lastGeneration, "a generation answers only lines read after its reload")
            lastGeneration = generation
        }
        XCTAssertGreaterThan(lastGeneration, 0, "the reloads took effect")
        XCTAssertLessThanOrEqual(pipeline.handlers.held, 2, "old generations are freed once their chunks are written")
        close(toPipeline[0])
        close(answersRead)
    }

    func testStatsAndOverLongLinesAreAnsweredByTheTransport() {
        let input: [[UInt8]] = [Array("a".utf8), Array("fail".utf8), Array("stats".utf8), Array(repeating: 0x62, count: 100), Array("c".utf8), Array("stats".utf8)]
        var options = PipelineOptions()
        options.maxLineBytes = 32
        let (got, _) = run({ ToyPipeline(handler: ToyHandler(), input: $0, output: $1, options: options) { ToyAnswerer($0) } },
                           feed: Self.feedAll(input))
        let want = ["A", "ERROR line 2", "STATS lines=3 ok=1 errors=1 commands=0", "TOO LONG line 4 over 0", "C",
                    "STATS lines=6 ok=2 errors=2 commands=1"].map { Array($0.utf8) }
        assertSameAnswers(got, want)
    }

    func testCRLFAndBlankLinesKeepTheirNumbers() {
        let bytes = Array("a\r\n\n  \nfail\r\nb".utf8)
        let (got, _) = run({ ToyPipeline(handler: ToyHandler(), input: $0, output: $1) { ToyAnswerer($0) } },
                           feed: { fd, _ in Self.write(fd, bytes); close(fd) })
        assertSameAnswers(got, ["A", "ERROR line 4", "B"].map { Array($0.utf8) })
    }
}
