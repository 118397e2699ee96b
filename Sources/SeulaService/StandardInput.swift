#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Stdin as a whole (`-` as an input file): read once and kept, so every reader of `-` in one
/// run sees the same bytes (a criteria file given as `--model -` is read, hashed and loaded
/// from one read).
public enum StandardInput {
    nonisolated(unsafe) private static var cached: [UInt8]? = nil
    private static let lock = NSLock()

    public static func readAll() -> [UInt8] {
        lock.lock(); defer { lock.unlock() }
        if let cached { return cached }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        cached = out
        return out
    }
}
