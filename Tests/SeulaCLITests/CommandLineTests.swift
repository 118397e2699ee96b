import Foundation
import SeulaJSON
import XCTest

/// The command line: help everywhere, usage errors, exit codes 0/64/65/66.
final class CommandLineTests: XCTestCase {
    func testHelpOnEveryCommand() throws {
        let top = try runSeula(["--help"])
        XCTAssertEqual(top.status, 0)
        let commands = top.out.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("COMMANDS") }.dropFirst()
            .prefix { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ")[0] }
        XCTAssertTrue(commands.contains("serve") && commands.contains("score") && commands.contains("explain") && commands.contains("model check"), "\(commands)")
        for command in commands {
            let r = try runSeula(command.split(separator: " ").map(String.init) + ["--help"])
            XCTAssertEqual(r.status, 0, command)
            XCTAssertTrue(r.out.contains("USAGE: seula \(command)"), "\(command) --help:\n\(r.out)")
        }
    }

    /// `-o` and `--report` into something that is not a regular file (here a FIFO; `/dev/null`
    /// in real life) write into it and leave it what it was: a temporary file renamed over it
    /// would replace the device.
    func testOutputIntoAFIFOIsWrittenNotReplaced() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seula-fifo-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = dir.appendingPathComponent("in.jsonl")
        try "{\"id\":\"f1\",\"age\":40}\n{\"id\":\"f2\",\"age\":50}\n".write(to: cases, atomically: true, encoding: .utf8)
        let fifo = dir.appendingPathComponent("out").path
        for command in [["score", cases.path, "-o", fifo, "--today", "2025-06-01"],
                        ["diff", defaultModelPath, defaultModelPath, cases.path, "--report", fifo]] {
            unlink(fifo)
            XCTAssertEqual(mkfifo(fifo, 0o600), 0)
            let received = Collector()
            let reader = Thread {
                var data = Data()
                let fd = open(fifo, O_RDONLY)
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while fd >= 0 {
                    let n = read(fd, &buffer, buffer.count)
                    if n <= 0 { break }
                    data.append(contentsOf: buffer[0..<n])
                }
                if fd >= 0 { close(fd) }
                received.set(data)
            }
            reader.start()
            let r = try runSeula(command)
            XCTAssertEqual(r.status, 0, "\(command[0]): \(r.err)")
            var st = stat()
            XCTAssertEqual(stat(fifo, &st), 0)
            // (When the FIFO was replaced, the reader waits forever on the old one: not waited for.)
            guard st.st_mode & S_IFMT == S_IFIFO else { XCTFail("\(command[0]) replaced the FIFO with a file"); continue }
            let text = String(decoding: received.wait(), as: UTF8.self)
            XCTAssertTrue(text.contains(command[0] == "score" ? "\"id\":\"f2\"" : "<svg"), "\(command[0]) wrote into the FIFO:\n\(text.prefix(300))")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["in.jsonl", "out"], "no temporary file left")
            unlink(fifo)
        }
    }

    func testUsageErrorsExit64() throws {
        XCTAssertEqual(try runSeula([]).status, 64)
        XCTAssertEqual(try runSeula(["frobnicate"]).status, 64)
        XCTAssertEqual(try runSeula(["serve", "--no-such-option"]).status, 64)
        XCTAssertEqual(try runSeula(["model"]).status, 64)
        XCTAssertEqual(try runSeula(["score"]).status, 64)
        let r = try runSeula(["serve", "--max-line-bytes", "many"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.err.contains("--max-line-bytes"), r.err)
    }

    func testExplainExitCodes() throws {
        let ok = try runSeula(["explain", "--today", "2025-06-01"], input: Array("{\"id\":\"e1\",\"age\":40,\"coping\":{\"paying_bills\":3}}".utf8))
        XCTAssertEqual(ok.status, 0)
        XCTAssertTrue(ok.out.contains("segment"), ok.out)
        let json = try runSeula(["explain", "--json", "--today", "2025-06-01"], input: Array("{\"id\":\"e1\",\"age\":40}".utf8))
        XCTAssertEqual(json.status, 0)
        XCTAssertNotNil(try JSONReader.parse(json.out.trimmingCharacters(in: .newlines))["trace"])
        let bad = try runSeula(["explain"], input: Array("{\"id\":\"e2\",\"age\":\"old\"}".utf8))
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.err.contains("invalid_type at age"), bad.err)
        XCTAssertEqual(try runSeula(["explain", "/no/such/case.json"]).status, 66)
    }

    func testModelCheckExitCodes() throws {
        XCTAssertEqual(try runSeula(["model", "check", defaultModelPath]).status, 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seula-mc-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.json")
        let text = try String(contentsOfFile: defaultModelPath, encoding: .utf8)
            .replacingOccurrences(of: "\"threshold\": 40", with: "\"threshold\": \"forty\"")
            .replacingOccurrences(of: "segment == 'tuki'", with: "segment == 'tuk'")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let r = try runSeula(["model", "check", broken.path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.err.contains("coping.threshold"), r.err)
        XCTAssertTrue(r.err.contains("products[1].eligibility"), r.err)
        XCTAssertEqual(try runSeula(["model", "check", "/no/such/model.json"]).status, 66)
        XCTAssertEqual(try runSeula(["serve", "--model", broken.path]).status, 65, "serve refuses an invalid model")
    }
}
