/// How a supervisor starts its workers (not generic: the executable fills it in before it
/// names the answers).
public struct SupervisorOptions: Sendable {
    /// The executable and the arguments that make it a worker (`serve … --as-worker`).
    public var executable: String
    public var workerArguments: [String]
    public var maxLineBytes: Int
    public var log: Log
    /// What the workers run, kept by the supervisor (the engine's criteria snapshot).
    public var workers: any WorkerConfiguration
    /// Sees every answer written here — the worker's and the supervisor's own — with its
    /// line, before it is written, and every worker that ended (an audit log).
    public var recorder: (any AnswerRecorder)? = nil

    public init(executable: String, workerArguments: [String], maxLineBytes: Int, log: Log, workers: any WorkerConfiguration) {
        self.executable = executable
        self.workerArguments = workerArguments
        self.maxLineBytes = maxLineBytes
        self.log = log
        self.workers = workers
    }
}

/// What the supervisor's worker processes run, kept by the supervisor so that a worker started
/// after a crash runs exactly what the one before it ran. The supervisor only passes it on
/// (`arguments`), names it in its log (`summary`), refreshes it on SIGHUP and removes it at exit.
public protocol WorkerConfiguration: AnyObject, Sendable {
    /// Added to every worker's command line (after `SupervisorOptions.workerArguments`).
    var arguments: [String] { get }
    /// One line for the log ("seula-default 2.0.0 (sha256 …)").
    var summary: String { get }
    /// SIGHUP: takes the new configuration and returns nil, or keeps the old one and returns why.
    func refresh() -> String?
    /// At exit: removes whatever it keeps on disk.
    func remove()
}
