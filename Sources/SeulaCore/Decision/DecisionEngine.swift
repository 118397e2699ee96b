/// The steps of deciding one case, in order. Step n fills the frame slots first known at phase
/// n (`FrameSlots.slots(knownFrom:)`) and asks its oracle only about the rules of phase n − 1,
/// so the batch engine can answer each phase's rules for a whole chunk at once (column kernels)
/// between two steps, while the simple path evaluates them per case — the same rules either way.
public enum DecisionStep: Int, CaseIterable, Sendable {
    /// The intake frame, both axis scores, gaps.
    case intake
    /// Severe markers, the risk side, the segment and its default outcome.
    case segment
    /// The escalate-only overrides and the final outcome.
    case outcome
    /// The case urgency.
    case urgency
    /// Scope, products ranked by the routing policy, referrals.
    case services
    /// The review reasons.
    case review
    /// Whether the decision is automatable; reasons and the counterfactual when explaining.
    case finish

    /// The phase whose rules this step asks about (nil: none).
    public var rulePhase: Phase? { Phase(rawValue: rawValue - 1) }
    /// The phase whose frame slots this step fills (nil: none).
    public var fillsPhase: Phase? { Phase(rawValue: rawValue) }
}

/// Decides one case under one model: scores, the risk side (rule plus score), segment, outcome
/// with overrides, urgency, products ranked by the routing policy, referrals, review,
/// automatability, reasons and counterfactual.
///
/// Pure and deterministic: no I/O, no clock, no randomness (`today` is given: it is the
/// assessment date of a case without `assessed_on`). `decide(_:into:)` reuses the decision's
/// storage, so a worker deciding millions of cases allocates almost nothing.
public struct DecisionEngine: Sendable {
    public let model: CriteriaModel
    public let rules: RuleTable
    /// The assessment date of a case that gives none (read only for `hetu_age`).
    public let today: CalendarDate
    /// The simple path's oracle: each rule evaluated on the case's own frame.
    public let evaluating: EvaluatingOracle
    /// `routing.provision_rank` of each product's default provision and of each provision rule's,
    /// looked up once here so ranking a case's services compares integers.
    let provisionOrder: [Int]
    let provisionRuleOrder: [[Int]]

    public init(model: CriteriaModel, today: CalendarDate) {
        self.model = model
        self.today = today
        rules = RuleTable(model: model)
        evaluating = EvaluatingOracle(conditions: rules.conditions)
        let ranks = model.routing.provisionRank
        provisionOrder = model.products.map { ranks[$0.provision] ?? .max }
        provisionRuleOrder = model.products.map { $0.provisionRules.map { ranks[$0.provision] ?? .max } }
    }

    /// Writes the intake part of an evaluation frame from a case (gaps read as their zero value).
    public func fillIntake(_ c: ScreeningCase, into frame: inout [Value]) {
        let s = model.slots
        let indicators = model.risk.indicators
        let copingThreshold = model.coping.threshold, riskThreshold = model.risk.threshold
        let hetuAge: Value = c.hetuBirthDate.map { .number(Double((c.assessedOn ?? today).wholeYears(since: $0))) } ?? .null
        frame.withUnsafeMutableBufferPointer { f in
            c.coping.withUnsafeBufferPointer { items in
                let base = s.copingItems.lowerBound
                for i in 0..<items.count {
                    let x = items[i]
                    f[base + i] = x >= 0 ? .number(Double(x)) : .null
                }
            }
            c.risk.withUnsafeBufferPointer { risk in
                let base = s.riskIndicators.lowerBound
                for i in 0..<risk.count {
                    let raw = risk[i] == ScreeningCase.gap ? 0 : Int(risk[i])
                    switch indicators[i].kindCode {
                    case 0: f[base + i] = .number(Double(raw))
                    case 1: f[base + i] = .symbol(raw)
                    default: f[base + i] = .bool(raw != 0)
                    }
                }
            }
            var anyFlag = false
            c.flags.withUnsafeBufferPointer { flags in
                let base = s.flags.lowerBound
                for i in 0..<flags.count {
                    f[base + i] = .bool(flags[i])
                    anyFlag = anyFlag || flags[i]
                }
            }
            f[s.householdChildren] = .number(Double(c.children))
            f[s.householdYoungestChildAge] = c.youngestChildAge.map { .number(Double($0)) } ?? .null
            f[s.householdExpecting] = .bool(c.expecting)
            f[s.householdSingleParent] = .bool(c.singleParent)
            f[s.age] = .number(Double(c.age))
            f[s.anyFlag] = .bool(anyFlag)
            f[s.copingThreshold] = .number(copingThreshold)
            f[s.riskThreshold] = .number(riskThreshold)
            f[s.hetuAge] = hetuAge
        }
    }

    /// An intake frame for a case (for tests and tools).
    public func intakeFrame(_ c: ScreeningCase) -> [Value] {
        var frame = [Value](repeating: .null, count: model.slots.count)
        fillIntake(c, into: &frame)
        return frame
    }

    /// The full decision for a case. `explaining` false leaves out reasons and the
    /// counterfactual (tools that only count segments, outcomes and products).
    public func decide(_ c: ScreeningCase, explaining: Bool = true) -> Decision {
        var d = Decision(model: model)
        decide(c, into: &d, explaining: explaining)
        return d
    }

    /// Decides `c`, reusing `d`'s storage: every step, each rule evaluated on the case's frame.
    /// `riskMemo` (one thread's) answers the risk-side counterfactual of risk pictures seen before.
    public func decide(_ c: ScreeningCase, into d: inout Decision, explaining: Bool = true, riskMemo: RiskChangeMemo? = nil) {
        for step in DecisionStep.allCases {
            run(step, c, into: &d, oracle: evaluating, explaining: explaining, riskMemo: riskMemo)
        }
    }

    /// Runs one step. `copingSums` may be given to the intake step (the batch engine computes
    /// them for a whole chunk at once); `explaining` matters to the finish step only.
    public func run<O: RuleOracle>(_ step: DecisionStep, _ c: ScreeningCase, into d: inout Decision, oracle: O,
                                   copingSums: (weighted: Double, weight: Double)? = nil, explaining: Bool = true,
                                   riskMemo: RiskChangeMemo? = nil) {
        switch step {
        case .intake: decideIntake(c, into: &d, copingSums: copingSums)
        case .segment: decideSegment(into: &d, oracle: oracle)
        case .outcome: decideOutcome(into: &d, oracle: oracle)
        case .urgency: decideUrgency(into: &d, oracle: oracle)
        case .services: decideServices(into: &d, oracle: oracle)
        case .review: decideReview(into: &d, oracle: oracle)
        case .finish: finish(c, into: &d, oracle: oracle, explaining: explaining, riskMemo: riskMemo)
        }
    }

    /// Step intake: the intake frame, both axis scores and the gaps.
    func decideIntake(_ c: ScreeningCase, into d: inout Decision, copingSums: (weighted: Double, weight: Double)?) {
        let m = model
        fillIntake(c, into: &d.frame)
        d.caseID = c.id
        d.pseudonym = nil
        m.coping.evaluate(c.coping, into: &d.coping, sums: copingSums)
        m.risk.evaluate(c.risk, frame: d.frame, into: &d.risk)
        var gapMask: UInt64 = 0
        for g in d.risk.gaps { gapMask |= 1 << UInt64(g) }
        d.gapMask = gapMask
    }

    /// Step segment: the risk side — high when a severe marker holds on known values, else
    /// undetermined at too many gaps, else by the score — then the segment and its outcome.
    func decideSegment<O: RuleOracle>(into d: inout Decision, oracle: O) {
        let m = model
        let s = m.slots
        let card = m.risk
        d.riskMarkers.removeAll(keepingCapacity: true)
        for i in 0..<card.markers.count
        where d.gapMask & card.markers[i].indicatorMask == 0 && oracle.holds(rules.markers[i], d.frame) {
            d.riskMarkers.append(i)
        }
        if !d.riskMarkers.isEmpty {
            d.riskSide = .high
        } else if let u = card.undeterminedAtGaps, d.risk.gaps.count >= u {
            d.riskSide = .undetermined
        } else {
            d.riskSide = card.isHigh(d.risk.score) ? .high : .low
        }
        let grid = m.segments
        if let score = d.coping.score, d.riskSide != .undetermined {
            let hard = m.coping.isHard(score), high = d.riskSide == .high
            var qi = 0
            while grid.quadrants[qi].copingHard != hard || grid.quadrants[qi].riskHigh != high { qi += 1 }
            d.segment = SegmentIndex(qi)
            d.computedOutcome = grid.quadrants[qi].outcome
        } else {
            d.segment = SegmentIndex(grid.quadrants.count)
            d.computedOutcome = grid.undeterminedOutcome
        }
        d.frame[s.copingScore] = d.coping.score.map { .number($0) } ?? .null
        d.frame[s.copingAnswered] = .number(Double(d.coping.answered))
        d.frame[s.riskScore] = d.riskSide == .undetermined ? .null : .number(d.risk.score)
        d.frame[s.riskPoints] = .number(Double(d.risk.points))
        d.frame[s.riskGaps] = .number(Double(d.risk.gaps.count))
        d.frame[s.riskKnown] = .number(Double(d.risk.known))
        d.frame[s.segment] = .symbol(d.segment)
        d.frame[s.computedOutcome] = .symbol(d.computedOutcome)
    }

    /// Step outcome: the escalate-only overrides and the final outcome. The record lists the
    /// overrides that hold and rank above the computed level.
    func decideOutcome<O: RuleOracle>(into d: inout Decision, oracle: O) {
        let m = model
        let top = OutcomeLevel(m.outcomeLevels.values.count - 1)
        var final = d.computedOutcome
        var beforeImmediate = d.computedOutcome
        d.overrides.removeAll(keepingCapacity: true)
        for i in 0..<m.overrides.count where oracle.holds(rules.overrides[i], d.frame) {
            let level = m.overrides[i].level
            if level > d.computedOutcome { d.overrides.append(i) }
            final = max(final, level)
            if level < top { beforeImmediate = max(beforeImmediate, level) }
        }
        d.finalOutcome = final
        d.outcomeBeforeImmediate = beforeImmediate
        d.frame[m.slots.outcome] = .symbol(final)
        d.frame[m.slots.outcomeBeforeImmediate] = .symbol(beforeImmediate)
    }

    /// Step urgency: the first case urgency rule that holds, else the default.
    func decideUrgency<O: RuleOracle>(into d: inout Decision, oracle: O) {
        let m = model
        d.urgency = m.urgency.defaultLevel
        for i in 0..<m.urgency.rules.count where oracle.holds(rules.urgencyRules[i], d.frame) {
            d.urgency = m.urgency.rules[i].level
            break
        }
        d.frame[m.slots.urgency] = .symbol(d.urgency)
    }

    /// Step services: the products in scope that are eligible, ranked; the referrals made
    /// (less those a scope rule that holds excludes).
    func decideServices<O: RuleOracle>(into d: inout Decision, oracle: O) {
        let m = model
        var holdingScope: UInt64 = 0
        for i in 0..<m.scope.count where oracle.holds(rules.scope[i], d.frame) { holdingScope |= 1 << UInt64(i) }
        route(&d, oracle, holdingScope: holdingScope)
        d.referrals.removeAll(keepingCapacity: true)
        let slots = m.slots.referrals
        for i in 0..<m.referrals.count {
            var made = oracle.holds(rules.referrals[i], d.frame)
            if made, holdingScope != 0 {
                for k in 0..<m.scope.count where holdingScope & (1 << UInt64(k)) != 0 && m.scope[k].excludedReferrals.contains(i) {
                    made = false
                }
            }
            if made { d.referrals.append(i) }
            d.frame[slots.lowerBound + i] = .bool(made)
        }
    }

    /// Step review: the four built-in reasons (near a threshold — on risk only when the score
    /// decided the side —, undetermined coping, too many gaps), then the file's review rules.
    func decideReview<O: RuleOracle>(into d: inout Decision, oracle: O) {
        let m = model
        let grid = m.segments
        d.review.removeAll(keepingCapacity: true)
        if let score = d.coping.score, abs(score - m.coping.threshold) <= grid.nearBand { d.review.append(.nearThresholdCoping) }
        if d.riskMarkers.isEmpty, d.riskSide != .undetermined, abs(d.risk.score - m.risk.threshold) <= grid.nearBand {
            d.review.append(.nearThresholdRisk)
        }
        if d.coping.score == nil { d.review.append(.insufficientScreening) }
        if d.risk.gaps.count >= m.risk.gapReviewAt { d.review.append(.registerGaps) }
        for i in 0..<m.review.rules.count where oracle.holds(rules.reviewRules[i], d.frame) {
            d.review.append(.rule(i))
        }
        d.frame[m.slots.reviewRequired] = .bool(!d.review.isEmpty)
    }

    /// Step finish: `outcomes.automatable_when`; with `explaining`, the reasons and the
    /// counterfactual (a third of the work; CSV columns and the evaluators never show them).
    func finish<O: RuleOracle>(_ c: ScreeningCase, into d: inout Decision, oracle: O, explaining: Bool, riskMemo: RiskChangeMemo? = nil) {
        let m = model
        d.automatable = rules.automatable.map { oracle.holds($0, d.frame) }
        guard explaining else {
            d.reasons.removeAll(keepingCapacity: true)
            d.counterfactual.removeAll(keepingCapacity: true)
            return
        }
        Self.reasons(m, c, &d)
        // A workspace another copy of this decision also holds is replaced, never shared.
        if !isKnownUniquelyReferenced(&d.workspace) { d.workspace = Counterfactual.Workspace() }
        let workspace = d.workspace
        // Moved out and back so the search can read `d` while it fills the list.
        var moves = d.counterfactual
        d.counterfactual = []
        Counterfactual.moves(model: m, case: c, decision: d, workspace: workspace, into: &moves, memo: riskMemo)
        d.counterfactual = moves
    }

    /// Eligible products, in scope, ranked by `routing.order`: product urgency, need, home-based
    /// before moving, provision rank, then file order. `holdingScope` has bit i set when scope
    /// rule i holds.
    func route<O: RuleOracle>(_ d: inout Decision, _ oracle: O, holdingScope: UInt64) {
        let m = model
        d.services.removeAll(keepingCapacity: true)
        let products = m.products
        for i in 0..<products.count {
            if holdingScope != 0 {
                var allowed = true
                for k in 0..<m.scope.count where holdingScope & (1 << UInt64(k)) != 0 {
                    if let allows = m.scope[k].allowsProduct, !allows[i] { allowed = false; break }
                }
                if !allowed { continue }
            }
            guard oracle.holds(rules.eligibility[i], d.frame) else { continue }
            var provision = products[i].provision
            var order = provisionOrder[i]
            for r in 0..<products[i].provisionRules.count where oracle.holds(rules.provisionRules[i][r], d.frame) {
                provision = products[i].provisionRules[r].provision
                order = provisionRuleOrder[i][r]
                break
            }
            var urgency = m.urgency.defaultLevel
            for r in 0..<products[i].urgency.count where oracle.holds(rules.productUrgency[i][r], d.frame) {
                urgency = products[i].urgency[r].level
                break
            }
            d.services.append(ServiceRecommendation(product: i, rank: 0, provision: provision, urgency: urgency,
                                                    provisionOrder: order))
        }
        let order = m.routing.order
        // Insertion sort: stable, allocation-free, and lists are short (≤ a few dozen).
        func before(_ a: ServiceRecommendation, _ b: ServiceRecommendation) -> Bool {
            for key in order {
                switch key {
                case .urgency:
                    if a.urgency != b.urgency { return a.urgency < b.urgency }
                case .need:
                    let na = products[a.product].need ?? Int.max, nb = products[b.product].need ?? Int.max
                    if na != nb { return na < nb }
                case .homeBased:
                    let ha = products[a.product].homeBased, hb = products[b.product].homeBased
                    if ha != hb { return ha }
                case .provision:
                    if a.provisionOrder != b.provisionOrder { return a.provisionOrder < b.provisionOrder }
                case .table:
                    if a.product != b.product { return a.product < b.product }
                }
            }
            return a.product < b.product
        }
        var i = 1
        while i < d.services.count {
            let x = d.services[i]
            var j = i - 1
            while j >= 0, before(x, d.services[j]) {
                d.services[j + 1] = d.services[j]
                j -= 1
            }
            d.services[j + 1] = x
            i += 1
        }
        for k in 0..<d.services.count { d.services[k].rank = k + 1 }
    }

    /// The largest contributions per axis (three where they exist), largest first, ties in
    /// file order; then one rest entry holding the sum of the others.
    static func reasons(_ m: CriteriaModel, _ c: ScreeningCase, _ d: inout Decision) {
        d.reasons.removeAll(keepingCapacity: true)
        let contributions = d.coping.contributions
        pickReasons(.coping, contributions.count, &d.reasons, { contributions[$0] }, value: { .int(Int(c.coping[$0])) })
        // An undetermined risk axis has no score, so nothing contributes to one.
        guard d.riskSide != .undetermined else { return }
        let points = d.risk.indicatorPoints
        let maxPoints = Double(max(d.risk.maxPoints, 1))
        pickReasons(.risk, points.count, &d.reasons, { 100.0 * Double(points[$0]) / maxPoints },
                    value: { Counterfactual.rawValue(m.risk.indicators[$0], Int(c.risk[$0])) })
    }

    /// One axis's reasons. Inlined so each call site's closures are compiled into the loops
    /// (as a nested function they were called through a context per item).
    @inline(__always)
    private static func pickReasons(_ axis: Reason.Axis, _ count: Int, _ reasons: inout [Reason],
                                    _ contribution: (Int) -> Double, value: (Int) -> ReasonValue) {
        // The three largest, by selection (no allocation).
        var chosen = (-1, -1, -1)
        for slot in 0..<3 {
            if slot == 1 && chosen.0 < 0 || slot == 2 && chosen.1 < 0 { break }
            var best = -1
            var bestValue = 0.0
            for i in 0..<count {
                let v = contribution(i)
                guard v > 0, i != chosen.0, i != chosen.1, i != chosen.2 else { continue }
                if best < 0 || v > bestValue { best = i; bestValue = v }
            }
            if slot == 0 { chosen.0 = best } else if slot == 1 { chosen.1 = best } else { chosen.2 = best }
        }
        // The three in order, without an array literal (an allocation per case).
        for k in 0..<3 {
            let i = k == 0 ? chosen.0 : (k == 1 ? chosen.1 : chosen.2)
            guard i >= 0 else { continue }
            reasons.append(Reason(axis: axis, index: i, value: value(i), contribution: contribution(i)))
        }
        var restCount = 0
        var restSum = 0.0
        for i in 0..<count where contribution(i) > 0 && i != chosen.0 && i != chosen.1 && i != chosen.2 {
            restCount += 1
            restSum += contribution(i)
        }
        if restCount > 0 {
            reasons.append(Reason(axis: axis, index: Reason.rest, value: .int(restCount), contribution: restSum))
        }
    }
}
