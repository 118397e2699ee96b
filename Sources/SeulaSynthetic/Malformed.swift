import SeulaCore

/// The kinds of malformed line `--bad-rate` mixes in, each still a single line. A malformed line
/// replaces a case's line and is built from that case (so it looks like real, slightly broken
/// input). The kinds are drawn uniformly.
public enum MalformedKind: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case notJSON, truncated, invalidUTF8, array, number, string
    case idMissing, idNull, idNumber, idEmpty, idTooLong
    case ageDecimal, ageBoolean, ageText, ageTooHigh, ageNegative, ageMissing
    case itemOutOfScale, itemText, housingUnknown, negativeCount, flagText
    case householdNotObject, impossibleDate, blank, whitespace, deeplyNested, hugeExponent, hugeInteger

    public var description: String {
        switch self {
        case .notJSON: return "not JSON"
        case .truncated: return "truncated"
        case .invalidUTF8: return "invalid UTF-8"
        case .array: return "array instead of an object"
        case .number: return "number instead of an object"
        case .string: return "string instead of an object"
        case .idMissing: return "id missing"
        case .idNull: return "id null"
        case .idNumber: return "id a number"
        case .idEmpty: return "id empty"
        case .idTooLong: return "id of 129 characters"
        case .ageDecimal: return "age 30.0"
        case .ageBoolean: return "age true"
        case .ageText: return "age as text"
        case .ageTooHigh: return "age 121"
        case .ageNegative: return "age -1"
        case .ageMissing: return "age missing"
        case .itemOutOfScale: return "coping item 5"
        case .itemText: return "coping item as text"
        case .housingUnknown: return "housing 'castle'"
        case .negativeCount: return "count -1"
        case .flagText: return "flag 'yes'"
        case .householdNotObject: return "household not an object"
        case .impossibleDate: return "assessed_on not a date"
        case .blank: return "blank line"
        case .whitespace: return "whitespace-only line"
        case .deeplyNested: return "200 nested arrays"
        case .hugeExponent: return "1e400"
        case .hugeInteger: return "123456789012345678901234567890"
        }
    }

    /// The error Seula answers a JSON line of this kind with (`nil`: a blank line, no answer).
    public var expectedError: ErrorCode? {
        switch self {
        case .notJSON, .truncated, .invalidUTF8, .deeplyNested: return .invalidJSON
        case .array, .number, .string: return .notAnObject
        case .idMissing, .idNull, .ageMissing: return .missingField
        case .idNumber, .ageDecimal, .ageBoolean, .ageText, .itemText, .flagText, .householdNotObject, .hugeExponent:
            return .invalidType
        case .idEmpty, .idTooLong, .ageTooHigh, .ageNegative, .itemOutOfScale, .housingUnknown, .negativeCount,
             .impossibleDate, .hugeInteger:
            return .outOfRange
        case .blank, .whitespace: return nil
        }
    }

    /// The error for a CSV row of this kind, read by `CaseCSVReader` and validated. CSV cannot
    /// say null, an object or a quoted number, so those kinds become their CSV analogue: the JSON
    /// structure kinds, `idNumber` (text after a closing quote, `"syn-5"x`) and `deeplyNested` (200 extra fields) are
    /// rows that cannot be read; `idNull`/`idEmpty` are an empty id; a number as text is
    /// `34 y`/`2.0`; `householdNotObject` is `household.children` = `two`; invalid UTF-8 sits in
    /// the age cell (invalid_type once the reader replaces the bytes, or invalid_csv).
    public var expectedCSVError: ErrorCode? {
        switch self {
        case .notJSON, .truncated, .array, .number, .string, .idNumber, .deeplyNested: return .invalidCSV
        case .invalidUTF8: return .invalidType
        case .idNull, .idEmpty: return .missingField
        default: return expectedError
        }
    }
}

/// What replaces one line: the kind and a random number that picks the variant and target.
public struct Malformation: Sendable {
    public var kind: MalformedKind
    public var variant: UInt32
}
