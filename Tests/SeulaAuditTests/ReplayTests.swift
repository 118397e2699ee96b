import Foundation
import SeulaAudit
import SeulaCore
import SeulaJSON
import SeulaService
import XCTest

/// Replay: every logged input decided again with the criteria its entry names, byte for byte.
final class ReplayTests: XCTestCase {
    let criteria = defaultModelPaths.map { AuditReplayer.Criteria(path: $0, model: try! ModelFile.load($0)) }

    func testEveryDecisionOfAMixedLogIsReproduced() throws {
        let path = scratchDirectory(self) + "/log"
        var lines = generatedLines(3000, seed: 21, badRate: 0.1)
        lines += [#"{"op":"ping","req":"x"}"#, #"{"op":"model"}"#, #"{"op":"stats"}"#, #"{"op":"score","case":{"id":"s","age":30,"hetu":"131052-308T"},"explain":true,"req":5}"#,
                  #"{"id":"old","assessed_on":"2025-06-01","age":50,"hetu":"131052-308T"}"#, #"{"id":"nodate","age":50,"hetu":"131052-308T"}"#,
                  #"{"id":"future","assessed_on":"2019-01-01","age":50}"#, #"{"op":"nope"}"#].map { Array($0.utf8) }
        try writeLog(path, lines, handler: makeHandler())
        // A second session with other settings: strict, no pseudonym key, another date.
        try writeLog(path, lines, handler: makeHandler(strict: true, key: false, today: "2025-11-30"))
        let report = try XCTUnwrap(AuditReplayer(criteria: criteria).replay(path).success)
        XCTAssertEqual(report.differing, 0, "\(report.differences.first.map { String(decoding: $0.logged, as: UTF8.self) + "\n" + String(decoding: $0.replayed, as: UTF8.self) } ?? "")")
        XCTAssertTrue(report.missing.isEmpty)
        XCTAssertEqual(report.answers, 2 * lines.count)
        let skipped = report.skipped.reduce(0) { $0 + $1.count }
        XCTAssertEqual(report.reproduced.values.reduce(0, +) + skipped, report.answers)
        XCTAssertEqual(report.skipped.first { $0.reason.hasPrefix("stats") }?.count, 2)
        XCTAssertGreaterThan(report.reproduced[.decision] ?? 0, 2800)
        XCTAssertGreaterThan(report.reproduced[.error] ?? 0, 2500, "errors are replayed too (no key in the second session: every hetu is refused)")
    }

    /// A decision edited in the log (and the chain recomputed) is a difference, named by its line.
    func testAnEditedDecisionDiffers() throws {
        let path = scratchDirectory(self) + "/log"
        try writeLog(path, generatedLines(50, seed: 2), handler: makeHandler())
        var lines = splitLines(readBytes(path))
        let at = lines[20].firstRange(of: Array("\"segment\":\"".utf8))!.upperBound
        lines[20][at] = lines[20][at] == UInt8(ascii: "t") ? UInt8(ascii: "p") : UInt8(ascii: "t")
        rechain(&lines, from: 20, forgeKey: Array("test-audit-key".utf8))
        FileManager.default.createFile(atPath: path, contents: Data(joinLines(lines)))
        XCTAssertNotNil(AuditVerifier.verify(readBytes(path), key: auditKey).success, "with the key, the edit verifies — replay still finds it")
        let report = try XCTUnwrap(AuditReplayer(criteria: criteria).replay(path).success)
        XCTAssertEqual(report.differing, 1)
        XCTAssertEqual(report.differences.first?.logLine, 21)
    }

    /// A log written under a criteria file that was edited later: replay says which, and that
    /// the file given has the same version with other bytes.
    func testCriteriaEditedAfterTheLogAreReported() throws {
        let dir = scratchDirectory(self)
        let v2 = dir + "/seula-v2.json"
        try FileManager.default.copyItem(atPath: defaultModelPaths[1], toPath: v2)
        let set = try ModelFile.loadSet([defaultModelPaths[0], v2])
        try writeLog(dir + "/log", generatedLines(40, seed: 3), handler: makeHandler(criteria: set))
        var text = try String(contentsOfFile: v2, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"threshold\": 40", with: "\"threshold\": 41")
        try text.write(toFile: v2, atomically: true, encoding: .utf8)
        let edited = try ModelFile.load(v2)
        XCTAssertNotEqual(edited.sha256, set.models[1].sha256, "the edit changed the file")
        let report = try XCTUnwrap(AuditReplayer(criteria: [.init(path: defaultModelPaths[0], model: set.models[0]), .init(path: v2, model: edited)])
            .replay(dir + "/log").success)
        XCTAssertFalse(report.ok)
        let missing = try XCTUnwrap(report.missing.first)
        XCTAssertEqual(missing.ref.sha256, set.models[1].sha256)
        XCTAssertEqual(missing.edited?.path, v2)
        XCTAssertEqual(missing.entries, 40)
        // With the file as it was, everything is reproduced.
        let again = try XCTUnwrap(AuditReplayer(criteria: criteria).replay(dir + "/log").success)
        XCTAssertTrue(again.ok)
        XCTAssertEqual(again.reproduced[.decision], 40)
    }

    /// A reload: the criteria entry switches replay to the new set.
    func testACriteriaChangeInTheMiddleOfALog() throws {
        let path = scratchDirectory(self) + "/log"
        let h1 = makeHandler(criteria: try CriteriaSet([defaultCriteria.models[1]]))
        let h2 = makeHandler()
        var options = AuditLogWriter.Options()
        options.durability = .none
        let w = try AuditLogWriter(path: path, key: auditKey, options: options,
                                   session: .init(tool: "serve", settings: settings(of: h1), criteria: h1.criteria.models.map(ModelRef.init)))
        let lines = [#"{"id":"a","age":30,"assessed_on":"2025-05-05"}"#, #"{"op":"model"}"#].map { Array($0.utf8) }
        for (h, refs) in [(h1, nil), (h2, h2.criteria.models.map(ModelRef.init))] {
            if let refs { w.criteria(refs, settings: settings(of: h)) }
            w.begin()
            for (i, l) in lines.enumerated() {
                let a = h.handle(line: l, lineNumber: i + 1).bytes
                l.withUnsafeBytes { x in a.withUnsafeBytes { w.add(line: i + 1, input: x, answer: $0) } }
            }
            XCTAssertTrue(w.commit())
        }
        XCTAssertTrue(w.close())
        let report = try XCTUnwrap(AuditReplayer(criteria: criteria).replay(path).success)
        XCTAssertEqual(report.differing, 0)
        XCTAssertEqual(report.reproduced[.error], 1, "2025 is outside V2 alone: out_of_range")
        XCTAssertEqual(report.reproduced[.decision], 1)
        XCTAssertEqual(report.reproduced[.command], 2)
    }
}
