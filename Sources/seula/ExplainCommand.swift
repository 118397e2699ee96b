import Foundation
import SeulaCore
import SeulaJSON
import SeulaService

/// `seula explain [FILE|-]`: one case → its decision, as readable text or the JSON record with
/// the full trace.
struct ExplainCommand: Command {
    static let spec = CommandSpec(
        names: ["explain"],
        abstract: "explain one case: segment, reasons, products with their because",
        positionals: [Positional(name: "FILE", help: "one case, a JSON object (pretty-printed is fine); - or nothing is stdin", optional: true)],
        options: [Options.lang.help("language of the text (default en; the names come from the criteria file)"),
                  Options.json.help("print the decision record (docs/protocol.md) with the full trace")] + ScoringSettings.options,
        discussion: """
        Reads one case and prints its decision: the segment on the two axes, the reasons, the
        outcome and overrides, every product with its because, referrals, review, and what would
        move the case to a neighbouring segment. The case's assessed_on (default: today) picks the
        criteria version in force that day.
        """,
        footer: """
        EXIT: 0 explained; 1 the output could not be written; 64 usage; 65 the case is invalid
        (the error names the field); 66 no such file.

        EXAMPLE: seula explain models/samples/mother-of-two.json --lang fi
        """)

    let settings: ScoringSettings
    let json: Bool
    let language: String
    let path: String?

    init(_ a: ParsedArguments) throws(UsageError) {
        settings = try ScoringSettings(a)
        json = a.flag(Options.json)
        language = a.value(Options.lang) ?? "en"
        path = a.positional(0)
        try InputFile.checkOneStdin([path] + settings.inputs, implicitStdin: path == nil)
    }

    func run() -> Int32 {
        let handler: RequestHandler
        switch settings.makeHandler() {
        case .failure(let f): return f.code
        case .success(let h): handler = h
        }
        let bytes: [UInt8]
        switch InputFile.read(path) {
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
        Console.error("\(InputFile.name(path)): \(e.code.rawValue)\(e.path.isEmpty ? "" : " at \(e.path)"): \(e.message)")
        return ExitCode.dataError
    }
}
