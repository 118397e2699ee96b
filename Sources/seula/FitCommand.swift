import Foundation
import SeulaCore
import SeulaCrypto
import SeulaEvaluation
import SeulaFormats
import SeulaJSON
import SeulaService

/// `seula fit LABELLED --target outcome_12m`: refit the risk points to an outcome.
struct FitCommand: Command {
    static let target = Option("--target", value: "outcome_12m", help: "the outcome to fit (the only one: label.outcome_12m, 0 or 1, or false or true)", required: true, choices: ["outcome_12m"])
    static let ridge = Option("--ridge", value: "L", help: "L2 penalty on the category coefficients (default 0)")
    static let folds = Option("--folds", value: "K", help: "k for the cross-validated AUC (default 5; 0 = none)")
    static let pointsPerLogit = Option("--points-per-logit", value: "X", help: "points per unit log-odds (default: keep the maximum total)")

    static let spec = CommandSpec(
        names: ["fit"],
        abstract: "fit risk-indicator points to outcome_12m (logistic, LAPACK) → new version",
        positionals: [Positional(name: "LABELLED", help: "a labelled caseload, JSON lines or CSV (- is stdin)")],
        options: [target, Options.evaluatedModel, ridge, folds, Options.seed.help("fold assignment seed (default 20251125)"), pointsPerLogit,
                  Options.output.help("where to write the new criteria version (default: ID-VERSION.json in the working directory; - is stdout, the text then goes to stderr)"),
                  Options.newVersion, Options.noWrite, Options.force.help("replace an existing -o file"),
                  Options.json, Options.lang.help("language of the text (default en; indicator names from the criteria file)"),
                  Options.format, Options.strict, Options.today] + Options.progressGroup,
        discussion: """
        Logistic regression of label.outcome_12m on the risk indicators' categories (one dummy per
        bin, enum value or true, the first category the reference; a gap or an indicator not counted
        scores 0 as in the scorer), by IRLS with each step solved by LAPACK dposv on the distinct
        category patterns. Prints coefficients with standard errors and z, in-sample and k-fold AUC
        (and the AUC of the current and new integer points), and a table of old vs new points.
        New points: coefficients made non-decreasing along each indicator's categories (pooled,
        weighted by cases; the file format requires it), shifted so the first category is 0, times a
        scale (default: keeps the maximum total points), rounded half away from zero. Writes a new
        criteria version (points changed, provenance recorded); the risk threshold is left as it
        is. Its version is --new-version, else the next free minor version of the id (one above the
        highest found in the working directory, the output's and the source's directory and the
        default criteria's), so tune and fit never write two files with one version.
        """,
        footer: """
        EXAMPLE: seula fit labelled.jsonl --target outcome_12m --ridge 1 --no-write

        EXIT: 0 fitted; 1 the fit failed (singular; try --ridge) or cannot write; 64 usage; 65 bad
        data; 66 no such file.
        """)

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
    let today: CalendarDate
    let progress: Bool

    init(_ a: ParsedArguments) throws(UsageError) {
        modelPath = a.value(Options.evaluatedModel)
        language = EvaluateCommand.language(a)
        version = a.value(Options.newVersion)
        if let v = version, CriteriaRevision.parts(v) == nil { throw UsageError("--new-version needs MAJOR.MINOR.PATCH, not '\(v)'") }
        if let r = try a.double(Self.ridge) {
            guard r >= 0 else { throw UsageError("--ridge needs a number ≥ 0") }
            options.ridge = r
        }
        if let k = try a.int(Self.folds, min: 0) { options.folds = k }
        if let v = try a.uint64(Options.seed) { options.seed = v }
        if let x = try a.double(Self.pointsPerLogit) {
            guard x > 0 else { throw UsageError("--points-per-logit needs a number > 0") }
            options.pointsPerLogit = x
        }
        out = a.value(Options.output)
        noWrite = a.flag(Options.noWrite)
        force = a.flag(Options.force)
        json = a.flag(Options.json)
        strict = a.flag(Options.strict)
        format = EvaluateCommand.format(a)
        today = ScoringSettings.date(try ScoringSettings.today(a))
        progress = Options.showsProgress(a)
        if noWrite && out != nil { throw UsageError("-o/--output and --no-write exclude each other") }
        if noWrite && version != nil { throw UsageError("--new-version and --no-write exclude each other") }
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
        let categories: [[Int8]], outcomes: [Int], tally: RejectionTally
        let name = InputFile.name(input)
        let fmt = format ?? CaseloadFormat.detect(path: input, bytes: bytes)
        if fmt == .jsonl, let hint = JSONLinesHint.message(bytes, name: name) { Console.error("\(name): \(hint)") }
        let progress = RunProgress(command: "seula fit", enabled: self.progress)
        defer { progress.finish() }
        progress.begin("reading cases", total: bytes.count, unit: .bytes)
        switch ScorecardFit.load(bytes, format: fmt, model: model, strict: strict, today: today, progress: progress) {
        case .failure(let e): progress.finish(); Console.error("\(name): \(e)"); return ExitCode.dataError
        case .success(let (c, o, t)): categories = c; outcomes = o; tally = t
        }
        progress.begin("fitting (IRLS, \(max(options.folds, 1) + (options.folds >= 2 ? 1 : 0)) fits)", total: 0, unit: .items("steps"))
        guard !categories.isEmpty else {
            progress.finish()
            Console.error("\(name): no valid case with label.outcome_12m (\(tally.total) rows rejected)")
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
        var text = json ? "" : ScorecardFitText.render(fit, rejections: tally, inputName: name, language: language)
        var written: String? = nil
        var status = ExitCode.ok
        if !fit.fit.converged { Console.error("warning: IRLS did not converge in \(fit.fit.iterations) iterations; consider --ridge") }
        if let revision = ScorecardFitText.revision(fit, dataSHA256: Digest.sha256Hex(bytes), dataName: name, rejected: tally.total) {
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
        // `-o -` takes stdout; the text then goes to stderr.
        let show: (String) -> Void = out == "-" ? { Output.standardError.write($0) } : { Console.out($0) }
        if json {
            show(String(decoding: JSONBuilder.line(ScorecardFitText.json(fit, rejections: tally, written: written)), as: UTF8.self))
        } else {
            show(text)
        }
        return status
    }
}
