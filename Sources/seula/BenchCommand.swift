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
    near-threshold review of every case. Prints cases/s on stdout. Reading JSON, rules,
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
        guard let data = FileManager.default.contents(atPath: input) else {
            Console.error("\(input): no such file")
            return ExitCode.noInput
        }
        let model = handler.criteria.newest
        let parser = CaseLineParser(model: model, strict: false, today: handler.options.today)
        var cases: [ScreeningCase] = []
        var c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count, indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        [UInt8](data).withUnsafeBytes { all in
            var start = 0
            for i in 0..<all.count where all[i] == 0x0A {
                if parser.parse(UnsafeRawBufferPointer(rebasing: all[start..<i]), into: &c) == .parsed { cases.append(c) }
                start = i + 1
            }
        }
        var scorer = ColumnScorer(model: model)
        scorer.load(cases)
        var best = Double.infinity
        for _ in 0..<repeats {
            let t = MonotonicClock.now()
            scorer.score(threads: ProcessInfo.processInfo.activeProcessorCount)
            best = min(best, MonotonicClock.seconds(since: t))
        }
        let rate = Double(cases.count) / best
        Console.out("seula bench core: \(cases.count) cases, best of \(repeats): \(String(format: "%.4f", best)) s = \(Int(rate)) cases/s\n")
        return ExitCode.ok
    }
}
