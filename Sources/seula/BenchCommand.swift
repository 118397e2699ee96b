import Foundation
import SeulaCore
import SeulaBench
import SeulaEngine
import SeulaService
import SeulaTransport

/// `seula bench core IN`: the scoring core on in-memory columns.
struct BenchCoreCommand: Command {
    static let repeatCount = Option("--repeat", value: "K", help: "timed passes (default 20; the best is reported)")

    static let spec = CommandSpec(
        names: ["bench", "core"],
        abstract: "benchmark the scoring core on in-memory columns (cases/s)",
        positionals: [Positional(name: "IN", help: "a JSONL caseload (- is stdin)")],
        options: [repeatCount] + ScoringSettings.options,
        discussion: """
        Reads a JSONL caseload into column-major matrices (not timed), then times the core on those
        columns K times: both axis scores through BLAS dgemv, and the segment, default outcome and
        near-threshold review of every case. Prints cases/s on stderr. Reading JSON, rules,
        products and writing records are not part of this figure (see `seula score`).
        """,
        footer: "EXIT: 0 measured; 64 usage; 65 bad criteria or an empty caseload; 66 IN missing.")

    let settings: ScoringSettings
    let input: String
    let repeats: Int

    init(_ a: ParsedArguments) throws(UsageError) {
        settings = try ScoringSettings(a)
        repeats = try a.int(Self.repeatCount, min: 1) ?? 20
        input = a.positional(0)!
        try InputFile.checkOneStdin([input] + settings.inputs)
    }

    func run() -> Int32 {
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        // Map the file (no copy; stdin is read into memory), count the cases, then read them
        // straight into the columns.
        var mapped: UnsafeMutableRawPointer
        let size: Int
        if input == "-" {
            let stdinBytes = StandardInput.readAll()
            size = stdinBytes.count
            guard size > 0 else {
                Console.error("stdin: empty")
                return ExitCode.dataError
            }
            mapped = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            stdinBytes.withUnsafeBytes { mapped.copyMemory(from: $0.baseAddress!, byteCount: size) }
        } else {
            let fd = open(input, O_RDONLY)
            guard fd >= 0 else {
                Console.error("\(input): no such file")
                return ExitCode.noInput
            }
            defer { close(fd) }
            var st = stat()
            fstat(fd, &st)
            size = Int(st.st_size)
            TruncationGuard.install()
            guard size > 0, let m = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else {
                Console.error("\(input): empty or unreadable")
                return ExitCode.dataError
            }
            mapped = m
        }
        defer { if input != "-" { munmap(mapped, size) } else { mapped.deallocate() } }
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
