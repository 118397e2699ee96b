import Foundation
import SeulaCore
import SeulaAudit
import SeulaEngine
import SeulaService

/// `seula score IN [-o OUT]`: a whole caseload, all cores, constant memory.
struct ScoreCommand: Command {
    static let names = ["score"]
    static let abstract = "score a caseload file (JSONL or CSV) on all cores: decisions as JSONL or CSV"
    static let help = """
    USAGE: seula score IN [-o OUT] [--fields F,…] [--progress] [--parse-only] [--audit-log FILE] [--model FILE] …

    Reads a caseload — JSON lines, or CSV (a .csv file, or --input-format csv) with a header of
    field paths such as id,age,coping.paying_bills,risk.housing,flags.care_leaver — and writes
    one answer per input row, in order: the decision record (the same bytes `seula serve`
    writes for the same case) as JSON lines, or, for an OUT ending in .csv (or
    --output-format csv), one CSV row per case with the --fields columns. A bad row becomes its
    own error answer; a per-code summary goes to stderr. OUT is written to a temporary file and
    renamed only on success. Without -o, answers go to stdout.

    OPTIONS:
      -o, --output FILE          where to write (default: stdout)
      --input-format F           jsonl | csv (default: by IN's extension)
      --output-format F          jsonl | csv (default: by OUT's extension)
      --fields F,…               CSV columns (default: \(RecordCSV.defaultFields.joined(separator: ",")));
                                 any of: \(RecordCSV.allFields.joined(separator: ","))
      --progress                 a progress line on stderr even when it is not a terminal
      --no-progress              never show progress
      --parse-only               only read and parse (fast reader), write nothing: the practical limit
      --workers N                worker threads (default: the number of cores)
      --simple                   the simple per-line path (no fast reader, no column kernels); for comparison
    \(ScoringSettings.help)
      --max-line-bytes N         longest accepted line (default 1048576)
    \(AuditLogOptions.help)
                                 (JSONL output only: the log keeps the decision records)
      -h, --help                 show this help

    EXIT: 0 scored (rows with errors are answered and counted); 64 usage; 65 bad criteria or CSV
    header; 66 IN missing; 1 the output could not be written.
    """

    let settings: ScoringSettings
    let input: String
    let output: String?
    let inputCSV: Bool
    let outputCSV: Bool
    let fields: [String]
    let progress: Bool?
    let parseOnly: Bool
    let workers: Int?
    let simple: Bool
    let maxLineBytes: Int
    let audit: AuditLogOptions

    init(_ a: inout ArgumentReader) throws(UsageError) {
        settings = try ScoringSettings(&a)
        let short = try a.option("-o")
        let long = try a.option("--output")
        output = short ?? long
        let inFormat = try a.option("--input-format")
        let outFormat = try a.option("--output-format")
        let fieldList = try a.option("--fields")
        if a.flag("--progress") { progress = true } else if a.flag("--no-progress") { progress = false } else { progress = nil }
        parseOnly = a.flag("--parse-only")
        simple = a.flag("--simple")
        workers = try a.intOption("--workers", min: 1)
        maxLineBytes = try a.intOption("--max-line-bytes", min: 16) ?? (1 << 20)
        // Last: `--audit-fsync interval MS` takes the word after it.
        audit = try AuditLogOptions(&a)
        let positionals = try a.positionals(max: 1, names: "IN")
        guard let input = positionals.first else { throw UsageError("give the caseload file to score (IN)") }
        self.input = input
        for (name, value) in [("--input-format", inFormat), ("--output-format", outFormat)] {
            if let value, value != "jsonl" && value != "csv" { throw UsageError("\(name) must be jsonl or csv, not '\(value)'") }
        }
        inputCSV = inFormat.map { $0 == "csv" } ?? input.lowercased().hasSuffix(".csv")
        outputCSV = outFormat.map { $0 == "csv" } ?? (output?.lowercased().hasSuffix(".csv") ?? false)
        fields = fieldList.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? RecordCSV.defaultFields
        if fieldList != nil && !outputCSV { throw UsageError("--fields applies to CSV output (an OUT ending in .csv, or --output-format csv)") }
        do { _ = try RecordCSV(fields: fields) } catch { throw UsageError(error.message) }
        if audit.path != nil && outputCSV {
            throw UsageError("--audit-log keeps the decision records: write JSONL (the CSV columns are a projection of them)")
        }
        if audit.path != nil && parseOnly { throw UsageError("--parse-only decides nothing to log: leave out --audit-log") }
    }

    func run() -> Int32 {
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        let inFD = open(input, O_RDONLY)
        guard inFD >= 0 else {
            Console.error("\(input): \(String(cString: strerror(errno)))")
            return ExitCode.noInput
        }
        defer { close(inFD) }
        var st = stat()
        fstat(inFD, &st)
        let totalBytes = Int(st.st_size)

        var options = Pipeline.Options()
        options.maxLineBytes = maxLineBytes
        options.fastPath = !simple
        if let workers { options.workers = workers }
        var header: [UInt8] = []
        if inputCSV {
            // The header row names the columns; data rows are numbered from line 2.
            guard let headerLine = readFirstLine(inFD) else {
                Console.error("\(input): the CSV file has no header row")
                return ExitCode.dataError
            }
            guard let names = headerLine.withUnsafeBytes({ CaseCSVReader.fields($0) }) else {
                Console.error("\(input): line 1: the CSV header has an unclosed quote")
                return ExitCode.dataError
            }
            do {
                options.inputFormat = .csv(try CaseCSVReader(header: names, model: handler.criteria.newest, strict: handler.options.strict))
            } catch {
                Console.error("\(input): line 1: \(error.message)")
                return ExitCode.dataError
            }
            options.linesBefore = 1
        }
        if outputCSV {
            let projection = try! RecordCSV(fields: fields)
            options.outputFormat = .csv(projection)
            header = projection.header
        }

        if parseOnly { return runParseOnly(handler, inFD, totalBytes) }

        // Output: a temporary file beside OUT, renamed on success (OUT itself when it is not a
        // regular file, such as /dev/null).
        var outFD: Int32 = 1
        var temporary: String? = nil
        if let output {
            guard let opened = OutputFile.open(output) else {
                Console.error("\(output): cannot write: \(String(cString: strerror(errno)))")
                return ExitCode.failure
            }
            outFD = opened.fd
            temporary = opened.temporary
        }
        if !header.isEmpty { _ = header.withUnsafeBytes { write(outFD, $0.baseAddress, $0.count) } }

        let writer: AuditLogWriter?
        switch audit.open(tool: "score", handler: handler, maxLineBytes: maxLineBytes, inputFile: input) {
        case .failure(let f):
            if let temporary { _ = OutputFile.finish(fd: outFD, temporary: temporary, path: output!, failed: true) }
            return f.code
        case .success(let w): writer = w
        }
        if let writer {
            var csv: CaseCSVReader? = nil
            if case .csv(let reader) = options.inputFormat { csv = reader }
            options.recorder = AuditRecorder(writer: writer, handler: handler, maxLineBytes: maxLineBytes, csv: csv)
        }
        let showProgress = progress ?? Console.stderrIsTerminal
        let meter = ProgressMeter(totalBytes: totalBytes, enabled: showProgress)
        options.onChunkWritten = { lines, bytesIn, _ in meter.advance(lines: lines, bytes: bytesIn) }
        let pipeline = Pipeline(handler: handler, input: inFD, output: outFD, options: options)
        let startOffset = max(0, lseek(inFD, 0, SEEK_CUR))   // after a CSV header; 0 for a pipe
        SignalWatcher.install(onStop: { _ in pipeline.stop() }, onReload: {})
        pipeline.run()
        meter.finish()

        let s = pipeline.statistics
        var failed = pipeline.outputClosedEarly
        // A regular file that ended before the size it had when we began was cut short while we
        // read it (another process truncated it): the answers are incomplete.
        var info = stat()
        if !failed, !pipeline.stoppedEarly, totalBytes > 0, fstat(inFD, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
           Int(startOffset) + pipeline.bytesRead < totalBytes {
            Console.error("\(input): the file was cut short while it was read (\(pipeline.bytesRead) of \(totalBytes) bytes); the answers are incomplete")
            failed = true
        }
        if let e = pipeline.outputError {
            Console.error("cannot write to \(output ?? "stdout"): \(String(cString: strerror(e)))")
            failed = true
        }
        if let writer, ServeCommand.closeLog(writer, failed: pipeline.recordingFailed, status: ExitCode.ok) != ExitCode.ok {
            failed = true
        }
        if let output {
            let stopped = pipeline.stoppedEarly
            if let error = OutputFile.finish(fd: outFD, temporary: temporary, path: output, failed: failed || (stopped && temporary != nil)) {
                Console.error(error)
                failed = true
            }
            if temporary != nil && (failed || stopped) {
                Console.error("\(output): not written (\(failed ? "write failed" : "stopped by a signal")); the file was left as it was")
                return ExitCode.failure
            }
        }
        Console.info(summary(s, seconds: pipeline.uptime, bytes: totalBytes))
        return failed ? ExitCode.failure : ExitCode.ok
    }

    private func summary(_ s: ServiceStatistics, seconds: Double, bytes: Int) -> String {
        let rate = seconds > 0 ? Double(s.linesRead) / seconds : 0
        var lines = ["seula score: \(s.linesRead) rows: \(s.scored) scored, \(s.rejected) rejected in \(String(format: "%.2f", seconds)) s (\(Int(rate)) rows/s, \(String(format: "%.1f", Double(bytes) / 1e6 / max(seconds, 1e-9))) MB/s in)"]
        for code in s.rejectedByCode.keys.sorted() {
            lines.append("  \(code): \(s.rejectedByCode[code]!)")
        }
        return lines.joined(separator: "\n")
    }

    /// Reads the first line (without its newline) and leaves the descriptor just after it.
    private func readFirstLine(_ fd: Int32) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            if byte == 0x0A { return line.last == 0x0D ? Array(line.dropLast()) : line }
            line.append(byte)
            if line.count > maxLineBytes { return nil }
        }
        return line.isEmpty ? nil : line
    }

    /// Reads and parses every line with the fast reader (falling back to the general JSON reader
    /// where it declines), on all cores, and reports the rate: the practical limit for `score`.
    private func runParseOnly(_ handler: RequestHandler, _ fd: Int32, _ totalBytes: Int) -> Int32 {
        let result = ParseOnly.run(handler: handler, input: fd, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
                                   maxLineBytes: maxLineBytes, csv: inputCSV)
        Console.info("seula score --parse-only: \(result.lines) lines (\(result.parsed) by the fast reader, \(result.fallback) general, \(result.invalid) invalid) in \(String(format: "%.2f", result.seconds)) s: \(Int(Double(result.lines) / max(result.seconds, 1e-9))) lines/s, \(String(format: "%.1f", Double(totalBytes) / 1e6 / max(result.seconds, 1e-9))) MB/s")
        return ExitCode.ok
    }
}

/// A one-line progress display on stderr: rows, rate, percentage of the input, ETA.
final class ProgressMeter: @unchecked Sendable {
    let totalBytes: Int
    let enabled: Bool
    private var lines = 0
    private var bytes = 0
    private let started = MonotonicClock.now()
    private var lastDraw = -1.0
    private let lock = NSLock()

    init(totalBytes: Int, enabled: Bool) {
        self.totalBytes = totalBytes
        self.enabled = enabled
    }

    func advance(lines n: Int, bytes b: Int) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        lines += n
        bytes += b
        let t = MonotonicClock.seconds(since: started)
        if t - lastDraw >= 0.2 { draw(t) }
    }

    private func draw(_ t: Double) {
        lastDraw = t
        let fraction = totalBytes > 0 ? min(1, Double(bytes) / Double(totalBytes)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let rate = t > 0 ? Double(lines) / t : 0
        let eta = fraction > 0 ? t / fraction - t : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text = "\r\(bar) \(String(format: "%5.1f", fraction * 100))%  \(lines) rows  \(Int(rate)) rows/s  ETA \(String(format: "%.0f", eta)) s "
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        draw(MonotonicClock.seconds(since: started))
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
