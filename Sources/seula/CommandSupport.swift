import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaService

/// Exit codes (docs/protocol.md; sysexits.h values).
enum ExitCode {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
}

/// One `seula` command: its declarations (`spec`), parsed and checked in `init` (usage errors
/// only), then `run`.
protocol Command {
    static var spec: CommandSpec { get }
    init(_ arguments: ParsedArguments) throws(UsageError)
    func run() -> Int32
}

extension Command {
    /// A usage error found while running (a value only the data can judge): the same one line
    /// and pointer to the help as a parse error, exit 64.
    func usageFailure(_ message: String) -> Int32 {
        Console.usage(Self.spec, message)
    }
}

/// The options, each declared once with the name it has in every command. A command lists the
/// ones it takes (with its own help text where the meaning needs it: `.help("…")`); the parser
/// and the help are made from that list.
enum Options {
    // Files in and out.
    static let output = Option("--output", short: "o", value: "FILE", help: "where to write (default: stdout; - is stdout)")
    static let format = Option("--format", value: "FORMAT", help: "the caseload's format (default: from the file name, else its content)",
                               choices: ["jsonl", "csv"])
    static let csv = Option("--csv", value: "DIALECT",
                            help: "write CSV in this dialect: comma (RFC 4180: ',' and LF) or excel (Excel in Finland: ';', a UTF-8 byte-order mark, CRLF, decimal comma, lists joined with ', ')",
                            choices: ["comma", "excel"])
    static let report = Option("--report", value: "FILE.html", help: "also write a self-contained HTML report (one-page printable summary first; - is stdout, the text then goes to stderr)")
    static let json = Option("--json", help: "print one JSON object instead of the text")
    static let lang = Option("--lang", value: "LANG", help: "language of the text and the report (default en; names come from the criteria file)",
                             choices: ["fi", "sv", "en"])
    static let force = Option("--force", help: "replace an existing output file")

    // Criteria and cases.
    static let model = Option("--model", value: "FILE",
                              help: "criteria file; repeat it to load several in-force periods, a case's assessed_on picks the version (default: models/seula-v1.json and seula-v2.json, or $SEULA_MODEL)",
                              repeatable: true)
    static let evaluatedModel = Option("--model", value: "FILE", help: "the criteria file judged (default: the default criteria in force today, or $SEULA_MODEL)")
    static let strict = Option("--strict", help: "reject fields the contract does not know (default: ignore them)")
    static let pseudonymKeyFile = Option("--pseudonym-key-file", value: "FILE", help: "key for hetu pseudonyms (default: $SEULA_PSEUDONYM_KEY)")
    static let today = Option("--today", value: "YYYY-MM-DD", help: "the date for cases without assessed_on (default: today in Europe/Helsinki, or $SEULA_TODAY)")

    // Running.
    static let progress = Option("--progress", help: "show progress on stderr even when it is not a terminal (default: on a terminal; SEULA_PROGRESS=1 or 0 also decide)")
    static let noProgress = Option("--no-progress", help: "never show progress")
    static let workers = Option("--workers", value: "N", help: "worker threads (default: the number of cores)")
    static let maxLineBytes = Option("--max-line-bytes", value: "N", help: "longest accepted line (default 1048576); longer → line_too_long")
    static let seed = Option("--seed", value: "S", help: "random seed")

    // Evaluators.
    static let bootstrap = Option("--bootstrap", value: "N", help: "bootstrap replicates for the 95 % intervals (default 1000; 0 = none)")
    static let newVersion = Option("--new-version", value: "X.Y.Z", help: "the new criteria version (default: the next free minor version)")
    static let noWrite = Option("--no-write", help: "compute and report only; write no criteria file")

    /// The progress switches, for every command that can run longer than a second.
    static let progressGroup = [progress, noProgress]

    /// Whether to show progress: the flags, else `SEULA_PROGRESS`, else whether stderr is a
    /// terminal.
    static func showsProgress(_ a: ParsedArguments) -> Bool {
        if a.flag(progress) { return true }
        if a.flag(noProgress) { return false }
        return RunProgress.wanted()
    }
}

/// Messages for people go to stderr; stdout carries only results. Both go through `Output`,
/// so a failed write is noticed (main turns it into exit 1 with a message).
enum Console {
    static func error(_ message: String) {
        Output.standardError.write("seula: " + message + "\n")
    }

    static func info(_ message: String) {
        Output.standardError.write(message + "\n")
    }

    static func out(_ text: String) {
        Output.standardOutput.write(text)
    }

    static func out(bytes: [UInt8]) {
        Output.standardOutput.write(bytes)
    }

    /// `seula score: unknown option '--ouput'; did you mean '--output'?` and the pointer to the
    /// help; returns 64.
    @discardableResult
    static func usage(_ spec: CommandSpec, _ message: String) -> Int32 {
        Output.standardError.write("\(spec.commandName): \(message)\nsee `\(spec.commandName) --help`\n")
        return ExitCode.usage
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }
}

/// Options every scoring command shares: criteria, strictness, the pseudonym key, today's date.
struct ScoringSettings: Sendable {
    var modelPaths: [String]
    var strict: Bool
    var keyFile: String?
    var today: String?

    static let options: [Option] = [Options.model, Options.strict, Options.pseudonymKeyFile, Options.today]

    init(_ a: ParsedArguments) throws(UsageError) {
        modelPaths = a.values(Options.model)
        strict = a.flag(Options.strict)
        keyFile = a.value(Options.pseudonymKeyFile)
        today = try Self.today(a)
    }

    /// `--today`, checked.
    static func today(_ a: ParsedArguments) throws(UsageError) -> String? {
        let t = a.value(Options.today)
        if let t, CalendarDate(iso: t) == nil { throw UsageError("--today needs a date YYYY-MM-DD, not '\(t)'") }
        return t
    }

    /// The inputs these settings read (for the one-stdin check).
    var inputs: [String?] { modelPaths + [keyFile] }

    /// Loads criteria and the key; on failure prints why (through `report`) and returns the exit code.
    func makeHandler(report: (String) -> Void = { Console.error($0) }) -> Result<RequestHandler, ExitFailure> {
        let paths = modelPaths.isEmpty ? ModelFile.defaultPaths() : modelPaths
        let criteria: CriteriaSet
        do {
            criteria = try ModelFile.loadSet(paths)
        } catch {
            report(error.description)
            if case .unreadable = error { return .failure(ExitFailure(code: ExitCode.noInput)) }
            return .failure(ExitFailure(code: ExitCode.dataError))
        }
        var pseudonymizer: HMACPseudonymizer? = nil
        if let keyFile {
            guard let data = InputFile.contents(keyFile) else {
                report("\(keyFile): cannot read the pseudonym key file")
                return .failure(ExitFailure(code: ExitCode.noInput))
            }
            var key = data
            if key.last == 0x0A { key.removeLast() }
            guard let p = HMACPseudonymizer(key: key) else {
                report("\(keyFile): the pseudonym key file is empty")
                return .failure(ExitFailure(code: ExitCode.dataError))
            }
            pseudonymizer = p
        } else if let env = ProcessInfo.processInfo.environment["SEULA_PSEUDONYM_KEY"], !env.isEmpty {
            pseudonymizer = HMACPseudonymizer(key: Array(env.utf8))
        }
        let date = today.flatMap(CalendarDate.init(iso:)) ?? Self.helsinkiToday()
        let options = ScoringOptions(strict: strict, pseudonymizer: pseudonymizer, today: date)
        return .success(RequestHandler(criteria: criteria, options: options))
    }

    /// `--today` when given, else today in Europe/Helsinki (`SEULA_TODAY` overrides the clock).
    static func date(_ today: String?) -> CalendarDate {
        today.flatMap(CalendarDate.init(iso:)) ?? helsinkiToday()
    }

    static func helsinkiToday() -> CalendarDate {
        if let env = ProcessInfo.processInfo.environment["SEULA_TODAY"], let d = CalendarDate(iso: env) { return d }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Helsinki") ?? .current
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}

struct ExitFailure: Error {
    var code: Int32
}

/// Input files: a path, or `-` for stdin (read once; a command may name stdin only once).
enum InputFile {
    /// A usage error when more than one of `inputs` is stdin (`-`); `implicitStdin` counts an
    /// input that defaults to stdin when absent (explain's and summarize's FILE).
    static func checkOneStdin(_ inputs: [String?], implicitStdin: Bool = false) throws(UsageError) {
        let dashes = inputs.filter { $0 == "-" }.count + (implicitStdin ? 1 : 0)
        if dashes > 1 { throw UsageError("only one input can be stdin (-)") }
    }

    /// The whole file, or stdin for `-`; nil when it cannot be read.
    static func contents(_ path: String) -> [UInt8]? {
        if path == "-" { return StandardInput.readAll() }
        return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Reads a whole input file, or stdin for `-`/nothing. Missing file → exit 66.
    static func read(_ path: String?) -> Result<[UInt8], ExitFailure> {
        guard let path, path != "-" else { return .success(StandardInput.readAll()) }
        guard let data = contents(path) else {
            Console.error("\(path): no such file or not readable")
            return .failure(ExitFailure(code: ExitCode.noInput))
        }
        return .success(data)
    }

    /// `stdin` for `-`, else the path (for messages).
    static func name(_ path: String?) -> String { path == nil || path == "-" ? "stdin" : path! }
}
