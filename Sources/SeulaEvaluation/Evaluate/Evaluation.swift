import SeulaCore

/// Settings of `seula evaluate`.
public struct EvaluationOptions: Sendable {
    /// Bootstrap replicates for the 95 % intervals (0: none).
    public var bootstrapReplicates = 1000
    public var seed: UInt64 = 20251125
    /// Reference group per attribute (`municipality` → `Vantaa`).
    public var references: [String: String] = [:]
    /// Groups smaller than this (or compared with a reference this small) are reported but
    /// never flagged.
    public var minimumGroup = 100
    /// A fairness ratio is flagged only when the figure's denominator (the cases its rate is a
    /// share of) is at least this in the group and in the reference.
    public var minimumCount = 30
    /// Counts bootstrap replicates (nil: no progress).
    public var progress: RunProgress? = nil

    public init() {}
}

/// The figures that get bootstrap intervals, in this order.
public enum HeadlineFigure: String, Sendable, CaseIterable {
    case accuracy, kappa, macroF1 = "macro_f1", balancedAccuracy = "balanced_accuracy"
    case outcomeWeightedKappa = "outcome_weighted_kappa", auc, brier
}

/// A point estimate with its 95 % interval (NaN bounds when there is none).
public struct Estimate: Sendable, Equatable {
    public var value: Double
    public var lower: Double
    public var upper: Double

    public init(_ value: Double, _ interval: Bootstrap.Interval?) {
        self.value = value
        lower = interval?.lower ?? .nan
        upper = interval?.upper ?? .nan
    }

    public init(value: Double, lower: Double, upper: Double) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }

    public var hasInterval: Bool { lower.isFinite && upper.isFinite }
}

/// The risk score against the 12-month outcome, over the cases with `label.outcome_12m` whose
/// risk score is determined.
public struct RiskOutcomeFit: Sendable {
    public var cases: Int
    public var positives: Int
    /// Cases with `label.outcome_12m` left out because their risk axis is undetermined (no score).
    public var withoutScore: Int
    public var auc: Double
    /// Brier score of the risk score read as a probability (score / 100).
    public var brier: Double
    /// Brier score of predicting the base rate for everyone (the no-skill reference).
    public var brierBaseRate: Double
    public var roc: [ScoreRanking.ROCPoint]
    public var reliability: [ScoreRanking.ReliabilityBin]
}

/// The cases Seula could not place in a quadrant (the undetermined segment), reported apart.
public struct UndeterminedCases: Sendable {
    /// Cases Seula put in the undetermined segment.
    public var count: Int
    public var of: Int
    /// Wilson 95 % interval of count / of.
    public var share: Estimate
    /// Of them, undetermined because of the coping answers (too few answered) and because of
    /// register gaps (the risk axis; MODEL-V2); a case may be both.
    public var byCoping: Int
    public var byRisk: Int
    /// The caseworkers' segments for these cases, over the segment domain.
    public var caseworkerSegments: [Int]
    /// Cases the caseworker labelled undetermined.
    public var labelledUndetermined: Int
}

/// Everything `seula evaluate` reports: agreement on segments and outcome levels, service
/// agreement, the risk score against the 12-month outcome, bootstrap intervals and fairness.
///
/// Undetermined is not a fifth class the caseworkers use: per-segment figures (precision,
/// recall, F1) are given for the four quadrant segments only, and macro F1 and balanced
/// accuracy average over them — scikit-learn's `labels=` (a case Seula left undetermined still
/// counts as a miss of its labelled segment). Accuracy and Cohen's κ are over every evaluated
/// case, an undetermined one counting as a disagreement. The undetermined cases are reported
/// apart (`undetermined`).
///
/// Invariant: every figure is computed from `cases` (the valid rows, in input order); rows
/// that were not valid are in `rejections`, never silently dropped.
public struct Evaluation: Sendable {
    public let model: CriteriaModel
    public let cases: [EvaluatedCase]
    public let rejections: RejectionTally
    public let options: EvaluationOptions
    /// Over the model's segment domain (quadrants, then undetermined).
    public let segments: ConfusionMatrix
    /// The quadrant segments (indices into the domain): the `labels=` of per-segment figures.
    public let quadrants: [Int]
    /// Over the outcome levels, for cases whose label has an outcome; nil when none has.
    public let outcomes: ConfusionMatrix?
    public let services: ServiceAgreement?
    public let riskOutcome: RiskOutcomeFit?
    public let intervals: [HeadlineFigure: Bootstrap.Interval]
    /// Per quadrant: precision, recall and F1 with bootstrap intervals.
    public let perSegment: [(precision: Estimate, recall: Estimate, f1: Estimate)]
    public let undetermined: UndeterminedCases
    /// Cases whose risk side a severe marker decided (high whatever the score; MODEL-V2).
    public let highByMarker: Int
    public let fairness: FairnessAudit

    /// Complexity: O(n log n + replicates × patterns) (see `Bootstrap`).
    public init(model: CriteriaModel, cases: [EvaluatedCase], rejections: RejectionTally, options: EvaluationOptions) {
        self.model = model
        self.cases = cases
        self.rejections = rejections
        self.options = options
        let classes = model.segments.domain.values.count
        let levels = model.outcomeLevels.values.count
        let quadrants = Array(0..<model.segments.quadrants.count)
        self.quadrants = quadrants
        let undeterminedIndex = model.segments.quadrants.count

        var segments = ConfusionMatrix(classes: classes)
        var outcomes = ConfusionMatrix(classes: levels)
        var services = ServiceAgreement(productCount: model.products.count)
        var byCoping = 0, byRisk = 0, markers = 0
        for c in cases {
            segments.add(truth: c.labels.segment!, predicted: c.segment)
            if let o = c.labels.outcome { outcomes.add(truth: o, predicted: c.outcome) }
            if let s = c.labels.services { services.add(labelled: s, recommended: c.products) }
            if c.segment == undeterminedIndex {
                if c.projection.coping == nil { byCoping += 1 }
                if c.projection.riskScore == nil { byRisk += 1 }
            }
            if !c.projection.undetermined, c.projection.risk == .infinity { markers += 1 }
        }
        self.segments = segments
        self.outcomes = outcomes.total > 0 ? outcomes : nil
        self.services = services.cases > 0 ? services : nil
        highByMarker = markers

        let und = segments.columnTotal(undeterminedIndex)
        let w = Wilson.interval(successes: und, trials: segments.total)
        undetermined = UndeterminedCases(count: und, of: segments.total,
                                         share: Estimate(value: segments.total > 0 ? Double(und) / Double(segments.total) : .nan, lower: w.lower, upper: w.upper),
                                         byCoping: byCoping, byRisk: byRisk,
                                         caseworkerSegments: (0..<classes).map { segments[$0, undeterminedIndex] },
                                         labelledUndetermined: segments.rowTotal(undeterminedIndex))

        let withOutcome = cases.filter { $0.labels.outcome12m != nil }
        let scored = withOutcome.filter { $0.projection.riskScore != nil }
        if !scored.isEmpty {
            let scores = scored.map { $0.projection.riskScore! }
            let ys = scored.map { $0.labels.outcome12m == 1 }
            let probabilities = scores.map { $0 / 100 }
            let positives = ys.filter { $0 }.count
            let rate = Double(positives) / Double(ys.count)
            riskOutcome = RiskOutcomeFit(cases: ys.count, positives: positives, withoutScore: withOutcome.count - scored.count,
                                         auc: ScoreRanking.auc(scores: scores, outcomes: ys),
                                         brier: ScoreRanking.brier(probabilities: probabilities, outcomes: ys),
                                         brierBaseRate: ScoreRanking.brier(probabilities: Array(repeating: rate, count: ys.count), outcomes: ys),
                                         roc: ScoreRanking.rocCurve(scores: scores, outcomes: ys),
                                         reliability: ScoreRanking.reliability(probabilities: probabilities, outcomes: ys))
        } else {
            riskOutcome = nil
        }

        let (headline, perSegmentIntervals) = Self.bootstrap(model: model, cases: cases, options: options)
        intervals = headline
        perSegment = quadrants.map { s in
            let i = perSegmentIntervals.count > s * 3 + 2 ? Array(perSegmentIntervals[(s * 3)...(s * 3 + 2)]) : [nil, nil, nil]
            return (Estimate(segments.precision(s), i[0]), Estimate(segments.recall(s), i[1]), Estimate(segments.f1(s), i[2]))
        }

        let groups = Self.fairnessGroups(cases)
        fairness = FairnessAudit(truth: cases.map { $0.labels.segment! }, predicted: cases.map(\.segment), classes: classes,
                                 segments: model.segments.quadrants.count, groups: groups, references: options.references,
                                 minimumGroup: options.minimumGroup, minimumCount: options.minimumCount,
                                 replicates: options.bootstrapReplicates, seed: options.seed, progress: options.progress)
    }

    /// The attributes fairness is judged by, with each case's group: municipality, language,
    /// age band, then every other `label.*` field in name order.
    public static func fairnessGroups(_ cases: [EvaluatedCase]) -> [(name: String, values: [String?])] {
        var groups: [(name: String, values: [String?])] = [
            ("municipality", cases.map(\.municipality)),
            ("language", cases.map(\.language)),
            ("age_band", cases.map { FairnessAudit.ageBand($0.age) }),
        ]
        var labelAttributes: [String] = []
        for c in cases { for g in c.labels.groups where !labelAttributes.contains(g.attribute) { labelAttributes.append(g.attribute) } }
        for a in labelAttributes.sorted() { groups.append((a, cases.map { $0.labels.group(a) })) }
        return groups
    }

    /// Why a `--reference ATTR=VALUE` names no group of the caseload (an attribute it does not
    /// have, or a value none of its cases has), naming the ones that exist; nil when every
    /// reference names a group.
    public static func referenceProblem(_ references: [String: String], cases: [EvaluatedCase]) -> String? {
        let groups = fairnessGroups(cases)
        for (attribute, value) in references.sorted(by: { $0.key < $1.key }) {
            guard let g = groups.first(where: { $0.name == attribute }) else {
                return "--reference \(attribute)=\(value): there is no attribute '\(attribute)'; the attributes are \(groups.map(\.name).joined(separator: ", "))"
            }
            var counts: [String: Int] = [:]
            for v in g.values { counts[v ?? FairnessAudit.missing, default: 0] += 1 }
            guard counts[value] == nil else { continue }
            let listed = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let shown = listed.prefix(20).map { "\($0.key) (\($0.value))" }.joined(separator: ", ") + (listed.count > 20 ? ", … (\(listed.count) groups)" : "")
            return "--reference \(attribute)=\(value): no case has \(attribute) '\(value)'; the groups are \(shown)"
        }
        return nil
    }

    /// The headline figures with their point estimates, in `HeadlineFigure` order (the outcome
    /// and risk figures only when the labels have them).
    public var headline: [(HeadlineFigure, Double)] {
        var out: [(HeadlineFigure, Double)] = [
            (.accuracy, segments.accuracy), (.kappa, segments.cohenKappa),
            (.macroF1, segments.macroF1(over: quadrants)), (.balancedAccuracy, segments.balancedAccuracy(over: quadrants)),
        ]
        if let o = outcomes { out.append((.outcomeWeightedKappa, o.quadraticKappa)) }
        if let r = riskOutcome { out.append((.auc, r.auc)); out.append((.brier, r.brier)) }
        return out
    }

    /// A headline figure with its interval.
    public func estimate(_ f: HeadlineFigure) -> Estimate? {
        headline.first { $0.0 == f }.map { Estimate($0.1, intervals[f]) }
    }

    /// How many bootstrap replicates run (the headline stream and one per fairness attribute).
    public static func bootstrapWork(options: EvaluationOptions, attributes: Int) -> Int {
        options.bootstrapReplicates * (1 + attributes)
    }

    /// Bootstrap over patterns (segment label and prediction, outcome label and prediction,
    /// risk score level and 12-month outcome): every headline and per-segment figure depends on
    /// a case only through its pattern.
    static func bootstrap(model: CriteriaModel, cases: [EvaluatedCase], options: EvaluationOptions)
        -> ([HeadlineFigure: Bootstrap.Interval], [Bootstrap.Interval?]) {
        guard options.bootstrapReplicates > 0, !cases.isEmpty else { return ([:], []) }
        let classes = model.segments.domain.values.count
        let levels = model.outcomeLevels.values.count
        let quadrants = Array(0..<model.segments.quadrants.count)
        let riskLevels = Array(Set(cases.compactMap { $0.labels.outcome12m == nil ? nil : $0.projection.riskScore })).sorted()
        let levelIndex = Dictionary(uniqueKeysWithValues: riskLevels.enumerated().map { ($1, $0) })
        struct Pattern: Hashable { var st, sp, ot, op, risk, y: Int32 }
        var index: [Pattern: Int] = [:]
        var patterns: [Pattern] = []
        var counts: [Int] = []
        for c in cases {
            let scored = c.labels.outcome12m != nil && c.projection.riskScore != nil
            let p = Pattern(st: Int32(c.labels.segment!), sp: Int32(c.segment), ot: Int32(c.labels.outcome ?? -1), op: Int32(c.outcome),
                            risk: scored ? Int32(levelIndex[c.projection.riskScore!]!) : -1,
                            y: scored ? Int32(c.labels.outcome12m!) : -1)
            if let k = index[p] { counts[k] += 1 } else { index[p] = patterns.count; patterns.append(p); counts.append(1) }
        }
        let hasOutcome = cases.contains { $0.labels.outcome != nil }
        let hasRisk = patterns.contains { $0.y >= 0 }
        let figures = HeadlineFigure.allCases.filter {
            switch $0 {
            case .outcomeWeightedKappa: return hasOutcome
            case .auc, .brier: return hasRisk
            default: return true
            }
        }
        let allPatterns = patterns
        let intervals = Bootstrap.intervals(patternCounts: counts, replicates: options.bootstrapReplicates, seed: options.seed,
                                            stream: 0, progress: options.progress) { counts in
            var seg = ConfusionMatrix(classes: classes)
            var out = ConfusionMatrix(classes: levels)
            var pos = Array(repeating: 0.0, count: riskLevels.count), neg = pos
            var brier = 0.0, withY = 0
            for (k, p) in allPatterns.enumerated() where counts[k] > 0 {
                let n = counts[k]
                seg.add(truth: Int(p.st), predicted: Int(p.sp), count: n)
                if p.ot >= 0 { out.add(truth: Int(p.ot), predicted: Int(p.op), count: n) }
                if p.y >= 0 {
                    if p.y == 1 { pos[Int(p.risk)] += Double(n) } else { neg[Int(p.risk)] += Double(n) }
                    let d = riskLevels[Int(p.risk)] / 100 - Double(p.y)
                    brier += Double(n) * d * d
                    withY += n
                }
            }
            var values = figures.map { f -> Double in
                switch f {
                case .accuracy: return seg.accuracy
                case .kappa: return seg.cohenKappa
                case .macroF1: return seg.macroF1(over: quadrants)
                case .balancedAccuracy: return seg.balancedAccuracy(over: quadrants)
                case .outcomeWeightedKappa: return out.total > 0 ? out.quadraticKappa : .nan
                case .auc: return ScoreRanking.auc(positivesByLevel: pos, negativesByLevel: neg)
                case .brier: return withY > 0 ? brier / Double(withY) : .nan
                }
            }
            for s in quadrants {
                values.append(seg.columnTotal(s) > 0 ? seg.precision(s) : .nan)
                values.append(seg.rowTotal(s) > 0 ? seg.recall(s) : .nan)
                values.append(seg.rowTotal(s) + seg.columnTotal(s) > 0 ? seg.f1(s) : .nan)
            }
            return values
        }
        var result: [HeadlineFigure: Bootstrap.Interval] = [:]
        for (f, i) in zip(figures, intervals) { result[f] = i }
        return (result, intervals.dropFirst(figures.count).map { $0 })
    }
}
