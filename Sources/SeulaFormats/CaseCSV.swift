import SeulaCore
import SeulaJSON

/// Cases as CSV: one record per case, columns named by field path (`id`, `age`,
/// `coping.paying_bills`, `risk.housing`, `flags.care_leaver`, `household.children`,
/// `label.segment`, …), as RFC 4180: `"` quoting with `""` inside quotes, and a quoted field may
/// hold line breaks (`CSVRecordSplitter` joins its lines into one record). The separator is the
/// header's (`,` `;` or tab, sniffed).
///
/// A record becomes the same JSON object a JSON-lines client would send, so CSV and JSONL input
/// give byte-identical decisions. Values are typed by the column: an empty cell is absent;
/// integer fields take `-?[0-9]+`; true/false fields take `true`/`false` in any case, `1`/`0`,
/// and Excel's Finnish and Swedish words (`TOSI`/`EPÄTOSI`, `SANT`/`FALSKT`); anything else is
/// passed on as text, so the validator reports it (`invalid_type` at that field). Label columns
/// (`label.*`) are kept for the evaluators and ignored by scoring.
public struct CaseCSVReader: Sendable {
    public enum Kind: Sendable { case text, integer, boolean, textList, number, integerOrBoolean }

    public struct Column: Sendable {
        public var path: [String]
        public var kind: Kind
    }

    public let columns: [Column]
    /// The field separator (the header's).
    public let delimiter: UInt8

    /// Reads the header row. Unknown columns are an error unless they are `label.*` columns
    /// (or `--strict` is off, in which case they are carried as text and ignored by scoring).
    public init(header: [String], model: CriteriaModel, strict: Bool = false, delimiter: UInt8 = UInt8(ascii: ",")) throws(CaseError) {
        var columns: [Column] = []
        var seen = Set<String>()
        let schema = CaseSchema(model: model)
        for name in header {
            let trimmed = name.trimmingSpaces
            guard seen.insert(trimmed).inserted else {
                throw CaseError(.invalidCSV, path: trimmed, "the CSV header names column '\(trimmed)' twice")
            }
            let path = trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !trimmed.isEmpty, path.allSatisfy({ !$0.isEmpty }), path.count <= 2 else {
                throw CaseError(.invalidCSV, path: String(trimmed.prefix(80)), "CSV column '\(trimmed.prefix(80))\(trimmed.count > 80 ? "…" : "")' is not a field path such as coping.paying_bills")
            }
            let kind = Self.kind(of: path, schema: schema)
            if kind == nil && strict {
                throw CaseError(.unknownField, path: trimmed, "CSV column '\(trimmed)' is not a field of the case (strict mode)")
            }
            columns.append(Column(path: path, kind: kind ?? .text))
        }
        guard columns.contains(where: { $0.path == ["id"] }) else {
            throw CaseError(.missingField, path: "id", "the CSV header has no 'id' column")
        }
        self.columns = columns
        self.delimiter = delimiter
    }

    /// Reads a header line as it is in the file: a byte-order mark is skipped, the separator
    /// sniffed. Errors: an unclosed quote or invalid UTF-8 (`invalid_csv`), and those of `init`.
    public init(headerLine: UnsafeRawBufferPointer, model: CriteriaModel, strict: Bool = false) throws(CaseError) {
        var line = headerLine
        if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { line = UnsafeRawBufferPointer(rebasing: line[3...]) }
        let delimiter = CSVDialect.sniffDelimiter(line)
        guard let names = Self.fields(line, delimiter: delimiter) else {
            throw CaseError(.invalidCSV, path: "", "the CSV header is not valid UTF-8 or has an unclosed quote")
        }
        try self.init(header: names, model: model, strict: strict, delimiter: delimiter)
    }

    /// How a column is typed: a case field by its kind in `CaseSchema`; `label.*` (a labelled
    /// caseload's caseworker judgement, which scoring ignores) by the evaluators' label format.
    static func kind(of path: [String], schema: CaseSchema) -> Kind? {
        if path.count == 2, path[0] == CaseSchema.ignoredFields[0] {
            switch path[1] {
            case "outcome_12m": return .integerOrBoolean
            case "services": return .textList
            default: return .text
            }
        }
        guard let field = schema.field(path.joined(separator: ".")) else { return nil }
        switch field.kind {
        case .identifier, .hetu, .date, .text, .enumeration: return .text
        case .integer: return .integer
        case .boolean: return .boolean
        }
    }

    /// The case object for one record of fields (already split). A record with the wrong number
    /// of fields is an error for that record only.
    public func object(_ fields: [String]) -> Result<JSONValue, CaseError> {
        guard fields.count == columns.count else {
            return .failure(CaseError(.invalidCSV, path: "", "the CSV row has \(fields.count) field\(fields.count == 1 ? "" : "s"); the header has \(columns.count) (separated by \(CSVDialect.name(of: delimiter)))"))
        }
        var top: [(key: String, value: JSONValue)] = []
        var groups: [String: [(key: String, value: JSONValue)]] = [:]
        var groupOrder: [String] = []
        for (column, cell) in zip(columns, fields) {
            guard !cell.isEmpty else { continue }
            let value = Self.value(cell, column.kind, decimalComma: delimiter != UInt8(ascii: ","))
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

    /// The words a true/false cell may hold (any case): `true`/`false`, `1`/`0`, and what Excel
    /// writes in Finnish (`TOSI`/`EPÄTOSI`) and Swedish (`SANT`/`FALSKT`).
    public static func boolean(_ cell: String) -> Bool? {
        switch cell {
        case "true", "1": return true
        case "false", "0": return false
        default: break
        }
        switch cell.lowercased() {
        case "true", "tosi", "sant": return true
        case "false", "epätosi", "falskt": return false
        default: return nil
        }
    }

    /// `decimalComma`: the file is not comma-separated, so `30,5` is a decimal number.
    static func value(_ cell: String, _ kind: Kind, decimalComma: Bool = false) -> JSONValue {
        switch kind {
        case .text:
            return .string(cell)
        case .integer, .integerOrBoolean:
            if let i = Int64(cell) { return .number(JSONNumber(isInteger: true, int64: i, double: Double(i))) }
            if cell.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }), let d = Double(cell) {
                return .number(JSONNumber(isInteger: true, int64: nil, double: d))   // too large: out_of_range
            }
            if kind == .integerOrBoolean, let b = boolean(cell) { return .bool(b) }
            if let d = Double(cell), d.isFinite { return .number(JSONNumber(d)) }   // 30.0 → invalid_type
            if decimalComma, let d = Self.decimalWithComma(cell) { return .number(JSONNumber(d)) }   // 30,0 → invalid_type
            return .string(cell)
        case .number:
            if let d = Double(cell), d.isFinite { return .number(JSONNumber(d)) }
            if decimalComma, let d = Self.decimalWithComma(cell) { return .number(JSONNumber(d)) }
            return .string(cell)
        case .boolean:
            if let b = boolean(cell) { return .bool(b) }
            return .string(cell)
        case .textList:
            // `;` (the comma dialect's list separator) or `,` (Excel's, in a `;` file).
            return .array(cell.split(whereSeparator: { $0 == ";" || $0 == "," }).map { .string(String($0).trimmingSpaces) })
        }
    }

    /// `-12,5` → -12.5 (digits, one comma, digits).
    static func decimalWithComma(_ cell: String) -> Double? {
        let parts = cell.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isASCIIDigit),
              parts[0].drop(while: { $0 == "-" }).allSatisfy(\.isASCIIDigit), !parts[0].isEmpty,
              let d = Double("\(parts[0]).\(parts[1])"), d.isFinite else { return nil }
        return d
    }

    /// Splits one record into fields with this file's separator.
    public func fields(_ record: UnsafeRawBufferPointer) -> [String]? {
        Self.fields(record, delimiter: delimiter)
    }

    /// Splits one CSV record into fields (RFC 4180 quoting; a quoted field may hold line breaks
    /// and `""` for a quote). nil when the record is not valid UTF-8, a quote is not closed, or
    /// anything but the separator follows a closing quote (`"a"b`): never silently repaired.
    public static func fields(_ record: UnsafeRawBufferPointer, delimiter: UInt8 = UInt8(ascii: ",")) -> [String]? {
        guard String(validating: record, as: UTF8.self) != nil else { return nil }
        var out: [String] = []
        var field: [UInt8] = []
        var i = 0
        let n = record.count
        var quoted = false
        var closed = false
        var atFieldStart = true
        while i < n {
            let c = record[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < n, record[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 2; continue }
                    quoted = false
                    closed = true
                } else {
                    field.append(c)
                }
            } else if c == delimiter {
                out.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                atFieldStart = true
                closed = false
                i += 1
                continue
            } else if closed {
                return nil
            } else if c == UInt8(ascii: "\"") && atFieldStart {
                quoted = true
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

/// A header name or list item without the spaces around it (nor a stray byte-order mark).
extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\u{FEFF}" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

fileprivate extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
