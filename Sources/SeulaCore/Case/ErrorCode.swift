/// The error codes of PROTOCOL.md, one per kind of problem. Each answer with `"ok":false`
/// carries exactly one, with the field `path` and a message naming the field.
public enum ErrorCode: String, Sendable, CaseIterable {
    /// The line is not valid JSON (syntax, invalid UTF-8, nesting too deep).
    case invalidJSON = "invalid_json"
    /// A CSV row that cannot be read (unclosed quote, wrong number of fields, bad header).
    case invalidCSV = "invalid_csv"
    /// The line is valid JSON but not an object.
    case notAnObject = "not_an_object"
    /// The line is longer than `--max-line-bytes`.
    case lineTooLong = "line_too_long"
    /// A required field (`id`, `age`) is absent or null.
    case missingField = "missing_field"
    /// A field has the wrong JSON type (`30.0` or `true` where an integer is required).
    case invalidType = "invalid_type"
    /// A value outside its range or list (age 121, housing 'castle', a date that does not exist).
    case outOfRange = "out_of_range"
    /// A field the contract does not know, in `--strict` mode only.
    case unknownField = "unknown_field"
    /// A personal identity code with a bad format, date or check character.
    case invalidHetu = "invalid_hetu"
    /// A hetu was given but no pseudonym key is configured, so it cannot be pseudonymised.
    case noPseudonymKey = "no_pseudonym_key"
    /// A command with an `op` Seula does not know.
    case unknownOp = "unknown_op"
    /// A bug in Seula: logged with detail on stderr; the daemon goes on.
    case `internal` = "internal"
}

/// A problem with one input line or case: the code, the field path and a plain message.
public struct CaseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var code: ErrorCode
    /// The field, as a dotted path (`coping.paying_bills`); empty for the whole line.
    public var path: String
    public var message: String

    public init(_ code: ErrorCode, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? "\(code.rawValue): \(message)" : "\(code.rawValue) at \(path): \(message)" }
}
