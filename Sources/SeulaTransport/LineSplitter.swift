/// Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line.
///
/// A line longer than the limit is reported once as `.tooLong` (with its first bytes, so the
/// caller can still recover an `"id"`), and the rest of it is skipped as it streams past.
/// `\r\n` endings are accepted. Line numbers are 1-based and count every line, blank or not.
/// A UTF-8 byte-order mark at the start of line 1 is skipped (editors on Windows write one).
public struct LineSplitter {
    public enum Event {
        /// A complete line (without `\n` or a trailing `\r`), valid until the next call.
        case line(number: Int, bytes: UnsafeRawBufferPointer)
        /// A line over the limit; `prefix` is its first bytes (up to `recoveryPrefix`).
        case tooLong(number: Int, prefix: [UInt8])
    }

    public let maxLineBytes: Int
    /// How much of an over-long line is kept for recovering its id.
    public static let recoveryPrefix = 4096

    private var pending: [UInt8] = []
    private var skipping = false
    private var skippedPrefix: [UInt8] = []
    public private(set) var lineNumber = 0

    /// `linesBefore`: how many lines came before this input (a CSV header read separately).
    public init(maxLineBytes: Int, linesBefore: Int = 0) {
        self.maxLineBytes = maxLineBytes
        self.lineNumber = linesBefore
    }

    /// Feeds a chunk; calls `emit` for each complete line or over-long line, in order.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ emit: (Event) -> Void) {
        var start = 0
        let n = chunk.count
        while start < n {
            // Find the next newline.
            var end = start
            if let base = chunk.baseAddress, let p = memchr(base + start, 0x0A, n - start) {
                end = base.distance(to: UnsafeRawPointer(p))
            } else {
                end = n
            }
            let segment = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            let complete = end < n
            if skipping {
                if complete {
                    lineNumber += 1
                    emit(.tooLong(number: lineNumber, prefix: skippedPrefix))
                    skipping = false
                    skippedPrefix = []
                }
            } else {
                let total = pending.count + segment.count
                let lastByte = segment.last ?? pending.last
                let contentLength = total - (lastByte == 0x0D ? 1 : 0)
                if complete && contentLength <= maxLineBytes {
                    lineNumber += 1
                    if pending.isEmpty {
                        emit(.line(number: lineNumber, bytes: Self.trimBOM(Self.trimCR(segment), lineNumber)))
                    } else {
                        pending.append(contentsOf: segment)
                        pending.withUnsafeBytes { emit(.line(number: lineNumber, bytes: Self.trimBOM(Self.trimCR($0), lineNumber))) }
                        pending.removeAll(keepingCapacity: true)
                    }
                } else if complete || total > maxLineBytes + 1 {
                    // Over the limit: keep a prefix for id recovery, skip the rest as it streams past.
                    var prefix = pending
                    prefix.append(contentsOf: segment.prefix(max(0, Self.recoveryPrefix - prefix.count)))
                    prefix = Array(prefix.prefix(Self.recoveryPrefix))
                    pending.removeAll(keepingCapacity: true)
                    if complete {
                        lineNumber += 1
                        emit(.tooLong(number: lineNumber, prefix: prefix))
                    } else {
                        skipping = true
                        skippedPrefix = prefix
                    }
                } else {
                    pending.append(contentsOf: segment)
                }
            }
            start = complete ? end + 1 : n
        }
    }

    /// At end of input: the last line if it had no newline.
    public mutating func finish(_ emit: (Event) -> Void) {
        if skipping {
            lineNumber += 1
            emit(.tooLong(number: lineNumber, prefix: skippedPrefix))
            skipping = false
        } else if !pending.isEmpty {
            lineNumber += 1
            let contentLength = pending.count - (pending.last == 0x0D ? 1 : 0)
            if contentLength > maxLineBytes {
                emit(.tooLong(number: lineNumber, prefix: Array(pending.prefix(Self.recoveryPrefix))))
            } else {
                pending.withUnsafeBytes { emit(.line(number: lineNumber, bytes: Self.trimBOM(Self.trimCR($0), lineNumber))) }
            }
            pending.removeAll()
        }
    }

    /// Line 1 without a leading UTF-8 byte-order mark.
    static func trimBOM(_ b: UnsafeRawBufferPointer, _ number: Int) -> UnsafeRawBufferPointer {
        guard number == 1, b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF else { return b }
        return UnsafeRawBufferPointer(rebasing: b[3...])
    }

    static func trimCR(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        if let last = b.last, last == 0x0D { return UnsafeRawBufferPointer(rebasing: b[0..<(b.count - 1)]) }
        return b
    }

    /// True for a line of only JSON whitespace (skipped: no answer, but it counts as a line).
    public static func isBlank(_ b: UnsafeRawBufferPointer) -> Bool {
        for c in b where c != 0x20 && c != 0x09 && c != 0x0D && c != 0x0A { return false }
        return true
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
