#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaJSON
import SeulaService
import SeulaFormats
import SeulaTransport

/// Turns chunks of input lines into answers: the batch engine's worker. Each worker thread owns
/// one (it reuses its buffers from chunk to chunk).
///
/// Fast path: one `DecisionLane` per criteria version loaded. Each line is read by the lane of
/// the version in force today with `CaseLineParser` straight into a reused case; a line dated
/// for another version is read again by that version's lane. Each lane then decides its cases
/// step by step (`DecisionStep`): the coping sums for all its cases at once (whole numbers of
/// weight units, exact in any order), and before each step the rules that step reads, for all
/// its cases at once, as column kernels. The answers are written in input order. Anything the
/// fast reader does not take goes through `RequestHandler`, the general path, so every line
/// gets exactly the answer `serve`'s simple path would give.
///
/// The formats are apart from deciding: a `CaseInputFormat` says what the fast reader and the
/// general path read from a line, an `AnswerOutputFormat` writes the answers. `process` picks
/// the pair once per chunk and runs a loop specialised for it.
public final class ChunkProcessor {
    /// How input lines are written: JSON lines, or CSV rows under a header.
    public typealias InputFormat = CaseInput
    /// How answers are written: decision records as JSON lines, or CSV rows.
    public typealias OutputFormat = AnswerOutput

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
    /// `TestTrap.id`, read once.
    private let trapID = TestTrap.id
    /// The formats' state, kept from chunk to chunk (nil: JSON lines, which keep none).
    private var csvInput: CSVCaseInput?
    private var csvOutput: CSVRowOutput?

    public init(handler: RequestHandler, maxLineBytes: Int = 1 << 20, input: InputFormat = .jsonl, output: OutputFormat = .jsonl,
                fastPath: Bool = true) {
        self.handler = handler
        self.maxLineBytes = maxLineBytes
        self.inputFormat = input
        self.outputFormat = output
        if case .csv(let reader) = input { csvInput = CSVCaseInput(reader) }
        if case .csv(let projection) = output { csvOutput = CSVRowOutput(projection) }
        let models = handler.criteria.models
        lanes = fastPath ? models.map { DecisionLane(model: $0, options: handler.options) } : []
        firstLane = models.lastIndex { $0.isInForce(on: handler.options.today) } ?? (models.count - 1)
    }

    /// Answers every line of `chunk`, in order, into `reusing` when given (the pipeline recycles
    /// output buffers: fresh multi-megabyte buffers cost page faults on every chunk).
    public func process(_ chunk: InputChunk, reusing: ByteBuffer? = nil) -> OutputChunk<RequestHandler> {
        var jsonInput = JSONLinesInput()
        var jsonOutput = JSONRecordOutput()
        switch (csvInput != nil, csvOutput != nil) {
        case (false, false): return process(chunk, reusing, &jsonInput, &jsonOutput)
        case (false, true): return process(chunk, reusing, &jsonInput, &csvOutput!)
        case (true, false): return process(chunk, reusing, &csvInput!, &jsonOutput)
        case (true, true): return process(chunk, reusing, &csvInput!, &csvOutput!)
        }
    }

    private func process<I: CaseInputFormat, O: AnswerOutputFormat>(_ chunk: InputChunk, _ reusing: ByteBuffer?,
                                                                     _ input: inout I, _ output: inout O) -> OutputChunk<RequestHandler> {
        var out = reusing.map { JSONWriter(reusing: $0) } ?? JSONWriter(capacity: chunk.lines.count * 3400 + 64)
        var kinds: [AnswerKind] = []
        kinds.reserveCapacity(chunk.lines.count)
        var stats: [(offset: Int, req: JSONValue?)] = []
        let n = chunk.lines.count
        // What the fast reader reads (CSV rows become JSON lines).
        let source = input.prepare(chunk, fast: !lanes.isEmpty)
        source.bytes.withUnsafeBytes { all in
            if !lanes.isEmpty {
                fastParse(source, all, input)
                for lane in lanes where lane.count > 0 {
                    lane.decideAll(through: output.lastStep, explaining: output.needsExplaining)
                }
            }
            for k in 0..<n {
                let line = source.lines[k]
                let bytes = UnsafeRawBufferPointer(rebasing: all[line.start..<line.end])
                if let trapID { TestTrap.check(bytes, trapID) }
                if !lanes.isEmpty, laneOf[k] >= 0 {
                    kinds.append(.scored)
                    lanes[Int(laneOf[k])].write(Int(indexInLane[k]), lineNumber: line.number, to: &output, into: &out)
                    continue
                }
                let a: Answer
                if line.kind == .tooLong {
                    a = RequestHandler.lineTooLong(lineNumber: line.number, limit: maxLineBytes, id: RequestHandler.scanForID(bytes))
                } else {
                    switch input.generalCase(k, line, bytes) {
                    case .request:
                        a = handler.handle(line: bytes, lineNumber: line.number)
                        if a.kind == .command, let req = Self.statsRequest(bytes) {
                            // The writer answers it, knowing every answer before it.
                            stats.append((out.count, req.req))
                            kinds.append(a.kind)
                            output.write(answer: [], lineNumber: line.number, into: &out)
                            continue
                        }
                    case .object(let value):
                        a = handler.answer(value, lineNumber: line.number)
                    case .rejected(let e):
                        a = Answer(bytes: ErrorRecordWriter.bytes(e, id: nil, line: line.number), kind: .rejected(e.code))
                    }
                }
                kinds.append(a.kind)
                output.write(answer: a.bytes, lineNumber: line.number, into: &out)
            }
        }
        return OutputChunk(sequence: chunk.sequence, bytes: out.buffer, kinds: kinds, statsRequests: stats, inputBytes: chunk.inputBytes)
    }

    /// A `{"op":"stats"}` line (the writer answers it, knowing every answer before it).
    static func statsRequest(_ bytes: UnsafeRawBufferPointer) -> (req: JSONValue?, Void)? {
        guard let v = try? JSONReader.parse(bytes, maxDepth: 8), case .success(.stats(let req)) = Request.parse(v) else { return nil }
        return (req, ())
    }

    /// Reads every line of the chunk with the fast reader: first by the lane of today's version,
    /// again by another lane when the line is dated for that version. Lines the fast reader does
    /// not take (and those the input format keeps from it) go to the general path.
    private func fastParse<I: CaseInputFormat>(_ chunk: InputChunk, _ all: UnsafeRawBufferPointer, _ input: I) {
        let n = chunk.lines.count
        for lane in lanes { lane.begin(capacity: n) }
        laneOf.removeAll(keepingCapacity: true)
        indexInLane.removeAll(keepingCapacity: true)
        for k in 0..<n {
            let line = chunk.lines[k]
            if line.kind != .text || !input.isFastReadable(k) {
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
