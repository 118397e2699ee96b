#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaCrypto
import SeulaService
import SeulaTransport

/// The criteria a supervised daemon's workers run: the files given (or the defaults), copied
/// into a private directory once they are known to load together, so a worker started later —
/// after a crash or a `kill -9` — runs exactly these bytes, whatever is on disk by then, until a
/// reload (SIGHUP) finds the files valid again. A reload that fails leaves the snapshot alone.
///
/// The copies keep their bytes, so every record's `model.sha256` is the original file's.
public final class CriteriaSnapshot: @unchecked Sendable {
    /// The files as the user named them (re-read on reload).
    public let sources: [String]
    /// The private directory holding the copies (removed by `remove()`).
    public let directory: String
    /// The copies, one per source, in the same order.
    public let paths: [String]
    private let lock = NSLock()
    private var summaryText: String

    /// Reads and checks the files; throws what `model check` would say when they do not load.
    public init(sources: [String]) throws(ModelFile.Failure) {
        self.sources = sources
        let loaded = try Self.load(sources)
        var template = Array((NSTemporaryDirectory() + "/seula-criteria-XXXXXX").utf8CString)
        let dir: String = template.withUnsafeMutableBufferPointer { buffer in
            guard let p = mkdtemp(buffer.baseAddress!) else { return "" }
            return String(cString: p)
        }
        guard !dir.isEmpty else { throw .unreadable(path: NSTemporaryDirectory(), reason: "cannot make a private directory for the criteria snapshot") }
        directory = dir
        paths = sources.enumerated().map { i, s in "\(dir)/\(i)-\(URL(fileURLWithPath: s).lastPathComponent)" }
        summaryText = Self.describe(loaded.models)
        for (bytes, path) in zip(loaded.bytes, paths) {
            guard Self.write(bytes, to: path) else { throw .unreadable(path: path, reason: "cannot write the criteria snapshot") }
        }
    }

    /// `--model FILE` for each copy: the arguments a worker runs with.
    public var modelArguments: [String] { paths.flatMap { ["--model", $0] } }

    /// "seula-default 1.0.1 (sha256 9c21507a…), seula-default 2.0.0 (…)".
    public var summary: String {
        lock.lock(); defer { lock.unlock() }
        return summaryText
    }

    /// Re-reads the source files; when they load together the copies are replaced (each
    /// atomically) and nil is returned; otherwise the copies stay and the reason is returned.
    public func refresh() -> String? {
        let loaded: (bytes: [[UInt8]], models: [CriteriaModel])
        do {
            loaded = try Self.load(sources)
        } catch {
            return error.description
        }
        for (bytes, path) in zip(loaded.bytes, paths) {
            guard Self.write(bytes, to: path) else { return "\(path): cannot update the criteria snapshot" }
        }
        lock.lock()
        summaryText = Self.describe(loaded.models)
        lock.unlock()
        return nil
    }

    /// Removes the private directory (at exit).
    public func remove() {
        for p in paths { unlink(p) }
        rmdir(directory)
    }

    static func load(_ sources: [String]) throws(ModelFile.Failure) -> (bytes: [[UInt8]], models: [CriteriaModel]) {
        var all: [[UInt8]] = []
        var models: [CriteriaModel] = []
        for path in sources {
            let bytes = try ModelFile.read(path)
            do {
                models.append(try ModelLoader.load(bytes: bytes, sha256: Digest.sha256Hex(bytes)))
            } catch {
                throw .invalid(path: path, error)
            }
            all.append(bytes)
        }
        do {
            _ = try CriteriaSet(models)
        } catch {
            throw .invalid(path: sources.joined(separator: ", "), error)
        }
        return (all, models)
    }

    static func describe(_ models: [CriteriaModel]) -> String {
        models.map { "\($0.id) \($0.version) (sha256 \($0.sha256.prefix(12))…)" }.joined(separator: ", ")
    }

    /// Writes `bytes` to a temporary name beside `path` and renames it over `path`.
    static func write(_ bytes: [UInt8], to path: String) -> Bool {
        let temporary = path + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { return false }
        var offset = 0
        let ok: Bool = bytes.withUnsafeBytes { b in
            while offset < b.count {
                let n = Glibc.write(fd, b.baseAddress! + offset, b.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else { unlink(temporary); return false }
        return true
    }
}

/// The supervisor's workers run the snapshot's files.
extension CriteriaSnapshot: WorkerConfiguration {
    public var arguments: [String] { modelArguments }
}
