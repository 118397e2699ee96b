import Foundation
import SeulaJSON
import XCTest

/// `seula serve` as a client sees it: spawned, fed through a pipe, signalled.
final class DaemonTests: XCTestCase {
    let serve = ["serve", "--today", "2025-06-01"]

    func parse(_ line: String) throws -> JSONValue { try JSONReader.parse(line) }

    func testInteractiveRoundTripsWithStdinOpen() throws {
        let p = try SeulaProcess(serve)
        for i in 0..<50 {
            p.send("{\"id\":\"i\(i)\",\"age\":\(20 + i % 50),\"coping\":{\"paying_bills\":\(i % 5)}}\n")
            let line = try XCTUnwrap(p.readLine(timeout: 5), "no answer to line \(i + 1) while stdin stays open")
            let answer = try parse(line)
            XCTAssertEqual(answer["id"], .string("i\(i)"))
            XCTAssertEqual(answer["ok"], .bool(true))
        }
        p.send("{\"op\":\"ping\",\"req\":7}\n")
        XCTAssertEqual(try parse(XCTUnwrap(p.readLine())).canonicalString, "{\"ok\":true,\"pong\":true,\"req\":7}")
        p.send("{\"op\":\"stats\"}\n")
        let stats = try parse(XCTUnwrap(p.readLine()))
        XCTAssertEqual(stats["stats"]?["scored"], .number(JSONNumber(50)), "stats counts every line answered before it")
        XCTAssertEqual(stats["stats"]?["lines"], .number(JSONNumber(52)))
        p.closeInput()
        XCTAssertEqual(p.wait(), 0)
    }

    /// One line at a time (answered on the reader's thread, the interactive shortcut) gives the
    /// same bytes as the same lines in one stream (answered by the workers).
    func testOneLineAtATimeEqualsTheStream() throws {
        let generated = try runSeula(["generate", "--n", "60", "--seed", "11", "--bad-rate", "0.2"])
        XCTAssertEqual(generated.status, 0)
        let lines = generated.out.split(separator: "\n").map(String.init)
        let stream = try runSeula(serve, input: Array((lines.joined(separator: "\n") + "\n").utf8))
        let streamed = stream.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(streamed.count, lines.count)
        for args in [serve, serve + ["--no-supervisor"]] {
            let p = try SeulaProcess(args)
            for (i, line) in lines.enumerated() {
                p.send(line + "\n")
                XCTAssertEqual(p.readLine(timeout: 5), streamed[i], "line \(i + 1), \(args)")
            }
            p.closeInput()
            XCTAssertEqual(p.wait(), 0)
        }
    }

    /// A line over the limit is answered by the supervisor itself: the answer must not wait for
    /// a later line or the end of input.
    func testAnInteractiveLineOverTheLimitIsAnsweredWithStdinOpen() throws {
        let p = try SeulaProcess(serve + ["--max-line-bytes", "100"])
        p.send("{\"id\":\"a\",\"age\":30}\n")
        XCTAssertEqual(try parse(XCTUnwrap(p.readLine(timeout: 5)))["id"], .string("a"))
        p.send("{\"id\":\"long\",\"pad\":\"" + String(repeating: "x", count: 300) + "\"}\n")
        let long = try parse(XCTUnwrap(p.readLine(timeout: 5), "no answer to the long line while stdin stays open"))
        XCTAssertEqual(long["error"]?["code"], .string("line_too_long"))
        XCTAssertEqual(long["line"], .number(JSONNumber(2)))
        p.send("\n{\"id\":\"b\",\"age\":30}\n")
        let b = try parse(XCTUnwrap(p.readLine(timeout: 5)))
        XCTAssertEqual(b["id"], .string("b"))
        p.closeInput()
        XCTAssertEqual(p.wait(), 0)
    }

    func testBadBytesAndLimits() throws {
        var input: [UInt8] = []
        func line(_ s: String) { input += Array(s.utf8) + [0x0A] }
        line("{\"id\":\"ok1\",\"age\":30}")                               // 1
        input += Array("{\"id\":\"long\",\"age\":30,\"pad\":\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 50_000) + Array("\"}".utf8) + [0x0A] // 2
        input += Array("{\"id\":\"utf\",\"age\":30,\"municipality\":\"".utf8) + [0xC3, 0x28] + Array("\"}".utf8) + [0x0A] // 3
        input += [0x0A]                                                   // 4: a 0-byte line
        line("   \t ")                                                    // 5: only whitespace
        line("{\"id\":\"huge\",\"age\":123456789012345678901234567890}")   // 6
        line("{\"id\":\"exp\",\"age\":1e400}")                            // 7
        line(String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)) // 8
        line("{\"id\":\"deep\",\"age\":30,\"x\":" + String(repeating: "{\"a\":", count: 200) + "1" + String(repeating: "}", count: 200) + "}") // 9
        line("{\"id\":\"ok2\",\"age\":31}")                               // 10
        let r = try runSeula(serve + ["--max-line-bytes", "4000"], input: input)
        XCTAssertEqual(r.status, 0)
        let answers = try r.out.split(separator: "\n").map { try parse(String($0)) }
        XCTAssertEqual(answers.count, 8, "blank and whitespace-only lines get no answer:\n\(r.out)")
        func check(_ i: Int, _ code: String?, line: Int, id: String?) {
            XCTAssertEqual(answers[i]["line"].map { $0 } ?? .number(JSONNumber(line)), .number(JSONNumber(line)), "answer \(i)")
            if let code { XCTAssertEqual(answers[i]["error"]?["code"], .string(code), "answer \(i): \(answers[i].canonicalString)") }
            else { XCTAssertEqual(answers[i]["ok"], .bool(true)) }
            XCTAssertEqual(answers[i]["id"], id.map { .string($0) } ?? .null, "answer \(i)")
        }
        check(0, nil, line: 1, id: "ok1")
        check(1, "line_too_long", line: 2, id: "long")
        check(2, "invalid_json", line: 3, id: "utf")
        check(3, "out_of_range", line: 6, id: "huge")
        check(4, "invalid_type", line: 7, id: "exp")
        check(5, "invalid_json", line: 8, id: nil)
        check(6, "invalid_json", line: 9, id: "deep")
        check(7, nil, line: 10, id: "ok2")
    }

    func testSIGTERMMidStreamAnswersWhatWasRead() throws {
        let p = try SeulaProcess(serve)
        let cases = (0..<20000).map { "{\"id\":\"t\($0)\",\"age\":40,\"coping\":{\"mood_anxiety\":\($0 % 5)}}\n" }.joined()
        let bytes = Array(cases.utf8)
        let sent = Collector()
        let half = Array(bytes[0..<(bytes.count / 2)])
        let completeLinesSent = half.filter { $0 == 0x0A }.count
        let writer = Thread {
            p.send(half)
            usleep(300_000)
            p.signal(SIGTERM)
            sent.set(Data())
        }
        writer.start()
        let out = p.readToEnd()
        _ = sent.wait()
        XCTAssertEqual(p.wait(), 0, "SIGTERM ends the daemon with status 0")
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.last, "", "output ends with a complete line")
        var expected = 0
        for l in lines.dropLast() {
            let a = try parse(String(l))
            XCTAssertEqual(a["id"], .string("t\(expected)"), "answers in order")
            expected += 1
        }
        XCTAssertGreaterThan(expected, 0)
        // Every complete line sent was read before the signal (300 ms later); the cut-off
        // partial line is answered too, like a last line at end of input.
        XCTAssertGreaterThanOrEqual(expected, completeLinesSent)
        XCTAssertLessThanOrEqual(expected, completeLinesSent + 1)
    }

    func testSIGHUPReloadsAValidFileAndRefusesAnInvalidOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seula-hup-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let modelFile = dir.appendingPathComponent("model.json")
        let original = try String(contentsOfFile: defaultModelPath, encoding: .utf8)
        try original.write(to: modelFile, atomically: true, encoding: .utf8)
        let p = try SeulaProcess(serve + ["--model", modelFile.path])
        func version() throws -> String? {
            p.send("{\"id\":\"v\",\"age\":40}\n")
            return try parse(XCTUnwrap(p.readLine()))["model"]?["version"]?.stringValue
        }
        XCTAssertEqual(try version(), "1.0.1")
        try original.replacingOccurrences(of: "\"version\": \"1.0.1\"", with: "\"version\": \"1.0.2\"")
            .write(to: modelFile, atomically: true, encoding: .utf8)
        p.signal(SIGHUP)
        var reloaded: String? = nil
        for _ in 0..<50 {
            reloaded = try version()
            if reloaded == "1.0.2" { break }
            usleep(50_000)
        }
        XCTAssertEqual(reloaded, "1.0.2", "a valid file takes over")
        try "{ \"format\": \"seula-criteria/1\", broken".write(to: modelFile, atomically: true, encoding: .utf8)
        p.signal(SIGHUP)
        usleep(300_000)
        XCTAssertEqual(try version(), "1.0.2", "an invalid file is refused and the old criteria stay")
        p.closeInput()
        XCTAssertEqual(p.wait(), 0)
        XCTAssertTrue(p.stderrText().contains("reload refused"))
    }

    func testReaderGoneExitsQuietly() throws {
        let p = try SeulaProcess(serve)
        try p.stdoutPipe.fileHandleForReading.close()
        let line = Array("{\"id\":\"x\",\"age\":40}\n".utf8)
        let writer = Thread { for _ in 0..<2000 { p.send(line) }; p.closeInput() }
        writer.start()
        let status = p.wait(timeout: 20)
        XCTAssertNotNil(status, "the daemon must end, not hang, when its reader is gone")
        XCTAssertFalse(p.stderrText().contains("Fatal"), "no crash")
    }
}

/// A bug in one case must not end the daemon: the supervisor answers that line with
/// `internal` and every other line as if nothing had happened.
final class SupervisorTests: XCTestCase {
    func testATrapOnOneLineBecomesThatLinesInternalError() throws {
        var lines: [String] = []
        for i in 0..<3000 {
            lines.append(i == 1700 ? "{\"id\":\"boom\",\"age\":40}" : "{\"id\":\"s\(i)\",\"age\":\(18 + i % 60),\"coping\":{\"mood_anxiety\":\(i % 5)}}")
            if i % 500 == 0 { lines.append("") }   // blank lines keep their numbers across the restart
        }
        let input = Array((lines.joined(separator: "\n") + "\n").utf8)
        let clean = try runSeula(["serve", "--today", "2025-06-01", "--no-supervisor"], input: input)
        let trapped = try runSeula(["serve", "--today", "2025-06-01"], input: input, environment: ["SEULA_TEST_TRAP_ON_ID": "boom"])
        XCTAssertEqual(trapped.status, 0, "the daemon survives the trap")
        let a = clean.out.split(separator: "\n"), b = trapped.out.split(separator: "\n")
        XCTAssertEqual(a.count, 3000)
        XCTAssertEqual(b.count, 3000, "one answer per non-blank line, the trapped one included")
        var internalErrors = 0
        for (x, y) in zip(a, b) {
            if y.contains("\"code\":\"internal\"") {
                internalErrors += 1
                let e = try JSONReader.parse(String(y))
                XCTAssertEqual(e["id"], .string("boom"))
                XCTAssertEqual(e["line"], try JSONReader.parse(String(x))["line"].map { $0 } ?? e["line"], "same line number")
            } else {
                XCTAssertEqual(x, y, "every other answer is what the daemon gives without the trap")
            }
        }
        XCTAssertEqual(internalErrors, 1)
        XCTAssertTrue(trapped.err.contains("internal error"), "logged on stderr")
    }
}
