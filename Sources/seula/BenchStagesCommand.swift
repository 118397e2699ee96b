import Foundation
import SeulaCore
import SeulaBench
import SeulaEngine
import SeulaService

/// `seula bench stages IN`: CPU per case in each stage of the batch path, on one thread.
struct BenchStagesCommand: Command {
    static let limitOption = Option("--limit", value: "N", help: "profile the first N lines (default 100000)")
    static let repeatCount = Option("--repeat", value: "K", help: "passes per stage (default 3; the best is reported)")

    static let spec = CommandSpec(
        names: ["bench", "stages"],
        abstract: "CPU per case in each stage of the batch path (read, decide, explain, write)",
        positionals: [Positional(name: "IN", help: "a JSONL caseload (- is stdin)")],
        options: [limitOption, repeatCount] + ScoringSettings.options,
        discussion: """
        Times the batch path's stages apart on one thread, on the same chunks `seula score` makes:
        read (the fast reader), decide (through routing, column kernels), explain (reasons and
        counterfactuals), write (the JSON record with the keyed hetu pseudonym). Prints a table of
        CPU nanoseconds per case (thread CPU time, best of K passes per stage) on stdout. Lines the
        fast reader leaves to the general path are counted and not timed; every case is decided
        with the criteria in force on --today. Set SEULA_PSEUDONYM_KEY as for `score` when the
        caseload carries hetus (else those lines are counted as general-path lines).
        """,
        footer: "EXIT: 0 measured; 1 the output could not be written; 64 usage; 65 bad criteria or no case the fast reader takes; 66 IN missing.")

    let settings: ScoringSettings
    let input: String
    let limit: Int
    let repeats: Int

    init(_ a: ParsedArguments) throws(UsageError) {
        settings = try ScoringSettings(a)
        limit = try a.int(Self.limitOption, min: 1) ?? 100_000
        repeats = try a.int(Self.repeatCount, min: 1) ?? 3
        input = a.positional(0)!
        try InputFile.checkOneStdin([input] + settings.inputs)
    }

    func run() -> Int32 {
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        let data: [UInt8]
        switch InputFile.read(input) {
        case .failure(let f): return f.code
        case .success(let d): data = d
        }
        let r = data.withUnsafeBytes { StageProfile.measure(handler: handler, data: $0, limit: limit, repeats: repeats) }
        guard r.cases > 0 else {
            Console.error("\(InputFile.name(input)): no case the fast reader takes (\(r.generalPathLines) general-path lines)")
            return ExitCode.dataError
        }
        let total = r.stages.reduce(0) { $0 + $1.nanosecondsPerCase }
        var text = "seula bench stages: \(r.cases) cases (\(r.generalPathLines) general-path lines not timed), criteria \(r.criteriaVersion), 1 thread, best of \(repeats)\n\n"
        text += "| stage | CPU ns/case | share | what |\n|---|---:|---:|---|\n"
        for s in r.stages {
            text += "| \(s.name) | \(Int(s.nanosecondsPerCase.rounded())) | \(String(format: "%.0f %%", 100 * s.nanosecondsPerCase / total)) | \(s.what) |\n"
        }
        text += "| total | \(Int(total.rounded())) | 100 % | ≈ \(Int((1e9 / total).rounded())) cases/s per core |\n"
        Console.out(text)
        return ExitCode.ok
    }
}
