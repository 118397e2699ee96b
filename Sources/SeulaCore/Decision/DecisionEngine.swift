/// Decides one case under one model: scores, segment, outcome with overrides, urgency,
/// products ranked by the routing policy, referrals, review, reasons and counterfactual.
///
/// Pure and deterministic: no I/O, no clock, no randomness. The simple per-case path that the
/// batch engine's fast path must equal.
public struct DecisionEngine: Sendable {
    public let model: CriteriaModel

    public init(model: CriteriaModel) {
        self.model = model
    }

    /// Fills the intake part of an evaluation frame from a case (gaps read as their zero value).
    public func intakeFrame(_ c: ScreeningCase) -> [Value] {
        let s = model.slots
        var frame = [Value](repeating: .null, count: s.count)
        for (i, x) in c.coping.enumerated() {
            frame[s.copingItems.lowerBound + i] = x >= 0 ? .number(Double(x)) : .null
        }
        for (i, indicator) in model.risk.indicators.enumerated() {
            let raw = c.risk[i] == ScreeningCase.gap ? indicator.zeroRaw : Int(c.risk[i])
            let value: Value
            switch indicator.kind {
            case .integer: value = .number(Double(raw))
            case .enumeration: value = .symbol(raw)
            case .boolean: value = .bool(raw != 0)
            }
            frame[s.riskIndicators.lowerBound + i] = value
        }
        var anyFlag = false
        for (i, f) in c.flags.enumerated() {
            frame[s.flags.lowerBound + i] = .bool(f)
            anyFlag = anyFlag || f
        }
        frame[s.householdChildren] = .number(Double(c.children))
        frame[s.householdYoungestChildAge] = c.youngestChildAge.map { .number(Double($0)) } ?? .null
        frame[s.householdExpecting] = .bool(c.expecting)
        frame[s.householdSingleParent] = .bool(c.singleParent)
        frame[s.age] = .number(Double(c.age))
        frame[s.anyFlag] = .bool(anyFlag)
        return frame
    }

    /// The full decision for a case. `frame` receives the final evaluation frame (for traces).
    public func decide(_ c: ScreeningCase) -> Decision {
        var frame = intakeFrame(c)
        return decide(c, frame: &frame)
    }

    public func decide(_ c: ScreeningCase, frame: inout [Value]) -> Decision {
        let m = model
        let s = m.slots

        // Axis scores.
        let coping = m.coping.evaluate(c.coping)
        let risk = m.risk.evaluate(c.risk, frame: frame)

        // Segment and its default outcome.
        let segment: Int
        let computed: Int
        if let score = coping.score,
           let qi = m.segments.quadrants.firstIndex(where: { $0.copingHard == m.coping.isHard(score) && $0.riskHigh == m.risk.isHigh(risk.score) }) {
            segment = qi
            computed = m.segments.quadrants[qi].outcome
        } else {
            segment = m.segments.quadrants.count
            computed = m.segments.undeterminedOutcome
        }
        frame[s.copingScore] = coping.score.map { .number($0) } ?? .null
        frame[s.copingAnswered] = .number(Double(coping.answered))
        frame[s.riskScore] = .number(risk.score)
        frame[s.riskPoints] = .number(Double(risk.points))
        frame[s.riskGaps] = .number(Double(risk.gaps.count))
        frame[s.segment] = .symbol(segment)
        frame[s.computedOutcome] = .symbol(computed)

        // Risk gaps read as their zero value; explanations say so.
        let missing = Set(risk.gaps.map { s.riskIndicators.lowerBound + $0 })

        // Overrides only escalate. The record lists those that rank above the computed level.
        let top = m.outcomeLevels.values.count - 1
        var final = computed
        var beforeImmediate = computed
        var fired: [FiredOverride] = []
        for (i, rule) in m.overrides.enumerated() where rule.condition.holds(frame) {
            if rule.level > computed { fired.append(FiredOverride(index: i, because: rule.condition.because(frame, missing: missing))) }
            final = max(final, rule.level)
            if rule.level < top { beforeImmediate = max(beforeImmediate, rule.level) }
        }
        frame[s.outcome] = .symbol(final)
        frame[s.outcomeBeforeImmediate] = .symbol(beforeImmediate)

        let urgency = m.urgency.rules.first { $0.condition.holds(frame) }?.level ?? m.urgency.defaultLevel
        let services = route(frame, missing: missing)
        var referrals: [FiredReferral] = []
        for (i, rule) in m.referrals.enumerated() where rule.condition.holds(frame) {
            referrals.append(FiredReferral(index: i, because: rule.condition.because(frame, missing: missing)))
        }

        var review: [ReviewReason] = []
        if let score = coping.score, abs(score - m.coping.threshold) <= m.segments.nearBand { review.append(.nearThresholdCoping) }
        if abs(risk.score - m.risk.threshold) <= m.segments.nearBand { review.append(.nearThresholdRisk) }
        if coping.score == nil { review.append(.insufficientScreening) }
        if risk.gaps.count >= m.risk.gapReviewAt { review.append(.registerGaps) }

        return Decision(caseID: c.id, segment: segment, coping: coping, risk: risk,
                        reasons: Self.reasons(m, c, coping, risk),
                        computedOutcome: computed, finalOutcome: final, outcomeBeforeImmediate: beforeImmediate,
                        overrides: fired, urgency: urgency, services: services, referrals: referrals, review: review,
                        counterfactual: Counterfactual.moves(model: m, case: c, coping: coping, risk: risk, frame: frame),
                        pseudonym: nil)
    }

    /// Eligible products, in scope, ranked: urgency, home-based before moving, provision rank,
    /// then file order (or whatever `routing.order` says).
    func route(_ frame: borrowing [Value], missing: Set<Int>) -> [ServiceRecommendation] {
        let m = model
        var allowedGroups: Set<String>? = nil
        for rule in m.scope where rule.condition.holds(frame) {
            let g = Set(rule.onlyGroups)
            allowedGroups = allowedGroups.map { $0.intersection(g) } ?? g
        }
        var eligible: [ServiceRecommendation] = []
        for (i, p) in m.products.enumerated() {
            if let allowed = allowedGroups, allowed.isDisjoint(with: p.groups) { continue }
            guard p.eligibility.holds(frame) else { continue }
            let provision = p.provisionRules.first { $0.condition.holds(frame) }?.provision ?? p.provision
            let urgency = p.urgency.first { $0.condition.holds(frame) }?.level ?? m.urgency.defaultLevel
            var because = p.eligibility.because(frame, missing: missing)
            for note in p.notes where note.condition.holds(frame) {
                because.append("\(note.text): \(note.condition.because(frame, missing: missing).joined(separator: ", "))")
            }
            eligible.append(ServiceRecommendation(product: i, rank: 0, provision: provision, urgency: urgency, because: because))
        }
        let order = m.routing.order
        let ranks = m.routing.provisionRank
        eligible.sort { a, b in
            for key in order {
                switch key {
                case .urgency:
                    if a.urgency != b.urgency { return a.urgency < b.urgency }
                case .homeBased:
                    let ha = m.products[a.product].homeBased, hb = m.products[b.product].homeBased
                    if ha != hb { return ha }
                case .provision:
                    let ra = ranks[a.provision] ?? Int.max, rb = ranks[b.provision] ?? Int.max
                    if ra != rb { return ra < rb }
                case .table:
                    if a.product != b.product { return a.product < b.product }
                }
            }
            return a.product < b.product
        }
        for i in eligible.indices { eligible[i].rank = i + 1 }
        return eligible
    }

    /// The largest contributions per axis (three where they exist), largest first, ties in
    /// file order; then one `<axis>.rest` entry holding the sum of the others.
    static func reasons(_ m: CriteriaModel, _ c: ScreeningCase, _ coping: CopingResult, _ risk: RiskResult) -> [Reason] {
        var out: [Reason] = []
        func pick(_ axis: Reason.Axis, _ contributions: [Double], code: (Int) -> String, value: (Int) -> ReasonValue) {
            let order = contributions.indices.filter { contributions[$0] > 0 }
                .sorted { contributions[$0] != contributions[$1] ? contributions[$0] > contributions[$1] : $0 < $1 }
            for i in order.prefix(3) {
                out.append(Reason(axis: axis, code: code(i), value: value(i), contribution: contributions[i]))
            }
            let rest = order.dropFirst(3)
            if !rest.isEmpty {
                out.append(Reason(axis: axis, code: "\(axis.rawValue).rest", value: .int(rest.count),
                                  contribution: rest.reduce(0) { $0 + contributions[$1] }))
            }
        }
        pick(.coping, coping.contributions, code: { "coping.\(m.coping.items[$0].id)" }, value: { .int(Int(c.coping[$0])) })
        let riskContributions = risk.indicatorPoints.map { 100.0 * Double($0) / Double(max(risk.maxPoints, 1)) }
        pick(.risk, riskContributions, code: { "risk.\(m.risk.indicators[$0].id)" },
             value: { Counterfactual.rawValue(m.risk.indicators[$0], Int(c.risk[$0])) })
        return out
    }
}
