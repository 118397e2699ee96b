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
