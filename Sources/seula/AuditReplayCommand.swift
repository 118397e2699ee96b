import Foundation
import SeulaAudit
import SeulaCore
import SeulaService

/// `seula audit replay LOG`: every logged decision, decided again and compared byte for byte.
struct AuditReplayCommand: Command {
    static let show = Option("--show", value: "N", help: "differences to print (default 20)")

    static let spec = CommandSpec(
        names: ["audit", "replay"],
        abstract: "decide every logged input again and compare with the logged answer, byte for byte",
        positionals: [Positional(name: "LOG", help: "the decision log (- is stdin)")],
        options: [Options.model.help("a criteria file to look in; repeat it (default: the default criteria, or $SEULA_MODEL)"), show],
        discussion: """
        Decides every input in a decision log again — with the criteria its entry names by sha256,
        found among the files given, and the settings its session recorded (--strict, the date for
        cases without assessed_on, whether a pseudonym key was set) — through the same request
        handler the daemon uses, and compares each answer with the logged one byte for byte. A
        decision that cannot be reproduced is reported with where its bytes first differ. Criteria a
        log names but no file given has are reported, with the file that has the same id and
        version but other bytes (edited after the log was written). Lines whose input is not kept
        (not JSON, over the length limit, a line that ended the worker, a code outside the hetu
        member) and `stats` answers are counted, not replayed. Replay does not check the chain: run
        `seula audit verify` for that.
        """,
        footer: """
        EXIT: 0 every replayable answer reproduced; 1 an answer differs, or criteria are missing;
        65 a criteria file is invalid, or LOG holds a line that is not an entry; 66 LOG or a file missing.
        """)

    let path: String
    let modelPaths: [String]
    let show: Int

    init(_ a: ParsedArguments) throws(UsageError) {
        modelPaths = a.values(Options.model)
        show = try a.int(Self.show, min: 0) ?? 20
        path = a.positional(0)!
    }

    /// Loads each criteria file on its own (a log may name versions that overlap in time).
    static func loadCriteria(_ paths: [String]) -> Result<[AuditReplayer.Criteria], ExitFailure> {
        var out: [AuditReplayer.Criteria] = []
        for p in paths.isEmpty ? ModelFile.defaultPaths() : paths {
            do {
                out.append(AuditReplayer.Criteria(path: p, model: try ModelFile.load(p)))
            } catch {
                Console.error(error.description)
                if case .unreadable = error { return .failure(ExitFailure(code: ExitCode.noInput)) }
                return .failure(ExitFailure(code: ExitCode.dataError))
            }
        }
        return .success(out)
    }

    func run() -> Int32 {
        let criteria: [AuditReplayer.Criteria]
        switch Self.loadCriteria(modelPaths) {
        case .failure(let f): return f.code
        case .success(let c): criteria = c
        }
        let replayer = AuditReplayer(criteria: criteria)
        let result: Result<AuditReplayer.Report, AuditProblem>
        do {
            result = try replayer.replay(path, keep: show)
        } catch {
            Console.error(error.description)
            return error.missing ? ExitCode.noInput : ExitCode.failure
        }
        let report: AuditReplayer.Report
        switch result {
        case .failure(let problem):
            Console.error("\(AuditLogFile.displayName(path)): line \(problem.line): \(problem.detail)")
            return ExitCode.dataError
        case .success(let r): report = r
        }
        var lines: [String] = []
        let reproduced = report.reproduced.values.reduce(0, +)
        let kinds = [AuditEntry.Result.decision, .error, .command].compactMap { k in report.reproduced[k].map { "\($0) \(k.rawValue)\($0 == 1 ? "" : "s")" } }
        lines.append("\(AuditLogFile.displayName(path)): \(report.answers) answers: \(reproduced) reproduced byte for byte\(kinds.isEmpty ? "" : " (\(kinds.joined(separator: ", ")))")"
                     + (report.differing > 0 ? "; \(report.differing) DIFFER" : "")
                     + (report.missing.isEmpty ? "" : "; \(report.missing.reduce(0) { $0 + $1.entries }) not replayed: criteria missing"))
        for (reason, count) in report.skipped { lines.append("  not replayable: \(count) × \(reason)") }
        if let torn = report.tornTail {
            lines.append("  line \(torn.line) is incomplete (\(torn.bytes) bytes, no newline): a write cut off (kill -9, a full disk); its answer never went out, so there is nothing in it to replay. `seula audit verify` reports it; the next `--audit-log` run on this file drops it and records that in its open entry")
        }
        for m in report.missing {
            var line = "  criteria missing: \(m.ref.id) \(m.ref.version) (sha256 \(m.ref.sha256)), needed by \(m.entries) entries from line \(m.firstLogLine)"
            if let edited = m.edited {
                line += ": \(edited.path) is \(m.ref.id) \(m.ref.version) with sha256 \(edited.sha256) — that file was edited after the log was written; replay with the version it had (git show, a backup)"
            } else {
                line += ": give its file with --model"
            }
            lines.append(line)
        }
        for d in report.differences {
            let at = zip(d.logged, d.replayed).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(d.logged.count, d.replayed.count)
            func context(_ b: [UInt8]) -> String {
                let from = max(0, at - 30), to = min(b.count, at + 50)
                return (from > 0 ? "…" : "") + String(decoding: b[from..<to], as: UTF8.self) + (to < b.count ? "…" : "")
            }
            lines.append("  differs: line \(d.logLine) (seq \(d.seq); input line \(d.line)\(d.id.map { ", id \($0)" } ?? "")), from byte \(at + 1):")
            lines.append("    logged:   \(context(d.logged))")
            lines.append("    replayed: \(context(d.replayed))")
        }
        if report.differing > report.differences.count {
            lines.append("  … and \(report.differing - report.differences.count) more differences (--show N)")
        }
        Console.out(lines.joined(separator: "\n") + "\n")
        return report.ok ? ExitCode.ok : ExitCode.failure
    }
}
