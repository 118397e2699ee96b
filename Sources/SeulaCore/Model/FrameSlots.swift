/// Where each name lives in an evaluation frame (`[Value]`), fixed when a model loads.
///
/// Layout: coping items, risk indicators, household, flags, then the values derived while
/// deciding (scores, segment, outcomes). The frame is filled in phases: intake, segment,
/// outcome; expressions are type-checked against the phase they run in.
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
    public let copingScore: Int
    public let copingAnswered: Int
    public let riskScore: Int
    public let riskPoints: Int
    public let riskGaps: Int
    public let segment: Int
    public let computedOutcome: Int
    public let outcome: Int
    public let outcomeBeforeImmediate: Int
    public let count: Int

    init(items: Int, indicators: Int, flags: Int) {
        var next = 0
        func take(_ n: Int) -> Range<Int> { defer { next += n }; return next..<(next + n) }
        func one() -> Int { defer { next += 1 }; return next }
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
        copingScore = one()
        copingAnswered = one()
        riskScore = one()
        riskPoints = one()
        riskGaps = one()
        segment = one()
        computedOutcome = one()
        outcome = one()
        outcomeBeforeImmediate = one()
        count = next
    }
}
