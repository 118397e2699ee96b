import Foundation
import SeulaService

/// `seula summarize [FILE|-]`: a readable summary of decision records.
struct SummarizeCommand: Command {
    static let names = ["summarize"]
    static let abstract = "summarise decision records: segments, outcomes, products, errors"
    static let help = """
    USAGE: seula summarize [FILE|-]

    Reads the answers of serve or score (JSON lines; FILE or stdin) and prints how many cases
    fell in each segment, outcome and urgency, the overrides applied, products and referrals
    recommended, the review rate, and rejected lines by error code with their line numbers.

    OPTIONS:
      -h, --help    show this help
    """

    let path: String?

    init(_ a: inout ArgumentReader) throws(UsageError) {
        path = try a.positionals(max: 1, names: "FILE").first
    }

    func run() -> Int32 {
        let bytes: [UInt8]
        switch readInput(path) {
        case .failure(let f): return f.code
        case .success(let b): bytes = b
        }
        var summary = CaseloadSummary()
        bytes.withUnsafeBytes { all in
            var splitter = LineSplitter(maxLineBytes: Int.max / 2)
            let add = { (e: LineSplitter.Event) in
                if case .line(_, let line) = e, !LineSplitter.isBlank(line) { summary.add(line) }
            }
            splitter.feed(all, add)
            splitter.finish(add)
        }
        Console.out(summary.render())
        return ExitCode.ok
    }
}
