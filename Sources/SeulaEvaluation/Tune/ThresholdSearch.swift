import SeulaCore

/// A labelled case as the threshold search sees it.
public struct SearchCase: Sendable {
    public var projection: CaseProjection
    /// Index into the segment domain.
    public var segmentLabel: Int
    /// Outcome level index, or -1 when the label has no outcome.
    public var outcomeLabel: Int

    public init(projection: CaseProjection, segmentLabel: Int, outcomeLabel: Int) {
        self.projection = projection
        self.segmentLabel = segmentLabel
        self.outcomeLabel = outcomeLabel
    }
}

/// Confusion matrices and review counts at every point of a threshold grid, from sorted
/// cumulative counts instead of one scoring pass per point.
///
/// How: cases are grouped by (segment label, outcome label, final outcome in each quadrant).
/// Each case's coping score falls at grid position kc = #{i : score >= copingGrid[i]} (found by
/// binary search with the engine's own `>=` on the unrounded score), likewise kr on the risk
/// axis; each group keeps a 2-D table of cases by (kc, kr) turned into suffix sums. At grid
/// point (i, j) a case is hard iff kc > i and high iff kr > j, so a group's four quadrant counts
/// are four table look-ups. Undetermined cases are the same at every point.
///
/// The review count uses a second table over the distinct score values of the cases whose
/// review can change with the thresholds (prefix sums; |score − threshold| <= band is an
/// interval of sorted scores, found by binary search with the engine's own predicate).
///
/// Complexity: building O(n log G + groups × G²); each point O(groups + classes²); review
/// O(log D). Memory O(groups × G² + Dc × Dr).
public struct ThresholdSearch: Sendable {
    public let model: CriteriaModel
    public let copingGrid: [Double]
    public let riskGrid: [Double]
    public let cases: Int
    public let outcomeLabelled: Int

    struct GroupKey: Hashable {
        var segment: Int
        var outcome: Int
        var outcomes: SIMD4<Int8>
    }

    let groups: [GroupKey]
    /// Per group, a (copingGrid.count + 2) × (riskGrid.count + 2) suffix-sum table, one block per group.
    let suffix: [Int32]
    let blockSize: Int
    let rowStride: Int
    let undeterminedSegments: ConfusionMatrix
    let undeterminedOutcomes: ConfusionMatrix
    /// Quadrant index for (hard, high): [easy-low, easy-high, hard-low, hard-high].
    let quadrantOf: [Int]

    let reviewAlways: Int
    /// Cases whose review rules hold in some quadrants only.
    let quadrantReview: [CaseProjection]
    let copingValues: [Double]
    let riskValues: [Double]
    /// (copingValues.count + 1) × (riskValues.count + 1) prefix sums.
    let reviewPrefix: [Int32]

    public init(model: CriteriaModel, cases: [SearchCase], copingGrid: [Double], riskGrid: [Double]) {
        self.model = model
        self.copingGrid = copingGrid
        self.riskGrid = riskGrid
        self.cases = cases.count
        outcomeLabelled = cases.filter { $0.outcomeLabel >= 0 }.count
        let classes = model.segments.domain.values.count
        let levels = model.outcomeLevels.values.count
        quadrantOf = [(false, false), (false, true), (true, false), (true, true)].map {
            SegmentationProjector.quadrant(model, hard: $0.0, high: $0.1)
        }

        // Group the determined cases and place them on the grid.
        var index: [GroupKey: Int] = [:]
        var keys: [GroupKey] = []
        var placed: [(group: Int32, kc: Int32, kr: Int32)] = []
        placed.reserveCapacity(cases.count)
        var undSeg = ConfusionMatrix(classes: classes)
        var undOut = ConfusionMatrix(classes: levels)
        let undetermined = model.segments.quadrants.count
        for c in cases {
            guard let score = c.projection.coping, !c.projection.undetermined else {
                undSeg.add(truth: c.segmentLabel, predicted: undetermined)
                if c.outcomeLabel >= 0 { undOut.add(truth: c.outcomeLabel, predicted: Int(c.projection.outcomes[0])) }
                continue
            }
            let key = GroupKey(segment: c.segmentLabel, outcome: c.outcomeLabel, outcomes: c.projection.outcomes)
            let g: Int
            if let k = index[key] { g = k } else { g = keys.count; index[key] = g; keys.append(key) }
            placed.append((Int32(g), Int32(Self.position(score, in: copingGrid)), Int32(Self.position(c.projection.risk, in: riskGrid))))
        }
        groups = keys
        undeterminedSegments = undSeg
        undeterminedOutcomes = undOut

        rowStride = riskGrid.count + 2
        blockSize = (copingGrid.count + 2) * rowStride
        var table = [Int32](repeating: 0, count: blockSize * keys.count)
        for p in placed { table[Int(p.group) * blockSize + Int(p.kc) * rowStride + Int(p.kr)] += 1 }
        let rows = copingGrid.count + 1, cols = riskGrid.count + 1
        for g in 0..<keys.count {
            let base = g * blockSize
            for a in stride(from: rows - 1, through: 0, by: -1) {
                for b in stride(from: cols - 1, through: 0, by: -1) {
                    let here = base + a * rowStride + b
                    table[here] += table[here + rowStride] + table[here + 1] - table[here + rowStride + 1]
                }
            }
        }
        suffix = table

        // Review: the cases whose review depends on the thresholds only through the near band;
        // the few whose review rules differ by quadrant are counted one by one.
        quadrantReview = cases.filter { !$0.projection.reviewWhateverThresholds && $0.projection.reviewInQuadrant != nil }.map(\.projection)
        let variable = cases.filter { !$0.projection.reviewWhateverThresholds && $0.projection.reviewInQuadrant == nil }
        reviewAlways = cases.count - variable.count - quadrantReview.count
        copingValues = Array(Set(variable.map { $0.projection.coping! })).sorted()
        riskValues = Array(Set(variable.map(\.projection.risk))).sorted()
        let cIndex = Dictionary(uniqueKeysWithValues: copingValues.enumerated().map { ($1, $0) })
        let rIndex = Dictionary(uniqueKeysWithValues: riskValues.enumerated().map { ($1, $0) })
        let pr = riskValues.count + 1
        var prefix = [Int32](repeating: 0, count: (copingValues.count + 1) * pr)
        for c in variable { prefix[(cIndex[c.projection.coping!]! + 1) * pr + rIndex[c.projection.risk]! + 1] += 1 }
        for a in 0..<copingValues.count {
            for b in 1..<pr { prefix[(a + 1) * pr + b] += prefix[a * pr + b] + prefix[(a + 1) * pr + b - 1] - prefix[a * pr + b - 1] }
        }
        reviewPrefix = prefix
    }

    /// #{i : score >= grid[i]} for an ascending grid, by binary search on the engine's `>=`.
    static func position(_ score: Double, in grid: [Double]) -> Int {
        var lo = 0, hi = grid.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if score >= grid[mid] { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The segment and outcome confusion matrices (caseworker × Seula) at grid point (i, j).
    public func matrices(coping i: Int, risk j: Int) -> (segments: ConfusionMatrix, outcomes: ConfusionMatrix) {
        var seg = undeterminedSegments
        var out = undeterminedOutcomes
        let (hh, hl, eh, el) = (quadrantOf[3], quadrantOf[2], quadrantOf[1], quadrantOf[0])
        suffix.withUnsafeBufferPointer { t in
            for (g, key) in groups.enumerated() {
                let base = g * blockSize
                let total = Int(t[base])
                let hard = Int(t[base + (i + 1) * rowStride])
                let high = Int(t[base + j + 1])
                let hardHigh = Int(t[base + (i + 1) * rowStride + j + 1])
                let counts = [(el, total - hard - high + hardHigh), (eh, high - hardHigh), (hl, hard - hardHigh), (hh, hardHigh)]
                for (q, n) in counts where n > 0 {
                    seg.add(truth: key.segment, predicted: q, count: n)
                    if key.outcome >= 0 { out.add(truth: key.outcome, predicted: Int(key.outcomes[q]), count: n) }
                }
            }
        }
        return (seg, out)
    }

    /// How many cases `DecisionEngine` would ask to be reviewed at these thresholds and band.
    public func reviewCount(copingThreshold tc: Double, riskThreshold tr: Double, band: Double) -> Int {
        let (c0, c1) = Self.nearRange(copingValues, tc, band)
        let (r0, r1) = Self.nearRange(riskValues, tr, band)
        let pr = riskValues.count + 1, allC = copingValues.count, allR = riskValues.count
        func rect(_ a0: Int, _ a1: Int, _ b0: Int, _ b1: Int) -> Int {
            Int(reviewPrefix[a1 * pr + b1]) - Int(reviewPrefix[a0 * pr + b1]) - Int(reviewPrefix[a1 * pr + b0]) + Int(reviewPrefix[a0 * pr + b0])
        }
        var byQuadrant = 0
        for p in quadrantReview {
            let q = SegmentationProjector.segment(model, p, copingThreshold: tc, riskThreshold: tr)
            if p.needsReview(copingThreshold: tc, riskThreshold: tr, nearBand: band, quadrant: q) { byQuadrant += 1 }
        }
        guard allC > 0 else { return reviewAlways + byQuadrant }
        return reviewAlways + byQuadrant + rect(c0, c1, 0, allR) + rect(0, allC, r0, r1) - rect(c0, c1, r0, r1)
    }

    /// The index range of ascending `values` with |v − t| <= band (the engine's predicate).
    static func nearRange(_ values: [Double], _ t: Double, _ band: Double) -> (Int, Int) {
        func firstIndex(_ p: (Double) -> Bool) -> Int {
            var lo = 0, hi = values.count
            while lo < hi { let mid = (lo + hi) / 2; if p(values[mid]) { hi = mid } else { lo = mid + 1 } }
            return lo
        }
        let lo = firstIndex { $0 >= t || abs($0 - t) <= band }
        let hi = firstIndex { $0 > t && abs($0 - t) > band }
        return (lo, max(lo, hi))
    }
}
