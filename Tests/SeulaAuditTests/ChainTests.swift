import Foundation
import SeulaAudit
import SeulaCore
import SeulaJSON
import XCTest

/// The chain and the checkpoints: every edit, removal, insertion, reordering and truncation is
/// found, and named by the entry it is in.
final class ChainTests: XCTestCase {
    /// A small log: an open entry, decisions and errors, mid checkpoints and the closing one.
    func smallLog() throws -> [UInt8] {
        let dir = scratchDirectory(self)
        let lines: [[UInt8]] = [
            Array(#"{"id":"a","assessed_on":"2026-02-01","age":40}"#.utf8),
            Array(#"{"id":"b","age":"x"}"#.utf8),
            Array(#"not json"#.utf8),
            Array(#"{"op":"ping","req":1}"#.utf8),
        ]
        try writeLog(dir + "/small.log", lines, handler: makeHandler(), checkpointEvery: 2, batch: 2)
        return readBytes(dir + "/small.log")
    }

    func testASmallLogVerifies() throws {
        let log = try smallLog()
        let s = try XCTUnwrap(AuditVerifier.verify(log, key: auditKey).success)
        XCTAssertEqual(s.answers, 4)
        XCTAssertEqual(s.decisions, 1)
        XCTAssertEqual(s.errors, 2)
        XCTAssertEqual(s.commands, 1)
        XCTAssertTrue(s.closed)
        XCTAssertGreaterThanOrEqual(s.checkpoints, 3)
        XCTAssertEqual(s.entries, splitLines(log).count)
    }

    /// Every byte of a small log, changed (two ways), is found — in the entry that holds it.
    func testEverySingleByteChangeIsFoundInItsEntry() throws {
        let log = try smallLog()
        let starts = lineStarts(log)
        var checked = 0
        for offset in 0..<log.count {
            for flip: UInt8 in [0x01, 0x20] {
                var changed = log
                changed[offset] ^= flip
                let problem = try XCTUnwrap(AuditVerifier.verify(changed, key: auditKey).failure,
                                            "a change at byte \(offset) (\(UnicodeScalar(log[offset])) → \(UnicodeScalar(changed[offset]))) went unnoticed")
                XCTAssertEqual(problem.line, lineOf(offset, starts), "byte \(offset): \(problem)")
                checked += 1
            }
        }
        XCTAssertEqual(checked, 2 * log.count)
    }

    // MARK: A log of 10 000 decisions

    static let big: (log: [UInt8], lines: [[UInt8]]) = {
        let dir = NSTemporaryDirectory() + "seula-audit-big-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = generatedLines(10_000, seed: 12)
        _ = try! writeLog(dir + "/big.log", input, handler: makeHandler(), checkpointEvery: 1000, batch: 2048)
        let log = readBytes(dir + "/big.log")
        return (log, splitLines(log))
    }()

    func testTheBigLogVerifies() throws {
        let s = try XCTUnwrap(AuditVerifier.verify(Self.big.log, key: auditKey).success)
        XCTAssertEqual(s.answers, 10_000)
        XCTAssertEqual(s.decisions, 10_000, "every generated case is decided")
        XCTAssertEqual(s.checkpoints, 11, "every 1000 entries (the open entry counts) and the closing one")
        XCTAssertEqual(s.entries, Self.big.lines.count)
        XCTAssertEqual(s.head, String(decoding: Self.big.lines.last!.suffix(66).prefix(64), as: UTF8.self))
    }

    /// Single-byte changes at random places in the 10 000-entry log: each found, in its entry.
    func testSampledSingleByteChangesInTheBigLog() throws {
        var rng = TestRNG(seed: 7)
        let log = Self.big.log
        let starts = lineStarts(log)
        for _ in 0..<60 {
            let offset = Int(rng.next() % UInt64(log.count))
            var changed = log
            changed[offset] = changed[offset] == UInt8(ascii: "5") ? UInt8(ascii: "6") : changed[offset] ^ UInt8(1 + rng.next() % 0x7E)
            if changed[offset] == log[offset] { continue }
            let problem = try XCTUnwrap(AuditVerifier.verify(changed, key: auditKey).failure, "byte \(offset)")
            XCTAssertEqual(problem.line, lineOf(offset, starts), "byte \(offset): \(problem)")
        }
    }

    func testRemovingAnyEntryIsFound() throws {
        let lines = Self.big.lines
        for i in [0, 1, 2, 500, 999, 1000, 1001, 5432, lines.count - 2] {
            var l = lines
            l.remove(at: i)
            let problem = try XCTUnwrap(AuditVerifier.verify(joinLines(l), key: auditKey).failure, "entry \(i + 1) removed")
            XCTAssertEqual(problem.kind, .removed, "\(problem)")
            XCTAssertEqual(problem.seq, i + 1, "\(problem)")
            XCTAssertEqual(problem.line, i + 1, "\(problem)")
        }
        // The last entry (the closing checkpoint): the log ends early.
        var l = lines
        l.removeLast()
        let problem = try XCTUnwrap(AuditVerifier.verify(joinLines(l), key: auditKey).failure)
        XCTAssertEqual(problem.kind, .truncated)
        XCTAssertEqual(problem.line, lines.count - 1)
    }

    func testDuplicatingAnyEntryIsFound() throws {
        let lines = Self.big.lines
        for (i, at) in [(0, 1), (3, 4), (999, 1000), (4000, 4001), (10, 7000), (lines.count - 2, lines.count - 1)] {
            var l = lines
            l.insert(lines[i], at: at)
            let problem = try XCTUnwrap(AuditVerifier.verify(joinLines(l), key: auditKey).failure, "entry \(i + 1) copied to line \(at + 1)")
            XCTAssertEqual(problem.kind, .duplicated, "\(problem)")
            XCTAssertEqual(problem.line, at + 1, "\(problem)")
            XCTAssertEqual(problem.seq, i + 1, "\(problem)")
        }
    }

    func testSwappingAnyTwoEntriesIsFound() throws {
        let lines = Self.big.lines
        for (i, j) in [(0, 1), (1, 2), (500, 501), (998, 999), (1000, 1001), (17, 9000), (lines.count - 2, lines.count - 1)] {
            var l = lines
            l.swapAt(i, j)
            let problem = try XCTUnwrap(AuditVerifier.verify(joinLines(l), key: auditKey).failure, "entries \(i + 1) and \(j + 1) swapped")
            XCTAssertEqual(problem.line, i + 1, "\(problem)")
            XCTAssertEqual(problem.kind, .reordered, "\(problem)")
        }
    }

    func testAnInsertedEntryIsFound() throws {
        // A well-made entry (its own hash and link right) slipped in between entries 4000 and 4001.
        var l = Self.big.lines
        var forged = l[4000]
        let at = forged.firstRange(of: Array("\"segment\":\"".utf8))!.upperBound
        forged[at] = forged[at] == UInt8(ascii: "t") ? UInt8(ascii: "p") : UInt8(ascii: "t")
        l.insert(forged, at: 4000)
        rechain(&l, from: 4000)
        // … and the original entries after it left as they were, so it sits outside the chain.
        l.replaceSubrange(4001..., with: Self.big.lines[4000...])
        let problem = try XCTUnwrap(AuditVerifier.verify(joinLines(l), key: auditKey).failure)
        XCTAssertEqual(problem.kind, .inserted, "\(problem)")
        XCTAssertEqual(problem.line, 4001, "\(problem)")
    }

    func testTruncatingTheTailIsFound() throws {
        let log = Self.big.log
        var rng = TestRNG(seed: 3)
        let starts = lineStarts(log)
        for _ in 0..<20 {
            let cut = log.count - 1 - Int(rng.next() % UInt64(log.count / 2))
            let problem = try XCTUnwrap(AuditVerifier.verify(Array(log[0..<cut]), key: auditKey).failure, "cut at \(cut)")
            XCTAssertEqual(problem.kind, .truncated, "\(problem)")
            // Cut in the middle of a line: that line; cut after a newline: the last whole line.
            let line = log[cut - 1] == 0x0A ? lineOf(cut - 1, starts) : lineOf(cut, starts)
            XCTAssertEqual(problem.line, line, "\(problem)")
        }
    }

    /// Someone who can rewrite the whole file but has no key: edits a decision, recomputes
    /// every hash and link after it — and fails at the first checkpoint after the edit.
    func testAChainForgedWithoutTheKeyFailsAtTheFirstCheckpoint() throws {
        let original = Self.big.lines
        for edited in [5, 2500, 9990] {
            var l = original
            let at = l[edited].firstRange(of: Array("\"segment\":\"".utf8))!.upperBound
            l[edited][at] = l[edited][at] == UInt8(ascii: "t") ? UInt8(ascii: "p") : UInt8(ascii: "t")
            rechain(&l, from: edited)
            // Every entry's own hash and every link now hold …
            XCTAssertNotNil(AuditVerifier.verify(joinLines(l), key: nil).success, "hashes and links alone are recomputed")
            // … but not the first checkpoint after the edit.
            let problem = try XCTUnwrap(AuditVerifier.verify(joinLines(l), key: auditKey).failure)
            let firstCheckpoint = (edited + 1)...
            let expected = l.indices[firstCheckpoint].first { String(decoding: l[$0], as: UTF8.self).contains("\"kind\":\"checkpoint\"") }!
            XCTAssertEqual(problem.kind, .badCheckpoint, "\(problem)")
            XCTAssertEqual(problem.line, expected + 1, "\(problem)")
            XCTAssertTrue(problem.detail.contains("MAC does not match"), problem.detail)
        }
    }

    /// A forger with a key of their own makes checkpoints that verify only under that key.
    func testCheckpointsForgedWithAnotherKeyFail() throws {
        var l = Self.big.lines
        let at = l[300].firstRange(of: Array("\"segment\":\"".utf8))!.upperBound
        l[300][at] = l[300][at] == UInt8(ascii: "t") ? UInt8(ascii: "p") : UInt8(ascii: "t")
        var withOwnID = l
        rechain(&l, from: 300, forgeKey: Array("forger".utf8))
        var problem = try XCTUnwrap(AuditVerifier.verify(joinLines(l), key: auditKey).failure)
        XCTAssertEqual(problem.kind, .badCheckpoint)
        XCTAssertEqual(problem.line, Self.checkpointLines.first { $0 > 301 })
        rechain(&withOwnID, from: 300, forgeKey: Array("forger".utf8), forgedKeyID: AuditKey(Array("forger".utf8))!.id)
        problem = try XCTUnwrap(AuditVerifier.verify(joinLines(withOwnID), key: auditKey).failure)
        XCTAssertEqual(problem.kind, .badCheckpoint)
        XCTAssertTrue(problem.detail.contains("another key"), problem.detail)
        // The forger's own key makes them verify — which is why the key must stay secret.
        XCTAssertNotNil(AuditVerifier.verify(joinLines(withOwnID), key: AuditKey(Array("forger".utf8))!).success)
    }

    /// The head hash, kept outside, finds what the file alone cannot: a log cut back to an
    /// earlier checkpoint and closed again … or rewritten whole with a stolen key.
    func testAnAnchoredHeadFindsEntriesRemovedFromTheEnd() throws {
        let lines = Self.big.lines
        let head = String(decoding: lines.last!.suffix(66).prefix(64), as: UTF8.self)
        XCTAssertNotNil(AuditVerifier.verify(Self.big.log, key: auditKey, anchor: head).success)
        // Cut back to its first 5001 entries: a valid log still being written.
        let cut = Array(lines[0..<5001])
        XCTAssertNotNil(AuditVerifier.verify(joinLines(cut), key: auditKey, allowOpen: true).success, "a shorter log is a valid open log")
        let problem = try XCTUnwrap(AuditVerifier.verify(joinLines(cut), key: auditKey, allowOpen: true, anchor: head).failure)
        XCTAssertEqual(problem.kind, .removed)
    }

    func testAnotherKeyIsNamed() throws {
        let problem = try XCTUnwrap(AuditVerifier.verify(Self.big.log, key: AuditKey(Array("other".utf8))!).failure)
        XCTAssertEqual(problem.kind, .badCheckpoint)
        XCTAssertEqual(problem.line, Self.checkpointLines.first)
        XCTAssertTrue(problem.detail.contains("another key"), problem.detail)
    }

    /// The 1-based lines of the big log's checkpoints.
    static let checkpointLines: [Int] = big.lines.indices.filter { String(decoding: big.lines[$0], as: UTF8.self).contains("\"kind\":\"checkpoint\"") }.map { $0 + 1 }

    func testCheckpointsComeEvery1000EntriesAndAtClose() {
        XCTAssertEqual(Self.checkpointLines, [1001, 2002, 3003, 4004, 5005, 6006, 7007, 8008, 9009, 10010, 10012])
    }
}

/// A small deterministic generator for sampling.
struct TestRNG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
