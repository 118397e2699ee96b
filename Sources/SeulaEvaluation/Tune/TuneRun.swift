import SeulaCore

/// The exhaustive, deterministic threshold search of `seula tune`.
///
/// What it optimises, precisely: for every grid point (coping threshold, risk threshold and,
/// when asked, near band) each labelled case gets
/// - the **segment** `DecisionEngine` would give it — the quadrant of (coping score >= coping
///   threshold, risk score >= risk threshold) on the unrounded scores of
///   `CopingInstrument.score` and `RiskScorecard.score`; undetermined stays undetermined;
/// - the **final outcome**: the new segment's default outcome raised by every override that
///   holds (overrides are evaluated per quadrant, so those reading `segment`,
///   `computed_outcome` or `coping_threshold`/`risk_threshold` follow the thresholds; numbers
///   written inside override conditions, e.g. `coping_score >= 40`, stay as written and are
///   listed as a warning);
/// - **review** exactly as the engine asks for it (|score − threshold| <= band on either axis,
///   undetermined coping, too many register gaps).
/// The objective and constraints are figures of the caseworker × Seula confusion matrices
/// (segments; outcome levels) and the review rate over all valid labelled cases. Products,
/// referrals and urgency are not part of the search.
///
/// **Which point is chosen.** Among the points meeting every constraint, those whose objective
/// is within `settings.tolerance` (default 0.001) of the largest count as maximisers; of them
/// the one best on the Pareto figure (default: the lowest review rate) is chosen, then the
/// higher objective, then the point nearest the current thresholds (sum of absolute changes),
/// then the lower coping threshold, risk threshold and band. So the chosen point is always on
/// the Pareto front: a point beating it on both figures would be a maximiser too, and better
/// on the Pareto figure. The current thresholds are always grid points.
///
/// **The risk side under MODEL-V2.** A case whose risk side a severe marker decides is high
/// whatever the risk threshold, and a case with too many register gaps is undetermined
/// whatever the thresholds (`CaseProjection.risk` is +∞ for both; neither is ever near the risk
/// threshold). They count in every figure exactly as the engine decides them, and
/// `highByMarker` / `undetermined` say how many there are, so the report can say how much of
/// the caseload no threshold moves.
public struct TuneRun: Sendable {
    public let model: CriteriaModel
    public let settings: TuneSettings
    public let copingValues: [Double]
    public let riskValues: [Double]
    public let bands: [Double]
    public let cases: Int
    /// Every point, index `(b * copingValues.count + i) * riskValues.count + j`.
    public let points: [TunePoint]
    public let current: TunePoint
    public let best: TunePoint?
    /// Feasible points no other feasible point beats on both the objective and the Pareto
    /// figure; best Pareto figure first.
    public let front: [TunePoint]
    public let currentMatrices: (segments: ConfusionMatrix, outcomes: ConfusionMatrix)
    public let bestMatrices: (segments: ConfusionMatrix, outcomes: ConfusionMatrix)?
    /// Cases by segment under the current thresholds (rows) and the best point's (columns).
    public let transitions: ConfusionMatrix
    /// Cases whose risk side a severe marker decides (no risk threshold moves them).
    public let highByMarker: Int
    /// Cases undetermined whatever the thresholds (coping or risk axis undetermined).
    public let undetermined: Int
    /// Feasible points whose objective is within the tolerance of the best (the maximisers).
    public let maximisers: Int

    /// Complexity: O(n log G + groups × G² × (1 + bands)).
    public init(model: CriteriaModel, cases: [SearchCase], settings: TuneSettings) {
        self.model = model
        self.settings = settings
        self.cases = cases.count
        let c0 = model.coping.threshold, r0 = model.risk.threshold, b0 = model.segments.nearBand
        copingValues = settings.copingGrid.including(c0).values
        riskValues = settings.riskGrid.including(r0).values
        bands = settings.bandGrid?.including(b0).values ?? [b0]
        let search = ThresholdSearch(model: model, cases: cases, copingGrid: copingValues, riskGrid: riskValues)
        let total = Double(cases.count)
        let needsReview = settings.needsReview

        var points: [TunePoint] = []
        points.reserveCapacity(bands.count * copingValues.count * riskValues.count)
        let ci0 = copingValues.firstIndex(of: c0)!, ri0 = riskValues.firstIndex(of: r0)!
        // Matrices do not depend on the band: compute each (i, j) once.
        var perIJ: [(ConfusionMatrix, ConfusionMatrix)] = []
        perIJ.reserveCapacity(copingValues.count * riskValues.count)
        for i in copingValues.indices { for j in riskValues.indices { perIJ.append(search.matrices(coping: i, risk: j)) } }
        for band in bands {
            for (i, tc) in copingValues.enumerated() {
                for (j, tr) in riskValues.enumerated() {
                    let (seg, out) = perIJ[i * riskValues.count + j]
                    let review = needsReview ? Double(search.reviewCount(copingThreshold: tc, riskThreshold: tr, band: band)) / total : nil
                    let objective = settings.objective.value(segments: seg, outcomes: out, review: review)
                    let constraintValues = settings.constraints.map { $0.metric.value(segments: seg, outcomes: out, review: review) }
                    let feasible = objective.isFinite && zip(settings.constraints, constraintValues).allSatisfy { $0.holds($1) }
                    points.append(TunePoint(coping: tc, risk: tr, band: band, objective: objective,
                                            pareto: settings.paretoMetric.value(segments: seg, outcomes: out, review: review),
                                            constraintValues: constraintValues, feasible: feasible))
                }
            }
        }
        self.points = points
        let bi0 = bands.firstIndex(of: b0)!
        current = points[(bi0 * copingValues.count + ci0) * riskValues.count + ri0]
        currentMatrices = perIJ[ci0 * riskValues.count + ri0]

        func distance(_ p: TunePoint) -> Double { abs(p.coping - c0) + abs(p.risk - r0) + abs(p.band - b0) }
        let larger = settings.paretoLargerIsBetter
        /// True when `a` is better than `b` on the Pareto figure (NaN is worst).
        func paretoBetter(_ a: TunePoint, _ b: TunePoint) -> Bool? {
            if a.pareto == b.pareto || (a.pareto.isNaN && b.pareto.isNaN) { return nil }
            if a.pareto.isNaN { return false }
            if b.pareto.isNaN { return true }
            return larger ? a.pareto > b.pareto : a.pareto < b.pareto
        }
        func tieBreak(_ a: TunePoint, _ b: TunePoint) -> Bool {
            let da = distance(a), db = distance(b)
            if da != db { return da < db }
            if a.coping != b.coping { return a.coping < b.coping }
            if a.risk != b.risk { return a.risk < b.risk }
            return a.band < b.band
        }
        /// The order of choice among maximisers: Pareto figure, objective, nearness.
        func preferred(_ a: TunePoint, _ b: TunePoint) -> Bool {
            if let p = paretoBetter(a, b) { return p }
            if a.objective != b.objective { return a.objective > b.objective }
            return tieBreak(a, b)
        }
        let top = points.lazy.filter(\.feasible).map(\.objective).max()
        var best: TunePoint? = nil
        var maximisers = 0
        if let top {
            for p in points where p.feasible && p.objective >= top - settings.tolerance {
                maximisers += 1
                if best == nil || preferred(p, best!) { best = p }
            }
        }
        self.best = best
        self.maximisers = maximisers
        if let best {
            let i = copingValues.firstIndex(of: best.coping)!, j = riskValues.firstIndex(of: best.risk)!
            bestMatrices = perIJ[i * riskValues.count + j]
        } else {
            bestMatrices = nil
        }
        func better(_ a: TunePoint, _ b: TunePoint) -> Bool {
            if a.objective != b.objective { return a.objective > b.objective }
            return tieBreak(a, b)
        }

        // Pareto front: sweep from the best Pareto figure, keep strictly better objectives.
        let candidates = points.filter { $0.feasible && $0.pareto.isFinite }.sorted { a, b in
            if a.pareto != b.pareto { return larger ? a.pareto > b.pareto : a.pareto < b.pareto }
            return better(a, b)
        }
        var front: [TunePoint] = []
        for p in candidates where front.isEmpty || p.objective > front.last!.objective { front.append(p) }
        self.front = front

        var transitions = ConfusionMatrix(classes: model.segments.domain.values.count)
        let target = best ?? current
        for c in cases {
            transitions.add(truth: SegmentationProjector.segment(model, c.projection, copingThreshold: c0, riskThreshold: r0),
                            predicted: SegmentationProjector.segment(model, c.projection, copingThreshold: target.coping, riskThreshold: target.risk))
        }
        self.transitions = transitions
        highByMarker = cases.filter { !$0.projection.undetermined && $0.projection.risk == .infinity }.count
        undetermined = cases.filter(\.projection.undetermined).count
    }

    /// The point at grid indices.
    public func point(band b: Int, coping i: Int, risk j: Int) -> TunePoint {
        points[(b * copingValues.count + i) * riskValues.count + j]
    }

    /// The objective along the coping axis with the best (else current) risk threshold and band.
    public var copingCurve: [TunePoint] {
        let anchor = best ?? current
        let b = bands.firstIndex(of: anchor.band)!, j = riskValues.firstIndex(of: anchor.risk)!
        return copingValues.indices.map { point(band: b, coping: $0, risk: j) }
    }

    /// The objective along the risk axis with the best (else current) coping threshold and band.
    public var riskCurve: [TunePoint] {
        let anchor = best ?? current
        let b = bands.firstIndex(of: anchor.band)!, i = copingValues.firstIndex(of: anchor.coping)!
        return riskValues.indices.map { point(band: b, coping: i, risk: $0) }
    }

    /// Whether the best point changes anything.
    public var changesThresholds: Bool {
        guard let best else { return false }
        return best.coping != current.coping || best.risk != current.risk || best.band != current.band
    }

    /// Reads a labelled caseload into search cases (validation and labels as `evaluate`).
    ///
    /// Complexity: O(bytes + n × projection).
    public static func load(_ bytes: [UInt8], format: CaseloadFormat, model: CriteriaModel, strict: Bool, today: CalendarDate,
                            progress: RunProgress? = nil, fastReader: Bool = true) -> Result<([SearchCase], RejectionTally), CaseError> {
        let scanner = CaseloadScanner(model: model, requirements: [.segment], strict: strict, fastReader: fastReader)
        let projector = SegmentationProjector(model: model, today: today)
        return scanner.map(bytes, format: format, progress: progress) { row in
            SearchCase(projection: projector.project(row.screening), segmentLabel: row.labels.segment!,
                       outcomeLabel: row.labels.outcome ?? -1)
        }
    }
}
