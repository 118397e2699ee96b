/// Where each name lives in an evaluation frame (`[Value]`), fixed when a model loads.
///
/// Layout, one contiguous block per phase (the phase from which the names are known):
/// intake (coping items, risk indicators, flags, household, age, `any_flag`, the thresholds,
/// `hetu_age`), segmentation (scores, segment, computed outcome), outcome (the final outcome),
/// routing (the case urgency), review (one slot per referral), final (`review_required`).
/// `DecisionStep` n writes block n, so the batch engine copies one range per step into its
/// columns.
public struct FrameSlots: Sendable {
    public let copingItems: Range<Int>
    public let riskIndicators: Range<Int>
    public let flags: Range<Int>
    public let householdChildren: Int
    public let householdYoungestChildAge: Int
    public let householdExpecting: Int
    public let householdSingleParent: Int
    public let age: Int
    public let anyFlag: Int
    public let copingThreshold: Int
    public let riskThreshold: Int
    /// Whole years on the assessment date from a hetu's birth date; null without a hetu.
    public let hetuAge: Int
    public let copingScore: Int
    public let copingAnswered: Int
    /// Null when the risk axis is undetermined.
    public let riskScore: Int
    public let riskPoints: Int
    public let riskGaps: Int
    public let riskKnown: Int
    public let segment: Int
    public let computedOutcome: Int
    public let outcome: Int
    public let outcomeBeforeImmediate: Int
    public let urgency: Int
    /// One true/false slot per referral, in file order: whether it was made.
    public let referrals: Range<Int>
    public let reviewRequired: Int
    public let count: Int
    /// The slots first known at each phase (index: `Phase.rawValue`).
    public let byPhase: [Range<Int>]

    init(items: Int, indicators: Int, flags: Int, referrals: Int) {
        var next = 0
        var starts: [Int] = []
        func take(_ n: Int) -> Range<Int> { defer { next += n }; return next..<(next + n) }
        func one() -> Int { defer { next += 1 }; return next }
        starts.append(next)   // intake
        copingItems = take(items)
        riskIndicators = take(indicators)
        self.flags = take(flags)
        householdChildren = one()
        householdYoungestChildAge = one()
        householdExpecting = one()
        householdSingleParent = one()
        age = one()
        anyFlag = one()
        copingThreshold = one()
        riskThreshold = one()
        hetuAge = one()
        starts.append(next)   // segment
        copingScore = one()
        copingAnswered = one()
        riskScore = one()
        riskPoints = one()
        riskGaps = one()
        riskKnown = one()
        segment = one()
        computedOutcome = one()
        starts.append(next)   // outcome
        outcome = one()
        outcomeBeforeImmediate = one()
        starts.append(next)   // routing
        urgency = one()
        starts.append(next)   // review
        self.referrals = take(referrals)
        starts.append(next)   // final
        reviewRequired = one()
        count = next
        starts.append(next)
        byPhase = (0..<Phase.allCases.count).map { starts[$0]..<starts[$0 + 1] }
    }

    /// The slots first known at `phase`.
    public func slots(knownFrom phase: Phase) -> Range<Int> { byPhase[phase.rawValue] }
}
