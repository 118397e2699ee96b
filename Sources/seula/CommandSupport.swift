import Foundation
import SeulaCore
import SeulaService

/// Exit codes (PROTOCOL.md; sysexits.h values).
enum ExitCode {
    static let ok: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
}

/// A problem with the command line itself: printed with the command's usage, exit 64.
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// One `seula` subcommand: parsed and validated in `init` (usage errors only), then `run`.
protocol Command {
    /// The words that select it: `["serve"]`, `["model", "check"]`.
    static var names: [String] { get }
    static var abstract: String { get }
    static var help: String { get }
    init(_ arguments: inout ArgumentReader) throws(UsageError)
    func run() -> Int32
}

/// Reads `--flag`, `--flag value`, `--flag=value` and positional arguments, and reports anything
/// left over as a usage error, so a mistyped option is never silently ignored.
struct ArgumentReader {
    private var items: [String]
    private var consumed: [Bool]

    init(_ arguments: [String]) {
        items = arguments
        consumed = Array(repeating: false, count: arguments.count)
    }

    var wantsHelp: Bool { items.contains("--help") || items.contains("-h") }

    /// Every argument, as given (for passing on to a child process).
    var remaining: [String] { items }

    /// A boolean switch.
    mutating func flag(_ name: String) -> Bool {
        var found = false
        for (i, a) in items.enumerated() where !consumed[i] && a == name {
            consumed[i] = true
            found = true
        }
        return found
    }

    /// An option with a value; the last one given wins.
    mutating func option(_ name: String) throws(UsageError) -> String? {
        try options(name).last
    }

    /// Every value of a repeatable option.
    mutating func options(_ name: String) throws(UsageError) -> [String] {
        var values: [String] = []
        var i = 0
        while i < items.count {
            defer { i += 1 }
            guard !consumed[i] else { continue }
            let a = items[i]
            if a == name {
                guard i + 1 < items.count, !consumed[i + 1] else { throw UsageError("\(name) needs a value") }
                consumed[i] = true
                consumed[i + 1] = true
                values.append(items[i + 1])
                i += 1
            } else if a.hasPrefix(name + "=") {
                consumed[i] = true
                values.append(String(a.dropFirst(name.count + 1)))
            }
        }
        return values
    }

    mutating func intOption(_ name: String, min: Int = Int.min) throws(UsageError) -> Int? {
        guard let s = try option(name) else { return nil }
        guard let v = Int(s), v >= min else { throw UsageError("\(name) needs a whole number\(min > Int.min ? " ≥ \(min)" : ""), not '\(s)'") }
        return v
    }

    mutating func doubleOption(_ name: String) throws(UsageError) -> Double? {
        guard let s = try option(name) else { return nil }
        guard let v = Double(s), v.isFinite else { throw UsageError("\(name) needs a number, not '\(s)'") }
        return v
    }

    /// The remaining positional arguments (a lone `-` is stdin). Unknown `--options` are errors.
    mutating func positionals(max: Int, names: String) throws(UsageError) -> [String] {
        var out: [String] = []
        for (i, a) in items.enumerated() where !consumed[i] {
            if a.hasPrefix("-") && a != "-" {
                throw UsageError("unknown option '\(a)'")
            }
            consumed[i] = true
            out.append(a)
        }
        if out.count > max { throw UsageError("too many arguments: expected at most \(max) (\(names)), got \(out.joined(separator: " "))") }
        return out
    }
}

/// Messages for people go to stderr; stdout carries only results.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("seula: " + message + "\n").utf8))
    }

    static func info(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func out(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    static var stderrIsTerminal: Bool { isatty(2) != 0 }
}

/// Options every scoring command shares: criteria, strictness, the pseudonym key, today's date.
struct ScoringSettings: Sendable {
    var modelPaths: [String]
    var strict: Bool
    var keyFile: String?
    var today: String?

    static let help = """
      --model FILE               criteria file (repeat for several versions; default: models/seula-v1.json and seula-v2.json, or $SEULA_MODEL; assessed_on picks the version)
      --strict                   reject fields the contract does not know (default: ignore them)
      --pseudonym-key-file FILE  key for hetu pseudonyms (default: $SEULA_PSEUDONYM_KEY)
      --today YYYY-MM-DD         the date for cases without assessed_on (default: today in Europe/Helsinki)
    """

    init(_ a: inout ArgumentReader) throws(UsageError) {
        modelPaths = try a.options("--model")
        strict = a.flag("--strict")
        keyFile = try a.option("--pseudonym-key-file")
        today = try a.option("--today")
        if let t = today, CalendarDate(iso: t) == nil { throw UsageError("--today needs a date YYYY-MM-DD, not '\(t)'") }
    }

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
            guard let data = FileManager.default.contents(atPath: keyFile) else {
                report("\(keyFile): cannot read the pseudonym key file")
                return .failure(ExitFailure(code: ExitCode.noInput))
            }
            var key = [UInt8](data)
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

/// Reads a whole input file, or stdin for `-`/nothing. Missing file → exit 66.
func readInput(_ path: String?) -> Result<[UInt8], ExitFailure> {
    if path == nil || path == "-" {
        return .success([UInt8](FileHandle.standardInput.readDataToEndOfFile()))
    }
    guard let data = FileManager.default.contents(atPath: path!) else {
        Console.error("\(path!): no such file or not readable")
        return .failure(ExitFailure(code: ExitCode.noInput))
    }
    return .success([UInt8](data))
}
