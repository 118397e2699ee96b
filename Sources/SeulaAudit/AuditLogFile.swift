#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCrypto

/// Reading a log file: line by line from the start (in constant memory, whatever its size), or
/// its last lines from the end.
public enum AuditLogFile {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        /// True when the file does not exist (exit 66 for the commands).
        public var missing: Bool
        public var description: String { "\(path): \(reason)" }
    }

    /// `-` names standard input.
    public static let stdinName = "-"

    /// How a path is named in messages (`-` is "stdin").
    public static func displayName(_ path: String) -> String { path == stdinName ? "stdin" : path }

    static func openForReading(_ path: String) throws(Failure) -> Int32 {
        if path == stdinName { return 0 }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            throw Failure(path: path, reason: "cannot read: \(String(cString: strerror(e)))", missing: e == ENOENT)
        }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw Failure(path: path, reason: "cannot read: it is a directory", missing: false)
        }
        return fd
    }

    /// Calls `body` with each line (without its newline) and whether it ended with one, in
    /// order; `body` returns false to stop.
    /// `path` may be `-`: standard input.
    public static func forEachLine(_ path: String, _ body: (UnsafeRawBufferPointer, Bool) -> Bool) throws(Failure) {
        let fd = try openForReading(path)
        defer { if fd != 0 { close(fd) } }
        var buffer = [UInt8](repeating: 0, count: 1 << 22)
        var filled = 0
        while true {
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: displayName(path), reason: "cannot read: \(String(cString: strerror(errno)))", missing: false)
            }
            if n == 0 {
                if filled > 0 { _ = buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<filled]), false) } }
                return
            }
            let scanFrom = filled
            filled += n
            var stop = false
            let consumed: Int = buffer.withUnsafeBytes { b in
                var start = 0
                var cursor = scanFrom
                let base = b.baseAddress!
                while cursor < filled, let hit = memchr(base + cursor, 0x0A, filled - cursor) {
                    let end = base.distance(to: UnsafeRawPointer(hit))
                    if !body(UnsafeRawBufferPointer(rebasing: b[start..<end]), true) { stop = true; return end + 1 }
                    start = end + 1
                    cursor = start
                }
                return start
            }
            if stop { return }
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { m in
                    if filled > consumed { memmove(m.baseAddress!, m.baseAddress! + consumed, filled - consumed) }
                }
                filled -= consumed
            }
        }
    }

    /// Verifies the log at `path` (streaming).
    public static func verify(_ path: String, key: AuditKey?, allowOpen: Bool = false, anchor: String? = nil) throws(Failure) -> Result<AuditSummary, AuditProblem> {
        let v = AuditVerifier(key: key, allowOpen: allowOpen, anchor: anchor)
        try forEachLine(path) { line, terminated in
            v.feed(line, terminated: terminated)
            return true
        }
        return v.finish()
    }

    /// The bytes of the file from `offset` to its end.
    static func read(_ fd: Int32, from offset: Int, to end: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: end - offset)
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(offset + done)) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return nil }
            done += n
        }
        return out
    }

    /// The tail of a log for appending: the bytes from the start of its last checkpoint line
    /// but one — the entries since the last checkpoint, and the interval it closed — to the end,
    /// and where they start (the whole file when it has fewer than two checkpoints).
    static func tail(_ fd: Int32, size: Int) -> (start: Int, bytes: [UInt8])? {
        var start = size
        var bytes: [UInt8] = []
        var block = 1 << 20
        while start > 0 {
            let from = max(0, start - block)
            guard let chunk = read(fd, from: from, to: start) else { return nil }
            bytes = chunk + bytes
            start = from
            block *= 2
            // Complete lines start after a newline (or at the file's start); look at the last
            // ones first for checkpoints.
            var lineStarts: [Int] = start == 0 ? [0] : []
            for (i, b) in bytes.enumerated() where b == 0x0A && i + 1 < bytes.count { lineStarts.append(i + 1) }
            var found = 0
            for s in lineStarts.reversed() {
                let isCheckpoint: Bool = bytes.withUnsafeBytes { b in
                    guard let h = EntryHead.parse(UnsafeRawBufferPointer(rebasing: b[s...])) else { return false }
                    return h.kind == .checkpoint
                }
                // Only a whole line (it ends with a newline) can be the point to continue from.
                if isCheckpoint, bytes[s...].contains(0x0A) {
                    found += 1
                    if found == 2 { return (start + s, Array(bytes[s...])) }
                }
            }
        }
        return (0, bytes)
    }

    /// The last complete entry of a log: the head of its chain.
    public struct LastEntry: Sendable {
        /// Its hash; nil when it does not match its own bytes (then `problem` says so).
        public var hash: String?
        public var seq = 0
        public var time = ""
        public var kind = ""
        public var closing = false
        /// Bytes after it that do not end a line.
        public var incompleteBytes = 0
        public var problem: String?
    }

    /// `path` may be `-`: standard input is read to its end (a pipe cannot be read backwards).
    public static func lastEntry(_ path: String) throws(Failure) -> LastEntry {
        if path == stdinName {
            var last: [UInt8] = []
            var incomplete = 0
            var any = false
            try forEachLine(path) { line, terminated in
                if terminated {
                    last = Array(line)
                    any = true
                    incomplete = 0
                } else {
                    incomplete = line.count
                }
                return true
            }
            var out = any ? examineLast(last) : LastEntry()
            if !any { out.problem = "no complete entry" }
            out.incompleteBytes = incomplete
            return out
        }
        let fd = try openForReading(path)
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(path: path, reason: "cannot read: \(String(cString: strerror(errno)))", missing: false) }
        let size = Int(st.st_size)
        var out = LastEntry()
        var block = 1 << 16
        while true {
            let from = max(0, size - block)
            guard let bytes = read(fd, from: from, to: size) else {
                throw Failure(path: path, reason: "cannot read: \(String(cString: strerror(errno)))", missing: false)
            }
            var end = bytes.count
            while end > 0 && bytes[end - 1] != 0x0A { end -= 1 }
            out.incompleteBytes = bytes.count - end
            if end == 0 && from == 0 { out.problem = "no complete entry"; return out }
            if end > 0 {
                var start = end - 1
                while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
                if start > 0 || from == 0 {
                    var last = examineLast(Array(bytes[start..<(end - 1)]))
                    last.incompleteBytes = out.incompleteBytes
                    return last
                }
            }
            if from == 0 { out.problem = "no complete entry"; return out }
            block *= 4
        }
    }

    /// The last complete line of a log, read as its head entry.
    static func examineLast(_ line: [UInt8]) -> LastEntry {
        var out = LastEntry()
        return line.withUnsafeBytes { p -> LastEntry in
            guard let h = EntryHead.parse(p) else { out.problem = "its last line is not a log entry"; return out }
            out.seq = h.seq
            out.time = String(decoding: UnsafeRawBufferPointer(rebasing: p[h.time]), as: UTF8.self)
            out.kind = h.kind.rawValue
            out.closing = AuditVerifier.find(p, Array(",\"close\":true".utf8), from: h.end) != nil
            let n = p.count
            guard n > AuditFormat.hashSuffixLength, AuditVerifier.matches(p, at: n - AuditFormat.hashSuffixLength, AuditFormat.hashKey) else {
                out.problem = "its last line (seq \(h.seq)) does not end with its hash"
                return out
            }
            let digest = SHA256Hasher().digest(UnsafeRawBufferPointer(rebasing: p[0..<(n - AuditFormat.hashSuffixLength)]))
            let stated = String(decoding: UnsafeRawBufferPointer(rebasing: p[(n - 66)..<(n - 2)]), as: UTF8.self)
            guard AuditFormat.hex(digest) == stated else {
                out.problem = "its last entry (seq \(h.seq)) does not match its own hash: it was edited (run seula audit verify)"
                return out
            }
            out.hash = stated
            return out
        }
    }
}
