import Foundation
import SeulaCore
import SeulaCrypto
import SeulaEvaluation
import SeulaJSON

/// `seula fit LABELLED --target outcome_12m`: refit the risk points to an outcome.
struct FitCommand: Command {
    static let names = ["fit"]
    static let abstract = "fit risk-indicator points to outcome_12m (logistic, LAPACK) → new version"
    static let help = """
    USAGE: seula fit LABELLED --target outcome_12m [--model FILE] [--ridge L] [--folds K] [--seed S]
                     [--points-per-logit X] [--out FILE | --no-write] [--version X.Y.Z] [--force] [--json]
                     [--lang fi|sv|en] [--format jsonl|csv] [--strict]

    Logistic regression of label.outcome_12m on the risk indicators' categories (one dummy per
    bin, enum value or true, the first category the reference; a gap or an indicator not counted
    scores 0 as in the scorer), by IRLS with each step solved by LAPACK dposv on the distinct
    category patterns. Prints coefficients with standard errors and z, in-sample and k-fold AUC
    (and the AUC of the current and new integer points), and a table of old vs new points.
    New points: coefficients made non-decreasing along each indicator's categories (pooled,
    weighted by cases; the file format requires it), shifted so the first category is 0, times a
    scale (default: keeps the maximum total points), rounded half away from zero. Writes a new
    criteria version (points changed, provenance recorded); the risk threshold is left as it
    is. Its version is --version, else the next free minor version of the id (one above the
    highest found in the working directory, the output's and the source's directory and the
    default criteria's), so tune and fit never write two files with one version.

    OPTIONS:
      --target outcome_12m       the outcome to fit (the only one: label.outcome_12m, 0 or 1)
      --model FILE               criteria file (default: the default criteria in force today, or $SEULA_MODEL)
      --ridge L                  L2 penalty on the category coefficients (default 0)
      --folds K                  k for the cross-validated AUC (default 5; 0 = none)
      --seed S                   fold assignment seed (default 20251125)
      --points-per-logit X       points per unit log-odds (default: keep the maximum total)
      --out FILE                 where to write the new version (default: ID-VERSION.json in the
                                 working directory)
      --version X.Y.Z            the new version (default: the next free minor version)
      --no-write                 fit and report only
      --lang fi|sv|en            language of the text (default en; indicator names from the criteria file)
      --force                    replace an existing --out file
      --json                     print one JSON object instead of the text summary
      --format jsonl|csv         input format (default: from the extension, else the content)
      --strict                   reject fields the contract does not know
      -h, --help                 show this help

    Progress is shown on stderr when it is a terminal (SEULA_PROGRESS=1 forces it, 0 turns it off).

    EXAMPLE: seula fit labelled.jsonl --target outcome_12m --ridge 1 --no-write

    EXIT: 0 fitted; 1 the fit failed (singular; try --ridge) or cannot write; 65 bad data; 66 no such file.
    """

    let input: String
    let modelPath: String?
    var options = ScorecardFitOptions()
    let out: String?
    let noWrite: Bool
    let force: Bool
    let json: Bool
    let format: CaseloadFormat?
    let strict: Bool
    let language: ReportLanguage
    let version: String?

    init(_ a: inout ArgumentReader) throws(UsageError) {
        modelPath = try a.option("--model")
        language = try EvaluateCommand.language(&a)
        version = try a.option("--version")
        if let v = version, CriteriaRevision.parts(v) == nil { throw UsageError("--version needs MAJOR.MINOR.PATCH, not '\(v)'") }
        guard let target = try a.option("--target") else { throw UsageError("--target is required: --target outcome_12m") }
        guard target == "outcome_12m" else { throw UsageError("--target must be outcome_12m (label.outcome_12m), not '\(target)'") }
        if let r = try a.doubleOption("--ridge") {
            guard r >= 0 else { throw UsageError("--ridge needs a number ≥ 0") }
            options.ridge = r
        }
        if let k = try a.intOption("--folds", min: 0) { options.folds = k }
        if let s = try a.option("--seed") {
            guard let v = UInt64(s) else { throw UsageError("--seed needs a whole number ≥ 0, not '\(s)'") }
            options.seed = v
        }
        if let x = try a.doubleOption("--points-per-logit") {
            guard x > 0 else { throw UsageError("--points-per-logit needs a number > 0") }
            options.pointsPerLogit = x
        }
        out = try a.option("--out")
        noWrite = a.flag("--no-write")
        force = a.flag("--force")
        json = a.flag("--json")
        strict = a.flag("--strict")
        format = try EvaluateCommand.format(&a)
        if noWrite && out != nil { throw UsageError("--out and --no-write exclude each other") }
        if noWrite && version != nil { throw UsageError("--version and --no-write exclude each other") }
        let positionals = try a.positionals(max: 1, names: "LABELLED")
        guard let input = positionals.first else { throw UsageError("give the labelled caseload (JSON lines or CSV)") }
        self.input = input
    }

    func run() -> Int32 {
        let loaded: (model: CriteriaModel, bytes: [UInt8], path: String), bytes: [UInt8]
        switch EvaluatorFiles.loadModelAndData(modelPath, input, today: ScoringSettings.helsinkiToday()) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let r): (loaded, bytes) = (r.loaded, r.data)
        }
        let model = loaded.model
        let categories: [[Int8]], outcomes: [Int], tally: RejectionTally
        let progress = RunProgress(command: "seula fit")
        defer { progress.finish() }
        progress.begin("reading cases", total: bytes.count, unit: .bytes)
        switch ScorecardFit.load(bytes, format: format ?? CaseloadFormat.detect(path: input, bytes: bytes), model: model, strict: strict,
                                 today: ScoringSettings.helsinkiToday(), progress: progress) {
        case .failure(let e): progress.finish(); Console.error("\(input): \(e)"); return ExitCode.dataError
        case .success(let (c, o, t)): categories = c; outcomes = o; tally = t
        }
        progress.begin("fitting (IRLS, \(max(options.folds, 1) + (options.folds >= 2 ? 1 : 0)) fits)", total: 0, unit: .items("steps"))
        guard !categories.isEmpty else {
            Console.error("\(input): no valid case with label.outcome_12m (\(tally.total) rows rejected)")
            if tally.total > 0 { Console.info(tally.render()) }
            return ExitCode.dataError
        }
        let fit: ScorecardFit
        do {
            fit = try ScorecardFit(model: model, categoriesOfCase: categories, outcomes: outcomes, options: options)
            progress.finish()
        } catch {
            progress.finish()
            Console.error("the fit failed: \(error.description)")
            return ExitCode.failure
        }
        var text = json ? "" : ScorecardFitText.render(fit, rejections: tally, inputName: input, language: language)
        var written: String? = nil
        var status = ExitCode.ok
        if !fit.fit.converged { Console.error("warning: IRLS did not converge in \(fit.fit.iterations) iterations; consider --ridge") }
        if let revision = ScorecardFitText.revision(fit, dataSHA256: Digest.sha256Hex(bytes), dataName: input, rejected: tally.total) {
            switch EvaluatorFiles.publish(revision, loaded: loaded, out: out, version: version, noWrite: noWrite, force: force) {
            case .failure(let f): Console.error(f.message); return f.code
            case .success(let p):
                if let f = p.writeFailure { Console.error(f.message); status = f.code }
                written = p.written
                if !json { text += "\n" + p.summary(language) }
            }
        } else if !json {
            text += "\n" + Phrases(language)("The fitted points equal the current ones; nothing written.") + "\n"
        }
        if json {
            Console.out(bytes: JSONBuilder.line(ScorecardFitText.json(fit, rejections: tally, written: written)))
        } else {
            Console.out(text)
        }
        return status
    }
}
