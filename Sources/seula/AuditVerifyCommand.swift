import Foundation
import SeulaAudit

/// `seula audit verify LOG`: every hash, link and checkpoint of a decision log.
struct AuditVerifyCommand: Command {
    static let anchor = Option("--anchor", value: "HASH", help: "a head hash kept outside the system earlier (seula audit head): the log fails unless an entry has it (entries removed from the end, or the whole file rewritten, are found this way)")
    static let allowOpen = Option("--allow-open", help: "accept a log without its closing checkpoint (one still being written)")
    static let chainOnly = Option("--chain-only", help: "no key: hashes and links only (a file rewritten from scratch passes)")

    static let spec = CommandSpec(
        names: ["audit", "verify"],
        abstract: "check a decision log: every entry's hash, every link, every checkpoint",
        positionals: [Positional(name: "LOG", help: "the decision log (- is stdin)")],
        options: [AuditLogOptions.keyFile.help("the key of the checkpoints (default: $SEULA_AUDIT_KEY)"), anchor, allowOpen, chainOnly],
        discussion: """
        Checks a decision log written with --audit-log: each entry's own SHA-256, each link of the
        chain (an entry's prev is the hash of the one before), each checkpoint's HMAC-SHA256 under the
        audit key, and that the log ends with its closing checkpoint. Reports the first broken entry
        by line and sequence number and what is wrong — edited, removed, reordered, inserted,
        duplicated, truncated, bad checkpoint — and exits 1. On success prints the entries, the time
        span, the criteria that made the decisions and the head hash.
        """,
        footer: "EXIT: 0 verified; 1 a problem found; 64 usage (no key); 66 LOG missing.")

    let path: String
    let keyFile: String?
    let anchor: String?
    let allowOpen: Bool
    let chainOnly: Bool

    init(_ a: ParsedArguments) throws(UsageError) {
        keyFile = a.value(AuditLogOptions.keyFile)
        anchor = a.value(Self.anchor)
        allowOpen = a.flag(Self.allowOpen)
        chainOnly = a.flag(Self.chainOnly)
        path = a.positional(0)!
        if let anchor, anchor.count != 64 || !anchor.allSatisfy(\.isHexDigit) {
            throw UsageError("--anchor needs a head hash: 64 hexadecimal digits (seula audit head LOG prints it)")
        }
        if chainOnly && keyFile != nil { throw UsageError("--chain-only checks no checkpoint: leave out --audit-key-file") }
    }

    func run() -> Int32 {
        var key: AuditKey? = nil
        if !chainOnly {
            switch AuditLogOptions.loadKey(keyFile) {
            case .failure(let f): return f.code
            case .success(let k): key = k
            }
        }
        let result: Result<AuditSummary, AuditProblem>
        do {
            result = try AuditLogFile.verify(path, key: key, allowOpen: allowOpen, anchor: anchor)
        } catch {
            Console.error(error.description)
            return error.missing ? ExitCode.noInput : ExitCode.failure
        }
        switch result {
        case .failure(let problem):
            Console.out("\(AuditLogFile.displayName(path)): line \(problem.line) (seq \(problem.seq)): \(problem.kind.rawValue): \(problem.detail)\n")
            return ExitCode.failure
        case .success(let s):
            Console.out(Self.describe(s, path: AuditLogFile.displayName(path), chainOnly: chainOnly))
            return ExitCode.ok
        }
    }

    static func describe(_ s: AuditSummary, path: String, chainOnly: Bool) -> String {
        func n(_ v: Int) -> String {
            let digits = String(v)
            guard digits.count > 4 else { return digits }
            var out = ""
            for (i, c) in digits.reversed().enumerated() {
                if i > 0 && i % 3 == 0 { out.append(" ") }
                out.append(c)
            }
            return String(out.reversed())
        }
        var lines: [String] = []
        let verdict = chainOnly ? "hashes and links verify (checkpoints not checked: no key)" : "verified"
        lines.append("\(path): \(verdict) — \(n(s.entries)) entries: \(n(s.answers)) answers (\(n(s.decisions)) decisions, \(n(s.errors)) errors, \(n(s.commands)) commands), "
                     + "\(n(s.sessions)) session\(s.sessions == 1 ? "" : "s")\(s.recoveries > 0 ? " (\(s.recoveries) after a process was killed)" : ""), "
                     + "\(n(s.checkpoints)) checkpoints\(s.criteriaChanges > 0 ? ", \(s.criteriaChanges) criteria changes" : "")\(s.events > 0 ? ", \(s.events) events" : "")")
        lines.append("  time span: \(s.firstTime ?? "?") … \(s.lastTime ?? "?")")
        if s.models.isEmpty {
            lines.append("  criteria used: none (no decisions)")
        } else {
            lines.append("  criteria used:")
            for (ref, count) in s.models { lines.append("    \(ref.id) \(ref.version) (sha256 \(ref.sha256)): \(n(count)) decisions") }
        }
        if s.closed {
            lines.append("  closed: the last entry is the closing checkpoint")
        } else {
            let tail = s.headSeq - (s.lastCheckpointSeq ?? 0)
            lines.append("  open: no closing checkpoint yet; the last \(n(tail)) entries (after \(s.lastCheckpointSeq.map { "the checkpoint at seq \($0)" } ?? "the start")) are covered by the chain only")
        }
        lines.append("  head: \(s.head) (seq \(s.headSeq))")
        return lines.joined(separator: "\n") + "\n"
    }
}
