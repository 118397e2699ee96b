import Foundation
import SeulaCore
import SeulaJSON
import SeulaService

/// One entry of a log, read for replaying or showing.
public struct AuditEntry {
    public enum Result: String, Sendable { case decision, error, command }

    /// The log line and the entry's sequence number.
    public var logLine: Int
    public var seq: Int
    public var time: String
    public var kind: String
    // `answer` entries:
    /// The input line number (as the daemon or `score` counted it).
    public var line = 0
    public var result: Result?
    public var model: ModelRef?
    public var pseudonym: String?
    public var hetuRemoved: (HetuStandIn, path: String)?
    /// The logged input (compact JSON), nil when it was not kept.
    public var input: [UInt8]?
    /// The input was withheld because it held text shaped like a personal identity code
    /// outside the `hetu` member.
    public var inputWithheld = false
    /// The answer, byte for byte as it was written.
    public var answer: [UInt8] = []
    // `open` and `criteria` entries:
    public var settings: AuditSettings?
    public var criteria: [ModelRef]?

    /// The `id` of the answer (a decision record's or an error's), when it has one.
    public var answerID: String? {
        answer.withUnsafeBytes { b -> String? in
            guard let m = JSONBytes(b).members(), let v = m.last(where: { $0.key == "id" })?.value else { return nil }
            return JSONBytes(b).decodeString(v)
        }
    }

    /// The error code of an error answer.
    public var errorCode: String? {
        guard result == .error, let v = try? JSONReader.parse(answer, maxDepth: 64) else { return nil }
        return v["error"]?["code"]?.stringValue
    }

    /// Reads one log line (the hash chain is `verify`'s business, not this); nil when it is not
    /// an entry (`read` says why).
    public static func parse(_ p: UnsafeRawBufferPointer, logLine: Int) -> AuditEntry? {
        if case .success(let e) = read(p, logLine: logLine) { return e }
        return nil
    }

    /// Reads one log line, or says which member is missing or wrong.
    public static func read(_ p: UnsafeRawBufferPointer, logLine: Int) -> Swift.Result<AuditEntry, EntryError> {
        let j = JSONBytes(p)
        guard let members = j.members() else { return .failure(EntryError("not a JSON object")) }
        func span(_ key: String) -> Range<Int>? { members.last(where: { $0.key == key })?.value }
        func string(_ key: String) -> String? { span(key).flatMap { p[$0.lowerBound] == 0x22 ? j.decodeString($0) : nil } }
        func int(_ key: String) -> Int? {
            guard let r = span(key), r.count <= 18 else { return nil }
            var v = 0
            for i in r {
                guard p[i] >= 0x30, p[i] <= 0x39 else { return nil }
                v = v * 10 + Int(p[i] - 0x30)
            }
            return v
        }
        func value(_ key: String) -> JSONValue? {
            guard let r = span(key) else { return nil }
            return try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: p[r]), maxDepth: 64)
        }
        func bad(_ key: String, _ what: String) -> Swift.Result<AuditEntry, EntryError> {
            .failure(EntryError(span(key) == nil ? "member \"\(key)\" is missing" : "member \"\(key)\" is not \(what)"))
        }
        guard let seq = int("seq") else { return bad("seq", "a sequence number") }
        guard let time = string("time") else { return bad("time", "a time") }
        guard let kind = string("kind") else { return bad("kind", "a text") }
        var e = AuditEntry(logLine: logLine, seq: seq, time: time, kind: kind)
        switch kind {
        case "answer":
            guard let line = int("line") else { return bad("line", "a line number") }
            guard let r = string("result").flatMap(Result.init(rawValue:)) else { return bad("result", "decision, error or command") }
            guard let a = span("answer") else { return bad("answer", "") }
            e.line = line
            e.result = r
            e.model = value("model").flatMap(ModelRef.init)
            if r == .decision && e.model == nil { return bad("model", "a criteria reference (id, version, sha256)") }
            e.pseudonym = string("pseudonym")
            if span("hetu_removed") != nil {
                guard let removed = value("hetu_removed").flatMap(HetuStandIn.read) else { return bad("hetu_removed", "a stand-in description") }
                e.hetuRemoved = removed
            }
            e.inputWithheld = span("input_withheld") != nil
            // null: not kept. (A line that is JSON `null` answers not_an_object and is logged as such.)
            if let i = span("input"), !(i.count == 4 && p[i.lowerBound] == UInt8(ascii: "n")) { e.input = Array(p[i]) }
            e.answer = Array(p[a])
        case "open", "criteria":
            e.settings = value("settings").flatMap(AuditSettings.init)
            guard e.settings != nil else { return bad("settings", "the session's settings (max_line_bytes, pseudonym_key, strict, today)") }
            e.criteria = value("criteria")?.arrayValue?.compactMap(ModelRef.init)
            guard e.criteria != nil else { return bad("criteria", "a list of criteria references") }
        case "event", "checkpoint":
            break
        default:
            return bad("kind", "open, criteria, answer, event or checkpoint")
        }
        return .success(e)
    }
}

/// What is wrong with a line that should be a log entry (it names the member).
public struct EntryError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ s: String) { description = s }
}

/// Decides every logged input again — with the criteria named by its sha256, found among the
/// files given, and the settings its session recorded — through the same `RequestHandler` the
/// daemon's general path uses, and compares the answer with the logged one byte for byte.
public final class AuditReplayer {
    /// A criteria file given to replay.
    public struct Criteria {
        public var path: String
        public var model: CriteriaModel

        public init(path: String, model: CriteriaModel) {
            self.path = path
            self.model = model
        }
    }

    /// What re-deciding one entry gave.
    public enum Outcome {
        /// The same bytes.
        case reproduced
        /// Different bytes: these.
        case differs([UInt8])
        /// Not replayable by nature (the reason).
        case skipped(String)
        /// The criteria it needs are not among the files given.
        case missing([ModelRef])
    }

    public struct Difference: Sendable {
        public var logLine: Int
        public var seq: Int
        public var line: Int
        public var id: String?
        public var logged: [UInt8]
        public var replayed: [UInt8]
    }

    public struct Missing: Sendable {
        public var ref: ModelRef
        public var entries = 0
        public var firstLogLine: Int
        /// A file given that has the same id and version but other bytes: it was edited.
        public var edited: (path: String, sha256: String)?
    }

    public struct Report {
        public var answers = 0
        public var reproduced: [AuditEntry.Result: Int] = [:]
        public var skipped: [(reason: String, count: Int)] = []
        public var differing = 0
        /// The first differences (up to `keep`).
        public var differences: [Difference] = []
        public var missing: [Missing] = []
        /// The log ends in an incomplete line (its line and length): nothing in it to replay.
        public var tornTail: (line: Int, bytes: Int)?
        public var ok: Bool { differing == 0 && missing.isEmpty }
    }

    public let criteria: [Criteria]
    private var bySHA: [String: CriteriaModel] = [:]
    private let pseudonyms = FixedPseudonymizer()
    private var handlers: [String: RequestHandler] = [:]
    // The session context, from `open` and `criteria` entries.
    private var settings: AuditSettings?
    private var current: [ModelRef] = []
    /// The criteria before a reload, while no decision under the new ones has been logged (a
    /// supervised worker switches at its next chunk, so an error answer near a reload may come
    /// from either).
    private var beforeReload: [ModelRef]?

    public init(criteria: [Criteria]) {
        self.criteria = criteria
        for c in criteria where bySHA[c.model.sha256] == nil { bySHA[c.model.sha256] = c.model }
    }

    static let statsKey = Array(",\"stats\":{".utf8)

    /// Follows the session context; re-decides `answer` entries.
    public func outcome(_ e: AuditEntry) -> Outcome? {
        switch e.kind {
        case "open":
            settings = e.settings
            current = e.criteria ?? []
            beforeReload = nil
            return nil
        case "criteria":
            if current != e.criteria { beforeReload = current }
            settings = e.settings
            current = e.criteria ?? []
            return nil
        case "answer":
            break
        default:
            return nil
        }
        guard let settings else { return .skipped("no open entry before it (the log's start is missing)") }
        if e.result == .decision, let m = e.model, current.contains(m) { beforeReload = nil }
        // The line `null` is logged as the input null (and answered not_an_object).
        guard let input = e.input ?? (e.errorCode == "not_an_object" && !e.inputWithheld ? Array("null".utf8) : nil) else {
            if e.inputWithheld { return .skipped("its line held text shaped like a personal identity code outside the hetu member (not kept)") }
            switch e.errorCode {
            case "invalid_json": return .skipped("not JSON (its line is not kept: it might hold a hetu anywhere)")
            case "line_too_long": return .skipped("over the length limit (only its start was read; not kept)")
            case "internal": return .skipped("the line ended the worker (internal error; not kept)")
            case "invalid_csv": return .skipped("an unreadable CSV row (not kept)")
            default: return .skipped("a CSV row that could not be read as a case (not kept)")
            }
        }
        if e.result == .command, e.answer.withUnsafeBytes({ AuditVerifier.find($0, Self.statsKey, from: 0) }) != nil {
            return .skipped("stats (it counts the daemon's own traffic and uptime)")
        }
        guard let line = rebuild(input, e.hetuRemoved, today: settings.today) else {
            return .skipped("no stand-in could be made for its removed hetu")
        }
        pseudonyms.next = e.pseudonym ?? ""
        if e.result == .decision, let m = e.model {
            guard let model = bySHA[m.sha256] else { return .missing([m]) }
            let answer = handler([model], settings).handle(line: line, lineNumber: e.line).bytes
            return answer == e.answer ? .reproduced : .differs(answer)
        }
        // An error or a command: the whole set in force (a date no version covers, the newest
        // version's description …).
        var tried: [UInt8]? = nil
        for refs in [current] + (beforeReload.map { [$0] } ?? []) {
            let models = refs.compactMap { bySHA[$0.sha256] }
            guard models.count == refs.count, !models.isEmpty else {
                if tried == nil { return .missing(refs.filter { bySHA[$0.sha256] == nil }) }
                continue
            }
            let answer = handler(models, settings).handle(line: line, lineNumber: e.line).bytes
            if answer == e.answer { return .reproduced }
            if tried == nil { tried = answer }
        }
        return .differs(tried ?? [])
    }

    /// The decision of an answer entry, decided again (for `show`): the case and record, or why not.
    public func decide(_ e: AuditEntry) -> Swift.Result<(DecidedCase, record: [UInt8]), ReplayRefusal> {
        guard e.result == .decision, let m = e.model else { return .failure(ReplayRefusal("not a decision")) }
        guard let settings else { return .failure(ReplayRefusal("no open entry before it")) }
        guard let model = bySHA[m.sha256] else { return .failure(ReplayRefusal("its criteria \(m.short) are not among the files given")) }
        guard let input = e.input, let line = rebuild(input, e.hetuRemoved, today: settings.today),
              let value = try? JSONReader.parse(line, maxDepth: 64) else { return .failure(ReplayRefusal("its input is not kept")) }
        pseudonyms.next = e.pseudonym ?? ""
        let h = handler([model], settings)
        var c = value
        var explain = false
        var req: JSONValue? = nil
        switch Request.parse(value) {
        case .success(.scoreCase(let v)): c = v
        case .success(.score(let v, let x, let r)): c = v; explain = x; req = r
        default: return .failure(ReplayRefusal("its input is not a case"))
        }
        switch h.decide(c) {
        case .failure(let error): return .failure(ReplayRefusal("decided again, it is an error: \(error.message)"))
        case .success(let d): return .success((d, h.recordBytes(d, explain: explain, req: req)))
        }
    }

    /// The input with a stand-in code where the hetu was (`hetu` or `case.hetu`).
    func rebuild(_ input: [UInt8], _ removed: (HetuStandIn, path: String)?, today: CalendarDate) -> [UInt8]? {
        guard let (standIn, path) = removed else { return input }
        return input.withUnsafeBytes { b -> [UInt8]? in
            let j = JSONBytes(b)
            guard let top = j.members() else { return nil }
            // The object the hetu was in, as a span of `input`.
            var object = 0..<b.count
            var members = top
            if path == "case.hetu" {
                guard let c = top.last(where: { $0.key == "case" })?.value, b[c.lowerBound] == 0x7B,
                      let inner = JSONBytes(UnsafeRawBufferPointer(rebasing: b[c])).members() else { return nil }
                object = c
                members = inner.map { ($0.key, ($0.value.lowerBound + c.lowerBound)..<($0.value.upperBound + c.lowerBound)) }
            }
            var date = today
            if let a = members.last(where: { $0.key == "assessed_on" })?.value, b[a.lowerBound] == 0x22,
               let s = j.decodeString(a), let d = CalendarDate(iso: s) { date = d }
            guard let surrogate = standIn.surrogate(assessedOn: date) else { return nil }
            var w = JSONWriter(capacity: 32)
            w.value(surrogate)
            let close = object.upperBound - 1
            var out = Array(b[0..<close])
            out += members.isEmpty ? Array("\"hetu\":".utf8) : Array(",\"hetu\":".utf8)
            out += w.bytes
            out += Array(b[close...])
            return out
        }
    }

    private func handler(_ models: [CriteriaModel], _ s: AuditSettings) -> RequestHandler {
        let key = models.map(\.sha256).joined(separator: ",") + "|\(s.strict)|\(s.today)|\(s.pseudonymKey)"
        if let h = handlers[key] { return h }
        // The set was valid when it was logged; a set of one version always is.
        let set = (try? CriteriaSet(models)) ?? (try! CriteriaSet([models[models.count - 1]]))
        let h = RequestHandler(criteria: set, options: ScoringOptions(strict: s.strict, pseudonymizer: s.pseudonymKey ? pseudonyms : nil, today: s.today))
        handlers[key] = h
        return h
    }

    /// Replays the log at `path`; `keep`: how many differences to keep for the report.
    public func replay(_ path: String, keep: Int = 20) throws(AuditLogFile.Failure) -> Swift.Result<Report, AuditProblem> {
        var report = Report()
        var problem: AuditProblem?
        var skipped: [String: Int] = [:]
        var skippedOrder: [String] = []
        var missing: [String: Missing] = [:]
        var missingOrder: [String] = []
        var logLine = 0
        try AuditLogFile.forEachLine(path) { p, terminated in
            logLine += 1
            guard terminated else {
                // A torn last line (a write cut off by kill -9): its answer never went out, so
                // there is nothing to replay — but it is reported, not passed over.
                report.tornTail = (logLine, p.count)
                return false
            }
            let e: AuditEntry
            switch AuditEntry.read(p, logLine: logLine) {
            case .failure(let why):
                problem = AuditProblem(.edited, line: logLine, seq: logLine, "not a log entry: \(why) (`seula audit verify` checks the whole log)")
                return false
            case .success(let entry): e = entry
            }
            guard let outcome = outcome(e) else { return true }
            report.answers += 1
            switch outcome {
            case .reproduced:
                report.reproduced[e.result ?? .command, default: 0] += 1
            case .differs(let replayed):
                report.differing += 1
                if report.differences.count < keep {
                    report.differences.append(Difference(logLine: logLine, seq: e.seq, line: e.line, id: e.answerID, logged: e.answer, replayed: replayed))
                }
            case .skipped(let reason):
                if skipped[reason] == nil { skippedOrder.append(reason) }
                skipped[reason, default: 0] += 1
            case .missing(let refs):
                for r in refs {
                    if missing[r.sha256] == nil {
                        missingOrder.append(r.sha256)
                        let edited = criteria.first { $0.model.id == r.id && $0.model.version == r.version && $0.model.sha256 != r.sha256 }
                        missing[r.sha256] = Missing(ref: r, firstLogLine: logLine, edited: edited.map { ($0.path, $0.model.sha256) })
                    }
                    missing[r.sha256]!.entries += 1
                }
            }
            return true
        }
        if let problem { return .failure(problem) }
        report.skipped = skippedOrder.map { ($0, skipped[$0]!) }
        report.missing = missingOrder.map { missing[$0]! }
        return .success(report)
    }
}

/// Why an entry could not be decided again (for `show`).
public struct ReplayRefusal: Error, CustomStringConvertible {
    public var description: String
    init(_ s: String) { description = s }
}

/// Gives the logged pseudonym to the case decided again (the code itself is not in the log).
final class FixedPseudonymizer: Pseudonymizer, @unchecked Sendable {
    var next = ""
    func pseudonym(forHetu hetu: String) -> String { next }
}
