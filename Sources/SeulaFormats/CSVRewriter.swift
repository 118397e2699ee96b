/// Rewrites comma-separated CSV (`seula generate --format csv`) in another dialect, line by
/// line: each record's cells are read and written again with the dialect's separator, quoting,
/// line end and list separator (in the columns named in `listColumns`), and a byte-order mark
/// before the first line where the dialect has one. A line that cannot be read is kept as it is,
/// its commas turned into the dialect's separator (so it stays unreadable the same way).
/// Records must be single lines (the generator writes no line breaks inside cells).
public struct CSVRewriter {
    public let dialect: CSVDialect
    public let listColumnNames: Set<String>
    private var listColumns: Set<Int> = []
    private var started = false

    public init(to dialect: CSVDialect, listColumns: Set<String> = ["label.services"]) {
        self.dialect = dialect
        self.listColumnNames = listColumns
    }

    /// Rewrites whole lines (the first call must start with the header).
    public mutating func rewrite(_ bytes: borrowing [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16 + 3)
        bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                var end = start
                while end < all.count && all[end] != 0x0A { end += 1 }
                var line = UnsafeRawBufferPointer(rebasing: all[start..<end])
                if line.last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
                if !started {
                    started = true
                    if dialect.byteOrderMark { out += CSVDialect.byteOrderMarkBytes }
                    if let names = CaseCSVReader.fields(line) {
                        listColumns = Set(names.indices.filter { listColumnNames.contains(names[$0]) })
                    }
                }
                if let cells = CaseCSVReader.fields(line) {
                    for (i, cell) in cells.enumerated() {
                        if i > 0 { out.append(dialect.delimiter) }
                        let text = listColumns.contains(i)
                            ? cell.split(separator: ";", omittingEmptySubsequences: false).joined(separator: dialect.listSeparator) : cell
                        CSVField.append(text, to: &out, dialect: dialect)
                    }
                } else {
                    out += line.map { $0 == UInt8(ascii: ",") ? dialect.delimiter : $0 }
                }
                if end < all.count { out += dialect.lineEnd }
                start = end + 1
            }
        }
        return out
    }
}
