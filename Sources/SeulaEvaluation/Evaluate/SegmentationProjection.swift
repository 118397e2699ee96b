import SeulaCore

/// What the two thresholds and the near band decide about one case, reduced to numbers the
/// threshold search can count: the two unrounded axis scores, how the risk side is decided, and
/// the final outcome (and review by the file's rules) the case would get in each quadrant.
///
/// Invariant: at the model's own thresholds, `segment(...)`, `outcomes[that quadrant]` and
/// `needsReview(...)` equal `DecisionEngine.decide`'s segment, final outcome and
/// `review.required` (tested, on V1 and V2 criteria).
public struct CaseProjection: Sendable, Equatable {
    /// The coping score (`CopingInstrument.score`), or nil when undetermined.
    public var coping: Double?
    /// The risk score as shown (`RiskScorecard.score`), or nil when the risk axis is undetermined.
    public var riskScore: Double?
    /// What the risk side compares with the threshold: the score when the score decides the side;
    /// +∞ when a severe marker makes it high whatever the threshold, or when the axis is
    /// undetermined (so no threshold moves it and no risk threshold is ever "near").
    public var risk: Double
    /// The segment is the undetermined one whatever the thresholds (coping or risk undetermined).
    public var undetermined: Bool
    /// Final outcome level per quadrant, in the model's quadrant order; for an undetermined
    /// case all four hold its one final outcome (its segment does not depend on thresholds).
    public var outcomes: SIMD4<Int8>
    /// A review reason that no threshold can change: undetermined coping, too many gaps, or a
    /// review rule that holds in every quadrant.
    public var reviewWhateverThresholds: Bool
    /// Per quadrant, 1 when a review rule holds there — only when the file's review rules read
    /// the segment or later names and so can differ by quadrant; nil otherwise.
    public var reviewInQuadrant: SIMD4<Int8>?

    public init(coping: Double?, riskScore: Double?, risk: Double, undetermined: Bool, outcomes: SIMD4<Int8>,
                reviewWhateverThresholds: Bool, reviewInQuadrant: SIMD4<Int8>? = nil) {
        self.coping = coping
        self.riskScore = riskScore
        self.risk = risk
        self.undetermined = undetermined
        self.outcomes = outcomes
        self.reviewWhateverThresholds = reviewWhateverThresholds
        self.reviewInQuadrant = reviewInQuadrant
    }

    /// True when `DecisionEngine` would ask for review under these thresholds and band;
    /// `quadrant` is the case's quadrant under them (ignored when undetermined).
    @inlinable
    public func needsReview(copingThreshold: Double, riskThreshold: Double, nearBand: Double, quadrant: Int = 0) -> Bool {
        if reviewWhateverThresholds { return true }
        if let q = reviewInQuadrant, q[undetermined ? 0 : quadrant] != 0 { return true }
        if let c = coping, abs(c - copingThreshold) <= nearBand { return true }
        return abs(risk - riskThreshold) <= nearBand
    }
}

/// Computes `CaseProjection`s with the same functions `DecisionEngine` uses: the engine's own
/// intake and segment steps (scores, severe markers, the undetermined rule), then per quadrant
/// the overrides' and review rules' compiled conditions.
///
/// The outcome in each quadrant is found by filling the segmentation-phase names exactly as
/// the engine does (scores, answered count, points, gaps, segment, computed outcome) and taking
/// the highest of the segment default and every override that holds — so overrides that read
/// `segment` or `computed_outcome` are exact too. An override written against the thresholds
/// (`coping_score >= coping_threshold`, as the default criteria do) follows the quadrant: in
/// each quadrant the threshold names are set so that the score is on that quadrant's side.
/// Overrides that compare `coping_score` or `risk_score` with a written number keep that
/// number (it is not the threshold).
///
/// Review rules that read intake names only (the default criteria's) are evaluated once; rules
/// that read the segment or later are evaluated per quadrant by running the engine's later steps
/// (outcome, urgency, services, review) on the quadrant — exact, and slower.
public struct SegmentationProjector: Sendable {
    public let model: CriteriaModel
    let engine: DecisionEngine
    /// Some review rule reads a name known only after intake.
    let reviewRulesVary: Bool
    /// The overrides whose condition reads a name the quadrant sets (segment, computed outcome,
    /// a threshold): evaluated in each quadrant. The others (`quadrantFree`) read the same frame
    /// in every quadrant, so they are evaluated once per case — 6 of V2's 7 overrides.
    let quadrantOverrides: [Int]
    let quadrantFreeOverrides: [Int]
    /// Evaluate every override in every quadrant (the plain reading, for the tests).
    let everyOverrideInEveryQuadrant: Bool

    public init(model: CriteriaModel, today: CalendarDate, everyOverrideInEveryQuadrant: Bool = false) {
        self.model = model
        self.everyOverrideInEveryQuadrant = everyOverrideInEveryQuadrant
        let s = model.slots
        let setPerQuadrant: Set<Int> = [s.segment, s.computedOutcome, s.copingThreshold, s.riskThreshold]
        let varies = model.overrides.map { !$0.condition.slotsRead.isDisjoint(with: setPerQuadrant) }
        quadrantOverrides = model.overrides.indices.filter { everyOverrideInEveryQuadrant || varies[$0] }
        quadrantFreeOverrides = model.overrides.indices.filter { !everyOverrideInEveryQuadrant && !varies[$0] }
        engine = DecisionEngine(model: model, today: today)
        precondition(model.segments.quadrants.count == 4, "a criteria model has exactly four quadrants")
        let intake = model.slots.slots(knownFrom: .intake)
        reviewRulesVary = model.review.rules.contains { rule in rule.condition.slotsRead.contains { !intake.contains($0) } }
    }

    /// Complexity: O(items + indicators + 4 × overrides), plus 4 × the later steps when review
    /// rules vary by quadrant.
    public func project(_ c: ScreeningCase) -> CaseProjection {
        var d = Decision(model: model)
        engine.run(.intake, c, into: &d, oracle: engine.evaluating)
        engine.run(.segment, c, into: &d, oracle: engine.evaluating)
        return project(c, afterSegment: d)
    }

    /// The projection and the engine's whole decision, with the intake and segment steps run
    /// once for both (what `evaluate` needs of every case).
    ///
    /// Complexity: one decision plus the per-quadrant overrides.
    public func projectAndDecide(_ c: ScreeningCase) -> (CaseProjection, Decision) {
        var d = Decision(model: model)
        engine.run(.intake, c, into: &d, oracle: engine.evaluating)
        engine.run(.segment, c, into: &d, oracle: engine.evaluating)
        let p = project(c, afterSegment: d)
        for step in [DecisionStep.outcome, .urgency, .services, .review, .finish] {
            engine.run(step, c, into: &d, oracle: engine.evaluating, explaining: false)
        }
        return (p, d)
    }

    /// The projection from a decision taken through the segment step.
    func project(_ c: ScreeningCase, afterSegment decided: Decision) -> CaseProjection {
        let m = model
        let s = m.slots
        let d = decided
        let coping = d.coping.score
        let riskUndetermined = d.riskSide == .undetermined
        let undetermined = coping == nil || riskUndetermined
        let scoreDecides = d.riskMarkers.isEmpty && !riskUndetermined
        // The overrides no quadrant changes, once: the highest level among those that hold.
        var fixedLevel = OutcomeLevel(Int.min)
        for k in quadrantFreeOverrides where m.overrides[k].condition.holds(d.frame) { fixedLevel = max(fixedLevel, m.overrides[k].level) }
        var frame = d.frame

        func finalOutcome(segment: Int, computed: OutcomeLevel) -> Int8 {
            var final = max(computed, fixedLevel)
            if quadrantOverrides.isEmpty { return Int8(final.rawValue) }
            frame[s.segment] = .symbol(segment)
            frame[s.computedOutcome] = .symbol(computed)
            if segment < m.segments.quadrants.count {
                // Put each threshold on this quadrant's side of the case's score.
                let q = m.segments.quadrants[segment]
                if let c = coping { frame[s.copingThreshold] = .number(q.copingHard ? c : c.nextUp) }
                frame[s.riskThreshold] = .number(q.riskHigh ? d.risk.score : d.risk.score.nextUp)
            }
            for k in quadrantOverrides where m.overrides[k].condition.holds(frame) { final = max(final, m.overrides[k].level) }
            return Int8(final.rawValue)
        }
        var outcomes = SIMD4<Int8>(repeating: 0)
        if undetermined {
            outcomes = SIMD4(repeating: finalOutcome(segment: m.segments.quadrants.count, computed: m.segments.undeterminedOutcome))
        } else {
            for (qi, q) in m.segments.quadrants.enumerated() {
                outcomes[qi] = finalOutcome(segment: qi, computed: q.outcome)
            }
        }
        var fixedReview = coping == nil || d.risk.gaps.count >= m.risk.gapReviewAt
        var perQuadrant: SIMD4<Int8>? = nil
        if !reviewRulesVary {
            if m.review.rules.contains(where: { $0.condition.holds(d.frame) }) { fixedReview = true }
        } else {
            var flags = SIMD4<Int8>(repeating: 0)
            for qi in 0..<(undetermined ? 1 : m.segments.quadrants.count) {
                flags[qi] = reviewRuleHolds(c, d, quadrant: undetermined ? nil : qi) ? 1 : 0
            }
            if undetermined { flags = SIMD4(repeating: flags[0]) }
            if flags == SIMD4(repeating: 1) { fixedReview = true } else if flags != SIMD4(repeating: 0) { perQuadrant = flags }
        }
        return CaseProjection(coping: coping, riskScore: riskUndetermined ? nil : d.risk.score,
                              risk: scoreDecides ? d.risk.score : .infinity, undetermined: undetermined,
                              outcomes: outcomes, reviewWhateverThresholds: fixedReview, reviewInQuadrant: perQuadrant)
    }

    /// Whether a review rule holds when the case is placed in `quadrant` (nil: undetermined),
    /// by the engine's own steps from the outcome on.
    private func reviewRuleHolds(_ c: ScreeningCase, _ decided: Decision, quadrant: Int?) -> Bool {
        let m = model
        let s = m.slots
        var d = decided
        if let qi = quadrant {
            let q = m.segments.quadrants[qi]
            d.segment = SegmentIndex(qi)
            d.computedOutcome = q.outcome
            d.frame[s.segment] = .symbol(qi)
            d.frame[s.computedOutcome] = .symbol(q.outcome)
            if let score = d.coping.score { d.frame[s.copingThreshold] = .number(q.copingHard ? score : score.nextUp) }
            d.frame[s.riskThreshold] = .number(q.riskHigh ? d.risk.score : d.risk.score.nextUp)
        }
        for step in [DecisionStep.outcome, .urgency, .services, .review] {
            engine.run(step, c, into: &d, oracle: engine.evaluating)
        }
        return d.review.contains { if case .rule = $0 { return true } else { return false } }
    }

    /// The segment index (into `model.segments.domain`) under the given thresholds.
    public func segment(_ p: CaseProjection, copingThreshold: Double, riskThreshold: Double) -> Int {
        Self.segment(model, p, copingThreshold: copingThreshold, riskThreshold: riskThreshold)
    }

    /// The segment index (into `model.segments.domain`) under the given thresholds.
    public static func segment(_ model: CriteriaModel, _ p: CaseProjection, copingThreshold: Double, riskThreshold: Double) -> Int {
        guard let c = p.coping, !p.undetermined else { return model.segments.quadrants.count }
        return quadrant(model, hard: c >= copingThreshold, high: p.risk >= riskThreshold)
    }

    /// The quadrant index for a side of each axis.
    public static func quadrant(_ model: CriteriaModel, hard: Bool, high: Bool) -> Int {
        model.segments.quadrants.firstIndex { $0.copingHard == hard && $0.riskHigh == high } ?? 0
    }
}
