import Foundation
import SeulaService

/// `seula serve`: the JSON-lines daemon (PROTOCOL.md).
struct ServeCommand: Command {
    static let names = ["serve"]
    static let abstract = "JSON-lines daemon: one answer per input line, in order"
    static let help = """
    USAGE: seula serve [--model FILE] [--strict] [--max-line-bytes N] [--pseudonym-key-file FILE]

    Reads UTF-8 JSON lines on stdin and writes exactly one JSON line per non-blank input line on
    stdout, in input order. A line without "op" is a case; commands are
    {"op":"score","case":{…},"explain":true}, {"op":"model"}, {"op":"stats"}, {"op":"ping"},
    each may carry "req", which is echoed. A bad line gets {"ok":false,…,"error":{…}} and the
    daemon goes on. Answers are flushed whenever no further input is waiting.

    OPTIONS:
    \(ScoringSettings.help)
      --max-line-bytes N         longest accepted line (default 1048576); longer → line_too_long
      -h, --help                 show this help
    """

    let settings: ScoringSettings
    let maxLineBytes: Int

    init(_ a: inout ArgumentReader) throws(UsageError) {
        settings = try ScoringSettings(&a)
        maxLineBytes = try a.intOption("--max-line-bytes", min: 16) ?? (1 << 20)
        _ = try a.positionals(max: 0, names: "none")
    }

    func run() -> Int32 {
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        signal(SIGPIPE, SIG_IGN)
        return ServeLoop(handler: handler, maxLineBytes: maxLineBytes).run()
    }
}
