import SeulaCore

/// A label-side group field: the scoring never reads it (it is not in the case contract).
public enum Gender: UInt8, Sendable, CaseIterable {
    case female, male, other
    /// `f`, `m`, `x`.
    public var code: String { Vocabulary.genders[Int(rawValue)] }
}

/// The latent life situations behind a synthetic person's answers, register data and flags.
/// Flags are recorded from these at intake, not always (a rehabilitee is not always flagged).
public struct Situations: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let immigrant = Situations(rawValue: 1 << 0)
    public static let recentImmigrant = Situations(rawValue: 1 << 1)
    public static let unaccompaniedMinor = Situations(rawValue: 1 << 2)
    public static let cameAsUnaccompaniedMinor = Situations(rawValue: 1 << 3)
    public static let undocumented = Situations(rawValue: 1 << 4)
    public static let trafficking = Situations(rawValue: 1 << 5)
    public static let mentalHealth = Situations(rawValue: 1 << 6)
    public static let substanceUse = Situations(rawValue: 1 << 7)
    public static let disability = Situations(rawValue: 1 << 8)
    public static let homeless = Situations(rawValue: 1 << 9)
    public static let longTermHomeless = Situations(rawValue: 1 << 10)
    public static let prison = Situations(rawValue: 1 << 11)
    public static let violence = Situations(rawValue: 1 << 12)
    public static let careLeaver = Situations(rawValue: 1 << 13)
    public static let family = Situations(rawValue: 1 << 14)
    public static let singleParent = Situations(rawValue: 1 << 15)
    public static let olderPerson = Situations(rawValue: 1 << 16)     // 65 or over
    public static let veryOld = Situations(rawValue: 1 << 17)         // 75 or over
    public static let incomeShock = Situations(rawValue: 1 << 18)
    public static let acuteDanger = Situations(rawValue: 1 << 19)
    public static let young = Situations(rawValue: 1 << 20)           // 18–29
    public static let minor = Situations(rawValue: 1 << 21)           // under 18
    public static let dementia = Situations(rawValue: 1 << 22)        // a memory disorder (65 or over)
}

/// One synthetic person: the latent truth, the case as written (the MODEL-V1 contract with
/// MODEL-V2's additions: `hetu` on most cases, `assessed_on` on every case, the 16th flag) and,
/// with `--labels`, the simulated caseworker's judgement.
public struct SyntheticCase: Sendable {
    /// 0-based position in the caseload; the case id is `syn-<index+1>`.
    public var index: Int
    public var gender: Gender
    /// Latent everyday difficulty (standard normal, plus age) — what the 16 items measure.
    public var difficulty: Double
    /// Latent register risk (standard normal, ρ = 0.4 with `difficulty`) — what the 12 indicators follow.
    public var registerRisk: Double
    public var situations: Situations

    public var age: Int
    /// Always written (drawn from `GeneratorOptions.assessedOn`).
    public var assessedOn: CalendarDate
    /// The personal identity code, nil when none is written (see `HetuModel`).
    public var hetu: SyntheticHetu?
    /// Index into `Vocabulary.municipalities`, nil when not recorded.
    public var municipality: Int?
    /// Index into `Vocabulary.languages`, nil when not recorded.
    public var language: Int?
    /// False: no `household` object was recorded.
    public var householdRecorded: Bool
    public var children: Int
    public var youngestChildAge: Int?
    public var expecting: Bool
    public var singleParent: Bool
    /// The 16 answers in `Vocabulary.items` order, 0–4, or -1 when unanswered.
    public var coping: SIMD16<Int8>
    /// The 12 indicators in `Vocabulary.indicators` order as written (a count, an enum value's
    /// index, 0/1), or -1 for a register gap. Lanes 12–15 are unused.
    public var risk: SIMD16<Int32>
    /// The indicators before gaps: what the registers would say if nothing were missing.
    public var registerTruth: SIMD16<Int32>
    /// Intake flags, bit i = `Vocabulary.flags[i]` (see `Flag`).
    public var flags: UInt16

    /// The coping score this person's latent difficulty implies (expected answers, no answer
    /// noise, every item): what a caseworker who knows the person perceives, before their own noise.
    public var expectedCopingScore: Double
    /// The risk score the latent risk and situations imply (expected scorecard points, no gaps).
    public var expectedRiskScore: Double

    public var label: CaseworkerLabel?

    public var id: String { "syn-\(index + 1)" }
    public func hasFlag(_ bit: UInt16) -> Bool { flags & bit != 0 }
    public var answered: Int { (0..<16).reduce(0) { $0 + (coping[$1] >= 0 ? 1 : 0) } }
    public var gaps: Int { (0..<Indicator.count).reduce(0) { $0 + (risk[$1] < 0 ? 1 : 0) } }
}

/// The simulated caseworker's judgement (`label` in the output). See `CaseworkerModel`.
public struct CaseworkerLabel: Sendable {
    /// The caseworker's own coping and risk impressions, on the score scales.
    public var perceivedCoping: Double
    public var perceivedRisk: Double
    /// Index into `Vocabulary.segments`.
    public var segment: Int
    /// Index into `Vocabulary.outcomes`.
    public var outcome: Int
    /// Bit i = `Vocabulary.products[i]`; written in table order.
    public var services: UInt64
    /// A serious adverse outcome within 12 months.
    public var outcome12m: Bool

    public var segmentID: String { Vocabulary.segments[segment] }
    public var outcomeID: String { Vocabulary.outcomes[outcome] }
    public var serviceIDs: [String] { Vocabulary.products.indices.filter { services & (1 << UInt64($0)) != 0 }.map { Vocabulary.products[$0] } }
}
