import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaFormats
import SeulaJSON
import SeulaService

/// `seula diff A B CASES`: what changes for a caseload between two criteria files.
struct DiffCommand: Command {
    static let examples = Option("--examples", value: "N", help: "case ids kept per kind of move (default 3)")

    static let spec = CommandSpec(
        names: ["diff"],
        abstract: "what changes for a caseload between two criteria files",
        positionals: [Positional(name: "A", help: "the criteria file now (- is stdin)"),
                      Positional(name: "B", help: "the criteria file compared with it (- is stdin)"),
                      Positional(name: "CASES", help: "a caseload, JSON lines or CSV (- is stdin)")],
        options: [Options.json, Options.report, Options.lang, examples, Options.format, Options.strict, Options.today] + Options.progressGroup,
        discussion: """
        Decides every case of CASES under criteria file A and under B (CaseValidator + DecisionEngine,
        as seula serve; in-force dates are not applied) and reports what changes: the criteria
        members that differ, the segment transition matrix, outcome-level changes (escalated,
        de-escalated), per-product gains and losses, the review-rate change, and the first case ids
        of each kind of move. Labels, if present, are ignored. A row valid under only one file is
        counted among the other's rejections. Products are listed only when some case gains or
        loses them, by name. Shares of the caseload carry Wilson 95 % intervals.
        """,
        footer: """
        EXAMPLE: seula diff models/seula-v2.json seula-default-2.1.0.json caseload.jsonl --report diff.html

        EXIT: 0 compared (whether or not anything changes); 1 an output could not be written;
        64 usage; 65 bad criteria or data; 66 no such file.
        """)

    let pathA: String
    let pathB: String
    let input: String
    let json: Bool
    let report: String?
    let examples: Int
    let format: CaseloadFormat?
    let strict: Bool
    let language: ReportLanguage
    let today: CalendarDate
    let progress: Bool

    init(_ a: ParsedArguments) throws(UsageError) {
        json = a.flag(Options.json)
        language = EvaluateCommand.language(a)
        report = a.value(Options.report)
        examples = try a.int(Self.examples, min: 0) ?? 3
        strict = a.flag(Options.strict)
        format = EvaluateCommand.format(a)
        today = ScoringSettings.date(try ScoringSettings.today(a))
        progress = Options.showsProgress(a)
        (pathA, pathB, input) = (a.positionals[0], a.positionals[1], a.positionals[2])
        try InputFile.checkOneStdin([pathA, pathB, input])
    }

    func run() -> Int32 {
        var models: [CriteriaModel] = []
        for path in [pathA, pathB] {
            switch EvaluatorFiles.loadModel(path, today: today) {
            case .failure(let f): Console.error(f.message); return f.code
            case .success(let m): models.append(m.model)
            }
        }
        let bytes: [UInt8]
        switch EvaluatorFiles.readData(input) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let b): bytes = b
        }
        var diff = CaseloadDiff(modelA: models[0], modelB: models[1], examplesKept: examples, today: today)
        let name = InputFile.name(input)
        let fmt = format ?? CaseloadFormat.detect(path: input, bytes: bytes)
        if fmt == .jsonl, let hint = JSONLinesHint.message(bytes, name: name) { Console.error("\(name): \(hint)") }
        let progress = RunProgress(command: "seula diff", enabled: self.progress)
        progress.begin("deciding cases under A and B", total: bytes.count, unit: .bytes)
        let problem = diff.run(bytes, format: fmt, strict: strict, progress: progress)
        progress.finish()
        if let e = problem {
            Console.error("\(name): \(e)")
            return ExitCode.dataError
        }
        let fileChanges = DocumentDiff.changes(models[0].document.value, models[1].document.value)
        // `--report -` takes stdout; the text then goes to stderr.
        let show: (String) -> Void = report == "-" ? { Output.standardError.write($0) } : { Console.out($0) }
        if json {
            show(String(decoding: JSONBuilder.line(CaseloadDiffText.json(diff, fileChanges: fileChanges)), as: UTF8.self))
        } else {
            show(CaseloadDiffText.render(diff, fileChanges: fileChanges, inputName: name, language: language))
        }
        if let report {
            let html = DiffReport.html(diff, fileChanges: fileChanges, context: EvaluatorReportContext.make(language: language, input: name, data: bytes))
            if case .failure(let f) = EvaluatorFiles.write(Array(html.utf8), to: report, force: true) { Console.error(f.message); return f.code }
            if report != "-" { Console.info("report written to \(report)") }
        }
        return ExitCode.ok
    }
}
