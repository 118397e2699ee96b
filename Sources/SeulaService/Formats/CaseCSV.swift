import SeulaCore
import SeulaJSON

/// Cases as CSV: one row per case, columns named by field path (`id`, `age`,
/// `coping.paying_bills`, `risk.housing`, `flags.care_leaver`, `household.children`,
/// `label.segment`, …), as RFC 4180 (comma-separated, `"` quoting with `""` inside quotes).
///
/// A row becomes the same JSON object a JSON-lines client would send, so CSV and JSONL input
/// give byte-identical decisions. Values are typed by the column: an empty cell is absent;
/// integer fields take `-?[0-9]+`, true/false fields take `true`/`false`; anything else is
/// passed on as text, so the validator reports it (`invalid_type` at that field). Label
/// columns (`label.*`) are kept for the evaluators and ignored by scoring.
///
/// Limitation: a quoted field may not contain a line break (each record is one line).
public struct CaseCSVReader: Sendable {
    public enum Kind: Sendable { case text, integer, boolean, textList, number }

    public struct Column: Sendable {
        public var path: [String]
        public var kind: Kind
    }

    public let columns: [Column]

    /// Reads the header row. Unknown columns are an error unless they are `label.*` columns
    /// (or `--strict` is off, in which case they are carried as text and ignored by scoring).
    public init(header: [String], model: CriteriaModel, strict: Bool = false) throws(CaseError) {
        var columns: [Column] = []
        var seen = Set<String>()
        for name in header {
            let trimmed = name.trimmingSpaces
            guard seen.insert(trimmed).inserted else {
                throw CaseError(.invalidCSV, path: trimmed, "the CSV header names column '\(trimmed)' twice")
            }
            let path = trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !trimmed.isEmpty, path.allSatisfy({ !$0.isEmpty }), path.count <= 2 else {
                throw CaseError(.invalidCSV, path: trimmed, "CSV column '\(trimmed)' is not a field path such as coping.paying_bills")
            }
            let kind = Self.kind(of: path, model: model)
            if kind == nil && strict {
                throw CaseError(.unknownField, path: trimmed, "CSV column '\(trimmed)' is not a field of the case (strict mode)")
            }
            columns.append(Column(path: path, kind: kind ?? .text))
        }
        guard columns.contains(where: { $0.path == ["id"] }) else {
            throw CaseError(.missingField, path: "id", "the CSV header has no 'id' column")
        }
        self.columns = columns
    }

    static func kind(of path: [String], model: CriteriaModel) -> Kind? {
        switch path.count {
        case 1:
            switch path[0] {
            case "id", "hetu", "assessed_on", "municipality", "language": return .text
            case "age": return .integer
            default: return nil
            }
        default:
            let (group, field) = (path[0], path[1])
            switch group {
            case "household":
                switch field {
                case "children", "youngest_child_age": return .integer
                case "expecting", "single_parent": return .boolean
                default: return nil
                }
            case "coping":
                return model.coping.items.contains { $0.id == field } ? .integer : nil
            case "risk":
                guard let ind = model.risk.indicators.first(where: { $0.id == field }) else { return nil }
                switch ind.kind {
                case .integer: return .integer
                case .enumeration: return .text
                case .boolean: return .boolean
                }
            case "flags":
                return model.flags.contains { $0.id == field } ? .boolean : nil
            case "label":
                switch field {
                case "outcome_12m": return .integer
                case "services": return .textList
                case "segment", "outcome": return .text
                default: return .text
                }
            default:
                return nil
            }
        }
    }

    /// The case object for one row of fields (already split). A row with the wrong number of
    /// fields is an error for that row only.
    public func object(_ fields: [String]) -> Result<JSONValue, CaseError> {
        guard fields.count == columns.count else {
            return .failure(CaseError(.invalidCSV, path: "", "the CSV row has \(fields.count) fields; the header has \(columns.count)"))
        }
        var top: [(key: String, value: JSONValue)] = []
        var groups: [String: [(key: String, value: JSONValue)]] = [:]
        var groupOrder: [String] = []
        for (column, cell) in zip(columns, fields) {
            guard !cell.isEmpty else { continue }
            let value = Self.value(cell, column.kind)
            if column.path.count == 1 {
                top.append((column.path[0], value))
            } else {
                if groups[column.path[0]] == nil { groupOrder.append(column.path[0]) }
                groups[column.path[0], default: []].append((column.path[1], value))
            }
        }
        for g in groupOrder { top.append((g, .object(JSONObject(groups[g]!)))) }
        return .success(.object(JSONObject(top)))
    }

    static func value(_ cell: String, _ kind: Kind) -> JSONValue {
        switch kind {
        case .text:
            return .string(cell)
        case .integer:
            if let i = Int64(cell) { return .number(JSONNumber(isInteger: true, int64: i, double: Double(i))) }
            if cell.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }), let d = Double(cell) {
                return .number(JSONNumber(isInteger: true, int64: nil, double: d))   // too large: out_of_range
            }
            if let d = Double(cell), d.isFinite { return .number(JSONNumber(d)) }   // 30.0 → invalid_type
            return .string(cell)
        case .number:
            if let d = Double(cell), d.isFinite { return .number(JSONNumber(d)) }
            return .string(cell)
        case .boolean:
            switch cell {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .string(cell)
            }
        case .textList:
            return .array(cell.split(separator: ";").map { .string(String($0).trimmingSpaces) })
        }
    }

    /// Splits one CSV record into fields (RFC 4180 quoting). nil when a quote is not closed or
    /// the row is not valid UTF-8 (never silently replaced).
    public static func fields(_ line: UnsafeRawBufferPointer) -> [String]? {
        guard String(validating: line, as: UTF8.self) != nil else { return nil }
        var out: [String] = []
        var field: [UInt8] = []
        var i = 0
        let n = line.count
        var quoted = false
        var atFieldStart = true
        while i < n {
            let c = line[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < n, line[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 2; continue }
                    quoted = false
                } else {
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\"") && atFieldStart {
                quoted = true
            } else if c == UInt8(ascii: ",") {
                out.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                atFieldStart = true
                i += 1
                continue
            } else {
                field.append(c)
            }
            atFieldStart = false
            i += 1
        }
        if quoted { return nil }
        out.append(String(decoding: field, as: UTF8.self))
        return out
    }
}

/// Writes CSV fields, quoting only where needed.
public enum CSVField {
    public static func append(_ s: String, to out: inout [UInt8]) {
        let needsQuotes = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes {
            out.append(contentsOf: s.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\u{FEFF}" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
