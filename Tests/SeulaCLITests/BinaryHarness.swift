import Foundation
import XCTest

/// Runs the built `seula` binary as a client would: pipes for stdin/stdout/stderr, signals,
/// timeouts. The binary is the one `swift build` put beside the tests.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let seulaBinary: String = {
    let candidates = [".build/debug/seula", ".build/release/seula"].map { packageRoot.appendingPathComponent($0).path }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
}()
let defaultModelPath = packageRoot.appendingPathComponent("models/seula-v1.json").path

/// A running `seula` process with its pipes.
final class SeulaProcess {
    let process = Process()
    let stdinPipe = Pipe()
    let stdoutPipe = Pipe()
    let stderrPipe = Pipe()
    private var buffered: [UInt8] = []

    /// `stdoutPath`: a file (such as `/dev/full`) to write stdout to instead of the pipe.
    init(_ arguments: [String], environment: [String: String] = [:], stdoutPath: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: seulaBinary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SEULA_PSEUDONYM_KEY"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = packageRoot
        process.standardInput = stdinPipe
        if let stdoutPath, let handle = FileHandle(forWritingAtPath: stdoutPath) {
            process.standardOutput = handle
        } else {
            process.standardOutput = stdoutPipe
        }
        process.standardError = stderrPipe
        try process.run()
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Writes to the process's stdin; a closed pipe (the process has gone) is ignored, never a crash.
    func send(_ bytes: [UInt8]) {
        _ = Glibc.signal(SIGPIPE, SIG_IGN)
        let fd = stdinPipe.fileHandleForWriting.fileDescriptor
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }

    func closeInput() { try? stdinPipe.fileHandleForWriting.close() }

    /// The next line of stdout (without the newline), or nil after `timeout` seconds.
    func readLine(timeout: Double = 5) -> String? {
        let fd = stdoutPipe.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let nl = buffered.firstIndex(of: 0x0A) {
                let line = Array(buffered[..<nl])
                buffered.removeFirst(nl + 1)
                return String(decoding: line, as: UTF8.self)
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(max(1, remaining * 1000)))
            if ready <= 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { return nil }
            buffered.append(contentsOf: chunk[0..<n])
        }
    }

    /// Everything left on stdout until EOF.
    func readToEnd() -> String {
        let rest = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        let all = buffered + [UInt8](rest)
        buffered = []
        return String(decoding: all, as: UTF8.self)
    }

    func stderrText() -> String {
        String(decoding: stderrPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func signal(_ s: Int32) { kill(process.processIdentifier, s) }

    /// Waits for exit (at most `timeout` seconds); the exit status, or nil on timeout.
    func wait(timeout: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { process.terminate(); return nil }
            usleep(10_000)
        }
        return process.terminationStatus
    }
}

/// Runs seula to completion with `input` on stdin; returns (status, stdout, stderr).
func runSeula(_ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
    let p = try SeulaProcess(arguments, environment: environment)
    // Feed stdin and drain stderr on other threads, so a large input cannot deadlock against a
    // full stdout or stderr pipe.
    let writer = Thread { p.send(input); p.closeInput() }
    writer.start()
    let err = Collector()
    let errThread = Thread { err.set(p.stderrPipe.fileHandleForReading.readDataToEndOfFile()) }
    errThread.start()
    let out = p.readToEnd()
    let status = p.wait() ?? -1
    return (status, out, String(decoding: err.wait(), as: UTF8.self))
}

/// A value handed from one thread to another.
final class Collector: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data? = nil

    func set(_ d: Data) {
        condition.lock()
        data = d
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data!
    }
}

extension SeulaProcess: @unchecked Sendable {}
