import Foundation
import SeulaAudit
import SeulaCore
import SeulaCrypto
import SeulaJSON
import SeulaService
import SeulaSynthetic
import XCTest

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let defaultModelPaths = ["models/seula-v1.json", "models/seula-v2.json"].map { packageRoot.appendingPathComponent($0).path }

let auditKey = AuditKey(Array("test-audit-key".utf8))!
let pseudonymKey = Array("test-pseudonym-key".utf8)

/// The default criteria (V1 and V2), loaded once.
let defaultCriteria: CriteriaSet = try! ModelFile.loadSet(defaultModelPaths)

func makeHandler(strict: Bool = false, key: Bool = true, today: String = "2026-03-02", criteria: CriteriaSet = defaultCriteria) -> RequestHandler {
    RequestHandler(criteria: criteria, options: ScoringOptions(strict: strict, pseudonymizer: key ? HMACPseudonymizer(key: pseudonymKey) : nil,
                                                               today: CalendarDate(iso: today)!))
}

func settings(of h: RequestHandler) -> AuditSettings {
    AuditSettings(strict: h.options.strict, today: h.options.today, pseudonymKey: h.options.pseudonymizer != nil, maxLineBytes: 1 << 20)
}

/// The lines of a generated caseload (hetus on ~95 % of cases), without newlines.
func generatedLines(_ n: Int, seed: UInt64, badRate: Double = 0) -> [[UInt8]] {
    let bytes = CaseloadGenerator(GeneratorOptions(count: n, seed: seed, badRate: badRate)).bytes(threads: 2)
    return bytes.split(separator: 0x0A).map(Array.init)
}

/// A scratch directory, removed at the end of the test.
func scratchDirectory(_ test: XCTestCase) -> String {
    let dir = NSTemporaryDirectory() + "seula-audit-tests-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    return dir
}

/// Writes a log the way the daemon does: each line answered by `handler`, logged, in batches.
@discardableResult
func writeLog(_ path: String, _ lines: [[UInt8]], handler: RequestHandler, checkpointEvery: Int = 1000, batch: Int = 256,
              tool: String = "serve") throws -> [[UInt8]] {
    var options = AuditLogWriter.Options()
    options.durability = .none
    options.checkpointEvery = checkpointEvery
    let w = try AuditLogWriter(path: path, key: auditKey, options: options,
                               session: .init(tool: tool, settings: settings(of: handler), criteria: handler.criteria.models.map(ModelRef.init)))
    var answers: [[UInt8]] = []
    for start in stride(from: 0, to: lines.count, by: batch) {
        w.begin()
        for (k, line) in lines[start..<min(lines.count, start + batch)].enumerated() {
            let a = handler.handle(line: line, lineNumber: start + k + 1).bytes
            answers.append(a)
            line.withUnsafeBytes { i in a.withUnsafeBytes { w.add(line: start + k + 1, input: i, answer: $0) } }
        }
        XCTAssertTrue(w.commit())
    }
    XCTAssertTrue(w.close())
    return answers
}

func readBytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

/// The byte offsets where each line starts (and the end), for naming the line of an offset.
func lineStarts(_ bytes: [UInt8]) -> [Int] {
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == 0x0A && i + 1 < bytes.count { starts.append(i + 1) }
    return starts
}

/// The 1-based line holding byte `offset` (a newline belongs to the line it ends).
func lineOf(_ offset: Int, _ starts: [Int]) -> Int {
    var lo = 0, hi = starts.count - 1
    while lo < hi {
        let mid = (lo + hi + 1) / 2
        if starts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo + 1
}

func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
    var out = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    if out.last?.isEmpty == true { out.removeLast() }
    return out
}

func joinLines(_ lines: [[UInt8]]) -> [UInt8] {
    var out: [UInt8] = []
    for l in lines { out += l; out.append(0x0A) }
    return out
}

nonisolated(unsafe) let testHasher = SHA256Hasher()

func hexSHA256(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    let d = bytes.withUnsafeBytes { testHasher.digest($0) }
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in d { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
    return out
}

/// What someone without the key can do: recompute every entry's `prev` and `hash` from line
/// `from` on (0-based), so every link and every entry's own hash match again. Checkpoint MACs
/// stay as they were (or are recomputed with `forgeKey`, a key of the forger's own).
func rechain(_ lines: inout [[UInt8]], from: Int, forgeKey: [UInt8]? = nil, forgedKeyID: String? = nil) {
    var prev: [UInt8] = from == 0 ? Array(AuditFormat.genesis.utf8) : Array(lines[from - 1][(lines[from - 1].count - 66)..<(lines[from - 1].count - 2)])
    for i in from..<lines.count {
        var l = lines[i]
        // {"seq":N,"prev":"<64>" …
        let prevAt = l.firstIndex(of: UInt8(ascii: "p"))! + 7   // `prev":"` → the hex
        l.replaceSubrange(prevAt..<(prevAt + 64), with: prev)
        let body = l.count - 75
        if let forgeKey, String(decoding: l, as: UTF8.self).contains("\"kind\":\"checkpoint\"") {
            if let forgedKeyID {
                let s = String(decoding: l, as: UTF8.self)
                let r = s.range(of: "\"key\":\"")!
                let at = s.utf8.distance(from: s.utf8.startIndex, to: r.upperBound)
                l.replaceSubrange(at..<(at + 16), with: Array(forgedKeyID.utf8))
            }
            let macStart = body - 73
            let mac = Digest.hmacSHA256Hex(key: forgeKey, message: Array(l[0..<macStart]))
            l.replaceSubrange((macStart + 8)..<(macStart + 72), with: Array(mac.utf8))
        }
        let hash = hexSHA256(l[0..<body])
        l.replaceSubrange((l.count - 66)..<(l.count - 2), with: hash)
        lines[i] = l
        prev = hash
    }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { return f } else { return nil } }
    var success: Success? { if case .success(let s) = self { return s } else { return nil } }
}
