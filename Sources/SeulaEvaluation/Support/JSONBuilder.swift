import SeulaCore
import SeulaJSON

/// Small constructors for the machine-readable (`--json`) output, written canonically (keys
/// sorted, see `JSONWriter.value`). Fractional figures are rounded to a fixed number of
/// decimals first (6 unless stated), so the bytes do not depend on the last bits of a sum;
/// a value that is not finite is `null`.
public enum JSONBuilder {
    public static func number(_ x: Double, decimals: Int = 6) -> JSONValue {
        guard x.isFinite else { return .null }
        let text = DecimalFormat.fixed(x, decimals: decimals)
        return .number(JSONNumber(Double(text) ?? x))
    }

    /// A threshold or point value: an integer literal when whole (`40`), else the shortest decimal.
    public static func exact(_ x: Double) -> JSONValue {
        guard x.isFinite else { return .null }
        if x == x.rounded(), abs(x) < 9e15 { return .number(JSONNumber(Int(x))) }
        return .number(JSONNumber(x))
    }

    public static func int(_ i: Int) -> JSONValue { .number(JSONNumber(i)) }

    public static func string(_ s: String) -> JSONValue { .string(s) }

    public static func optionalString(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    public static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(members.map { (key: $0.0, value: $0.1) }))
    }

    public static func array(_ values: [JSONValue]) -> JSONValue { .array(values) }

    /// The canonical bytes plus a newline: what every `--json` writes on stdout.
    public static func line(_ v: JSONValue) -> [UInt8] { v.canonicalBytes + [0x0A] }
}
