import Foundation

/// Fairness by group (municipality, language, age band, and any label-side field such as
/// `label.gender`, which scoring never reads): for each group, Seula's segment shares and its
/// one-vs-rest error rates per segment against the caseworkers' labels, and each figure's
/// ratio to a reference group's, with a seeded bootstrap 95 % interval on every ratio.
///
/// **Flagging rule** (documented in `seula evaluate --help` and the report): a ratio is flagged
/// only when
/// 1. its whole 95 % interval lies outside 0.8 … 1.25 (the Aequitas band), and
/// 2. the group and the reference each have at least `minimumGroup` cases, and
/// 3. the figure's denominator — the cases its rate is a share of (all the group's cases for a
///    share; those the caseworker did not put in the segment for FPR; those the caseworker put
///    there for FNR) — is at least `minimumCount` in the group and in the reference.
/// A ratio whose reference figure is 0 is undefined (`n/a`) and never flagged.
///
/// The reference group is the one named with `--reference ATTR=VALUE`, else the largest (ties:
/// the first in text order). Groups are listed in their natural order when every value starts
/// with a number (age bands by age: `0-17`, `18-24`, … `65+`), else largest first; `(missing)`
/// last. The bootstrap resamples all cases (each attribute its own stream of the seed), so the
/// intervals are reproducible by seed.
public struct FairnessAudit: Sendable {
    public enum Figure: String, Sendable, CaseIterable {
        /// Share of the group Seula put in the segment (predicted prevalence).
        case share
        /// Of the group's cases the caseworker did not put in the segment, the share Seula did.
        case fpr
        /// Of the group's cases the caseworker put in the segment, the share Seula did not.
        case fnr
    }

    /// One figure for one segment in one group.
    public struct Cell: Sendable, Equatable {
        public var value: Double
        /// Cases the rate is a share of.
        public var denominator: Int
        /// Cases counted in the rate's numerator.
        public var events: Int
        /// Ratio to the reference group's figure (NaN when undefined) and its 95 % interval.
        public var ratio: Double
        public var lower: Double
        public var upper: Double
        public var flagged: Bool
    }

    public struct Group: Sendable {
        public var value: String
        public var cases: Int
        public var isReference: Bool
        /// Too small to be flagged (or compared with a reference that is).
        public var isSmall: Bool
        public var accuracy: Double
        /// [figure][segment] over the quadrant segments.
        public var cells: [Figure: [Cell]]

        public func cell(_ f: Figure, _ segment: Int) -> Cell { cells[f]![segment] }

        /// (figure, segment) pairs flagged, in figure then segment order.
        public var flagged: [(figure: Figure, segment: Int, cell: Cell)] {
            var out: [(Figure, Int, Cell)] = []
            for f in Figure.allCases { for (s, c) in cells[f]!.enumerated() where c.flagged { out.append((f, s, c)) } }
            return out
        }
    }

    public struct Attribute: Sendable {
        public var name: String
        public var reference: String
        public var referenceIsSmall: Bool
        /// True when the groups are in their natural (numeric) order.
        public var naturalOrder: Bool
        public var groups: [Group]
    }

    /// A flagged ratio, for the lists that sort them.
    public struct Flag: Sendable {
        public var attribute: String
        public var group: String
        public var cases: Int
        public var figure: Figure
        public var segment: Int
        public var cell: Cell
        public var reference: Cell
        /// How far the interval lies outside the band, in log ratio (larger: clearer).
        public var distance: Double
    }

    public static let lowerBound = 0.8
    public static let upperBound = 1.25
    public static let missing = "(missing)"

    public let segments: Int
    public let minimumGroup: Int
    public let minimumCount: Int
    public let replicates: Int
    public private(set) var attributes: [Attribute] = []

    /// - Parameters:
    ///   - truth, predicted: segment indices per case (the quadrants are 0 ..< segments; an
    ///     undetermined case counts in the group size and accuracy, and in the rates as not
    ///     being in any quadrant segment).
    ///   - groups: per attribute name, each case's group value (nil → "(missing)").
    /// - Complexity: O(attributes × (n + replicates × groups × segments)).
    public init(truth: [Int], predicted: [Int], classes: Int, segments: Int, groups: [(name: String, values: [String?])],
                references: [String: String], minimumGroup: Int, minimumCount: Int = 30,
                replicates: Int = 0, seed: UInt64 = 20251125, progress: RunProgress? = nil) {
        self.segments = segments
        self.minimumGroup = minimumGroup
        self.minimumCount = minimumCount
        self.replicates = replicates
        for (attributeIndex, (name, values)) in groups.enumerated() {
            var index: [String: Int] = [:]
            var names: [String] = []
            var groupOf: [Int] = []
            groupOf.reserveCapacity(truth.count)
            for i in truth.indices {
                let g = values[i] ?? Self.missing
                if let k = index[g] { groupOf.append(k) } else { index[g] = names.count; groupOf.append(names.count); names.append(g) }
            }
            guard !names.isEmpty else { continue }
            // Pattern counts: (group, truth, predicted).
            var counts = Array(repeating: 0, count: names.count * classes * classes)
            for i in truth.indices { counts[(groupOf[i] * classes + truth[i]) * classes + predicted[i]] += 1 }
            let sizes = (0..<names.count).map { g in counts[(g * classes * classes)..<((g + 1) * classes * classes)].reduce(0, +) }
            let largest = names.indices.max { a, b in sizes[a] != sizes[b] ? sizes[a] < sizes[b] : names[a] > names[b] }!
            let reference = references[name].flatMap { index[$0] } ?? largest
            let numeric = Self.naturalOrder(names)
            let order = names.indices.sorted { a, b in
                let ma = names[a] == Self.missing, mb = names[b] == Self.missing
                if ma != mb { return mb }
                if let na = numeric?[a], let nb = numeric?[b], na != nb { return na < nb }
                if numeric == nil, sizes[a] != sizes[b] { return sizes[a] > sizes[b] }
                return names[a] < names[b]
            }
            let observed = Self.figures(counts, groups: names.count, classes: classes, segments: segments, reference: reference)
            var intervals: [Bootstrap.Interval] = []
            if replicates > 0 {
                let g = names.count
                intervals = Bootstrap.intervals(patternCounts: counts, replicates: replicates, seed: seed, stream: UInt64(attributeIndex + 1),
                                                progress: progress) { c in
                    Self.figures(c, groups: g, classes: classes, segments: segments, reference: reference).map(\.ratio)
                }
            }
            let referenceIsSmall = sizes[reference] < minimumGroup
            var rows: [Group] = []
            for g in order {
                let isReference = g == reference
                let small = sizes[g] < minimumGroup || referenceIsSmall
                var cells: [Figure: [Cell]] = [:]
                for (fi, f) in Figure.allCases.enumerated() {
                    cells[f] = (0..<segments).map { s in
                        let k = (g * Figure.allCases.count + fi) * segments + s
                        let ref = observed[(reference * Figure.allCases.count + fi) * segments + s]
                        var cell = observed[k]
                        if k < intervals.count { cell.lower = intervals[k].lower; cell.upper = intervals[k].upper }
                        cell.flagged = !isReference && !small && cell.ratio.isFinite && cell.lower.isFinite && cell.upper.isFinite
                            && (cell.upper < Self.lowerBound || cell.lower > Self.upperBound)
                            && cell.denominator >= minimumCount && ref.denominator >= minimumCount
                        return cell
                    }
                }
                let base = g * classes * classes
                var agree = 0
                for t in 0..<classes { agree += counts[base + t * classes + t] }
                rows.append(Group(value: names[g], cases: sizes[g], isReference: isReference, isSmall: small,
                                  accuracy: sizes[g] > 0 ? Double(agree) / Double(sizes[g]) : .nan, cells: cells))
            }
            attributes.append(Attribute(name: name, reference: names[reference], referenceIsSmall: referenceIsSmall,
                                        naturalOrder: numeric != nil, groups: rows))
        }
    }

    /// Every group's cells (value, denominator, events, ratio to the reference), index
    /// `(group × figures + figure) × segments + segment`.
    static func figures(_ counts: [Int], groups: Int, classes: Int, segments: Int, reference: Int) -> [Cell] {
        let fcount = Figure.allCases.count
        var cells = Array(repeating: Cell(value: .nan, denominator: 0, events: 0, ratio: .nan, lower: .nan, upper: .nan, flagged: false),
                          count: groups * fcount * segments)
        for g in 0..<groups {
            let base = g * classes * classes
            var total = 0
            var row = Array(repeating: 0, count: classes), col = row
            for t in 0..<classes {
                for p in 0..<classes {
                    let n = counts[base + t * classes + p]
                    total += n; row[t] += n; col[p] += n
                }
            }
            for s in 0..<segments {
                let tp = counts[base + s * classes + s]
                let share = (col[s], total), fpr = (col[s] - tp, total - row[s]), fnr = (row[s] - tp, row[s])
                for (fi, (events, denominator)) in [share, fpr, fnr].enumerated() {
                    cells[(g * fcount + fi) * segments + s] = Cell(value: denominator > 0 ? Double(events) / Double(denominator) : .nan,
                                                                   denominator: denominator, events: events, ratio: .nan,
                                                                   lower: .nan, upper: .nan, flagged: false)
                }
            }
        }
        for g in 0..<groups {
            for k in 0..<(fcount * segments) {
                let r = cells[reference * fcount * segments + k].value, x = cells[g * fcount * segments + k].value
                cells[g * fcount * segments + k].ratio = r > 0 && x.isFinite ? x / r : .nan
            }
        }
        return cells
    }

    /// The leading whole number of every value (`18-24` → 18, `65+` → 65) when all but
    /// `(missing)` start with one; nil otherwise.
    static func naturalOrder(_ names: [String]) -> [Int: Double]? {
        var out: [Int: Double] = [:]
        for (i, n) in names.enumerated() where n != missing {
            guard let v = Double(String(n.prefix { $0.isASCII && $0.isNumber })) else { return nil }
            out[i] = v
        }
        return out.isEmpty ? nil : out
    }

    /// Every flagged ratio, clearest first (how far the interval lies outside the band), ties in
    /// attribute, group, figure and segment order.
    public var flags: [Flag] {
        var out: [(Int, Flag)] = []
        for a in attributes {
            guard let ref = a.groups.first(where: \.isReference) else { continue }
            for g in a.groups {
                for x in g.flagged {
                    let d = x.cell.upper < Self.lowerBound ? log(Self.lowerBound / x.cell.upper) : log(x.cell.lower / Self.upperBound)
                    out.append((out.count, Flag(attribute: a.name, group: g.value, cases: g.cases, figure: x.figure, segment: x.segment,
                                                cell: x.cell, reference: ref.cell(x.figure, x.segment), distance: d)))
                }
            }
        }
        return out.sorted { $0.1.distance != $1.1.distance ? $0.1.distance > $1.1.distance : $0.0 < $1.0 }.map(\.1)
    }

    /// Age bands that match the criteria's own age limits: under 18, 18–24 (youth criteria),
    /// 25–34 (the youth track ends at 35), 35–49, 50–64, 65 and over (older people's services).
    public static func ageBand(_ age: Int) -> String {
        switch age {
        case ..<18: return "0-17"
        case 18...24: return "18-24"
        case 25...34: return "25-34"
        case 35...49: return "35-49"
        case 50...64: return "50-64"
        default: return "65+"
        }
    }
}
