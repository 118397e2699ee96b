/// A loaded, checked criteria set: everything Seula decides with, and nothing in code.
///
/// Built only by `ModelLoader`, which either returns a whole model or every error it found;
/// a model never half-loads. Immutable and `Sendable`, so the daemon can swap it atomically.
public final class CriteriaModel: Sendable {
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
    public let overrides: [OverrideRule]
    public let urgency: UrgencyPolicy
    public let referrals: [ReferralRule]
    public let scope: [ScopeRule]
    public let routing: RoutingPolicy
    public let products: [Product]

    /// Names available to expressions and where they live in an evaluation frame.
    public let symbols: SymbolTable
    public let slots: FrameSlots
    /// The original JSON document (for `tune`/`fit`, which write a new version of it).
    public let document: JSONValueBox

    init(id: String, version: String, sha256: String, effectiveFrom: CalendarDate, effectiveTo: CalendarDate?,
         documentation: [String], coping: CopingInstrument, risk: RiskScorecard, segments: SegmentGrid,
         flags: [FlagDefinition], outcomeLevels: EnumDomain, overrides: [OverrideRule], urgency: UrgencyPolicy,
         referrals: [ReferralRule], scope: [ScopeRule], routing: RoutingPolicy, products: [Product],
         symbols: SymbolTable, slots: FrameSlots, document: JSONValueBox) {
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
        self.overrides = overrides
        self.urgency = urgency
        self.referrals = referrals
        self.scope = scope
        self.routing = routing
        self.products = products
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

/// Holds the model's source document (a class so the model stays cheap to pass around).
public final class JSONValueBox: Sendable {
    public let value: JSONValue
    public init(_ value: JSONValue) { self.value = value }
}

// MARK: - Coping axis

public struct CopingItem: Sendable {
    public var id: String
    public var weight: Double
    public var text: [String: String]
}

public struct Band: Sendable {
    public var id: String
    /// The band holds scores from `from` (inclusive) up to the next band's `from`.
    public var from: Double
}

/// The client's own structured self-assessment: items on a fixed scale, weighted.
///
/// Score = 100 · Σ(wᵢ·xᵢ) / (scaleMax · Σ wᵢ over answered items); undetermined when fewer
/// than `minAnswered` items are answered.
public struct CopingInstrument: Sendable {
    public var items: [CopingItem]
    public var scaleMin: Int
    public var scaleMax: Int
    public var minAnswered: Int
    /// Scores at or above this are "hard" (coping is difficult).
    public var threshold: Double
    public var bands: [Band]

    public func band(for score: Double) -> String {
        var current = bands.first?.id ?? ""
        for b in bands where score >= b.from { current = b.id }
        return current
    }

    /// True when every weight is the same (then the counterfactual has a closed form).
    public var hasUniformWeights: Bool {
        guard let w = items.first?.weight else { return true }
        return items.allSatisfy { $0.weight == w }
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
    public var kind: IndicatorKind
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
    /// (the open-ended bin). Precomputed so scoring does not walk the bins.
    public let pointTable: [Int]
    /// 0 integer, 1 enum, 2 bool: the kind without its payload, for hot loops.
    public let kindCode: UInt8

    public init(id: String, kind: IndicatorKind, countedWhen: CompiledExpression?, countedWhenText: String?) {
        self.id = id
        self.kind = kind
        self.countedWhen = countedWhen
        self.countedWhenText = countedWhenText
        switch kind {
        case .integer(_, _, let bins):
            let top = max(bins.last?.min ?? 0, bins.dropLast().last?.max ?? 0) + 1
            pointTable = (0...top).map { raw in bins.first { $0.contains(raw) }?.points ?? (bins.last?.points ?? 0) }
            kindCode = 0
        case .enumeration(_, let points):
            pointTable = points
            kindCode = 1
        case .boolean(let p):
            pointTable = [0, p]
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
        levelsUp = up.map { ($0.key, $0.value) }.sorted { $0.points < $1.points }
        levelsDown = down.map { ($0.key, $0.value) }.sorted { $0.points < $1.points }
    }

    /// The points for a raw value (an integer, an enum index, or 0/1 for a bool).
    @inlinable
    public func points(forRaw raw: Int) -> Int {
        guard raw >= 0 else { return 0 }
        return raw < pointTable.count ? pointTable[raw] : pointTable[pointTable.count - 1]
    }

    public var maxPoints: Int {
        switch kind {
        case .integer(_, _, let bins): return bins.map(\.points).max() ?? 0
        case .enumeration(_, let points): return points.max() ?? 0
        case .boolean(let p): return p
        }
    }

    /// The value a gap reads as in criteria: 0, the first enum value, or false.
    public var zeroRaw: Int { 0 }
}

/// Register and service-use indicators on a points scorecard. Risk = 100 · points / maxPoints.
public struct RiskScorecard: Sendable {
    public var indicators: [RiskIndicator]
    /// Scores at or above this are "high" risk.
    public var threshold: Double
    /// This many gaps (or more) ask for professional review.
    public var gapReviewAt: Int
    public var maxPoints: Int
}

// MARK: - Segments, flags, outcomes

public struct Quadrant: Sendable {
    public var id: String
    public var copingHard: Bool
    public var riskHigh: Bool
    public var outcome: Int
    public var name: [String: String]
}

public struct SegmentGrid: Sendable {
    public var quadrants: [Quadrant]
    public var undeterminedID: String
    public var undeterminedOutcome: Int
    public var undeterminedName: [String: String]
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
}

/// An escalate-only policy override: when it holds, the outcome is at least `level`.
public struct OverrideRule: Sendable {
    public var id: String
    public var condition: CompiledExpression
    public var level: Int
    public var basis: String
    public var note: String?
}

public struct UrgencyRule: Sendable {
    public var level: Int
    public var condition: CompiledExpression
}

public struct UrgencyPolicy: Sendable {
    /// Most urgent first.
    public var levels: EnumDomain
    public var defaultLevel: Int
    public var rules: [UrgencyRule]
}

public struct ReferralRule: Sendable {
    public var id: String
    public var condition: CompiledExpression
    public var name: [String: String]
}

/// When `condition` holds, only products in one of `onlyGroups` remain.
public struct ScopeRule: Sendable {
    public var id: String
    public var condition: CompiledExpression
    public var onlyGroups: [String]
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
    public var names: [String: String]
    public var provision: String
    public var provisionRules: [ProvisionRule]
    public var homeBased: Bool
    public var basis: String
    public var automatable: Bool
    public var eligibility: CompiledExpression
    public var urgency: [UrgencyRule]
    public var groups: [String]
    public var notes: [ProductNote]
    /// Position in the file: the last routing tie-break.
    public var tableIndex: Int
}

public enum RoutingKey: String, Sendable, CaseIterable {
    case urgency, homeBased = "home_based", provision, table
}

public struct RoutingPolicy: Sendable {
    public var order: [RoutingKey]
    public var provisionRank: [String: Int]
}
