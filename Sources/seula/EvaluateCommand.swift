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
    USAGE: seula evaluate LABELLED [--model FILE] [--json] [--report FILE.html] [--bootstrap N]
                          [--seed S] [--reference ATTR=VALUE]... [--min-group N] [--format jsonl|csv] [--strict]

    Scores every labelled case exactly as seula serve would (CaseValidator + DecisionEngine) and
    compares with the caseworker's label:
      segments         confusion matrix, accuracy, Cohen's κ, macro F1, balanced accuracy,
                       precision/recall/F1 per segment
      label.outcome    outcome-level confusion, accuracy, quadratic-weighted κ (ordered levels)
      label.services   per-product and micro precision/recall/F1, mean Jaccard, identical sets
      label.outcome_12m  ROC AUC of the risk score (ties count ½), Brier score of score/100,
                       calibration table by decile
    with seeded bootstrap 95 % intervals for the headline figures, and fairness by
    municipality, language, age band and every other label field (e.g. label.gender, never read
    by scoring): segment shares, FPR/FNR per segment, and disparity ratios against a reference
    group, flagged outside 0.8–1.25 (Aequitas).

    LABELLED is JSON lines (a case object plus "label": {"segment": "tuki", "outcome": "guided",
    "services": [...], "outcome_12m": 0, "gender": "f"}) or CSV with label.* columns; label.segment
    is required. Invalid rows are counted and listed per error code, never silently dropped. The
    criteria file's in-force dates are not applied: it is judged on every case given.

    OPTIONS:
      --model FILE               criteria file (default: the default criteria in force today, or $SEULA_MODEL)
      --json                     print one JSON object instead of the text summary
      --report FILE.html         also write a self-contained HTML report (inline SVG, no scripts)
      --bootstrap N              bootstrap replicates for the 95 % intervals (default 1000; 0 = none)
      --seed S                   bootstrap seed (default 20251125)
      --reference ATTR=VALUE     reference group for an attribute (default: the largest group),
                                 e.g. --reference municipality=Vantaa --reference label.gender=f
      --min-group N              groups smaller than N are shown but never flagged (default 30)
      --format jsonl|csv         input format (default: from the extension, else the content)
      --strict                   reject fields the contract does not know
      -h, --help                 show this help

    EXAMPLE: seula evaluate labelled.jsonl --report evaluation.html

    EXIT: 0 evaluated; 65 no valid labelled case or unreadable CSV header; 66 no such file.
    """

    let input: String
    let modelPath: String?
    let json: Bool
    let report: String?
    let format: CaseloadFormat?
    let strict: Bool
    var options = EvaluationOptions()

    init(_ a: inout ArgumentReader) throws(UsageError) {
        modelPath = try a.option("--model")
        json = a.flag("--json")
        report = try a.option("--report")
        strict = a.flag("--strict")
        format = try Self.format(&a)
        if let n = try a.intOption("--bootstrap", min: 0) { options.bootstrapReplicates = n }
        if let s = try a.option("--seed") {
            guard let v = UInt64(s) else { throw UsageError("--seed needs a whole number ≥ 0, not '\(s)'") }
            options.seed = v
        }
        if let n = try a.intOption("--min-group", min: 1) { options.minimumGroup = n }
        for r in try a.options("--reference") {
            guard let eq = r.firstIndex(of: "="), eq != r.startIndex else { throw UsageError("--reference needs ATTR=VALUE, not '\(r)'") }
            options.references[String(r[..<eq])] = String(r[r.index(after: eq)...])
        }
        let positionals = try a.positionals(max: 1, names: "LABELLED")
        guard let input = positionals.first else { throw UsageError("give the labelled caseload (JSON lines or CSV)") }
        self.input = input
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
        let cases: [EvaluatedCase], tally: RejectionTally
        switch EvaluatedCase.load(bytes, format: fmt, model: model, requirements: [.segment], strict: strict, today: ScoringSettings.helsinkiToday()) {
        case .failure(let e): Console.error("\(input): \(e)"); return ExitCode.dataError
        case .success(let (c, t)): cases = c; tally = t
        }
        let evaluation = Evaluation(model: model, cases: cases, rejections: tally, options: options)
        if json {
            Console.out(bytes: JSONBuilder.line(EvaluationJSON.value(evaluation, dataSHA256: Digest.sha256Hex(bytes))))
        } else {
            Console.out(EvaluationText.render(evaluation, inputName: input))
        }
        if cases.isEmpty {
            Console.error("\(input): no valid labelled case (\(tally.total) rows rejected)")
            return ExitCode.dataError
        }
        if let report {
            let html = EvaluationReport.html(evaluation, inputName: input)
            if case .failure(let f) = EvaluatorFiles.write(Array(html.utf8), to: report, force: true) { Console.error(f.message); return f.code }
            Console.info("report written to \(report)")
        }
        return ExitCode.ok
    }
}
