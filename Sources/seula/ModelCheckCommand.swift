import Foundation
import SeulaCore
import SeulaService

/// `seula model check FILE…`: every error in a criteria file, each with its JSON path.
struct ModelCheckCommand: Command {
    static let names = ["model", "check"]
    static let abstract = "validate criteria files; print every error with its JSON path"
    static let help = """
    USAGE: seula model check FILE... [--json]

    Loads each criteria file exactly as serve and score would and reports every problem, not
    just the first: structure, types, unknown members, ids, bins, monotone points, quadrants,
    and every expression (with its column). A file with any problem is never half-loaded.

    OPTIONS:
      --json        print a JSON description of each valid model (as {"op":"model"} answers)
      -h, --help    show this help

    EXIT: 0 all valid; 65 a file is invalid; 66 a file cannot be read.
    """

    let paths: [String]
    let json: Bool

    init(_ a: inout ArgumentReader) throws(UsageError) {
        json = a.flag("--json")
        paths = try a.positionals(max: Int.max, names: "FILE...")
        if paths.isEmpty { throw UsageError("give at least one criteria file") }
    }

    func run() -> Int32 {
        var status = ExitCode.ok
        for path in paths {
            do {
                let m = try ModelFile.load(path)
                if json {
                    Console.out(bytes: ModelDescription.bytes(m, req: nil) + [0x0A])
                }
                Console.info("\(path): ok — \(m.id) \(m.version), in force from \(m.effectiveFrom)\(m.effectiveTo.map { " to \($0)" } ?? ""); \(m.coping.items.count) items, \(m.risk.indicators.count) indicators, \(m.overrides.count) overrides, \(m.referrals.count) referrals, \(m.products.count) products; sha256 \(m.sha256)")
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
