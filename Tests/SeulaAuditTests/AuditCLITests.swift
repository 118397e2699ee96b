import Foundation
import SeulaAudit
import SeulaCore
import SeulaJSON
import XCTest

/// The built `seula` (debug, else release), as a client runs it.
let seulaBinary: String = {
    let candidates = [".build/debug/seula", ".build/release/seula"].map { packageRoot.appendingPathComponent($0).path }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
}()

let auditEnvironment = ["SEULA_AUDIT_KEY": "test-audit-key", "SEULA_PSEUDONYM_KEY": "test-pseudonym-key"]

/// A running `seula` with its pipes.
final class Running: @unchecked Sendable {
    let process = Process()
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    private var buffered: [UInt8] = []

    init(_ arguments: [String], environment: [String: String] = auditEnvironment) throws {
        process.executableURL = URL(fileURLWithPath: seulaBinary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SEULA_AUDIT_KEY"] = nil
        env["SEULA_PSEUDONYM_KEY"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = packageRoot
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
    }

    func send(_ bytes: [UInt8]) {
        _ = signal(SIGPIPE, SIG_IGN)
        let fd = stdin.fileHandleForWriting.fileDescriptor
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
            if n <= 0 { if errno == EINTR { continue }; return }
            off += n
        }
    }

    func closeInput() { try? stdin.fileHandleForWriting.close() }

    /// The next stdout line, or nil after `timeout` seconds (or at EOF).
    func readLine(timeout: Double = 10) -> [UInt8]? {
        let fd = stdout.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let nl = buffered.firstIndex(of: 0x0A) {
                let line = Array(buffered[..<nl])
                buffered.removeFirst(nl + 1)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return nil }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, Int32(max(1, left * 1000))) <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { return nil }
            buffered += chunk[0..<n]
        }
    }

    /// Everything left on stdout, to EOF.
    func readToEnd() -> [UInt8] {
        let rest = [UInt8](stdout.fileHandleForReading.readDataToEndOfFile())
        defer { buffered = [] }
        return buffered + rest
    }

    func wait(timeout: Double = 120) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { process.terminate(); return nil }
            usleep(10_000)
        }
        return process.terminationStatus
    }
}

/// Runs seula to the end: (status, stdout, stderr).
func seula(_ arguments: [String], input: [UInt8] = [], environment: [String: String] = auditEnvironment) throws -> (status: Int32, out: String, err: String) {
    let p = try Running(arguments, environment: environment)
    let writer = Thread { p.send(input); p.closeInput() }
    writer.start()
    let err = ErrBox()
    let t = Thread { err.set([UInt8](p.stderr.fileHandleForReading.readDataToEndOfFile())) }
    t.start()
    let out = p.readToEnd()
    let status = p.wait() ?? -1
    return (status, String(decoding: out, as: UTF8.self), String(decoding: err.get(), as: UTF8.self))
}

/// How many times `needle` occurs in `haystack` (memchr and memcmp: fast in a debug build too).
func countOccurrences(of needle: [UInt8], in haystack: [UInt8]) -> Int {
    haystack.withUnsafeBytes { h in
        needle.withUnsafeBytes { nd in
            var count = 0
            var from = 0
            let last = h.count - nd.count
            while from <= last, let hit = memchr(h.baseAddress! + from, Int32(nd[0]), last - from + 1) {
                let at = h.baseAddress!.distance(to: UnsafeRawPointer(hit))
                if memcmp(h.baseAddress! + at, nd.baseAddress!, nd.count) == 0 {
                    count += 1
                    from = at + nd.count
                } else {
                    from = at + 1
                }
            }
            return count
        }
    }
}

final class ErrBox: @unchecked Sendable {
    private let c = NSCondition()
    private var v: [UInt8]?
    func set(_ x: [UInt8]) { c.lock(); v = x; c.broadcast(); c.unlock() }
    func get() -> [UInt8] { c.lock(); defer { c.unlock() }; while v == nil { c.wait() }; return v! }
}

/// The answers a log holds, in order (the `answer` member of each answer entry).
func loggedAnswers(_ path: String) -> [[UInt8]] {
    splitLines(readBytes(path)).compactMap { line in
        line.withUnsafeBytes { AuditEntry.parse($0, logLine: 0) }.flatMap { $0.kind == "answer" ? $0.answer : nil }
    }
}

final class AuditCLITests: XCTestCase {
    var dir = ""
    override func setUp() { dir = scratchDirectory(self) }

    func caseload(_ n: Int, seed: UInt64, badRate: Double = 0) -> [UInt8] {
        joinLines(generatedLines(n, seed: seed, badRate: badRate))
    }

    func testServeAndScoreWriteLogsThatVerifyAndReplay() throws {
        var input = caseload(3000, seed: 31, badRate: 0.05)
        input += Array("{\"op\":\"stats\"}\n{\"op\":\"ping\",\"req\":1}\n\n{\"id\":\"long\",\"pad\":\"\(String(repeating: "x", count: 5000))\"}\n".utf8)
        let file = dir + "/cases.jsonl"
        FileManager.default.createFile(atPath: file, contents: Data(input))
        for (name, args, stdin) in [("serve", ["serve", "--max-line-bytes", "4096"], input),
                                    ("serve --no-supervisor", ["serve", "--no-supervisor", "--max-line-bytes", "4096"], input),
                                    ("score", ["score", file, "-o", dir + "/out.jsonl", "--max-line-bytes", "4096"], [])] {
            let log = dir + "/\(name.replacingOccurrences(of: " ", with: "_")).log"
            let r = try seula(args + ["--audit-log", log], input: stdin)
            XCTAssertEqual(r.status, 0, "\(name): \(r.err)")
            let answers = name == "score" ? String(decoding: readBytes(dir + "/out.jsonl"), as: UTF8.self) : r.out
            // Every answer written is logged, in the same order, byte for byte.
            XCTAssertEqual(loggedAnswers(log).map { String(decoding: $0, as: UTF8.self) }, answers.split(separator: "\n").map(String.init), name)
            let verify = try seula(["audit", "verify", log])
            XCTAssertEqual(verify.status, 0, "\(name): \(verify.out)\(verify.err)")
            XCTAssertTrue(verify.out.contains("verified"), verify.out)
            XCTAssertTrue(verify.out.contains("seula-default 2.0.0"), verify.out)
            let replay = try seula(["audit", "replay", log])
            XCTAssertEqual(replay.status, 0, "\(name): \(replay.out)\(replay.err)")
            XCTAssertFalse(replay.out.contains("DIFFER"), replay.out)
            XCTAssertTrue(replay.out.contains("over the length limit"), replay.out)
            let head = try seula(["audit", "head", log])
            XCTAssertEqual(head.status, 0)
            XCTAssertTrue(verify.out.contains("head: " + head.out.trimmingCharacters(in: .newlines)), verify.out)
        }
    }

    /// The hetu never reaches the log: not in the `hetu` member, not anywhere.
    func testTheHetuNeverReachesTheLog() throws {
        let lines = generatedLines(4000, seed: 41, badRate: 0.02)
        var hetus = Set<String>()
        for l in lines { if let v = try? JSONReader.parse(l), let h = v["hetu"]?.stringValue { hetus.insert(h) } }
        XCTAssertGreaterThan(hetus.count, 3000)
        var input = joinLines(lines)
        // A few more ways to send one: lower case, escaped, inside a score command, an invalid one.
        input += Array(#"{"id":"e1","age":30,"h\u0065tu":"131052-308t"}"#.utf8) + [0x0A]
        input += Array(#"{"op":"score","case":{"id":"e2","age":30,"hetu":"280264-051U"},"req":1}"#.utf8) + [0x0A]
        input += Array(#"{"id":"e3","age":30,"hetu":"280264-051X"}"#.utf8) + [0x0A]
        hetus.formUnion(["131052-308T", "280264-051U", "280264-051X"])
        let file = dir + "/cases.jsonl"
        FileManager.default.createFile(atPath: file, contents: Data(input))
        let served = try seula(["serve", "--audit-log", dir + "/log"], input: input)
        let alone = try seula(["serve", "--no-supervisor", "--audit-log", dir + "/log"], input: input)
        XCTAssertEqual(try seula(["score", file, "-o", dir + "/out", "--audit-log", dir + "/log"]).status, 0)
        let answered = [served.out, alone.out, String(decoding: readBytes(dir + "/out"), as: UTF8.self)]
            .reduce(0) { $0 + $1.split(separator: "\n").count }
        let bytes = readBytes(dir + "/log")
        XCTAssertEqual(try seula(["audit", "verify", dir + "/log"]).status, 0)
        XCTAssertEqual(countOccurrences(of: Array("\"kind\":\"answer\"".utf8), in: bytes), answered, "every answer is logged")
        XCTAssertGreaterThan(answered, 3 * lines.count - 100)
        // grep, case-insensitive, for every code sent (fixed strings, one pattern a line).
        let patterns = dir + "/hetus.txt"
        FileManager.default.createFile(atPath: patterns, contents: Data(hetus.sorted().joined(separator: "\n").utf8))
        let grep = Process()
        grep.executableURL = URL(fileURLWithPath: "/bin/sh")
        grep.arguments = ["-c", "grep -c -i -F -f \"$1\" \"$2\"", "sh", patterns, dir + "/log"]
        let grepOut = Pipe()
        grep.standardOutput = grepOut
        try grep.run()
        let matches = String(decoding: grepOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        grep.waitUntilExit()
        XCTAssertEqual(grep.terminationStatus, 1, "grep finds a hetu in the log (\(matches.trimmingCharacters(in: .whitespacesAndNewlines)) lines)")
        XCTAssertEqual(matches.trimmingCharacters(in: .whitespacesAndNewlines), "0")
        // And no valid code anywhere, whoever's: every place with six digits and a century sign
        // after them, standing alone (no letter or digit on either side: the hashes and
        // pseudonyms are long runs of hexadecimal digits), is read as a code.
        var found = 0
        bytes.withUnsafeBytes { b in
            let n = b.count
            func alnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
            var i = 1
            while i + 12 <= n {
                if alnum(b[i - 1]) || alnum(b[i + 11]) { i += 1; continue }
                // Six digits, then a century sign: only then is the window parsed.
                if b[i + 6] == 0x2D || b[i + 6] == 0x2B || (b[i + 6] >= 0x41 && b[i + 6] <= 0x46) || (b[i + 6] >= 0x55 && b[i + 6] <= 0x59)
                    || (b[i + 6] >= 0x61 && b[i + 6] <= 0x66) || (b[i + 6] >= 0x75 && b[i + 6] <= 0x79) {
                    var digits = true
                    for k in 0..<6 where b[i + k] < 0x30 || b[i + k] > 0x39 { digits = false; break }
                    if digits {
                        let window = Array(b[i..<(i + 11)]).map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
                        if window.withUnsafeBytes({ Hetu.parse(ascii: $0) }) != nil { found += 1 }
                    }
                }
                i += 1
            }
        }
        XCTAssertEqual(found, 0, "a valid personal identity code appears in the log")
        // The pseudonyms are there.
        XCTAssertGreaterThan(countOccurrences(of: Array("\"pseudonym\":\"".utf8), in: bytes), 9000)
    }

    /// kill -9 in the middle of a logged stream: the log verifies up to its last complete entry,
    /// every answer that reached stdout is in it, and a restart continues the chain.
    func testKillMinus9MidStream() throws {
        let input = caseload(40_000, seed: 51)
        for args in [["serve"], ["serve", "--no-supervisor"], ["serve", "--audit-fsync", "every"]] {
            let log = dir + "/kill-\(args.count)-\(args.last!).log"
            let p = try Running(args + ["--audit-log", log])
            let writer = Thread { p.send(input); p.closeInput() }
            writer.start()
            var received: [[UInt8]] = []
            while received.count < 3000, let l = p.readLine(timeout: 60) { received.append(l) }
            XCTAssertEqual(received.count, 3000, "\(args): answers arrive")
            kill(p.process.processIdentifier, SIGKILL)
            // Whatever else reached the pipe before the kill.
            let fd = p.stdout.fileHandleForReading.fileDescriptor
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            while let l = p.readLine(timeout: 0.5) { received.append(l) }
            _ = p.wait()
            let logged = loggedAnswers(log)
            XCTAssertGreaterThanOrEqual(logged.count, received.count, "\(args)")
            for (i, answer) in received.enumerated() where i < logged.count {
                guard logged[i] == answer else { return XCTFail("\(args): answer \(i + 1) on stdout is not the logged one") }
            }
            // Verifies up to its last complete entry (an incomplete line after it is the cut).
            let bytes = readBytes(log)
            switch AuditVerifier.verify(bytes, key: auditKey, allowOpen: true) {
            case .success(let s): XCTAssertFalse(s.closed)
            case .failure(let problem):
                XCTAssertEqual(problem.kind, .truncated, "\(args): \(problem)")
                XCTAssertEqual(problem.line, splitLines(bytes).count, "\(args): only the last, incomplete line")
            }
            // A restart continues the chain (and says what it found).
            let again = try seula(args + ["--audit-log", log], input: caseload(100, seed: 52))
            XCTAssertEqual(again.status, 0, again.err)
            XCTAssertTrue(again.err.contains("continuing the log"), again.err)
            let verify = try seula(["audit", "verify", log])
            XCTAssertEqual(verify.status, 0, "\(args): \(verify.out)")
            XCTAssertTrue(verify.out.contains("2 sessions (1 after a process was killed)"), verify.out)
            XCTAssertEqual(try seula(["audit", "replay", log]).status, 0)
        }
    }

    /// A log whose last line was cut in the middle (a writer killed while writing it): every
    /// command says so, none takes it for an entry, and the next writer drops it on the record.
    func testATornTailIsReportedNotAccepted() throws {
        let log = dir + "/log"
        XCTAssertEqual(try seula(["serve", "--audit-log", log], input: caseload(20, seed: 5)).status, 0)
        var lines = splitLines(readBytes(log))
        let torn = Array(lines.removeLast().prefix(90))        // the closing checkpoint, cut
        let headBefore = String(decoding: lines.last!.suffix(66).prefix(64), as: UTF8.self)
        FileManager.default.createFile(atPath: log, contents: Data(joinLines(lines) + torn))
        let n = lines.count + 1
        for extra in [[], ["--allow-open"]] {
            let verify = try seula(["audit", "verify", log] + extra)
            XCTAssertEqual(verify.status, 1, "\(extra): \(verify.out)")
            XCTAssertTrue(verify.out.contains("line \(n) (seq \(n)): truncated: the line is incomplete (90 bytes"), verify.out)
        }
        let head = try seula(["audit", "head", "-"], input: readBytes(log))
        XCTAssertEqual(head.status, 0)
        XCTAssertEqual(head.out, headBefore + "\n", "the head is the last complete entry's")
        XCTAssertTrue(head.err.contains("an incomplete last line (90 bytes"), head.err)
        let replay = try seula(["audit", "replay", log])
        XCTAssertEqual(replay.status, 0, replay.out + replay.err)
        XCTAssertTrue(replay.out.contains("line \(n) is incomplete (90 bytes"), replay.out)
        // The next writer drops it, says so, and records it (length and SHA-256) in its open entry.
        let again = try seula(["serve", "--audit-log", log], input: caseload(3, seed: 6))
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertTrue(again.err.contains("an incomplete last line (90 bytes, never answered) was dropped"), again.err)
        let open = try XCTUnwrap(JSONReader.parse(splitLines(readBytes(log))[n - 1]))
        XCTAssertEqual(open["kind"]?.stringValue, "open")
        XCTAssertEqual(open["recovered"]?["dropped_sha256"]?.stringValue, String(decoding: hexSHA256(torn[...]), as: UTF8.self))
        let verify = try seula(["audit", "verify", log])
        XCTAssertEqual(verify.status, 0, verify.out)
        XCTAssertTrue(verify.out.contains("2 sessions (1 after a process was killed)"), verify.out)
    }

    /// With stdin kept open: each answer, when it arrives, is already in the log.
    func testEachAnswerIsLoggedBeforeItArrives() throws {
        for args in [["serve"], ["serve", "--no-supervisor"]] {
            let log = dir + "/interactive-\(args.count).log"
            let p = try Running(args + ["--audit-log", log])
            for (i, line) in (generatedLines(30, seed: 61) + [Array(#"{"op":"stats"}"#.utf8)]).enumerated() {
                p.send(line + [0x0A])
                let answer = try XCTUnwrap(p.readLine(), "\(args): answer \(i + 1)")
                XCTAssertEqual(loggedAnswers(log).last, answer, "\(args): answer \(i + 1) arrived before its entry was written")
            }
            p.closeInput()
            XCTAssertEqual(p.wait(), 0)
            XCTAssertEqual(try seula(["audit", "verify", log]).status, 0)
        }
    }

    /// A line that kills the worker: the supervisor logs the worker's end and the `internal`
    /// answer, and the rest of the stream, in order.
    func testAWorkerDeathIsLogged() throws {
        var input = caseload(300, seed: 71)
        input += Array(#"{"id":"poison","age":30}"#.utf8) + [0x0A] + caseload(50, seed: 72)
        var env = auditEnvironment
        env["SEULA_TEST_TRAP_ON_ID"] = "poison"
        env["SWIFT_BACKTRACE"] = "enable=no"
        let log = dir + "/log"
        let r = try seula(["serve", "--audit-log", log], input: input, environment: env)
        XCTAssertEqual(r.status, 0, r.err)
        let text = String(decoding: readBytes(log), as: UTF8.self)
        XCTAssertTrue(text.contains("\"event\":\"worker_ended\""), "the worker's end is logged")
        XCTAssertTrue(text.contains("\"code\":\"internal\""))
        XCTAssertEqual(loggedAnswers(log).map { String(decoding: $0, as: UTF8.self) }, r.out.split(separator: "\n").map(String.init))
        let verify = try seula(["audit", "verify", log])
        XCTAssertEqual(verify.status, 0, verify.out)
        XCTAssertTrue(verify.out.contains("events"), verify.out)
        let replay = try seula(["audit", "replay", log])
        XCTAssertEqual(replay.status, 0, replay.out)
        XCTAssertTrue(replay.out.contains("ended the worker"), replay.out)
    }

    /// `show`: one client's decisions, by pseudonym or id, explained in the words `seula explain`
    /// gives for the same case (the case is a generated one with a hetu: no criteria ids here).
    func testShowExplainsAClientsDecisions() throws {
        let candidates = generatedLines(200, seed: 91)
        let line = try XCTUnwrap(candidates.first { l in
            guard let v = try? JSONReader.parse(l) else { return false }
            return v["hetu"]?.stringValue != nil && v["id"]?.stringValue != nil
        })
        let id = try XCTUnwrap(JSONReader.parse(line)["id"]?.stringValue)
        let log = dir + "/log"
        // The client's case twice, among others.
        let input = joinLines([line] + Array(candidates.filter { $0 != line }.prefix(20)) + [line])
        let served = try seula(["serve", "--audit-log", log], input: input)
        XCTAssertEqual(served.status, 0, served.err)
        let first = try XCTUnwrap(served.out.split(separator: "\n").first)
        let pseudonym = try XCTUnwrap(JSONReader.parse(Array(first.utf8))["pseudonym"]?.stringValue)
        let caseFile = dir + "/case.json"
        FileManager.default.createFile(atPath: caseFile, contents: Data(line))
        for lang in ["en", "fi"] {
            let explained = try seula(["explain", caseFile, "--lang", lang])
            XCTAssertEqual(explained.status, 0, explained.err)
            for query in [["--pseudonym", pseudonym], ["--id", id]] {
                let show = try seula(["audit", "show", log, "--lang", lang] + query)
                XCTAssertEqual(show.status, 0, show.err)
                XCTAssertEqual(show.out.components(separatedBy: "== log line").count - 1, 2, show.out)
                XCTAssertEqual(show.out.components(separatedBy: "the same record, byte for byte").count - 1, 2, show.out)
                XCTAssertEqual(show.out.components(separatedBy: explained.out).count - 1, 2, "\(lang) \(query[0]): the explanation is explain's\n\(show.out)")
            }
        }
        // As log entries, from stdin.
        let json = try seula(["audit", "show", "-", "--id", id, "--json"], input: readBytes(log))
        XCTAssertEqual(json.status, 0, json.err)
        let entries = json.out.split(separator: "\n")
        XCTAssertEqual(entries.count, 2)
        for e in entries { XCTAssertTrue(e.contains("\"pseudonym\":\"\(pseudonym)\""), String(e)) }
        let nobody = try seula(["audit", "show", log, "--id", "nobody"])
        XCTAssertEqual(nobody.status, 1)
        XCTAssertTrue(nobody.err.contains("no answer for id nobody"), nobody.err)
        XCTAssertEqual(try seula(["audit", "show", log, "--id", id, "--pseudonym", pseudonym]).status, 64, "one of the two")
        XCTAssertEqual(try seula(["audit", "show", log, "--pseudonym", "abc"]).status, 64, "a pseudonym is 64 hex digits")
    }

    func testReplayReportsCriteriaEditedSinceTheLogWasWritten() throws {
        let v2 = dir + "/v2.json"
        try FileManager.default.copyItem(atPath: defaultModelPaths[1], toPath: v2)
        let log = dir + "/log"
        let models = ["--model", defaultModelPaths[0], "--model", v2]
        XCTAssertEqual(try seula(["serve", "--audit-log", log] + models, input: caseload(200, seed: 81)).status, 0)
        XCTAssertEqual(try seula(["audit", "replay", log] + models).status, 0)
        let text = try String(contentsOfFile: v2, encoding: .utf8).replacingOccurrences(of: "\"threshold\": 35", with: "\"threshold\": 30")
        try text.write(toFile: v2, atomically: true, encoding: .utf8)
        let replay = try seula(["audit", "replay", log] + models)
        XCTAssertEqual(replay.status, 1, replay.out)
        XCTAssertTrue(replay.out.contains("criteria missing: seula-default 2.0.0"), replay.out)
        XCTAssertTrue(replay.out.contains("\(v2) is seula-default 2.0.0 with sha256"), replay.out)
        XCTAssertTrue(replay.out.contains("edited after the log was written"), replay.out)
    }

    func testUsageHelpAndExitCodes() throws {
        for command in [["audit", "verify"], ["audit", "head"], ["audit", "replay"], ["audit", "show"]] {
            let help = try seula(command + ["--help"])
            XCTAssertEqual(help.status, 0)
            XCTAssertTrue(help.out.contains("USAGE: seula \(command.joined(separator: " "))"), help.out)
            XCTAssertEqual(try seula(command).status, 64, "\(command) without LOG")
            XCTAssertEqual(try seula(command + [dir + "/missing.log"] + (command[1] == "show" ? ["--id", "x"] : [])).status, 66)
        }
        XCTAssertTrue(try seula(["audit", "--help"]).out.contains("audit verify"))
        XCTAssertTrue(try seula(["serve", "--help"]).out.contains("--audit-log FILE"))
        XCTAssertTrue(try seula(["score", "--help"]).out.contains("--audit-fsync"))
        // No key: refused before anything is read or written.
        var r = try seula(["serve", "--audit-log", dir + "/log"], input: caseload(2, seed: 1), environment: [:])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("SEULA_AUDIT_KEY"), r.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/log"))
        XCTAssertEqual(try seula(["audit", "verify", dir + "/log"], environment: [:]).status, 64)
        XCTAssertEqual(try seula(["serve", "--audit-fsync", "sometimes", "--audit-log", dir + "/log"]).status, 64)
        XCTAssertEqual(try seula(["serve", "--audit-log", "-"]).status, 64, "stdout carries the answers")
        XCTAssertEqual(try seula(["serve", "--audit-fsync", "every"]).status, 64, "an --audit option without --audit-log")
        XCTAssertEqual(try seula(["score", "x.jsonl", "-o", "out.csv", "--audit-log", dir + "/log"]).status, 64, "CSV output keeps no records")
        XCTAssertEqual(try seula(["serve", "--audit-log", dir + "/log", "--audit-key-file", dir + "/nokey"]).status, 66)
        // `--audit-fsync interval MS`, as two words.
        r = try seula(["serve", "--audit-log", dir + "/i.log", "--audit-fsync", "interval", "20"], input: caseload(5, seed: 1))
        XCTAssertEqual(r.status, 0, r.err)
        // A damaged log: refused with exit 65 and the line; verify says exit 1.
        var bytes = readBytes(dir + "/i.log")
        bytes[bytes.count - 40] ^= 1
        FileManager.default.createFile(atPath: dir + "/i.log", contents: Data(bytes))
        r = try seula(["serve", "--audit-log", dir + "/i.log"], input: caseload(5, seed: 1))
        XCTAssertEqual(r.status, 65, r.err)
        XCTAssertTrue(r.err.contains("line 7 (seq 7): edited"), r.err)
        XCTAssertEqual(r.out, "", "nothing answered")
        let verify = try seula(["audit", "verify", dir + "/i.log"])
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.out.contains("line 7 (seq 7): edited"), verify.out)
    }
}
