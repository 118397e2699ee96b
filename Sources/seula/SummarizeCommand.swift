import Foundation
import SeulaEvaluation
import SeulaFormats
import SeulaService
import SeulaTransport

/// `seula summarize [FILE|-]`: a readable summary of decision records.
struct SummarizeCommand: Command {
    static let spec = CommandSpec(
        names: ["summarize"],
        abstract: "summarise decision records: segments, outcomes, products, errors",
        positionals: [Positional(name: "FILE", help: "answers of serve or score, JSON lines; - or nothing is stdin", optional: true)],
        options: Options.progressGroup,
        discussion: """
        Reads the answers of serve or score and prints how many cases fell in each segment,
        outcome and urgency, the overrides applied, products and referrals recommended, the review
        rate, and rejected lines by error code with their line numbers.
        """,
        footer: "EXIT: 0 summarised; 1 the output could not be written; 64 usage; 66 no such file.")

    let path: String?
    let progress: Bool

    init(_ a: ParsedArguments) throws(UsageError) {
        path = a.positional(0)
        progress = Options.showsProgress(a)
    }

    func run() -> Int32 {
        let bytes: [UInt8]
        switch InputFile.read(path) {
        case .failure(let f): return f.code
        case .success(let b): bytes = b
        }
        if let hint = JSONLinesHint.message(bytes, name: InputFile.name(path)) { Console.error("\(InputFile.name(path)): \(hint)") }
        var summary = CaseloadSummary()
        let meter = RunProgress(command: "seula summarize", enabled: progress)
        meter.begin("reading answers", total: bytes.count, unit: .bytes)
        bytes.withUnsafeBytes { all in
            var splitter = LineSplitter(maxLineBytes: Int.max / 2)
            let add = { (e: LineSplitter.Event) in
                if case .line(_, let line) = e, !LineSplitter.isBlank(line) { summary.add(line) }
            }
            var at = 0
            while at < all.count {
                let end = min(all.count, at + (1 << 20))
                splitter.feed(UnsafeRawBufferPointer(rebasing: all[at..<end]), add)
                meter.add(end - at)
                at = end
            }
            splitter.finish(add)
        }
        meter.finish()
        Console.out(summary.render())
        return ExitCode.ok
    }
}
