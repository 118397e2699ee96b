import Foundation
import SeulaCore
import SeulaCrypto
import SeulaEvaluation
import SeulaJSON

/// `seula tune LABELLED --objective OBJ`: exhaustive threshold search → a new criteria version.
struct TuneCommand: Command {
    static let names = ["tune"]
    static let abstract = "search thresholds for an objective under constraints → new criteria version"
    static let help = """
    USAGE: seula tune LABELLED --objective OBJ [--constraint 'METRIC OP VALUE']... [--model FILE]
                      [--coping-grid FROM:TO:STEP] [--risk-grid FROM:TO:STEP] [--band-grid FROM:TO:STEP]
                      [--pareto METRIC[:min|max]] [--out FILE | --no-write] [--force] [--json]
                      [--report FILE.html] [--format jsonl|csv] [--strict]

    Searches every point of a grid of coping and risk thresholds (and, with --band-grid, the
    near-threshold band) and picks the one that maximises the objective among those meeting
    every constraint; ties go to the point nearest the current thresholds. The current values
    are always grid points.

    What is optimised, precisely: for each point every labelled case gets the segment the
    decision engine would give it (coping score >= coping threshold, risk score >= risk
    threshold, on the unrounded scores of CopingInstrument.score and RiskScorecard.score), the
    final outcome (that segment's default raised by every override that holds; overrides are
    evaluated per quadrant, numbers written inside conditions stay as written), and review
    (|score − threshold| <= band, undetermined coping, register gaps). Products, referrals and
    urgency are not searched. Counting uses sorted cumulative counts, not a scoring pass per point.

    OBJ (maximised): kappa, accuracy, balanced_accuracy, macro_f1 (segments);
                     outcome_kappa (quadratic-weighted κ on outcome levels), outcome_accuracy
    METRIC: any OBJ, review_rate, and per segment S: recall(S), precision(S), f1(S), fnr(S),
            fpr(S), share(S) (share of labelled cases Seula puts in S). OP: >=, <=, >, <

    Prints the current and best points, the confusion matrix at the best point, the segment
    moves current → best, and the Pareto front of the objective against --pareto (default
    review_rate, smaller better). Writes the new criteria version (thresholds changed, minor
    version bumped, provenance: derived_from id+version+sha256, objective, constraints, grid and
    the data's sha256) and prints what changed in the file. Nothing is written when no point is
    feasible or the current thresholds are already best.

    OPTIONS:
      --objective OBJ            what to maximise (required)
      --constraint 'C'           a constraint, repeatable: 'recall(huolenpito) >= 0.9', 'share(parjaaja) <= 0.5'
      --model FILE               criteria file (default: the default criteria in force today, or $SEULA_MODEL)
      --coping-grid A:B:S        coping thresholds searched (default 0:100:1)
      --risk-grid A:B:S          risk thresholds searched (default 0:100:1)
      --band-grid A:B:S          near bands searched (default: keep the model's)
      --pareto METRIC[:min|max]  second figure of the Pareto front (default review_rate:min)
      --out FILE                 where to write the new version (default: ID-VERSION.json next to the model)
      --no-write                 search and report only
      --force                    replace an existing --out file
      --json                     print one JSON object instead of the text summary
      --report FILE.html         also write a self-contained HTML report
      --format jsonl|csv         input format (default: from the extension, else the content)
      --strict                   reject fields the contract does not know
      -h, --help                 show this help

    EXAMPLE: seula tune labelled.jsonl --objective kappa --constraint 'recall(huolenpito) >= 0.9'

    EXIT: 0 searched (and written); 1 no feasible point or cannot write; 65 bad data; 66 no such file.
    """

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

    init(_ a: inout ArgumentReader) throws(UsageError) {
        modelPath = try a.option("--model")
        guard let o = try a.option("--objective") else { throw UsageError("--objective is required (e.g. --objective kappa)") }
        objectiveText = o
        constraintTexts = try a.options("--constraint")
        paretoText = try a.option("--pareto")
        func grid(_ name: String, _ fallback: String?) throws(UsageError) -> ThresholdGrid? {
            guard let text = try a.option(name) ?? fallback else { return nil }
            guard let g = ThresholdGrid(text) else { throw UsageError("\(name) needs FROM:TO:STEP with FROM <= TO and STEP > 0, not '\(text)'") }
            return g
        }
        copingGrid = try grid("--coping-grid", "0:100:1")!
        riskGrid = try grid("--risk-grid", "0:100:1")!
        bandGrid = try grid("--band-grid", nil)
        out = try a.option("--out")
        noWrite = a.flag("--no-write")
        force = a.flag("--force")
        json = a.flag("--json")
        report = try a.option("--report")
        strict = a.flag("--strict")
        format = try EvaluateCommand.format(&a)
        if noWrite && out != nil { throw UsageError("--out and --no-write exclude each other") }
        let positionals = try a.positionals(max: 1, names: "LABELLED")
        guard let input = positionals.first else { throw UsageError("give the labelled caseload (JSON lines or CSV)") }
        self.input = input
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
                                     copingGrid: copingGrid, riskGrid: riskGrid, bandGrid: bandGrid))
    }

    func run() -> Int32 {
        let loaded: (model: CriteriaModel, bytes: [UInt8], path: String)
        switch EvaluatorFiles.loadModel(modelPath, today: ScoringSettings.helsinkiToday()) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let m): loaded = m
        }
        let model = loaded.model
        let settings: TuneSettings
        switch self.settings(for: model) {
        case .failure(let e): Console.error(e.message); Console.info("\n" + Self.help); return ExitCode.usage
        case .success(let s): settings = s
        }
        let bytes: [UInt8]
        switch EvaluatorFiles.readData(input) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let b): bytes = b
        }
        let clock = ContinuousClock()
        let loadStart = clock.now
        let cases: [SearchCase], tally: RejectionTally
        switch TuneRun.load(bytes, format: format ?? CaseloadFormat.detect(path: input, bytes: bytes), model: model, strict: strict, today: ScoringSettings.helsinkiToday()) {
        case .failure(let e): Console.error("\(input): \(e)"); return ExitCode.dataError
        case .success(let (c, t)): cases = c; tally = t
        }
        guard !cases.isEmpty else {
            Console.error("\(input): no valid labelled case (\(tally.total) rows rejected)")
            if tally.total > 0 { Console.info(tally.render()) }
            return ExitCode.dataError
        }
        let searchStart = clock.now
        let run = TuneRun(model: model, cases: cases, settings: settings)
        let searched = clock.now
        Console.info("read and scored \(cases.count) cases in \(seconds(searchStart - loadStart)) s; searched \(run.points.count) grid points in \(seconds(searched - searchStart)) s")

        var written: String? = nil
        var fileChanges: [DocumentDiff.Change] = []
        var text = json ? "" : TuneText.render(run, rejections: tally, inputName: input)
        if !json { text += TuneText.literalWarnings(ThresholdLiterals.find(in: model.document.value, copingThreshold: model.coping.threshold, riskThreshold: model.risk.threshold), model: model) }
        var status = run.best == nil ? ExitCode.failure : ExitCode.ok
        if let revision = run.revision(dataSHA256: Digest.sha256Hex(bytes), dataName: input, rejected: tally.total) {
            switch EvaluatorFiles.publish(revision, loaded: loaded, out: out, noWrite: noWrite, force: force) {
            case .failure(let f): Console.error(f.message); return f.code
            case .success(let p):
                if let f = p.writeFailure { Console.error(f.message); status = f.code }
                written = p.written
                fileChanges = p.changes
                if !json { text += p.summary }
            }
        }
        if json {
            Console.out(bytes: JSONBuilder.line(TuneText.json(run, rejections: tally, written: written, fileChanges: fileChanges)))
        } else {
            Console.out(text)
        }
        if let report {
            let html = TuneReport.html(run, cases: cases, inputName: input)
            if case .failure(let f) = EvaluatorFiles.write(Array(html.utf8), to: report, force: true) { Console.error(f.message); return f.code }
            Console.info("report written to \(report)")
        }
        return status
    }

    private func seconds(_ d: Duration) -> String {
        let (s, atto) = d.components
        return DecimalFormat.fixed(Double(s) + Double(atto) / 1e18, decimals: 3)
    }
}
