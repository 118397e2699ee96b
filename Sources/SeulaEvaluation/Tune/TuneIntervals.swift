import SeulaCore

/// The figures a tune run is judged by — the objective, the Pareto figure and every constrained
/// figure — at the current and the chosen point, each with a seeded bootstrap 95 % interval
/// (the same percentile bootstrap over case patterns as `seula evaluate`).
public struct TuneComparison: Sendable {
    /// What each row is: the objective, the Pareto figure, then the constraints in order.
    public enum Role: Sendable, Equatable { case objective, pareto, constraint(Int) }

    public struct Row: Sendable {
        public var role: Role
        public var metric: TuneMetric
        public var current: Estimate
        /// nil when no point is feasible.
        public var chosen: Estimate?
    }

    public let rows: [Row]
    public let replicates: Int
    public let seed: UInt64

    /// Complexity: O(n + replicates × patterns).
    public init(_ run: TuneRun, cases: [SearchCase], replicates: Int, seed: UInt64, progress: RunProgress? = nil) {
        let s = run.settings
        var roles: [(Role, TuneMetric)] = [(.objective, s.objective), (.pareto, s.paretoMetric)]
        for (k, c) in s.constraints.enumerated() { roles.append((.constraint(k), c.metric)) }
        let metrics = roles.map(\.1)
        let model = run.model
        let classes = model.segments.domain.values.count
        let levels = model.outcomeLevels.values.count
        let points = [run.current] + (run.best.map { [$0] } ?? [])
        struct Pattern: Hashable { var st, ot: Int32; var sp: [Int32]; var op: [Int32]; var review: [Bool] }
        var index: [Pattern: Int] = [:]
        var patterns: [Pattern] = []
        var counts: [Int] = []
        for c in cases {
            var p = Pattern(st: Int32(c.segmentLabel), ot: Int32(c.outcomeLabel), sp: [], op: [], review: [])
            for point in points {
                let seg = SegmentationProjector.segment(model, c.projection, copingThreshold: point.coping, riskThreshold: point.risk)
                p.sp.append(Int32(seg))
                p.op.append(Int32(c.projection.outcomes[seg < 4 ? seg : 0]))
                p.review.append(c.projection.needsReview(copingThreshold: point.coping, riskThreshold: point.risk, nearBand: point.band,
                                                         quadrant: seg < 4 ? seg : 0))
            }
            if let k = index[p] { counts[k] += 1 } else { index[p] = patterns.count; patterns.append(p); counts.append(1) }
        }
        let all = patterns
        let pointCount = points.count
        let figures: @Sendable ([Int]) -> [Double] = { counts in
            var out: [Double] = []
            for k in 0..<pointCount {
                var seg = ConfusionMatrix(classes: classes), outc = ConfusionMatrix(classes: levels)
                var review = 0, total = 0
                for (i, p) in all.enumerated() where counts[i] > 0 {
                    let n = counts[i]
                    seg.add(truth: Int(p.st), predicted: Int(p.sp[k]), count: n)
                    if p.ot >= 0 { outc.add(truth: Int(p.ot), predicted: Int(p.op[k]), count: n) }
                    if p.review[k] { review += n }
                    total += n
                }
                let rate = total > 0 ? Double(review) / Double(total) : .nan
                out += metrics.map { $0.value(segments: seg, outcomes: outc, review: rate) }
            }
            return out
        }
        let observed = figures(counts)
        let intervals = replicates > 0 && !cases.isEmpty
            ? Bootstrap.intervals(patternCounts: counts, replicates: replicates, seed: seed, stream: 100, progress: progress, statistics: figures)
            : []
        func estimate(_ k: Int) -> Estimate { Estimate(observed[k], k < intervals.count ? intervals[k] : nil) }
        rows = roles.enumerated().map { r, role in
            Row(role: role.0, metric: role.1, current: estimate(r), chosen: pointCount > 1 ? estimate(metrics.count + r) : nil)
        }
        self.replicates = replicates
        self.seed = seed
    }
}
