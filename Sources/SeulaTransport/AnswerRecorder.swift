/// Sees every answer just before the transport writes it, in output order, with the input line
/// it answers: the seam an audit log plugs into (`PipelineOptions.recorder`,
/// `SupervisorOptions.recorder`). The transports know nothing of what it does with them.
///
/// For each batch of answers about to be written: `begin`, `add` per answer in order, then
/// `commit` — and only when `commit` returns true are the answers written. Calls come from one
/// thread at a time.
public protocol AnswerRecorder: AnyObject, Sendable {
    /// A batch starts. `handler` answered it when the transport knows (the pipeline: its
    /// `Handler` generation, which the recorder may look into); nil under the supervisor (its
    /// worker process answered).
    func begin(answeredBy handler: (any Sendable)?)
    /// One answer (without its newline) and the input line it answers, also without its
    /// newline; `input` is nil when the line was not kept (over the length limit).
    func add(line: Int, input: UnsafeRawBufferPointer?, answer: UnsafeRawBufferPointer)
    /// Keeps the batch. False: it could not — the transport writes none of its answers and stops.
    func commit() -> Bool
    /// Something the transport did besides answering, in output order.
    func note(_ event: TransportEvent)
}

/// What a transport reports to its recorder besides answers.
public enum TransportEvent: Sendable {
    /// The worker process ended; `unanswered` of its lines are sent again to a new one.
    case workerEnded(status: Int32, unanswered: Int)
    /// The supervisor's workers were reloaded (SIGHUP: new criteria files); its worker switches
    /// at its next chunk.
    case criteriaReloaded
}
