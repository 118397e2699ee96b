import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaJSON

/// `seula diff A B CASES`: what changes for a caseload between two criteria files.
struct DiffCommand: Command {
    static let names = ["diff"]
    static let abstract = "what changes for a caseload between two criteria files"
    static let help = """
    USAGE: seula diff A B CASES [--json] [--report FILE.html] [--lang fi|sv|en] [--examples N]
                                [--format jsonl|csv] [--strict]

    Decides every case of CASES under criteria file A and under B (CaseValidator + DecisionEngine,
    as seula serve; in-force dates are not applied) and reports what changes: the criteria
    members that differ, the segment transition matrix, outcome-level changes (escalated,
    de-escalated), per-product gains and losses, the review-rate change, and the first case ids
    of each kind of move. Labels, if present, are ignored. A row valid under only one file is
    counted among the other's rejections. Products are listed only when some case gains or
    loses them, by name. Shares of the caseload carry Wilson 95 % intervals.

    OPTIONS:
      --json                 print one JSON object instead of the text summary
      --report FILE.html     also write a self-contained HTML report (one-page summary first)
      --lang fi|sv|en        language of the text and the report (default en)
      --examples N           case ids kept per kind of move (default 3)
      --format jsonl|csv     input format (default: from the extension, else the content)
      --strict               reject fields the contract does not know
      -h, --help             show this help

    Progress is shown on stderr when it is a terminal (SEULA_PROGRESS=1 forces it, 0 turns it off).

    EXAMPLE: seula diff models/seula-v2.json seula-default-2.1.0.json caseload.jsonl --report diff.html

    EXIT: 0 compared (whether or not anything changes); 65 bad criteria or data; 66 no such file.
    """

    let pathA: String
    let pathB: String
    let input: String
    let json: Bool
    let report: String?
    let examples: Int
    let format: CaseloadFormat?
    let strict: Bool
    let language: ReportLanguage

    init(_ a: inout ArgumentReader) throws(UsageError) {
        json = a.flag("--json")
        language = try EvaluateCommand.language(&a)
        report = try a.option("--report")
        examples = try a.intOption("--examples", min: 0) ?? 3
        strict = a.flag("--strict")
        format = try EvaluateCommand.format(&a)
        let p = try a.positionals(max: 3, names: "A B CASES")
        guard p.count == 3 else { throw UsageError("give two criteria files and a caseload: seula diff A B CASES") }
        (pathA, pathB, input) = (p[0], p[1], p[2])
    }

    func run() -> Int32 {
        var models: [CriteriaModel] = []
        for path in [pathA, pathB] {
            switch EvaluatorFiles.loadModel(path, today: ScoringSettings.helsinkiToday()) {
            case .failure(let f): Console.error(f.message); return f.code
            case .success(let m): models.append(m.model)
            }
        }
        let bytes: [UInt8]
        switch EvaluatorFiles.readData(input) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let b): bytes = b
        }
        var diff = CaseloadDiff(modelA: models[0], modelB: models[1], examplesKept: examples, today: ScoringSettings.helsinkiToday())
        let progress = RunProgress(command: "seula diff")
        progress.begin("deciding cases under A and B", total: bytes.count, unit: .bytes)
        let problem = diff.run(bytes, format: format ?? CaseloadFormat.detect(path: input, bytes: bytes), strict: strict, progress: progress)
        progress.finish()
        if let e = problem {
            Console.error("\(input): \(e)")
            return ExitCode.dataError
        }
        let fileChanges = DocumentDiff.changes(models[0].document.value, models[1].document.value)
        if json {
            Console.out(bytes: JSONBuilder.line(CaseloadDiffText.json(diff, fileChanges: fileChanges)))
        } else {
            Console.out(CaseloadDiffText.render(diff, fileChanges: fileChanges, inputName: input, language: language))
        }
        if let report {
            let html = DiffReport.html(diff, fileChanges: fileChanges, context: EvaluatorReportContext.make(language: language, input: input, data: bytes))
            if case .failure(let f) = EvaluatorFiles.write(Array(html.utf8), to: report, force: true) { Console.error(f.message); return f.code }
            Console.info("report written to \(report)")
        }
        return ExitCode.ok
    }
}
