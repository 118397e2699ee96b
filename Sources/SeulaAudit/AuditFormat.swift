#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaCrypto
import SeulaJSON

/// The decision log's line format, `seula-audit/1` (README, "The decision log").
///
/// One JSON object per line, members in a fixed order, the same head on every entry:
///
///     {"seq":N,"prev":"<64 hex>","time":"YYYY-MM-DDTHH:MM:SS.ffffffZ","kind":"…", … ,"hash":"<64 hex>"}
///
/// - `seq` counts entries from 1 (so in an intact log an entry's sequence number is its line
///   number); `prev` is the previous entry's `hash` (64 zeros on the first entry).
/// - `hash` is always the last member: SHA-256 of the line's bytes before `,"hash":"`. The next
///   entry's `prev` repeats it, so the entries form a chain, and a changed byte shows up in the
///   entry that holds it (its own hash no longer matches) as well as in the link after it.
/// - A `checkpoint` entry ends `,"mac":"<64 hex>","hash":"…"}`; `mac` is HMAC-SHA256, under the
///   audit key, of the line's bytes before `,"mac":"` — which include `prev`, the head of the
///   chain. Whoever rewrites the file without the key cannot make a checkpoint that verifies.
///
/// Kinds: `open` (a process starts appending: the criteria and settings it decides with),
/// `criteria` (new criteria took over: a reload), `answer` (one answer the transport wrote),
/// `event` (something the transport did: a worker ended), `checkpoint`.
public enum AuditFormat {
    public static let name = "seula-audit/1"
    /// `,"hash":"` + 64 hex + `"}`.
    static let hashSuffixLength = 75
    /// `,"mac":"` + 64 hex + `"`.
    static let macLength = 73
    static let hashKey = Array(",\"hash\":\"".utf8)
    static let macKey = Array(",\"mac\":\"".utf8)
    /// The `prev` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendHex(_ bytes: UnsafePointer<UInt8>, count: Int, to out: ByteBuffer) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * count) { t in
            for i in 0..<count {
                t[2 * i] = hexDigits[Int(bytes[i] >> 4)]
                t[2 * i + 1] = hexDigits[Int(bytes[i] & 0xF)]
            }
            out.append(UnsafeBufferPointer(t))
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        var s: [UInt8] = []
        s.reserveCapacity(bytes.count * 2)
        for b in bytes {
            s.append(hexDigits[Int(b >> 4)])
            s.append(hexDigits[Int(b & 0xF)])
        }
        return String(decoding: s, as: UTF8.self)
    }

    static func isLowerHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66)
    }

    /// Now, in UTC, as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (the log is where the clock belongs; the
    /// decision record itself has none).
    public static func utcNow() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var t = tm()
        gmtime_r(&seconds, &t)
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, n - s.count)) + s
        }
        return "\(pad(Int(t.tm_year) + 1900, 4))-\(pad(Int(t.tm_mon) + 1, 2))-\(pad(Int(t.tm_mday), 2))T"
            + "\(pad(Int(t.tm_hour), 2)):\(pad(Int(t.tm_min), 2)):\(pad(Int(t.tm_sec), 2)).\(pad(Int(ts.tv_nsec / 1000), 6))Z"
    }
}

/// The key behind the checkpoints (`SEULA_AUDIT_KEY` or `--audit-key-file`). Only its holder can
/// make a checkpoint that verifies; anyone can check links and hashes.
public final class AuditKey: @unchecked Sendable {
    private let hasher: HMACSHA256Hasher
    private let lock = NSLock()
    /// 16 hex digits that name the key in each checkpoint (HMAC of a fixed text), so `verify`
    /// can tell "another key" from "rewritten entries".
    public let id: String

    /// nil for an empty key.
    public init?(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return nil }
        hasher = HMACSHA256Hasher(key: bytes)
        id = String(hasher.hex("seula-audit key id").prefix(16))
    }

    /// HMAC-SHA256 of `message`, 32 bytes into `out`.
    func mac(_ message: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        lock.lock()
        hasher.mac(message, into: out)
        lock.unlock()
    }
}

/// A criteria version as the log names it.
public struct ModelRef: Equatable, Hashable, Sendable {
    public var id: String
    public var version: String
    public var sha256: String

    public init(id: String, version: String, sha256: String) {
        self.id = id
        self.version = version
        self.sha256 = sha256
    }

    public init(_ m: CriteriaModel) {
        self.init(id: m.id, version: m.version, sha256: m.sha256)
    }

    /// "seula-default 2.0.0 (sha256 93cdc2855405…)".
    public var short: String { "\(id) \(version) (sha256 \(sha256.prefix(12))…)" }

    func write(_ w: inout JSONWriter) {
        w.raw("{\"id\":")
        w.string(id)
        w.raw(",\"sha256\":")
        w.string(sha256)
        w.raw(",\"version\":")
        w.string(version)
        w.raw("}")
    }

    init?(_ v: JSONValue) {
        guard let id = v["id"]?.stringValue, let version = v["version"]?.stringValue, let sha = v["sha256"]?.stringValue else { return nil }
        self.init(id: id, version: version, sha256: sha)
    }
}

/// What decided the answers of a session, besides the input: recorded in `open` and `criteria`
/// entries so `replay` can decide again exactly as the daemon did.
public struct AuditSettings: Equatable, Sendable {
    /// `--strict`: unknown fields rejected.
    public var strict: Bool
    /// The date used for a case without `assessed_on`.
    public var today: CalendarDate
    /// Whether a pseudonym key was configured (without one, a case with a hetu is refused).
    public var pseudonymKey: Bool
    public var maxLineBytes: Int

    public init(strict: Bool, today: CalendarDate, pseudonymKey: Bool, maxLineBytes: Int) {
        self.strict = strict
        self.today = today
        self.pseudonymKey = pseudonymKey
        self.maxLineBytes = maxLineBytes
    }

    func write(_ w: inout JSONWriter) {
        w.raw("{\"max_line_bytes\":")
        w.int(maxLineBytes)
        w.raw(",\"pseudonym_key\":")
        w.bool(pseudonymKey)
        w.raw(",\"strict\":")
        w.bool(strict)
        w.raw(",\"today\":")
        w.string(today.description)
        w.raw("}")
    }

    init?(_ v: JSONValue) {
        guard let strict = v["strict"]?.boolValue, let t = v["today"]?.stringValue, let today = CalendarDate(iso: t),
              let key = v["pseudonym_key"]?.boolValue, let max = v["max_line_bytes"]?.numberValue?.int64 else { return nil }
        self.init(strict: strict, today: today, pseudonymKey: key, maxLineBytes: Int(max))
    }
}
