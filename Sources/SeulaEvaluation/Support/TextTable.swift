/// A plain-text table with a header row, right-aligned numbers and left-aligned first column:
/// what the commands print on stdout. Column widths fit the widest cell.
///
/// Complexity: O(cells).
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []
    /// Columns (by index) that are left-aligned; the rest are right-aligned.
    public var leftAligned: Set<Int> = [0]

    public init(_ header: [String]) {
        self.header = header
    }

    public mutating func add(_ row: [String]) {
        rows.append(row)
    }

    public func render(indent: String = "  ") -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out: [String] = []
        for row in all {
            var cells: [String] = []
            for i in 0..<columns {
                let cell = i < row.count ? row[i] : ""
                cells.append(leftAligned.contains(i) ? NumberText.left(cell, widths[i]) : NumberText.right(cell, widths[i]))
            }
            var line = indent + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            out.append(line)
        }
        return out.joined(separator: "\n") + "\n"
    }
}
