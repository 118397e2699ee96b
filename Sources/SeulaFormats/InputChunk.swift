/// One line of a chunk (a record of CSV input, which may span several lines): where its bytes
/// are, its 1-based input line number (a multi-line CSV record's first line) and its last line,
/// or that it was over the length limit (then only a prefix is kept, for recovering its id), or
/// a CSV record whose quoted field is never closed (`CSVRecordSplitter`).
public struct ChunkLine: Sendable {
    public enum Kind: Sendable { case text, tooLong, unclosedQuote }
    public var kind: Kind
    public var start: Int
    public var end: Int
    public var number: Int
    /// The last input line of the record (`number` unless a quoted CSV cell spans lines).
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
