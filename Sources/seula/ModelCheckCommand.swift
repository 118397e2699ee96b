import Foundation
import SeulaCore
import SeulaService

/// `seula model check FILE…`: every error in a criteria file, each with its JSON path.
struct ModelCheckCommand: Command {
    static let spec = CommandSpec(
        names: ["model", "check"],
        abstract: "validate criteria files; print every error with its JSON path",
        positionals: [Positional(name: "FILE", help: "a criteria file (- is stdin)", repeating: true)],
        options: [Options.json.help("print a JSON description of each valid file (as {\"op\":\"model\"} answers) on stdout; the report then goes to stderr")],
        discussion: """
        Loads each criteria file exactly as serve and score would and reports every problem, not
        just the first: structure, types, unknown members, ids, bins, monotone points, quadrants,
        and every expression (with its column). A file with any problem is never half-loaded.
        A valid file gets one line on stdout (stderr with --json); each problem is one line on
        stderr: `FILE: PATH: what is wrong`.
        """,
        footer: "EXIT: 0 all valid; 1 the output could not be written; 64 usage; 65 a file is invalid; 66 a file cannot be read.")

    let paths: [String]
    let json: Bool

    init(_ a: ParsedArguments) throws(UsageError) {
        json = a.flag(Options.json)
        paths = a.positionals
        try InputFile.checkOneStdin(paths)
    }

    /// The report: stdout, or stderr when stdout carries the JSON.
    private func report(_ line: String) {
        if json { Console.info(line) } else { Console.out(line + "\n") }
    }

    func run() -> Int32 {
        var status = ExitCode.ok
        for path in paths {
            do {
                let m = try ModelFile.load(path)
                if json {
                    Console.out(bytes: ModelDescription.bytes(m, req: nil) + [0x0A])
                }
                report("\(path): ok — \(m.id) \(m.version), in force from \(m.effectiveFrom)\(m.effectiveTo.map { " to \($0)" } ?? ""); \(m.coping.items.count) items, \(m.risk.indicators.count) indicators, \(m.overrides.count) overrides, \(m.referrals.count) referrals, \(m.products.count) products; sha256 \(m.sha256)")
            } catch {
                switch error {
                case .unreadable:
                    Console.error(error.description)
                    status = max(status, ExitCode.noInput)
                case .invalid(_, let e):
                    for issue in e.issues { Console.info("\(path): \(issue)") }
                    Console.info("\(path): \(e.issues.count) problem\(e.issues.count == 1 ? "" : "s"); not loaded")
                    if status != ExitCode.noInput { status = ExitCode.dataError }
                }
            }
        }
        return status
    }
}
