/// How a CSV file is written: the field separator, and for output the line end, a byte-order
/// mark, the decimal separator and how a list is joined into one cell.
///
/// Input needs none of this from the user: the separator is sniffed from the header row (`,`,
/// `;` or tab), a byte-order mark is skipped and `\r\n` line ends are accepted whatever the
/// dialect.
public struct CSVDialect: Sendable, Equatable {
    public var delimiter: UInt8
    public var byteOrderMark: Bool
    public var lineEnd: [UInt8]
    /// Numbers with a decimal comma (`46,9`).
    public var decimalComma: Bool
    /// Between the items of a list in one cell.
    public var listSeparator: String

    /// RFC 4180 as most programs read it: `,`, LF, `.` decimals, lists joined with `;`.
    public static let comma = CSVDialect(delimiter: UInt8(ascii: ","), byteOrderMark: false, lineEnd: [0x0A], decimalComma: false, listSeparator: ";")
    /// What Excel in Finland writes and reads: `;`, a UTF-8 byte-order mark, CRLF, decimal
    /// comma, lists joined with `, `.
    public static let excel = CSVDialect(delimiter: UInt8(ascii: ";"), byteOrderMark: true, lineEnd: [0x0D, 0x0A], decimalComma: true, listSeparator: ", ")

    public init(delimiter: UInt8, byteOrderMark: Bool, lineEnd: [UInt8], decimalComma: Bool, listSeparator: String) {
        self.delimiter = delimiter
        self.byteOrderMark = byteOrderMark
        self.lineEnd = lineEnd
        self.decimalComma = decimalComma
        self.listSeparator = listSeparator
    }

    /// `comma` or `excel` (the `--csv` values).
    public init?(name: String) {
        switch name {
        case "comma": self = .comma
        case "excel": self = .excel
        default: return nil
        }
    }

    public static let byteOrderMarkBytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The separator a header row uses: whichever of `,` `;` and tab occurs most outside quotes
    /// (a tie, or none: `,`). A header names field paths, which contain none of the three.
    public static func sniffDelimiter(_ header: UnsafeRawBufferPointer) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var quoted = false
        for b in header {
            if b == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted, counts[b] != nil { counts[b]! += 1 }
        }
        let comma = counts[UInt8(ascii: ",")]!, semicolon = counts[UInt8(ascii: ";")]!, tab = counts[0x09]!
        if semicolon > comma && semicolon >= tab { return UInt8(ascii: ";") }
        if tab > comma && tab > semicolon { return 0x09 }
        return UInt8(ascii: ",")
    }

    /// `comma`, `semicolon` or `tab`, for messages.
    public static func name(of delimiter: UInt8) -> String {
        switch delimiter {
        case UInt8(ascii: ";"): return "semicolon"
        case 0x09: return "tab"
        default: return "comma"
        }
    }
}
