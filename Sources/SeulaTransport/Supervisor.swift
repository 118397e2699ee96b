#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Keeps `seula serve` alive through a bug. The daemon's work runs in a child process; this
/// supervisor relays complete lines to it and its answers back. If the child dies (a trap —
/// Swift cannot catch one in-process), the lines it had not answered are sent again, in one
/// batch, to a fresh child; if that one dies too, the unanswered part of the batch is halved
/// and tried again, and so on, so a poison line costs a dozen short-lived children (log₂ of the
/// lines in flight), not a retry of every line one by one. A single line that ends two
/// children is answered with an `internal` error, and the stream goes on with a new child.
/// stdout still carries exactly one answer per non-blank line, in input order.
///
/// Line numbers stay right across restarts: a child starts with `--lines-before N`, and in a
/// retry, lines in between are sent as empty lines (a blank line is counted, never answered).
/// A line over the length limit and a `stats` command are answered here (and sent on as empty
/// lines): the supervisor counts every answer it writes, so `stats` survives restarts.
/// Children run what `options.workers` holds (the engine's: a private snapshot of the last good
/// criteria files): a restarted child runs exactly what the one before it ran, whatever is on
/// disk now. SIGTERM/SIGINT stop reading (every line read is still answered); SIGHUP refreshes
/// `options.workers` and, when that succeeds, reloads the child.
///
/// Generic over `Answers`, the few answers it makes itself (`stats`, `line_too_long`, the
/// `internal` error of a line that ends two workers): it knows nothing else of what it relays.
public final class Supervisor<Answers: TransportAnswers>: @unchecked Sendable {
    public typealias Options = SupervisorOptions

    /// An answer the supervisor makes itself: fixed bytes (`line_too_long`), or `stats`,
    /// made when it is written (it counts every answer before it).
    enum OwnAnswer {
        case bytes([UInt8])
        case stats(req: Answers.StatsRequest)
    }

    /// A non-blank line read and not yet answered. `own` is set for lines the supervisor
    /// answers itself.
    struct Pending {
        var number: Int
        var bytes: [UInt8]
        var own: OwnAnswer?
        var answer: OwnAnswer? { own }
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
        /// Lines waiting for a worker's answer (not answered here).
        var unansweredCount: Int { storage[head...].reduce(0) { $0 + ($1.own == nil ? 1 : 0) } }
        /// The first `n` lines waiting for a worker's answer, in order.
        func firstUnanswered(_ n: Int) -> [Pending] {
            var out: [Pending] = []
            for p in storage[head...] where p.own == nil {
                out.append(p)
                if out.count == n { break }
            }
            return out
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
    /// The errno of a failed write to stdout other than EPIPE (reported, exit 1).
    private var outputErrno: Int32 = 0
    /// The recorder could not keep answers (they were not written; exit 1).
    private var recordFailed = false
    /// Every answer written so far (the children's and our own), for `stats`.
    private var statistics = Answers.Statistics()
    private let started = MonotonicClock.now()

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

    /// SIGHUP: refresh what the workers run (the engine re-reads the criteria files); when that
    /// succeeds the child reloads; otherwise the previous configuration stays (and every later
    /// child runs it).
    public func reload() {
        if let message = options.workers.refresh() {
            options.log(.error, message)
            options.log(.error, "reload refused; the previous criteria stay in force (\(options.workers.summary))")
        } else {
            options.log(.info, "criteria reloaded: \(options.workers.summary)")
            outputLock.lock()
            options.recorder?.note(.criteriaReloaded)
            outputLock.unlock()
            lock.lock()
            let c = child
            lock.unlock()
            c?.signal(SIGHUP)
        }
    }

    /// A running worker process.
    final class Child: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        let output = Pipe()

        /// `quietCrash`: no runtime backtrace if it traps (a bisection step: the backtrace takes
        /// longer than the step, and the line is logged when it is found).
        init(_ executable: String, _ arguments: [String], quietCrash: Bool = false) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if quietCrash {
                var env = ProcessInfo.processInfo.environment
                env["SWIFT_BACKTRACE"] = "enable=no"
                process.environment = env
            }
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

    func start(linesBefore: Int, sequential: Bool, quietCrash: Bool = false) -> Child? {
        var args = options.workerArguments + options.workers.arguments + ["--lines-before", String(linesBefore)]
        if sequential { args += ["--workers", "1"] }
        do {
            let c = try Child(options.executable, args, quietCrash: quietCrash)
            if linesBefore > 0 {
                options.log(.info, "worker restarted (pid \(c.process.processIdentifier)) after line \(linesBefore), running \(options.workers.summary)")
            }
            return c
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
            if outputClosed { lock.unlock(); return finish() }
            recovering = true
            let unanswered = pending.contains { $0.answer == nil }
            let finished = (inputDone || stopRequested)
            lock.unlock()
            if unanswered {
                if !finished || c.process.terminationStatus != 0 {
                    options.log(.error, "the worker process ended unexpectedly (status \(c.process.terminationStatus)); sending its unanswered lines again (halving the batch while a worker dies)")
                    noteWorkerEnded(c)
                }
                recover()
            }
            flushSelfAnswered()
            lock.lock()
            if outputClosed { lock.unlock(); return finish() }
            if (inputDone || stopRequested) && pending.isEmpty {
                options.log(.debug, "supervisor: at most \(pending.peakCount) lines (\(pending.peakBytesHeld) bytes) were in flight")
                lock.unlock()
                return finish()
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

    /// The exit status at the end: 1 (with a message) when stdout failed for a reason other
    /// than the reader going away.
    private func finish() -> Int32 {
        options.workers.remove()
        lock.lock()
        let e = outputErrno
        let unrecorded = recordFailed
        lock.unlock()
        if unrecorded { return 1 }   // the caller reports the recorder's failure
        guard e != 0, e != EPIPE else { return 0 }
        options.log(.error, "cannot write to stdout: \(String(cString: strerror(e)))")
        return 1
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
                    if let stats = Answers.statsRequest(bytes) {
                        batch.append(Pending(number: number, bytes: options.recorder == nil ? [] : Array(bytes), own: .stats(req: stats)))
                    } else {
                        batch.append(Pending(number: number, bytes: Array(bytes), own: nil))
                        out.append(contentsOf: bytes)
                    }
                }
            case .tooLong(let number, let prefix):
                lastLine = number
                let answer = prefix.withUnsafeBytes { Answers.lineTooLong(lineNumber: number, limit: options.maxLineBytes, prefix: $0) }
                batch.append(Pending(number: number, bytes: [], own: .bytes(answer)))
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

    /// Counts one answer the supervisor writes (a worker's, known only by its bytes).
    private func count(_ answer: UnsafeRawBufferPointer) {
        statistics.linesRead += 1
        statistics.record(answer: answer)
    }

    /// The bytes of one of our own answers (with its newline), counted; `stats` counts itself
    /// after the answers before it.
    private func ownBytes(_ own: OwnAnswer) -> [UInt8] {
        switch own {
        case .bytes(let b):
            b.withUnsafeBytes { count($0) }
            return b + [0x0A]
        case .stats(let req):
            statistics.linesRead += 1
            let b = Answers.statsAnswer(statistics, uptimeSeconds: MonotonicClock.seconds(since: started), request: req)
            b.withUnsafeBytes { statistics.record(answer: $0) }
            return b + [0x0A]
        }
    }

    /// The child's answers → stdout, each retiring the oldest pending line (lines answered here
    /// are written in their place). Whole answers are written straight from the read buffer.
    private func relayAnswers(from c: Child) {
        let fd = c.output.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var filled = 0
        while true {
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 { if errno == EINTR { continue }; break }
            if n == 0 { break }
            let scanFrom = filled
            filled += n
            outputLock.lock()
            var unrecorded = false
            let written: Bool = buffer.withUnsafeMutableBytes { m in
                let b = UnsafeRawBufferPointer(m)
                let base = b.baseAddress!
                // Retire one pending line per answer; note where answers made here go in.
                // `scan` looks for newlines in the new bytes only; `cursor` is the end of the last
                // whole answer (0 until one is found): only whole answers are ever written, so a
                // worker that dies in the middle of an answer leaves nothing half-written.
                var inserts: [(at: Int, bytes: [UInt8])] = []
                // With a recorder, the answers (and the lines they answer) are handed to it first.
                var records: [Recorded] = []
                let recording = options.recorder != nil
                var cursor = 0
                var scan = scanFrom
                lock.lock()
                while scan < filled, let hit = memchr(base + scan, 0x0A, filled - scan) {
                    if pending.first?.answer != nil {
                        inserts.append((cursor, takeOwnAnswers(&records)))
                    }
                    let line = pending.isEmpty ? nil : pending.removeFirst()
                    let end = base.distance(to: UnsafeRawPointer(hit))
                    if recording, let line { records.append(Recorded(number: line.number, input: line.bytes, answer: .range(cursor..<end))) }
                    count(UnsafeRawBufferPointer(rebasing: b[cursor..<end]))
                    cursor = end + 1
                    scan = cursor
                }
                // Our own answers that are now due (nothing before them waits) go out with these.
                if pending.first?.answer != nil {
                    inserts.append((cursor, takeOwnAnswers(&records)))
                }
                lock.unlock()
                // Recorded before any of them is written.
                guard keep(records, b) else { unrecorded = true; return false }
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
                let e = errno
                options.log(.debug, unrecorded ? "supervisor: the recorder failed" : "supervisor: stdout closed (errno \(e))")
                // Our reader has gone (or stdout failed, or the recorder): close the child's answers
                // too (its next write fails with EPIPE and it ends quietly), and stop.
                lock.lock()
                outputClosed = true
                if unrecorded { recordFailed = true } else if e != EPIPE { outputErrno = e }
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
        var records: [Recorded] = []
        let out = takeOwnAnswers(&records)
        lock.unlock()
        guard keep(records, UnsafeRawBufferPointer(start: nil, count: 0)) else { return markRecordFailed() }
        if !out.isEmpty, !out.withUnsafeBytes({ writeOut($0) }) { markOutputFailed(errno) }
    }

    private func markOutputFailed(_ e: Int32) {
        lock.lock()
        outputClosed = true
        if e != EPIPE { outputErrno = e }
        lock.broadcast()
        lock.unlock()
    }

    private func markRecordFailed() {
        lock.lock()
        outputClosed = true
        recordFailed = true
        let c = child
        lock.broadcast()
        lock.unlock()
        c?.signal(SIGTERM)
    }

    /// True when the recorder could not keep answers (so they were not written).
    public var recordingFailed: Bool {
        lock.lock(); defer { lock.unlock() }
        return recordFailed
    }

    // MARK: Recording

    /// An answer about to be written and the line it answers, for the recorder.
    struct Recorded {
        enum Answer {
            /// Bytes in the relay's read buffer.
            case range(Range<Int>)
            /// An answer made here.
            case bytes([UInt8])
        }
        var number: Int
        /// nil: not kept (over the length limit).
        var input: [UInt8]?
        var answer: Answer
    }

    /// Our own answers that are now due (nothing before them waits), with their newlines, and
    /// their records when there is a recorder. Under `lock`.
    private func takeOwnAnswers(_ records: inout [Recorded]) -> [UInt8] {
        var out: [UInt8] = []
        while let head = pending.first, let answer = head.answer {
            let bytes = ownBytes(answer)
            if options.recorder != nil {
                var input: [UInt8]? = nil
                if case .stats = answer { input = head.bytes }
                records.append(Recorded(number: head.number, input: input, answer: .bytes(Array(bytes.dropLast()))))
            }
            out += bytes
            pending.removeFirst()
        }
        return out
    }

    /// Hands answers to the recorder before they are written (`buffer` holds the `.range` ones);
    /// false when it could not keep them. Under `outputLock`.
    private func keep(_ records: [Recorded], _ buffer: UnsafeRawBufferPointer) -> Bool {
        guard let recorder = options.recorder, !records.isEmpty else { return true }
        recorder.begin(answeredBy: nil)
        for r in records {
            func add(_ answer: UnsafeRawBufferPointer) {
                if let input = r.input {
                    input.withUnsafeBytes { recorder.add(line: r.number, input: $0, answer: answer) }
                } else {
                    recorder.add(line: r.number, input: nil, answer: answer)
                }
            }
            switch r.answer {
            case .range(let x): add(UnsafeRawBufferPointer(rebasing: buffer[x]))
            case .bytes(let a): a.withUnsafeBytes { add($0) }
            }
        }
        return recorder.commit()
    }

    /// A worker ended with lines unanswered: the recorder is told, in output order.
    private func noteWorkerEnded(_ c: Child) {
        guard let recorder = options.recorder else { return }
        lock.lock()
        let unanswered = pending.unansweredCount
        lock.unlock()
        outputLock.lock()
        recorder.note(.workerEnded(status: c.process.terminationStatus, unanswered: unanswered))
        outputLock.unlock()
    }

    /// Sends the unanswered lines again after a worker died: all of them to a fresh worker; when
    /// that one dies too, the lines it left unanswered contain the culprit, so the next batch is
    /// the first half of them, and so on (a bisection). A single line that ends a worker twice is
    /// answered with `internal`. Lines the supervisor answers itself go out in their place.
    private func recover() {
        /// How many unanswered lines from the head are known to hold a line that kills a worker:
        /// at first every line the dead worker left unanswered.
        lock.lock()
        var suspect: Int? = pending.unansweredCount
        lock.unlock()
        var singleDeaths = 0
        while true {
            flushSelfAnswered()
            lock.lock()
            if outputClosed { lock.unlock(); return }
            let unanswered = pending.unansweredCount
            guard unanswered > 0, let head = pending.first else { lock.unlock(); return }
            let size = suspect.map { max(1, $0 / 2) } ?? unanswered
            if suspect == 1 && singleDeaths >= 2 {
                let culprit = pending.removeFirst()
                lock.unlock()
                answerInternal(culprit)
                suspect = nil
                singleDeaths = 0
                continue
            }
            let batch = pending.firstUnanswered(size)
            lock.unlock()
            guard let c = start(linesBefore: head.number - 1, sequential: size == 1, quietCrash: size > 1) else { return }
            // The batch, with blank lines for the lines in between (numbering) and for the lines
            // answered here.
            var bytes: [UInt8] = []
            var current = head.number - 1
            for line in batch {
                bytes += [UInt8](repeating: 0x0A, count: max(0, line.number - current - 1))
                bytes += line.bytes
                bytes.append(0x0A)
                current = line.number
            }
            let payload = bytes
            let sendThread = Thread { _ = payload.withUnsafeBytes { c.send($0) }; c.closeInput() }
            sendThread.start()
            lock.lock()
            let before = pending.unansweredCount
            lock.unlock()
            relayAnswers(from: c)
            c.process.waitUntilExit()
            lock.lock()
            let answered = before - pending.unansweredCount
            lock.unlock()
            let died = answered < batch.count
            if died {
                noteWorkerEnded(c)
                suspect = batch.count - answered
                if suspect == 1 { singleDeaths += 1 }
                options.log(.warning, "a worker ended again with \(batch.count - answered) of \(batch.count) resent lines unanswered; narrowing down")
            } else if let s = suspect {
                // The culprit is in the rest of the suspect range (or the death was not the line's doing).
                suspect = s - batch.count > 0 ? s - batch.count : nil
                singleDeaths = 0
            }
        }
    }

    /// Answers a line that ended two workers with `internal`, in its place.
    private func answerInternal(_ culprit: Pending) {
        options.log(.error, "line \(culprit.number): internal error: the worker process ended on this line (twice)")
        let bytes = culprit.bytes.withUnsafeBytes { Answers.internalError(lineNumber: culprit.number, line: $0) }
        outputLock.lock()
        lock.lock()
        bytes.withUnsafeBytes { count($0) }
        lock.unlock()
        // Its input is not kept: the line ended two workers, and the recorder reads what it keeps.
        guard keep([Recorded(number: culprit.number, input: nil, answer: .bytes(bytes))], UnsafeRawBufferPointer(start: nil, count: 0)) else {
            outputLock.unlock()
            return markRecordFailed()
        }
        if !(bytes + [0x0A]).withUnsafeBytes({ writeOut($0) }) { markOutputFailed(errno) }
        outputLock.unlock()
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
