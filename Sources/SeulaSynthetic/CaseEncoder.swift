import SeulaCore
import SeulaJSON

/// A line being assembled in scratch memory: plain pointer stores, appended to the block's
/// `JSONWriter` in one go (a hundred small `Array.append`s per case were most of the cost).
struct LineBuffer {
    /// Longer than any line the encoder writes (the longest is ≈ 3.5 KB).
    static let capacity = 16_384
    let p: UnsafeMutablePointer<UInt8>
    var n = 0

    @inline(__always) mutating func byte(_ b: UInt8) {
        p[n] = b
        n += 1
    }

    @inline(__always) mutating func put(_ s: StaticString) {
        let c = s.utf8CodeUnitCount
        (p + n).update(from: s.utf8Start, count: c)
        n += c
    }

    /// `"s"`.
    @inline(__always) mutating func quoted(_ s: StaticString) {
        byte(UInt8(ascii: "\""))
        put(s)
        byte(UInt8(ascii: "\""))
    }

    /// `"s":`, preceded by a comma unless it is the object's first member.
    @inline(__always) mutating func key(_ s: StaticString, _ comma: inout Bool) {
        if comma { byte(UInt8(ascii: ",")) }
        comma = true
        byte(UInt8(ascii: "\""))
        put(s)
        put("\":")
    }

    @inline(__always) mutating func repeated(_ b: UInt8, _ count: Int) {
        (p + n).update(repeating: b, count: count)
        n += count
    }

    @inline(__always) mutating func bytes(_ b: [UInt8]) {
        b.withUnsafeBufferPointer { (p + n).update(from: $0.baseAddress!, count: $0.count) }
        n += b.count
    }

    @inline(__always) mutating func bool(_ v: Bool) {
        if v { put("true") } else { put("false") }
    }

    @inline(__always) mutating func int(_ v: Int) {
        if v < 0 {
            byte(UInt8(ascii: "-"))
            return uint(UInt(v.magnitude))
        }
        uint(UInt(v))
    }

    @inline(__always) mutating func uint(_ v: UInt) {
        if v < 10 { return byte(UInt8(truncatingIfNeeded: v) &+ 0x30) }
        var digits = 0
        var m = v
        repeat { digits += 1; m /= 10 } while m != 0
        m = v
        var k = n + digits
        repeat {
            k -= 1
            p[k] = UInt8(truncatingIfNeeded: m % 10) &+ 0x30
            m /= 10
        } while m != 0
        n += digits
    }

    /// The 11 characters of a hetu.
    @inline(__always) mutating func hetu(_ h: SyntheticHetu) {
        h.write(into: p + n)
        n += 11
    }

    /// `YYYY-MM-DD`.
    mutating func date(_ d: CalendarDate) {
        uint(UInt(d.year))
        byte(UInt8(ascii: "-"))
        if d.month < 10 { byte(UInt8(ascii: "0")) }
        uint(UInt(d.month))
        byte(UInt8(ascii: "-"))
        if d.day < 10 { byte(UInt8(ascii: "0")) }
        uint(UInt(d.day))
    }
}

/// Writes synthetic cases as bytes: a JSON object per line (members in the CSV column order, so
/// `CaseCSVReader` rebuilds the same objects) or a CSV row. Absent values are left out (JSON) or
/// empty (CSV), never `null`, so both forms read back alike. Each line is assembled in a
/// `LineBuffer` and appended to the block's `JSONWriter`.
enum CaseEncoder {
    /// Indicators written as text (enum) or true/false (bool); the rest are counts.
    @inline(__always) static func isEnum(_ j: Int) -> Bool {
        j == Indicator.housing || j == Indicator.debt || j == Indicator.psychiatric
    }
    @inline(__always) static func isBool(_ j: Int) -> Bool {
        j == Indicator.childWelfare || j == Indicator.prison || j == Indicator.sickLeave || j == Indicator.noSecondary
    }
    @inline(__always) static func enumValue(_ j: Int, _ x: Int) -> StaticString {
        j == Indicator.housing ? Vocabulary.housingValuesStatic[x]
            : (j == Indicator.debt ? Vocabulary.debtValuesStatic[x] : Vocabulary.psychiatricValuesStatic[x])
    }
    /// Count indicators a `negativeCount` line may break.
    static let countIndicators = [Indicator.incomeSupport, Indicator.unemployment, Indicator.substanceContacts,
                                  Indicator.emergencyVisits, Indicator.serviceTypes]
    static let impossibleDates: [StaticString] = ["2026-02-29", "2024-02-30", "2026-04-31", "2026-13-01"]
    static let invalidUTF8: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]]
    static let notJSON: [StaticString] = ["id=syn-%d age=%a municipality=Helsinki", "{'id': 'syn-%d', 'age': %a}",
                                          "syn-%d,%a,Helsinki", "<case id=\"syn-%d\" age=\"%a\"/>",
                                          "{\"id\":\"syn-%d\",\"age\":%a,}", "{id:\"syn-%d\",age:%a}"]
    static let notCSV: [StaticString] = ["syn-%d %a Helsinki", "id=syn-%d age=%a", "syn-%d;%a;Helsinki;fi"]
    static let whitespace: [StaticString] = ["  ", "\t", " \t  ", "   \r"]
    static let householdNotObjectJSON: [StaticString] = ["3", "\"2 children\"", "[2,5]", "true"]
    static let householdNotObjectCSV: [StaticString] = ["two", "yes", "1-2", "2.5"]
    static let unknownHousingJSON: [StaticString] = ["\"castle\"", "\"Stable\"", "\"\"", "\"homeless \""]
    static let unknownHousingCSV: [StaticString] = ["castle", "Stable", "homeless ", "0"]
    static let flagTextJSON: [StaticString] = ["\"yes\"", "\"true\"", "1", "\"no\""]
    /// Not true/false in any form the CSV reader takes (`TRUE`, `1`, `TOSI` are true there).
    static let flagTextCSV: [StaticString] = ["yes", "ja", "2", "no"]
    static let depth = 200

    // MARK: JSON

    /// Appends one line and its newline to `w`.
    static func jsonLine(_ c: SyntheticCase, _ bad: Malformation?, labels: Bool, scratch: UnsafeMutablePointer<UInt8>,
                         into w: inout JSONWriter) {
        var line = LineBuffer(p: scratch)
        jsonLine(c, bad, labels: labels, into: &line)
        line.byte(0x0A)
        w.buffer.append(UnsafeRawPointer(scratch), count: line.n)
    }

    static func jsonLine(_ c: SyntheticCase, _ bad: Malformation?, labels: Bool, into w: inout LineBuffer) {
        guard let bad else { return jsonObject(c, nil, labels: labels, into: &w) }
        let v = Int(bad.variant)
        switch bad.kind {
        case .notJSON:
            template(notJSON[v % notJSON.count], c, into: &w)
        case .truncated:
            jsonObject(c, nil, labels: labels, into: &w)
            w.n = 1 + v % (w.n - 1)
        case .array:
            if v % 2 == 0 {
                w.put("[")
                jsonObject(c, nil, labels: labels, into: &w)
                w.put("]")
            } else {
                w.put("[\"syn-"); w.int(c.index + 1); w.put("\","); w.int(c.age); w.put("]")
            }
        case .number:
            if v % 2 == 0 { w.int(c.age) } else { w.put("-1.5e3") }
        case .string:
            w.put("\"syn-"); w.int(c.index + 1); w.put("\"")
        case .blank:
            break
        case .whitespace:
            w.put(whitespace[v % whitespace.count])
        default:
            jsonObject(c, bad, labels: labels, into: &w)
        }
    }

    static func jsonObject(_ c: SyntheticCase, _ bad: Malformation?, labels: Bool, into w: inout LineBuffer) {
        let kind = bad?.kind
        let v = Int(bad?.variant ?? 0)
        var comma = false
        w.put("{")

        // id
        switch kind {
        case .idMissing: break
        case .idNull: w.key("id", &comma); w.put("null")
        case .idNumber: w.key("id", &comma); w.int(c.index + 1)
        case .idEmpty: w.key("id", &comma); w.put("\"\"")
        case .idTooLong: w.key("id", &comma); w.put("\""); tooLongID(c, into: &w); w.put("\"")
        default: w.key("id", &comma); w.put("\"syn-"); w.int(c.index + 1); w.put("\"")
        }
        // hetu
        if let h = c.hetu {
            w.key("hetu", &comma)
            w.byte(UInt8(ascii: "\""))
            w.hetu(h)
            w.byte(UInt8(ascii: "\""))
        }
        // assessed_on
        w.key("assessed_on", &comma)
        if kind == .impossibleDate {
            w.quoted(impossibleDates[v % impossibleDates.count])
        } else {
            w.put("\""); w.date(c.assessedOn); w.put("\"")
        }
        // age
        let hugeInAge = v % 2 == 0
        switch kind {
        case .ageMissing: break
        case .ageDecimal: w.key("age", &comma); w.int(c.age); w.put(".0")
        case .ageBoolean: w.key("age", &comma); w.bool(v % 2 == 0)
        case .ageText: w.key("age", &comma); w.put("\""); w.int(c.age); w.put("\"")
        case .ageTooHigh: w.key("age", &comma); w.int(121 + v % 3 * 39)
        case .ageNegative: w.key("age", &comma); w.int(-1 - v % 2 * 29)
        case .hugeExponent where hugeInAge: w.key("age", &comma); w.put("1e400")
        case .hugeInteger where hugeInAge: w.key("age", &comma); w.put("123456789012345678901234567890")
        default: w.key("age", &comma); w.int(c.age)
        }
        // municipality
        if kind == .invalidUTF8 {
            w.key("municipality", &comma)
            w.put("\"Hel"); w.bytes(invalidUTF8[v % invalidUTF8.count]); w.put("sinki\"")
        } else if kind == .deeplyNested {
            w.key("municipality", &comma)
            w.repeated(UInt8(ascii: "["), depth)
            w.put("\"Helsinki\"")
            w.repeated(UInt8(ascii: "]"), depth)
        } else if let m = c.municipality {
            w.key("municipality", &comma)
            w.quoted(Vocabulary.municipalitiesStatic[m])
        }
        // language
        if let l = c.language {
            w.key("language", &comma)
            w.quoted(Vocabulary.languagesStatic[l])
        }
        // household
        if kind == .householdNotObject {
            w.key("household", &comma)
            w.put(householdNotObjectJSON[v % householdNotObjectJSON.count])
        } else if c.householdRecorded {
            w.key("household", &comma)
            w.put("{\"children\":")
            w.int(c.children)
            if let y = c.youngestChildAge { w.put(",\"youngest_child_age\":"); w.int(y) }
            if c.expecting { w.put(",\"expecting\":true") }
            if c.children > 0 { w.put(",\"single_parent\":"); w.bool(c.singleParent) }
            w.put("}")
        }
        // coping
        let items = Vocabulary.itemsStatic
        var open = false
        var inner = false
        let badItem = kind == .itemOutOfScale || kind == .itemText ? v % 16 : -1
        for i in 0..<16 {
            let x = c.coping[i]
            guard x >= 0 || i == badItem else { continue }
            if !open { w.key("coping", &comma); w.put("{"); open = true }
            w.key(items[i], &inner)
            if i == badItem {
                if kind == .itemOutOfScale { w.int(5 + v % 2 * 94) } else { w.put("\""); w.int(Int(max(x, 0))); w.put("\"") }
            } else {
                w.byte(UInt8(x) &+ 0x30)
            }
        }
        if open { w.put("}") }
        // risk
        let indicators = Vocabulary.indicatorsStatic
        open = false
        inner = false
        let badCount = kind == .negativeCount ? countIndicators[v % countIndicators.count]
            : (kind == .hugeExponent || kind == .hugeInteger) && !hugeInAge ? Indicator.unemployment : -1
        for j in 0..<Indicator.count {
            let x = Int(c.risk[j])
            let broken = j == badCount || (kind == .housingUnknown && j == Indicator.housing)
            guard x >= 0 || broken else { continue }
            if !open { w.key("risk", &comma); w.put("{"); open = true }
            w.key(indicators[j], &inner)
            if broken {
                switch kind {
                case .housingUnknown: w.put(unknownHousingJSON[v % unknownHousingJSON.count])
                case .negativeCount: w.put("-1")
                case .hugeExponent: w.put("1e400")
                default: w.put("123456789012345678901234567890")
                }
            } else if isEnum(j) {
                w.quoted(enumValue(j, x))
            } else if isBool(j) {
                w.bool(x != 0)
            } else {
                w.int(x)
            }
        }
        if open { w.put("}") }
        // flags
        let flags = Vocabulary.flagsStatic
        open = false
        inner = false
        let badFlag = kind == .flagText ? v % Flag.count : -1
        for f in 0..<Flag.count where c.flags & (1 << UInt16(f)) != 0 || f == badFlag {
            if !open { w.key("flags", &comma); w.put("{"); open = true }
            w.key(flags[f], &inner)
            if f == badFlag { w.put(flagTextJSON[v % flagTextJSON.count]) } else { w.put("true") }
        }
        if open { w.put("}") }
        // label
        if labels, let label = c.label {
            w.key("label", &comma)
            w.put("{\"segment\":")
            w.quoted(Vocabulary.segmentsStatic[label.segment])
            w.put(",\"outcome\":")
            w.quoted(Vocabulary.outcomesStatic[label.outcome])
            if label.services != 0 {
                w.put(",\"services\":[")
                var bits = label.services, first = true
                while bits != 0 {
                    let p = bits.trailingZeroBitCount
                    bits &= bits - 1
                    if !first { w.put(",") }
                    first = false
                    w.quoted(Vocabulary.productsStatic[p])
                }
                w.put("]")
            }
            w.put(",\"outcome_12m\":")
            w.put(label.outcome12m ? "1" : "0")
            w.put(",\"gender\":")
            w.quoted(Vocabulary.gendersStatic[Int(c.gender.rawValue)])
            w.put("}")
        }
        w.put("}")
    }

    // MARK: CSV

    static func csvHeader(labels: Bool) -> [UInt8] {
        Array((Vocabulary.csvColumns(labels: labels).joined(separator: ",") + "\n").utf8)
    }

    /// Appends one row and its newline to `w`.
    static func csvLine(_ c: SyntheticCase, _ bad: Malformation?, labels: Bool, scratch: UnsafeMutablePointer<UInt8>,
                        into w: inout JSONWriter) {
        var line = LineBuffer(p: scratch)
        csvLine(c, bad, labels: labels, into: &line)
        line.byte(0x0A)
        w.buffer.append(UnsafeRawPointer(scratch), count: line.n)
    }

    static func csvLine(_ c: SyntheticCase, _ bad: Malformation?, labels: Bool, into w: inout LineBuffer) {
        let kind = bad?.kind
        let v = Int(bad?.variant ?? 0)
        switch kind {
        case .notJSON:
            template(notCSV[v % notCSV.count], c, into: &w)
        case .truncated:
            csvRow(c, nil, labels: labels, into: &w)
            // Cut before the last comma, so the row has too few fields.
            var lastComma = w.n - 1
            while w.p[lastComma] != UInt8(ascii: ",") { lastComma -= 1 }
            w.n = 1 + v % lastComma
        case .array:
            w.put("[\"syn-"); w.int(c.index + 1); w.put("\","); w.int(c.age); w.put("]")
        case .number:
            w.int(c.age)
        case .string:
            w.put("\"syn-"); w.int(c.index + 1); w.put("\"")
        case .blank:
            break
        case .whitespace:
            w.put(whitespace[v % whitespace.count])
        default:
            csvRow(c, bad, labels: labels, into: &w)
        }
    }

    static func csvRow(_ c: SyntheticCase, _ bad: Malformation?, labels: Bool, into w: inout LineBuffer) {
        let kind = bad?.kind
        let v = Int(bad?.variant ?? 0)
        let comma = UInt8(ascii: ",")
        // id
        switch kind {
        case .idMissing, .idNull, .idEmpty: break
        case .idNumber: w.put("\"syn-"); w.int(c.index + 1); w.put("\"x")   // text after a closing quote: the row cannot be read
        case .idTooLong: tooLongID(c, into: &w)
        default: w.put("syn-"); w.int(c.index + 1)
        }
        w.byte(comma)
        // hetu
        if let h = c.hetu { w.hetu(h) }
        w.byte(comma)
        // assessed_on
        if kind == .impossibleDate {
            w.put(impossibleDates[v % impossibleDates.count])
        } else {
            w.date(c.assessedOn)
        }
        w.byte(comma)
        // age
        let hugeInAge = v % 2 == 0
        switch kind {
        case .ageMissing: break
        case .ageDecimal: w.int(c.age); w.put(".0")
        case .ageBoolean: w.bool(v % 2 == 0)
        case .ageText: w.int(c.age); w.put(" y")
        case .ageTooHigh: w.int(121 + v % 3 * 39)
        case .ageNegative: w.int(-1 - v % 2 * 29)
        case .hugeExponent where hugeInAge: w.put("1e400")
        case .hugeInteger where hugeInAge: w.put("123456789012345678901234567890")
        case .invalidUTF8:
            w.int(c.age / 10)
            w.bytes(invalidUTF8[v % invalidUTF8.count])
            w.int(c.age % 10)
        default: w.int(c.age)
        }
        w.byte(comma)
        if let m = c.municipality { w.put(Vocabulary.municipalitiesStatic[m]) }
        w.byte(comma)
        if let l = c.language { w.put(Vocabulary.languagesStatic[l]) }
        w.byte(comma)
        // household: children, youngest_child_age, expecting, single_parent
        if kind == .householdNotObject {
            w.put(householdNotObjectCSV[v % householdNotObjectCSV.count])
            w.put(",,,")
        } else if c.householdRecorded {
            w.int(c.children)
            w.byte(comma)
            if let y = c.youngestChildAge { w.int(y) }
            w.byte(comma)
            if c.expecting { w.put("true") }
            w.byte(comma)
            if c.children > 0 { w.bool(c.singleParent) }
        } else {
            w.put(",,,")
        }
        // coping
        let badItem = kind == .itemOutOfScale || kind == .itemText ? v % 16 : -1
        for i in 0..<16 {
            w.byte(comma)
            let x = c.coping[i]
            if i == badItem {
                if kind == .itemOutOfScale { w.int(5 + v % 2 * 94) } else { w.int(Int(max(x, 0))); w.put(".0") }
            } else if x >= 0 {
                w.byte(UInt8(x) &+ 0x30)
            }
        }
        // risk
        let badCount = kind == .negativeCount ? countIndicators[v % countIndicators.count]
            : (kind == .hugeExponent || kind == .hugeInteger) && !hugeInAge ? Indicator.unemployment : -1
        for j in 0..<Indicator.count {
            w.byte(comma)
            let x = Int(c.risk[j])
            if j == badCount {
                switch kind {
                case .negativeCount: w.put("-1")
                case .hugeExponent: w.put("1e400")
                default: w.put("123456789012345678901234567890")
                }
            } else if kind == .housingUnknown && j == Indicator.housing {
                w.put(unknownHousingCSV[v % unknownHousingCSV.count])
            } else if x < 0 {
                continue
            } else if isEnum(j) {
                w.put(enumValue(j, x))
            } else if isBool(j) {
                w.bool(x != 0)
            } else {
                w.int(x)
            }
        }
        // flags
        let badFlag = kind == .flagText ? v % Flag.count : -1
        for f in 0..<Flag.count {
            w.byte(comma)
            if f == badFlag {
                w.put(flagTextCSV[v % flagTextCSV.count])
            } else if c.flags & (1 << UInt16(f)) != 0 {
                w.put("true")
            }
        }
        // label
        if labels, let label = c.label {
            w.byte(comma)
            w.put(Vocabulary.segmentsStatic[label.segment])
            w.byte(comma)
            w.put(Vocabulary.outcomesStatic[label.outcome])
            w.byte(comma)
            var bits = label.services, first = true
            while bits != 0 {
                let p = bits.trailingZeroBitCount
                bits &= bits - 1
                if !first { w.put(";") }
                first = false
                w.put(Vocabulary.productsStatic[p])
            }
            w.byte(comma)
            w.put(label.outcome12m ? "1" : "0")
            w.byte(comma)
            w.put(Vocabulary.gendersStatic[Int(c.gender.rawValue)])
        }
        if kind == .deeplyNested {
            w.repeated(comma, depth)
        }
    }

    // MARK: Pieces

    /// `syn-N-` padded with `ä` to 129 Unicode scalars (more bytes than that): one too many.
    static func tooLongID(_ c: SyntheticCase, into w: inout LineBuffer) {
        let start = w.n
        w.put("syn-")
        w.int(c.index + 1)
        w.put("-")
        for _ in 0..<(CaseSchema.maxIDLength + 1 - (w.n - start)) { w.put("ä") }
    }

    /// A template with `%d` (case number) and `%a` (age).
    static func template(_ t: StaticString, _ c: SyntheticCase, into w: inout LineBuffer) {
        var percent = false
        for b in UnsafeBufferPointer(start: t.utf8Start, count: t.utf8CodeUnitCount) {
            if percent {
                if b == UInt8(ascii: "d") { w.int(c.index + 1) } else { w.int(c.age) }
                percent = false
            } else if b == UInt8(ascii: "%") {
                percent = true
            } else {
                w.byte(b)
            }
        }
    }
}
