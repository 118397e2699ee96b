import CLinearAlgebra
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaJSON
import SeulaService

/// One line of a chunk: where its bytes are, its 1-based input line number, or that it was
/// over the length limit (then only a prefix is kept, for recovering its id).
public struct ChunkLine: Sendable {
    public enum Kind: Sendable { case text, tooLong }
    public var kind: Kind
    public var start: Int
    public var end: Int
    public var number: Int

    public init(kind: Kind, start: Int, end: Int, number: Int) {
        self.kind = kind
        self.start = start
        self.end = end
        self.number = number
    }
}

/// A run of input lines, in one contiguous buffer, numbered in input order (`sequence`).
public struct InputChunk: Sendable {
    public var sequence: Int
    public var bytes: [UInt8]
    public var lines: [ChunkLine]
    /// Which criteria generation answers it (a SIGHUP reload starts a new generation).
    public var generation: Int
    /// Input bytes the chunk stands for (its lines and their newlines), for progress.
    public var inputBytes = 0

    public init(sequence: Int, generation: Int) {
        self.sequence = sequence
        self.generation = generation
        bytes = []
        lines = []
    }
}

/// The answers to one chunk: the bytes of every answer line (each ends in `\n`), what each
/// answer was, and where `stats` answers go (the writer fills them in, in order).
public struct OutputChunk: Sendable {
    public var sequence: Int
    public var bytes: ByteBuffer
    public var kinds: [AnswerKind]
    /// Offsets in `bytes` where a `{"op":"stats"}` answer is to be inserted, with its `req`.
    public var statsRequests: [(offset: Int, req: JSONValue?)]
    public var inputBytes: Int
}

/// Turns chunks of input lines into answers: the batch engine's worker. Each worker thread owns
/// one (it reuses its buffers from chunk to chunk).
///
/// Fast path (one criteria version loaded): each line is read by `CaseLineParser` straight
/// into a reused case; the chunk's coping sums Σwᵢxᵢ and Σwᵢ (answered) are computed for all
/// its cases at once with BLAS `dgemv` on a column-major matrix; each case is then decided by
/// `DecisionEngine` and written by `DecisionRecordWriter` into the output buffer. Anything the
/// fast reader does not take goes through `RequestHandler`, the general path, so every line
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
    let parser: CaseLineParser?
    let engine: DecisionEngine?
    let recordWriter: DecisionRecordWriter?
    /// Use BLAS for the coping sums (the scalar loop otherwise; a test compares the two).
    public var useBLAS = true
    /// Evaluate the rules as column kernels over the chunk (else per case, as the simple path).
    public var useKernels = true

    private var kernels: [RuleKernel] = []
    @exclusivity(unchecked) private var columns = FrameColumns()
    @exclusivity(unchecked) private var masks: [UInt64] = []
    @exclusivity(unchecked) private var decisions: [Decision] = []
    private var rowBuffer: [UInt8] = []
    private let csvTranscoder: CSVTranscoder?
    /// Phase 3 (routing, referrals, reasons, counterfactuals) is needed: false when the output
    /// is CSV columns that none of it feeds.
    private var needsRouting: Bool {
        if case .csv(let projection) = outputFormat { return projection.needsRouting }
        return true
    }
    /// Reasons and counterfactuals are needed: only the JSON record shows them.
    private var needsExplaining: Bool {
        if case .csv = outputFormat { return false }
        return true
    }
    private var scratchTrue: [UInt64] = []
    private var scratchFalse: [UInt64] = []

    // Unchecked exclusivity: a processor belongs to one worker thread; the dynamic checks on
    // these class properties otherwise cost more than the work in the hot loops.
    @exclusivity(unchecked) private var cases: [ScreeningCase] = []
    @exclusivity(unchecked) private var outcomes: [CaseLineParser.Outcome] = []
    private var values: [Double] = []     // n × items, column-major, unanswered = 0
    private var answered: [Double] = []   // n × items, 1 where answered
    private var weighted: [Double] = []
    private var weight: [Double] = []
    private var decision: Decision?
    private let weights: [Double]

    public init(handler: RequestHandler, maxLineBytes: Int = 1 << 20, input: InputFormat = .jsonl, output: OutputFormat = .jsonl,
                fastPath: Bool = true) {
        self.handler = handler
        self.maxLineBytes = maxLineBytes
        self.inputFormat = input
        self.outputFormat = output
        let fastPath = fastPath && handler.criteria.models.count == 1
        if case .csv(let reader) = input { csvTranscoder = CSVTranscoder(reader) } else { csvTranscoder = nil }
        if fastPath {
            let model = handler.criteria.models[0]
            parser = CaseLineParser(model: model, strict: handler.options.strict, today: handler.options.today,
                                    maxDepth: handler.options.maxDepth)
            engine = DecisionEngine(model: model)
            recordWriter = DecisionRecordWriter(model: model)
            decision = Decision(model: model)
            weights = model.coping.items.map(\.weight)
            kernels = engine!.rules.conditions.map(RuleKernel.init)
        } else {
            parser = nil
            engine = nil
            recordWriter = nil
            weights = []
        }
    }

    /// Answers every line of `chunk`, in order, into `reusing` when given (the pipeline recycles
    /// output buffers: fresh multi-megabyte buffers cost page faults on every chunk).
    public func process(_ chunk: InputChunk, reusing: ByteBuffer? = nil) -> OutputChunk {
        var out = reusing.map { JSONWriter(reusing: $0) } ?? JSONWriter(capacity: chunk.lines.count * 3400 + 64)
        var kinds: [AnswerKind] = []
        kinds.reserveCapacity(chunk.lines.count)
        var stats: [(offset: Int, req: JSONValue?)] = []
        let n = chunk.lines.count
        // CSV rows become JSON lines for the fast reader; each row keeps its case object (or its
        // error) for the general path.
        var csvRows: [CSVRow] = []
        var source = chunk
        if case .csv(let reader) = inputFormat, let csvTranscoder, parser != nil {
            (source, csvRows) = Self.transcode(chunk, reader, csvTranscoder)
        }
        source.bytes.withUnsafeBytes { all in
            if let parser {
                fastParse(source, all, parser)
                for k in 0..<csvRows.count where !csvRows[k].isTranscoded { outcomes[k] = .fallback }
                decideParsed(n)
            }
            for k in 0..<n {
                let line = source.lines[k]
                let bytes = UnsafeRawBufferPointer(rebasing: all[line.start..<line.end])
                TestTrap.check(bytes)
                let answerStart = out.count
                if line.kind == .tooLong {
                    let a = RequestHandler.lineTooLong(lineNumber: line.number, limit: maxLineBytes, id: RequestHandler.scanForID(bytes))
                    out.raw(a.bytes)
                    kinds.append(a.kind)
                } else if parser != nil, outcomes[k] == .parsed {
                    kinds.append(.scored)
                    if case .csv(let projection) = outputFormat {
                        // Straight from the decision: no record to write and read back.
                        rowBuffer.removeAll(keepingCapacity: true)
                        decisions.withUnsafeBufferPointer { ds in
                            projection.row(ds[k], model: engine!.model, lineNumber: line.number, into: &rowBuffer)
                        }
                        out.raw(rowBuffer)
                        continue
                    }
                    decisions.withUnsafeMutableBufferPointer { ds in recordWriter!.write(inPlace: &ds[k], into: &out) }
                } else if case .csv(let reader) = inputFormat {
                    let a: Answer
                    switch csvRows.isEmpty ? nil : csvRows[k] {
                    case nil:
                        a = csvAnswer(reader, bytes, line.number)
                    case .answered(let answer)?:
                        a = answer
                    case .general(let value)?:
                        a = handler.answer(value, lineNumber: line.number)
                    case .transcoded?:
                        // Not taken by the fast reader: the general path reads the original row.
                        let original = chunk.lines[k]
                        a = chunk.bytes.withUnsafeBytes { csvAnswer(reader, UnsafeRawBufferPointer(rebasing: $0[original.start..<original.end]), line.number) }
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
                } else if let fields = CaseCSVReader.fields(bytes) {
                    switch reader.object(fields) {
                    case .failure(let e): rows.append(.answered(Answer(bytes: ErrorRecordWriter.bytes(e, id: nil, line: line.number), kind: .rejected(e.code))))
                    case .success(let value): rows.append(.general(value))
                    }
                } else {
                    rows.append(.answered(Self.unreadableRow(line.number)))
                }
                out.lines.append(ChunkLine(kind: line.kind, start: start, end: out.bytes.count, number: line.number))
            }
        }
        return (out, rows)
    }

    static func unreadableRow(_ number: Int) -> Answer {
        Answer(bytes: ErrorRecordWriter.bytes(CaseError(.invalidCSV, path: "", "the CSV row is not valid UTF-8, or a quoted field is not closed (line breaks inside fields are not supported)"),
                                          id: nil, line: number), kind: .rejected(.invalidCSV))
    }

    /// A CSV row: split, typed by its column, and answered by the general path.
    private func csvAnswer(_ reader: CaseCSVReader, _ bytes: UnsafeRawBufferPointer, _ number: Int) -> Answer {
        guard let fields = CaseCSVReader.fields(bytes) else { return Self.unreadableRow(number) }
        switch reader.object(fields) {
        case .failure(let e):
            return Answer(bytes: ErrorRecordWriter.bytes(e, id: nil, line: number), kind: .rejected(e.code))
        case .success(let value):
            return handler.answer(value, lineNumber: number)
        }
    }

    /// A `{"op":"stats"}` line (the writer answers it, knowing every answer before it).
    static func statsRequest(_ bytes: UnsafeRawBufferPointer) -> (req: JSONValue?, Void)? {
        guard let v = try? JSONReader.parse(bytes, maxDepth: 8), case .success(.stats(let req)) = Request.parse(v) else { return nil }
        return (req, ())
    }

    /// Decides every parsed case of the chunk in three phases; between them, the rules of the
    /// next phase are evaluated for all cases at once as column kernels (or, with `useKernels`
    /// off, per case on its frame, exactly as the simple path does).
    private func decideParsed(_ n: Int) {
        guard let engine else { return }
        let model = engine.model
        while decisions.count < n { decisions.append(Decision(model: model)) }
        let slots = model.slots.count
        columns.reset(slots: slots, cases: n)
        let useKernels = self.useKernels
        var any = false
        let sums = (weighted, weight)
        cases.withUnsafeBufferPointer { cs in
            decisions.withUnsafeMutableBufferPointer { ds in
                let stride = columns.stride
                columns.values.withUnsafeMutableBufferPointer { v in
                    for k in 0..<n where outcomes[k] == .parsed {
                        engine.decideSegment(cs[k], into: &ds[k], copingSums: (sums.0[k], sums.1[k]))
                        if useKernels {
                            ds[k].frame.withUnsafeBufferPointer { frame in
                                for slot in 0..<slots { v[slot * stride + k] = FrameColumns.double(frame[slot]) }
                            }
                        }
                        any = true
                    }
                }
            }
        }
        guard any else { return }
        if !useKernels {
            let oracle = EvaluatingOracle(conditions: engine.rules.conditions)
            cases.withUnsafeBufferPointer { cs in
                decisions.withUnsafeMutableBufferPointer { ds in
                    let routing = needsRouting
                    for k in 0..<n where outcomes[k] == .parsed {
                        engine.decideOutcome(into: &ds[k], oracle: oracle)
                        if routing { engine.decideRouting(cs[k], into: &ds[k], oracle: oracle, explaining: needsExplaining) }
                    }
                }
            }
            return
        }
        let words = RuleKernel.words(n)
        let rules = engine.rules
        if masks.count < rules.conditions.count * words { masks = Array(repeating: 0, count: rules.conditions.count * words) }
        evaluateKernels(phase: .segment, words: words)
        let outcomeSlot = model.slots.outcome, beforeSlot = model.slots.outcomeBeforeImmediate
        masks.withUnsafeBufferPointer { m in
            decisions.withUnsafeMutableBufferPointer { ds in
                for k in 0..<n where outcomes[k] == .parsed {
                    engine.decideOutcome(into: &ds[k], oracle: MaskOracle(masks: m.baseAddress!, wordsPerRule: words, caseIndex: k))
                    columns.set(outcomeSlot, k, ds[k].frame[outcomeSlot])
                    columns.set(beforeSlot, k, ds[k].frame[beforeSlot])
                }
            }
        }
        guard needsRouting else { return }
        let explaining = needsExplaining
        evaluateKernels(phase: .outcome, words: words)
        masks.withUnsafeBufferPointer { m in
            cases.withUnsafeBufferPointer { cs in
                decisions.withUnsafeMutableBufferPointer { ds in
                    for k in 0..<n where outcomes[k] == .parsed {
                        engine.decideRouting(cs[k], into: &ds[k], oracle: MaskOracle(masks: m.baseAddress!, wordsPerRule: words, caseIndex: k),
                                             explaining: explaining)
                    }
                }
            }
        }
    }

    private func evaluateKernels(phase: Phase, words: Int) {
        let rules = engine!.rules
        for r in 0..<rules.conditions.count where rules.phases[r] == phase {
            kernels[r].evaluate(columns, isTrue: &scratchTrue, isFalse: &scratchFalse)
            for i in 0..<words { masks[r * words + i] = scratchTrue[i] }
        }
    }

    private func fastParse(_ chunk: InputChunk, _ all: UnsafeRawBufferPointer, _ parser: CaseLineParser) {
        let n = chunk.lines.count
        let model = parser.model
        let items = model.coping.items.count
        while cases.count < n {
            cases.append(ScreeningCase(id: "", age: 0, itemCount: items, indicatorCount: model.risk.indicators.count,
                                       flagCount: model.flags.count))
        }
        outcomes.removeAll(keepingCapacity: true)
        for k in 0..<n {
            let line = chunk.lines[k]
            if line.kind == .tooLong {
                outcomes.append(.fallback)
                continue
            }
            outcomes.append(parser.parse(UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]), into: &cases[k]))
        }
        // The coping sums for the whole chunk.
        if values.count < n * items {
            values = Array(repeating: 0, count: n * items)
            answered = Array(repeating: 0, count: n * items)
        }
        if weighted.count < n {
            weighted = Array(repeating: 0, count: n)
            weight = Array(repeating: 0, count: n)
        }
        for k in 0..<n {
            let parsed = outcomes[k] == .parsed
            for j in 0..<items {
                let x = parsed ? cases[k].coping[j] : -1
                values[j * n + k] = x >= 0 ? Double(x) : 0
                answered[j * n + k] = x >= 0 ? 1 : 0
            }
        }
        if useBLAS {
            Self.gemv(rows: n, columns: items, matrix: values, vector: weights, into: &weighted)
            Self.gemv(rows: n, columns: items, matrix: answered, vector: weights, into: &weight)
        } else {
            for k in 0..<n {
                var s = 0.0, w = 0.0
                for j in 0..<items where answered[j * n + k] != 0 {
                    s += weights[j] * values[j * n + k]
                    w += weights[j]
                }
                weighted[k] = s
                weight[k] = w
            }
        }
    }

    /// y := A·x for a column-major rows × columns matrix, through BLAS `dgemv`.
    ///
    /// Reference BLAS accumulates each row's sum column by column from y = 0, the same order as
    /// `CopingInstrument.sums`, so the results are bit-identical to the scalar path (and an
    /// unanswered item adds 0·w = 0 exactly).
    public static func gemv(rows: Int, columns: Int, matrix: [Double], vector: [Double], into y: inout [Double]) {
        guard rows > 0, columns > 0 else { return }
        var trans = CChar(UInt8(ascii: "N"))
        var m = Int32(rows), n = Int32(columns), lda = Int32(rows), inc: Int32 = 1
        var alpha = 1.0, beta = 0.0
        matrix.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { yy in
                    dgemv_(&trans, &m, &n, &alpha, a.baseAddress, &lda, x.baseAddress, &inc, &beta, yy.baseAddress, &inc)
                }
            }
        }
    }
}

/// For the supervisor's tests only: with `SEULA_TEST_TRAP_ON_ID=x` in the environment, the
/// worker traps on a line whose `id` is `x`, as a bug would.
enum TestTrap {
    static let id: String? = ProcessInfo.processInfo.environment["SEULA_TEST_TRAP_ON_ID"]

    @inline(__always)
    static func check(_ line: UnsafeRawBufferPointer) {
        guard let id else { return }
        if RequestHandler.scanForID(line) == id { fatalError("test trap: SEULA_TEST_TRAP_ON_ID") }
    }
}
