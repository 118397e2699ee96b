import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaJSON

/// `seula instrument CASES`: psychometrics of the coping items.
struct InstrumentCommand: Command {
    static let names = ["instrument"]
    static let abstract = "psychometrics of the coping items: α, item-total r, eigenvalues"
    static let help = """
    USAGE: seula instrument CASES [--model FILE] [--json] [--lang fi|sv|en] [--format jsonl|csv] [--strict]

    Do the coping items hang together? For the model's items over the valid cases of CASES:
    per item the missing rate, mean, standard deviation and floor/ceiling rates; over the cases
    with every item answered: Cronbach's α, each item's corrected item-total correlation and α
    without it, and the eigenvalues of the item correlation matrix (LAPACK dsyev) with the share
    the first explains and how many exceed 1. Labels, if present, are ignored.

    OPTIONS:
      --model FILE           criteria file (default: the default criteria in force today, or $SEULA_MODEL)
      --json                 print one JSON object instead of the text summary
      --lang fi|sv|en        language of the text (default en; item wordings from the criteria file)
      --format jsonl|csv     input format (default: from the extension, else the content)
      --strict               reject fields the contract does not know
      -h, --help             show this help

    Progress is shown on stderr when it is a terminal (SEULA_PROGRESS=1 forces it, 0 turns it off).

    EXAMPLE: seula instrument models/samples/caseload-50.jsonl

    EXIT: 0 analysed; 65 no valid case or unreadable CSV header; 66 no such file.
    """

    let input: String
    let modelPath: String?
    let json: Bool
    let format: CaseloadFormat?
    let strict: Bool
    let language: ReportLanguage

    init(_ a: inout ArgumentReader) throws(UsageError) {
        modelPath = try a.option("--model")
        json = a.flag("--json")
        language = try EvaluateCommand.language(&a)
        strict = a.flag("--strict")
        format = try EvaluateCommand.format(&a)
        let positionals = try a.positionals(max: 1, names: "CASES")
        guard let input = positionals.first else { throw UsageError("give a caseload (JSON lines or CSV)") }
        self.input = input
    }

    func run() -> Int32 {
        let loaded: (model: CriteriaModel, bytes: [UInt8], path: String), bytes: [UInt8]
        switch EvaluatorFiles.loadModelAndData(modelPath, input, today: ScoringSettings.helsinkiToday()) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let r): (loaded, bytes) = (r.loaded, r.data)
        }
        let model = loaded.model
        let progress = RunProgress(command: "seula instrument")
        progress.begin("reading cases", total: bytes.count, unit: .bytes)
        let loadedAnswers = ItemAnalysis.load(bytes, format: format ?? CaseloadFormat.detect(path: input, bytes: bytes), model: model, strict: strict, progress: progress)
        progress.begin("correlations and eigenvalues", total: 0, unit: .items("items"))
        defer { progress.finish() }
        switch loadedAnswers {
        case .failure(let e):
            progress.finish()
            Console.error("\(input): \(e)")
            return ExitCode.dataError
        case .success(let (answers, tally)):
            guard !answers.isEmpty else {
                Console.error("\(input): no valid case (\(tally.total) rows rejected)")
                return ExitCode.dataError
            }
            let analysis = ItemAnalysis(model: model, answers: answers)
            progress.finish()
            if json {
                Console.out(bytes: JSONBuilder.line(ItemAnalysisText.json(analysis, model: model, rejections: tally)))
            } else {
                Console.out(ItemAnalysisText.render(analysis, model: model, rejections: tally, inputName: input, language: language))
            }
            return ExitCode.ok
        }
    }
}
