import SeulaCore

/// What the two thresholds and the near band decide about one case, reduced to numbers the
/// threshold search can count: the two unrounded axis scores, and the final outcome the case
/// would get in each quadrant.
///
/// Invariant: at the model's own thresholds, the quadrant `(coping >= coping threshold,
/// risk >= risk threshold)`, `outcomes[that quadrant]` and `needsReview(...)` equal
/// `DecisionEngine.decide`'s segment, final outcome and `review.required` (tested).
public struct CaseProjection: Sendable, Equatable {
    /// The coping score (`CopingInstrument.score`), or nil when undetermined.
    public var coping: Double?
    /// The risk score (`RiskScorecard.score`).
    public var risk: Double
    /// Final outcome level per quadrant, in the model's quadrant order; for an undetermined
    /// case all four hold its one final outcome (its segment does not depend on thresholds).
    public var outcomes: SIMD4<Int8>
    /// A review reason that no threshold can change: undetermined coping or too many gaps.
    public var reviewWhateverThresholds: Bool

    public init(coping: Double?, risk: Double, outcomes: SIMD4<Int8>, reviewWhateverThresholds: Bool) {
        self.coping = coping
        self.risk = risk
        self.outcomes = outcomes
        self.reviewWhateverThresholds = reviewWhateverThresholds
    }

    /// True when `DecisionEngine` would ask for review under these thresholds and band.
    @inlinable
    public func needsReview(copingThreshold: Double, riskThreshold: Double, nearBand: Double) -> Bool {
        if reviewWhateverThresholds { return true }
        if let c = coping, abs(c - copingThreshold) <= nearBand { return true }
        return abs(risk - riskThreshold) <= nearBand
    }
}

/// Computes `CaseProjection`s with the same functions `DecisionEngine` uses: the intake frame,
/// `CopingInstrument.evaluate`, `RiskScorecard.evaluate`, the overrides' compiled conditions.
///
/// The outcome in each quadrant is found by filling the segmentation-phase names exactly as
/// the engine does (scores, answered count, points, gaps, segment, computed outcome) and taking
/// the highest of the segment default and every override that holds — so overrides that read
/// `segment` or `computed_outcome` are exact too. An override written against the thresholds
/// (`coping_score >= coping_threshold`, as the default criteria do) follows the quadrant: in
/// each quadrant the threshold names are set so that the score is on that quadrant's side.
/// Overrides that compare `coping_score` or `risk_score` with a written number keep that
/// number (it is not the threshold).
public struct SegmentationProjector: Sendable {
    public let model: CriteriaModel
    let engine: DecisionEngine

    public init(model: CriteriaModel) {
        self.model = model
        engine = DecisionEngine(model: model)
        precondition(model.segments.quadrants.count == 4, "a criteria model has exactly four quadrants")
    }

    /// Complexity: O(items + indicators + 4 × overrides).
    public func project(_ c: ScreeningCase) -> CaseProjection {
        let m = model
        let s = m.slots
        var frame = engine.intakeFrame(c)
        let coping = m.coping.evaluate(c.coping)
        let risk = m.risk.evaluate(c.risk, frame: frame)
        frame[s.copingScore] = coping.score.map { .number($0) } ?? .null
        frame[s.copingAnswered] = .number(Double(coping.answered))
        frame[s.riskScore] = .number(risk.score)
        frame[s.riskPoints] = .number(Double(risk.points))
        frame[s.riskGaps] = .number(Double(risk.gaps.count))

        func finalOutcome(segment: Int, computed: Int) -> Int8 {
            frame[s.segment] = .symbol(segment)
            frame[s.computedOutcome] = .symbol(computed)
            if segment < m.segments.quadrants.count {
                // Put each threshold on this quadrant's side of the case's score.
                let q = m.segments.quadrants[segment]
                if let c = coping.score { frame[s.copingThreshold] = .number(q.copingHard ? c : c.nextUp) }
                frame[s.riskThreshold] = .number(q.riskHigh ? risk.score : risk.score.nextUp)
            }
            var final = computed
            for rule in m.overrides where rule.condition.holds(frame) { final = max(final, rule.level) }
            return Int8(final)
        }
        var outcomes = SIMD4<Int8>(repeating: 0)
        if coping.score == nil {
            let o = finalOutcome(segment: m.segments.quadrants.count, computed: m.segments.undeterminedOutcome)
            outcomes = SIMD4(repeating: o)
        } else {
            for (qi, q) in m.segments.quadrants.enumerated() {
                outcomes[qi] = finalOutcome(segment: qi, computed: q.outcome)
            }
        }
        return CaseProjection(coping: coping.score, risk: risk.score, outcomes: outcomes,
                              reviewWhateverThresholds: coping.score == nil || risk.gaps.count >= m.risk.gapReviewAt)
    }

    /// The segment index (into `model.segments.domain`) under the given thresholds.
    public func segment(_ p: CaseProjection, copingThreshold: Double, riskThreshold: Double) -> Int {
        guard let c = p.coping else { return model.segments.quadrants.count }
        return Self.quadrant(model, hard: c >= copingThreshold, high: p.risk >= riskThreshold)
    }

    /// The quadrant index for a side of each axis.
    public static func quadrant(_ model: CriteriaModel, hard: Bool, high: Bool) -> Int {
        model.segments.quadrants.firstIndex { $0.copingHard == hard && $0.riskHigh == high } ?? 0
    }
}
