import SeulaJSON

/// The full trace behind a decision (`explain`): every item's and indicator's part in its
/// axis score, and every rule evaluated — fired or not — with each check it made and what it saw.
public struct DecisionTrace: Sendable {
    public struct ItemLine: Sendable {
        public var item: String
        public var value: Int?
        public var weight: Double
        public var contribution: Double
    }

    public struct IndicatorLine: Sendable {
        public var indicator: String
        public var value: ReasonValue?
        public var points: Int
        public var counted: Bool
    }

    public struct RuleLine: Sendable {
        /// `override:immediate-need`, `product:sosiaaliohjaus`, `referral:kela`, `urgency:…`, `scope:…`,
        /// `marker:1` (a severe marker, by position), `review:safety_signal`, `automatable`.
        public var rule: String
        public var fired: Bool
        public var checks: [(check: String, result: Bool?)]
    }

    public var items: [ItemLine]
    public var indicators: [IndicatorLine]
    public var rules: [RuleLine]

    /// Builds the trace for a decided case, from the frame its rules saw.
    public init(model m: CriteriaModel, case c: ScreeningCase, decision d: Decision) {
        let frame = d.frame
        items = m.coping.items.enumerated().map { i, item in
            ItemLine(item: item.id, value: c.coping[i] >= 0 ? Int(c.coping[i]) : nil, weight: item.weight,
                     contribution: d.coping.contributions[i])
        }
        indicators = m.risk.indicators.enumerated().map { i, ind in
            IndicatorLine(indicator: ind.id,
                          value: c.risk[i] == ScreeningCase.gap ? nil : Counterfactual.rawValue(ind, Int(c.risk[i])),
                          points: d.risk.indicatorPoints[i], counted: m.risk.isCounted(i, frame: frame))
        }
        var rules: [RuleLine] = []
        let missing = d.missingSlots(m)
        func add(_ name: String, _ e: CompiledExpression) {
            rules.append(RuleLine(rule: name, fired: e.holds(frame), checks: e.trace(frame, missing: missing)))
        }
        for (i, ind) in m.risk.indicators.enumerated() {
            if let cw = ind.countedWhen, c.risk[i] != ScreeningCase.gap { add("counted:\(ind.id)", cw) }
        }
        for (i, marker) in m.risk.markers.enumerated() { add("marker:\(i + 1)", marker.condition) }
        for o in m.overrides { add("override:\(o.id)", o.condition) }
        for (i, u) in m.urgency.rules.enumerated() { add("urgency:\(m.urgency.levels.values[u.level])#\(i + 1)", u.condition) }
        for s in m.scope { add("scope:\(s.id)", s.condition) }
        for p in m.products {
            add("product:\(p.id)", p.eligibility)
            for (j, pr) in p.provisionRules.enumerated() { add("provision:\(p.id)#\(j + 1)", pr.condition) }
            for (j, u) in p.urgency.enumerated() { add("urgency:\(p.id)#\(j + 1)", u.condition) }
        }
        for r in m.referrals { add("referral:\(r.id)", r.condition) }
        for r in m.review.rules { add("review:\(r.id)", r.condition) }
        if let a = m.automatableWhen { add("automatable", a) }
        self.rules = rules
    }

    func write(into w: inout JSONWriter) {
        w.raw("{\"indicators\":[")
        for (i, l) in indicators.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"counted\":")
            w.bool(l.counted)
            w.raw(",\"indicator\":")
            w.string(l.indicator)
            w.raw(",\"points\":")
            w.int(l.points)
            w.raw(",\"value\":")
            switch l.value {
            case .int(let v)?: w.int(v)
            case .text(let s)?: w.string(s)
            case .bool(let b)?: w.bool(b)
            case nil: w.null()
            }
            w.raw("}")
        }
        w.raw("],\"items\":[")
        for (i, l) in items.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"contribution\":")
            w.decimal1(l.contribution)
            w.raw(",\"item\":")
            w.string(l.item)
            w.raw(",\"value\":")
            if let v = l.value { w.int(v) } else { w.null() }
            w.raw(",\"weight\":")
            w.double(l.weight)
            w.raw("}")
        }
        w.raw("],\"rules\":[")
        for (i, r) in rules.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"checks\":[")
            for (j, ch) in r.checks.enumerated() {
                if j > 0 { w.raw(",") }
                w.raw("{\"check\":")
                w.string(ch.check)
                w.raw(",\"result\":")
                if let b = ch.result { w.bool(b) } else { w.null() }
                w.raw("}")
            }
            w.raw("],\"fired\":")
            w.bool(r.fired)
            w.raw(",\"rule\":")
            w.string(r.rule)
            w.raw("}")
        }
        w.raw("]}")
    }
}
