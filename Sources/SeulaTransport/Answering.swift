import SeulaJSON

/// The seam between the transport and what it carries (the sourcekit-lsp split): the transport
/// frames lines, orders answers, survives crashes and signals; everything it must know of the
/// answers themselves is asked through these protocols, so it knows nothing of cases or criteria
/// and its tests run it with a toy handler.

/// Answers a whole chunk of lines, one answer line (ending in `\n`) per chunk line, in order.
/// The pipeline gives each worker thread its own answerer per handler generation, so an
/// answerer may keep mutable buffers without locks; it must not trap on any input. (Its type,
/// not its instances, crosses threads: `SendableMetatype`.)
public protocol ChunkAnswering: SendableMetatype {
    associatedtype Answers: TransportAnswers
    /// Answers every line of `chunk` into `reusing` when given (a recycled output buffer: fresh
    /// multi-megabyte buffers cost page faults on every chunk). A stats request is not answered
    /// here: its place is noted in `statsRequests` and the writer answers it.
    func process(_ chunk: InputChunk, reusing: ByteBuffer?) -> OutputChunk<Answers>
}

/// The answers the transport makes by itself, where no handler is at hand: a `stats` answer
/// (only the writer knows every answer before it), an over-long line (never buffered, never
/// handed to a handler), and — under the supervisor — a line that ended two worker processes.
/// Static: the supervisor answers these without loading a handler.
public protocol TransportAnswers: Sendable {
    associatedtype Statistics: AnswerStatistics
    /// A stats request as read from its line (what the answer echoes).
    associatedtype StatsRequest: Sendable

    /// The answer (without its newline) to a stats request, given every answer before it.
    static func statsAnswer(_ statistics: Statistics, uptimeSeconds: Double, request: StatsRequest) -> [UInt8]
    /// The stats request on `line`, or nil when the line is anything else. Cheap on other lines:
    /// the supervisor asks it of every line it relays.
    static func statsRequest(_ line: UnsafeRawBufferPointer) -> StatsRequest?
    /// The error answer for a line over `limit` bytes, of which only `prefix` was kept.
    static func lineTooLong(lineNumber: Int, limit: Int, prefix: UnsafeRawBufferPointer) -> [UInt8]
    /// The error answer for a line that ended two worker processes.
    static func internalError(lineNumber: Int, line: UnsafeRawBufferPointer) -> [UInt8]
}

/// The running counts behind a stats answer: every answer written is counted, in output order.
public protocol AnswerStatistics: Sendable {
    /// What an answer was, as its answerer tells it (`OutputChunk.kinds`).
    associatedtype Kind: Sendable
    init()
    /// Answers written (one per non-blank input line).
    var linesRead: Int { get set }
    /// Counts one answer by its kind (`linesRead` apart).
    mutating func record(_ kind: Kind)
    /// Counts one answer known only by its bytes (a worker process's, relayed by the
    /// supervisor), `linesRead` apart.
    mutating func record(answer: UnsafeRawBufferPointer)
}
