#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaCrypto
import SeulaJSON

/// Why a log cannot be written.
public enum AuditLogError: Error, CustomStringConvertible, Sendable {
    /// The existing log is damaged (or under another key): refused, never continued (exit 65).
    case damaged(String)
    /// The file cannot be opened, locked or written (exit 1).
    case unusable(String)

    public var description: String {
        switch self {
        case .damaged(let s), .unusable(let s): return s
        }
    }
}

/// Appends entries to a decision log (`AuditFormat`): one `answer` entry per answer the
/// transport is about to write, a checkpoint every `checkpointEvery` entries and at close.
///
/// Use: `begin()`, `add(…)` for each answer of a batch, `commit()` — which returns only once the
/// batch's entries are written as the durability mode says (the transport writes the answers
/// after it, never before). Calls come from one thread at a time (the transports call it in
/// output order); a background thread does the periodic fdatasync of the `interval` mode.
///
/// Opening an existing log checks its tail (from its last checkpoint but one, MACs included) and
/// continues the chain from its last entry. A last line without its newline — a write cut off by
/// `kill -9`: its answer was never sent — is dropped, and the new `open` entry records how many
/// bytes and their SHA-256. Anything else wrong with the tail is refused.
public final class AuditLogWriter: @unchecked Sendable {
    /// When an entry counts as written, before its answer goes out.
    public enum Durability: Equatable, Sendable, CustomStringConvertible {
        /// `write(2)` and `fdatasync(2)` before the answers (on disk; one sync per batch).
        case every
        /// `write(2)` before the answers (in the kernel: survives the process); every `ms`
        /// milliseconds and at close, one `fdatasync(2)` for everything written since.
        case interval(milliseconds: Int)
        /// `write(2)` before the answers; the kernel writes it to disk when it likes.
        case none

        /// `every`, `none`, `interval` (50 ms), `interval:MS` or `interval=MS`.
        public init?(_ text: String) {
            switch text {
            case "every": self = .every
            case "none": self = .none
            case "interval": self = .interval(milliseconds: 50)
            default:
                guard text.hasPrefix("interval:") || text.hasPrefix("interval="),
                      let ms = Int(text.dropFirst("interval:".count)), ms >= 1, ms <= 3_600_000 else { return nil }
                self = .interval(milliseconds: ms)
            }
        }

        public var description: String {
            switch self {
            case .every: return "every"
            case .none: return "none"
            case .interval(let ms): return "interval \(ms) ms"
            }
        }
    }

    public struct Options: Sendable {
        public var durability: Durability = .interval(milliseconds: 50)
        /// A checkpoint after this many entries …
        public var checkpointEvery = 1000
        /// … or at the first batch this many seconds after the last one.
        public var checkpointSeconds = 60.0
        public init() {}
    }

    /// Who appends and with what: the `open` entry.
    public struct Session: Sendable {
        public var tool: String
        public var settings: AuditSettings
        public var criteria: [ModelRef]
        /// `score`'s input file.
        public var inputFile: String?

        public init(tool: String, settings: AuditSettings, criteria: [ModelRef], inputFile: String? = nil) {
            self.tool = tool
            self.settings = settings
            self.criteria = criteria
            self.inputFile = inputFile
        }
    }

    /// What opening the log found and repaired (reported on stderr by the caller, and recorded
    /// in the `open` entry).
    public struct Recovery: Sendable {
        /// The previous process ended without its closing checkpoint after this entry.
        public var unclosedAfterSeq: Int?
        /// Bytes of an incomplete last line, dropped.
        public var droppedBytes = 0
        public var droppedSHA256: String?
    }

    public let path: String
    public let options: Options
    public private(set) var recovery: Recovery?
    private let key: AuditKey
    private let fd: Int32
    private let lock = NSLock()
    private let sha = SHA256Hasher()
    private var seq: Int
    /// The last entry's hash, as 64 hex digits.
    private var prev: [UInt8]
    private var settings: AuditSettings
    private var writer: JSONWriter
    private let scratch = ByteBuffer(capacity: 1 << 16)
    private var time: [UInt8] = []
    private var sinceCheckpoint = 0
    private var lastCheckpoint = Date()
    private var closed = false
    private var failure: String?
    /// Written and not yet synced (the `interval` mode).
    private var unsynced = false
    private let syncCondition = NSCondition()
    private var syncStop = false
    private var syncRunning = false

    /// The first failure to write or sync, for the caller's message.
    public var failureMessage: String? {
        lock.lock(); defer { lock.unlock() }
        return failure
    }

    /// Opens (or creates) the log, checks and continues its chain, and writes the `open` entry.
    /// Call `close()` at the end (the closing checkpoint; it also ends the sync thread).
    public init(path: String, key: AuditKey, options: Options = Options(), session: Session) throws(AuditLogError) {
        self.path = path
        self.options = options
        self.key = key
        settings = session.settings
        writer = JSONWriter(capacity: 1 << 20)
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .unusable("\(path): cannot open the audit log: \(String(cString: strerror(errno)))") }
        self.fd = fd
        var ok = false
        defer { if !ok { Glibc.close(fd) } }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            throw .unusable("\(path): another process is writing this audit log (it is locked); two writers would break its chain")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .unusable("\(path): cannot read the audit log: \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .unusable("\(path): the audit log must be a regular file") }
        let size = Int(st.st_size)
        if size == 0 {
            seq = 0
            prev = Array(AuditFormat.genesis.utf8)
            Self.syncDirectory(of: path, options.durability)
        } else {
            let last = try Self.checkTail(path: path, fd: fd, size: size, key: key)
            seq = last.seq
            prev = last.hash
            recovery = last.recovery
            if let r = last.recovery, r.droppedBytes > 0 {
                guard ftruncate(fd, off_t(size - r.droppedBytes)) == 0 else {
                    throw .unusable("\(path): cannot drop the incomplete last line: \(String(cString: strerror(errno)))")
                }
            }
        }
        time = Array(AuditFormat.utcNow().utf8)
        writeOpen(session)
        guard commitLocked() else { throw .unusable(failure ?? "\(path): cannot write") }
        ok = true
        if case .interval(let ms) = options.durability {
            syncRunning = true
            let t = Thread { [self] in syncLoop(ms) }
            t.name = "seula-audit-sync"
            t.start()
        }
    }

    deinit {
        if !closed { Glibc.close(fd) }
    }

    // MARK: Batches

    /// Starts a batch: its entries carry this moment's time.
    public func begin() {
        lock.lock()
        time = Array(AuditFormat.utcNow().utf8)
        lock.unlock()
    }

    static let errorPrefix = Array("{\"error\":{\"code\":\"".utf8)
    static let recordPrefix = Array("{\"counterfactual\":".utf8)
    static let modelKey = Array(",\"model\":{".utf8)
    static let pseudonymKey = Array(",\"pseudonym\":\"".utf8)
    /// Answers whose line is not kept: not JSON (it may hold a hetu anywhere), over the length
    /// limit (only a prefix was read), an unreadable CSV row, a line that ended the worker.
    static let inputNotKept: Set<String> = ["invalid_json", "line_too_long", "invalid_csv", "internal"]

    /// The first `needle` in `p`, looking for its byte at `anchor` (a rare one) with memchr.
    static func find(_ p: UnsafeRawBufferPointer, _ needle: [UInt8], anchor: Int) -> Int? {
        guard let base = p.baseAddress, p.count >= needle.count else { return nil }
        var from = anchor
        let last = p.count - (needle.count - anchor)
        while from <= last, let hit = memchr(base + from, Int32(needle[anchor]), last - from + 1) {
            let k = base.distance(to: UnsafeRawPointer(hit)) - anchor
            if AuditVerifier.matches(p, at: k, needle) { return k }
            from = k + anchor + 1
        }
        return nil
    }

    /// One answer and the input line it answers (JSON; nil when there is none to keep).
    public func add(line number: Int, input: UnsafeRawBufferPointer?, answer: UnsafeRawBufferPointer) {
        lock.lock()
        defer { lock.unlock() }
        let start = head("answer")
        writer.raw(",\"line\":")
        writer.int(number)
        let j = JSONBytes(answer)
        var keepInput = input != nil
        var model: Range<Int>? = nil
        var pseudonym: Range<Int>? = nil
        if AuditVerifier.matches(answer, at: 0, Self.recordPrefix) {
            writer.raw(",\"result\":\"decision\"")
            if let m = Self.find(answer, Self.modelKey, anchor: 2) {
                let v = m + Self.modelKey.count - 1
                if let end = j.valueEnd(v) { model = v..<end }
            }
            if let p = Self.find(answer, Self.pseudonymKey, anchor: 9) {
                let v = p + Self.pseudonymKey.count - 1
                if let end = j.stringEnd(v) { pseudonym = v..<end }
            }
        } else if AuditVerifier.matches(answer, at: 0, Self.errorPrefix) {
            writer.raw(",\"result\":\"error\"")
            var end = Self.errorPrefix.count
            while end < answer.count, answer[end] != 0x22 { end += 1 }
            let code = String(decoding: UnsafeRawBufferPointer(rebasing: answer[Self.errorPrefix.count..<end]), as: UTF8.self)
            if Self.inputNotKept.contains(code) { keepInput = false }
        } else {
            writer.raw(",\"result\":\"command\"")
        }
        writer.raw(",\"model\":")
        if let model { writer.buffer.append(answer.baseAddress! + model.lowerBound, count: model.count) } else { writer.null() }
        writer.raw(",\"pseudonym\":")
        if let pseudonym { writer.buffer.append(answer.baseAddress! + pseudonym.lowerBound, count: pseudonym.count) } else { writer.null() }
        scratch.removeAll()
        var redaction: InputRedactor.Result? = nil
        if keepInput, let input { redaction = InputRedactor.redact(input, today: settings.today, into: scratch) }
        // Text shaped like a personal identity code left anywhere after the `hetu` members are
        // removed: the input is withheld, whole.
        if redaction != nil, scratch.withUnsafeBytes({ InputRedactor.containsHetuShape($0) }) {
            redaction = nil
            writer.raw(",\"input_withheld\":\"hetu_shaped_text\"")
        }
        if let redaction, let standIn = redaction.standIn {
            writer.raw(",\"hetu_removed\":")
            standIn.write(path: redaction.path, &writer)
        }
        writer.raw(",\"input\":")
        if redaction != nil { scratch.withUnsafeBytes { writer.buffer.append($0.baseAddress!, count: $0.count) } } else { writer.null() }
        writer.raw(",\"answer\":")
        if answer.count >= 2, answer[0] == 0x7B, answer[answer.count - 1] == 0x7D {
            writer.buffer.append(answer.baseAddress!, count: answer.count)
        } else {
            // Not a JSON object (never from the daemon): kept as text, so the entry stays JSON.
            writer.string(String(decoding: answer, as: UTF8.self))
        }
        finish(start)
    }

    /// Something the transport did that is not an answer (a worker ended): written at once.
    @discardableResult
    public func event(_ name: String, _ detail: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        time = Array(AuditFormat.utcNow().utf8)
        let start = head("event")
        writer.raw(",\"event\":")
        writer.string(name)
        writer.raw(",\"detail\":")
        writer.string(detail)
        finish(start)
        return commitLocked()
    }

    /// New criteria (or settings) answer the lines that follow: written at once.
    @discardableResult
    public func criteria(_ refs: [ModelRef], settings: AuditSettings) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        self.settings = settings
        time = Array(AuditFormat.utcNow().utf8)
        let start = head("criteria")
        writer.raw(",\"settings\":")
        settings.write(&writer)
        writer.raw(",\"criteria\":")
        Self.write(refs, &writer)
        finish(start)
        return commitLocked()
    }

    /// Writes the batch as the durability mode says; false when it could not (then nothing more
    /// is written, and the transport must not write the batch's answers).
    public func commit() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if sinceCheckpoint > 0 && Date().timeIntervalSince(lastCheckpoint) >= options.checkpointSeconds { checkpoint(close: false) }
        return commitLocked()
    }

    /// The closing checkpoint, a last sync, and the file closed. False when it failed.
    @discardableResult
    public func close() -> Bool {
        // The sync thread ends first (it must not sync a descriptor about to be closed).
        syncCondition.lock()
        syncStop = true
        syncCondition.broadcast()
        while syncRunning { syncCondition.wait() }
        syncCondition.unlock()
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return failure == nil }
        if failure == nil {
            time = Array(AuditFormat.utcNow().utf8)
            checkpoint(close: true)
            if commitLocked(), options.durability != .none, fdatasync(fd) != 0 {
                failure = "\(path): cannot sync the audit log to disk: \(String(cString: strerror(errno)))"
            }
        }
        closed = true
        Glibc.close(fd)
        return failure == nil
    }

    // MARK: Entries

    /// `{"seq":N,"prev":"…","time":"…","kind":"…"`; the entry's start in the buffer.
    private func head(_ kind: StaticString) -> Int {
        let start = writer.count
        seq += 1
        writer.raw("{\"seq\":")
        writer.int(seq)
        writer.raw(",\"prev\":\"")
        writer.raw(prev)
        writer.raw("\",\"time\":\"")
        writer.raw(time)
        writer.raw("\",\"kind\":\"")
        writer.raw(kind)
        writer.raw("\"")
        return start
    }

    /// `,"hash":"…"}` and the newline; the hash becomes the next entry's `prev`.
    private func finish(_ start: Int, countsTowardCheckpoint: Bool = true) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
            writer.buffer.withUnsafeBytes { b in
                sha.digest(UnsafeRawBufferPointer(rebasing: b[start..<b.count]), into: digest.baseAddress!)
            }
            for i in 0..<32 {
                prev[2 * i] = AuditFormat.hexDigits[Int(digest[i] >> 4)]
                prev[2 * i + 1] = AuditFormat.hexDigits[Int(digest[i] & 0xF)]
            }
        }
        writer.raw(",\"hash\":\"")
        writer.raw(prev)
        writer.raw("\"}\n")
        if countsTowardCheckpoint {
            sinceCheckpoint += 1
            if sinceCheckpoint >= options.checkpointEvery { checkpoint(close: false) }
        }
    }

    /// A checkpoint: the MAC of its own bytes so far, which hold `prev`, the head of the chain.
    private func checkpoint(close: Bool) {
        let start = head("checkpoint")
        writer.raw(",\"close\":")
        writer.bool(close)
        writer.raw(",\"key\":\"")
        writer.raw(Array(key.id.utf8))
        writer.raw("\"")
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { mac in
            writer.buffer.withUnsafeBytes { b in key.mac(UnsafeRawBufferPointer(rebasing: b[start..<b.count]), into: mac.baseAddress!) }
            writer.raw(",\"mac\":\"")
            AuditFormat.appendHex(UnsafePointer(mac.baseAddress!), count: 32, to: writer.buffer)
        }
        writer.raw("\"")
        sinceCheckpoint = 0
        lastCheckpoint = Date()
        finish(start, countsTowardCheckpoint: false)
    }

    private func writeOpen(_ session: Session) {
        let start = head("open")
        writer.raw(",\"format\":")
        writer.string(AuditFormat.name)
        writer.raw(",\"tool\":")
        writer.string(session.tool)
        writer.raw(",\"settings\":")
        session.settings.write(&writer)
        writer.raw(",\"criteria\":")
        Self.write(session.criteria, &writer)
        if let file = session.inputFile {
            writer.raw(",\"input_file\":")
            writer.string(file)
        }
        if let r = recovery {
            writer.raw(",\"recovered\":{\"dropped_bytes\":")
            writer.int(r.droppedBytes)
            writer.raw(",\"dropped_sha256\":")
            if let s = r.droppedSHA256 { writer.string(s) } else { writer.null() }
            writer.raw(",\"unclosed_after_seq\":")
            if let s = r.unclosedAfterSeq { writer.int(s) } else { writer.null() }
            writer.raw("}")
        }
        finish(start)
    }

    static func write(_ refs: [ModelRef], _ w: inout JSONWriter) {
        w.raw("[")
        for (i, r) in refs.enumerated() {
            if i > 0 { w.raw(",") }
            r.write(&w)
        }
        w.raw("]")
    }

    // MARK: Writing

    private func commitLocked() -> Bool {
        if failure != nil || closed { writer = JSONWriter(reusing: writer.buffer); return false }
        let ok: Bool = writer.buffer.withUnsafeBytes { b in
            var offset = 0
            while offset < b.count {
                let n = Glibc.write(fd, b.baseAddress! + offset, b.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "\(path): cannot write the audit log: \(String(cString: strerror(errno)))"
                    return false
                }
                offset += n
            }
            return true
        }
        let wrote = writer.count > 0
        writer = JSONWriter(reusing: writer.buffer)
        guard ok else { return false }
        switch options.durability {
        case .every:
            if wrote && fdatasync(fd) != 0 {
                failure = "\(path): cannot sync the audit log to disk: \(String(cString: strerror(errno)))"
                return false
            }
        case .interval:
            if wrote {
                syncCondition.lock()
                unsynced = true
                syncCondition.unlock()
            }
        case .none:
            break
        }
        return true
    }

    /// The `interval` mode: one fdatasync every `ms` for whatever was written since the last.
    private func syncLoop(_ ms: Int) {
        while true {
            syncCondition.lock()
            _ = syncCondition.wait(until: Date().addingTimeInterval(Double(ms) / 1000))
            let stop = syncStop
            let due = unsynced
            unsynced = false
            if stop {
                syncRunning = false
                syncCondition.broadcast()
                syncCondition.unlock()
                return
            }
            syncCondition.unlock()
            if due && fdatasync(fd) != 0 {
                let e = errno
                lock.lock()
                if failure == nil && !closed { failure = "\(path): cannot sync the audit log to disk: \(String(cString: strerror(e)))" }
                lock.unlock()
            }
        }
    }

    /// Makes a new log's directory entry durable too.
    static func syncDirectory(of path: String, _ durability: Durability) {
        guard durability != .none else { return }
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let d = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if d >= 0 {
            _ = fsync(d)
            Glibc.close(d)
        }
    }

    // MARK: Continuing a log

    /// Checks the tail of an existing log (from its last checkpoint but one) and returns where the chain
    /// goes on; throws when it must not be continued.
    static func checkTail(path: String, fd: Int32, size: Int, key: AuditKey) throws(AuditLogError) -> (seq: Int, hash: [UInt8], recovery: Recovery?) {
        guard let (start, bytes) = AuditLogFile.tail(fd, size: size) else {
            throw .unusable("\(path): cannot read the audit log: \(String(cString: strerror(errno)))")
        }
        // A last line without its newline: a write cut off (its answer never went out).
        var complete = bytes.count
        while complete > 0 && bytes[complete - 1] != 0x0A { complete -= 1 }
        let partial = bytes.count - complete
        let verifier = start == 0 ? AuditVerifier(key: key, allowOpen: true) : AuditVerifier(key: key, continuingAtCheckpointLine: true)
        bytes.withUnsafeBytes { verifier.feedAll(UnsafeRawBufferPointer(rebasing: $0[0..<complete])) }
        let summary: AuditSummary
        switch verifier.finish() {
        case .failure(let problem):
            if problem.kind == .notALog && complete == 0 {
                throw .damaged("\(path): not a Seula audit log (it holds no complete entry); the log was not appended to. To start a new log, move this file aside")
            }
            throw .damaged("\(path): line \(problem.line) (seq \(problem.seq)): \(problem.kind.rawValue): \(problem.detail). The log was not appended to; `seula audit verify \(path)` gives the full report. To start a new log, move this one aside")
        case .success(let s): summary = s
        }
        var recovery = Recovery()
        if partial > 0 {
            recovery.droppedBytes = partial
            recovery.droppedSHA256 = bytes.withUnsafeBytes { b in
                AuditFormat.hex(SHA256Hasher().digest(UnsafeRawBufferPointer(rebasing: b[complete..<b.count])))
            }
        }
        if !summary.closed { recovery.unclosedAfterSeq = summary.headSeq }
        let repaired = recovery.droppedBytes > 0 || recovery.unclosedAfterSeq != nil
        return (summary.headSeq, Array(summary.head.utf8), repaired ? recovery : nil)
    }
}
