import SeulaCore
import SeulaJSON
import SeulaService

/// Decisions as CSV rows (`seula score … -o out.csv`): one row per input line, columns chosen
/// with `--fields`. Lists (services, referrals, overrides, review reasons, gaps) are joined
/// with `;`; services in rank order. An error row has `ok` false and the error columns set.
public struct RecordCSV: Sendable {
    public static let allFields = [
        "id", "ok", "line", "error", "error_path", "error_message", "segment", "outcome", "outcome_computed",
        "overrides", "urgency", "coping", "coping_band", "coping_answered", "risk", "risk_points", "gaps",
        "margin_coping", "margin_risk", "services", "referrals", "review", "review_required", "automatable",
        "pseudonym", "model_version",
    ]
    public static let defaultFields = ["id", "ok", "segment", "outcome", "urgency", "coping", "risk", "services", "referrals", "review", "error"]

    public let fields: [String]

    /// nil and the unknown names when a field is not one of `allFields`.
    public init(fields: [String]) throws(CaseError) {
        for f in fields where !Self.allFields.contains(f) {
            throw CaseError(.invalidCSV, path: f, "unknown output field '\(f)'; known: \(Self.allFields.joined(separator: ","))")
        }
        self.fields = fields
    }

    /// The last decision step a column needs (`DecisionStep`): the fast path stops there, so
    /// columns of the segment and outcome alone skip routing, review and explaining altogether.
    public var lastStep: DecisionStep {
        var last = DecisionStep.outcome
        for f in fields {
            let step: DecisionStep
            switch f {
            case "urgency": step = .urgency
            case "services", "referrals": step = .services
            case "review", "review_required": step = .review
            case "automatable": step = .finish
            default: step = .outcome
            }
            if step.rawValue > last.rawValue { last = step }
        }
        return last
    }

    public var header: [UInt8] {
        var out: [UInt8] = []
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CSVField.append(f, to: &out)
        }
        out.append(0x0A)
        return out
    }

    /// One row (with its newline) for an answer line.
    public func row(_ answer: UnsafeRawBufferPointer, lineNumber: Int) -> [UInt8] {
        let v = (try? JSONReader.parse(answer)) ?? .null
        var out: [UInt8] = []
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CSVField.append(cell(f, v, lineNumber), to: &out)
        }
        out.append(0x0A)
        return out
    }

    /// One row (with its newline) straight from a decision, without writing and re-reading its
    /// record: the same cells as `row(_:lineNumber:)` gives for the decision's record (a test
    /// compares the two on every column).
    public func row(_ d: borrowing Decision, model m: CriteriaModel, lineNumber: Int, into out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CSVField.append(cell(f, d, m, lineNumber), to: &out)
        }
        out.append(0x0A)
    }

    func cell(_ field: String, _ d: borrowing Decision, _ m: CriteriaModel, _ line: Int) -> String {
        func decimal(_ x: Double) -> String { DecimalFormat.oneDecimal(x) }
        switch field {
        case "id": return d.caseID
        case "ok": return "true"
        case "line": return String(line)
        case "error", "error_path", "error_message": return ""
        case "segment": return m.segments.domain.values[d.segment]
        case "outcome": return m.outcomeLevels.values[d.finalOutcome]
        case "outcome_computed": return m.outcomeLevels.values[d.computedOutcome]
        case "overrides": return d.overrides.map { m.overrides[$0].id }.joined(separator: ";")
        case "urgency": return m.urgency.levels.values[d.urgency]
        case "coping": return d.coping.score.map(decimal) ?? ""
        case "coping_band": return d.coping.band ?? ""
        case "coping_answered": return String(d.coping.answered)
        case "risk": return d.riskSide == .undetermined ? "" : decimal(d.risk.score)
        case "risk_points": return String(d.risk.points)
        case "gaps": return d.risk.gaps.map { m.risk.indicators[$0].id }.joined(separator: ";")
        case "margin_coping": return d.coping.score.map { decimal($0 - m.coping.threshold) } ?? ""
        case "margin_risk": return d.riskSide == .undetermined ? "" : decimal(d.risk.score - m.risk.threshold)
        case "services": return d.services.map { m.products[$0.product].id }.joined(separator: ";")
        case "referrals": return d.referrals.map { m.referrals[$0].id }.joined(separator: ";")
        case "review": return d.reviewIDs(m).joined(separator: ";")
        case "review_required": return d.review.isEmpty ? "false" : "true"
        case "automatable": return d.automatable.map { $0 ? "true" : "false" } ?? ""
        case "pseudonym": return d.pseudonym ?? ""
        case "model_version": return m.version
        default: return ""
        }
    }

    func cell(_ field: String, _ v: JSONValue, _ line: Int) -> String {
        func text(_ x: JSONValue?) -> String {
            switch x {
            case .string(let s)?: return s
            case .number(let n)?: return n.isInteger ? n.description : DecimalFormat.oneDecimal(n.double)
            case .bool(let b)?: return b ? "true" : "false"
            default: return ""
            }
        }
        func list(_ x: JSONValue?, _ key: String?) -> String {
            (x?.arrayValue ?? []).map { element in key.map { text(element[$0]) } ?? text(element) }.joined(separator: ";")
        }
        switch field {
        case "id": return text(v["id"])
        case "ok": return text(v["ok"])
        case "line": return v["line"].map { text($0) } ?? String(line)
        case "error": return text(v["error"]?["code"])
        case "error_path": return text(v["error"]?["path"])
        case "error_message": return text(v["error"]?["message"])
        case "segment": return text(v["segment"])
        case "outcome": return text(v["outcome"]?["level"])
        case "outcome_computed": return text(v["outcome"]?["computed"])
        case "overrides": return list(v["outcome"]?["overrides"], "rule")
        case "urgency": return text(v["urgency"])
        case "coping": return text(v["scores"]?["coping"]?["value"])
        case "coping_band": return text(v["scores"]?["coping"]?["band"])
        case "coping_answered": return text(v["scores"]?["coping"]?["answered"])
        case "risk": return text(v["scores"]?["risk"]?["value"])
        case "risk_points": return text(v["scores"]?["risk"]?["points"])
        case "gaps": return list(v["scores"]?["risk"]?["gaps"], nil)
        case "margin_coping": return text(v["margins"]?["coping"])
        case "margin_risk": return text(v["margins"]?["risk"])
        case "services": return list(v["services"], "product")
        case "referrals": return list(v["referrals"], "to")
        case "review": return list(v["review"]?["reasons"], nil)
        case "review_required": return text(v["review"]?["required"])
        case "automatable": return text(v["outcome"]?["automatable"])
        case "pseudonym": return text(v["pseudonym"])
        case "model_version": return text(v["model"]?["version"])
        default: return ""
        }
    }
}
