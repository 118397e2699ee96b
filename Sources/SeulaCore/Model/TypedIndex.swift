/// An index into one of a criteria model's ordered lists, typed by the list it indexes, so a
/// segment can never be passed where an outcome level is meant (all three are small `Int`s and
/// used to be interchangeable). Zero cost: a single stored `Int`.
///
/// - `SegmentIndex`: into `model.segments.domain.values` (the quadrants in file order, then the
///   undetermined segment).
/// - `OutcomeLevel`: into `model.outcomeLevels.values`; a higher level is a more intensive
///   service, so levels compare (an override raises, never lowers: `max`).
/// - `UrgencyLevel`: into `model.urgency.levels.values`, most urgent first (a lower level is
///   more urgent: `min`).
public struct TypedIndex<List>: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: Int

    @inlinable public init(rawValue: Int) { self.rawValue = rawValue }
    @inlinable public init(_ rawValue: Int) { self.rawValue = rawValue }

    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The list a `SegmentIndex` indexes (a tag only).
public enum SegmentList {}
/// The list an `OutcomeLevel` indexes (a tag only).
public enum OutcomeLevelList {}
/// The list an `UrgencyLevel` indexes (a tag only).
public enum UrgencyLevelList {}

public typealias SegmentIndex = TypedIndex<SegmentList>
public typealias OutcomeLevel = TypedIndex<OutcomeLevelList>
public typealias UrgencyLevel = TypedIndex<UrgencyLevelList>

extension EnumDomain {
    /// The value at a typed index (`model.segments.domain[d.segment]`).
    @inlinable public subscript<List>(_ index: TypedIndex<List>) -> String { values[index.rawValue] }
}

extension Array {
    /// The element for a typed index into the list this array runs parallel to
    /// (`model.outcomeNames[d.finalOutcome]`, `model.urgency.names[level]`).
    @inlinable public subscript<List>(_ index: TypedIndex<List>) -> Element { self[index.rawValue] }
}

extension Value {
    /// A typed index as the frame holds it: the symbol's index in its list.
    @inlinable public static func symbol<List>(_ index: TypedIndex<List>) -> Value { .symbol(index.rawValue) }
}

extension SegmentGrid {
    /// The undetermined segment: after the quadrants.
    @inlinable public var undetermined: SegmentIndex { SegmentIndex(quadrants.count) }

    /// True for one of the four quadrants, false for the undetermined segment.
    @inlinable public func isQuadrant(_ segment: SegmentIndex) -> Bool { segment.rawValue < quadrants.count }
}
