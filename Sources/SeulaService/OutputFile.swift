#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How Seula writes a file it makes (`score -o`, `--report`, a new criteria version): into a
/// temporary file beside it, renamed over it only once everything is written, so a failed run
/// never leaves half a file. A path that exists and is not a regular file — `/dev/null`, a
/// FIFO, a terminal — is written directly and never replaced (renaming over `/dev/null` would
/// turn the machine's null device into a file).
public enum OutputFile {
    /// True when `path` exists and is not a regular file (or a link to one).
    public static func isSpecial(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return (st.st_mode & S_IFMT) != S_IFREG
    }

    /// An open descriptor for writing `path`, and the temporary path to rename from on success
    /// (nil when `path` is written directly).
    public static func open(_ path: String) -> (fd: Int32, temporary: String?)? {
        if isSpecial(path) {
            let fd = Glibc.open(path, O_WRONLY)
            return fd >= 0 ? (fd, nil) : nil
        }
        let temporary = "\(path).tmp-\(getpid())"
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        return fd >= 0 ? (fd, temporary) : nil
    }

    /// Ends a file opened with `open`: on success fsyncs and closes it and renames the temporary
    /// over `path`; on failure (`failed`, or the fsync, close or rename failing) removes the
    /// temporary, so `path` keeps what it had. The error text, or nil.
    public static func finish(fd: Int32, temporary: String?, path: String, failed: Bool) -> String? {
        var error: String? = nil
        if temporary != nil, !failed, fsync(fd) != 0 { error = "\(path): cannot write: \(String(cString: strerror(errno)))" }
        if close(fd) != 0, !failed, error == nil { error = "\(path): cannot write: \(String(cString: strerror(errno)))" }
        guard let temporary else { return error }
        if failed || error != nil {
            unlink(temporary)
            return error
        }
        if rename(temporary, path) != 0 {
            let e = String(cString: strerror(errno))
            unlink(temporary)
            return "\(path): cannot rename \(temporary) to it: \(e)"
        }
        return nil
    }

    /// Writes all of `bytes` to `path` (see the type's note); the error text on failure.
    public static func write(_ bytes: [UInt8], to path: String) -> String? {
        guard let (fd, temporary) = open(path) else { return "\(path): cannot write: \(String(cString: strerror(errno)))" }
        var offset = 0
        var failed = false
        bytes.withUnsafeBytes { b in
            while offset < b.count {
                let n = Glibc.write(fd, b.baseAddress! + offset, b.count - offset)
                if n < 0 { if errno == EINTR { continue }; failed = true; return }
                offset += n
            }
        }
        let error = String(cString: strerror(errno))
        if temporary != nil && fsync(fd) != 0 { failed = true }
        if close(fd) != 0 { failed = true }
        guard let temporary else { return failed ? "\(path): cannot write: \(error)" : nil }
        if failed {
            unlink(temporary)
            return "\(path): cannot write: \(error)"
        }
        if rename(temporary, path) != 0 {
            let e = String(cString: strerror(errno))
            unlink(temporary)
            return "\(path): cannot rename \(temporary) to it: \(e)"
        }
        return nil
    }
}
