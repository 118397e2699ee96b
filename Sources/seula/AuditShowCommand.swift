import Foundation
import SeulaAudit
import SeulaCore
import SeulaJSON
import SeulaService

/// `seula audit show LOG --pseudonym P | --id ID`: one client's logged decisions, explained.
struct AuditShowCommand: Command {
    static let pseudonymOption = Option("--pseudonym", value: "P", help: "the client's pseudonym (64 hex digits, as the decision records carry it)")
    static let idOption = Option("--id", value: "ID", help: "the case id")

    static let spec = CommandSpec(
        names: ["audit", "show"],
        abstract: "one client's logged decisions (by pseudonym or case id), explained",
        positionals: [Positional(name: "LOG", help: "the decision log (- is stdin)")],
        options: [pseudonymOption, idOption, Options.lang, Options.json.help("print the matching log entries as they are"),
                  Options.model.help("a criteria file to look in; repeat it (default: the default criteria)")],
        discussion: """
        Finds the answers a decision log holds for one client — by the keyed pseudonym of their hetu
        (SEULA_PSEUDONYM_KEY gives the same pseudonym for the same code) or by case id — and shows
        each: when, which criteria, and the decision explained in words (segment, reasons, outcome,
        every service with its because, referrals, review, what would change it). The explanation
        comes from deciding the logged input again with those criteria, and says whether that gives
        the logged record byte for byte. The caseworker's or ombudsman's question "why was I routed
        here?". Show does not check the chain: run `seula audit verify` before you rely on it.
        """,
        footer: """
        EXIT: 0 found; 1 nothing found; 64 usage; 65 LOG holds a line that is not an entry (the line
        and the member are named); 66 LOG or a criteria file missing.
        """)

    let path: String
    let pseudonym: String?
    let id: String?
    let language: String
    let json: Bool
    let modelPaths: [String]

    init(_ a: ParsedArguments) throws(UsageError) {
        pseudonym = a.value(Self.pseudonymOption)?.lowercased()
        id = a.value(Self.idOption)
        language = a.value(Options.lang) ?? "en"
        json = a.flag(Options.json)
        modelPaths = a.values(Options.model)
        guard (pseudonym == nil) != (id == nil) else { throw UsageError("give one of --pseudonym P and --id ID") }
        if let pseudonym, pseudonym.count != 64 || !pseudonym.allSatisfy(\.isHexDigit) {
            throw UsageError("--pseudonym needs a pseudonym as the decision records carry it: 64 hexadecimal digits, not '\(pseudonym)'")
        }
        path = a.positional(0)!
    }

    func run() -> Int32 {
        let criteria: [AuditReplayer.Criteria]
        switch AuditReplayCommand.loadCriteria(modelPaths) {
        case .failure(let f): return f.code
        case .success(let c): criteria = c
        }
        let replayer = AuditReplayer(criteria: criteria)
        let needle = Array((pseudonym ?? id!).utf8)
        var found = 0
        var logLine = 0
        var out = ""
        var bad: (line: Int, why: String)? = nil
        var torn: (line: Int, bytes: Int)? = nil
        do {
            try AuditLogFile.forEachLine(path) { p, terminated in
                logLine += 1
                guard terminated else { torn = (logLine, p.count); return false }
                // Only lines that hold the text looked for, and the context entries, are read.
                let kindAnswer = AuditVerifier.isAnswerEntry(p)
                if kindAnswer && !Self.contains(p, needle) { return true }
                let e: AuditEntry
                switch AuditEntry.read(p, logLine: logLine) {
                case .failure(let why): bad = (logLine, why.description); return false
                case .success(let entry): e = entry
                }
                // Context entries keep the replayer's session.
                guard e.kind == "answer" else { _ = replayer.outcome(e); return true }
                let match = pseudonym.map { e.pseudonym == $0 } ?? (e.answerID == id)
                guard match else { return true }
                found += 1
                if json {
                    out += String(decoding: p, as: UTF8.self) + "\n"
                } else {
                    out += describe(e, replayer, criteria)
                }
                return true
            }
        } catch {
            Console.error(error.description)
            return error.missing ? ExitCode.noInput : ExitCode.failure
        }
        let name = AuditLogFile.displayName(path)
        if let bad {
            Console.out(out)
            Console.error("\(name): line \(bad.line): not a log entry: \(bad.why) (`seula audit verify` checks the whole log)")
            return ExitCode.dataError
        }
        if let torn {
            Console.error("\(name): line \(torn.line) is incomplete (\(torn.bytes) bytes, no newline): a write cut off; its answer never went out, and it is not shown")
        }
        Console.out(out)
        if found == 0 {
            Console.error("\(name): no answer for \(pseudonym.map { "pseudonym \($0)" } ?? "id \(id!)")")
            return ExitCode.failure
        }
        return ExitCode.ok
    }

    private func describe(_ e: AuditEntry, _ replayer: AuditReplayer, _ criteria: [AuditReplayer.Criteria]) -> String {
        var s = "== log line \(e.logLine) (seq \(e.seq)), \(e.time), input line \(e.line): "
        switch e.result {
        case .decision?:
            let ref = e.model
            s += "a decision under \(ref.map(\.short) ?? "unknown criteria")\n"
            switch replayer.decide(e) {
            case .failure(let why):
                s += "   not explained: \(why). The logged record: \(String(decoding: e.answer, as: UTF8.self))\n"
            case .success(let (decided, record)):
                let file = criteria.first { $0.model.sha256 == ref?.sha256 }?.path ?? "?"
                s += record == e.answer
                    ? "   decided again with \(file): the same record, byte for byte\n"
                    : "   decided again with \(file): the record DIFFERS from the logged one (seula audit replay shows where)\n"
                s += "\n" + DecisionText(model: decided.model, language: language).render(decided.decision) + "\n"
            }
        case .error?:
            s += "an error\n"
            if let v = try? JSONReader.parse(e.answer, maxDepth: 64), let err = v["error"] {
                let path = err["path"]?.stringValue ?? ""
                s += "   \(err["code"]?.stringValue ?? "?")\(path.isEmpty ? "" : " at \(path)"): \(err["message"]?.stringValue ?? "")\n\n"
            }
        default:
            s += "a command: \(String(decoding: e.answer, as: UTF8.self))\n\n"
        }
        return s
    }

    static func contains(_ p: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, p.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= p.count {
            guard let hit = memchr(p.baseAddress! + i, Int32(needle[0]), p.count - needle.count - i + 1) else { return false }
            let k = p.baseAddress!.distance(to: UnsafeRawPointer(hit))
            if (0..<needle.count).allSatisfy({ p[k + $0] == needle[$0] }) { return true }
            i = k + 1
        }
        return false
    }
}
