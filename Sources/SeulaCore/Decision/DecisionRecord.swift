import SeulaJSON

/// Writes a `Decision` as PROTOCOL.md's decision record: one JSON object, keys sorted at every
/// level, no whitespace, numbers in the one documented format (`DecimalFormat`). The same
/// decision always gives the same bytes.
///
/// The keys below are written in sorted order by hand (a test checks the output is canonical),
/// because this is the hot path of `serve` and `score`.
public struct DecisionRecordWriter: Sendable {
    public let model: CriteriaModel

    public init(model: CriteriaModel) {
        self.model = model
    }

    /// Appends the record. `request` is echoed as `"req"` when the answer is to a command;
    /// `trace` adds the full evaluation trace (`explain`).
    public func write(_ d: Decision, into w: inout JSONWriter, request: JSONValue? = nil, trace: DecisionTrace? = nil) {
        let m = model
        w.raw("{\"counterfactual\":[")
        for (i, move) in d.counterfactual.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"change\":[")
            for (j, ch) in move.changes.enumerated() {
                if j > 0 { w.raw(",") }
                w.raw("{\"from\":")
                if let from = ch.from { reasonValue(from, &w) } else { w.null() }
                w.raw(",\"item\":")
                w.string(ch.field)
                w.raw(",\"to\":")
                reasonValue(ch.to, &w)
                w.raw("}")
            }
            w.raw("],\"segment\":")
            w.string(m.segments.domain.values[move.segment])
            w.raw("}")
        }
        w.raw("],\"id\":")
        w.string(d.caseID)
        w.raw(",\"margins\":{\"coping\":")
        if let c = d.coping.score { w.decimal1(c - m.coping.threshold) } else { w.null() }
        w.raw(",\"risk\":")
        w.decimal1(d.risk.score - m.risk.threshold)
        w.raw("},\"model\":{\"id\":")
        w.string(m.id)
        w.raw(",\"sha256\":")
        w.string(m.sha256)
        w.raw(",\"version\":")
        w.string(m.version)
        w.raw("},\"ok\":true,\"outcome\":{\"computed\":")
        w.string(m.outcomeLevels.values[d.computedOutcome])
        w.raw(",\"level\":")
        w.string(m.outcomeLevels.values[d.finalOutcome])
        w.raw(",\"overrides\":[")
        for (i, o) in d.overrides.enumerated() {
            let rule = m.overrides[o.index]
            if i > 0 { w.raw(",") }
            w.raw("{\"basis\":")
            w.string(rule.basis)
            w.raw(",\"because\":")
            strings(o.because, &w)
            w.raw(",\"rule\":")
            w.string(rule.id)
            w.raw(",\"to\":")
            w.string(m.outcomeLevels.values[rule.level])
            w.raw("}")
        }
        w.raw("]}")
        if let p = d.pseudonym {
            w.raw(",\"pseudonym\":")
            w.string(p)
        }
        w.raw(",\"reasons\":[")
        writeReasons(d, &w)
        w.raw("],\"referrals\":[")
        for (i, r) in d.referrals.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"because\":")
            strings(r.because, &w)
            w.raw(",\"to\":")
            w.string(m.referrals[r.index].id)
            w.raw("}")
        }
        w.raw("]")
        if let request {
            w.raw(",\"req\":")
            w.value(request)
        }
        w.raw(",\"review\":{\"reasons\":[")
        for (i, r) in d.review.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(r.rawValue)
        }
        w.raw("],\"required\":")
        w.bool(!d.review.isEmpty)
        w.raw("},\"scores\":{\"coping\":{\"answered\":")
        w.int(d.coping.answered)
        w.raw(",\"band\":")
        if let b = d.coping.band { w.string(b) } else { w.null() }
        w.raw(",\"value\":")
        if let c = d.coping.score { w.decimal1(c) } else { w.null() }
        w.raw("},\"risk\":{\"gaps\":[")
        for (i, g) in d.risk.gaps.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(m.risk.indicators[g].id)
        }
        w.raw("],\"max\":")
        w.int(d.risk.maxPoints)
        w.raw(",\"points\":")
        w.int(d.risk.points)
        w.raw(",\"value\":")
        w.decimal1(d.risk.score)
        w.raw("}},\"segment\":")
        w.string(m.segments.domain.values[d.segment])
        w.raw(",\"services\":[")
        for (i, s) in d.services.enumerated() {
            let p = m.products[s.product]
            if i > 0 { w.raw(",") }
            w.raw("{\"automatable\":")
            w.bool(p.automatable)
            w.raw(",\"basis\":")
            w.string(p.basis)
            w.raw(",\"because\":")
            strings(s.because, &w)
            w.raw(",\"home_based\":")
            w.bool(p.homeBased)
            w.raw(",\"product\":")
            w.string(p.id)
            w.raw(",\"provision\":")
            w.string(s.provision)
            w.raw(",\"rank\":")
            w.int(s.rank)
            w.raw(",\"urgency\":")
            w.string(m.urgency.levels.values[s.urgency])
            w.raw("}")
        }
        w.raw("]")
        if let trace {
            w.raw(",\"trace\":")
            trace.write(into: &w)
        }
        w.raw(",\"urgency\":")
        w.string(m.urgency.levels.values[d.urgency])
        w.raw("}")
    }

    /// The record as bytes (no trailing newline).
    public func bytes(_ d: Decision, request: JSONValue? = nil, trace: DecisionTrace? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 2048)
        write(d, into: &w, request: request, trace: trace)
        return w.bytes
    }

    private func writeReasons(_ d: Decision, _ w: inout JSONWriter) {
        let printed = d.printedContributions
        for (i, r) in d.reasons.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{\"axis\":")
            w.string(r.axis.rawValue)
            w.raw(",\"code\":")
            w.string(r.code)
            w.raw(",\"contribution\":")
            w.decimal1(printed[i])
            w.raw(",\"value\":")
            reasonValue(r.value, &w)
            w.raw("}")
        }
    }

    private func reasonValue(_ v: ReasonValue, _ w: inout JSONWriter) {
        switch v {
        case .int(let i): w.int(i)
        case .text(let s): w.string(s)
        case .bool(let b): w.bool(b)
        }
    }

    private func strings(_ xs: [String], _ w: inout JSONWriter) {
        w.raw("[")
        for (i, s) in xs.enumerated() {
            if i > 0 { w.raw(",") }
            w.string(s)
        }
        w.raw("]")
    }
}

/// Writes an error answer: `{"error":{"code","message","path"},"id":…,"line":…,"ok":false}`.
public enum ErrorRecordWriter {
    public static func write(_ e: CaseError, id: String?, line: Int?, request: JSONValue? = nil, into w: inout JSONWriter) {
        w.raw("{\"error\":{\"code\":")
        w.string(e.code.rawValue)
        w.raw(",\"message\":")
        w.string(e.message)
        w.raw(",\"path\":")
        w.string(e.path)
        w.raw("},\"id\":")
        if let id { w.string(id) } else { w.null() }
        if let line {
            w.raw(",\"line\":")
            w.int(line)
        }
        w.raw(",\"ok\":false")
        if let request {
            w.raw(",\"req\":")
            w.value(request)
        }
        w.raw("}")
    }

    public static func bytes(_ e: CaseError, id: String?, line: Int?, request: JSONValue? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        write(e, id: id, line: line, request: request, into: &w)
        return w.bytes
    }
}
