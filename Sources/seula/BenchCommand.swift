import Foundation
import SeulaCore
import SeulaEngine
import SeulaService

/// `seula bench core IN`: the scoring core on in-memory columns.
struct BenchCoreCommand: Command {
    static let names = ["bench", "core"]
    static let abstract = "benchmark the scoring core on in-memory columns (cases/s)"
    static let help = """
    USAGE: seula bench core IN [--repeat K] [--model FILE]

    Reads a JSONL caseload into column-major matrices (not timed), then times the core on those
    columns K times: both axis scores through BLAS dgemv, and the segment, default outcome and
    near-threshold review of every case. Prints cases/s on stderr. Reading JSON, rules,
    products and writing records are not part of this figure (see `seula score`).

    OPTIONS:
      --repeat K     timed passes (default 20; the best is reported)
    \(ScoringSettings.help)
      -h, --help     show this help
    """

    let settings: ScoringSettings
    let input: String
    let repeats: Int

    init(_ a: inout ArgumentReader) throws(UsageError) {
        settings = try ScoringSettings(&a)
        repeats = try a.intOption("--repeat", min: 1) ?? 20
        guard let input = try a.positionals(max: 1, names: "IN").first else { throw UsageError("give a JSONL caseload (IN)") }
        self.input = input
    }

    func run() -> Int32 {
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        // Map the file (no copy), count the cases, then read them straight into the columns.
        let fd = open(input, O_RDONLY)
        guard fd >= 0 else {
            Console.error("\(input): no such file")
            return ExitCode.noInput
        }
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        let size = Int(st.st_size)
        TruncationGuard.install()
        guard size > 0, let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            Console.error("\(input): empty or unreadable")
            return ExitCode.dataError
        }
        defer { munmap(mapped, size) }
        let all = UnsafeRawBufferPointer(start: mapped, count: size)
        let model = handler.criteria.newest
        let parser = CaseLineParser(model: model, strict: false, today: handler.options.today,
                                    acceptsHetu: handler.options.pseudonymizer != nil)
        var c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count, indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        func eachCase(_ body: (ScreeningCase) -> Void) {
            var start = 0
            while start < size {
                var end = start
                if let p = memchr(mapped + start, 0x0A, size - start) { end = mapped.distance(to: UnsafeMutableRawPointer(p)) } else { end = size }
                if parser.parse(UnsafeRawBufferPointer(rebasing: all[start..<end]), into: &c) == .parsed { body(c) }
                start = end + 1
            }
        }
        var n = 0
        eachCase { _ in n += 1 }
        var scorer = ColumnScorer(model: model)
        scorer.reserve(n)
        var k = 0
        eachCase { c in scorer.set(k, c); k += 1 }
        let cases = (count: n, ())
        var best = Double.infinity
        for _ in 0..<repeats {
            let t = MonotonicClock.now()
            scorer.score(threads: ProcessInfo.processInfo.activeProcessorCount)
            best = min(best, MonotonicClock.seconds(since: t))
        }
        let rate = Double(cases.count) / best
        Console.info("seula bench core: \(cases.count) cases, best of \(repeats): \(String(format: "%.4f", best)) s = \(Int(rate)) cases/s")
        return ExitCode.ok
    }
}
