#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaJSON
import SeulaService

/// Keeps `seula serve` alive through a bug. The daemon's work runs in a child process; this
/// supervisor relays complete lines to it and its answers back. If the child dies (a trap —
/// Swift cannot catch one in-process), the lines it had not answered are retried one at a time
/// in a fresh sequential child; a line that ends that child too is answered with an `internal`
/// error, and the stream goes on with a new child. stdout still carries exactly one answer per
/// non-blank line, in input order.
///
/// Line numbers stay right across restarts: a child starts with `--lines-before N`, and in a
/// retry, lines in between are sent as empty lines (a blank line is counted, never answered).
/// A line over the length limit is answered here (`line_too_long`) and sent on as an empty
/// line. SIGTERM/SIGINT stop reading (every line read is still answered); SIGHUP reloads the
/// criteria in the child.
public final class Supervisor: @unchecked Sendable {
    public struct Options: Sendable {
        /// The executable and the arguments that make it a worker (`serve … --as-worker`).
        public var executable: String
        public var workerArguments: [String]
        public var maxLineBytes: Int
        public var log: Log

        public init(executable: String, workerArguments: [String], maxLineBytes: Int, log: Log) {
            self.executable = executable
            self.workerArguments = workerArguments
            self.maxLineBytes = maxLineBytes
            self.log = log
        }
    }

    /// A non-blank line read and not yet answered. `answer` is set for lines the supervisor
    /// answers itself (over the length limit).
    struct Pending {
        var number: Int
        var bytes: [UInt8]
        var answer: [UInt8]?
    }

    /// Lines in flight, oldest first. A FIFO with O(1) amortized append and removal: thousands
    /// of lines can be in flight on a stream (pipes plus the worker's queues).
    struct PendingQueue {
        private var storage: [Pending] = []
        private var head = 0
        /// The line bytes held now and at most (for the debug log).
        private(set) var bytesHeld = 0
        private(set) var peakBytesHeld = 0
        private(set) var peakCount = 0
        var first: Pending? { head < storage.count ? storage[head] : nil }
        var isEmpty: Bool { head == storage.count }
        mutating func append(_ p: Pending) {
            storage.append(p)
            bytesHeld += p.bytes.count
            peakBytesHeld = max(peakBytesHeld, bytesHeld)
            peakCount = max(peakCount, storage.count - head)
        }
        @discardableResult mutating func removeFirst() -> Pending {
            let p = storage[head]
            bytesHeld -= p.bytes.count
            head += 1
            if head > 4096 && head * 2 > storage.count {
                storage.removeFirst(head)
                head = 0
            }
            return p
        }
        func contains(where predicate: (Pending) -> Bool) -> Bool {
            storage[head...].contains(where: predicate)
        }
    }

    let options: Options
    private let lock = NSCondition()
    /// Held while answers are taken from `pending` and written, so the relay and the reader
    /// (which writes answers made here as soon as nothing waits before them) keep input order.
    private let outputLock = NSLock()
    private var pending = PendingQueue()
    private var linesRead = 0
    private var child: Child?
    private var recovering = false
    private var stopRequested = false
    private var inputDone = false
    private var outputClosed = false

    public init(options: Options) {
        self.options = options
    }

    public func stop() {
        lock.lock()
        stopRequested = true
        let c = child
        lock.unlock()
        c?.signal(SIGTERM)
    }

    public func reload() {
        lock.lock()
        let c = child
        lock.unlock()
        c?.signal(SIGHUP)
    }

    /// A running worker process.
    final class Child: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        let output = Pipe()

        init(_ executable: String, _ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.standardError
            // Larger pipes: fewer, larger reads and writes on a stream (the default is 64 KiB).
            _ = fcntl(input.fileHandleForWriting.fileDescriptor, 1031 /* F_SETPIPE_SZ */, 1 << 20)
            _ = fcntl(output.fileHandleForReading.fileDescriptor, 1031 /* F_SETPIPE_SZ */, 1 << 20)
            try process.run()
        }

        func signal(_ s: Int32) { kill(process.processIdentifier, s) }

        /// Writes all of `bytes`; false when the child has gone.
        func send(_ bytes: UnsafeRawBufferPointer) -> Bool {
            let fd = input.fileHandleForWriting.fileDescriptor
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }

        func closeInput() { try? input.fileHandleForWriting.close() }
    }

    func start(linesBefore: Int, sequential: Bool) -> Child? {
        var args = options.workerArguments + ["--lines-before", String(linesBefore)]
        if sequential { args += ["--workers", "1"] }
        do {
            return try Child(options.executable, args)
        } catch {
            options.log(.error, "cannot start the worker process: \(error)")
            return nil
        }
    }

    /// Runs until the end of input (or a stop) and every line is answered; the exit status.
    public func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        guard let first = start(linesBefore: 0, sequential: false) else { return 1 }
        lock.lock()
        child = first
        lock.unlock()
        let reader = Thread { [self] in readInput() }
        reader.start()
        while true {
            lock.lock()
            let c = child!
            lock.unlock()
            relayAnswers(from: c)
            options.log(.debug, "supervisor: answers from worker \(c.process.processIdentifier) ended")
            c.process.waitUntilExit()
            lock.lock()
            options.log(.debug, "supervisor: worker exited with \(c.process.terminationStatus); output closed: \(outputClosed)")
            if outputClosed { lock.unlock(); return 0 }
            recovering = true
            let unanswered = pending.contains { $0.answer == nil }
            let finished = (inputDone || stopRequested)
            lock.unlock()
            if unanswered {
                if !finished || c.process.terminationStatus != 0 {
                    options.log(.error, "the worker process ended unexpectedly (status \(c.process.terminationStatus)); retrying its unanswered lines one at a time")
                }
                recover()
            }
            flushSelfAnswered()
            lock.lock()
            if (inputDone || stopRequested) && pending.isEmpty {
                options.log(.debug, "supervisor: at most \(pending.peakCount) lines (\(pending.peakBytesHeld) bytes) were in flight")
                lock.unlock()
                return 0
            }
            let before = linesRead
            lock.unlock()
            guard let next = start(linesBefore: before, sequential: false) else { return 1 }
            lock.lock()
            child = next
            recovering = false
            if inputDone || stopRequested { next.closeInput() }
            lock.broadcast()
            lock.unlock()
        }
    }

    /// stdin → the current child, in one write per read: every line of the read, blank lines
    /// as empty lines (the child counts them). Each non-blank line is remembered until it is
    /// answered; while a crashed child's lines are being retried, reading waits.
    private func readInput() {
        var splitter = LineSplitter(maxLineBytes: options.maxLineBytes)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var out: [UInt8] = []
        var batch: [Pending] = []
        var lastLine = 0
        func collect(_ event: LineSplitter.Event) {
            switch event {
            case .line(let number, let bytes):
                lastLine = number
                if !LineSplitter.isBlank(bytes) {
                    batch.append(Pending(number: number, bytes: Array(bytes), answer: nil))
                    out.append(contentsOf: bytes)
                }
            case .tooLong(let number, let prefix):
                lastLine = number
                let id = prefix.withUnsafeBytes { RequestHandler.scanForID($0) }
                batch.append(Pending(number: number, bytes: [], answer: RequestHandler.lineTooLong(lineNumber: number, limit: options.maxLineBytes, id: id).bytes))
            }
            out.append(0x0A)
        }
        /// Registers the collected lines and sends them to the current child.
        func forward() {
            guard !out.isEmpty else { return }
            lock.lock()
            while recovering && !outputClosed { lock.wait() }
            let c = child!
            linesRead = lastLine
            for p in batch { pending.append(p) }
            lock.unlock()
            // A failed send means the child has gone: the lines are pending and will be retried.
            _ = out.withUnsafeBytes { c.send($0) }
            // An interactive client waits for a line_too_long answer with no later line to push it.
            if batch.contains(where: { $0.answer != nil }) { flushSelfAnswered() }
            out.removeAll(keepingCapacity: true)
            batch.removeAll(keepingCapacity: true)
        }
        while true {
            lock.lock()
            let stop = stopRequested || outputClosed
            lock.unlock()
            if stop { break }
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            buffer.withUnsafeBytes { b in splitter.feed(UnsafeRawBufferPointer(rebasing: b[0..<n])) { collect($0) } }
            forward()
        }
        lock.lock()
        let stopped = stopRequested
        lock.unlock()
        if !stopped {
            splitter.finish { collect($0) }
            forward()
        }
        lock.lock()
        inputDone = true
        let c = child
        lock.unlock()
        c?.closeInput()
    }

    /// The child's answers → stdout, each retiring the oldest pending line (lines answered here
    /// are written in their place). Whole answers are written straight from the read buffer.
    private func relayAnswers(from c: Child) {
        let fd = c.output.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var filled = 0
        var own: [UInt8] = []
        while true {
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            let scanFrom = filled
            filled += n
            outputLock.lock()
            let written: Bool = buffer.withUnsafeMutableBytes { m in
                let b = UnsafeRawBufferPointer(m)
                let base = b.baseAddress!
                // Retire one pending line per answer; note where answers made here go in.
                var inserts: [(at: Int, bytes: [UInt8])] = []
                var cursor = scanFrom
                lock.lock()
                while cursor < filled, let hit = memchr(base + cursor, 0x0A, filled - cursor) {
                    if pending.first?.answer != nil {
                        own.removeAll(keepingCapacity: true)
                        while let head = pending.first, let answer = head.answer {
                            own += answer
                            own.append(0x0A)
                            pending.removeFirst()
                        }
                        inserts.append((cursor, own))
                    }
                    if !pending.isEmpty { pending.removeFirst() }
                    cursor = base.distance(to: UnsafeRawPointer(hit)) + 1
                }
                lock.unlock()
                var segmentStart = 0
                for insert in inserts {
                    guard writeOut(UnsafeRawBufferPointer(rebasing: b[segmentStart..<insert.at])),
                          insert.bytes.withUnsafeBytes({ writeOut($0) }) else { return false }
                    segmentStart = insert.at
                }
                guard writeOut(UnsafeRawBufferPointer(rebasing: b[segmentStart..<cursor])) else { return false }
                // Keep the unfinished answer at the front.
                let rest = filled - cursor
                if rest > 0 && cursor > 0 { memmove(m.baseAddress!, m.baseAddress! + cursor, rest) }
                filled = rest
                return true
            }
            outputLock.unlock()
            if !written {
                options.log(.debug, "supervisor: stdout closed (errno \(errno))")
                // Our reader has gone: close the child's answers too (its next write fails with
                // EPIPE and it ends quietly), and stop.
                lock.lock()
                outputClosed = true
                lock.broadcast()
                lock.unlock()
                try? c.output.fileHandleForReading.close()
                c.signal(SIGTERM)
                return
            }
        }
    }

    /// Writes the answers this supervisor made itself that are due (nothing before them waits).
    private func flushSelfAnswered() {
        outputLock.lock()
        defer { outputLock.unlock() }
        lock.lock()
        var out: [UInt8] = []
        while let head = pending.first, let own = head.answer {
            out += own
            out.append(0x0A)
            pending.removeFirst()
        }
        lock.unlock()
        if !out.isEmpty { _ = out.withUnsafeBytes { writeOut($0) } }
    }

    /// Retries the unanswered lines one at a time in sequential children; a line that ends its
    /// child is answered with `internal`.
    private func recover() {
        while true {
            flushSelfAnswered()
            lock.lock()
            guard let first = pending.first else { lock.unlock(); return }
            lock.unlock()
            guard let c = start(linesBefore: first.number - 1, sequential: true) else { return }
            var current = first.number - 1
            let answers = c.output.fileHandleForReading.fileDescriptor
            var died = false
            while true {
                flushSelfAnswered()
                lock.lock()
                guard let line = pending.first else { lock.unlock(); break }
                lock.unlock()
                var bytes = [UInt8](repeating: 0x0A, count: max(0, line.number - current - 1))
                bytes += line.bytes
                bytes.append(0x0A)
                current = line.number
                guard bytes.withUnsafeBytes({ c.send($0) }), let answer = Self.readLine(answers) else { died = true; break }
                outputLock.lock()
                _ = (answer + [0x0A]).withUnsafeBytes { writeOut($0) }
                lock.lock()
                pending.removeFirst()
                lock.unlock()
                outputLock.unlock()
            }
            c.closeInput()
            c.process.waitUntilExit()
            guard died else { return }
            outputLock.lock()
            lock.lock()
            let culprit = pending.removeFirst()
            lock.unlock()
            let id = culprit.bytes.withUnsafeBytes { RequestHandler.scanForID($0) }
            let e = CaseError(.internal, path: "", "an internal error ended the worker on this line; it is logged on stderr and the daemon went on")
            options.log(.error, "line \(culprit.number): internal error: the worker process ended on this line")
            _ = (ErrorRecordWriter.bytes(e, id: id, line: culprit.number) + [0x0A]).withUnsafeBytes { writeOut($0) }
            outputLock.unlock()
        }
    }

    private static func readLine(_ fd: Int32) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return nil }
            if byte == 0x0A { return line }
            line.append(byte)
        }
    }

    private func writeOut(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = write(1, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 { if errno == EINTR { continue }; return false }
            offset += n
        }
        return true
    }
}
