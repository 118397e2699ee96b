#if canImport(Glibc)
import Glibc
#endif
import SeulaCrypto

/// The first thing wrong with a log, by line and sequence number.
public struct AuditProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// An entry's bytes do not match its hash (or it is not an entry at all).
        case edited
        /// Entries are missing.
        case removed
        /// Entries are out of order.
        case reordered
        /// An entry is not part of the chain.
        case inserted
        /// An entry appears twice.
        case duplicated
        /// The log ends in the middle of an entry, or without its closing checkpoint.
        case truncated
        /// A checkpoint's MAC does not verify under the key.
        case badCheckpoint = "bad checkpoint"
        /// The file is not a decision log.
        case notALog = "not a log"
    }

    public var kind: Kind
    /// 1-based line of the entry named.
    public var line: Int
    /// The sequence number that entry has (or should have).
    public var seq: Int
    public var detail: String

    public init(_ kind: Kind, line: Int, seq: Int, _ detail: String) {
        self.kind = kind
        self.line = line
        self.seq = seq
        self.detail = detail
    }

    public var description: String { "line \(line) (seq \(seq)): \(kind.rawValue): \(detail)" }
}

/// What a log holds, once it verifies.
public struct AuditSummary: Sendable {
    public var entries = 0
    public var answers = 0
    public var decisions = 0
    public var errors = 0
    public var commands = 0
    public var sessions = 0
    public var criteriaChanges = 0
    public var events = 0
    public var checkpoints = 0
    public var firstTime: String?
    public var lastTime: String?
    /// The criteria that decided the logged decisions, in order of first use, with counts.
    public var models: [(ModelRef, Int)] = []
    /// The last entry: its hash (the head of the chain, to anchor outside the system), sequence
    /// number and kind.
    public var head = AuditFormat.genesis
    public var headSeq = 0
    /// The log ends with a closing checkpoint.
    public var closed = false
    public var lastCheckpointSeq: Int?
    /// The entry after which a process was killed and the next one recovered (from `open`).
    public var recoveries = 0
}

/// The fixed head every entry starts with.
struct EntryHead {
    enum Kind: String { case open, criteria, answer, event, checkpoint }
    var seq: Int
    var prev: Range<Int>
    var time: Range<Int>
    var kind: Kind
    /// Just past the head (`"kind":"…"`).
    var end: Int

    static let seqKey = Array("{\"seq\":".utf8)
    static let prevKey = Array(",\"prev\":\"".utf8)
    static let timeKey = Array("\",\"time\":\"".utf8)
    static let kindKey = Array("\",\"kind\":\"".utf8)

    /// Parses `{"seq":N,"prev":"<64 hex>","time":"…","kind":"…"`.
    static func parse(_ p: UnsafeRawBufferPointer) -> EntryHead? {
        var i = 0
        func expect(_ lit: [UInt8]) -> Bool {
            guard i + lit.count <= p.count else { return false }
            for k in 0..<lit.count where p[i + k] != lit[k] { return false }
            i += lit.count
            return true
        }
        guard expect(seqKey) else { return nil }
        var seq = 0
        let digitsStart = i
        while i < p.count, p[i] >= 0x30, p[i] <= 0x39, i - digitsStart < 18 { seq = seq * 10 + Int(p[i] - 0x30); i += 1 }
        guard i > digitsStart, expect(prevKey), i + 64 <= p.count else { return nil }
        let prev = i..<(i + 64)
        for k in prev where !AuditFormat.isLowerHex(p[k]) { return nil }
        i += 64
        guard expect(timeKey) else { return nil }
        let timeStart = i
        while i < p.count, p[i] != 0x22 { i += 1 }
        let time = timeStart..<i
        guard expect(kindKey) else { return nil }
        let kindStart = i
        while i < p.count, p[i] != 0x22 { i += 1 }
        guard i < p.count,
              let kind = Kind(rawValue: String(decoding: UnsafeRawBufferPointer(rebasing: p[kindStart..<i]), as: UTF8.self)) else { return nil }
        return EntryHead(seq: seq, prev: prev, time: time, kind: kind, end: i + 1)
    }
}

/// Checks a log line by line: every entry's own hash, every link, every checkpoint's MAC (with
/// the key), and that the log ends with its closing checkpoint. Stops at the first problem and
/// names the entry; reading on only to tell "removed" from "reordered".
///
/// Used by `seula audit verify`, by the writer before it appends to a log, and by the tests.
public final class AuditVerifier {
    public let key: AuditKey?
    /// Accept a log without its closing checkpoint (one being written now).
    public let allowOpen: Bool
    private let anchor: [UInt8]?
    private var anchorSeen = false
    private let sha = SHA256Hasher()

    private var line = 0
    private var expected = 1
    /// The last entry's hash and `prev` (hex).
    private var prev = Array(AuditFormat.genesis.utf8)
    private var prevPrev: [UInt8]? = nil
    private var lastKind: EntryHead.Kind? = nil
    private var lastClose = false
    /// The first 8 bytes of every entry's hash, by sequence number from `firstSeq`.
    private var hashes: [UInt64] = []
    private var firstSeq = 1
    /// Starts at a checkpoint in the middle of a log (the writer checks a tail).
    private let continuing: Bool
    private var problem: AuditProblem?
    /// Entries found missing: read on to see whether they turn up later (then: reordered).
    private var missing: Range<Int>?
    private var missingFoundAt: Int?
    public private(set) var summary = AuditSummary()
    private var modelCounts: [[UInt8]: Int] = [:]
    private var modelOrder: [[UInt8]] = []

    public init(key: AuditKey?, allowOpen: Bool = false, anchor: String? = nil) {
        self.key = key
        self.allowOpen = allowOpen
        self.anchor = anchor.map { Array($0.lowercased().utf8) }
        continuing = false
    }

    /// A verifier for the tail of a log that starts at a checkpoint line (whose place in the
    /// chain is taken from the line itself: everything before it is not read).
    init(key: AuditKey?, continuingAtCheckpointLine: Bool) {
        self.key = key
        allowOpen = true
        anchor = nil
        continuing = continuingAtCheckpointLine
    }

    /// The number of lines fed so far.
    public var lines: Int { line }

    /// The next line, without its newline; `terminated` is false for a last line without one.
    public func feed(_ p: UnsafeRawBufferPointer, terminated: Bool) {
        line += 1
        if problem != nil {
            // Only to classify a gap: does a missing entry turn up later?
            if let m = missing, missingFoundAt == nil, let h = EntryHead.parse(p), m.contains(h.seq) { missingFoundAt = line }
            return
        }
        if let p = check(p, terminated: terminated) { problem = p }
    }

    private func check(_ p: UnsafeRawBufferPointer, terminated: Bool) -> AuditProblem? {
        let n = p.count
        // Lines are entries in order, so an entry's sequence number is its line number (the
        // tail the writer checks starts at the checkpoint's own number).
        let here = continuing && line == 1 ? (EntryHead.parse(p)?.seq ?? expected) : expected
        if continuing && line == 1 { expected = here }
        guard terminated else {
            return AuditProblem(.truncated, line: lineNumber, seq: here,
                                "the line is incomplete (\(n) bytes and no newline): the log was cut in the middle of an entry")
        }
        // 1. The entry's own hash.
        let suffix = AuditFormat.hashSuffixLength
        guard n > suffix + 40, Self.matches(p, at: n - suffix, AuditFormat.hashKey), p[n - 2] == 0x22, p[n - 1] == 0x7D else {
            if !continuing && line == 1 && EntryHead.parse(p) == nil {
                // Neither its start nor its end is an entry's: not a log (one changed byte
                // leaves one of the two intact, and is reported as an edit).
                return AuditProblem(.notALog, line: 1, seq: 1, "not a Seula decision log: its first line is not a log entry")
            }
            return AuditProblem(.edited, line: lineNumber, seq: here, "not a complete log entry (it does not end with its hash): edited, or not an entry at all")
        }
        let hashHex = (n - 66)..<(n - 2)
        for k in hashHex where !AuditFormat.isLowerHex(p[k]) {
            return AuditProblem(.edited, line: lineNumber, seq: here, "its hash is not 64 hexadecimal digits: the entry was edited")
        }
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { sha.digest(UnsafeRawBufferPointer(rebasing: p[0..<(n - suffix)]), into: $0.baseAddress!) }
        var k = hashHex.lowerBound
        for b in digest {
            guard p[k] == AuditFormat.hexDigits[Int(b >> 4)], p[k + 1] == AuditFormat.hexDigits[Int(b & 0xF)] else {
                return AuditProblem(.edited, line: lineNumber, seq: here, "its bytes do not match its hash: the entry was edited")
            }
            k += 2
        }
        guard let head = EntryHead.parse(p) else {
            return AuditProblem(.edited, line: lineNumber, seq: here, "not a log entry (its hash matches, but it does not start {\"seq\":…,\"prev\":…,\"time\":…,\"kind\":…)")
        }
        let hash = Array(p[hashHex])
        let prevField = Array(p[head.prev])
        // 2. Its place in the chain.
        let links = continuing && line == 1 ? true : prevField == prev
        if head.seq != expected || !links {
            return misplaced(head, prevField: prevField, hash: hash, links: links)
        }
        if !continuing && line == 1 && head.kind != .open {
            return AuditProblem(.notALog, line: 1, seq: 1, "the first entry is a '\(head.kind.rawValue)' entry, not 'open': the start of the log was removed or replaced")
        }
        if continuing && line == 1 && head.kind != .checkpoint {
            return AuditProblem(.edited, line: lineNumber, seq: here, "expected a checkpoint here")
        }
        // 3. Checkpoints.
        var close = false
        if head.kind == .checkpoint {
            switch checkpoint(p, head) {
            case .failure(let problem): return problem
            case .success(let c): close = c
            }
        }
        // Accepted.
        summary.entries += 1
        if summary.firstTime == nil { summary.firstTime = String(decoding: UnsafeRawBufferPointer(rebasing: p[head.time]), as: UTF8.self) }
        switch head.kind {
        case .open:
            summary.sessions += 1
            if Self.find(p, Self.recoveredKey, from: head.end) != nil { summary.recoveries += 1 }
        case .criteria: summary.criteriaChanges += 1
        case .event: summary.events += 1
        case .checkpoint:
            summary.checkpoints += 1
            summary.lastCheckpointSeq = head.seq
        case .answer: countAnswer(p, head)
        }
        if hashes.isEmpty { firstSeq = head.seq }
        hashes.append(Self.prefix(hash))
        prevPrev = prevField
        prev = hash
        lastKind = head.kind
        lastClose = close
        summary.headSeq = head.seq
        lastLine = lineNumber
        summary.lastTime = String(decoding: UnsafeRawBufferPointer(rebasing: p[head.time]), as: UTF8.self)
        if let anchor, hash == anchor { anchorSeen = true }
        expected = head.seq + 1
        return nil
    }

    /// The line being checked: in an intact log, its sequence number.
    private var lineNumber: Int { continuing ? expected : line }
    private var lastLine = 0

    /// An intact entry in the wrong place: what happened around it.
    private func misplaced(_ head: EntryHead, prevField: [UInt8], hash: [UInt8], links: Bool) -> AuditProblem {
        let s = head.seq
        let at = lineNumber
        if s > expected {
            if links {
                return AuditProblem(.edited, line: at, seq: expected, "its sequence number is \(s), not \(expected), though it links to the entry before it: it was rewritten with a recomputed hash")
            }
            missing = expected..<s
            let range = s - 1 == expected ? "entry \(expected) is" : "entries \(expected)–\(s - 1) are"
            return AuditProblem(.removed, line: at, seq: expected, "\(range) missing before this line (which holds seq \(s))")
        }
        if s < expected {
            if s >= firstSeq, s - firstSeq < hashes.count, hashes[s - firstSeq] == Self.prefix(hash) {
                return AuditProblem(.duplicated, line: at, seq: s, "it repeats the entry of line \(s) (seq \(s))")
            }
            if s == expected - 1, let pp = prevPrev, prevField == pp {
                return AuditProblem(.inserted, line: at - 1, seq: s,
                                    "line \(at - 1) is not part of the chain: the entry after it (line \(at)) has the same sequence number \(s) and links to the entry before it")
            }
            return AuditProblem(.reordered, line: at, seq: s, "it holds entry seq \(s), which belongs before this line (expected seq \(expected)): entries are out of order")
        }
        return AuditProblem(.edited, line: at - 1, seq: s - 1,
                            "the entry after it (line \(at)) does not link to it: one of the two was rewritten with a recomputed hash")
    }

    static let closeKey = Array(",\"close\":".utf8)
    static let keyKey = Array(",\"key\":\"".utf8)
    static let recoveredKey = Array(",\"recovered\":".utf8)

    /// Checks a checkpoint's layout, key and MAC; whether it closes the log.
    private func checkpoint(_ p: UnsafeRawBufferPointer, _ head: EntryHead) -> Result<Bool, AuditProblem> {
        let n = p.count
        let at = lineNumber
        func bad(_ why: String) -> Result<Bool, AuditProblem> { .failure(AuditProblem(.badCheckpoint, line: at, seq: head.seq, why)) }
        var i = head.end
        guard Self.matches(p, at: i, Self.closeKey) else { return bad("not a checkpoint entry (no close member)") }
        i += Self.closeKey.count
        let close: Bool
        if Self.matches(p, at: i, Array("true".utf8)) { close = true; i += 4 } else if Self.matches(p, at: i, Array("false".utf8)) { close = false; i += 5 } else { return bad("not a checkpoint entry") }
        guard Self.matches(p, at: i, Self.keyKey) else { return bad("not a checkpoint entry (no key member)") }
        i += Self.keyKey.count
        let idStart = i
        while i < n, p[i] != 0x22 { i += 1 }
        let id = String(decoding: UnsafeRawBufferPointer(rebasing: p[idStart..<i]), as: UTF8.self)
        let macStart = n - AuditFormat.hashSuffixLength - AuditFormat.macLength
        guard i + 1 == macStart, Self.matches(p, at: macStart, AuditFormat.macKey), p[macStart + 72] == 0x22 else {
            return bad("not a checkpoint entry (no MAC where it belongs)")
        }
        guard let key else { return .success(close) }
        guard id == key.id else {
            return bad("it was made with another key (key id \(id); the key given has id \(key.id)): give the log's key, or the checkpoint was forged")
        }
        var mac = [UInt8](repeating: 0, count: 32)
        mac.withUnsafeMutableBufferPointer { key.mac(UnsafeRawBufferPointer(rebasing: p[0..<macStart]), into: $0.baseAddress!) }
        var k = macStart + 8
        for b in mac {
            guard p[k] == AuditFormat.hexDigits[Int(b >> 4)], p[k + 1] == AuditFormat.hexDigits[Int(b & 0xF)] else {
                return bad("its MAC does not match the chain before it: entries before it were rewritten and their hashes recomputed (without the key), or the checkpoint was forged")
            }
            k += 2
        }
        return .success(close)
    }

    static let lineKey = Array(",\"line\":".utf8)
    static let resultKey = Array(",\"result\":\"".utf8)
    static let modelKey = Array("\",\"model\":".utf8)

    private func countAnswer(_ p: UnsafeRawBufferPointer, _ head: EntryHead) {
        summary.answers += 1
        guard let r = Self.find(p, Self.resultKey, from: head.end) else { return }
        let start = r + Self.resultKey.count
        if Self.matches(p, at: start, Array("decision".utf8)) {
            summary.decisions += 1
            guard let m = Self.find(p, Self.modelKey, from: start) else { return }
            let j = JSONBytes(p)
            let v = m + Self.modelKey.count
            guard v < p.count, p[v] == 0x7B, let end = j.valueEnd(v) else { return }
            let bytes = Array(p[v..<end])
            if modelCounts[bytes] == nil { modelOrder.append(bytes) }
            modelCounts[bytes, default: 0] += 1
        } else if Self.matches(p, at: start, Array("error".utf8)) {
            summary.errors += 1
        } else {
            summary.commands += 1
        }
    }

    /// The verdict, once every line is fed.
    public func finish() -> Result<AuditSummary, AuditProblem> {
        if var p = problem {
            if p.kind == .removed, let found = missingFoundAt {
                p = AuditProblem(.reordered, line: p.line, seq: p.seq,
                                 "entry seq \(p.seq) belongs at this line but is at line \(found): entries are out of order")
            }
            return .failure(p)
        }
        guard summary.entries > 0 else { return .failure(AuditProblem(.notALog, line: 1, seq: 1, "the log is empty")) }
        summary.head = String(decoding: prev, as: UTF8.self)
        summary.closed = lastKind == .checkpoint && lastClose
        summary.models = modelOrder.compactMap { bytes in
            let ref = bytes.withUnsafeBytes { b -> ModelRef? in
                guard let m = JSONBytes(b).members() else { return nil }
                var id: String?, version: String?, sha: String?
                for (k, v) in m {
                    let s = JSONBytes(b).decodeString(v)
                    switch k { case "id": id = s; case "version": version = s; case "sha256": sha = s; default: break }
                }
                guard let id, let version, let sha else { return nil }
                return ModelRef(id: id, version: version, sha256: sha)
            }
            return ref.map { ($0, modelCounts[bytes]!) }
        }
        if !summary.closed && !allowOpen {
            let last = summary.lastCheckpointSeq.map { "; its last checkpoint is at line \($0)" } ?? "; it has no checkpoint"
            return .failure(AuditProblem(.truncated, line: lastLine, seq: summary.headSeq,
                                         "the log ends here without its closing checkpoint: its writer was killed (kill -9, a power cut) and never restarted on it, or entries were removed from its end\(last) (--allow-open accepts a log still being written)"))
        }
        if anchor != nil && !anchorSeen {
            return .failure(AuditProblem(.removed, line: lastLine, seq: summary.headSeq,
                                         "the anchored head is not the hash of any entry: entries were removed from the end, or the log was rewritten"))
        }
        return .success(summary)
    }

    // MARK: helpers

    /// True when the line starts like an `answer` entry (a quick test, before reading it).
    public static func isAnswerEntry(_ p: UnsafeRawBufferPointer) -> Bool {
        EntryHead.parse(p)?.kind == .answer
    }

    static func matches(_ p: UnsafeRawBufferPointer, at i: Int, _ lit: [UInt8]) -> Bool {
        guard i >= 0, i + lit.count <= p.count else { return false }
        for k in 0..<lit.count where p[i + k] != lit[k] { return false }
        return true
    }

    static func find(_ p: UnsafeRawBufferPointer, _ lit: [UInt8], from: Int) -> Int? {
        guard let base = p.baseAddress, !lit.isEmpty else { return nil }
        var i = from
        while i + lit.count <= p.count {
            guard let hit = memchr(base + i, Int32(lit[0]), p.count - lit.count - i + 1) else { return nil }
            let k = base.distance(to: UnsafeRawPointer(hit))
            if matches(p, at: k, lit) { return k }
            i = k + 1
        }
        return nil
    }

    static func prefix(_ hex: [UInt8]) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<16 {
            let c = hex[k]
            v = v << 4 | UInt64(c <= 0x39 ? c - 0x30 : c - 0x61 + 10)
        }
        return v
    }
}

extension AuditVerifier {
    /// Verifies a whole log held in memory (tests; small logs).
    public static func verify(_ bytes: [UInt8], key: AuditKey?, allowOpen: Bool = false, anchor: String? = nil) -> Result<AuditSummary, AuditProblem> {
        let v = AuditVerifier(key: key, allowOpen: allowOpen, anchor: anchor)
        bytes.withUnsafeBytes { v.feedAll($0) }
        return v.finish()
    }

    /// Feeds every line of `bytes` (a last line without a newline is fed as such).
    public func feedAll(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        let n = bytes.count
        guard let base = bytes.baseAddress else { return }
        while start < n {
            if let hit = memchr(base + start, 0x0A, n - start) {
                let end = base.distance(to: UnsafeRawPointer(hit))
                feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), terminated: true)
                start = end + 1
            } else {
                feed(UnsafeRawBufferPointer(rebasing: bytes[start..<n]), terminated: false)
                return
            }
        }
    }
}
