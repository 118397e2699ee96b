import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaFormats
import SeulaJSON
import SeulaService

/// `seula instrument CASES`: psychometrics of the coping items.
struct InstrumentCommand: Command {
    static let spec = CommandSpec(
        names: ["instrument"],
        abstract: "psychometrics of the coping items: α, item-total r, eigenvalues",
        positionals: [Positional(name: "CASES", help: "a caseload, JSON lines or CSV (- is stdin)")],
        options: [Options.evaluatedModel, Options.json, Options.lang.help("language of the text (default en; item wordings from the criteria file)"),
                  Options.format, Options.strict, Options.today.help("picks the default criteria in force that day (default: today in Europe/Helsinki)")] + Options.progressGroup,
        discussion: """
        Do the coping items hang together? For the model's items over the valid cases of CASES:
        per item the missing rate, mean, standard deviation and floor/ceiling rates; over the cases
        with every item answered: Cronbach's α, each item's corrected item-total correlation and α
        without it, and the eigenvalues of the item correlation matrix (LAPACK dsyev) with the share
        the first explains and how many exceed 1. Labels, if present, are ignored.
        """,
        footer: """
        EXAMPLE: seula instrument models/samples/caseload-50.jsonl

        EXIT: 0 analysed; 1 the output could not be written; 64 usage; 65 no valid case or
        unreadable CSV header; 66 no such file.
        """)

    let input: String
    let modelPath: String?
    let json: Bool
    let format: CaseloadFormat?
    let strict: Bool
    let language: ReportLanguage
    let progress: Bool
    let today: CalendarDate

    init(_ a: ParsedArguments) throws(UsageError) {
        modelPath = a.value(Options.evaluatedModel)
        json = a.flag(Options.json)
        language = EvaluateCommand.language(a)
        strict = a.flag(Options.strict)
        format = EvaluateCommand.format(a)
        progress = Options.showsProgress(a)
        today = ScoringSettings.date(try ScoringSettings.today(a))
        input = a.positional(0)!
        try InputFile.checkOneStdin([input, modelPath])
    }

    func run() -> Int32 {
        let loaded: (model: CriteriaModel, bytes: [UInt8], path: String), bytes: [UInt8]
        switch EvaluatorFiles.loadModelAndData(modelPath, input, today: today) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let r): (loaded, bytes) = (r.loaded, r.data)
        }
        let model = loaded.model
        let name = InputFile.name(input)
        let fmt = format ?? CaseloadFormat.detect(path: input, bytes: bytes)
        if fmt == .jsonl, let hint = JSONLinesHint.message(bytes, name: name) { Console.error("\(name): \(hint)") }
        let progress = RunProgress(command: "seula instrument", enabled: self.progress)
        progress.begin("reading cases", total: bytes.count, unit: .bytes)
        let loadedAnswers = ItemAnalysis.load(bytes, format: fmt, model: model, strict: strict, progress: progress)
        progress.begin("correlations and eigenvalues", total: 0, unit: .items("items"))
        defer { progress.finish() }
        switch loadedAnswers {
        case .failure(let e):
            progress.finish()
            Console.error("\(name): \(e)")
            return ExitCode.dataError
        case .success(let (answers, tally)):
            guard !answers.isEmpty else {
                Console.error("\(name): no valid case (\(tally.total) rows rejected)")
                return ExitCode.dataError
            }
            let analysis = ItemAnalysis(model: model, answers: answers)
            progress.finish()
            if json {
                Console.out(bytes: JSONBuilder.line(ItemAnalysisText.json(analysis, model: model, rejections: tally)))
            } else {
                Console.out(ItemAnalysisText.render(analysis, model: model, rejections: tally, inputName: name, language: language))
            }
            return ExitCode.ok
        }
    }
}
