#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where a command writes: stdout, or a file it makes (`score -o`, `generate -o`, `--report`, a
/// new criteria version). Every byte any `seula` command writes goes through one of these, so a
/// failed write is never lost and never looks like success.
///
/// - A file is written into a temporary file beside it and renamed over it only when `finish`
///   is told everything was written, so a failed run never leaves half a file. A path that
///   exists and is not a regular file — `/dev/null`, a FIFO, a terminal — is written directly
///   and never replaced (renaming over `/dev/null` would turn the machine's null device into a
///   file). `-` is stdout.
/// - The first failed write is remembered (its errno) and every later write is skipped; the
///   caller asks `failure` at the end: `cannot write to stdout: No space left on device`, or the
///   file name. A vanished reader (EPIPE on a pipe) is `readerGone`, not a failure: the command
///   stops quietly, as a filter in a pipeline should.
public final class Output: @unchecked Sendable {
    /// `stdout` or the path, for messages.
    public let name: String
    /// The path written (nil for stdout and stderr).
    public let path: String?
    /// The descriptor to write to (for writers that write themselves, such as the pipeline;
    /// they report a failure with `recordFailure`).
    public let fd: Int32
    private let temporary: String?
    private let lock = NSLock()
    private var errorNumber: Int32 = 0
    private var closed = false

    private init(name: String, path: String?, fd: Int32, temporary: String?) {
        self.name = name
        self.path = path
        self.fd = fd
        self.temporary = temporary
    }

    /// The process's stdout. Shared by every writer in the process.
    public static let standardOutput = Output(name: "stdout", path: nil, fd: 1, temporary: nil)
    /// The process's stderr (messages, progress). A failed write makes the run fail too, though
    /// nothing can say so.
    public static let standardError = Output(name: "stderr", path: nil, fd: 2, temporary: nil)

    /// Opens `path` for writing (`-`: stdout). The error text when it cannot be created.
    public static func open(_ path: String) -> Result<Output, OutputError> {
        if path == "-" { return .success(standardOutput) }
        if isSpecial(path) {
            let fd = Glibc.open(path, O_WRONLY)
            guard fd >= 0 else { return .failure(OutputError(path, errno)) }
            return .success(Output(name: path, path: path, fd: fd, temporary: nil))
        }
        let temporary = "\(path).tmp-\(getpid())"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return .failure(OutputError(path, errno)) }
        return .success(Output(name: path, path: path, fd: fd, temporary: temporary))
    }

    /// True when `path` exists and is not a regular file (or a link to one).
    public static func isSpecial(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return (st.st_mode & S_IFMT) != S_IFREG
    }

    public var isStandardOutput: Bool { path == nil && fd == 1 }

    /// Writes all of `bytes`; false (and nothing more is written, ever) once a write has failed.
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard errorNumber == 0, !closed else { return false }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                errorNumber = errno
                return false
            }
            offset += n
        }
        return true
    }

    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { write($0) } }

    @discardableResult
    public func write(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    /// A writer that writes to `fd` itself (the pipeline) reports its failed write here.
    public func recordFailure(errno e: Int32) {
        lock.lock(); defer { lock.unlock() }
        if errorNumber == 0 { errorNumber = e }
    }

    /// The errno of the first failed write, if any.
    public var errorCode: Int32? {
        lock.lock(); defer { lock.unlock() }
        return errorNumber == 0 ? nil : errorNumber
    }

    /// The reader went away (EPIPE): stop quietly, status 0.
    public var readerGone: Bool { errorCode == EPIPE }

    /// What went wrong, for `seula: …` on stderr; nil when every write succeeded or the reader
    /// went away.
    public var failure: String? {
        guard let e = errorCode, e != EPIPE else { return nil }
        return OutputError(name, e).message
    }

    /// Ends a file: with `commit` (and no failed write) fsyncs and closes it and renames the
    /// temporary over the path; otherwise removes the temporary, so the path keeps what it had.
    /// The error text, or nil. Stdout is only checked, never closed.
    @discardableResult
    public func finish(commit: Bool = true) -> String? {
        if path == nil { return failure }
        lock.lock()
        guard !closed else { lock.unlock(); return failure }
        closed = true
        var e = errorNumber
        if temporary != nil, commit, e == 0, fsync(fd) != 0 { e = errno }
        if close(fd) != 0, commit, e == 0 { e = errno }
        if errorNumber == 0 { errorNumber = e }
        lock.unlock()
        guard let temporary else { return e == 0 ? nil : OutputError(name, e).message }
        if !commit || e != 0 {
            unlink(temporary)
            return e == 0 ? nil : OutputError(name, e).message
        }
        if rename(temporary, name) != 0 {
            let r = errno
            unlink(temporary)
            lock.lock(); errorNumber = r; lock.unlock()
            return "cannot rename \(temporary) to \(name): \(String(cString: strerror(r)))"
        }
        return nil
    }

    /// Writes all of `bytes` to `path` (`-`: stdout) and finishes it; the error text on failure.
    public static func write(_ bytes: [UInt8], to path: String) -> String? {
        switch open(path) {
        case .failure(let e): return e.message
        case .success(let out):
            let ok = out.write(bytes)
            if out.isStandardOutput { return out.failure }
            return out.finish(commit: ok) ?? (ok ? nil : out.failure)
        }
    }
}

/// A file that cannot be written: `cannot write to out.csv: Permission denied`.
public struct OutputError: Error, Sendable {
    public var message: String
    public init(_ name: String, _ errorNumber: Int32) {
        message = "cannot write to \(name): \(String(cString: strerror(errorNumber)))"
    }
}
