import SeulaJSON

/// The types and runtime values of the expression language.

/// A closed set of text values, such as the housing situations or the outcome levels.
/// When `ordered`, `<`/`>=` compare positions in `values` (outcome levels are ordered;
/// segments are not).
public final class EnumDomain: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let values: [String]
    public let ordered: Bool
    /// Each value's bytes, JSON-escaped, for writers.
    public let valueBytes: [[UInt8]]

    public init(name: String, values: [String], ordered: Bool) {
        self.name = name
        self.values = values
        self.ordered = ordered
        self.valueBytes = values.map { JSONWriter.escapedContent($0) }
    }

    public func index(of value: String) -> Int? { values.firstIndex(of: value) }

    public static func == (a: EnumDomain, b: EnumDomain) -> Bool {
        a.name == b.name && a.values == b.values && a.ordered == b.ordered
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(values)
    }

    public var description: String { name }
}

public enum ValueType: Equatable, Sendable, CustomStringConvertible {
    case bool
    case int
    case number
    case enumeration(EnumDomain)

    public var isNumeric: Bool { self == .int || self == .number }

    public var description: String {
        switch self {
        case .bool: return "a true/false value"
        case .int: return "a whole number"
        case .number: return "a number"
        case .enumeration(let d): return "a \(d.name) (one of \(d.values.map { "'\($0)'" }.joined(separator: ", ")))"
        }
    }
}

/// A runtime value. Whole numbers are carried as `Double` (exact up to 2^53, far beyond any
/// count here). `null` is "not known": an unanswered item or an undetermined coping score.
public enum Value: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// An index into the symbol's `EnumDomain.values`.
    case symbol(Int)

    public var isTrue: Bool { self == .bool(true) }
}

/// When a name's value becomes known while a case is decided. A rule may only use names
/// known by its own phase: an override cannot look at the outcome it is about to change, and
/// the automation check (`outcomes.automatable_when`) is the only rule that sees the review.
///
/// Each phase's rules are answered before the engine's step of the same number runs
/// (`DecisionStep`), so the batch engine can evaluate one phase for a whole chunk at once.
public enum Phase: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// The answers, indicators, flags, household, age, `hetu_age`. Rules: `risk.high_when`, `counted_when`.
    case intake = 0
    /// Axis scores, the segment and the computed (segment default) outcome. Rules: overrides.
    case segment = 1
    /// The final outcome after overrides. Rules: the case urgency's.
    case outcome = 2
    /// The case urgency. Rules: scope, products, referrals.
    case routing = 3
    /// The referrals made. Rules: `review.rules`.
    case review = 4
    /// Whether review is required. Rules: `outcomes.automatable_when`.
    case final = 5

    public static func < (a: Phase, b: Phase) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .intake: return "intake"
        case .segment: return "segmentation"
        case .outcome: return "the outcome step"
        case .routing: return "routing"
        case .review: return "review"
        case .final: return "the automation check"
        }
    }
}

/// A name an expression may use: where its value lives in the evaluation frame, its type,
/// whether it can be `null`, and from which phase on it is known.
public struct Symbol: Sendable {
    public var name: String
    public var type: ValueType
    public var nullable: Bool
    public var slot: Int
    public var phase: Phase
    /// For a number: every value it can take (the input contract's bounds), for the load-time
    /// interval analysis. nil: ±`CriteriaLimits.maxCount`.
    public var range: NumericRange?

    public init(name: String, type: ValueType, nullable: Bool, slot: Int, phase: Phase, range: NumericRange? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.slot = slot
        self.phase = phase
        self.range = range
    }
}
