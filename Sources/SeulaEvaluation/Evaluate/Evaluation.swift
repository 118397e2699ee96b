import SeulaCore

/// Settings of `seula evaluate`.
public struct EvaluationOptions: Sendable {
    /// Bootstrap replicates for the 95 % intervals (0: none).
    public var bootstrapReplicates = 1000
    public var seed: UInt64 = 20251125
    /// Reference group per attribute (`municipality` → `Vantaa`).
    public var references: [String: String] = [:]
    /// Groups smaller than this are reported but never flagged.
    public var minimumGroup = 30

    public init() {}
}

/// The figures that get bootstrap intervals, in this order.
public enum HeadlineFigure: String, Sendable, CaseIterable {
    case accuracy, kappa, macroF1 = "macro_f1", balancedAccuracy = "balanced_accuracy"
    case outcomeWeightedKappa = "outcome_weighted_kappa", auc, brier
}

/// The risk score against the 12-month outcome.
public struct RiskOutcomeFit: Sendable {
    public var cases: Int
    public var positives: Int
    public var auc: Double
    /// Brier score of the risk score read as a probability (score / 100).
    public var brier: Double
    /// Brier score of predicting the base rate for everyone (the no-skill reference).
    public var brierBaseRate: Double
    public var calibration: [ScoreRanking.CalibrationBin]
}

/// Everything `seula evaluate` reports: agreement on segments and outcome levels, service
/// agreement, the risk score against the 12-month outcome, bootstrap intervals and fairness.
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
    /// Over the outcome levels, for cases whose label has an outcome; nil when none has.
    public let outcomes: ConfusionMatrix?
    public let services: ServiceAgreement?
    public let riskOutcome: RiskOutcomeFit?
    public let intervals: [HeadlineFigure: Bootstrap.Interval]
    public let fairness: FairnessAudit

    /// Complexity: O(n log n + bootstrap replicates × n).
    public init(model: CriteriaModel, cases: [EvaluatedCase], rejections: RejectionTally, options: EvaluationOptions) {
        self.model = model
        self.cases = cases
        self.rejections = rejections
        self.options = options
        let classes = model.segments.domain.values.count
        let levels = model.outcomeLevels.values.count

        var segments = ConfusionMatrix(classes: classes)
        var outcomes = ConfusionMatrix(classes: levels)
        var services = ServiceAgreement(productCount: model.products.count)
        for c in cases {
            segments.add(truth: c.labels.segment!, predicted: c.segment)
            if let o = c.labels.outcome { outcomes.add(truth: o, predicted: c.outcome) }
            if let s = c.labels.services { services.add(labelled: s, recommended: c.products) }
        }
        self.segments = segments
        self.outcomes = outcomes.total > 0 ? outcomes : nil
        self.services = services.cases > 0 ? services : nil

        let withOutcome = cases.filter { $0.labels.outcome12m != nil }
        if !withOutcome.isEmpty {
            let scores = withOutcome.map(\.riskScore)
            let ys = withOutcome.map { $0.labels.outcome12m == 1 }
            let probabilities = scores.map { $0 / 100 }
            let rate = Double(ys.filter { $0 }.count) / Double(ys.count)
            riskOutcome = RiskOutcomeFit(cases: ys.count, positives: ys.filter { $0 }.count,
                                         auc: ScoreRanking.auc(scores: scores, outcomes: ys),
                                         brier: ScoreRanking.brier(probabilities: probabilities, outcomes: ys),
                                         brierBaseRate: ScoreRanking.brier(probabilities: Array(repeating: rate, count: ys.count), outcomes: ys),
                                         calibration: ScoreRanking.calibration(scores: scores, probabilities: probabilities, outcomes: ys))
        } else {
            riskOutcome = nil
        }

        intervals = Self.bootstrap(model: model, cases: cases, options: options)

        var groups: [(name: String, values: [String?])] = [
            ("municipality", cases.map(\.municipality)),
            ("language", cases.map(\.language)),
            ("age_band", cases.map { FairnessAudit.ageBand($0.age) }),
        ]
        var labelAttributes: [String] = []
        for c in cases { for g in c.labels.groups where !labelAttributes.contains(g.attribute) { labelAttributes.append(g.attribute) } }
        for a in labelAttributes.sorted() { groups.append((a, cases.map { $0.labels.group(a) })) }
        fairness = FairnessAudit(truth: cases.map { $0.labels.segment! }, predicted: cases.map(\.segment), classes: classes,
                                 segments: model.segments.quadrants.count, groups: groups,
                                 references: options.references, minimumGroup: options.minimumGroup)
    }

    /// The headline figures with their point estimates, in `HeadlineFigure` order.
    public var headline: [(HeadlineFigure, Double)] {
        var out: [(HeadlineFigure, Double)] = [
            (.accuracy, segments.accuracy), (.kappa, segments.cohenKappa),
            (.macroF1, segments.macroF1), (.balancedAccuracy, segments.balancedAccuracy),
        ]
        if let o = outcomes { out.append((.outcomeWeightedKappa, o.quadraticKappa)) }
        if let r = riskOutcome { out.append((.auc, r.auc)); out.append((.brier, r.brier)) }
        return out
    }

    /// Bootstrap over patterns (segment label and prediction, outcome label and prediction,
    /// risk score level and 12-month outcome): every headline figure depends on a case only
    /// through its pattern.
    static func bootstrap(model: CriteriaModel, cases: [EvaluatedCase], options: EvaluationOptions) -> [HeadlineFigure: Bootstrap.Interval] {
        guard options.bootstrapReplicates > 0, !cases.isEmpty else { return [:] }
        let classes = model.segments.domain.values.count
        let levels = model.outcomeLevels.values.count
        let riskLevels = Array(Set(cases.map(\.riskScore))).sorted()
        let levelIndex = Dictionary(uniqueKeysWithValues: riskLevels.enumerated().map { ($1, $0) })
        struct Pattern: Hashable { var st, sp, ot, op, risk, y: Int }
        var index: [Pattern: Int32] = [:]
        var patterns: [Pattern] = []
        var patternOfCase: [Int32] = []
        patternOfCase.reserveCapacity(cases.count)
        for c in cases {
            let p = Pattern(st: c.labels.segment!, sp: c.segment, ot: c.labels.outcome ?? -1, op: c.outcome,
                            risk: c.labels.outcome12m == nil ? -1 : levelIndex[c.riskScore]!, y: c.labels.outcome12m ?? -1)
            if let k = index[p] {
                patternOfCase.append(k)
            } else {
                index[p] = Int32(patterns.count)
                patternOfCase.append(Int32(patterns.count))
                patterns.append(p)
            }
        }
        let hasOutcome = cases.contains { $0.labels.outcome != nil }
        let hasRisk = cases.contains { $0.labels.outcome12m != nil }
        let figures = HeadlineFigure.allCases.filter {
            switch $0 {
            case .outcomeWeightedKappa: return hasOutcome
            case .auc, .brier: return hasRisk
            default: return true
            }
        }
        let intervals = Bootstrap.intervals(patternOfCase: patternOfCase, patternCount: patterns.count,
                                            replicates: options.bootstrapReplicates, seed: options.seed) { counts in
            var seg = ConfusionMatrix(classes: classes)
            var out = ConfusionMatrix(classes: levels)
            var pos = Array(repeating: 0.0, count: riskLevels.count), neg = pos
            var brier = 0.0, withY = 0
            for (k, p) in patterns.enumerated() where counts[k] > 0 {
                let n = counts[k]
                seg.add(truth: p.st, predicted: p.sp, count: n)
                if p.ot >= 0 { out.add(truth: p.ot, predicted: p.op, count: n) }
                if p.y >= 0 {
                    if p.y == 1 { pos[p.risk] += Double(n) } else { neg[p.risk] += Double(n) }
                    let d = riskLevels[p.risk] / 100 - Double(p.y)
                    brier += Double(n) * d * d
                    withY += n
                }
            }
            return figures.map { f in
                switch f {
                case .accuracy: return seg.accuracy
                case .kappa: return seg.cohenKappa
                case .macroF1: return seg.macroF1
                case .balancedAccuracy: return seg.balancedAccuracy
                case .outcomeWeightedKappa: return out.total > 0 ? out.quadraticKappa : .nan
                case .auc: return ScoreRanking.auc(positivesByLevel: pos, negativesByLevel: neg)
                case .brier: return withY > 0 ? brier / Double(withY) : .nan
                }
            }
        }
        var result: [HeadlineFigure: Bootstrap.Interval] = [:]
        for (f, i) in zip(figures, intervals) { result[f] = i }
        return result
    }
}
