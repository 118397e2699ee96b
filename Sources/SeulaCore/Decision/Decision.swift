/// Everything Seula decided about one case, before it is written as a decision record.
/// Indices refer to the model that made it (`model.products[i]`, `model.referrals[i]`, …).
public struct Decision: Sendable {
    public var caseID: String
    /// Index into `model.segments.domain.values`.
    public var segment: Int
    public var coping: CopingResult
    public var risk: RiskResult
    public var reasons: [Reason]
    /// Outcome levels are indices into `model.outcomeLevels.values`.
    public var computedOutcome: Int
    public var finalOutcome: Int
    public var outcomeBeforeImmediate: Int
    public var overrides: [FiredOverride]
    /// Index into `model.urgency.levels.values`.
    public var urgency: Int
    public var services: [ServiceRecommendation]
    public var referrals: [FiredReferral]
    public var review: [ReviewReason]
    public var counterfactual: [CounterfactualMove]
    /// Filled in by the caller that holds the pseudonym key.
    public var pseudonym: String?
}

public struct CopingResult: Sendable, Equatable {
    /// nil when fewer than `minAnswered` items are answered (undetermined).
    public var score: Double?
    public var band: String?
    public var answered: Int
    /// Per item: its share of the score (0 for unanswered items; all 0 when undetermined).
    public var contributions: [Double]
}

public struct RiskResult: Sendable, Equatable {
    public var score: Double
    public var points: Int
    public var maxPoints: Int
    /// Indicator indices with no value, in table order.
    public var gaps: [Int]
    /// Per indicator: points counted.
    public var indicatorPoints: [Int]
}

public struct Reason: Sendable, Equatable {
    public enum Axis: String, Sendable { case coping, risk }
    public var axis: Axis
    /// `coping.paying_bills`, `risk.housing`, or `<axis>.rest` for the sum of the others.
    public var code: String
    /// The answer or indicator value (for `.rest`: how many others contribute).
    public var value: ReasonValue
    /// Share of the axis score, in score points (unrounded).
    public var contribution: Double
}

public enum ReasonValue: Sendable, Equatable {
    case int(Int)
    case text(String)
    case bool(Bool)
}

public struct FiredOverride: Sendable {
    public var index: Int
    public var because: [String]
}

public struct ServiceRecommendation: Sendable {
    public var product: Int
    public var rank: Int
    public var provision: String
    /// Index into `model.urgency.levels.values`.
    public var urgency: Int
    public var because: [String]
}

public struct FiredReferral: Sendable {
    public var index: Int
    public var because: [String]
}

public enum ReviewReason: String, Sendable, CaseIterable {
    case nearThresholdCoping = "near_threshold:coping"
    case nearThresholdRisk = "near_threshold:risk"
    case insufficientScreening = "insufficient_screening"
    case registerGaps = "register_gaps"
}

/// The smallest change that would move the case to a neighbouring segment.
public struct CounterfactualMove: Sendable, Equatable {
    public var segment: Int
    public var changes: [CounterfactualChange]
}

public struct CounterfactualChange: Sendable, Equatable {
    /// `coping.paying_bills` or `risk.housing`.
    public var field: String
    public var from: ReasonValue?
    public var to: ReasonValue
}

extension Decision {
    /// The reasons' contributions as a person reads them: rounded to one decimal, with the
    /// `<axis>.rest` entry printed as the rounded score minus the rounded contributions listed
    /// before it, so the figures shown add up exactly to the score shown.
    public var printedContributions: [Double] {
        var listed: [Reason.Axis: Double] = [:]
        return reasons.map { r in
            if r.code.hasSuffix(".rest") {
                let score = r.axis == .coping ? (coping.score ?? 0) : risk.score
                return DecimalFormat.round1(DecimalFormat.round1(score) - (listed[r.axis] ?? 0))
            }
            let rounded = DecimalFormat.round1(r.contribution)
            listed[r.axis, default: 0] += rounded
            return rounded
        }
    }
}
