import SeulaJSON

/// The units the pipeline moves between its reader, its workers and its writer. A chunk is the
/// unit of work (not a line) so that the per-item costs — a queue hand-off, a lock, a write —
/// are paid once per thousands of lines.

/// One line of a chunk (a record, which a framing such as CSV's may make of several lines):
/// where its bytes are, its 1-based input line number (a multi-line record's first line) and its
/// last line, or that it was over the length limit (then only a prefix is kept, for recovering
/// its id), or a record whose framing never closed (a CSV quoted field; see `RecordFraming`).
public struct ChunkLine: Sendable {
    public enum Kind: Sendable { case text, tooLong, unclosedQuote }
    public var kind: Kind
    public var start: Int
    public var end: Int
    public var number: Int
    /// The last input line of the record (`number` unless a record spans lines).
    public var last: Int

    public init(kind: Kind, start: Int, end: Int, number: Int, last: Int? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.number = number
        self.last = last ?? number
    }
}

/// A run of input lines, in one contiguous buffer, numbered in input order (`sequence`).
public struct InputChunk: Sendable {
    public var sequence: Int
    public var bytes: [UInt8]
    public var lines: [ChunkLine]
    /// Which handler generation answers it (a SIGHUP reload starts a new generation).
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
/// answer was (for the running statistics), and where `stats` answers go (the writer fills them
/// in, in order, because only it knows every answer before them).
public struct OutputChunk<Answers: TransportAnswers>: Sendable {
    public var sequence: Int
    public var bytes: ByteBuffer
    public var kinds: [Answers.Statistics.Kind]
    /// Offsets in `bytes` where a stats answer is to be inserted (the placeholder there is only
    /// its newline), with its request.
    public var statsRequests: [(offset: Int, req: Answers.StatsRequest)]
    public var inputBytes: Int

    public init(sequence: Int, bytes: ByteBuffer, kinds: [Answers.Statistics.Kind],
                statsRequests: [(offset: Int, req: Answers.StatsRequest)], inputBytes: Int) {
        self.sequence = sequence
        self.bytes = bytes
        self.kinds = kinds
        self.statsRequests = statsRequests
        self.inputBytes = inputBytes
    }
}
