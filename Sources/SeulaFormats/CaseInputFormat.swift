import SeulaCore
import SeulaJSON
import SeulaTransport

/// How a chunk's raw lines become cases: what the fast reader reads (JSON lines) and what the
/// general path answers when it does not take a line. The engine is generic over it, so a
/// chunk's lines call the concrete format directly (no dynamic dispatch per line).
///
/// Per chunk: `prepare`, then `isFastReadable` per line (when the fast reader runs), then
/// `generalCase` for each line the fast reader did not take. A value belongs to one worker and
/// one chunk at a time.
public protocol CaseInputFormat {
    /// The chunk as JSON lines for the fast reader, line for line (same numbers and kinds; a
    /// line with no JSON may be empty). `fast`: whether the fast reader will read it at all
    /// (without it there is nothing to prepare, and the chunk is returned as it is).
    mutating func prepare(_ chunk: InputChunk, fast: Bool) -> InputChunk

    /// Whether the fast reader may try line `k` of the prepared chunk (a text line of it; the
    /// engine checks the kind).
    func isFastReadable(_ k: Int) -> Bool

    /// What line `k` is for the general path; `bytes` are its bytes in the prepared chunk.
    func generalCase(_ k: Int, _ line: ChunkLine, _ bytes: UnsafeRawBufferPointer) -> GeneralCase
}

/// A line as the general path takes it.
public enum GeneralCase {
    /// Its bytes are a request as a client sent it (a case or a command), for the handler to read.
    case request
    /// A case object read from the line (as a JSON-lines client would have sent it).
    case object(JSONValue)
    /// The line cannot be read as a case: it is answered with this error, without an id.
    case rejected(CaseError)
}

/// The input format chosen for a run (`seula score`'s input, `serve`'s JSON lines): which
/// `CaseInputFormat` reads its chunks. Sendable, so the pipeline can hand it to every worker.
public enum CaseInput: Sendable {
    case jsonl
    case csv(CaseCSVReader)
}
