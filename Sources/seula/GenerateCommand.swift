import Foundation
import SeulaEvaluation
import SeulaSynthetic

/// `seula generate`: a synthetic caseload in the MODEL-V1 input contract, seeded.
///
/// Speed, `time .build-gen/release/seula generate --n 1000000 --seed 1 -o /tmp/g.jsonl` (release
/// build, Swift 6.3.1, x86_64 Linux VM with 2 vCPUs; 812 MB written):
/// - machine otherwise quiet: real 2.8–3.3 s (user ≈ 2.6 s, sys ≈ 1.7 s — the kernel copying
///   812 MB into the page cache); to /dev/null: real 1.4 s; `--threads 1` to /dev/null: 2.2 s;
/// - while two other engineers' builds ran (load average 3.4): real 5.0–5.8 s (user 2.7–3.0 s);
/// - with `--labels` (985 MB): real 4.2 s quiet, 8.7 s loaded.
/// Peak memory ≈ 150 MB whatever N (at most threads + 2 blocks of 16 384 cases in flight).
struct GenerateCommand: Command {
    static let names = ["generate"]
    static let abstract = "a synthetic caseload (seeded), optionally with caseworker labels"
    static let help = """
    USAGE: seula generate --n N [--seed S] [--labels] [--bad-rate R] [--format jsonl|csv] [-o FILE]

    Writes N synthetic adult-social-work cases in the MODEL-V1 input contract: one JSON object
    per line (or a CSV row per case under a header of field paths such as coping.paying_bills,
    label.segment). The people are drawn from a latent model: correlated everyday difficulty and
    register risk, life situations at realistic rates (homelessness, families, immigrant
    background, rehabilitees, disability, care leavers, older people, …), 16 coping answers that
    measure the difficulty, 12 register indicators that follow the risk, intake flags, household,
    municipality, language, assessed_on in 2024–2025, a few unanswered items and register gaps.
    No hetu is ever written. Every segment, product, override and referral of the default
    criteria occurs in a few thousand cases. The same N, seed and options give byte-identical
    output whatever the number of cores; line i is the same person whatever the other options.

    OPTIONS:
      --n N              number of lines (required)
      --seed S           random seed, 0 … 2^64-1 (default 1)
      --labels           add a simulated caseworker's judgement under "label": segment, outcome,
                         services (product ids), outcome_12m (0/1, an adverse outcome within a
                         year) and gender (f/m/x, a group field scoring never reads)
      --bad-rate R       replace a share R (0–1) of lines with malformed lines of every kind
                         (not JSON, truncated, invalid UTF-8, wrong types, out-of-range values,
                         impossible dates, blank lines, 200 nested arrays, huge numbers, …)
      --format F         jsonl (default) or csv (default csv when FILE ends in .csv)
      -o, --output FILE  write to FILE instead of stdout
      --threads N        worker threads (default: every core; the output does not change)
      -h, --help         show this help

    Progress is shown on stderr when it is a terminal (SEULA_PROGRESS=1 forces it, 0 turns it off).

    EXAMPLES:
      seula generate --n 5000 --seed 7 --labels -o caseload.jsonl
      seula generate --n 200 --seed 1 --bad-rate 0.1 | seula serve

    EXIT: 0 written; 1 the output could not be written; 64 usage error.
    """

    let options: GeneratorOptions
    let output: String?
    let threads: Int

    init(_ a: inout ArgumentReader) throws(UsageError) {
        guard let n = try a.intOption("--n", min: 0) else { throw UsageError("--n N is required (the number of cases)") }
        var seed: UInt64 = 1
        if let s = try a.option("--seed") {
            guard let v = UInt64(s) else { throw UsageError("--seed needs a whole number 0 … 18446744073709551615, not '\(s)'") }
            seed = v
        }
        let labels = a.flag("--labels")
        let badRate = try a.doubleOption("--bad-rate") ?? 0
        guard (0...1).contains(badRate) else { throw UsageError("--bad-rate needs a share between 0 and 1, not \(badRate)") }
        let out = try (a.options("-o") + a.options("--output")).last
        output = out == "-" ? nil : out
        let format: OutputFormat
        if let f = try a.option("--format") {
            guard let parsed = OutputFormat(rawValue: f) else { throw UsageError("--format needs jsonl or csv, not '\(f)'") }
            format = parsed
        } else {
            format = output?.lowercased().hasSuffix(".csv") == true ? .csv : .jsonl
        }
        threads = try a.intOption("--threads", min: 1) ?? ProcessInfo.processInfo.activeProcessorCount
        _ = try a.positionals(max: 0, names: "none")
        options = GeneratorOptions(count: n, seed: seed, labels: labels, badRate: badRate, format: format)
    }

    func run() -> Int32 {
        let fd: Int32
        if let output {
            fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else {
                Console.error("\(output): cannot write: \(String(cString: strerror(errno)))")
                return ExitCode.failure
            }
        } else {
            fd = STDOUT_FILENO
        }
        var failure: String? = nil
        let generator = CaseloadGenerator(options)
        // Progress counts lines written (only when shown: counting newlines costs a pass).
        let progress = RunProgress(command: "seula generate", enabled: RunProgress.wanted() && (output != nil || isatty(1) == 0))
        progress.begin("writing cases", total: options.count, unit: .items("lines"))
        defer { progress.finish() }
        let summary = generator.write(threads: threads) { bytes in
            if progress.isEnabled { progress.add(bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }) }
            return bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = String(cString: strerror(errno))
                        return false
                    }
                    offset += n
                }
                return true
            }
        }
        progress.finish()
        if let output {
            if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
            if let failure {
                Console.error("\(output): \(failure)")
                return ExitCode.failure
            }
            let bad = summary.malformedCount
            Console.info("\(output): \(summary.lines) lines (\(summary.lines - bad) cases\(bad > 0 ? ", \(bad) malformed" : "")), \(summary.bytes) bytes, seed \(options.seed)")
        } else if let failure {
            Console.error("stdout: \(failure)")
            return ExitCode.failure
        }
        return ExitCode.ok
    }
}
