import Foundation
import SeulaAudit
import SeulaCore
import SeulaEngine
import SeulaFormats
import SeulaJSON
import SeulaService
import SeulaTransport

/// The decision-log options `serve` and `score` share (`--audit-log FILE` …), the audit key, and
/// the recorder that wires `SeulaAudit`'s writer into the transports.
struct AuditLogOptions {
    var path: String?
    var keyFile: String?
    var durability = AuditLogWriter.Durability.interval(milliseconds: 50)
    var checkpointEvery = 1000

    static let log = Option("--audit-log", value: "FILE",
                            help: "append one entry per answer to a tamper-evident decision log (docs/audit-log.md); an answer is written only after its entry")
    static let keyFile = Option("--audit-key-file", value: "FILE", help: "the key for the log's checkpoints (default: $SEULA_AUDIT_KEY)")
    static let fsync = Option("--audit-fsync", value: "MODE",
                              help: "when an entry counts as written: every (fdatasync before each batch of answers), interval MS (write(2) before the answers, one fdatasync every MS ms and at exit; the default, 50 ms), none (write(2) only)",
                              extraValue: ["interval": "MS"])
    static let checkpointEvery = Option("--audit-checkpoint-every", value: "N",
                                        help: "a checkpoint after every N entries (default 1000; also at exit and at the first batch a minute after the last)")
    /// The options `serve` and `score` list.
    static let options = [log, keyFile, fsync, checkpointEvery]

    /// The options as given to a command, for a worker process (which must not write the log).
    static let names = options.map(\.long)

    init(_ a: ParsedArguments) throws(UsageError) {
        path = a.value(Self.log)
        if path == "-" || path?.isEmpty == true {
            // Stdout carries the answers; the log must be a file that can be locked and appended to.
            throw UsageError("--audit-log needs a file (not '\(path!)'): the log is appended to, locked and checked when a process starts")
        }
        keyFile = a.value(Self.keyFile)
        if let mode = a.value(Self.fsync) {
            // `interval 50` (two words) or `interval:50`.
            guard let d = AuditLogWriter.Durability(mode.replacingOccurrences(of: " ", with: ":")) else {
                throw UsageError("--audit-fsync must be every, interval MS (1 to 3600000) or none, not '\(mode)'")
            }
            durability = d
        }
        checkpointEvery = try a.int(Self.checkpointEvery, min: 1) ?? 1000
        if path == nil, keyFile != nil || a.value(Self.fsync) != nil || a.value(Self.checkpointEvery) != nil {
            throw UsageError("the --audit-… options need --audit-log FILE")
        }
    }

    /// The arguments without the audit options (and their values), for a worker process.
    static func withoutAuditOptions(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if names.contains(a) {
                // `--audit-fsync interval MS` has two values.
                if a == "--audit-fsync", i + 2 < arguments.count, arguments[i + 1] == "interval", Int(arguments[i + 2]) != nil { i += 3; continue }
                i += 2
                continue
            }
            if a == "--audit-fsync=interval", i + 1 < arguments.count { i += 2; continue }
            if names.contains(where: { a.hasPrefix($0 + "=") }) { i += 1; continue }
            out.append(a)
            i += 1
        }
        return out
    }

    /// Opens the log for `tool` (nil without `--audit-log`); on failure prints why and gives
    /// the exit code.
    func open(tool: String, handler: RequestHandler, maxLineBytes: Int, inputFile: String? = nil) -> Result<AuditLogWriter?, ExitFailure> {
        guard let path else { return .success(nil) }
        let key: AuditKey
        switch Self.loadKey(keyFile) {
        case .failure(let f): return .failure(f)
        case .success(let k): key = k
        }
        var options = AuditLogWriter.Options()
        options.durability = durability
        options.checkpointEvery = checkpointEvery
        let session = AuditLogWriter.Session(tool: tool, settings: Self.settings(handler, maxLineBytes: maxLineBytes),
                                             criteria: handler.criteria.models.map(ModelRef.init), inputFile: inputFile)
        do {
            let writer = try AuditLogWriter(path: path, key: key, options: options, session: session)
            if let r = writer.recovery {
                var what: [String] = []
                if let s = r.unclosedAfterSeq { what.append("the process before ended without its closing checkpoint after entry \(s)") }
                if r.droppedBytes > 0 { what.append("an incomplete last line (\(r.droppedBytes) bytes, never answered) was dropped") }
                Console.error("\(path): continuing the log: \(what.joined(separator: "; ")) — recorded in the new open entry")
            }
            return .success(writer)
        } catch {
            Console.error(error.description)
            if case .damaged = error { return .failure(ExitFailure(code: ExitCode.dataError)) }
            return .failure(ExitFailure(code: ExitCode.failure))
        }
    }

    static func settings(_ handler: RequestHandler, maxLineBytes: Int) -> AuditSettings {
        AuditSettings(strict: handler.options.strict, today: handler.options.today,
                      pseudonymKey: handler.options.pseudonymizer != nil, maxLineBytes: maxLineBytes)
    }

    /// The audit key: `--audit-key-file` (one trailing newline dropped), else `$SEULA_AUDIT_KEY`.
    static func loadKey(_ keyFile: String?) -> Result<AuditKey, ExitFailure> {
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile) else {
                Console.error("\(keyFile): cannot read the audit key file")
                return .failure(ExitFailure(code: ExitCode.noInput))
            }
            var bytes = [UInt8](data)
            if bytes.last == 0x0A { bytes.removeLast() }
            guard let key = AuditKey(bytes) else {
                Console.error("\(keyFile): the audit key file is empty")
                return .failure(ExitFailure(code: ExitCode.dataError))
            }
            return .success(key)
        }
        if let env = ProcessInfo.processInfo.environment["SEULA_AUDIT_KEY"], let key = AuditKey(Array(env.utf8)) {
            return .success(key)
        }
        Console.error("the decision log needs a key for its checkpoints: set SEULA_AUDIT_KEY or give --audit-key-file FILE (keep it away from the log: whoever holds it can forge checkpoints)")
        return .failure(ExitFailure(code: ExitCode.usage))
    }
}

/// Wires the log writer into a transport (`AnswerRecorder`): criteria changes the pipeline sees
/// become `criteria` entries, CSV rows are logged as the case object they were read as, and a
/// worker that ended becomes an `event` entry.
final class AuditRecorder: AnswerRecorder, @unchecked Sendable {
    let writer: AuditLogWriter
    private let csv: CaseCSVReader?
    private let maxLineBytes: Int
    private var models: [ObjectIdentifier]
    private var settings: AuditSettings
    /// The supervisor's criteria after a reload (its snapshot's files), to log them.
    private let reloaded: (() -> [ModelRef]?)?
    private var row: [UInt8] = []

    init(writer: AuditLogWriter, handler: RequestHandler, maxLineBytes: Int, csv: CaseCSVReader? = nil,
         reloaded: (() -> [ModelRef]?)? = nil) {
        self.writer = writer
        self.csv = csv
        self.maxLineBytes = maxLineBytes
        models = handler.criteria.models.map(ObjectIdentifier.init)
        settings = AuditLogOptions.settings(handler, maxLineBytes: maxLineBytes)
        self.reloaded = reloaded
    }

    func begin(answeredBy handler: (any Sendable)?) {
        if let handler = handler as? RequestHandler {
            let ids = handler.criteria.models.map(ObjectIdentifier.init)
            if ids != models {
                models = ids
                settings = AuditLogOptions.settings(handler, maxLineBytes: maxLineBytes)
                writer.criteria(handler.criteria.models.map(ModelRef.init), settings: settings)
            }
        }
        writer.begin()
    }

    func add(line: Int, input: UnsafeRawBufferPointer?, answer: UnsafeRawBufferPointer) {
        guard let csv, let input else { return writer.add(line: line, input: input, answer: answer) }
        // A CSV row is logged as the case object it was read as (replay decides that object).
        guard let fields = CaseCSVReader.fields(input), case .success(let value) = csv.object(fields) else {
            return writer.add(line: line, input: nil, answer: answer)
        }
        var w = JSONWriter(capacity: 1024)
        Self.writeInOrder(value, &w)
        row = w.bytes
        row.withUnsafeBytes { writer.add(line: line, input: $0, answer: answer) }
    }

    func commit() -> Bool { writer.commit() }

    func note(_ event: TransportEvent) {
        switch event {
        case .workerEnded(let status, let unanswered):
            writer.event("worker_ended", "the worker process ended (status \(status)) with \(unanswered) lines unanswered; they are sent again to a new worker")
        case .criteriaReloaded:
            if let refs = reloaded?() {
                writer.criteria(refs, settings: settings)
            }
        }
    }

    /// A value written compactly with object members in their own order (`JSONWriter.value`
    /// sorts them).
    static func writeInOrder(_ v: JSONValue, _ w: inout JSONWriter) {
        switch v {
        case .object(let o):
            w.raw("{")
            for (i, m) in o.members.enumerated() {
                if i > 0 { w.raw(",") }
                w.string(m.key)
                w.raw(":")
                writeInOrder(m.value, &w)
            }
            w.raw("}")
        case .array(let a):
            w.raw("[")
            for (i, e) in a.enumerated() {
                if i > 0 { w.raw(",") }
                writeInOrder(e, &w)
            }
            w.raw("]")
        default:
            w.value(v)
        }
    }
}
