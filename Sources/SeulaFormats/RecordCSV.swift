import SeulaCore
import SeulaJSON

/// A column of `seula score`'s CSV output. Every accessor is an exhaustive `switch`, so a field
/// added here without saying how it is read from a decision, from a record, which decision step
/// it needs and what kind of cell it is does not compile.
public enum RecordField: String, CaseIterable, Sendable {
    case id, ok, line, error, error_path, error_message, segment, outcome, outcome_computed
    case overrides, urgency, coping, coping_band, coping_answered, risk, risk_points, gaps
    case margin_coping, margin_risk, services, referrals, review, review_required, automatable
    case pseudonym, model_version

    /// Text, a decimal number (written with the dialect's decimal separator) or a list (joined
    /// with the dialect's list separator).
    public enum Kind: Sendable { case text, decimal, list }

    /// A cell's content before the dialect writes it.
    enum Cell {
        case one(String)
        case list([String])
    }

    public var kind: Kind {
        switch self {
        case .coping, .risk, .margin_coping, .margin_risk: return .decimal
        case .overrides, .gaps, .services, .referrals, .review: return .list
        case .id, .ok, .line, .error, .error_path, .error_message, .segment, .outcome, .outcome_computed, .urgency,
             .coping_band, .coping_answered, .risk_points, .review_required, .automatable, .pseudonym, .model_version:
            return .text
        }
    }

    /// The last decision step the column needs (`DecisionStep`): the fast path stops there, so
    /// columns of the segment and outcome alone skip routing, review and explaining altogether.
    public var step: DecisionStep {
        switch self {
        case .urgency: return .urgency
        case .services, .referrals: return .services
        case .review, .review_required: return .review
        case .automatable: return .finish
        case .id, .ok, .line, .error, .error_path, .error_message, .segment, .outcome, .outcome_computed, .overrides,
             .coping, .coping_band, .coping_answered, .risk, .risk_points, .gaps, .margin_coping, .margin_risk,
             .pseudonym, .model_version:
            return .outcome
        }
    }

    /// The cell straight from a decision.
    func cell(_ d: borrowing Decision, _ m: CriteriaModel, _ line: Int) -> Cell {
        func decimal(_ x: Double) -> String { DecimalFormat.oneDecimal(x) }
        switch self {
        case .id: return .one(d.caseID)
        case .ok: return .one("true")
        case .line: return .one(String(line))
        case .error, .error_path, .error_message: return .one("")
        case .segment: return .one(m.segments.domain.values[d.segment])
        case .outcome: return .one(m.outcomeLevels.values[d.finalOutcome])
        case .outcome_computed: return .one(m.outcomeLevels.values[d.computedOutcome])
        case .overrides: return .list(d.overrides.map { m.overrides[$0].id })
        case .urgency: return .one(m.urgency.levels.values[d.urgency])
        case .coping: return .one(d.coping.score.map(decimal) ?? "")
        case .coping_band: return .one(d.coping.band ?? "")
        case .coping_answered: return .one(String(d.coping.answered))
        case .risk: return .one(d.riskSide == .undetermined ? "" : decimal(d.risk.score))
        case .risk_points: return .one(String(d.risk.points))
        case .gaps: return .list(d.risk.gaps.map { m.risk.indicators[$0].id })
        case .margin_coping: return .one(d.coping.score.map { decimal($0 - m.coping.threshold) } ?? "")
        case .margin_risk: return .one(d.riskSide == .undetermined ? "" : decimal(d.risk.score - m.risk.threshold))
        case .services: return .list(d.services.map { m.products[$0.product].id })
        case .referrals: return .list(d.referrals.map { m.referrals[$0].id })
        case .review: return .list(d.reviewIDs(m))
        case .review_required: return .one(d.review.isEmpty ? "false" : "true")
        case .automatable: return .one(d.automatable.map { $0 ? "true" : "false" } ?? "")
        case .pseudonym: return .one(d.pseudonym ?? "")
        case .model_version: return .one(m.version)
        }
    }

    /// The cell from an answer line (a decision record or an error answer).
    func cell(_ v: JSONValue, _ line: Int) -> Cell {
        func text(_ x: JSONValue?) -> String {
            switch x {
            case .string(let s)?: return s
            case .number(let n)?: return n.isInteger ? n.description : DecimalFormat.oneDecimal(n.double)
            case .bool(let b)?: return b ? "true" : "false"
            default: return ""
            }
        }
        func list(_ x: JSONValue?, _ key: String?) -> [String] {
            (x?.arrayValue ?? []).map { element in key.map { text(element[$0]) } ?? text(element) }
        }
        switch self {
        case .id: return .one(text(v["id"]))
        case .ok: return .one(text(v["ok"]))
        case .line: return .one(v["line"].map { text($0) } ?? String(line))
        case .error: return .one(text(v["error"]?["code"]))
        case .error_path: return .one(text(v["error"]?["path"]))
        case .error_message: return .one(text(v["error"]?["message"]))
        case .segment: return .one(text(v["segment"]))
        case .outcome: return .one(text(v["outcome"]?["level"]))
        case .outcome_computed: return .one(text(v["outcome"]?["computed"]))
        case .overrides: return .list(list(v["outcome"]?["overrides"], "rule"))
        case .urgency: return .one(text(v["urgency"]))
        case .coping: return .one(text(v["scores"]?["coping"]?["value"]))
        case .coping_band: return .one(text(v["scores"]?["coping"]?["band"]))
        case .coping_answered: return .one(text(v["scores"]?["coping"]?["answered"]))
        case .risk: return .one(text(v["scores"]?["risk"]?["value"]))
        case .risk_points: return .one(text(v["scores"]?["risk"]?["points"]))
        case .gaps: return .list(list(v["scores"]?["risk"]?["gaps"], nil))
        case .margin_coping: return .one(text(v["margins"]?["coping"]))
        case .margin_risk: return .one(text(v["margins"]?["risk"]))
        case .services: return .list(list(v["services"], "product"))
        case .referrals: return .list(list(v["referrals"], "to"))
        case .review: return .list(list(v["review"]?["reasons"], nil))
        case .review_required: return .one(text(v["review"]?["required"]))
        case .automatable: return .one(text(v["outcome"]?["automatable"]))
        case .pseudonym: return .one(text(v["pseudonym"]))
        case .model_version: return .one(text(v["model"]?["version"]))
        }
    }
}

/// Decisions as CSV rows (`seula score … -o out.csv`): one row per input record, columns chosen
/// with `--fields`, in a dialect (`--csv comma|excel`). Lists (services, referrals, overrides,
/// review reasons, gaps) are joined with the dialect's list separator; services in rank order.
/// An error row has `ok` false and the error columns set. Cells are written by `CSVField`, so a
/// text a spreadsheet would run as a formula is neutralised.
public struct RecordCSV: Sendable {
    /// Every column's name: the enum's raw values, the one list of them.
    public static let allFields = RecordField.allCases.map(\.rawValue)
    /// The columns without `--fields`.
    public static let defaultColumns: [RecordField] = [.id, .ok, .segment, .outcome, .urgency, .coping, .risk, .services, .referrals, .review, .error]
    public static let defaultFields = defaultColumns.map(\.rawValue)

    public let columns: [RecordField]
    public let dialect: CSVDialect
    public var fields: [String] { columns.map(\.rawValue) }

    /// The unknown name (in `path`) when a field is not one of `allFields`.
    public init(fields: [String], dialect: CSVDialect = .comma) throws(CaseError) {
        var columns: [RecordField] = []
        for f in fields {
            guard let c = RecordField(rawValue: f) else {
                throw CaseError(.invalidCSV, path: f, "unknown output field '\(f)'; known: \(Self.allFields.joined(separator: ","))")
            }
            columns.append(c)
        }
        self.init(columns: columns, dialect: dialect)
    }

    public init(columns: [RecordField], dialect: CSVDialect = .comma) {
        self.columns = columns
        self.dialect = dialect
    }

    /// The last decision step a column needs.
    public var lastStep: DecisionStep {
        columns.map(\.step).max { $0.rawValue < $1.rawValue } ?? .outcome
    }

    /// The bytes before the first row: a byte-order mark where the dialect has one, and the
    /// header.
    public var header: [UInt8] {
        var out: [UInt8] = dialect.byteOrderMark ? CSVDialect.byteOrderMarkBytes : []
        for (i, f) in columns.enumerated() {
            if i > 0 { out.append(dialect.delimiter) }
            CSVField.append(f.rawValue, to: &out, dialect: dialect)
        }
        out += dialect.lineEnd
        return out
    }

    /// One row (with its line end) for an answer line.
    public func row(_ answer: UnsafeRawBufferPointer, lineNumber: Int) -> [UInt8] {
        let v = (try? JSONReader.parse(answer)) ?? .null
        var out: [UInt8] = []
        for (i, f) in columns.enumerated() {
            if i > 0 { out.append(dialect.delimiter) }
            append(f, f.cell(v, lineNumber), to: &out)
        }
        out += dialect.lineEnd
        return out
    }

    /// One row (with its line end) straight from a decision, without writing and re-reading its
    /// record: the same cells as `row(_:lineNumber:)` gives for the decision's record (a test
    /// compares the two on every column).
    public func row(_ d: borrowing Decision, model m: CriteriaModel, lineNumber: Int, into out: inout [UInt8]) {
        for (i, f) in columns.enumerated() {
            if i > 0 { out.append(dialect.delimiter) }
            append(f, f.cell(d, m, lineNumber), to: &out)
        }
        out += dialect.lineEnd
    }

    private func append(_ f: RecordField, _ cell: RecordField.Cell, to out: inout [UInt8]) {
        switch cell {
        case .one(let s):
            if f.kind == .decimal && dialect.decimalComma {
                CSVField.append(String(s.map { $0 == "." ? "," : $0 }), to: &out, dialect: dialect)
            } else {
                CSVField.append(s, to: &out, dialect: dialect)
            }
        case .list(let items):
            CSVField.append(items.joined(separator: dialect.listSeparator), to: &out, dialect: dialect)
        }
    }
}
