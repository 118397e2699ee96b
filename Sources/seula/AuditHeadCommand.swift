import Foundation
import SeulaAudit

/// `seula audit head LOG`: the hash to keep outside the system.
struct AuditHeadCommand: Command {
    static let spec = CommandSpec(
        names: ["audit", "head"],
        abstract: "print the head hash of a decision log, to anchor it outside the system",
        positionals: [Positional(name: "LOG", help: "the decision log (- is stdin, read to its end)")],
        discussion: """
        Prints the hash of the log's last complete entry — the head of its chain — on stdout, and
        what that entry is on stderr. Every entry before it is bound into that hash: keep it somewhere
        the log's administrators cannot change (a ticket, an e-mail to the data protection officer, a
        printed record, a timestamping service). Later, `seula audit verify LOG --anchor HASH` fails
        unless the log still holds that entry with everything before it unchanged — which also finds
        entries removed from the end and a log rewritten from scratch. A last line cut off in the
        middle (a writer killed) is reported on stderr; the head printed is then the last complete
        entry's.
        """,
        footer: "EXIT: 0 printed; 1 the last entry does not match its own hash, or the log is empty; 66 LOG missing.")

    let path: String

    init(_ a: ParsedArguments) throws(UsageError) {
        path = a.positional(0)!
    }

    func run() -> Int32 {
        let last: AuditLogFile.LastEntry
        do {
            last = try AuditLogFile.lastEntry(path)
        } catch {
            Console.error(error.description)
            return error.missing ? ExitCode.noInput : ExitCode.failure
        }
        guard let hash = last.hash else {
            Console.error("\(AuditLogFile.displayName(path)): \(last.problem ?? "no complete entry")")
            return ExitCode.failure
        }
        Console.out(hash + "\n")
        var what = "\(AuditLogFile.displayName(path)): head of the chain: seq \(last.seq), \(last.kind) entry at \(last.time)"
        if last.kind == "checkpoint" && last.closing { what += " (the closing checkpoint)" }
        if last.incompleteBytes > 0 {
            what += "\nseula: warning: an incomplete last line (\(last.incompleteBytes) bytes, no newline) follows it: a write was cut off (`seula audit verify` reports it as truncated)"
        }
        Console.info(what)
        return ExitCode.ok
    }
}
