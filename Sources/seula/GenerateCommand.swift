import Foundation
import SeulaEvaluation
import SeulaFormats
import SeulaService
import SeulaSynthetic

/// `seula generate`: a synthetic caseload in the case input contract (MODEL-V1's fields with
/// MODEL-V2's additions), seeded.
///
/// Speed, `time .build-gen/release/seula generate --n 1000000 --seed 1 -o /dev/null` (release
/// build, Swift 6.3.1, x86_64 Linux VM with 2 vCPUs, machine otherwise quiet; the old and new
/// binaries run alternately, three times each, 2026-11-30):
/// - before the V2 additions (812 MB): real 1.56–1.63 s (user ≈ 3.0 s); `--threads 1`: 3.0–3.2 s;
/// - with them (833 MB: a hetu on 95 % of cases, assessed_on on all): real 1.75 s (user ≈ 3.3 s);
///   `--threads 1`: 3.25–3.33 s; `--hetu-rate 0`: real 1.62 s — the hetu (its own random stream,
///   the birth date drawn to fit the age, 11 more characters) costs ≈ 0.25 µs of CPU per case.
/// To a file: real ≈ 2.9–3.0 s either way (the kernel copying the bytes into the page cache);
/// with `--labels` (1 005 MB): real ≈ 3.7 s. Loaded by other builds, expect 2–3 times as long.
/// Peak memory ≈ 140–180 MB whatever N (at most threads + 2 blocks of 16 384 cases in flight).
struct GenerateCommand: Command {
    static let n = Option("--n", short: "n", value: "N", help: "number of lines", required: true)
    static let labels = Option("--labels", help: "add a simulated caseworker's judgement under \"label\": segment, outcome, services (product ids), outcome_12m (0/1, an adverse outcome within a year) and gender (f/m/x, a group field scoring never reads)")
    static let badRate = Option("--bad-rate", value: "R", help: "replace a share R (0–1) of lines with malformed lines of every kind (not JSON, truncated, invalid UTF-8, wrong types, out-of-range values, impossible dates, blank lines, 200 nested arrays, huge numbers, …)")
    static let hetuRate = Option("--hetu-rate", value: "R", help: "share R (0–1) of cases with a valid hetu (default 0.95; undocumented people get one a tenth as often); 0 writes none")
    static let assessedOn = Option("--assessed-on", value: "D", help: "every case assessed on day D (YYYY-MM-DD), or FROM..TO: uniform over those days, both included (default 2026-01-01..2026-10-31)")

    static let spec = CommandSpec(
        names: ["generate"],
        abstract: "a synthetic caseload (seeded), optionally with caseworker labels",
        options: [n, Options.seed.help("random seed, 0 … 2^64-1 (default 1)"), labels, badRate, hetuRate, assessedOn,
                  Options.format.help("jsonl (default) or csv (default csv when FILE ends in .csv)"),
                  Options.csv.help("write CSV in this dialect: comma (default) or excel (';', a byte-order mark, CRLF, lists joined with ', '); implies --format csv"),
                  Options.output.help("write to FILE instead of stdout (- is stdout); written beside it and renamed over it when complete"),
                  Options.workers.help("worker threads (default: every core; the output does not change)")] + Options.progressGroup,
        discussion: """
        Writes N synthetic adult-social-work cases in the case input contract (MODEL-V1's fields and
        MODEL-V2's additions): one JSON object per line (or a CSV row per case under a header of field
        paths such as hetu, coping.paying_bills, label.segment). The people are drawn from a latent
        model: correlated everyday difficulty and register risk, life situations at realistic rates
        (homelessness, families, immigrant background, rehabilitees, disability, care leavers, older
        people, …), 16 coping answers that measure the difficulty, 12 register indicators that follow
        the risk, 16 intake flags (written only where true), household, municipality, language, a
        few unanswered items and register gaps.

        What MODEL-V2 needs is in every default caseload: assessed_on on every case, in 2026 (so V2
        decides it); a hetu on about 95 % of cases, its birth date giving the case's age on
        assessed_on, except about 0.5 % that give another age and 0.1 % born after assessed_on
        (V2's inconsistent_input); flags.care_allowance_highest (about 1.8 %, mostly clients 75+ with
        a memory disorder and disabled pensioners); clients aged 75+ (about 9 %), minors aged 15-17
        (about 2.5 %, some unaccompanied) and a few 18-19-year-olds whose unaccompanied_minor flag
        was never cleared; undocumented clients, mostly unknown to the registers; 1-3 and 4+ register
        gaps; every severe risk marker and safety signal, parents of children under 18 among them.
        Every segment, product, override and referral of the default criteria occurs in a few
        thousand cases. The same N, seed and options give byte-identical output whatever the number
        of cores; line i is the same person whatever the other options. The clock is never read.

        Hetus are personal data to the scorer: `seula serve` / `score` refuse a case with a hetu
        unless a pseudonym key is configured (SEULA_PSEUDONYM_KEY or --pseudonym-key-file). Give
        one when scoring a generated caseload, or generate with --hetu-rate 0.
        """,
        footer: """
        EXAMPLES:
          seula generate --n 5000 --seed 7 --labels -o caseload.jsonl
          seula generate --n 200 --seed 1 --bad-rate 0.1 | SEULA_PSEUDONYM_KEY=test-key seula serve
          seula generate --n 1000 --hetu-rate 0 --assessed-on 2025-01-01..2025-12-31   # for V1

        EXIT: 0 written; 1 the output could not be written; 64 usage error.
        """)

    let options: GeneratorOptions
    let output: String?
    let dialect: CSVDialect?
    let threads: Int
    let progress: Bool

    init(_ a: ParsedArguments) throws(UsageError) {
        let n = try a.int(Self.n, min: 0)!
        let seed = try a.uint64(Options.seed) ?? 1
        let labels = a.flag(Self.labels)
        let badRate = try a.double(Self.badRate, in: 0...1) ?? 0
        let out = a.value(Options.output)
        output = out == "-" ? nil : out
        dialect = a.value(Options.csv).flatMap(CSVDialect.init(name:))
        let format: OutputFormat
        if let f = a.value(Options.format) {
            format = OutputFormat(rawValue: f)!
            if format == .jsonl && dialect != nil { throw UsageError("--csv writes CSV; it does not go with --format jsonl") }
        } else {
            format = dialect != nil || output?.lowercased().hasSuffix(".csv") == true ? .csv : .jsonl
        }
        let hetuRate = try a.double(Self.hetuRate, in: 0...1) ?? GeneratorOptions.defaultHetuRate
        var assessedOn = DateRange.v2Default
        if let text = a.value(Self.assessedOn) {
            guard let range = DateRange(parsing: text) else {
                throw UsageError("--assessed-on needs a date YYYY-MM-DD or a range FROM..TO (FROM not after TO), not '\(text)'")
            }
            assessedOn = range
        }
        threads = try a.int(Options.workers, min: 1) ?? ProcessInfo.processInfo.activeProcessorCount
        progress = Options.showsProgress(a)
        options = GeneratorOptions(count: n, seed: seed, labels: labels, badRate: badRate, format: format,
                                   hetuRate: hetuRate, assessedOn: assessedOn)
    }

    func run() -> Int32 {
        // A file is written beside OUT and renamed over it only when complete: a full disk
        // never leaves half a caseload where the old one was.
        let out: Output
        switch Output.open(output ?? "-") {
        case .failure(let e):
            Console.error(e.message)
            return ExitCode.failure
        case .success(let o): out = o
        }
        let generator = CaseloadGenerator(options)
        var rewriter = dialect.map { CSVRewriter(to: $0) }
        // Progress counts lines written (only when shown: counting newlines costs a pass).
        let progress = RunProgress(command: "seula generate", enabled: self.progress && (output != nil || isatty(1) == 0))
        progress.begin("writing cases", total: options.count, unit: .items("lines"))
        defer { progress.finish() }
        let summary = generator.write(threads: threads) { bytes in
            if progress.isEnabled { progress.add(bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }) }
            if rewriter != nil, rewriter!.dialect != .comma { return out.write(rewriter!.rewrite(bytes)) }
            return out.write(bytes)
        }
        progress.finish()
        if out.isStandardOutput { return ExitCode.ok }   // main reports a failed write
        if out.readerGone { out.finish(commit: false); return ExitCode.ok }
        let failed = out.errorCode != nil
        if let error = out.finish(commit: !failed) {
            Console.error(error + (failed && !Output.isSpecial(out.name) ? " (the file was left as it was)" : ""))
            return ExitCode.failure
        }
        let bad = summary.malformedCount
        Console.info("\(out.name): \(summary.lines) lines (\(summary.lines - bad) cases\(bad > 0 ? ", \(bad) malformed" : "")), \(summary.bytes) bytes, seed \(options.seed)")
        return ExitCode.ok
    }
}
