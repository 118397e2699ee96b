import Foundation
import SeulaAudit
import SeulaEngine
import SeulaService
import SeulaTransport

/// `seula serve`: the JSON-lines daemon (PROTOCOL.md).
struct ServeCommand: Command {
    static let logLevel = Option("--log-level", value: "LEVEL", help: "what goes to stderr (default warning)", choices: ["error", "warning", "info", "debug"])
    static let noSupervisor = Option("--no-supervisor", help: "run in one process (a little faster; a bug would end the daemon)")
    /// Internal: the worker process the supervisor starts, and the lines before its first.
    static let asWorker = Option("--as-worker", help: "run as the supervisor's worker", hidden: true)
    static let linesBefore = Option("--lines-before", value: "N", help: "lines answered before this worker's first", hidden: true)

    static let spec = CommandSpec(
        names: ["serve"],
        abstract: "JSON-lines daemon: one answer per input line, in order, on all cores",
        options: [Options.maxLineBytes, Options.workers, logLevel, noSupervisor, asWorker, linesBefore] + ScoringSettings.options + AuditLogOptions.options,
        discussion: """
        Reads UTF-8 JSON lines on stdin and writes exactly one JSON line per non-blank input line on
        stdout, in input order, and nothing else on stdout. A line without "op" is a case; commands
        are {"op":"score","case":{…},"explain":true}, {"op":"model"}, {"op":"stats"} and
        {"op":"ping"}; each may carry "req" (any JSON scalar), which is echoed. A bad line gets
        {"ok":false,"id":…,"line":N,"error":{"code","path","message"}} and the daemon goes on.

        Answers are flushed whenever no further input is waiting, so a client can write one line
        and read its answer without closing stdin; under a stream they are batched.

        SIGNALS: EOF or SIGTERM/SIGINT: answer every line already read, flush, exit 0.
                 SIGHUP: reload the criteria file(s); a valid file takes over between two lines
                 (later answers carry its version), an invalid one is refused (errors on stderr).
                 A closed stdout (the reader went away): exit quietly, 0. A failed write to
                 stdout (a full disk): a message on stderr, exit 1.

        SUPERVISION: the work runs in a worker process. If it dies on a line (a bug), the lines it
        had not answered are sent again (the batch halved while workers keep dying); the line that
        ends a worker twice gets an `internal` error answer, and the stream goes on.

        DECISION LOG: with --audit-log the supervisor (the one process that sees every line and
        every answer, its own and its workers', in order) writes the log; its workers are given its
        date (--today) so every logged decision can be decided again. Check a log with
        `seula audit verify`, re-decide it with `seula audit replay`.
        """,
        footer: "EXIT: 0 end of input or a stop; 1 stdout could not be written; 64 usage; 65 bad criteria; 66 a file cannot be read.")

    let settings: ScoringSettings
    let maxLineBytes: Int
    let workers: Int?
    let logLevel: Log.Level
    /// The arguments as given, for starting the worker process.
    let arguments: [String]
    let supervised: Bool
    /// Set in the worker process the supervisor starts.
    let asWorker: Bool
    let linesBefore: Int
    let audit: AuditLogOptions

    init(_ a: ParsedArguments) throws(UsageError) {
        arguments = a.raw
        asWorker = a.flag(Self.asWorker)
        supervised = !a.flag(Self.noSupervisor)
        linesBefore = try a.int(Self.linesBefore, min: 0) ?? 0
        settings = try ScoringSettings(a)
        maxLineBytes = try a.int(Options.maxLineBytes, min: 16) ?? (1 << 20)
        workers = try a.int(Options.workers, min: 1)
        logLevel = Log.Level(name: a.value(Self.logLevel) ?? "warning")!
        if settings.inputs.contains("-") { throw UsageError("serve reads its cases from stdin; give the criteria and the key as files") }
        audit = try AuditLogOptions(a)
    }

    func run() -> Int32 {
        let log = Log(level: logLevel)
        if supervised && !asWorker {
            // Check the criteria here first, so a bad file is reported once, with exit 65/66.
            let checked: RequestHandler
            switch settings.makeHandler() {
            case .failure(let f): return f.code
            case .success(let h): checked = h
            }
            // The decision log is written here: the supervisor sees every line and every answer.
            let writer: AuditLogWriter?
            switch audit.open(tool: "serve", handler: checked, maxLineBytes: maxLineBytes) {
            case .failure(let f): return f.code
            case .success(let w): writer = w
            }
            // The workers run a private copy of these files (the supervisor keeps the last
            // good criteria, whatever happens to the files later).
            let snapshot: CriteriaSnapshot
            do {
                snapshot = try CriteriaSnapshot(sources: settings.modelPaths.isEmpty ? ModelFile.defaultPaths() : settings.modelPaths)
            } catch {
                Console.error(error.description)
                if case .unreadable = error { return ExitCode.noInput }
                return ExitCode.dataError
            }
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            var workerArguments = ["serve", "--as-worker"] + AuditLogOptions.withoutAuditOptions(Self.withoutModelOptions(arguments.filter { $0 != "--no-supervisor" }))
            // Logged decisions must be re-decidable: every worker (a restarted one too, after
            // midnight) uses the date the log records.
            if writer != nil && settings.today == nil { workerArguments += ["--today", checked.options.today.description] }
            var supervisorOptions = SupervisorOptions(executable: executable, workerArguments: workerArguments,
                                                      maxLineBytes: maxLineBytes, log: log, workers: snapshot)
            if let writer {
                let paths = snapshot.paths
                supervisorOptions.recorder = AuditRecorder(writer: writer, handler: checked, maxLineBytes: maxLineBytes,
                                                           reloaded: { (try? ModelFile.loadSet(paths))?.models.map(ModelRef.init) })
            }
            let supervisor = Supervisor<RequestHandler>(options: supervisorOptions)
            log(.info, "serving \(snapshot.summary) in a supervised worker")
            SignalWatcher.install(onStop: { _ in supervisor.stop() }, onReload: { supervisor.reload() })
            let status = supervisor.run()
            return Self.closeLog(writer, failed: supervisor.recordingFailed, status: status)
        }
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        var options = PipelineOptions()
        options.maxLineBytes = maxLineBytes
        options.linesBefore = linesBefore
        if let workers { options.workers = workers }
        // The supervisor keeps a copy of every line in flight, so its worker keeps fewer chunks
        // in flight (measured: no slower on 2 cores, and 20 MiB less for the pair at 1 M lines).
        if asWorker { options.maxInFlight = options.workers + 1 }
        let writer: AuditLogWriter?
        switch audit.open(tool: "serve", handler: handler, maxLineBytes: maxLineBytes) {
        case .failure(let f): return f.code
        case .success(let w): writer = w
        }
        if let writer { options.recorder = AuditRecorder(writer: writer, handler: handler, maxLineBytes: maxLineBytes) }
        let pipeline = Pipeline(handler: handler, options: options)
        let settings = self.settings
        SignalWatcher.install(
            onStop: { signo in
                log(.info, "signal \(signo): stop reading, answering the lines already read")
                pipeline.stop()
            },
            onReload: {
                log(.info, "SIGHUP: reloading the criteria")
                pipeline.requestReload {
                    switch settings.makeHandler(report: { log(.error, $0) }) {
                    case .success(let h):
                        log(.info, "criteria reloaded: \(h.criteria.newest.id) \(h.criteria.newest.version) (sha256 \(h.criteria.newest.sha256))")
                        return h
                    case .failure:
                        log(.error, "reload refused; the previous criteria stay in force")
                        return nil
                    }
                }
            })
        log(.info, "serving \(handler.criteria.newest.id) \(handler.criteria.newest.version) on \(options.workers) workers")
        pipeline.run()
        let s = pipeline.statistics
        log(.info, "done: \(s.linesRead) lines, \(s.scored) scored, \(s.rejected) rejected, \(s.commands) commands")
        // A failed write is reported by main (`cannot write to stdout: …`, exit 1); the reader
        // going away (EPIPE) ends the daemon quietly.
        if pipeline.outputClosedEarly && !pipeline.recordingFailed { Output.standardOutput.recordFailure(errno: pipeline.outputError ?? EPIPE) }
        return Self.closeLog(writer, failed: pipeline.recordingFailed, status: ExitCode.ok)
    }

    /// Closes the decision log (its closing checkpoint); exit 1 with the reason when it failed,
    /// or when answers were held back because it could not keep them.
    static func closeLog(_ writer: AuditLogWriter?, failed: Bool, status: Int32) -> Int32 {
        guard let writer else { return status }
        let closed = writer.close()
        if failed {
            Console.error((writer.failureMessage ?? "the decision log could not be written") + "; the answers after the last one logged were not written")
            return ExitCode.failure
        }
        if !closed {
            Console.error((writer.failureMessage ?? "the decision log could not be closed") + " (its closing checkpoint)")
            return ExitCode.failure
        }
        return status
    }

    /// The arguments without `--model FILE` / `--model=FILE` (the supervisor gives its workers
    /// the snapshot's files instead).
    static func withoutModelOptions(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var skipNext = false
        for a in arguments {
            if skipNext { skipNext = false; continue }
            if a == "--model" { skipNext = true; continue }
            if a.hasPrefix("--model=") { continue }
            out.append(a)
        }
        return out
    }
}
