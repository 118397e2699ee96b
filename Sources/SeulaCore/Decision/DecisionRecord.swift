import SeulaJSON

/// Writes a `Decision` as PROTOCOL.md's decision record: one JSON object, keys sorted at every
/// level, no whitespace, numbers in the one documented format (`DecimalFormat`). The same
/// decision always gives the same bytes.
///
/// This is the hot path of `serve` and `score`: every constant fragment (keys, ids, legal
/// bases) is escaped once when the writer is made, and each `because` is written from the
/// decision's frame by a `BecausePlan`, without building strings. Keys are written in sorted
/// order by hand; a test checks the output is canonical JSON.
public struct DecisionRecordWriter: Sendable {
    public let model: CriteriaModel
    private let products: [ProductFragments]
    private let overrides: [RuleFragments]
    private let referrals: [RuleFragments]
    private let modelBlock: [UInt8]
    private let levels: [[UInt8]]
    private let segments: [[UInt8]]
    private let urgencies: [[UInt8]]
    private let itemCodes: [[UInt8]]
    private let indicatorCodes: [[UInt8]]
    private let indicatorIDs: [[UInt8]]
    private let markers: [BecausePlan]
    private let reviewIDs: [[UInt8]]

    // Fragments are classes: reading one per service or rule in the record retains it once,
    // not each of its byte arrays.
    final class ProductFragments: Sendable {
        let head: [UInt8]        // {"automatable":…,"basis":"…","because":
        let middle: [UInt8]      // ,"home_based":…[,"need":"…"],"product":"…","provision":
        let eligibility: BecausePlan
        let notes: [(text: [UInt8], plan: BecausePlan)]

        init(head: [UInt8], middle: [UInt8], eligibility: BecausePlan, notes: [(text: [UInt8], plan: BecausePlan)]) {
            self.head = head
            self.middle = middle
            self.eligibility = eligibility
            self.notes = notes
        }
    }

    final class RuleFragments: Sendable {
        let head: [UInt8]
        let plan: BecausePlan
        let tail: [UInt8]

        init(head: [UInt8], plan: BecausePlan, tail: [UInt8]) {
            self.head = head
            self.plan = plan
            self.tail = tail
        }
    }

    public init(model m: CriteriaModel) {
        model = m
        let risk = m.slots.riskIndicators
        func esc(_ s: String) -> [UInt8] { JSONWriter.escapedContent(s) }
        func q(_ s: String) -> [UInt8] { [UInt8(ascii: "\"")] + esc(s) + [UInt8(ascii: "\"")] }
        products = m.products.map { p in
            ProductFragments(
                head: Array("{\"automatable\":\(p.automatable),\"basis\":".utf8) + q(p.basis) + Array(",\"because\":".utf8),
                middle: Array(",\"home_based\":\(p.homeBased)".utf8)
                    + (p.need.map { Array(",\"need\":".utf8) + q(m.routing.needOrder[$0]) } ?? [])
                    + Array(",\"product\":".utf8) + q(p.id) + Array(",\"provision\":".utf8),
                eligibility: BecausePlan(p.eligibility, riskSlots: risk),
                notes: p.notes.map { (esc($0.text + ": "), BecausePlan($0.condition, riskSlots: risk)) })
        }
        overrides = m.overrides.map { o in
            RuleFragments(head: Array("{\"basis\":".utf8) + q(o.basis) + Array(",\"because\":".utf8),
                          plan: BecausePlan(o.condition, riskSlots: risk),
                          tail: Array(",\"rule\":".utf8) + q(o.id) + Array(",\"to\":".utf8) + q(m.outcomeLevels.values[o.level]) + [UInt8(ascii: "}")])
        }
        referrals = m.referrals.map { r in
            RuleFragments(head: Array("{\"because\":".utf8), plan: BecausePlan(r.condition, riskSlots: risk),
                          tail: Array(",\"to\":".utf8) + q(r.id) + [UInt8(ascii: "}")])
        }
        modelBlock = Array(",\"model\":{\"id\":".utf8) + q(m.id) + Array(",\"sha256\":".utf8) + q(m.sha256)
            + Array(",\"version\":".utf8) + q(m.version) + Array("},\"ok\":true,\"outcome\":{".utf8)
        levels = m.outcomeLevels.values.map(q)
        segments = m.segments.domain.values.map(q)
        urgencies = m.urgency.levels.values.map(q)
        itemCodes = m.coping.items.map { q("coping.\($0.id)") }
        indicatorCodes = m.risk.indicators.map { q("risk.\($0.id)") }
        indicatorIDs = m.risk.indicators.map { q($0.id) }
        markers = m.risk.markers.map { BecausePlan($0.condition, riskSlots: risk) }
        reviewIDs = ReviewReason.builtinIDs.map(q) + m.review.rules.map { q($0.id) }
    }

    /// Appends the record. `request` is echoed as `"req"` when the answer is to a command;
    /// `trace` adds the full evaluation trace (`explain`).
    public func write(_ d: borrowing Decision, into w: inout JSONWriter, request: JSONValue? = nil, trace: DecisionTrace? = nil) {
        let m = model
        w.raw("{\"counterfactual\":[")
        for i in 0..<d.counterfactual.count {
            let move = d.counterfactual[i]
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            w.raw("{\"change\":[")
            for j in 0..<move.changes.count {
                let ch = move.changes[j]
                if j > 0 { w.raw(UInt8(ascii: ",")) }
                w.raw("{\"from\":")
                if let from = ch.from { reasonValue(from, &w) } else { w.null() }
                w.raw(",\"item\":")
                w.raw(ch.axis == .coping ? itemCodes[ch.index] : indicatorCodes[ch.index])
                w.raw(",\"to\":")
                reasonValue(ch.to, &w)
                w.raw(UInt8(ascii: "}"))
            }
            w.raw("],\"segment\":")
            w.raw(segments[move.segment])
            w.raw(UInt8(ascii: "}"))
        }
        w.raw("],\"id\":")
        w.string(d.caseID)
        w.raw(",\"margins\":{\"coping\":")
        if let c = d.coping.score { w.decimal1(c - m.coping.threshold) } else { w.null() }
        w.raw(",\"risk\":")
        if d.riskSide == .undetermined { w.null() } else { w.decimal1(d.risk.score - m.risk.threshold) }
        w.raw(UInt8(ascii: "}"))
        w.raw(modelBlock)
        if let automatable = d.automatable {
            w.raw(automatable ? "\"automatable\":true," : "\"automatable\":false,")
        }
        w.raw("\"computed\":")
        w.raw(levels[d.computedOutcome])
        w.raw(",\"level\":")
        w.raw(levels[d.finalOutcome])
        w.raw(",\"overrides\":[")
        for i in 0..<d.overrides.count {
            let f = overrides[d.overrides[i]]
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            w.raw(f.head)
            f.plan.writeArray(d.frame, gapMask: d.gapMask, into: &w)
            w.raw(f.tail)
        }
        w.raw("]}")
        if let p = d.pseudonym {
            w.raw(",\"pseudonym\":")
            w.string(p)
        }
        w.raw(",\"reasons\":[")
        writeReasons(d, &w)
        w.raw("],\"referrals\":[")
        for i in 0..<d.referrals.count {
            let f = referrals[d.referrals[i]]
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            w.raw(f.head)
            f.plan.writeArray(d.frame, gapMask: d.gapMask, into: &w)
            w.raw(f.tail)
        }
        w.raw(UInt8(ascii: "]"))
        if let request {
            w.raw(",\"req\":")
            w.echo(request)
        }
        w.raw(",\"review\":{\"reasons\":[")
        for i in 0..<d.review.count {
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            switch d.review[i] {
            case .nearThresholdCoping: w.raw(reviewIDs[0])
            case .nearThresholdRisk: w.raw(reviewIDs[1])
            case .insufficientScreening: w.raw(reviewIDs[2])
            case .registerGaps: w.raw(reviewIDs[3])
            case .rule(let k): w.raw(reviewIDs[4 + k])
            }
        }
        w.raw("],\"required\":")
        w.raw(d.review.isEmpty ? "false" : "true")
        w.raw("},\"scores\":{\"coping\":{\"answered\":")
        w.int(d.coping.answered)
        w.raw(",\"band\":")
        if let b = d.coping.band { w.string(b) } else { w.null() }
        w.raw(",\"value\":")
        if let c = d.coping.score { w.decimal1(c) } else { w.null() }
        w.raw("},\"risk\":{\"gaps\":[")
        for i in 0..<d.risk.gaps.count {
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            w.raw(indicatorIDs[d.risk.gaps[i]])
        }
        w.raw(UInt8(ascii: "]"))
        if m.risk.declaresMarkers {
            // The because texts of the severe markers that hold, in file order.
            w.raw(",\"high_by\":[")
            var first = true
            for k in d.riskMarkers { markers[k].writeElements(d.frame, gapMask: d.gapMask, into: &w, first: &first) }
            w.raw(UInt8(ascii: "]"))
        }
        if m.risk.scoreOverKnown {
            w.raw(",\"known\":")
            w.int(d.risk.known)
        }
        w.raw(",\"max\":")
        w.int(d.risk.maxPoints)
        w.raw(",\"points\":")
        w.int(d.risk.points)
        w.raw(",\"value\":")
        if d.riskSide == .undetermined { w.null() } else { w.decimal1(d.risk.score) }
        w.raw("}},\"segment\":")
        w.raw(segments[d.segment])
        w.raw(",\"services\":[")
        for i in 0..<d.services.count {
            let s = d.services[i]
            let f = products[s.product]
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            w.raw(f.head)
            w.raw(UInt8(ascii: "["))
            var first = true
            f.eligibility.writeElements(d.frame, gapMask: d.gapMask, into: &w, first: &first)
            for note in f.notes where note.plan.holds(d.frame) {
                if !first { w.raw(UInt8(ascii: ",")) }
                first = false
                w.raw(UInt8(ascii: "\""))
                w.raw(note.text)
                note.plan.writeJoined(d.frame, gapMask: d.gapMask, separator: Self.noteSeparator, into: &w)
                w.raw(UInt8(ascii: "\""))
            }
            w.raw(UInt8(ascii: "]"))
            w.raw(f.middle)
            w.string(s.provision)
            w.raw(",\"rank\":")
            w.int(s.rank)
            w.raw(",\"urgency\":")
            w.raw(urgencies[s.urgency])
            w.raw(UInt8(ascii: "}"))
        }
        w.raw(UInt8(ascii: "]"))
        if let trace {
            w.raw(",\"trace\":")
            trace.write(into: &w)
        }
        w.raw(",\"urgency\":")
        w.raw(urgencies[d.urgency])
        w.raw(UInt8(ascii: "}"))
    }

    /// The same, for a decision in place (the batch engine's arrays): an array element passed
    /// as an argument is copied first, which is a retain of every list in it.
    public func write(inPlace d: inout Decision, into w: inout JSONWriter) {
        write(d, into: &w)
    }

    static let noteSeparator: [UInt8] = Array(", ".utf8)

    /// The record as bytes (no trailing newline).
    public func bytes(_ d: Decision, request: JSONValue? = nil, trace: DecisionTrace? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 4096)
        write(d, into: &w, request: request, trace: trace)
        return w.bytes
    }

    /// Reasons with one-decimal contributions; the rest entry makes the figures add up
    /// (`Decision.printedContributions`).
    private func writeReasons(_ d: borrowing Decision, _ w: inout JSONWriter) {
        var listed = (coping: 0.0, risk: 0.0)
        for i in 0..<d.reasons.count {
            let r = d.reasons[i]
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            w.raw(r.axis == .coping ? "{\"axis\":\"coping\",\"code\":" : "{\"axis\":\"risk\",\"code\":")
            let printed: Double
            if r.isRest {
                w.raw(r.axis == .coping ? "\"coping.rest\"" : "\"risk.rest\"")
                let score = r.axis == .coping ? (d.coping.score ?? 0) : d.risk.score
                printed = DecimalFormat.round1(DecimalFormat.round1(score) - (r.axis == .coping ? listed.coping : listed.risk))
            } else {
                w.raw(r.axis == .coping ? itemCodes[r.index] : indicatorCodes[r.index])
                printed = DecimalFormat.round1(r.contribution)
                if r.axis == .coping { listed.coping += printed } else { listed.risk += printed }
            }
            w.raw(",\"contribution\":")
            w.decimal1(printed)
            w.raw(",\"value\":")
            reasonValue(r.value, &w)
            w.raw(UInt8(ascii: "}"))
        }
    }

    private func reasonValue(_ v: ReasonValue, _ w: inout JSONWriter) {
        switch v {
        case .int(let i): w.int(i)
        case .text(let s): w.string(s)
        case .bool(let b): w.raw(b ? "true" : "false")
        }
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
            w.echo(request)
        }
        w.raw(UInt8(ascii: "}"))
    }

    public static func bytes(_ e: CaseError, id: String?, line: Int?, request: JSONValue? = nil) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        write(e, id: id, line: line, request: request, into: &w)
        return w.bytes
    }
}
