import Foundation
import SeulaCore
import SeulaCrypto
import SeulaEvaluation
import SeulaFormats
import SeulaJSON
import SeulaService

/// `seula evaluate LABELLED`: how well Seula agrees with caseworkers' labels, and fairness.
struct EvaluateCommand: Command {
    static let reference = Option("--reference", value: "ATTR=VALUE", help: "reference group for an attribute (default: the largest group), e.g. --reference municipality=Vantaa --reference label.gender=f", repeatable: true)
    static let minGroup = Option("--min-group", value: "N", help: "groups smaller than N are shown but never flagged (default 100)")
    static let minCount = Option("--min-count", value: "N", help: "a ratio whose rate is over fewer than N cases (in the group or the reference) is never flagged (default 30)")

    static let spec = CommandSpec(
        names: ["evaluate"],
        abstract: "agreement with caseworkers' labels, risk vs outcome, fairness by group",
        positionals: [Positional(name: "LABELLED", help: "a labelled caseload, JSON lines or CSV (- is stdin)")],
        options: [Options.evaluatedModel, Options.json, Options.report, Options.lang, Options.bootstrap,
                  Options.seed.help("bootstrap seed (default 20251125)"), reference, minGroup, minCount,
                  Options.format, Options.strict, Options.today] + Options.progressGroup,
        discussion: """
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
        """,
        footer: """
        EXAMPLE: seula evaluate labelled.jsonl --report evaluation.html --lang fi

        EXIT: 0 evaluated; 1 an output could not be written; 64 usage (also a --reference no
        group matches); 65 no valid labelled case or unreadable CSV header; 66 no such file.
        """)

    let input: String
    let modelPath: String?
    let json: Bool
    let report: String?
    let format: CaseloadFormat?
    let strict: Bool
    let language: ReportLanguage
    let today: CalendarDate
    let progress: Bool
    var options = EvaluationOptions()

    init(_ a: ParsedArguments) throws(UsageError) {
        modelPath = a.value(Options.evaluatedModel)
        json = a.flag(Options.json)
        report = a.value(Options.report)
        language = Self.language(a)
        strict = a.flag(Options.strict)
        format = Self.format(a)
        today = ScoringSettings.date(try ScoringSettings.today(a))
        progress = Options.showsProgress(a)
        if let n = try a.int(Options.bootstrap, min: 0) { options.bootstrapReplicates = n }
        if let v = try a.uint64(Options.seed) { options.seed = v }
        if let n = try a.int(Self.minGroup, min: 1) { options.minimumGroup = n }
        if let n = try a.int(Self.minCount, min: 1) { options.minimumCount = n }
        for r in a.values(Self.reference) {
            guard let eq = r.firstIndex(of: "="), eq != r.startIndex else { throw UsageError("--reference needs ATTR=VALUE, not '\(r)'") }
            options.references[String(r[..<eq])] = String(r[r.index(after: eq)...])
        }
        input = a.positional(0)!
        try InputFile.checkOneStdin([input, modelPath])
    }

    /// `--lang fi|sv|en`, shared by the evaluator commands (default en).
    static func language(_ a: ParsedArguments) -> ReportLanguage {
        a.value(Options.lang).flatMap { ReportLanguage(code: $0) } ?? .en
    }

    /// `--format jsonl|csv`, shared by the evaluator commands.
    static func format(_ a: ParsedArguments) -> CaseloadFormat? {
        a.value(Options.format).flatMap(CaseloadFormat.init(rawValue:))
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
        let progress = RunProgress(command: "seula evaluate", enabled: self.progress)
        defer { progress.finish() }
        progress.begin("reading and deciding cases", total: bytes.count, unit: .bytes)
        let cases: [EvaluatedCase], tally: RejectionTally
        switch EvaluatedCase.load(bytes, format: fmt, model: model, requirements: [.segment], strict: strict, today: today,
                                  progress: progress) {
        case .failure(let e): progress.finish(); Console.error("\(name): \(e)"); return ExitCode.dataError
        case .success(let (c, t)): cases = c; tally = t
        }
        if cases.isEmpty {
            progress.finish()
            Console.error("\(name): no valid labelled case (\(tally.total) rows rejected)")
            if tally.total > 0 { Console.info(tally.render()) }
            return ExitCode.dataError
        }
        if let problem = Evaluation.referenceProblem(options.references, cases: cases) {
            progress.finish()
            return usageFailure(problem)
        }
        var options = self.options
        options.progress = progress
        var labelAttributes = Set<String>()
        for c in cases { for g in c.labels.groups { labelAttributes.insert(g.attribute) } }
        progress.begin("bootstrap intervals", total: Evaluation.bootstrapWork(options: options, attributes: 3 + labelAttributes.count), unit: .items("replicates"))
        let evaluation = Evaluation(model: model, cases: cases, rejections: tally, options: options)
        progress.finish()
        // `--report -` takes stdout; the text then goes to stderr.
        let show: (String) -> Void = report == "-" ? { Output.standardError.write($0) } : { Console.out($0) }
        if json {
            show(String(decoding: JSONBuilder.line(EvaluationJSON.value(evaluation, dataSHA256: Digest.sha256Hex(bytes))), as: UTF8.self))
        } else {
            show(EvaluationText.render(evaluation, inputName: name, language: language))
        }
        if let report {
            let context = EvaluatorReportContext.make(language: language, input: name, data: bytes)
            let html = EvaluationReport.html(evaluation, context: context)
            if case .failure(let f) = EvaluatorFiles.write(Array(html.utf8), to: report, force: true) { Console.error(f.message); return f.code }
            if report != "-" { Console.info("report written to \(report)") }
        }
        return ExitCode.ok
    }
}

/// The footer of every evaluator report: when (Europe/Helsinki), which Seula (its version and
/// this executable's sha256), the command line and the data's sha256.
enum EvaluatorReportContext {
    static func make(language: ReportLanguage, input: String, data: [UInt8]?) -> ReportContext {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Helsinki") ?? .current
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let now = ProcessInfo.processInfo.environment["SEULA_REPORT_TIME"] ?? (formatter.string(from: Date()) + " Europe/Helsinki")
        let seula = SeulaVersion.buildLine
        var arguments = CommandLine.arguments
        if !arguments.isEmpty { arguments[0] = "seula" }
        return ReportContext(language: language, generatedAt: now, seula: seula, commandLine: ReportContext.shellQuoted(arguments),
                             inputName: input, dataSHA256: data.map(Digest.sha256Hex))
    }
}
