import SeulaCore
import SeulaJSON

/// The answer to `{"op":"model"}` (and `seula model check --json`): what a client needs to know
/// about the criteria in force — id, version, sha256, dates, thresholds, and every id it may send
/// or receive.
public enum ModelDescription {
    public static func value(_ m: CriteriaModel) -> JSONValue {
        func s(_ x: String) -> JSONValue { .string(x) }
        func n(_ x: Double) -> JSONValue { .number(JSONNumber(x)) }
        func i(_ x: Int) -> JSONValue { .number(JSONNumber(x)) }
        func list(_ xs: [String]) -> JSONValue { .array(xs.map(s)) }
        return .object(JSONObject([
            ("id", s(m.id)),
            ("version", s(m.version)),
            ("sha256", s(m.sha256)),
            ("effective_from", s(m.effectiveFrom.description)),
            ("effective_to", m.effectiveTo.map { s($0.description) } ?? .null),
            ("thresholds", .object(JSONObject([
                ("coping", n(m.coping.threshold)),
                ("risk", n(m.risk.threshold)),
                ("near_band", n(m.segments.nearBand)),
                ("coping_min_answered", i(m.coping.minAnswered)),
                ("risk_gap_review_at", i(m.risk.gapReviewAt)),
            ] + (m.risk.undeterminedAtGaps.map { [("risk_undetermined_at_gaps", i($0))] } ?? [])))),
            ("items", list(m.coping.items.map(\.id))),
            ("indicators", list(m.risk.indicators.map(\.id))),
            ("flags", list(m.flags.map(\.id))),
            ("segments", list(m.segments.domain.values)),
            ("outcome_levels", list(m.outcomeLevels.values)),
            ("overrides", list(m.overrides.map(\.id))),
            ("referrals", list(m.referrals.map(\.id))),
            ("products", list(m.products.map(\.id))),
        ]))
    }

    /// The answer to `{"op":"model"}`: the newest version in full, and every loaded version's
    /// id, version, sha256 and in-force dates (a case's `assessed_on` picks one of them).
    public static func bytes(_ criteria: CriteriaSet, req: JSONValue?) -> [UInt8] {
        let versions: [JSONValue] = criteria.models.map { m in
            .object(JSONObject([("id", .string(m.id)), ("version", .string(m.version)), ("sha256", .string(m.sha256)),
                                ("effective_from", .string(m.effectiveFrom.description)),
                                ("effective_to", m.effectiveTo.map { .string($0.description) } ?? .null)]))
        }
        // Keys in sorted order: model, ok, req (echoed as the client wrote it), versions.
        var w = JSONWriter(capacity: 4096)
        w.raw("{\"model\":")
        w.value(value(criteria.newest))
        w.raw(",\"ok\":true")
        if let req {
            w.raw(",\"req\":")
            w.echo(req)
        }
        w.raw(",\"versions\":")
        w.value(.array(versions))
        w.raw("}")
        return w.bytes
    }

    public static func bytes(_ m: CriteriaModel, req: JSONValue?) -> [UInt8] {
        var members: [(key: String, value: JSONValue)] = [("ok", .bool(true)), ("model", value(m))]
        if let req { members.append(("req", req)) }
        return JSONValue.object(JSONObject(members)).canonicalBytes
    }
}
