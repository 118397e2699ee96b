import Foundation
import SeulaAudit
import SeulaEngine
import SeulaService

/// `seula serve`: the JSON-lines daemon (PROTOCOL.md).
struct ServeCommand: Command {
    static let names = ["serve"]
    static let abstract = "JSON-lines daemon: one answer per input line, in order, on all cores"
    static let help = """
    USAGE: seula serve [--model FILE] [--strict] [--max-line-bytes N] [--workers N] [--log-level L] [--audit-log FILE]

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
             A closed stdout (the reader went away): exit quietly.

    OPTIONS:
    \(ScoringSettings.help)
      --max-line-bytes N         longest accepted line (default 1048576); longer → line_too_long
      --workers N                worker threads (default: the number of cores)
      --log-level L              error | warning | info | debug, on stderr (default warning)
      --no-supervisor            run in one process (a little faster; a bug would end the daemon)
    \(AuditLogOptions.help)
      -h, --help                 show this help

    SUPERVISION: the work runs in a worker process. If it dies on a line (a bug), the lines it
    had not answered are retried one by one; the line that ends it again gets an `internal`
    error answer, and the stream goes on.

    DECISION LOG: with --audit-log the supervisor (the one process that sees every line and
    every answer, its own and its workers', in order) writes the log; its workers are given its
    date (--today) so every logged decision can be decided again. Check a log with
    `seula audit verify`, re-decide it with `seula audit replay`.
    """

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

    init(_ a: inout ArgumentReader) throws(UsageError) {
        arguments = a.remaining
        asWorker = a.flag("--as-worker")
        supervised = !a.flag("--no-supervisor")
        linesBefore = try a.intOption("--lines-before", min: 0) ?? 0
        settings = try ScoringSettings(&a)
        maxLineBytes = try a.intOption("--max-line-bytes", min: 16) ?? (1 << 20)
        workers = try a.intOption("--workers", min: 1)
        let level = try a.option("--log-level") ?? "warning"
        guard let l = Log.Level(name: level) else { throw UsageError("--log-level must be error, warning, info or debug, not '\(level)'") }
        logLevel = l
        // Last: `--audit-fsync interval MS` takes the word after it.
        audit = try AuditLogOptions(&a)
        _ = try a.positionals(max: 0, names: "none")
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
            var supervisorOptions = Supervisor.Options(executable: executable, workerArguments: workerArguments,
                                                       maxLineBytes: maxLineBytes, log: log, criteria: snapshot)
            if let writer {
                let paths = snapshot.paths
                supervisorOptions.recorder = AuditRecorder(writer: writer, handler: checked, maxLineBytes: maxLineBytes,
                                                           reloaded: { (try? ModelFile.loadSet(paths))?.models.map(ModelRef.init) })
            }
            let supervisor = Supervisor(options: supervisorOptions)
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
        var options = Pipeline.Options()
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
        var status = ExitCode.ok
        if let e = pipeline.outputError {
            Console.error("cannot write to stdout: \(String(cString: strerror(e)))")
            status = ExitCode.failure
        }
        return Self.closeLog(writer, failed: pipeline.recordingFailed, status: status)
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
