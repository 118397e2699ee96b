import Foundation
import SeulaCore
import SeulaAudit
import SeulaBench
import SeulaEngine
import SeulaFormats
import SeulaService
import SeulaTransport

/// `seula score IN [-o OUT]`: a whole caseload, all cores, constant memory.
struct ScoreCommand: Command {
    static let fields = Option("--fields", value: "F,…", help: "CSV columns, separated by commas (default: \(RecordCSV.defaultFields.joined(separator: ", "))); any of: \(RecordCSV.allFields.joined(separator: ", "))")
    static let parseOnly = Option("--parse-only", help: "only read and parse (fast reader), write nothing: the practical limit")
    static let simple = Option("--simple", help: "the simple per-line path (no fast reader, no column kernels); for comparison")

    static let spec = CommandSpec(
        names: ["score"],
        abstract: "score a caseload file (JSONL or CSV) on all cores: decisions as JSONL or CSV",
        positionals: [Positional(name: "IN", help: "the caseload: JSON lines or CSV (- is stdin)")],
        options: [
            Options.output.help("where to write (default: stdout; - is stdout); a file is written beside OUT and renamed over it only when complete"),
            Options.format.help("IN's format (default: from the file name, else its content: JSON starts with { or [)"),
            Options.csv.help("write the answers as CSV rows in this dialect: comma (RFC 4180) or excel (Excel in Finland: ';', a byte-order mark, CRLF, decimal comma, lists joined with ', '); default: CSV (comma) for an OUT ending in .csv, else JSON lines"),
            fields,
        ] + Options.progressGroup + [parseOnly, Options.workers, simple, Options.maxLineBytes] + ScoringSettings.options
            + AuditLogOptions.options,
        discussion: """
        Reads a caseload — JSON lines, or CSV with a header of field paths such as
        id,age,coping.paying_bills,risk.housing,flags.care_leaver (separated by ',', ';' or tab;
        a byte-order mark, CRLF, TRUE/FALSE and quoted cells over several lines are read as Excel
        writes them) — and writes one answer per input record, in order: the decision record (the
        same bytes `seula serve` writes for the same case) as JSON lines, or with --csv (or an OUT
        ending in .csv) one CSV row per case with the --fields columns. A bad record becomes its
        own error answer; a per-code summary goes to stderr. A cell a spreadsheet would run as a
        formula (= + - @ first) is written with a ' in front.

        With --audit-log every answer is also appended to a tamper-evident decision log
        (docs/audit-log.md) before it is written; the log keeps decision records, so the output
        must be JSON lines.
        """,
        footer: """
        EXIT: 0 scored (records with errors are answered and counted); 1 the output could not be
        written; 64 usage; 65 bad criteria or CSV header, or not a single record could be decided;
        66 IN missing.
        """)

    let settings: ScoringSettings
    let input: String
    let output: String?
    let format: String?
    let csvDialect: CSVDialect?
    let fields: [String]
    let progress: Bool
    let parseOnly: Bool
    let workers: Int?
    let simple: Bool
    let maxLineBytes: Int
    let audit: AuditLogOptions

    init(_ a: ParsedArguments) throws(UsageError) {
        settings = try ScoringSettings(a)
        input = a.positional(0)!
        output = a.value(Options.output)
        format = a.value(Options.format)
        let dialect = a.value(Options.csv).flatMap(CSVDialect.init(name:))
        csvDialect = dialect ?? (output?.lowercased().hasSuffix(".csv") == true ? .comma : nil)
        progress = Options.showsProgress(a)
        parseOnly = a.flag(Self.parseOnly)
        simple = a.flag(Self.simple)
        workers = try a.int(Options.workers, min: 1)
        maxLineBytes = try a.int(Options.maxLineBytes, min: 16) ?? (1 << 20)
        try InputFile.checkOneStdin([input] + settings.inputs)
        audit = try AuditLogOptions(a)
        if audit.path != nil && csvDialect != nil {
            throw UsageError("--audit-log keeps the decision records: write JSON lines (the CSV columns are a projection of them)")
        }
        if audit.path != nil && parseOnly { throw UsageError("--parse-only decides nothing to log: leave out --audit-log") }
        if let list = a.value(Self.fields) {
            guard csvDialect != nil else { throw UsageError("--fields applies to CSV output (--csv comma|excel, or an OUT ending in .csv)") }
            fields = list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            for f in fields where RecordField(rawValue: f) == nil {
                throw UsageError("--fields: unknown field '\(f)'" + Suggestion.didYouMean(f, among: RecordCSV.allFields) + " (see the list in --help)")
            }
        } else {
            fields = RecordCSV.defaultFields
        }
    }

    func run() -> Int32 {
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        let name = InputFile.name(input)
        let inFD = input == "-" ? STDIN_FILENO : open(input, O_RDONLY)
        guard inFD >= 0 else {
            Console.error("\(input): \(String(cString: strerror(errno)))")
            return ExitCode.noInput
        }
        defer { if inFD != STDIN_FILENO { close(inFD) } }
        var st = stat()
        fstat(inFD, &st)
        let totalBytes = (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : 0

        var options = PipelineOptions()
        options.maxLineBytes = maxLineBytes
        var inputFormat = ChunkProcessor.InputFormat.jsonl
        var outputFormat = ChunkProcessor.OutputFormat.jsonl
        if let workers { options.workers = workers }

        // The format: --format, else the file name, else the first non-blank line (read here;
        // handed on to the pipeline, or left in the file for it).
        let head = InputHead.read(inFD, limit: maxLineBytes)
        let isCSV: Bool
        if let format {
            isCSV = format == "csv"
        } else if let byName = InputHead.formatByName(input) {
            isCSV = byName == "csv"
        } else {
            isCSV = !head.looksLikeJSON
        }
        if isCSV {
            guard let header = head.firstLine else {
                if head.bytes.isEmpty { return finishEmpty() }
                Console.error("\(name): line \(head.firstLineNumber): the CSV header is longer than \(maxLineBytes) bytes")
                return ExitCode.dataError
            }
            let parsed: Result<CaseCSVReader, CaseError> = header.withUnsafeBytes { b in
                do throws(CaseError) {
                    return .success(try CaseCSVReader(headerLine: b, model: handler.criteria.newest, strict: handler.options.strict))
                } catch {
                    return .failure(error)
                }
            }
            switch parsed {
            case .success(let reader): inputFormat = .csv(reader)
            case .failure(let error):
                Console.error("\(name): line \(head.firstLineNumber): \(error.message)")
                return ExitCode.dataError
            }
            options.linesBefore = head.firstLineNumber
            options.initialBytes = head.rest(after: head.firstLineEnd, fd: inFD)
        } else {
            if let line = head.firstLine, let hint = line.withUnsafeBytes({ JSONLinesHint.message(firstLine: $0, name: name) }) {
                Console.error("\(name): line \(head.firstLineNumber): \(hint)")
            }
            options.initialBytes = head.rest(after: 0, fd: inFD)
        }
        if parseOnly { return runParseOnly(handler, inFD, totalBytes, options, inputFormat) }

        var projection: RecordCSV? = nil
        if let csvDialect {
            projection = try! RecordCSV(fields: fields, dialect: csvDialect)
            outputFormat = .csv(projection!)
        }

        // Output: stdout, or a temporary file beside OUT renamed on success (OUT itself when it
        // is not a regular file, such as /dev/null).
        let out: Output
        switch Output.open(output ?? "-") {
        case .failure(let e):
            Console.error(e.message)
            return ExitCode.failure
        case .success(let o): out = o
        }
        if let projection { out.write(projection.header) }

        let writer: AuditLogWriter?
        switch audit.open(tool: "score", handler: handler, maxLineBytes: maxLineBytes, inputFile: input) {
        case .failure(let f):
            if !out.isStandardOutput { out.finish(commit: false) }
            return f.code
        case .success(let w): writer = w
        }
        if let writer {
            var csv: CaseCSVReader? = nil
            if case .csv(let reader) = inputFormat { csv = reader }
            options.recorder = AuditRecorder(writer: writer, handler: handler, maxLineBytes: maxLineBytes, csv: csv)
        }

        let meter = ProgressMeter(totalBytes: totalBytes, enabled: progress)
        options.onChunkWritten = { lines, bytesIn, _ in meter.advance(lines: lines, bytes: bytesIn) }
        let pipeline = Pipeline(handler: handler, input: inFD, output: out.fd, options: options,
                                inputFormat: inputFormat, outputFormat: outputFormat, fastPath: !simple)
        let startOffset = totalBytes > 0 ? max(0, lseek(inFD, 0, SEEK_CUR)) - options.initialBytes.count : 0
        SignalWatcher.install(onStop: { _ in pipeline.stop() }, onReload: {})
        pipeline.run()
        meter.finish()

        let s = pipeline.statistics
        if pipeline.outputClosedEarly && !pipeline.recordingFailed { out.recordFailure(errno: pipeline.outputError ?? EPIPE) }
        // The decision log's closing checkpoint; a log that failed fails the run (its answers
        // after the last logged one were not written).
        let logFailed = ServeCommand.closeLog(writer, failed: pipeline.recordingFailed, status: ExitCode.ok) != ExitCode.ok
        if out.readerGone {
            // The reader went away (`| head`): stop quietly, as a filter does.
            if !out.isStandardOutput { out.finish(commit: false) }
            return ExitCode.ok
        }
        var failed = out.errorCode != nil || logFailed
        // A regular file that ended before the size it had when we began was cut short while we
        // read it (another process truncated it): the answers are incomplete.
        var info = stat()
        if !failed, !pipeline.stoppedEarly, totalBytes > 0, fstat(inFD, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
           Int(startOffset) + options.initialBytes.count + pipeline.bytesRead < totalBytes {
            Console.error("\(name): the file was cut short while it was read (\(Int(startOffset) + options.initialBytes.count + pipeline.bytesRead) of \(totalBytes) bytes); the answers are incomplete")
            failed = true
        }
        if !out.isStandardOutput {
            let stopped = pipeline.stoppedEarly
            let special = Output.isSpecial(out.name)
            if let error = out.finish(commit: !failed && !stopped) {
                Console.error(error)
                failed = true
            }
            if !special && (failed || stopped) {
                Console.error("\(out.name): not written (\(failed ? "write failed" : "stopped by a signal")); the file was left as it was")
                return ExitCode.failure
            }
            if failed { return ExitCode.failure }
        }
        if out.isStandardOutput && failed { return ExitCode.failure }   // main reports it
        Console.info(summary(s, seconds: pipeline.uptime, bytes: totalBytes))
        if s.scored == 0 && s.rejected > 0 {
            Console.error("\(name): not a single record could be decided")
            return ExitCode.dataError
        }
        return ExitCode.ok
    }

    /// An empty input: an empty output (a CSV header only), exit 0.
    private func finishEmpty() -> Int32 {
        guard let csvDialect else { return ExitCode.ok }
        if let error = Output.write(try! RecordCSV(fields: fields, dialect: csvDialect).header, to: output ?? "-") {
            Console.error(error)
            return ExitCode.failure
        }
        return ExitCode.ok
    }

    private func summary(_ s: ServiceStatistics, seconds: Double, bytes: Int) -> String {
        let rate = seconds > 0 ? Double(s.linesRead) / seconds : 0
        var lines = ["seula score: \(s.linesRead) rows: \(s.scored) scored, \(s.rejected) rejected in \(String(format: "%.2f", seconds)) s (\(Int(rate)) rows/s, \(String(format: "%.1f", Double(bytes) / 1e6 / max(seconds, 1e-9))) MB/s in)"]
        for code in s.rejectedByCode.keys.sorted() {
            lines.append("  \(code): \(s.rejectedByCode[code]!)")
        }
        return lines.joined(separator: "\n")
    }

    /// Reads and parses every line with the fast reader (falling back to the general JSON reader
    /// where it declines), on all cores, and reports the rate: the practical limit for `score`.
    private func runParseOnly(_ handler: RequestHandler, _ fd: Int32, _ totalBytes: Int, _ options: PipelineOptions,
                              _ inputFormat: ChunkProcessor.InputFormat) -> Int32 {
        guard totalBytes > 0, options.initialBytes.isEmpty else {
            Console.error("--parse-only maps the input file: give a regular file, not stdin or a pipe")
            return ExitCode.usage
        }
        var delimiter: UInt8? = nil
        if case .csv(let reader) = inputFormat { delimiter = reader.delimiter }
        let result = ParseOnly.run(handler: handler, input: fd, workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
                                   maxLineBytes: maxLineBytes, csv: delimiter != nil, delimiter: delimiter ?? UInt8(ascii: ","))
        Console.info("seula score --parse-only: \(result.lines) lines (\(result.parsed) by the fast reader, \(result.fallback) general, \(result.invalid) invalid) in \(String(format: "%.2f", result.seconds)) s: \(Int(Double(result.lines) / max(result.seconds, 1e-9))) lines/s, \(String(format: "%.1f", Double(totalBytes) / 1e6 / max(result.seconds, 1e-9))) MB/s")
        return ExitCode.ok
    }
}

/// The start of an input read to tell its format: everything up to the end of the first
/// non-blank line (or `limit` bytes), which is then given back — left in a seekable file, or
/// handed to the pipeline for a pipe.
struct InputHead {
    var bytes: [UInt8] = []
    /// The first non-blank line (without its line end), when it ended within the limit.
    var firstLine: [UInt8]?
    /// Its 1-based line number.
    var firstLineNumber = 1
    /// The offset just after its newline.
    var firstLineEnd = 0
    /// Whether the file could be rewound (a regular file).
    var seekable = false

    static func read(_ fd: Int32, limit: Int) -> InputHead {
        var head = InputHead()
        head.seekable = lseek(fd, 0, SEEK_CUR) >= 0 && { var st = stat(); fstat(fd, &st); return (st.st_mode & S_IFMT) == S_IFREG }()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var lineStart = 0
        var scanned = 0
        while head.bytes.count <= limit + lineStart {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 {
                // The last line has no newline.
                if lineStart < head.bytes.count, !isBlank(head.bytes[lineStart...]) {
                    head.firstLine = Array(trimCR(head.bytes[lineStart...]))
                    head.firstLineEnd = head.bytes.count
                }
                return head
            }
            head.bytes += buffer[0..<n]
            while scanned < head.bytes.count {
                if head.bytes[scanned] == 0x0A {
                    let line = head.bytes[lineStart..<scanned]
                    if !isBlank(line) {
                        head.firstLine = Array(trimCR(line))
                        head.firstLineEnd = scanned + 1
                        return head
                    }
                    lineStart = scanned + 1
                    head.firstLineNumber += 1
                }
                scanned += 1
            }
        }
        return head
    }

    /// JSON (lines) starts with `{` or `[` (after a byte-order mark and blanks).
    var looksLikeJSON: Bool {
        let b = bytes.starts(with: CSVDialect.byteOrderMarkBytes) ? bytes.dropFirst(3) : bytes[...]
        guard let first = b.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return true }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// `csv` or `jsonl` by the file name, nil when it does not say.
    static func formatByName(_ path: String) -> String? {
        let p = path.lowercased()
        if p.hasSuffix(".csv") || p.hasSuffix(".tsv") { return "csv" }
        if p.hasSuffix(".jsonl") || p.hasSuffix(".ndjson") || p.hasSuffix(".json") { return "jsonl" }
        return nil
    }

    /// The bytes from `offset` on for the reader that comes next: for a seekable file the file
    /// is rewound there and nothing is returned; for a pipe, the bytes already read.
    func rest(after offset: Int, fd: Int32) -> [UInt8] {
        if seekable, lseek(fd, off_t(offset), SEEK_SET) >= 0 { return [] }
        return offset < bytes.count ? Array(bytes[offset...]) : []
    }

    static func isBlank(_ b: ArraySlice<UInt8>) -> Bool {
        var x = b
        if x.starts(with: CSVDialect.byteOrderMarkBytes) { x = x.dropFirst(3) }
        return x.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    static func trimCR(_ b: ArraySlice<UInt8>) -> ArraySlice<UInt8> { b.last == 0x0D ? b.dropLast() : b }
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
        let text = totalBytes > 0
            ? "\r\(bar) \(String(format: "%5.1f", fraction * 100))%  \(lines) rows  \(Int(rate)) rows/s  ETA \(String(format: "%.0f", eta)) s "
            : "\r\(lines) rows  \(Int(rate)) rows/s "
        Output.standardError.write(text)
    }

    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        draw(MonotonicClock.seconds(since: started))
        Output.standardError.write("\n")
    }
}
