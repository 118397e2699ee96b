/// Writes CSV fields: quoted only where needed, and a cell that a spreadsheet would run as a
/// formula neutralised (OWASP's CSV-injection rule): a cell beginning with `=` `+` `-` `@`, tab
/// or carriage return gets a `'` in front and is quoted — unless it is a plain number such as
/// `-16.6`, which no spreadsheet reads as a formula.
public enum CSVField {
    public static func append(_ s: String, to out: inout [UInt8], dialect: CSVDialect = .comma) {
        let neutralise = startsLikeFormula(s)
        let needsQuotes = neutralise || s.utf8.contains { $0 == dialect.delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes {
            out.append(contentsOf: s.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        if neutralise { out.append(UInt8(ascii: "'")) }
        for b in s.utf8 {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// True for a cell a spreadsheet could read as a formula.
    public static func startsLikeFormula(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D:
            return !isPlainNumber(s)
        default:
            return false
        }
    }

    /// `-12`, `-16.6`, `+3,5`: a sign, digits, and at most one `.` or `,` with digits after it.
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if let f = u.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { u = u.dropFirst() }
        var digits = 0, separators = 0, afterSeparator = 0
        for b in u {
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                digits += 1
                if separators > 0 { afterSeparator += 1 }
            } else if (b == UInt8(ascii: ".") || b == UInt8(ascii: ",")) && separators == 0 && digits > 0 {
                separators += 1
            } else {
                return false
            }
        }
        return digits > 0 && (separators == 0 || afterSeparator > 0)
    }
}
