import SeulaCore
import SeulaJSON

/// The fast path's reader: parses one JSON line straight into a reused `ScreeningCase`,
/// matching keys as bytes against the model's field names — no `JSONValue` tree, no `String`
/// per key, no dictionary.
///
/// It is schema-directed and conservative: whenever a line is anything but a plain, valid case
/// (a command with `"op"`, a type or range problem, an escape in a text value, a `hetu` that is
/// invalid or has no pseudonym key to go with it, an unknown field in strict mode), it answers
/// `.fallback` and the
/// general path (`JSONReader` + `CaseValidator`) decides — including the exact error. So both
/// paths give the same answer for every line by construction; a test holds them equal on
/// generated and malformed lines, and the JSON conformance suite checks that the scanner
/// never accepts invalid JSON (every `n_` file) and never rejects valid JSON (every `y_` file).
///
/// Complexity: O(bytes); no allocation for ids and texts of up to 15 bytes (Swift's small strings).
public struct CaseLineParser: Sendable {
    public enum Outcome: Equatable {
        /// The line was a valid case; `c` holds it.
        case parsed
        /// Valid JSON that is not a plain valid case here: use the general path.
        case fallback
        /// Not valid JSON (the general path reports the exact error).
        case invalid
        /// A case dated for another criteria version: read it with that version's parser.
        case otherVersion(CalendarDate)
    }

    public let model: CriteriaModel
    public let strict: Bool
    public let maxDepth: Int
    let today: CalendarDate
    /// A pseudonym key is configured: a valid hetu is taken (else the general path answers
    /// `no_pseudonym_key`).
    let acceptsHetu: Bool
    /// The model's in-force dates pick the version (the engine): a case dated outside them is
    /// `.otherVersion`, and a case without a date falls back when the model is not in force
    /// `today`. False for the evaluators, which judge one model on every case whatever its
    /// dates (as `CaseValidator` alone does).
    let appliesInForceDates: Bool

    private let items: KeyTable
    private let indicators: KeyTable
    private let flags: KeyTable
    private let household = KeyTable(HouseholdField.allCases.map(\.name))
    /// The case's members (`CaseField` order, so a slot is a `CaseField` raw value), then `op`
    /// (a command) and the ignored members (`label`).
    private let topLevel = KeyTable(CaseField.allCases.map(\.name) + ["op"] + CaseSchema.ignoredFields)
    private let indicatorKinds: [IndicatorKind]
    private let enumValues: [KeyTable?]

    public init(model: CriteriaModel, strict: Bool, today: CalendarDate, maxDepth: Int = 32, acceptsHetu: Bool = false,
                appliesInForceDates: Bool = true) {
        self.model = model
        self.acceptsHetu = acceptsHetu
        self.appliesInForceDates = appliesInForceDates
        assert(CaseSchema.ignoredFields == ["label"], "labelField names the label member")
        self.strict = strict
        self.today = today
        self.maxDepth = min(maxDepth, 64)
        items = KeyTable(model.coping.items.map(\.id))
        indicators = KeyTable(model.risk.indicators.map(\.id))
        flags = KeyTable(model.flags.map(\.id))
        indicatorKinds = model.risk.indicators.map(\.kind)
        enumValues = model.risk.indicators.map { ind in
            if case .enumeration(let d, _) = ind.kind { return KeyTable(d.values) }
            return nil
        }
    }

    /// Parses `line` into `c` (every field reset first).
    public func parse(_ line: UnsafeRawBufferPointer, into c: inout ScreeningCase) -> Outcome {
        var label: Range<Int>? = nil
        return parse(line, into: &c, label: &label)
    }

    /// The index of `op` and of `label` (the one `CaseSchema.ignoredFields` member) in `topLevel`.
    static let commandField = CaseField.allCases.count
    static let labelField = CaseField.allCases.count + 1

    /// `parse`, also giving where the top-level `label` member's value is in `line` (nil when
    /// there is none). Only meaningful for `.parsed`: the member is then unique and unescaped,
    /// and its value valid JSON.
    public func parse(_ line: UnsafeRawBufferPointer, into c: inout ScreeningCase, label: inout Range<Int>?) -> Outcome {
        label = nil
        guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self), !line.isEmpty else { return .invalid }
        let s = JSONScanner(p: base, end: line.count)
        reset(&c)
        var i = s.skipWhitespace(0)
        guard i < s.end, s.at(i) == UInt8(ascii: "{") else {
            // Not an object: valid JSON goes to the general path for `not_an_object`.
            return s.skipValue(i, maxDepth: maxDepth).map { s.skipWhitespace($0) == s.end } == true ? .fallback : .invalid
        }
        var sawID = false, sawAge = false
        var fallback = false
        var otherDate: CalendarDate? = nil
        var seenFields: UInt32 = 0
        i = s.skipWhitespace(i + 1)
        guard i < s.end else { return .invalid }
        if s.at(i) == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                guard s.at(i) == UInt8(ascii: "\""), let key = s.scanString(i) else { return .invalid }
                let keyStart = i + 1, keyEnd = key.end - 1
                i = s.skipWhitespace(key.end)
                guard i < s.end, s.at(i) == UInt8(ascii: ":") else { return .invalid }
                i = s.skipWhitespace(i + 1)
                guard i < s.end else { return .invalid }
                if key.escaped { fallback = true }   // an escaped key could name a field: let the general path decide
                let field = key.escaped ? nil : topLevel.lookup(s.bytes(keyStart, keyEnd))
                if let field {
                    if seenFields & (1 << UInt32(field)) != 0 { fallback = true }   // repeated: last wins there
                    seenFields |= 1 << UInt32(field)
                }
                var next: Int? = nil
                switch field.flatMap(CaseField.init(rawValue:)) {
                case .id?:
                    if s.at(i) == UInt8(ascii: "\""), let str = s.scanString(i) {
                        next = str.end
                        if str.escaped || str.scalars < 1 || str.scalars > CaseSchema.maxIDLength {
                            fallback = true
                        } else {
                            c.id = String(decoding: s.bytes(i + 1, str.end - 1), as: UTF8.self)
                            sawID = true
                        }
                    }
                case .age?:
                    if let n = s.scanNumber(i) {
                        next = n.end
                        if let v = n.integer, v >= 0, v <= Int64(CaseSchema.maxAge) { c.age = Int(v); sawAge = true } else { fallback = true }
                    }
                case .assessedOn?:
                    if s.at(i) == UInt8(ascii: "\""), let str = s.scanString(i) {
                        next = str.end
                        if let d = parseDate(s, i + 1, str.end - 1) {
                            c.assessedOn = d
                            if appliesInForceDates && !model.isInForce(on: d) { otherDate = d }
                        } else {
                            fallback = true
                        }
                    } else if let n = s.matchLiteral(i, "null") {
                        next = n
                        if appliesInForceDates && !model.isInForce(on: today) { fallback = true }
                    }
                case .municipality?, .language?:
                    if s.at(i) == UInt8(ascii: "\""), let str = s.scanString(i) {
                        next = str.end
                        if str.escaped { fallback = true } else {
                            let text = String(decoding: s.bytes(i + 1, str.end - 1), as: UTF8.self)
                            if field == CaseField.municipality.rawValue { c.municipality = text } else { c.language = text }
                        }
                    } else if let n = s.matchLiteral(i, "null") {
                        next = n
                    }
                case .household?:
                    next = parseGroup(s, i, table: household, fallback: &fallback) { slot, j in
                        guard let member = HouseholdField(rawValue: slot) else { return nil }
                        switch member {
                        case .children, .youngestChildAge:
                            guard let n = s.scanNumber(j) else { return nil }
                            guard case .integer(let lo, let hi) = CaseSchema.kind(of: member) else { return (n.end, false) }
                            if let v = n.integer, v >= Int64(lo), v <= Int64(hi) {
                                if member == .children { c.children = Int(v) } else { c.youngestChildAge = Int(v) }
                                return (n.end, true)
                            }
                            return (n.end, false)
                        case .expecting, .singleParent:
                            guard let (n, b) = s.bool(j) else { return nil }
                            if member == .expecting { c.expecting = b } else { c.singleParent = b }
                            return (n, true)
                        }
                    }
                case .coping?:
                    let scaleMax = Int64(model.coping.scaleMax)
                    next = parseGroup(s, i, table: items, fallback: &fallback) { slot, j in
                        guard let n = s.scanNumber(j) else { return nil }
                        if let v = n.integer, v >= 0, v <= scaleMax { c.coping[slot] = Int8(v); return (n.end, true) }
                        return (n.end, false)
                    }
                case .risk?:
                    next = parseGroup(s, i, table: indicators, fallback: &fallback) { slot, j in
                        switch indicatorKinds[slot] {
                        case .integer(let lo, let hi, _):
                            guard let n = s.scanNumber(j) else { return nil }
                            if let v = n.integer, v >= Int64(lo), v <= Int64(min(hi ?? CaseSchema.maxCount, CaseSchema.maxCount)) { c.risk[slot] = Int32(v); return (n.end, true) }
                            return (n.end, false)
                        case .enumeration:
                            guard s.at(j) == UInt8(ascii: "\""), let str = s.scanString(j) else {
                                return s.scanOther(j).map { ($0, false) }
                            }
                            if !str.escaped, let k = enumValues[slot]!.lookup(s.bytes(j + 1, str.end - 1)) {
                                c.risk[slot] = Int32(k)
                                return (str.end, true)
                            }
                            return (str.end, false)
                        case .boolean:
                            guard let (n, b) = s.bool(j) else { return s.scanOther(j).map { ($0, false) } }
                            c.risk[slot] = b ? 1 : 0
                            return (n, true)
                        }
                    }
                case .flags?:
                    next = parseGroup(s, i, table: flags, fallback: &fallback) { slot, j in
                        guard let (n, b) = s.bool(j) else { return s.scanOther(j).map { ($0, false) } }
                        c.flags[slot] = b
                        return (n, true)
                    }
                case .hetu?: // validated here; without a pseudonym key the general path refuses it
                    if let n = s.matchLiteral(i, "null") { next = n; break }
                    if s.at(i) == UInt8(ascii: "\""), let str = s.scanString(i) {
                        next = str.end
                        if !str.escaped, acceptsHetu,
                           let h = Hetu.parse(ascii: UnsafeRawBufferPointer(s.bytes(i + 1, str.end - 1))) {
                            c.hetu = h.code
                            c.hetuBirthDate = h.birth
                        } else {
                            fallback = true
                        }
                    }
                case nil:
                    // "op" (a command), `label`, or an unknown field.
                    if field == Self.commandField || (strict && field == nil) {
                        fallback = true   // a command, or an unknown field in strict mode
                    }
                    next = s.skipValue(i, maxDepth: maxDepth - 1)
                    if field == Self.labelField, let next { label = i..<next }
                }
                guard let after = next ?? s.skipValue(i, maxDepth: maxDepth - 1) else { return .invalid }
                if next == nil { fallback = true }   // a value of the wrong JSON type
                i = s.skipWhitespace(after)
                guard i < s.end else { return .invalid }
                if s.at(i) == UInt8(ascii: ",") {
                    i = s.skipWhitespace(i + 1)
                    guard i < s.end else { return .invalid }
                    continue
                }
                guard s.at(i) == UInt8(ascii: "}") else { return .invalid }
                i += 1
                break
            }
        }
        guard s.skipWhitespace(i) == s.end else { return .invalid }
        if let otherDate, seenFields & (1 << UInt32(CaseField.assessedOn.rawValue)) != 0 { return .otherVersion(otherDate) }
        if fallback || !sawID || !sawAge { return .fallback }
        if appliesInForceDates && c.assessedOn == nil && !model.isInForce(on: today) { return .fallback }
        return .parsed
    }

    private func reset(_ c: inout ScreeningCase) {
        if c.coping.count != model.coping.items.count || c.risk.count != model.risk.indicators.count || c.flags.count != model.flags.count {
            c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count,
                              indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        }
        c.clearOptionalFields()
    }

    /// `{ "key": value, … }` for a field group; `value` reads one value for a known key and
    /// returns (end, valid), or nil when the value is not of the expected JSON type. `null`
    /// leaves the field absent. A repeated or escaped key, an invalid value, or (strict) an
    /// unknown key sets `fallback`. Returns the position after the group, nil for invalid JSON.
    private func parseGroup(_ s: JSONScanner, _ i: Int, table: KeyTable, fallback: inout Bool,
                            _ value: (Int, Int) -> (Int, Bool)?) -> Int? {
        if let n = s.matchLiteral(i, "null") { return n }
        guard s.at(i) == UInt8(ascii: "{") else { return nil }
        var j = s.skipWhitespace(i + 1)
        guard j < s.end else { return nil }
        if s.at(j) == UInt8(ascii: "}") { return j + 1 }
        var seen: UInt64 = 0
        while true {
            guard s.at(j) == UInt8(ascii: "\""), let key = s.scanString(j) else { return nil }
            if key.escaped { fallback = true }
            let slot = key.escaped ? nil : table.lookup(s.bytes(j + 1, key.end - 1))
            j = s.skipWhitespace(key.end)
            guard j < s.end, s.at(j) == UInt8(ascii: ":") else { return nil }
            j = s.skipWhitespace(j + 1)
            guard j < s.end else { return nil }
            if let slot {
                let bit: UInt64 = slot < 64 ? 1 << UInt64(slot) : 0
                if seen & bit != 0 || slot >= 64 { fallback = true }
                seen |= bit
            } else if strict {
                fallback = true
            }
            if let n = s.matchLiteral(j, "null") {
                j = n
            } else if let slot, let (n, ok) = value(slot, j) {
                if !ok { fallback = true }
                j = n
            } else {
                if slot != nil { fallback = true }   // a value of the wrong JSON type
                guard let n = s.skipValue(j, maxDepth: maxDepth - 2) else { return nil }
                j = n
            }
            j = s.skipWhitespace(j)
            guard j < s.end else { return nil }
            if s.at(j) == UInt8(ascii: "}") { return j + 1 }
            guard s.at(j) == UInt8(ascii: ",") else { return nil }
            j = s.skipWhitespace(j + 1)
            guard j < s.end else { return nil }
        }
    }

    private func parseDate(_ s: JSONScanner, _ start: Int, _ end: Int) -> CalendarDate? {
        guard end - start == 10 else { return nil }
        return CalendarDate(iso: String(decoding: s.bytes(start, end), as: UTF8.self))
    }
}

extension JSONScanner {
    /// `true` / `false` at `i`.
    @inline(__always)
    func bool(_ i: Int) -> (Int, Bool)? {
        if let n = matchLiteral(i, "true") { return (n, true) }
        if let n = matchLiteral(i, "false") { return (n, false) }
        return nil
    }

    /// Any other scalar or container (validated), for a value of the wrong type.
    func scanOther(_ i: Int) -> Int? { skipValue(i, maxDepth: 30) }
}

/// Byte-keyed lookup of a small set of names: by length, then bytes. O(names with that length).
struct KeyTable: Sendable {
    private let byLength: [[(bytes: [UInt8], index: Int)]]

    init(_ names: [String]) {
        var table: [[(bytes: [UInt8], index: Int)]] = Array(repeating: [], count: (names.map(\.utf8.count).max() ?? 0) + 1)
        for (i, n) in names.enumerated() { table[n.utf8.count].append((Array(n.utf8), i)) }
        byLength = table
    }

    @inline(__always)
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = key.count
        guard n < byLength.count else { return nil }
        outer: for entry in byLength[n] {
            for k in 0..<n where entry.bytes[k] != key[k] { continue outer }
            return entry.index
        }
        return nil
    }
}
