import SeulaCore
import SeulaFormats
import SeulaJSON
import SeulaService
import SeulaTransport

/// One non-blank input row: the case object with its `label` member taken out (so scoring
/// never sees it and `--strict` does not reject it), or why the row could not be read.
public struct CaseloadRow {
    /// 1-based line number; blank lines count (as in `seula serve`).
    public var line: Int
    public var content: Result<(object: JSONValue, label: JSONValue?), CaseError>
    /// The case id when the row has a string `id`, even if something else is wrong.
    public var recoveredID: String?
}

/// Splits a caseload (JSON lines or CSV) into rows, in input order.
public enum CaseloadRows {
    /// Calls `visit` for each non-blank row. CSV rows become the same JSON objects a JSON-lines
    /// client would send (`CaseCSVReader`), so both formats give the same decisions.
    ///
    /// Returns the problem when a CSV header cannot be read (the whole file is unusable).
    /// Complexity: O(bytes).
    /// `progress` counts the bytes read, a megabyte at a time.
    public static func forEach(_ bytes: [UInt8], format: CaseloadFormat, model: CriteriaModel, strict: Bool = false,
                               maxDepth: Int = 32, linesBefore: Int = 0, progress: RunProgress? = nil,
                               _ visit: (CaseloadRow) -> Void) -> CaseError? {
        var headerProblem: CaseError? = nil
        bytes.withUnsafeBytes { all in
            let piece = 1 << 20
            switch format {
            case .jsonl:
                forEachLine(all, linesBefore: linesBefore, progress: progress) { number, line in
                    visit(jsonRow(line, number: number, maxDepth: maxDepth))
                }
            case .csv:
                // The header is the first non-blank line (a byte-order mark skipped, the separator
                // sniffed); the records after it may span lines (a quoted cell with line breaks).
                var headerStart = 0, headerEnd = 0, headerLine = linesBefore
                var header = UnsafeRawBufferPointer(rebasing: all[0..<0])
                while headerStart < all.count {
                    headerEnd = headerStart
                    while headerEnd < all.count && all[headerEnd] != 0x0A { headerEnd += 1 }
                    headerLine += 1
                    header = UnsafeRawBufferPointer(rebasing: all[headerStart..<headerEnd])
                    if header.last == 0x0D { header = UnsafeRawBufferPointer(rebasing: header.dropLast()) }
                    let withoutMark = header.count >= 3 && header[0] == 0xEF && header[1] == 0xBB && header[2] == 0xBF
                        ? UnsafeRawBufferPointer(rebasing: header[3...]) : header
                    if !LineSplitter.isBlank(withoutMark) { break }
                    headerStart = headerEnd + 1
                }
                guard headerStart < all.count else { return }
                let reader: CaseCSVReader
                do throws(CaseError) {
                    reader = try CaseCSVReader(headerLine: header, model: model, strict: strict)
                } catch {
                    headerProblem = error.code == .invalidCSV && error.path.isEmpty
                        ? CaseError(.invalidCSV, path: "", "line \(headerLine): \(error.message)") : error
                    return
                }
                var records = CSVRecordSplitter(maxRecordBytes: Int.max / 2, linesBefore: headerLine, delimiter: reader.delimiter)
                let handle = { (e: CSVRecordSplitter.Event) in
                    switch e {
                    case .record(let first, let last, let record):
                        guard !LineSplitter.isBlank(record) else { return }
                        guard let fields = reader.fields(record) else {
                            visit(CaseloadRow(line: first, content: .failure(CaseError(.invalidCSV, path: "", "\(span(first, last))the CSV row cannot be read: it is not valid UTF-8, or something other than the separator follows a closing quote")), recoveredID: nil))
                            return
                        }
                        visit(csvRow(fields, reader: reader, number: first, last: last))
                    case .tooLong(let first, _, _), .unclosed(let first, _, _):
                        visit(CaseloadRow(line: first, content: .failure(CaseError(.invalidCSV, path: "", "a quoted field that starts on line \(first) is not closed")), recoveredID: nil))
                    }
                }
                var at = min(all.count, headerEnd + 1)
                progress?.add(at)
                while at < all.count {
                    let end = min(all.count, at + piece)
                    records.feed(UnsafeRawBufferPointer(rebasing: all[at..<end]), handle)
                    progress?.add(end - at)
                    at = end
                }
                records.finish(handle)
            }
        }
        return headerProblem
    }

    /// Calls `visit` with each non-blank line of JSON lines and its 1-based number (blank
    /// lines count), in order. Complexity: O(bytes).
    static func forEachLine(_ all: UnsafeRawBufferPointer, linesBefore: Int, progress: RunProgress?,
                            _ visit: (Int, UnsafeRawBufferPointer) -> Void) {
        let piece = 1 << 20
        var splitter = LineSplitter(maxLineBytes: Int.max / 2, linesBefore: linesBefore)
        let handle = { (e: LineSplitter.Event) in
            guard case .line(let number, let line) = e, !LineSplitter.isBlank(line) else { return }
            visit(number, line)
        }
        var at = 0
        while at < all.count {
            let end = min(all.count, at + piece)
            splitter.feed(UnsafeRawBufferPointer(rebasing: all[at..<end]), handle)
            progress?.add(end - at)
            at = end
        }
        splitter.finish(handle)
    }

    /// `lines 4-6: ` for a record over several lines, else nothing.
    static func span(_ first: Int, _ last: Int) -> String { last > first ? "lines \(first)-\(last): " : "" }

    static func jsonRow(_ line: UnsafeRawBufferPointer, number: Int, maxDepth: Int) -> CaseloadRow {
        let value: JSONValue
        do {
            value = try JSONReader.parse(line, maxDepth: maxDepth)
        } catch {
            return CaseloadRow(line: number, content: .failure(CaseError(.invalidJSON, path: "", "not valid JSON: \(error.message)")),
                               recoveredID: RequestHandler.scanForID(line))
        }
        return split(value, number: number)
    }

    static func csvRow(_ fields: [String], reader: CaseCSVReader, number: Int, last: Int? = nil) -> CaseloadRow {
        switch reader.object(fields) {
        case .failure(var e):
            if e.code == .invalidCSV { e.message = span(number, last ?? number) + e.message }
            return CaseloadRow(line: number, content: .failure(e), recoveredID: nil)
        case .success(let value):
            return split(value, number: number)
        }
    }

    /// Takes the `label` member out of a case object.
    static func split(_ value: JSONValue, number: Int) -> CaseloadRow {
        let id = CaseValidator.recoverID(value)
        guard case .object(let o) = value else {
            return CaseloadRow(line: number, content: .failure(CaseError(.notAnObject, path: "", "a case must be a JSON object, not \(value.typeName)")), recoveredID: nil)
        }
        guard o.members.contains(where: { $0.key == "label" }) else {
            return CaseloadRow(line: number, content: .success((value, nil)), recoveredID: id)
        }
        let label = o["label"]
        let rest = JSONObject(o.members.filter { $0.key != "label" })
        return CaseloadRow(line: number, content: .success((.object(rest), label)), recoveredID: id)
    }
}
