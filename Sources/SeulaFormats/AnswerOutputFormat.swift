import SeulaCore
import SeulaJSON

/// How an answer becomes output bytes: from a decision the fast path made (the "column"
/// route: no record written to be read back) or from an answer line the general path gave (the
/// "record" route: a decision record, an error record or a command's answer). Both routes give
/// the same bytes for the same case (tests compare them). The engine is generic over it, so
/// each line calls the concrete format directly.
///
/// A value belongs to one worker (it may keep scratch buffers).
public protocol AnswerOutputFormat {
    /// The last decision step the output reads: the fast path stops there.
    var lastStep: DecisionStep { get }
    /// Whether the output shows reasons and counterfactuals (else the fast path skips them).
    var needsExplaining: Bool { get }

    /// Writes the answer to a decided case (its pseudonym already set), with its line end.
    /// `records` writes the case's decision record under `model`.
    mutating func write(_ d: inout Decision, model: CriteriaModel, records: DecisionRecordWriter, lineNumber: Int,
                        into out: inout JSONWriter)

    /// Writes an answer the general path gave (one JSON line, without its newline; empty where
    /// the writer inserts a `stats` answer later), with its line end.
    mutating func write(answer: [UInt8], lineNumber: Int, into out: inout JSONWriter)
}

/// The output format chosen for a run: which `AnswerOutputFormat` writes its answers.
/// Sendable, so the pipeline can hand it to every worker.
public enum AnswerOutput: Sendable {
    case jsonl
    case csv(RecordCSV)
}
