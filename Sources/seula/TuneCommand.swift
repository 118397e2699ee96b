import Foundation
import SeulaCore
import SeulaCrypto
import SeulaEvaluation
import SeulaFormats
import SeulaJSON
import SeulaService

/// `seula tune LABELLED --objective OBJ`: exhaustive threshold search → a new criteria version.
struct TuneCommand: Command {
    static let objective = Option("--objective", value: "OBJ", help: "what to maximise (see OBJ below)", required: true)
    static let constraint = Option("--constraint", value: "'C'", help: "a constraint: 'recall(huolenpito) >= 0.9', 'share(parjaaja) <= 0.5'", repeatable: true)
    static let copingGrid = Option("--coping-grid", value: "A:B:S", help: "coping thresholds searched (default 0:100:1)")
    static let riskGrid = Option("--risk-grid", value: "A:B:S", help: "risk thresholds searched (default 0:100:1)")
    static let bandGrid = Option("--band-grid", value: "A:B:S", help: "near bands searched (default: keep the model's)")
    static let pareto = Option("--pareto", value: "METRIC[:min|max]", help: "second figure of the Pareto front (default review_rate:min)")
    static let tolerance = Option("--tolerance", value: "T", help: "objective values within T of the best are ties (default 0.001)")

    static let spec = CommandSpec(
        names: ["tune"],
        abstract: "search thresholds for an objective under constraints → new criteria version",
        positionals: [Positional(name: "LABELLED", help: "a labelled caseload, JSON lines or CSV (- is stdin)")],
        options: [objective, constraint, Options.evaluatedModel, copingGrid, riskGrid, bandGrid, pareto, tolerance,
                  Options.output.help("where to write the new criteria version (default: ID-VERSION.json in the working directory; - is stdout, the text then goes to stderr)"),
                  Options.newVersion, Options.noWrite, Options.force.help("replace an existing -o file"),
                  Options.json, Options.report, Options.lang, Options.bootstrap, Options.seed.help("bootstrap seed (default 20251125)"),
                  Options.format, Options.strict, Options.today] + Options.progressGroup,
        discussion: """
        Searches every point of a grid of coping and risk thresholds (and, with --band-grid, the
        near-threshold band). Among the points meeting every constraint, those whose objective is
        within --tolerance (default 0.001) of the best count as maximisers; of them the one best on
        the Pareto figure (--pareto, default the lowest review rate) is chosen, then the higher
        objective, then the point nearest the current thresholds. The chosen point is therefore
        always on the Pareto front. The current values are always grid points.

        What is optimised, precisely: for each point every labelled case gets the segment the
        decision engine would give it (coping score >= coping threshold, risk score >= risk
        threshold, on the unrounded scores of CopingInstrument.score and RiskScorecard.score), the
        final outcome (that segment's default raised by every override that holds; overrides are
        evaluated per quadrant, numbers written inside conditions stay as written), and review
        (|score − threshold| <= band, undetermined coping, register gaps). Under MODEL-V2 a case whose
        risk side a severe marker decides stays high, and a case with too many register gaps stays
        undetermined, at every point (the output says how many). Products, referrals and urgency are
        not searched. Counting uses sorted cumulative counts, not a scoring pass per point.

        OBJ (maximised): kappa, accuracy, balanced_accuracy, macro_f1 (segments);
                         outcome_kappa (quadratic-weighted κ on outcome levels), outcome_accuracy
        METRIC: any OBJ, review_rate, and per segment S: recall(S), precision(S), f1(S), fnr(S),
                fpr(S), share(S) (share of labelled cases Seula puts in S). OP: >=, <=, >, <

        Prints the current and chosen points; the objective, the Pareto figure and every constrained
        figure current → chosen with bootstrap 95 % intervals; the confusion matrix at the chosen
        point, the segment moves current → chosen, and the Pareto front. Writes the new criteria
        version (thresholds changed, provenance: derived_from id+version+sha256, objective,
        constraints, grid and the data's sha256) and prints what changed in the file. Its version is
        --new-version, else the next free minor version of the id (one above the highest found in the
        working directory, the output's and the source's directory and the default criteria's), so
        tune and fit never write two files with one version. Nothing is written when no point is
        feasible or the current thresholds are already chosen.
        """,
        footer: """
        EXAMPLE: seula tune labelled.jsonl --objective kappa --constraint 'recall(huolenpito) >= 0.9'

        EXIT: 0 searched (and written); 1 no feasible point or cannot write; 64 usage; 65 bad data;
        66 no such file.
        """)

    let input: String
    let modelPath: String?
    let objectiveText: String
    let constraintTexts: [String]
    let paretoText: String?
    let copingGrid: ThresholdGrid
    let riskGrid: ThresholdGrid
    let bandGrid: ThresholdGrid?
    let out: String?
    let noWrite: Bool
    let force: Bool
    let json: Bool
    let report: String?
    let format: CaseloadFormat?
    let strict: Bool
    let language: ReportLanguage
    let tolerance: Double
    let version: String?
    let replicates: Int
    let seed: UInt64
    let today: CalendarDate
    let progress: Bool

    init(_ a: ParsedArguments) throws(UsageError) {
        modelPath = a.value(Options.evaluatedModel)
        language = EvaluateCommand.language(a)
        let t = try a.double(Self.tolerance) ?? TuneSettings.defaultTolerance
        guard t >= 0 else { throw UsageError("--tolerance needs a number ≥ 0") }
        tolerance = t
        version = a.value(Options.newVersion)
        if let v = version, CriteriaRevision.parts(v) == nil { throw UsageError("--new-version needs MAJOR.MINOR.PATCH, not '\(v)'") }
        replicates = try a.int(Options.bootstrap, min: 0) ?? 1000
        seed = try a.uint64(Options.seed) ?? 20251125
        objectiveText = a.value(Self.objective)!
        constraintTexts = a.values(Self.constraint)
        paretoText = a.value(Self.pareto)
        func grid(_ option: Option, _ fallback: String?) throws(UsageError) -> ThresholdGrid? {
            guard let text = a.value(option) ?? fallback else { return nil }
            guard let g = ThresholdGrid(text) else { throw UsageError("\(option.long) needs FROM:TO:STEP with FROM <= TO and STEP > 0, not '\(text)'") }
            return g
        }
        copingGrid = try grid(Self.copingGrid, "0:100:1")!
        riskGrid = try grid(Self.riskGrid, "0:100:1")!
        bandGrid = try grid(Self.bandGrid, nil)
        out = a.value(Options.output)
        noWrite = a.flag(Options.noWrite)
        force = a.flag(Options.force)
        json = a.flag(Options.json)
        report = a.value(Options.report)
        strict = a.flag(Options.strict)
        format = EvaluateCommand.format(a)
        today = ScoringSettings.date(try ScoringSettings.today(a))
        progress = Options.showsProgress(a)
        if noWrite && out != nil { throw UsageError("-o/--output and --no-write exclude each other") }
        if noWrite && version != nil { throw UsageError("--new-version and --no-write exclude each other") }
        if out == "-" && report == "-" { throw UsageError("-o - and --report - cannot both be stdout") }
        input = a.positional(0)!
        try InputFile.checkOneStdin([input, modelPath])
    }

    func settings(for model: CriteriaModel) -> Result<TuneSettings, TuneSpecError> {
        let segments = model.segments.domain.values
        let objective: TuneMetric
        switch TuneMetric.parse(objectiveText, segments: segments) {
        case .failure(let e): return .failure(e)
        case .success(let m): objective = m
        }
        var constraints: [TuneConstraint] = []
        for c in constraintTexts {
            switch TuneConstraint.parse(c, segments: segments) {
            case .failure(let e): return .failure(e)
            case .success(let x): constraints.append(x)
            }
        }
        var pareto = TuneMetric.reviewRate
        var larger: Bool? = nil
        if var p = paretoText {
            if p.hasSuffix(":min") { larger = false; p.removeLast(4) } else if p.hasSuffix(":max") { larger = true; p.removeLast(4) }
            switch TuneMetric.parse(p, segments: segments) {
            case .failure(let e): return .failure(e)
            case .success(let m): pareto = m
            }
        }
        return .success(TuneSettings(objective: objective, constraints: constraints, paretoMetric: pareto, paretoLargerIsBetter: larger,
                                     copingGrid: copingGrid, riskGrid: riskGrid, bandGrid: bandGrid, tolerance: tolerance))
    }

    func run() -> Int32 {
        let loaded: (model: CriteriaModel, bytes: [UInt8], path: String)
        switch EvaluatorFiles.loadModel(modelPath, today: today) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let m): loaded = m
        }
        let model = loaded.model
        let settings: TuneSettings
        switch self.settings(for: model) {
        case .failure(let e): return usageFailure(e.message)
        case .success(let s): settings = s
        }
        let bytes: [UInt8]
        switch EvaluatorFiles.readData(input) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let b): bytes = b
        }
        let clock = ContinuousClock()
        let loadStart = clock.now
        let name = InputFile.name(input)
        let fmt = format ?? CaseloadFormat.detect(path: input, bytes: bytes)
        if fmt == .jsonl, let hint = JSONLinesHint.message(bytes, name: name) { Console.error("\(name): \(hint)") }
        let progress = RunProgress(command: "seula tune", enabled: self.progress)
        defer { progress.finish() }
        progress.begin("reading and projecting cases", total: bytes.count, unit: .bytes)
        let cases: [SearchCase], tally: RejectionTally
        switch TuneRun.load(bytes, format: fmt, model: model, strict: strict, today: today, progress: progress) {
        case .failure(let e): progress.finish(); Console.error("\(name): \(e)"); return ExitCode.dataError
        case .success(let (c, t)): cases = c; tally = t
        }
        guard !cases.isEmpty else {
            progress.finish()
            Console.error("\(name): no valid labelled case (\(tally.total) rows rejected)")
            if tally.total > 0 { Console.info(tally.render()) }
            return ExitCode.dataError
        }
        let searchStart = clock.now
        progress.begin("searching the grid", total: 0, unit: .items("points"))
        let run = TuneRun(model: model, cases: cases, settings: settings)
        let searched = clock.now
        progress.begin("bootstrap intervals", total: replicates, unit: .items("replicates"))
        let comparison = TuneComparison(run, cases: cases, replicates: replicates, seed: seed, progress: progress)
        progress.finish()
        Console.info("read and scored \(cases.count) cases in \(seconds(searchStart - loadStart)) s; searched \(run.points.count) grid points in \(seconds(searched - searchStart)) s; intervals in \(seconds(clock.now - searched)) s")

        var written: String? = nil
        var fileChanges: [DocumentDiff.Change] = []
        var publication: EvaluatorFiles.Publication? = nil
        var text = json ? "" : TuneText.render(run, rejections: tally, inputName: name, comparison: comparison, language: language)
        if !json { text += TuneText.literalWarnings(ThresholdLiterals.find(in: model.document.value, copingThreshold: model.coping.threshold, riskThreshold: model.risk.threshold), model: model, language: language) }
        var status = run.best == nil ? ExitCode.failure : ExitCode.ok
        if let revision = run.revision(dataSHA256: Digest.sha256Hex(bytes), dataName: name, rejected: tally.total) {
            switch EvaluatorFiles.publish(revision, loaded: loaded, out: out, version: version, noWrite: noWrite, force: force) {
            case .failure(let f): Console.error(f.message); return f.code
            case .success(let p):
                if let f = p.writeFailure { Console.error(f.message); status = f.code }
                written = p.written
                fileChanges = p.changes
                publication = p
                if !json { text += p.summary(language) }
            }
        }
        // `-o -` or `--report -` takes stdout; the text then goes to stderr.
        let show: (String) -> Void = out == "-" || report == "-" ? { Output.standardError.write($0) } : { Console.out($0) }
        if json {
            show(String(decoding: JSONBuilder.line(TuneText.json(run, rejections: tally, written: written, fileChanges: fileChanges, comparison: comparison)), as: UTF8.self))
        } else {
            show(text)
        }
        if let report {
            let context = EvaluatorReportContext.make(language: language, input: name, data: bytes)
            let html = TuneReport.html(run, cases: cases, comparison: comparison, publication: publication, context: context)
            if case .failure(let f) = EvaluatorFiles.write(Array(html.utf8), to: report, force: true) { Console.error(f.message); return f.code }
            if report != "-" { Console.info("report written to \(report)") }
        }
        return status
    }

    private func seconds(_ d: Duration) -> String {
        let (s, atto) = d.components
        return DecimalFormat.fixed(Double(s) + Double(atto) / 1e18, decimals: 3)
    }
}
