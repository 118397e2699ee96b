#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaJSON
import SeulaService
import SeulaTransport

/// Turns chunks of input lines into answers: the batch engine's worker. Each worker thread owns
/// one (it reuses its buffers from chunk to chunk).
///
/// Fast path: one `DecisionLane` per criteria version loaded. Each line is read by the lane of
/// the version in force today with `CaseLineParser` straight into a reused case; a line dated
/// for another version is read again by that version's lane. Each lane then decides its cases
/// step by step (`DecisionStep`): the coping sums for all its cases at once (whole numbers of
/// weight units, exact in any order), and before each step the rules that step reads, for all
/// its cases at once, as column kernels. The records are written by `DecisionRecordWriter` in input order. Anything
/// the fast reader does not take goes through `RequestHandler`, the general path, so every line
/// gets exactly the answer `serve`'s simple path would give.
public final class ChunkProcessor {
    /// How input lines are written: JSON lines, or CSV rows under a header.
    public enum InputFormat: Sendable {
        case jsonl
        case csv(CaseCSVReader)
    }

    /// How answers are written: decision records as JSON lines, or CSV rows.
    public enum OutputFormat: Sendable {
        case jsonl
        case csv(RecordCSV)
    }

    public let handler: RequestHandler
    public let inputFormat: InputFormat
    public let outputFormat: OutputFormat
    /// The line-length limit, for the message of a `line_too_long` answer.
    public let maxLineBytes: Int
    /// Evaluate the rules as column kernels over the chunk (else per case, as the simple path).
    public var useKernels = true { didSet { for l in lanes { l.useKernels = useKernels } } }

    /// One per criteria version (in `handler.criteria.models` order); empty without the fast path.
    private let lanes: [DecisionLane]
    /// The lane a line without `assessed_on` belongs to (the version in force today), else the newest.
    private let firstLane: Int
    /// Per line of the chunk: its lane, or -1 for the general path; and its index in that lane.
    @exclusivity(unchecked) private var laneOf: [Int32] = []
    @exclusivity(unchecked) private var indexInLane: [Int32] = []
    private var rowBuffer: [UInt8] = []
    /// `TestTrap.id`, read once.
    private let trapID = TestTrap.id
    private let csvTranscoder: CSVTranscoder?
    /// The last decision step any output needs: CSV columns may stop early.
    private var lastStep: DecisionStep {
        if case .csv(let projection) = outputFormat { return projection.lastStep }
        return .finish
    }
    /// Reasons and counterfactuals are needed: only the JSON record shows them.
    private var needsExplaining: Bool {
        if case .csv = outputFormat { return false }
        return true
    }

    public init(handler: RequestHandler, maxLineBytes: Int = 1 << 20, input: InputFormat = .jsonl, output: OutputFormat = .jsonl,
                fastPath: Bool = true) {
        self.handler = handler
        self.maxLineBytes = maxLineBytes
        self.inputFormat = input
        self.outputFormat = output
        if case .csv(let reader) = input { csvTranscoder = CSVTranscoder(reader) } else { csvTranscoder = nil }
        let models = handler.criteria.models
        lanes = fastPath ? models.map { DecisionLane(model: $0, options: handler.options) } : []
        firstLane = models.lastIndex { $0.isInForce(on: handler.options.today) } ?? (models.count - 1)
    }

    /// Answers every line of `chunk`, in order, into `reusing` when given (the pipeline recycles
    /// output buffers: fresh multi-megabyte buffers cost page faults on every chunk).
    public func process(_ chunk: InputChunk, reusing: ByteBuffer? = nil) -> OutputChunk<RequestHandler> {
        var out = reusing.map { JSONWriter(reusing: $0) } ?? JSONWriter(capacity: chunk.lines.count * 3400 + 64)
        var kinds: [AnswerKind] = []
        kinds.reserveCapacity(chunk.lines.count)
        var stats: [(offset: Int, req: JSONValue?)] = []
        let n = chunk.lines.count
        // CSV rows become JSON lines for the fast reader; each row keeps its case object (or its
        // error) for the general path.
        var csvRows: [CSVRow] = []
        var source = chunk
        if case .csv(let reader) = inputFormat, let csvTranscoder, !lanes.isEmpty {
            (source, csvRows) = Self.transcode(chunk, reader, csvTranscoder)
        }
        source.bytes.withUnsafeBytes { all in
            if !lanes.isEmpty {
                fastParse(source, all, csvRows)
                for lane in lanes where lane.count > 0 {
                    lane.decideAll(through: lastStep, explaining: needsExplaining)
                }
            }
            for k in 0..<n {
                let line = source.lines[k]
                let bytes = UnsafeRawBufferPointer(rebasing: all[line.start..<line.end])
                if let trapID { TestTrap.check(bytes, trapID) }
                let answerStart = out.count
                if line.kind == .tooLong {
                    let a = RequestHandler.lineTooLong(lineNumber: line.number, limit: maxLineBytes, id: RequestHandler.scanForID(bytes))
                    out.raw(a.bytes)
                    kinds.append(a.kind)
                } else if line.kind == .unclosedQuote {
                    let a = Self.unclosedQuote(line)
                    out.raw(a.bytes)
                    kinds.append(a.kind)
                } else if !lanes.isEmpty, laneOf[k] >= 0 {
                    kinds.append(.scored)
                    let lane = lanes[Int(laneOf[k])]
                    let j = Int(indexInLane[k])
                    if case .csv(let projection) = outputFormat {
                        // Straight from the decision: no record to write and read back.
                        rowBuffer.removeAll(keepingCapacity: true)
                        lane.row(j, projection, lineNumber: line.number, into: &rowBuffer)
                        out.raw(rowBuffer)
                        continue
                    }
                    lane.writeRecord(j, into: &out)
                } else if case .csv(let reader) = inputFormat {
                    let a: Answer
                    switch csvRows.isEmpty ? nil : csvRows[k] {
                    case nil:
                        a = csvAnswer(reader, bytes, line)
                    case .answered(let answer)?:
                        a = answer
                    case .general(let value)?:
                        a = handler.answer(value, lineNumber: line.number)
                    case .transcoded?:
                        // Not taken by the fast reader: the general path reads the original row.
                        let original = chunk.lines[k]
                        a = chunk.bytes.withUnsafeBytes { csvAnswer(reader, UnsafeRawBufferPointer(rebasing: $0[original.start..<original.end]), line) }
                    }
                    out.raw(a.bytes)
                    kinds.append(a.kind)
                } else {
                    let a = handler.handle(line: bytes, lineNumber: line.number)
                    if a.kind == .command, let req = Self.statsRequest(bytes) {
                        stats.append((out.count, req.req))
                    } else {
                        out.raw(a.bytes)
                    }
                    kinds.append(a.kind)
                }
                if case .csv(let projection) = outputFormat {
                    let answer = out.buffer.slice(answerStart, out.count)
                    let row = answer.withUnsafeBytes { projection.row($0, lineNumber: line.number) }
                    out.buffer.truncate(to: answerStart)
                    out.raw(row)
                } else {
                    out.raw(UInt8(ascii: "\n"))
                }
            }
        }
        return OutputChunk(sequence: chunk.sequence, bytes: out.buffer, kinds: kinds, statsRequests: stats, inputBytes: chunk.inputBytes)
    }

    /// A CSV row after `transcode`: its JSON line is in the transcoded chunk for the fast
    /// reader, or it has its answer already (the row cannot be read), or its case object for
    /// the general path.
    enum CSVRow {
        case transcoded
        case answered(Answer)
        case general(JSONValue)

        var isTranscoded: Bool {
            if case .transcoded = self { return true }
            return false
        }
    }

    /// The chunk's CSV rows as JSON lines (the same line numbers) where `CSVTranscoder` can
    /// write them; the other rows are read by `CaseCSVReader` here and answered by the general
    /// path (their line in the transcoded chunk is empty).
    static func transcode(_ chunk: InputChunk, _ reader: CaseCSVReader, _ bytesTranscoder: CSVTranscoder) -> (InputChunk, [CSVRow]) {
        var out = InputChunk(sequence: chunk.sequence, generation: chunk.generation)
        out.inputBytes = chunk.inputBytes
        out.bytes.reserveCapacity(chunk.bytes.count * 3)
        out.lines.reserveCapacity(chunk.lines.count)
        var rows: [CSVRow] = []
        rows.reserveCapacity(chunk.lines.count)
        var cells: [Range<Int>] = []
        chunk.bytes.withUnsafeBytes { all in
            for line in chunk.lines {
                let start = out.bytes.count
                let bytes = UnsafeRawBufferPointer(rebasing: all[line.start..<line.end])
                if line.kind != .text {
                    out.bytes += bytes
                    rows.append(.transcoded)
                } else if bytesTranscoder.transcode(bytes, into: &out.bytes, cells: &cells) {
                    rows.append(.transcoded)
                } else if let fields = reader.fields(bytes) {
                    switch reader.object(fields) {
                    case .failure(let e): rows.append(.answered(Self.rowError(e, line)))
                    case .success(let value): rows.append(.general(value))
                    }
                } else {
                    rows.append(.answered(Self.unreadableRow(line)))
                }
                out.lines.append(ChunkLine(kind: line.kind, start: start, end: out.bytes.count, number: line.number, last: line.last))
            }
        }
        return (out, rows)
    }

    /// `lines 4-6: ` for a record over several lines, else nothing.
    static func span(_ line: ChunkLine) -> String {
        line.last > line.number ? "lines \(line.number)-\(line.last): " : ""
    }

    static func unreadableRow(_ line: ChunkLine) -> Answer {
        Answer(bytes: ErrorRecordWriter.bytes(CaseError(.invalidCSV, path: "", "\(span(line))the CSV row cannot be read: it is not valid UTF-8, or something other than the separator follows a closing quote"),
                                          id: nil, line: line.number), kind: .rejected(.invalidCSV))
    }

    static func unclosedQuote(_ line: ChunkLine) -> Answer {
        Answer(bytes: ErrorRecordWriter.bytes(CaseError(.invalidCSV, path: "", "a quoted field that starts on line \(line.number) is not closed (read to line \(line.last)); the lines after it are read as rows again"),
                                          id: nil, line: line.number), kind: .rejected(.invalidCSV))
    }

    /// A row's error, its message naming the lines when the record spans several.
    static func rowError(_ e: CaseError, _ line: ChunkLine) -> Answer {
        var e = e
        if e.code == .invalidCSV { e.message = span(line) + e.message }
        return Answer(bytes: ErrorRecordWriter.bytes(e, id: nil, line: line.number), kind: .rejected(e.code))
    }

    /// A CSV row: split, typed by its column, and answered by the general path.
    private func csvAnswer(_ reader: CaseCSVReader, _ bytes: UnsafeRawBufferPointer, _ line: ChunkLine) -> Answer {
        guard let fields = reader.fields(bytes) else { return Self.unreadableRow(line) }
        switch reader.object(fields) {
        case .failure(let e):
            return Self.rowError(e, line)
        case .success(let value):
            return handler.answer(value, lineNumber: line.number)
        }
    }

    /// A `{"op":"stats"}` line (the writer answers it, knowing every answer before it).
    static func statsRequest(_ bytes: UnsafeRawBufferPointer) -> (req: JSONValue?, Void)? {
        guard let v = try? JSONReader.parse(bytes, maxDepth: 8), case .success(.stats(let req)) = Request.parse(v) else { return nil }
        return (req, ())
    }

    /// Reads every line of the chunk with the fast reader: first by the lane of today's version,
    /// again by another lane when the line is dated for that version. Lines the fast reader does
    /// not take (and CSV rows it could not transcode) go to the general path.
    private func fastParse(_ chunk: InputChunk, _ all: UnsafeRawBufferPointer, _ csvRows: [CSVRow]) {
        let n = chunk.lines.count
        for lane in lanes { lane.begin(capacity: n) }
        laneOf.removeAll(keepingCapacity: true)
        indexInLane.removeAll(keepingCapacity: true)
        for k in 0..<n {
            let line = chunk.lines[k]
            if line.kind != .text || (k < csvRows.count && !csvRows[k].isTranscoded) {
                laneOf.append(-1)
                indexInLane.append(-1)
                continue
            }
            let bytes = UnsafeRawBufferPointer(rebasing: all[line.start..<line.end])
            var chosen = firstLane
            var outcome = lanes[chosen].parse(bytes, line: k)
            if case .otherVersion(let date) = outcome {
                if let other = handler.criteria.models.lastIndex(where: { $0.isInForce(on: date) }), other != chosen {
                    chosen = other
                    outcome = lanes[chosen].parse(bytes, line: k)
                } else {
                    outcome = .fallback
                }
            }
            if outcome == .parsed {
                laneOf.append(Int32(chosen))
                indexInLane.append(Int32(lanes[chosen].accept()))
            } else {
                laneOf.append(-1)
                indexInLane.append(-1)
            }
        }
    }
}

/// For the supervisor's tests only: with `SEULA_TEST_TRAP_ON_ID=x` in the environment, the
/// worker traps on a line whose `id` is `x`, as a bug would.
/// The supervisor's tests kill a worker on a chosen case: `SEULA_TEST_TRAP_ON_ID=<id>` makes the
/// worker trap on the line with that id. Read once per processor, so the hot loop pays one
/// nil check per line when it is not set.
enum TestTrap {
    static var id: String? { ProcessInfo.processInfo.environment["SEULA_TEST_TRAP_ON_ID"] }

    static func check(_ line: UnsafeRawBufferPointer, _ id: String) {
        if RequestHandler.scanForID(line) == id { fatalError("test trap: SEULA_TEST_TRAP_ON_ID") }
    }
}
