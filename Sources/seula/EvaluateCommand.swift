import Foundation
import SeulaCore
import SeulaCrypto
import SeulaEvaluation
import SeulaJSON

/// `seula evaluate LABELLED`: how well Seula agrees with caseworkers' labels, and fairness.
struct EvaluateCommand: Command {
    static let names = ["evaluate"]
    static let abstract = "agreement with caseworkers' labels, risk vs outcome, fairness by group"
    static let help = """
    USAGE: seula evaluate LABELLED [--model FILE] [--json] [--report FILE.html] [--lang fi|sv|en] [--bootstrap N]
                          [--seed S] [--reference ATTR=VALUE]... [--min-group N] [--min-count N]
                          [--format jsonl|csv] [--strict]

    Scores every labelled case exactly as seula serve would (CaseValidator + DecisionEngine) and
    compares with the caseworker's label:
      segments         confusion matrix; accuracy and Cohen's κ over every case (a case Seula
                       leaves undetermined counts as a disagreement); precision/recall/F1 per
                       segment, macro F1 and balanced accuracy over the four segments only
                       (scikit-learn's labels=); the undetermined cases reported apart (count,
                       share with a Wilson interval, why, and where the caseworkers put them)
      label.outcome    outcome-level confusion, accuracy, quadratic-weighted κ (ordered levels)
      label.services   per-product and micro precision/recall/F1, mean Jaccard, identical sets
      label.outcome_12m  ROC AUC of the risk score (ties count ½) and the ROC curve, Brier score
                       of score/100, reliability diagram (bins of 0.1 of score/100, observed rate
                       with Wilson intervals); cases whose risk is undetermined are left out
    with seeded bootstrap 95 % intervals (percentile, multinomial resampling of case patterns)
    for the headline and per-segment figures, and fairness by municipality, language, age band
    and every other label field (e.g. label.gender, never read by scoring): segment shares and
    FPR/FNR per segment as ratios to a reference group, each with a bootstrap interval. A ratio
    is flagged only when its whole interval lies outside 0.8–1.25 (Aequitas), the group and the
    reference have at least --min-group cases, and the figure's denominator is at least
    --min-count in both. Age bands are listed by age.

    LABELLED is JSON lines (a case object plus "label": {"segment": "tuki", "outcome": "guided",
    "services": [...], "outcome_12m": 0, "gender": "f"}) or CSV with label.* columns; label.segment
    is required. Invalid rows are counted and listed per error code, never silently dropped. The
    criteria file's in-force dates are not applied: it is judged on every case given.

    OPTIONS:
      --model FILE               criteria file (default: the default criteria in force today, or $SEULA_MODEL)
      --json                     print one JSON object instead of the text summary
      --report FILE.html         also write a self-contained HTML report (inline SVG, no scripts): a
                                 one-page printable summary (A4), then the detail
      --lang fi|sv|en            language of the text and the report (default en; names come from
                                 the criteria file)
      --bootstrap N              bootstrap replicates for the 95 % intervals (default 1000; 0 = none)
      --seed S                   bootstrap seed (default 20251125)
      --reference ATTR=VALUE     reference group for an attribute (default: the largest group),
                                 e.g. --reference municipality=Vantaa --reference label.gender=f
      --min-group N              groups smaller than N are shown but never flagged (default 100)
      --min-count N              a ratio whose rate is over fewer than N cases (in the group or the
                                 reference) is never flagged (default 30)
      --format jsonl|csv         input format (default: from the extension, else the content)
      --strict                   reject fields the contract does not know
      -h, --help                 show this help

    Progress is shown on stderr when it is a terminal (SEULA_PROGRESS=1 forces it, 0 turns it off).

    EXAMPLE: seula evaluate labelled.jsonl --report evaluation.html --lang fi

    EXIT: 0 evaluated; 65 no valid labelled case or unreadable CSV header; 66 no such file.
    """

    let input: String
    let modelPath: String?
    let json: Bool
    let report: String?
    let format: CaseloadFormat?
    let strict: Bool
    let language: ReportLanguage
    var options = EvaluationOptions()

    init(_ a: inout ArgumentReader) throws(UsageError) {
        modelPath = try a.option("--model")
        json = a.flag("--json")
        report = try a.option("--report")
        language = try Self.language(&a)
        strict = a.flag("--strict")
        format = try Self.format(&a)
        if let n = try a.intOption("--bootstrap", min: 0) { options.bootstrapReplicates = n }
        if let s = try a.option("--seed") {
            guard let v = UInt64(s) else { throw UsageError("--seed needs a whole number ≥ 0, not '\(s)'") }
            options.seed = v
        }
        if let n = try a.intOption("--min-group", min: 1) { options.minimumGroup = n }
        if let n = try a.intOption("--min-count", min: 1) { options.minimumCount = n }
        for r in try a.options("--reference") {
            guard let eq = r.firstIndex(of: "="), eq != r.startIndex else { throw UsageError("--reference needs ATTR=VALUE, not '\(r)'") }
            options.references[String(r[..<eq])] = String(r[r.index(after: eq)...])
        }
        let positionals = try a.positionals(max: 1, names: "LABELLED")
        guard let input = positionals.first else { throw UsageError("give the labelled caseload (JSON lines or CSV)") }
        self.input = input
    }

    /// `--lang fi|sv|en`, shared by the evaluator commands (default en).
    static func language(_ a: inout ArgumentReader) throws(UsageError) -> ReportLanguage {
        guard let code = try a.option("--lang") else { return .en }
        guard let l = ReportLanguage(code: code) else { throw UsageError("--lang must be fi, sv or en, not '\(code)'") }
        return l
    }

    /// `--format jsonl|csv`, shared by the evaluator commands.
    static func format(_ a: inout ArgumentReader) throws(UsageError) -> CaseloadFormat? {
        guard let f = try a.option("--format") else { return nil }
        guard let v = CaseloadFormat(rawValue: f) else { throw UsageError("--format is jsonl or csv, not '\(f)'") }
        return v
    }

    func run() -> Int32 {
        let loaded: (model: CriteriaModel, bytes: [UInt8], path: String), bytes: [UInt8]
        switch EvaluatorFiles.loadModelAndData(modelPath, input, today: ScoringSettings.helsinkiToday()) {
        case .failure(let f): Console.error(f.message); return f.code
        case .success(let r): (loaded, bytes) = (r.loaded, r.data)
        }
        let model = loaded.model
        let fmt = format ?? CaseloadFormat.detect(path: input, bytes: bytes)
        let progress = RunProgress(command: "seula evaluate")
        defer { progress.finish() }
        progress.begin("reading and deciding cases", total: bytes.count, unit: .bytes)
        let cases: [EvaluatedCase], tally: RejectionTally
        switch EvaluatedCase.load(bytes, format: fmt, model: model, requirements: [.segment], strict: strict, today: ScoringSettings.helsinkiToday(),
                                  progress: progress) {
        case .failure(let e): progress.finish(); Console.error("\(input): \(e)"); return ExitCode.dataError
        case .success(let (c, t)): cases = c; tally = t
        }
        var options = self.options
        options.progress = progress
        var labelAttributes = Set<String>()
        for c in cases { for g in c.labels.groups { labelAttributes.insert(g.attribute) } }
        progress.begin("bootstrap intervals", total: Evaluation.bootstrapWork(options: options, attributes: 3 + labelAttributes.count), unit: .items("replicates"))
        let evaluation = Evaluation(model: model, cases: cases, rejections: tally, options: options)
        progress.finish()
        if json {
            Console.out(bytes: JSONBuilder.line(EvaluationJSON.value(evaluation, dataSHA256: Digest.sha256Hex(bytes))))
        } else {
            Console.out(EvaluationText.render(evaluation, inputName: input, language: language))
        }
        if cases.isEmpty {
            Console.error("\(input): no valid labelled case (\(tally.total) rows rejected)")
            return ExitCode.dataError
        }
        if let report {
            let context = EvaluatorReportContext.make(language: language, input: input, data: bytes)
            let html = EvaluationReport.html(evaluation, context: context)
            if case .failure(let f) = EvaluatorFiles.write(Array(html.utf8), to: report, force: true) { Console.error(f.message); return f.code }
            Console.info("report written to \(report)")
        }
        return ExitCode.ok
    }
}

/// The footer of every evaluator report: when (Europe/Helsinki), which Seula (this
/// executable's sha256: there is no release number yet), the command line and the data's sha256.
enum EvaluatorReportContext {
    static func make(language: ReportLanguage, input: String, data: [UInt8]?) -> ReportContext {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Helsinki") ?? .current
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let now = ProcessInfo.processInfo.environment["SEULA_REPORT_TIME"] ?? (formatter.string(from: Date()) + " Europe/Helsinki")
        var seula = "Seula (development build)"
        if let exe = FileManager.default.contents(atPath: "/proc/self/exe") {
            seula += ", executable sha256 " + Digest.sha256Hex([UInt8](exe)).prefix(16)
        }
        var arguments = CommandLine.arguments
        if !arguments.isEmpty { arguments[0] = "seula" }
        return ReportContext(language: language, generatedAt: now, seula: seula, commandLine: ReportContext.shellQuoted(arguments),
                             inputName: input, dataSHA256: data.map(Digest.sha256Hex))
    }
}
