/// A loaded, checked criteria set: everything Seula decides with, and nothing in code.
///
/// Built only by `ModelLoader`, which either returns a whole model or every error it found;
/// a model never half-loads. Immutable and `Sendable`, so the daemon can swap it atomically.
public final class CriteriaModel: Sendable {
    /// 1 or 2: the `seula-criteria/N` format. A `/2` file names every named thing in fi, sv and en.
    public let format: Int
    public let id: String
    public let version: String
    /// SHA-256 (hex) of the file's bytes, computed by whoever read the file.
    public let sha256: String
    public let effectiveFrom: CalendarDate
    public let effectiveTo: CalendarDate?
    public let documentation: [String]

    public let coping: CopingInstrument
    public let risk: RiskScorecard
    public let segments: SegmentGrid
    public let flags: [FlagDefinition]
    public let outcomeLevels: EnumDomain
    /// Per outcome level, its names (`outcomes.names`).
    public let outcomeNames: [Names]
    public let overrides: [OverrideRule]
    public let urgency: UrgencyPolicy
    public let referrals: [ReferralRule]
    public let scope: [ScopeRule]
    public let routing: RoutingPolicy
    public let products: [Product]
    public let review: ReviewPolicy
    /// `outcomes.automatable_when`: when present, the record says whether the decision as a whole
    /// may be made by machine (Hallintolaki 53 e §).
    public let automatableWhen: CompiledExpression?

    /// Names available to expressions and where they live in an evaluation frame.
    public let symbols: SymbolTable
    public let slots: FrameSlots
    /// The original JSON document (for `tune`/`fit`, which write a new version of it).
    public let document: JSONValueBox

    init(format: Int, id: String, version: String, sha256: String, effectiveFrom: CalendarDate, effectiveTo: CalendarDate?,
         documentation: [String], coping: CopingInstrument, risk: RiskScorecard, segments: SegmentGrid,
         flags: [FlagDefinition], outcomeLevels: EnumDomain, outcomeNames: [Names], overrides: [OverrideRule],
         urgency: UrgencyPolicy, referrals: [ReferralRule], scope: [ScopeRule], routing: RoutingPolicy,
         products: [Product], review: ReviewPolicy, automatableWhen: CompiledExpression?,
         symbols: SymbolTable, slots: FrameSlots, document: JSONValueBox) {
        self.format = format
        self.id = id
        self.version = version
        self.sha256 = sha256
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.documentation = documentation
        self.coping = coping
        self.risk = risk
        self.segments = segments
        self.flags = flags
        self.outcomeLevels = outcomeLevels
        self.outcomeNames = outcomeNames
        self.overrides = overrides
        self.urgency = urgency
        self.referrals = referrals
        self.scope = scope
        self.routing = routing
        self.products = products
        self.review = review
        self.automatableWhen = automatableWhen
        self.symbols = symbols
        self.slots = slots
        self.document = document
    }

    /// True when this model is in force on `date` (inclusive at both ends).
    public func isInForce(on date: CalendarDate) -> Bool {
        date >= effectiveFrom && (effectiveTo.map { date <= $0 } ?? true)
    }
}

import SeulaJSON

/// A thing's names by language code (`fi`, `sv`, `en`).
public typealias Names = [String: String]

extension Names {
    /// The name in `language`, else in English, else in Finnish, else `fallback` (the id).
    public func text(_ language: String, fallback: String) -> String {
        self[language] ?? self["en"] ?? self["fi"] ?? fallback
    }
}

/// Holds the model's source document (a class so the model stays cheap to pass around).
public final class JSONValueBox: Sendable {
    public let value: JSONValue
    public init(_ value: JSONValue) { self.value = value }
}

// MARK: - Coping axis

public struct CopingItem: Sendable {
    public var id: String
    public var weight: Double
    /// The item's wording, which is also its name.
    public var text: Names
}

public struct Band: Sendable {
    public var id: String
    public var name: Names
    /// The band holds scores from `from` (inclusive) up to the next band's `from`.
    public var from: Double
}

/// The client's own structured self-assessment: items on a fixed scale, weighted.
///
/// Score = 100 · Σ(wᵢ·xᵢ) / (scaleMax · Σ wᵢ over answered items); undetermined when fewer
/// than `minAnswered` items are answered.
///
/// Exact sums: the weights are decimals with at most `maxWeightDecimals` places, so
/// `weightUnits` (each weight times 10^`weightDecimals`) are whole numbers, and Σ uᵢ·xᵢ and
/// Σ uᵢ are whole numbers below 2^53 — exact as Doubles whatever order they are added in (by
/// this file's loops, reference BLAS or OpenBLAS). The scale cancels in the score.
public struct CopingInstrument: Sendable {
    /// The items, in file order. Fixed once built: `weightUnits` is derived from them.
    public let items: [CopingItem]
    public var scaleMin: Int
    public var scaleMax: Int
    public var minAnswered: Int
    /// Scores at or above this are "hard" (coping is difficult).
    public var threshold: Double
    public var bands: [Band]
    /// Each item's weight in units of 10^−`weightDecimals`: a whole number (as a Double, the
    /// form BLAS takes). Every coping sum is taken over these, never over `weight`.
    public let weightUnits: [Double]
    /// The most decimal places any weight has (0 for whole weights, as in the shipped criteria,
    /// where `weightUnits` are the weights themselves).
    public let weightDecimals: Int

    /// Weights carry at most this many decimal places: with weights up to 1 000, 32 items and
    /// answers up to 10, 100 · Σ uᵢ·xᵢ stays below 2^53 (3.2 · 10^13 at six places).
    public static let maxWeightDecimals = 6

    public init(items: [CopingItem], scaleMin: Int, scaleMax: Int, minAnswered: Int, threshold: Double, bands: [Band]) {
        self.items = items
        self.scaleMin = scaleMin
        self.scaleMax = scaleMax
        self.minAnswered = minAnswered
        self.threshold = threshold
        self.bands = bands
        let decimals = items.map { Self.decimalPlaces(of: $0.weight) ?? Self.maxWeightDecimals }.max() ?? 0
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        weightDecimals = decimals
        weightUnits = items.map { ($0.weight * scale).rounded() }
    }

    /// The fewest decimal places (0 … `maxWeightDecimals`) that write `w` — the decimal the
    /// file wrote, read back — or nil when it needs more.
    public static func decimalPlaces(of w: Double) -> Int? {
        guard w.isFinite else { return nil }
        var scale = 1.0
        for k in 0...maxWeightDecimals {
            // w is the Double nearest its decimal; units / scale (exact whole numbers, one
            // rounding) is the Double nearest units · 10^−k: equal exactly when that decimal is w's.
            let units = (w * scale).rounded()
            if units / scale == w { return k }
            scale *= 10
        }
        return nil
    }

    public func band(for score: Double) -> String {
        var current = bands.first?.id ?? ""
        for b in bands where score >= b.from { current = b.id }
        return current
    }

    /// True when every weight is the same (then the counterfactual has a closed form).
    public var hasUniformWeights: Bool {
        guard let u = weightUnits.first else { return true }
        return weightUnits.allSatisfy { $0 == u }
    }
}

// MARK: - Risk axis

public enum IndicatorKind: Sendable {
    /// A count with value ranges ("bins"), each worth points.
    case integer(min: Int, max: Int?, bins: [Bin])
    /// A closed list of values, each worth points, in file order.
    case enumeration(EnumDomain, points: [Int])
    /// True is worth `points`; false (and a gap) nothing.
    case boolean(points: Int)
}

public struct Bin: Sendable {
    public var min: Int
    /// nil = no upper end.
    public var max: Int?
    public var points: Int

    public func contains(_ v: Int) -> Bool { v >= min && (max.map { v <= $0 } ?? true) }
}

public struct RiskIndicator: Sendable {
    public var id: String
    public var name: Names
    /// For an enum indicator, each value's names (in value order); empty otherwise.
    public var valueNames: [Names]
    public let kind: IndicatorKind
    /// Counted only when this holds (e.g. `no_secondary_qualification` only at age 18–24).
    public var countedWhen: CompiledExpression?
    public var countedWhenText: String?
    /// Each point value the indicator can take, ascending, with the raw value that gives it
    /// when moving **up** from below (the bottom of the first bin with those points).
    public let levelsUp: [(points: Int, raw: Int)]
    /// The same, with the raw value that gives it when moving **down** from above (the top of
    /// the last bin with those points).
    public let levelsDown: [(points: Int, raw: Int)]
    /// Points by raw value: `pointTable[raw]`, and the last entry for any larger raw value
    /// (the open-ended bin). Precomputed so scoring does not walk the bins. At most
    /// `pointTableLimit + 1` entries: bins reaching further (counts up to 2 147 483 647) are
    /// looked up beyond the table.
    public let pointTable: [Int]
    /// False when bins reach beyond `pointTable` (then a larger raw value walks the bins).
    public let pointTableIsComplete: Bool
    public static let pointTableLimit = 4096
    /// 0 integer, 1 enum, 2 bool: the kind without its payload, for hot loops.
    public let kindCode: UInt8

    public init(id: String, kind: IndicatorKind, countedWhen: CompiledExpression?, countedWhenText: String?,
                name: Names = [:], valueNames: [Names] = []) {
        self.id = id
        self.name = name
        self.valueNames = valueNames
        self.kind = kind
        self.countedWhen = countedWhen
        self.countedWhenText = countedWhenText
        switch kind {
        case .integer(_, _, let bins):
            let reach = max(bins.last?.min ?? 0, bins.dropLast().last?.max ?? 0)
            let top = reach < Int.max ? reach + 1 : reach
            let tableTop = min(top, Self.pointTableLimit)
            pointTable = (0...tableTop).map { raw in Self.binPoints(bins, raw) }
            pointTableIsComplete = tableTop == top
            kindCode = 0
        case .enumeration(_, let points):
            pointTable = points
            pointTableIsComplete = true
            kindCode = 1
        case .boolean(let p):
            pointTable = [0, p]
            pointTableIsComplete = true
            kindCode = 2
        }
        var up: [Int: Int] = [:], down: [Int: Int] = [:]
        switch kind {
        case .integer(_, _, let bins):
            for b in bins {
                if up[b.points] == nil { up[b.points] = b.min }
                down[b.points] = b.max ?? b.min
            }
        case .enumeration(_, let points):
            for (i, p) in points.enumerated() {
                if up[p] == nil { up[p] = i }
                down[p] = i
            }
        case .boolean(let p):
            up[0] = 0; down[0] = 0
            up[p] = 1; down[p] = 1
        }
        switch kind {
        case .integer(_, _, let bins): maxPoints = bins.map(\.points).max() ?? 0
        case .enumeration(_, let points): maxPoints = points.max() ?? 0
        case .boolean(let p): maxPoints = p
        }
        levelsUp = up.map { ($0.key, $0.value) }.sorted { $0.points < $1.points }
        levelsDown = down.map { ($0.key, $0.value) }.sorted { $0.points < $1.points }
    }

    /// The points for a raw value (an integer, an enum index, or 0/1 for a bool).
    @inlinable
    public func points(forRaw raw: Int) -> Int {
        guard raw >= 0 else { return 0 }
        if raw < pointTable.count { return pointTable[raw] }
        return pointTableIsComplete ? pointTable[pointTable.count - 1] : pointsBeyondTable(raw)
    }

    /// The points of the bin holding `raw` (the last bin's for a value past every bin).
    @usableFromInline
    func pointsBeyondTable(_ raw: Int) -> Int {
        guard case .integer(_, _, let bins) = kind else { return pointTable[pointTable.count - 1] }
        return Self.binPoints(bins, raw)
    }

    static func binPoints(_ bins: [Bin], _ raw: Int) -> Int {
        bins.first { $0.contains(raw) }?.points ?? (bins.last?.points ?? 0)
    }

    /// The most points the indicator can give (precomputed: the hot loops read it per case).
    public let maxPoints: Int

    /// The value a gap reads as in criteria: 0, the first enum value, or false.
    public var zeroRaw: Int { 0 }
}

/// A severe marker (`risk.high_when`): when it holds on known values the risk side is high
/// whatever the score.
public struct RiskMarker: Sendable {
    public var condition: CompiledExpression
    public var text: String
    /// Bit i set when the condition reads risk indicator i: the marker holds only when every
    /// one of them is known.
    public var indicatorMask: UInt64
    /// For a marker that reads nothing but one risk indicator: whether it holds, by the
    /// indicator's raw value (0 ..< count; a larger value is evaluated). Filled at load from the
    /// compiled condition itself, so the counterfactual search reads the same truth.
    public var truthByRaw: [Bool]? = nil
}

/// Register and service-use indicators on a points scorecard, plus the rule part of the risk
/// side (severe markers) and when the axis is undetermined.
///
/// Risk = 100 · points / max, where max is the sum of every indicator's maximum points
/// (`score_over: all`, V1) or of the *known* indicators' maxima (`score_over: known`, V2).
/// The side: high when a marker holds; else undetermined when gaps ≥ `undeterminedAtGaps`;
/// else high when the score ≥ `threshold`.
public struct RiskScorecard: Sendable {
    public var indicators: [RiskIndicator]
    /// Scores at or above this are "high" risk.
    public var threshold: Double
    /// This many gaps (or more) ask for professional review.
    public var gapReviewAt: Int
    /// The sum of every indicator's maximum points.
    public var maxPoints: Int
    /// The score's denominator is the maxima of the known indicators only.
    public var scoreOverKnown: Bool
    /// `high_when`, in file order.
    public var markers: [RiskMarker]
    /// `high_when` is given (even empty): the record lists `high_by`.
    public var declaresMarkers: Bool
    /// With this many gaps or more (and no marker) the axis is undetermined; nil: never.
    public var undeterminedAtGaps: Int?

    /// True when the V1 side rule (score ≥ threshold over a fixed maximum) is all there is.
    public var isPlainScorecard: Bool { markers.isEmpty && !scoreOverKnown && undeterminedAtGaps == nil }
}

// MARK: - Segments, flags, outcomes

public struct Quadrant: Sendable {
    public var id: String
    public var copingHard: Bool
    public var riskHigh: Bool
    public var outcome: OutcomeLevel
    public var name: Names
}

public struct SegmentGrid: Sendable {
    public var quadrants: [Quadrant]
    public var undeterminedID: String
    public var undeterminedOutcome: OutcomeLevel
    public var undeterminedName: Names
    /// |score − threshold| ≤ nearBand asks for review.
    public var nearBand: Double
    /// All segment ids: the quadrants in file order, then the undetermined one.
    public var domain: EnumDomain

    public func quadrant(copingHard: Bool, riskHigh: Bool) -> Quadrant? {
        quadrants.first { $0.copingHard == copingHard && $0.riskHigh == riskHigh }
    }
}

public struct FlagDefinition: Sendable {
    public var id: String
    public var basis: String?
    public var text: Names
}

/// An escalate-only policy override: when it holds, the outcome is at least `level`.
public struct OverrideRule: Sendable {
    public var id: String
    public var name: Names
    public var condition: CompiledExpression
    public var level: OutcomeLevel
    public var basis: String
    public var note: String?
}

public struct UrgencyRule: Sendable {
    public var level: UrgencyLevel
    public var condition: CompiledExpression
}

public struct UrgencyPolicy: Sendable {
    /// Most urgent first.
    public var levels: EnumDomain
    public var defaultLevel: UrgencyLevel
    public var rules: [UrgencyRule]
    /// Per level, its names (`urgency.names`).
    public var names: [Names]
}

public struct ReferralRule: Sendable {
    public var id: String
    public var condition: CompiledExpression
    public var name: Names
    /// The legal basis, for explanations (not in the record).
    public var basis: String?
}

/// When `condition` holds: only products in one of `onlyGroups` or listed in `onlyProducts`
/// remain (when either is given), and the referrals in `excludeReferrals` are not made.
public struct ScopeRule: Sendable {
    public var id: String
    public var condition: CompiledExpression
    public var onlyGroups: [String]
    public var onlyProducts: [String]
    public var excludeReferrals: [String]
    /// Per product: whether it remains when this rule holds; nil when the rule restricts no product.
    public var allowsProduct: [Bool]?
    /// Referral indices this rule excludes.
    public var excludedReferrals: [Int]
}

/// One case-level review rule (`review.rules`): when it holds, its id is a review reason.
public struct ReviewRule: Sendable {
    public var id: String
    public var condition: CompiledExpression
    public var name: Names
}

/// Why a case asks for professional review: the four built-in reasons, then the file's rules.
public struct ReviewPolicy: Sendable {
    /// Names of the built-in reasons, by id (`near_threshold:coping`, …).
    public var builtinNames: [String: Names]
    public var rules: [ReviewRule]

    public init(builtinNames: [String: Names] = [:], rules: [ReviewRule] = []) {
        self.builtinNames = builtinNames
        self.rules = rules
    }
}

public struct ProvisionRule: Sendable {
    public var condition: CompiledExpression
    public var provision: String
}

public struct ProductNote: Sendable {
    public var condition: CompiledExpression
    public var text: String
}

public struct Product: Sendable {
    public var id: String
    public var service: String
    public var area: String
    public var names: Names
    public var provision: String
    public var provisionRules: [ProvisionRule]
    public var homeBased: Bool
    public var basis: String
    public var automatable: Bool
    public var eligibility: CompiledExpression
    public var urgency: [UrgencyRule]
    public var groups: [String]
    public var notes: [ProductNote]
    /// Index into `routing.needOrder`; nil when the file has no needs.
    public var need: Int?
    /// Position in the file: the last routing tie-break.
    public var tableIndex: Int
}

public enum RoutingKey: String, Sendable, CaseIterable {
    case urgency, need, homeBased = "home_based", provision, table
}

public struct RoutingPolicy: Sendable {
    public var order: [RoutingKey]
    public var provisionRank: [String: Int]
    /// Needs, most pressing first (`routing.need_order`); empty when the file has none.
    public var needOrder: [String]
    public var needNames: [String: Names]
}
