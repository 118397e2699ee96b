import Foundation
import SeulaAudit
import SeulaCore
import SeulaJSON
import XCTest

/// A log is appended to across restarts; a damaged tail is refused, never continued.
final class AppendTests: XCTestCase {
    func write(_ path: String, seed: UInt64, n: Int = 30, checkpointEvery: Int = 10) throws {
        try writeLog(path, generatedLines(n, seed: seed), handler: makeHandler(), checkpointEvery: checkpointEvery, batch: 7)
    }

    func testARestartContinuesTheChain() throws {
        let path = scratchDirectory(self) + "/log"
        try write(path, seed: 1)
        try write(path, seed: 2)
        try write(path, seed: 3, checkpointEvery: 1000)
        let s = try XCTUnwrap(AuditVerifier.verify(readBytes(path), key: auditKey).success)
        XCTAssertEqual(s.sessions, 3)
        XCTAssertEqual(s.answers, 90)
        XCTAssertEqual(s.recoveries, 0)
        XCTAssertTrue(s.closed)
    }

    /// kill -9 in the middle of a write: the last line is cut. Its answer never went out, so the
    /// next writer drops it — and says so in its open entry, inside the chain.
    func testAnIncompleteLastLineIsDroppedAndRecorded() throws {
        let path = scratchDirectory(self) + "/log"
        try write(path, seed: 1)
        var lines = splitLines(readBytes(path))
        lines.removeLast()                       // the closing checkpoint never came …
        var bytes = joinLines(lines)
        let cut = Array(lines[lines.count - 1].prefix(100))
        bytes += cut                             // … and the next entry was cut off
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        try write(path, seed: 2)
        let all = readBytes(path)
        let s = try XCTUnwrap(AuditVerifier.verify(all, key: auditKey).success)
        XCTAssertEqual(s.sessions, 2)
        XCTAssertEqual(s.recoveries, 1)
        let open = try XCTUnwrap(splitLines(all).map { String(decoding: $0, as: UTF8.self) }.last { $0.contains("\"kind\":\"open\"") })
        let recovered = try XCTUnwrap(JSONReader.parse(Array(open.utf8))["recovered"])
        XCTAssertEqual(recovered["dropped_bytes"], .number(JSONNumber(100)))
        XCTAssertEqual(recovered["unclosed_after_seq"], .number(JSONNumber(lines.count)))
        XCTAssertEqual(recovered["dropped_sha256"]?.stringValue, String(decoding: hexSHA256(cut[...]), as: UTF8.self))
    }

    /// Anything else wrong at the end: refused, with the line and what is wrong, and the file
    /// left exactly as it was.
    func testADamagedTailIsRefused() throws {
        let path = scratchDirectory(self) + "/log"
        try write(path, seed: 1)
        let good = readBytes(path)
        let lines = splitLines(good)
        var cases: [(String, [UInt8], String)] = []
        var edited = lines
        edited[lines.count - 3][40] ^= 1
        cases.append(("an edited entry", joinLines(edited), "line \(lines.count - 2) (seq \(lines.count - 2)): edited"))
        var removed = lines
        removed.remove(at: lines.count - 2)
        cases.append(("a removed entry", joinLines(removed), "removed"))
        cases.append(("garbage after the end", good + Array("garbage\n".utf8), "edited"))
        var forged = lines
        forged[lines.count - 5][forged[lines.count - 5].count - 120] ^= 1
        rechain(&forged, from: lines.count - 5)
        cases.append(("a tail rewritten without the key", joinLines(forged), "bad checkpoint"))
        for (what, bytes, expected) in cases {
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            XCTAssertThrowsError(try write(path, seed: 2), what) { error in
                guard case AuditLogError.damaged(let message) = error else { return XCTFail("\(what): \(error)") }
                XCTAssertTrue(message.contains(expected), "\(what): \(message)")
                XCTAssertTrue(message.contains("not appended to"), message)
            }
            XCTAssertTrue(readBytes(path) == bytes, "\(what): the file is untouched")
        }
    }

    func testAnotherKeyIsRefused() throws {
        let path = scratchDirectory(self) + "/log"
        try write(path, seed: 1)
        let before = readBytes(path)
        XCTAssertThrowsError(try AuditLogWriter(path: path, key: AuditKey(Array("other".utf8))!,
                                                session: .init(tool: "serve", settings: settings(of: makeHandler()), criteria: []))) { error in
            XCTAssertTrue("\(error)".contains("another key"), "\(error)")
        }
        XCTAssertEqual(readBytes(path), before)
    }

    func testTwoWritersAreRefused() throws {
        let path = scratchDirectory(self) + "/log"
        let session = AuditLogWriter.Session(tool: "serve", settings: settings(of: makeHandler()), criteria: [])
        let first = try AuditLogWriter(path: path, key: auditKey, session: session)
        XCTAssertThrowsError(try AuditLogWriter(path: path, key: auditKey, session: session)) { error in
            XCTAssertTrue("\(error)".contains("another process is writing"), "\(error)")
        }
        XCTAssertTrue(first.close())
        XCTAssertNotNil(AuditVerifier.verify(readBytes(path), key: auditKey).success)
    }

    func testNotALogIsRefused() throws {
        let path = scratchDirectory(self) + "/log"
        FileManager.default.createFile(atPath: path, contents: Data("hello\nworld\n".utf8))
        XCTAssertThrowsError(try write(path, seed: 1)) { error in
            guard case AuditLogError.damaged = error else { return XCTFail("\(error)") }
        }
    }

    /// Each durability mode writes the same kind of log; `interval` syncs in the background.
    func testDurabilityModes() throws {
        for mode in [AuditLogWriter.Durability.every, .interval(milliseconds: 5), .none] {
            let path = scratchDirectory(self) + "/log"
            var options = AuditLogWriter.Options()
            options.durability = mode
            let h = makeHandler()
            let w = try AuditLogWriter(path: path, key: auditKey, options: options,
                                       session: .init(tool: "serve", settings: settings(of: h), criteria: h.criteria.models.map(ModelRef.init)))
            for (i, line) in generatedLines(20, seed: 4).enumerated() {
                w.begin()
                let a = h.handle(line: line, lineNumber: i + 1).bytes
                line.withUnsafeBytes { l in a.withUnsafeBytes { w.add(line: i + 1, input: l, answer: $0) } }
                XCTAssertTrue(w.commit())
                // Written (in the kernel) before commit returns, in every mode.
                XCTAssertTrue(String(decoding: readBytes(path), as: UTF8.self).contains("\"line\":\(i + 1),"), "\(mode)")
                if case .interval = mode { usleep(2000) }
            }
            XCTAssertTrue(w.close())
            XCTAssertEqual(AuditVerifier.verify(readBytes(path), key: auditKey).success?.answers, 20, "\(mode)")
        }
        XCTAssertEqual(AuditLogWriter.Durability("interval:200"), .interval(milliseconds: 200))
        XCTAssertEqual(AuditLogWriter.Durability("interval"), .interval(milliseconds: 50))
        XCTAssertNil(AuditLogWriter.Durability("sometimes"))
    }
}
