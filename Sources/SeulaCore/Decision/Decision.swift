/// Everything Seula decided about one case, before it is written as a decision record.
/// Indices refer to the model that made it (`model.products[i]`, `model.referrals[i]`, …).
///
/// The `because` of each product, override and referral is not stored as text: it is read from
/// `frame` (every value the rules saw) when the record is written, so deciding a case costs no
/// string work at all. `because(…)` gives the text on demand.
public struct Decision: Sendable {
    public var caseID: String
    /// Index into `model.segments.domain.values`.
    public var segment: SegmentIndex
    public var coping: CopingResult
    public var risk: RiskResult
    /// The risk side (MODEL-V2: a severe marker, else undetermined at too many gaps, else the score).
    public var riskSide: RiskSide
    /// Severe markers (`model.risk.markers` indices) that hold, in file order.
    public var riskMarkers: [Int]
    public var reasons: [Reason]
    /// Outcome levels are indices into `model.outcomeLevels.values`.
    public var computedOutcome: OutcomeLevel
    public var finalOutcome: OutcomeLevel
    public var outcomeBeforeImmediate: OutcomeLevel
    /// Overrides that hold and rank above the computed level, in file order (indices).
    public var overrides: [Int]
    /// Index into `model.urgency.levels.values`.
    public var urgency: UrgencyLevel
    public var services: [ServiceRecommendation]
    /// Referrals that hold, in file order (indices).
    public var referrals: [Int]
    public var review: [ReviewReason]
    /// `outcomes.automatable_when` (nil when the model has none).
    public var automatable: Bool?
    public var counterfactual: [CounterfactualMove]
    /// Filled in by the caller that holds the pseudonym key.
    public var pseudonym: String?
    /// The evaluation frame as the rules saw it (intake values, scores, segment, outcomes).
    public var frame: [Value]
    /// Bit i set when risk indicator i was a gap (read as its zero value; shown as "missing").
    public var gapMask: UInt64
    /// Scratch space the engine reuses between cases.
    var workspace = Counterfactual.Workspace()

    /// An empty decision with room for a model's lists; `DecisionEngine.decide(_:into:)` fills it.
    public init(model: CriteriaModel) {
        caseID = ""
        segment = SegmentIndex(0)
        coping = CopingResult(score: nil, band: nil, answered: 0, contributions: Array(repeating: 0, count: model.coping.items.count))
        risk = RiskResult(score: 0, points: 0, maxPoints: model.risk.maxPoints, known: 0, gaps: [], indicatorPoints: Array(repeating: 0, count: model.risk.indicators.count))
        riskSide = .low
        riskMarkers = []
        reasons = []
        computedOutcome = OutcomeLevel(0)
        finalOutcome = OutcomeLevel(0)
        outcomeBeforeImmediate = OutcomeLevel(0)
        overrides = []
        urgency = UrgencyLevel(0)
        services = []
        referrals = []
        review = []
        automatable = nil
        counterfactual = []
        pseudonym = nil
        frame = Array(repeating: .null, count: model.slots.count)
        gapMask = 0
        services.reserveCapacity(model.products.count)
        reasons.reserveCapacity(8)
    }
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
    /// 100 · points / maxPoints (0 when maxPoints is 0). Meaningful as "the risk score" only when
    /// the side is not undetermined (`Decision.riskSide`).
    public var score: Double
    public var points: Int
    /// The denominator: every indicator's maximum (`score_over: all`) or the known ones' (`known`).
    public var maxPoints: Int
    /// Indicators present and not null.
    public var known: Int
    /// Indicator indices with no value, in table order.
    public var gaps: [Int]
    /// Per indicator: points counted.
    public var indicatorPoints: [Int]
}

public struct Reason: Sendable, Equatable {
    public enum Axis: String, Sendable { case coping, risk }
    /// `index` of the entry that sums the contributions not listed.
    public static let rest = -1

    public var axis: Axis
    /// The item or indicator index, or `Reason.rest`.
    public var index: Int
    /// The answer or indicator value (for the rest entry: how many others contribute).
    public var value: ReasonValue
    /// Share of the axis score, in score points (unrounded).
    public var contribution: Double

    public var isRest: Bool { index == Reason.rest }

    /// `coping.paying_bills`, `risk.housing`, or `coping.rest` / `risk.rest`.
    public func code(_ model: CriteriaModel) -> String {
        if isRest { return "\(axis.rawValue).rest" }
        return axis == .coping ? "coping.\(model.coping.items[index].id)" : "risk.\(model.risk.indicators[index].id)"
    }
}

public enum ReasonValue: Sendable, Equatable {
    case int(Int)
    case text(String)
    case bool(Bool)
}

public struct ServiceRecommendation: Sendable {
    public var product: Int
    public var rank: Int
    public var provision: String
    /// Index into `model.urgency.levels.values`.
    public var urgency: UrgencyLevel
    /// `routing.provision_rank` of `provision` (`Int.max` when it has none), looked up once so
    /// the ranking compares integers, not hashed strings.
    var provisionOrder: Int = .max
}

/// Which side of the risk axis a case is on.
public enum RiskSide: Sendable, Equatable {
    case low
    case high
    /// Too many gaps and no severe marker: the axis (and so the segment) is undetermined.
    case undetermined
}

/// Why a case asks for professional review: one of the four built-in reasons (MODEL-V1
/// Clarification 4), or a rule of the criteria file's `review.rules` (by index).
public enum ReviewReason: Sendable, Equatable {
    case nearThresholdCoping
    case nearThresholdRisk
    case insufficientScreening
    case registerGaps
    case rule(Int)

    /// The built-in reasons' ids, in their order.
    public static let builtinIDs = ["near_threshold:coping", "near_threshold:risk", "insufficient_screening", "register_gaps"]

    /// The reason's id as the record writes it.
    public func id(_ model: CriteriaModel) -> String {
        switch self {
        case .nearThresholdCoping: return Self.builtinIDs[0]
        case .nearThresholdRisk: return Self.builtinIDs[1]
        case .insufficientScreening: return Self.builtinIDs[2]
        case .registerGaps: return Self.builtinIDs[3]
        case .rule(let i): return model.review.rules[i].id
        }
    }

    /// The reason's name in `language` (the criteria file's names), else its id.
    public func name(_ model: CriteriaModel, _ language: String) -> String {
        let id = self.id(model)
        if case .rule(let i) = self { return model.review.rules[i].name.text(language, fallback: id) }
        return model.review.builtinNames[id]?.text(language, fallback: id) ?? id
    }
}

/// The smallest change that would move the case to a neighbouring segment.
public struct CounterfactualMove: Sendable, Equatable {
    public var segment: SegmentIndex
    public var changes: [CounterfactualChange]
}

public struct CounterfactualChange: Sendable, Equatable {
    public var axis: Reason.Axis
    /// The item or indicator index.
    public var index: Int
    /// nil for a risk gap that would be filled.
    public var from: ReasonValue?
    public var to: ReasonValue

    /// `coping.paying_bills` or `risk.housing`.
    public func field(_ model: CriteriaModel) -> String {
        axis == .coping ? "coping.\(model.coping.items[index].id)" : "risk.\(model.risk.indicators[index].id)"
    }
}

extension Decision {
    /// Frame slots of the risk indicators that were gaps, for explanations.
    public func missingSlots(_ model: CriteriaModel) -> Set<Int> {
        var out = Set<Int>()
        for i in 0..<model.risk.indicators.count where gapMask & (1 << UInt64(i)) != 0 {
            out.insert(model.slots.riskIndicators.lowerBound + i)
        }
        return out
    }

    /// The review reasons' ids, in order.
    public func reviewIDs(_ model: CriteriaModel) -> [String] { review.map { $0.id(model) } }

    /// Why a condition holds for this case, as text (`coping_score 46.9 >= 40`).
    public func because(_ condition: CompiledExpression, _ model: CriteriaModel) -> [String] {
        condition.because(frame, missing: missingSlots(model))
    }

    /// Why a recommended product was recommended: its eligibility, then any notes that hold.
    public func because(service s: ServiceRecommendation, _ model: CriteriaModel) -> [String] {
        let p = model.products[s.product]
        var out = because(p.eligibility, model)
        for note in p.notes where note.condition.holds(frame) {
            out.append("\(note.text): \(because(note.condition, model).joined(separator: ", "))")
        }
        return out
    }

    /// The reasons' contributions as a person reads them: rounded to one decimal, with the
    /// `<axis>.rest` entry printed as the rounded score minus the rounded contributions listed
    /// before it, so the figures shown add up exactly to the score shown.
    public var printedContributions: [Double] {
        var listed: [Reason.Axis: Double] = [:]
        return reasons.map { r in
            if r.isRest {
                let score = r.axis == .coping ? (coping.score ?? 0) : (riskSide == .undetermined ? 0 : risk.score)
                return DecimalFormat.round1(DecimalFormat.round1(score) - (listed[r.axis] ?? 0))
            }
            let rounded = DecimalFormat.round1(r.contribution)
            listed[r.axis, default: 0] += rounded
            return rounded
        }
    }
}
