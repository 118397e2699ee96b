import Foundation
import SeulaCore
import SeulaJSON
import SeulaService

/// `seula explain [FILE|-]`: one case → its decision, as readable text or the JSON record with
/// the full trace.
struct ExplainCommand: Command {
    static let names = ["explain"]
    static let abstract = "explain one case: segment, reasons, products with their because"
    static let help = """
    USAGE: seula explain [FILE|-] [--lang fi|sv|en] [--json] [--model FILE] [--strict]

    Reads one case (a JSON object; from FILE, or stdin when FILE is - or absent) and prints its
    decision: the segment on the two axes, the reasons, the outcome and overrides, every product
    with its because, referrals, review, and what would move the case to a neighbouring segment.
    The case's assessed_on (default: today) picks the criteria version in force that day.

    OPTIONS:
      --lang L                   fi, sv or en (default en): the names come from the criteria file
      --json                     print the decision record (PROTOCOL.md) with the full trace
    \(ScoringSettings.help)
      -h, --help                 show this help

    EXIT: 0 explained; 65 the case is invalid (the error names the field); 66 no such file.
    """

    let settings: ScoringSettings
    let json: Bool
    let language: String
    let path: String?

    init(_ a: inout ArgumentReader) throws(UsageError) {
        settings = try ScoringSettings(&a)
        json = a.flag("--json")
        language = try a.option("--lang") ?? "en"
        guard ["fi", "sv", "en"].contains(language) else { throw UsageError("--lang must be fi, sv or en, not '\(language)'") }
        path = try a.positionals(max: 1, names: "FILE").first
    }

    func run() -> Int32 {
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        let bytes: [UInt8]
        switch readInput(path) {
        case .failure(let f): return f.code
        case .success(let b): bytes = b
        }
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes, maxDepth: handler.options.maxDepth)
        } catch {
            let (line, column) = jsonLineColumn(bytes, offset: error.offset)
            return fail(CaseError(.invalidJSON, path: "", "not valid JSON at line \(line), column \(column): \(error.message)"), id: nil)
        }
        switch handler.decide(value) {
        case .failure(let e):
            return fail(e, id: CaseValidator.recoverID(value))
        case .success(let decided):
            if json {
                Console.out(bytes: handler.recordBytes(decided, explain: true, req: nil) + [0x0A])
            } else {
                Console.out(DecisionText(model: decided.model, language: language).render(decided.decision))
            }
            return ExitCode.ok
        }
    }

    private func fail(_ e: CaseError, id: String?) -> Int32 {
        if json {
            Console.out(bytes: ErrorRecordWriter.bytes(e, id: id, line: 1) + [0x0A])
        }
        Console.error("\(path ?? "stdin"): \(e.code.rawValue)\(e.path.isEmpty ? "" : " at \(e.path)"): \(e.message)")
        return ExitCode.dataError
    }
}
