import SeulaCore
import SeulaJSON
import SeulaService
import SeulaSynthetic
import XCTest

/// What MODEL-V2 needs from a generated caseload: hetus (valid, mostly consistent with the age
/// on `assessed_on`), `assessed_on` on every case in the asked range, the 16th flag, and the
/// situations V2 treats specially — at the rates `PopulationModel` and `HetuModel` document.
/// Everything is read from the lines as written.
final class V2PopulationTests: XCTestCase {
    /// 20 000 cases with the default options, read back from the JSON lines.
    static let caseload: (generator: CaseloadGenerator, objects: [JSONValue]) = {
        let generator = CaseloadGenerator(GeneratorOptions(count: 20_000, seed: 2026))
        let objects = lines(generator.bytes()).map { try! JSONReader.parse(Array($0)) }
        return (generator, objects)
    }()

    /// Whole years completed on `day` by someone born on `birth`, written here independently of
    /// the generator: the birthday in `day`'s year, 29 February counting as 28 February in a
    /// common year (MODEL-V2 clarification 12).
    func completedYears(born birth: CalendarDate, on day: CalendarDate) -> Int {
        let birthday = birth.month == 2 && birth.day == 29 && !CalendarDate.isLeap(day.year)
            ? CalendarDate(year: day.year, month: 2, day: 28)!
            : CalendarDate(year: day.year, month: birth.month, day: birth.day)!
        return day.year - birth.year - (day < birthday ? 1 : 0)
    }

    func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    func testTheLeapDayRuleAndDayNumbers() {
        XCTAssertEqual(completedYears(born: date("2004-02-29"), on: date("2027-02-27")), 22)
        XCTAssertEqual(completedYears(born: date("2004-02-29"), on: date("2027-02-28")), 23)
        XCTAssertEqual(completedYears(born: date("2004-02-29"), on: date("2028-02-28")), 23)
        XCTAssertEqual(completedYears(born: date("2004-02-29"), on: date("2028-02-29")), 24)
        for (birth, day) in [("2004-02-29", "2027-02-27"), ("2004-02-29", "2027-02-28"), ("2004-02-29", "2028-02-28"),
                             ("2004-02-29", "2028-02-29"), ("1990-12-31", "2026-12-30"), ("1990-12-31", "2026-12-31"),
                             ("2026-03-01", "2026-02-28")] {
            XCTAssertEqual(Days.age(born: date(birth), on: date(day)), completedYears(born: date(birth), on: date(day)), "\(birth) on \(day)")
        }
        XCTAssertEqual(Days.number(date("1970-01-01")), 0)
        XCTAssertEqual(Days.number(date("2026-01-01")), 20_454)
        var n = Days.number(date("1899-12-25"))
        var d = date("1899-12-25")
        while d.year < 2101 {
            XCTAssertEqual(Days.date(n), d)
            XCTAssertEqual(Days.number(d), n)
            n += 1
            d = CalendarDate(year: d.year, month: d.month, day: d.day + 1)
                ?? CalendarDate(year: d.year, month: d.month + 1, day: 1) ?? CalendarDate(year: d.year + 1, month: 1, day: 1)!
        }
    }

    func testHetusAreValidAndMostlyConsistentWithTheAge() throws {
        let (generator, objects) = Self.caseload
        let n = Double(objects.count)
        var withHetu = 0, consistent = 0, wrongAge = 0, bornAfter = 0
        var newSigns1900 = 0, newSigns2000 = 0, sign2000 = 0
        var undocumented = 0, undocumentedWithHetu = 0
        var seen = Set<String>()
        for (i, o) in objects.enumerated() {
            let c = generator.syntheticCase(i)
            let assessed = try XCTUnwrap(o["assessed_on"]?.stringValue.flatMap(CalendarDate.init(iso:)))
            let age = Int(try XCTUnwrap(o["age"]?.numberValue?.int64))
            if o["flags"]?["undocumented"] != nil {
                undocumented += 1
                if o["hetu"] != nil { undocumentedWithHetu += 1 }
            }
            guard let hetu = o["hetu"]?.stringValue else {
                XCTAssertNil(c.hetu)
                continue
            }
            withHetu += 1
            seen.insert(hetu)
            guard case .success(let canonical) = Hetu.validate(hetu) else { return XCTFail("line \(i + 1): invalid hetu") }
            XCTAssertEqual(canonical, hetu, "written in upper case")
            XCTAssertEqual(hetu, c.hetu?.text)
            let birth = try XCTUnwrap(Hetu.birthDate(hetu))
            let b = Array(hetu.utf8)
            let number = Int(String(decoding: b[7..<10], as: UTF8.self))!
            XCTAssertTrue((2...899).contains(number), "individual number 002–899")
            switch c.gender {
            case .female: XCTAssertEqual(number % 2, 0, "even for women")
            case .male: XCTAssertEqual(number % 2, 1, "odd for men")
            case .other: break
            }
            switch b[6] {
            case UInt8(ascii: "-"): XCTAssertLessThan(birth.year, 2000)
            case UInt8(ascii: "A"): sign2000 += 1
            case UInt8(ascii: "Y"), UInt8(ascii: "X"), UInt8(ascii: "W"), UInt8(ascii: "V"), UInt8(ascii: "U"): newSigns1900 += 1
            case UInt8(ascii: "B"), UInt8(ascii: "C"), UInt8(ascii: "D"), UInt8(ascii: "E"), UInt8(ascii: "F"): newSigns2000 += 1
            default: XCTFail("line \(i + 1): century sign \(UnicodeScalar(b[6]))")
            }
            if birth > assessed {
                bornAfter += 1
                XCTAssertEqual(c.hetu?.kind, .bornAfterAssessment)
            } else if completedYears(born: birth, on: assessed) == age {
                consistent += 1
                XCTAssertEqual(c.hetu?.kind, .consistent, "line \(i + 1)")
            } else {
                wrongAge += 1
                guard case .wrongAge(let offset)? = c.hetu?.kind else { return XCTFail("line \(i + 1): \(String(describing: c.hetu?.kind))") }
                XCTAssertEqual(completedYears(born: birth, on: assessed), age + offset)
            }
        }
        let share = Double(withHetu) / n
        XCTAssertGreaterThanOrEqual(share, 0.9, "most cases carry a hetu")
        XCTAssertEqual(share, 0.95 * (1 - 0.9 * Double(undocumented) / n), accuracy: 0.006)
        XCTAssertEqual(Double(consistent + wrongAge + bornAfter), Double(withHetu))
        XCTAssertEqual(Double(wrongAge) / Double(withHetu), 0.005, accuracy: 0.002, "≈ 0.5 % give another age")
        XCTAssertGreaterThan(bornAfter, 5, "a few born after assessed_on")
        XCTAssertLessThan(Double(bornAfter) / Double(withHetu), 0.002)
        XCTAssertGreaterThan(sign2000, 1_000, "clients born in the 2000s")
        XCTAssertGreaterThan(newSigns1900, 100, "the new signs Y X W V U")
        XCTAssertGreaterThan(newSigns2000, 20, "the new signs B C D E F")
        XCTAssertLessThan(Double(newSigns1900 + newSigns2000) / Double(withHetu), 0.08)
        XCTAssertLessThan(Double(undocumentedWithHetu), Double(undocumented) * 0.3, "most undocumented people have no hetu")
        XCTAssertGreaterThan(Double(seen.count), Double(withHetu) * 0.99, "hetus are mostly distinct (not promised unique)")
    }

    func testHetuRateZeroWritesNoneAndTheRateChangesNothingElse() throws {
        for format in OutputFormat.allCases {
            let none = CaseloadGenerator(GeneratorOptions(count: 3_000, seed: 3, format: format, hetuRate: 0)).bytes()
            let text = String(decoding: none, as: UTF8.self)
            if format == .jsonl {
                XCTAssertFalse(text.contains("hetu"))
            } else {
                XCTAssertTrue(text.hasPrefix("id,hetu,assessed_on,"), "the column is still there, empty")
                let reader = try csvReader(lines(none)[0])
                for row in lines(none).dropFirst() {
                    guard case .success(let o)? = readCSVRow(row, reader: reader) else { return XCTFail("unreadable row") }
                    XCTAssertNil(o["hetu"])
                }
            }
        }
        // The hetu has its own random stream: the rest of each line is the same at any rate, and
        // a higher rate only adds hetus.
        let rates = [0, 0.5, 0.95, 1].map { rate in
            lines(CaseloadGenerator(GeneratorOptions(count: 2_000, seed: 3, hetuRate: rate)).bytes()).map {
                try! XCTUnwrap(JSONReader.parse(Array($0)).objectValue)
            }
        }
        var counts = [0, 0, 0, 0]
        for i in 0..<2_000 {
            let without = rates[0][i]
            for (k, objects) in rates.enumerated() {
                var o = objects[i]
                if let h = o["hetu"] {
                    counts[k] += 1
                    for higher in rates[k...] { XCTAssertEqual(higher[i]["hetu"], h, "line \(i + 1)") }
                    o.members.removeAll { $0.key == "hetu" }
                }
                XCTAssertEqual(o, without, "line \(i + 1)")
            }
        }
        XCTAssertEqual(counts[0], 0)
        XCTAssertEqual(Double(counts[1]) / 2_000, 0.5, accuracy: 0.04)
        XCTAssertGreaterThan(counts[3], 1_985, "all but undocumented people at rate 1")
    }

    func testAssessedOnIsWithinTheRangeOnEveryCase() throws {
        // Default: 2026-01-01 … 2026-10-31, both ends used.
        let dates = Self.caseload.objects.map { CalendarDate(iso: $0["assessed_on"]!.stringValue!)! }
        XCTAssertEqual(dates.count, 20_000)
        XCTAssertEqual(dates.min(), date("2026-01-01"))
        XCTAssertEqual(dates.max(), date("2026-10-31"))
        XCTAssertEqual(Set(dates).count, 304, "every day of the range")
        // A range across a year end, and a single day; hetus follow the date.
        let cases: [(DateRange, Set<String>)] = [
            (DateRange(parsing: "2025-12-30..2026-01-02")!, ["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"]),
            (DateRange(parsing: "2025-06-01")!, ["2025-06-01"]),
        ]
        for (range, expected) in cases {
            let generator = CaseloadGenerator(GeneratorOptions(count: 2_000, seed: 9, assessedOn: range))
            var seen = Set<String>()
            for (i, line) in lines(generator.bytes()).enumerated() {
                let o = try JSONReader.parse(Array(line))
                let d = try XCTUnwrap(o["assessed_on"]?.stringValue)
                seen.insert(d)
                if let h = o["hetu"]?.stringValue, generator.syntheticCase(i).hetu?.kind == .consistent {
                    XCTAssertEqual(completedYears(born: Hetu.birthDate(h)!, on: date(d)), generator.syntheticCase(i).age)
                }
            }
            XCTAssertEqual(seen, expected, "\(range)")
        }
        XCTAssertNil(DateRange(parsing: "2026-02-01..2026-01-31"), "an empty range")
        XCTAssertNil(DateRange(parsing: "2026-02-29"))
        XCTAssertNil(DateRange(parsing: "2026-01-01...2026-02-01"))
        XCTAssertNil(DateRange(parsing: "2026-01-01.."))
        XCTAssertEqual(DateRange.v2Default.days, 304)
    }

    /// Assessed on 28 February of a common year, people born on 29 February have just completed
    /// a year; hetus agree with that.
    func testLeapDayBirthdaysOnTwentyEighthFebruary() throws {
        let generator = CaseloadGenerator(GeneratorOptions(count: 30_000, seed: 5, assessedOn: DateRange(parsing: "2027-02-28")!))
        var leapBirthdays = 0
        for i in 0..<30_000 {
            let c = generator.syntheticCase(i)
            guard let h = c.hetu, h.kind == .consistent else { continue }
            XCTAssertEqual(completedYears(born: h.birthDate, on: c.assessedOn), c.age)
            if h.birthDate.month == 2 && h.birthDate.day == 29 {
                leapBirthdays += 1
                XCTAssertEqual(h.birthDate.year, 2027 - c.age, "born on 29 February \(c.age) years back: a birthday today")
            }
        }
        XCTAssertGreaterThan(leapBirthdays, 3)
    }

    func testTheSituationsMODELV2TreatsSpeciallyOccurAtTheirRates() throws {
        let (generator, objects) = Self.caseload
        let n = Double(objects.count)
        var count: [String: Int] = [:]
        func add(_ key: String, _ condition: Bool) { if condition { count[key, default: 0] += 1 } }
        func share(_ key: String) -> Double { Double(count[key] ?? 0) / n }
        for (i, o) in objects.enumerated() {
            let age = Int(o["age"]!.numberValue!.int64!)
            let flags = o["flags"]?.objectValue ?? JSONObject()
            func flag(_ id: String) -> Bool { flags[id] == .bool(true) }
            let coping = o["coping"]?.objectValue ?? JSONObject()
            func item(_ id: String) -> Int { coping[id].flatMap { $0.numberValue?.int64 }.map(Int.init) ?? -1 }
            let risk = o["risk"]?.objectValue ?? JSONObject()
            let gaps = 12 - risk.count
            let children = Int(o["household"]?["children"]?.numberValue?.int64 ?? 0)
            let c = generator.syntheticCase(i)

            // Flags: written only where true, in the contract order, the 16th last.
            XCTAssertTrue(flags.members.allSatisfy { $0.value == .bool(true) })
            XCTAssertEqual(flags.keys, Vocabulary.flags.filter { flags.keys.contains($0) })

            add("75+", age >= 75)
            add("care", flag("care_allowance_highest"))
            add("care 75+", flag("care_allowance_highest") && age >= 75)
            add("care 75+ memory", flag("care_allowance_highest") && age >= 75 && item("concentration_memory") >= 3)
            if flag("care_allowance_highest") {
                XCTAssertTrue(age >= 65 || c.situations.contains(.disability), "only pensioners: line \(i + 1)")
            }
            add("minor", age < 18)
            add("15", age == 15)
            add("unaccompanied minor", age < 18 && flag("unaccompanied_minor"))
            add("unaccompanied 18-19", age >= 18 && flag("unaccompanied_minor"))
            if flag("unaccompanied_minor") { XCTAssertLessThanOrEqual(age, 19) }
            add("undocumented", flag("undocumented"))
            if flag("undocumented") { XCTAssertGreaterThanOrEqual(gaps, 6, "not in the registers: line \(i + 1)") }
            add("gaps 1-3", (1...3).contains(gaps))
            add("gaps 4+", gaps >= 4)
            let housing = risk["housing"]?.stringValue
            add("homeless", housing == "homeless" || housing == "long_term_homeless")
            add("long-term homeless", housing == "long_term_homeless")
            add("inpatient", risk["psychiatric_care_12m"] == .string("inpatient"))
            add("prison", risk["released_from_prison_12m"] == .bool(true))
            add("child welfare", risk["child_welfare_household"] == .bool(true))
            let violence = flag("violence_close_relationship"), unsafe = item("unsafe_at_home") >= 3
            let crisis = item("sudden_crisis") == 4, danger = flag("immediate_danger")
            add("violence", violence)
            add("unsafe", unsafe)
            add("crisis", crisis)
            add("danger", danger)
            add("safety", violence || unsafe || crisis || danger)
            add("safety with children", (violence || unsafe || crisis || danger) && children >= 1)
            add("violence with children", violence && children >= 1)
        }
        func within(_ key: String, _ lo: Double, _ hi: Double) {
            XCTAssertTrue((lo...hi).contains(share(key)), "\(key): \(share(key))")
        }
        within("75+", 0.07, 0.11)
        within("care", 0.012, 0.025)
        within("care 75+", 0.008, 0.016)
        within("care 75+ memory", 0.005, 0.014)
        within("minor", 0.02, 0.03)
        within("15", 0.005, 0.012)
        within("unaccompanied minor", 0.001, 0.003)
        within("unaccompanied 18-19", 0.0002, 0.001)
        within("undocumented", 0.002, 0.005)
        within("gaps 1-3", 0.2, 0.3)
        within("gaps 4+", 0.01, 0.025)
        within("homeless", 0.04, 0.065)
        within("long-term homeless", 0.015, 0.03)
        within("inpatient", 0.07, 0.12)
        within("prison", 0.012, 0.03)
        within("child welfare", 0.05, 0.09)
        within("violence", 0.03, 0.05)
        within("unsafe", 0.015, 0.035)
        within("crisis", 0.02, 0.04)
        within("danger", 0.004, 0.009)
        within("safety", 0.055, 0.09)
        within("safety with children", 0.015, 0.03)
        within("violence with children", 0.01, 0.02)
    }
}
