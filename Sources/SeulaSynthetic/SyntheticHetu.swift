import SeulaCore

/// An inclusive range of days, `FROM..TO` (or a single day): the `assessed_on` dates of a caseload.
public struct DateRange: Sendable, Equatable, CustomStringConvertible {
    public let from: CalendarDate
    public let to: CalendarDate
    /// `from`'s day number (`Days.number`).
    let firstDay: Int
    /// Number of days in the range.
    public let days: Int

    /// nil when `to` is before `from`.
    public init?(from: CalendarDate, to: CalendarDate) {
        guard from <= to else { return nil }
        self.from = from
        self.to = to
        firstDay = Days.number(from)
        days = Days.number(to) - firstDay + 1
    }

    public init(day: CalendarDate) {
        self.init(from: day, to: day)!
    }

    /// `YYYY-MM-DD` or `YYYY-MM-DD..YYYY-MM-DD` (inclusive); nil when malformed, a date does not
    /// exist, or the range is empty.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 1 {
            guard let d = CalendarDate(iso: text) else { return nil }
            self.init(day: d)
        } else {
            guard parts.count == 3, parts[1].isEmpty, let a = CalendarDate(iso: String(parts[0])),
                  let b = CalendarDate(iso: String(parts[2])) else { return nil }
            self.init(from: a, to: b)
        }
    }

    /// 2026-01-01..2026-10-31: every default case is assessed while MODEL-V2 is in force.
    public static let v2Default = DateRange(from: CalendarDate(year: 2026, month: 1, day: 1)!,
                                            to: CalendarDate(year: 2026, month: 10, day: 31)!)!

    public var description: String { from == to ? "\(from)" : "\(from)..\(to)" }
}

/// Day arithmetic the core does not need: day numbers and whole years of age.
public enum Days {
    /// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
    public static func number(_ d: CalendarDate) -> Int {
        let y = d.month <= 2 ? d.year - 1 : d.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (d.month + 9) % 12
        let doy = (153 * mp + 2) / 5 + d.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (inverse of `number`).
    public static func date(_ n: Int) -> CalendarDate {
        let z = n + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return CalendarDate(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)!
    }

    /// Whole years completed on `day` by someone born on `birth` (negative when born later).
    /// Someone born on 29 February completes a year on 28 February in a common year (Laki
    /// määräaikojen laskemisesta 150/1930, 4 §; MODEL-V2 clarification 12).
    public static func age(born birth: CalendarDate, on day: CalendarDate) -> Int {
        var anniversaryDay = birth.day
        if birth.month == 2 && birth.day == 29 && !CalendarDate.isLeap(day.year) { anniversaryDay = 28 }
        let reached = (day.month, day.day) >= (birth.month, anniversaryDay)
        return day.year - birth.year - (reached ? 0 : 1)
    }
}

/// A synthetic personal identity code (henkilötunnus, `DDMMYYCNNNT`): the birth date, the
/// century sign and the individual number; the check character is computed when written.
public struct SyntheticHetu: Sendable, Equatable {
    /// How the code relates to the case's `age` on its `assessed_on`.
    public enum Kind: Sendable, Equatable {
        /// The birth date gives exactly `age` on `assessed_on`.
        case consistent
        /// The birth date gives another age (off by `offset` years; the birth date is still on
        /// or before `assessed_on`).
        case wrongAge(offset: Int)
        /// The birth date is after `assessed_on`.
        case bornAfterAssessment
    }

    public var birthDate: CalendarDate
    /// `-`, `Y X W V U` (1900s), `A`, `B C D E F` (2000s).
    public var centurySign: UInt8
    /// 002–899: even for women, odd for men (as in real codes), either for `x`.
    public var individualNumber: Int
    public var kind: Kind

    /// Literals, not arrays: no lazy global to check on every case.
    static let checkCharacters: StaticString = "0123456789ABCDEFHJKLMNPRSTUVWXY"
    static let newSigns1900s: StaticString = "YXWVU"
    static let newSigns2000s: StaticString = "BCDEF"

    /// The 11 characters.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 11)
        out.withUnsafeMutableBufferPointer { write(into: $0.baseAddress!) }
        return out
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes the 11 characters at `p`.
    @inline(__always)
    func write(into p: UnsafeMutablePointer<UInt8>) {
        let dd = birthDate.day, mm = birthDate.month, yy = birthDate.year % 100, nnn = individualNumber
        p[0] = UInt8(truncatingIfNeeded: dd / 10) &+ 0x30
        p[1] = UInt8(truncatingIfNeeded: dd % 10) &+ 0x30
        p[2] = UInt8(truncatingIfNeeded: mm / 10) &+ 0x30
        p[3] = UInt8(truncatingIfNeeded: mm % 10) &+ 0x30
        p[4] = UInt8(truncatingIfNeeded: yy / 10) &+ 0x30
        p[5] = UInt8(truncatingIfNeeded: yy % 10) &+ 0x30
        p[6] = centurySign
        p[7] = UInt8(truncatingIfNeeded: nnn / 100) &+ 0x30
        p[8] = UInt8(truncatingIfNeeded: nnn / 10 % 10) &+ 0x30
        p[9] = UInt8(truncatingIfNeeded: nnn % 10) &+ 0x30
        let nine = (dd * 10_000 + mm * 100 + yy) * 1_000 + nnn
        p[10] = Self.checkCharacters.utf8Start[nine % 31]
    }
}

/// Who gets a hetu, and which (`--hetu-rate R`).
///
/// - A case carries a hetu with probability R; an undocumented person with probability R/10
///   (a code from an earlier residence permit — most have none).
/// - The birth date is uniform over the days that give exactly the case's `age` on its
///   `assessed_on` (whole years completed; a 29 February birthday completes on 28 February in a
///   common year), except: 0.5 % of hetus give another age (off by 1 in 60 % of them, 2–5 in
///   30 %, 10 in 10 %, up or down), and 0.1 % have a birth date 1–730 days after `assessed_on`.
/// - The century sign is `-` (1900s) or `A` (2000s); one of the new signs (`Y X W V U`,
///   `B C D E F`, in use since 2023) for 50 % of recent immigrants and 2 % of everyone else.
/// - The individual number is 002–899, even for women and odd for men (as real codes are).
///
/// The draws come from a stream of their own (seed, 4, index), so the rest of the case does not
/// depend on R, and a higher R only adds hetus (the ones already there stay the same).
enum HetuModel {
    static let wrongAgeShare = 0.005
    static let bornAfterShare = 0.001
    static let undocumentedFactor = 0.1

    static func draw(_ c: SyntheticCase, seed: UInt64, rate: Double) -> SyntheticHetu? {
        guard rate > 0 else { return nil }
        var rng = SplitMix64(seed: streamSeed(seed, 4, c.index))
        let p = c.situations.contains(.undocumented) ? rate * undocumentedFactor : rate
        guard rng.unit() < p else { return nil }
        let assessed = Days.number(c.assessedOn)
        let mode = rng.unit()
        let kind: SyntheticHetu.Kind
        let date: CalendarDate
        if mode < bornAfterShare {
            kind = .bornAfterAssessment
            date = Days.date(assessed + 1 + rng.below(730))
        } else if mode < bornAfterShare + wrongAgeShare {
            let m = rng.unit()
            var offset = m < 0.6 ? 1 : (m < 0.9 ? rng.between(2, 5) : 10)
            if rng.chance(0.5) { offset = -offset }
            if c.age + offset < 0 || c.age + offset > 120 { offset = -offset }
            kind = .wrongAge(offset: offset)
            date = birthDate(age: c.age + offset, on: c.assessedOn, &rng)
        } else {
            kind = .consistent
            date = birthDate(age: c.age, on: c.assessedOn, &rng)
        }
        let newSign = rng.chance(c.situations.contains(.recentImmigrant) ? 0.5 : 0.02)
        let sign: UInt8
        switch date.year {
        case 1900...1999: sign = newSign ? SyntheticHetu.newSigns1900s.utf8Start[rng.below(5)] : UInt8(ascii: "-")
        case 2000...2099: sign = newSign ? SyntheticHetu.newSigns2000s.utf8Start[rng.below(5)] : UInt8(ascii: "A")
        default: sign = UInt8(ascii: "+")   // 1800s: not reached for ages ≤ 120 from 2021 on
        }
        let number: Int
        switch c.gender {
        case .female: number = 2 + 2 * rng.below(449)    // 002, 004, …, 898
        case .male: number = 3 + 2 * rng.below(449)      // 003, 005, …, 899
        case .other: number = rng.between(2, 899)
        }
        return SyntheticHetu(birthDate: date, centurySign: sign, individualNumber: number, kind: kind)
    }

    /// A birth date uniform over those that give `age` whole years on `day`: a uniform candidate
    /// from the surrounding ~13 months, redrawn until it fits (≈ 92 % do).
    static func birthDate(age: Int, on day: CalendarDate, _ rng: inout SplitMix64) -> CalendarDate {
        let lo = Days.number(CalendarDate(year: day.year - age - 1, month: day.month, day: 1)!)
        let hiYear = day.year - age
        let hi = Days.number(CalendarDate(year: hiYear, month: day.month,
                                          day: CalendarDate.daysIn(month: day.month, year: hiYear))!)
        while true {
            let candidate = Days.date(lo + rng.below(hi - lo + 1))
            if Days.age(born: candidate, on: day) == age { return candidate }
        }
    }
}
