/// The Finnish personal identity code (henkilötunnus): `DDMMYYCNNNT`.
///
/// - `C`, the century sign: `+` 1800s; `-`, `Y`, `X`, `W`, `V`, `U` 1900s; `A`, `B`, `C`, `D`,
///   `E`, `F` 2000s (the extra signs came into use in 2023).
/// - `NNN`, the individual number, 002–899 (900–999 are temporary codes, also valid).
/// - `T`, the check character: the nine digits `DDMMYYNNN` as one number, mod 31, indexed
///   into `0123456789ABCDEFHJKLMNPRSTUVWXY`.
///
/// A hetu is personal data: it is validated, pseudonymised by the caller, and never echoed or
/// logged. Error messages here therefore describe the problem without quoting the code.
public enum Hetu {
    public static let checkCharacters = Array("0123456789ABCDEFHJKLMNPRSTUVWXY".utf8)

    /// The century a sign stands for, or nil.
    public static func century(ofSign sign: UInt8) -> Int? {
        switch sign {
        case UInt8(ascii: "+"): return 1800
        case UInt8(ascii: "-"), UInt8(ascii: "Y"), UInt8(ascii: "X"), UInt8(ascii: "W"), UInt8(ascii: "V"), UInt8(ascii: "U"): return 1900
        case UInt8(ascii: "A"), UInt8(ascii: "B"), UInt8(ascii: "C"), UInt8(ascii: "D"), UInt8(ascii: "E"), UInt8(ascii: "F"): return 2000
        default: return nil
        }
    }

    /// The checks a hetu must pass, in the order they are made (the first that fails is the
    /// reason given). The raw values name them in the decision log's redacted input.
    public enum Check: String, Error, Sendable, CaseIterable {
        case length
        case birthDateDigits = "birth_date_digits"
        case centurySign = "century_sign"
        case individualDigits = "individual_digits"
        case individualNumber = "individual_number"
        case birthDate = "birth_date"
        case checkCharacter = "check_character"

        /// Why a code failed this check (it never quotes the code).
        public var message: String {
            switch self {
            case .length: return "a personal identity code has 11 characters (DDMMYYCNNNT)"
            case .birthDateDigits: return "the first six characters must be the birth date as digits (DDMMYY)"
            case .centurySign: return "the seventh character must be a century sign: + (1800s), - Y X W V U (1900s) or A B C D E F (2000s)"
            case .individualDigits: return "characters 8-10 must be digits (the individual number)"
            case .individualNumber: return "the individual number must be 002-999"
            case .birthDate: return "the birth date in the code does not exist"
            case .checkCharacter: return "the check character does not match"
            }
        }
    }

    /// Every check on a code already upper-cased: its birth date, or the first check it fails.
    /// The one sequence behind `validate`, `birthDate` and the decision log's redaction
    /// (`parse(ascii:)` repeats it without allocating, for the fast reader; tests hold them equal).
    public static func check(upperCased b: [UInt8]) -> Result<CalendarDate, Check> {
        guard b.count == 11 else { return .failure(.length) }
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let dd = digits(0..<2), let mm = digits(2..<4), let yy = digits(4..<6) else { return .failure(.birthDateDigits) }
        guard let century = century(ofSign: b[6]) else { return .failure(.centurySign) }
        guard let individual = digits(7..<10) else { return .failure(.individualDigits) }
        guard individual >= 2 else { return .failure(.individualNumber) }
        guard let birth = CalendarDate(year: century + yy, month: mm, day: dd) else { return .failure(.birthDate) }
        let nine = (dd * 10000 + mm * 100 + yy) * 1000 + individual
        guard b[10] == checkCharacters[nine % 31] else { return .failure(.checkCharacter) }
        return .success(birth)
    }

    /// Checks a hetu and returns its canonical form (upper case), or a reason it is invalid.
    /// Lower-case letters are accepted and upper-cased (people type them); nothing else is
    /// normalised.
    public static func validate(_ text: String) -> Result<String, CaseError> {
        let upper = text.uppercased()
        switch check(upperCased: Array(upper.utf8)) {
        case .success: return .success(upper)
        case .failure(let failed): return .failure(CaseError(.invalidHetu, path: "hetu", failed.message))
        }
    }

    /// The fast reader's check: 11 ASCII bytes (lower-case letters upper-cased, as `validate`
    /// does) → the canonical code and its birth date, or nil whenever `validate` would refuse
    /// them or they are not plain ASCII (the caller then leaves the line to the general path,
    /// which says why). Allocates only the 11-byte string (a small string: no heap).
    public static func parse(ascii bytes: UnsafeRawBufferPointer) -> (code: String, birth: CalendarDate)? {
        guard bytes.count == 11 else { return nil }
        var b: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &b) { u -> (code: String, birth: CalendarDate)? in
            for i in 0..<11 {
                var x = bytes[i]
                guard x < 0x80 else { return nil }
                if x >= UInt8(ascii: "a") && x <= UInt8(ascii: "z") { x -= 32 }
                u[i] = x
            }
            func digits(_ r: Range<Int>) -> Int? {
                var v = 0
                for i in r {
                    guard u[i] >= 48, u[i] <= 57 else { return nil }
                    v = v * 10 + Int(u[i] - 48)
                }
                return v
            }
            guard let dd = digits(0..<2), let mm = digits(2..<4), let yy = digits(4..<6),
                  let century = century(ofSign: u[6]), let individual = digits(7..<10), individual >= 2,
                  let birth = CalendarDate(year: century + yy, month: mm, day: dd) else { return nil }
            let nine = (dd * 10000 + mm * 100 + yy) * 1000 + individual
            guard u[10] == checkCharacters[nine % 31] else { return nil }
            return (String(decoding: UnsafeRawBufferPointer(u), as: UTF8.self), birth)
        }
    }

    /// The birth date encoded in a valid hetu.
    public static func birthDate(_ hetu: String) -> CalendarDate? {
        try? check(upperCased: Array(hetu.uppercased().utf8)).get()
    }
}
