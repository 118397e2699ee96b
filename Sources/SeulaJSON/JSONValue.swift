/// A parsed JSON document, as RFC 8259 defines it.
///
/// Objects keep their members in document order (so error messages and the model checker can
/// point at what the author wrote); lookups by key see the **last** member with that key, the
/// reading most JSON libraries share (Python's `json`, JavaScript's `JSON.parse`).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A short name of the value's JSON type, for error messages: "null", "boolean", "integer",
    /// "number", "string", "array", "object".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n } else { return nil } }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// Member lookup on an object (last duplicate wins); nil for a missing key or a non-object.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }
}

/// A JSON number, kept with enough information to tell `30` from `30.0` and `3e1`.
///
/// Only a literal with neither a fraction nor an exponent is an *integer*: MODEL-V1 says `30.0`
/// is not an int. An integer literal that does not fit `Int64` keeps `isInteger == true` and
/// `int64 == nil`, so a range check can say "out of range" rather than "wrong type".
public struct JSONNumber: Equatable, Sendable, CustomStringConvertible {
    /// True when the literal had no fraction and no exponent.
    public var isInteger: Bool
    /// The exact value when `isInteger` and it fits in Int64.
    public var int64: Int64?
    /// The nearest double (±infinity for literals beyond Double's range).
    public var double: Double
    /// The literal as read, kept when the value alone could not write it back byte for byte (a
    /// fraction or exponent, an integer beyond Int64, `-0`), so an echoed `req` is the client's
    /// own text (`1e400` stays `1e400`, not null). nil for numbers made in code.
    public var literal: String?

    public init(isInteger: Bool, int64: Int64?, double: Double, literal: String? = nil) {
        self.isInteger = isInteger
        self.int64 = int64
        self.double = double
        self.literal = literal
    }

    /// Equal values, whatever their literals (`1.50` and `1.5` are the same number).
    public static func == (a: JSONNumber, b: JSONNumber) -> Bool {
        a.isInteger == b.isInteger && a.int64 == b.int64 && (a.double == b.double || (a.double.isNaN && b.double.isNaN))
    }

    public init(_ value: Int) {
        self.init(isInteger: true, int64: Int64(value), double: Double(value))
    }

    public init(_ value: Double) {
        self.init(isInteger: false, int64: nil, double: value)
    }

    public var description: String {
        if let i = int64 { return String(i) }
        return String(double)
    }
}

/// The members of a JSON object, in document order.
public struct JSONObject: Equatable, Sendable {
    public var members: [(key: String, value: JSONValue)]

    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    /// The value of the last member named `key`, or nil.
    ///
    /// Complexity: O(n) in the number of members; objects here are small (≤ ~40 members).
    public subscript(key: String) -> JSONValue? {
        var i = members.count - 1
        while i >= 0 {
            if members[i].key == key { return members[i].value }
            i -= 1
        }
        return nil
    }

    /// The distinct keys in order of first appearance.
    public var keys: [String] {
        var seen = Set<String>()
        var out: [String] = []
        for m in members where seen.insert(m.key).inserted { out.append(m.key) }
        return out
    }

    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.members.count == b.members.count else { return false }
        for (x, y) in zip(a.members, b.members) where x.key != y.key || x.value != y.value {
            return false
        }
        return true
    }
}
