import SeulaCore
import SeulaJSON
import SeulaTransport

/// CSV input (`seula score in.csv`): rows become JSON lines on bytes for the fast reader
/// (`CSVTranscoder`) where that needs no interpretation; any other row is read by
/// `CaseCSVReader` into the case object a JSON-lines client would send, for the general path,
/// so both paths give every row the same answer.
public struct CSVCaseInput: CaseInputFormat {
    public let reader: CaseCSVReader
    private let transcoder: CSVTranscoder

    /// A row after `prepare` with the fast reader: its JSON line is in the prepared chunk, or
    /// it is already read (its case object or its error).
    enum Row {
        case transcoded
        case object(JSONValue)
        case rejected(CaseError)
    }

    /// Per line of the chunk being answered (empty without the fast reader).
    private var rows: [Row] = []
    /// The chunk as read (the general path reads a transcoded row again from its CSV).
    private var original = InputChunk(sequence: 0, generation: 0)
    /// Scratch space for the transcoder's field boundaries.
    private var cells: [Range<Int>] = []

    public init(_ reader: CaseCSVReader) {
        self.reader = reader
        transcoder = CSVTranscoder(reader)
    }

    /// The chunk's CSV rows as JSON lines (the same line numbers) where `CSVTranscoder` can
    /// write them; the other rows are read by `CaseCSVReader` here and answered by the general
    /// path (their line in the prepared chunk is empty).
    public mutating func prepare(_ chunk: InputChunk, fast: Bool) -> InputChunk {
        original = chunk
        rows.removeAll(keepingCapacity: true)
        guard fast else { return chunk }
        var out = InputChunk(sequence: chunk.sequence, generation: chunk.generation)
        out.inputBytes = chunk.inputBytes
        out.bytes.reserveCapacity(chunk.bytes.count * 3)
        out.lines.reserveCapacity(chunk.lines.count)
        rows.reserveCapacity(chunk.lines.count)
        chunk.bytes.withUnsafeBytes { all in
            for line in chunk.lines {
                let start = out.bytes.count
                let bytes = UnsafeRawBufferPointer(rebasing: all[line.start..<line.end])
                if line.kind != .text {
                    out.bytes += bytes
                    rows.append(.transcoded)
                } else if transcoder.transcode(bytes, into: &out.bytes, cells: &cells) {
                    rows.append(.transcoded)
                } else {
                    switch read(bytes, line) {
                    case .object(let value): rows.append(.object(value))
                    case .rejected(let e): rows.append(.rejected(e))
                    case .request: preconditionFailure("a CSV row is never a request")
                    }
                }
                out.lines.append(ChunkLine(kind: line.kind, start: start, end: out.bytes.count, number: line.number, last: line.last))
            }
        }
        return out
    }

    public func isFastReadable(_ k: Int) -> Bool {
        if case .transcoded = rows[k] { return true }
        return false
    }

    public func generalCase(_ k: Int, _ line: ChunkLine, _ bytes: UnsafeRawBufferPointer) -> GeneralCase {
        if line.kind == .unclosedQuote { return .rejected(Self.unclosedQuote(line)) }
        switch rows.isEmpty ? nil : rows[k] {
        case nil:
            return read(bytes, line)
        case .object(let value)?:
            return .object(value)
        case .rejected(let e)?:
            return .rejected(e)
        case .transcoded?:
            // Not taken by the fast reader: the general path reads the original row.
            let row = original.lines[k]
            return original.bytes.withUnsafeBytes { read(UnsafeRawBufferPointer(rebasing: $0[row.start..<row.end]), line) }
        }
    }

    /// A CSV row split and typed by its columns: the case object, or the row's error.
    private func read(_ bytes: UnsafeRawBufferPointer, _ line: ChunkLine) -> GeneralCase {
        guard let fields = reader.fields(bytes) else { return .rejected(Self.unreadableRow(line)) }
        switch reader.object(fields) {
        case .failure(let e): return .rejected(Self.rowError(e, line))
        case .success(let value): return .object(value)
        }
    }

    /// `lines 4-6: ` for a record over several lines, else nothing.
    static func span(_ line: ChunkLine) -> String {
        line.last > line.number ? "lines \(line.number)-\(line.last): " : ""
    }

    static func unreadableRow(_ line: ChunkLine) -> CaseError {
        CaseError(.invalidCSV, path: "", "\(span(line))the CSV row cannot be read: it is not valid UTF-8, or something other than the separator follows a closing quote")
    }

    static func unclosedQuote(_ line: ChunkLine) -> CaseError {
        CaseError(.invalidCSV, path: "", "a quoted field that starts on line \(line.number) is not closed (read to line \(line.last)); the lines after it are read as rows again")
    }

    /// A row's error, its message naming the lines when the record spans several.
    static func rowError(_ e: CaseError, _ line: ChunkLine) -> CaseError {
        var e = e
        if e.code == .invalidCSV { e.message = span(line) + e.message }
        return e
    }
}
