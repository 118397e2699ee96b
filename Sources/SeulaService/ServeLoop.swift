#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SeulaCore
import SeulaJSON

/// The daemon's transport in its simple, sequential form: read stdin, answer each line in
/// order, write stdout. Output is flushed whenever no further input is ready, so a client that
/// writes one line and waits gets its answer without closing stdin; under a stream, answers are
/// batched into large writes.
///
/// Message handling is entirely in `RequestHandler`; this type only moves bytes.
public final class ServeLoop {
    public let handler: RequestHandler
    public let maxLineBytes: Int
    private let input: Int32
    private let output: Int32
    private var outputBuffer: [UInt8] = []
    private var statistics = ServiceStatistics()
    private let started = MonotonicClock.now()
    /// Set when the reader is gone (EPIPE): stop quietly.
    private var outputClosed = false

    public static let flushThreshold = 1 << 16

    public init(handler: RequestHandler, input: Int32 = 0, output: Int32 = 1, maxLineBytes: Int = 1 << 20) {
        self.handler = handler
        self.input = input
        self.output = output
        self.maxLineBytes = maxLineBytes
    }

    /// Runs until end of input; returns the exit status (0).
    public func run() -> Int32 {
        var splitter = LineSplitter(maxLineBytes: maxLineBytes)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !outputClosed {
            if !outputBuffer.isEmpty && !inputReady() { flush() }
            let n = chunk.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                break
            }
            if n == 0 { break }
            chunk.withUnsafeBytes { buffer in
                splitter.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { answer($0) }
            }
            if outputBuffer.count >= Self.flushThreshold { flush() }
        }
        splitter.finish { answer($0) }
        flush()
        return 0
    }

    private func answer(_ event: LineSplitter.Event) {
        let result: Answer
        switch event {
        case .line(let number, let bytes):
            if LineSplitter.isBlank(bytes) { return }
            statistics.linesRead += 1
            let stats = statistics, started = self.started
            result = handler.handle(line: bytes, lineNumber: number) {
                (stats, MonotonicClock.seconds(since: started))
            }
        case .tooLong(let number, let prefix):
            statistics.linesRead += 1
            let id = prefix.withUnsafeBytes { RequestHandler.scanForID($0) }
            result = RequestHandler.lineTooLong(lineNumber: number, limit: maxLineBytes, id: id)
        }
        statistics.record(result.kind)
        outputBuffer.append(contentsOf: result.bytes)
        outputBuffer.append(0x0A)
    }

    /// True when input can be read without blocking.
    private func inputReady() -> Bool {
        var fds = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&fds, 1, 0) > 0
    }

    private func flush() {
        var offset = 0
        while offset < outputBuffer.count && !outputClosed {
            let n = outputBuffer.withUnsafeBytes { write(output, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                outputClosed = true   // EPIPE or a closed descriptor: the reader is gone
                break
            }
            offset += n
        }
        outputBuffer.removeAll(keepingCapacity: true)
    }
}

/// Monotonic time for uptime and progress (never in a decision).
public enum MonotonicClock {
    public static func now() -> timespec {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t
    }

    public static func seconds(since t: timespec) -> Double {
        let n = now()
        return Double(n.tv_sec - t.tv_sec) + Double(n.tv_nsec - t.tv_nsec) / 1e9
    }
}
