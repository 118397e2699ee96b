/// CSV rows → JSON lines on bytes, so a CSV caseload takes the fast reader (`seula score
/// in.csv`). It takes only the rows whose JSON it can write without interpretation: no quote,
/// backslash or control byte (so no multi-line record), valid UTF-8, the header's number of
/// fields (split at the header's separator), integers written as plain JSON integers
/// (`-?(0|[1-9][0-9]*)`, at most 18 digits), true/false cells in one of the words
/// `CaseCSVReader.boolean` knows or passed on as text. Any other row returns false and goes
/// through `CaseCSVReader.object`, the general path, which decides what it means — so both
/// give the same answer for every row (a test compares them). It only ever accepts: every
/// error is the general path's.
///
/// The JSON has the members `CaseCSVReader.object` builds: a top-level member per non-empty
/// top-level cell, and one object per group (`coping`, `risk`, …) that has a non-empty cell.
struct CSVTranscoder {
    struct Column {
        var kind: CaseCSVReader.Kind
        /// `"name":`
        var key: [UInt8]
    }

    let columns: [Column]
    /// The field separator (the header's).
    let delimiter: UInt8
    /// Column indices at the top level, and per group (with the group's `"name":{`).
    let topLevel: [Int]
    let groups: [(opener: [UInt8], columns: [Int])]
    /// False when a top-level column has a group's name (the general path decides which
    /// one counts).
    let usable: Bool

    init(_ reader: CaseCSVReader) {
        func key(_ s: String) -> [UInt8] { Array("\"\(s)\":".utf8) }
        var top: [Int] = []
        var groupNames: [String] = []
        var groupColumns: [String: [Int]] = [:]
        var cols: [Column] = []
        var plain = true
        for (i, c) in reader.columns.enumerated() {
            let name = c.path.last!
            // A name that would need escaping in JSON: leave the whole file to the general path.
            if name.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { plain = false }
            cols.append(Column(kind: c.kind, key: key(name)))
            if c.path.count == 1 {
                top.append(i)
            } else {
                if groupColumns[c.path[0]] == nil { groupNames.append(c.path[0]) }
                groupColumns[c.path[0], default: []].append(i)
            }
        }
        columns = cols
        delimiter = reader.delimiter
        topLevel = top
        groups = groupNames.map { (Array("\"\($0)\":{".utf8), groupColumns[$0]!) }
        let topNames = Set(top.map { reader.columns[$0].path[0] })
        usable = plain && topNames.isDisjoint(with: groupNames)
    }

    /// Appends the row's JSON line to `out`; false (and `out` as it was) when the row needs the
    /// general path. `cells` is scratch space for the field boundaries.
    func transcode(_ row: UnsafeRawBufferPointer, into out: inout [UInt8], cells: inout [Range<Int>]) -> Bool {
        guard usable else { return false }
        var ascii = true
        cells.removeAll(keepingCapacity: true)
        var start = 0
        for i in 0..<row.count {
            let b = row[i]
            if b == delimiter {
                cells.append(start..<i)
                start = i + 1
            } else if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                return false
            } else if b >= 0x80 {
                ascii = false
            }
        }
        cells.append(start..<row.count)
        guard cells.count == columns.count else { return false }
        if !ascii && String(validating: row, as: UTF8.self) == nil { return false }
        let mark = out.count
        out.append(UInt8(ascii: "{"))
        var first = true
        for i in topLevel where !cells[i].isEmpty {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            guard write(i, row, &out, cells) else { out.removeSubrange(mark...); return false }
        }
        for group in groups {
            guard group.columns.contains(where: { !cells[$0].isEmpty }) else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out += group.opener
            var firstInGroup = true
            for i in group.columns where !cells[i].isEmpty {
                if !firstInGroup { out.append(UInt8(ascii: ",")) }
                firstInGroup = false
                guard write(i, row, &out, cells) else { out.removeSubrange(mark...); return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// One `"key":value` member, as `CaseCSVReader.value` types the cell; false when the
    /// general path must decide.
    private func write(_ i: Int, _ row: UnsafeRawBufferPointer, _ out: inout [UInt8], _ cells: [Range<Int>]) -> Bool {
        let cell = UnsafeRawBufferPointer(rebasing: row[cells[i]])
        out += columns[i].key
        switch columns[i].kind {
        case .text:
            quoted(cell, &out)
        case .integer:
            guard Self.isPlainInteger(cell) else { return false }
            out.append(contentsOf: cell)
        case .boolean:
            if Self.equals(cell, "true") || Self.equals(cell, "false") {
                out.append(contentsOf: cell)
            } else if let b = CaseCSVReader.boolean(String(decoding: cell, as: UTF8.self)) {
                out += b ? Self.trueBytes : Self.falseBytes
            } else {
                quoted(cell, &out)
            }
        case .integerOrBoolean:
            if Self.isPlainInteger(cell) { out.append(contentsOf: cell); return true }
            guard let b = CaseCSVReader.boolean(String(decoding: cell, as: UTF8.self)) else { return false }
            out += b ? Self.trueBytes : Self.falseBytes
        case .number, .textList:
            return false
        }
        return true
    }

    static let trueBytes = Array("true".utf8)
    static let falseBytes = Array("false".utf8)

    private func quoted(_ cell: UnsafeRawBufferPointer, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: cell)
        out.append(UInt8(ascii: "\""))
    }

    static func isPlainInteger(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        let digits = b.count - i
        guard digits >= 1, digits <= 18 else { return false }
        // No leading zeros, and no "-0" (the general path reads it as 0; keep it there).
        if b[i] == UInt8(ascii: "0") && (digits > 1 || i > 0) { return false }
        while i < b.count {
            guard b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9") else { return false }
            i += 1
        }
        return true
    }

    static func equals(_ b: UnsafeRawBufferPointer, _ s: StaticString) -> Bool {
        guard b.count == s.utf8CodeUnitCount else { return false }
        let p = s.utf8Start
        for i in 0..<b.count where b[i] != p[i] { return false }
        return true
    }
}
