/// Fairness by group (municipality, language, age band, and any label-side field such as
/// `label.gender`, which scoring never reads): for each group, Seula's segment shares and its
/// one-vs-rest error rates per segment against the caseworkers' labels, and each figure's
/// ratio to a reference group's — flagged when outside 0.8 … 1.25 (the Aequitas convention).
///
/// The reference group is the one named with `--reference ATTR=VALUE`, else the largest
/// (ties: the first in text order). Groups smaller than `minimumGroup` cases (and every group
/// when the reference is that small) are reported but never flagged. A ratio whose reference
/// figure is 0 is undefined (`n/a`) and not flagged.
public struct FairnessAudit: Sendable {
    public enum Figure: String, Sendable, CaseIterable {
        /// Share of the group Seula put in the segment (predicted prevalence).
        case share
        /// Of the group's cases the caseworker did not put in the segment, the share Seula did.
        case fpr
        /// Of the group's cases the caseworker put in the segment, the share Seula did not.
        case fnr
    }

    public struct Group: Sendable {
        public var value: String
        public var cases: Int
        public var isReference: Bool
        public var isSmall: Bool
        public var accuracy: Double
        /// [figure][segment] over the quadrant segments.
        public var figures: [Figure: [Double]]
        /// Ratio to the reference group, same shape; NaN when undefined.
        public var disparities: [Figure: [Double]]

        /// (figure, segment, ratio) outside the band, in figure then segment order.
        public var flagged: [(figure: Figure, segment: Int, ratio: Double)] {
            guard !isSmall, !isReference else { return [] }
            var out: [(Figure, Int, Double)] = []
            for f in Figure.allCases {
                for (s, r) in (disparities[f] ?? []).enumerated() where FairnessAudit.isFlagged(r) { out.append((f, s, r)) }
            }
            return out
        }
    }

    public struct Attribute: Sendable {
        public var name: String
        public var reference: String
        public var referenceIsSmall: Bool
        /// Largest first (ties in text order), the reference among them.
        public var groups: [Group]
    }

    public static let lowerBound = 0.8
    public static let upperBound = 1.25

    public static func isFlagged(_ ratio: Double) -> Bool {
        ratio.isFinite && (ratio < lowerBound || ratio > upperBound)
    }

    public let segments: Int
    public let minimumGroup: Int
    public private(set) var attributes: [Attribute] = []

    /// - Parameters:
    ///   - truth, predicted: segment indices per case (the quadrants are 0 ..< segments; an
    ///     undetermined case counts in the group size and accuracy, in no segment's rates).
    ///   - groups: per attribute name, each case's group value (nil → "(missing)").
    /// - Complexity: O(attributes × (n + groups × segments²)).
    public init(truth: [Int], predicted: [Int], classes: Int, segments: Int, groups: [(name: String, values: [String?])],
                references: [String: String], minimumGroup: Int) {
        self.segments = segments
        self.minimumGroup = minimumGroup
        for (name, values) in groups {
            var matrices: [String: ConfusionMatrix] = [:]
            for i in truth.indices {
                let g = values[i] ?? "(missing)"
                matrices[g, default: ConfusionMatrix(classes: classes)].add(truth: truth[i], predicted: predicted[i])
            }
            let order = matrices.keys.sorted { a, b in
                let na = matrices[a]!.total, nb = matrices[b]!.total
                return na != nb ? na > nb : a < b
            }
            guard let largest = order.first else { continue }
            let reference = references[name].flatMap { matrices[$0] != nil ? $0 : nil } ?? largest
            let figuresOf = { (m: ConfusionMatrix) -> [Figure: [Double]] in
                [.share: (0..<segments).map { m.predictedShare($0) },
                 .fpr: (0..<segments).map { m.falsePositiveRate($0) },
                 .fnr: (0..<segments).map { m.falseNegativeRate($0) }]
            }
            let referenceFigures = figuresOf(matrices[reference]!)
            let referenceIsSmall = matrices[reference]!.total < minimumGroup
            var rows: [Group] = []
            for g in order {
                let m = matrices[g]!
                let figures = figuresOf(m)
                var disparities: [Figure: [Double]] = [:]
                for f in Figure.allCases {
                    disparities[f] = (0..<segments).map { s in
                        let r = referenceFigures[f]![s], x = figures[f]![s]
                        return r > 0 && x.isFinite ? x / r : .nan
                    }
                }
                rows.append(Group(value: g, cases: m.total, isReference: g == reference,
                                  isSmall: m.total < minimumGroup || referenceIsSmall, accuracy: m.accuracy,
                                  figures: figures, disparities: disparities))
            }
            attributes.append(Attribute(name: name, reference: reference, referenceIsSmall: referenceIsSmall, groups: rows))
        }
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
