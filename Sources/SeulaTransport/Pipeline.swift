#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaJSON

/// How a pipeline runs: sizes, bounds and the hooks the executable plugs in (not generic, so a
/// command fills it in before it knows its handler).
public struct PipelineOptions: Sendable {
    public var maxLineBytes: Int = 1 << 20
    public var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Lines per chunk under a stream.
    public var chunkLines: Int = 2048
    /// Bytes per chunk under a stream (a chunk closes at whichever comes first).
    public var chunkBytes: Int = 1 << 20
    public var maxInFlight: Int = 0   // 0: 2 × workers + 2
    /// Lines before the first one read (a CSV header the caller consumed), for line numbers.
    public var linesBefore = 0
    /// Bytes the caller already read from the input (to tell its format), read before it.
    public var initialBytes: [UInt8] = []
    /// Cuts the input into records, given the record limit and `linesBefore`; nil: lines
    /// (`LineSplitter`). A CSV input brings a framing that joins a quoted field's lines.
    public var framing: (@Sendable (_ maxRecordBytes: Int, _ linesBefore: Int) -> any RecordFraming)? = nil
    /// Called by the writer after each chunk is written (progress, logging).
    public var onChunkWritten: (@Sendable (_ lines: Int, _ bytesIn: Int, _ bytesOut: Int) -> Void)? = nil
    /// Sees each chunk's input lines and answers before they are written (an audit log);
    /// when it cannot keep them, nothing more is written and `run` returns.
    public var recorder: (any AnswerRecorder)? = nil
    public init() {}
}

/// The ordered multi-core transport behind `serve` and `score`: a reader that splits input into
/// chunks of lines, workers (one per core) that answer each chunk (an `Answerer` made from the
/// `Handler` generation the chunk was read under), and a writer that emits the chunks' answers
/// strictly in input order.
///
/// - Bounded: at most `maxInFlight` chunks exist at once (read, being answered, or waiting to
///   be written), so memory stays flat for an endless stream.
/// - Interactive: the reader hands over a partial chunk as soon as no further input is ready,
///   and the writer writes each chunk the moment it is next in order — a client that writes one
///   line and waits gets its answer without closing stdin. Under a stream, chunks fill up and
///   answers go out in large writes.
/// - Ends: at end of input every line is answered and written, then `run` returns. `stop()`
///   (SIGTERM/SIGINT) stops reading; every line already read is still answered. If the output
///   is closed (EPIPE: the reader went away) everything stops quietly.
///
/// Generic, so that it knows nothing of what it answers: `Handler` is what a reload swaps (the
/// engine's request handler, a test's toy), `Answerer` turns a chunk into answers, and its
/// `Answers` make the few answers the writer makes itself (`stats`).
public final class Pipeline<Handler: Sendable, Answerer: ChunkAnswering>: @unchecked Sendable {
    public typealias Options = PipelineOptions
    public typealias Answers = Answerer.Answers

    /// The answering side, swappable between chunks (SIGHUP reload): chunks carry the generation
    /// they were read under.
    public final class HandlerBox: @unchecked Sendable {
        private let lock = NSLock()
        private var handlers: [Int: Handler] = [:]
        /// Chunks read under each generation and not yet written.
        private var inFlight: [Int: Int] = [:]
        private(set) var current = 0

        public init(_ h: Handler) { handlers[0] = h }

        /// A new generation takes over for the next chunk read; an older one is freed once its
        /// last chunk is written (so a thousand reloads hold one or two handlers, not a thousand).
        public func install(_ h: Handler) {
            lock.lock(); defer { lock.unlock() }
            let old = current
            current += 1
            handlers[current] = h
            if inFlight[old, default: 0] == 0 { handlers[old] = nil }
        }

        func handler(_ generation: Int) -> Handler {
            lock.lock(); defer { lock.unlock() }
            guard let h = handlers[generation] else { preconditionFailure("generation \(generation) was freed while a chunk of it was in flight") }
            return h
        }

        var generation: Int {
            lock.lock(); defer { lock.unlock() }
            return current
        }

        /// A chunk of `generation` was read / written.
        func chunkRead(_ generation: Int) {
            lock.lock(); defer { lock.unlock() }
            inFlight[generation, default: 0] += 1
        }

        func chunkWritten(_ generation: Int) {
            lock.lock(); defer { lock.unlock() }
            let left = inFlight[generation, default: 1] - 1
            inFlight[generation] = left == 0 ? nil : left
            if left == 0, generation != current { handlers[generation] = nil }
        }

        /// Generations held (for tests: stays small across reloads).
        public var held: Int {
            lock.lock(); defer { lock.unlock() }
            return handlers.count
        }
    }

    public let handlers: HandlerBox
    public let options: Options
    let input: Int32
    let output: Int32

    private let state = NSCondition()
    private var queue: [InputChunk] = []
    /// Answered chunks waiting for their turn; with a recorder, with their input lines.
    private var done: [Int: (OutputChunk<Answers>, generation: Int, input: InputChunk?)] = [:]
    private var inFlight = 0
    private var readerFinished = false
    private var nextToWrite = 0
    private var chunksRead = 0
    private(set) var outputClosed = false
    /// The errno of a failed write to the output (EPIPE: the reader went away; anything else,
    /// such as ENOSPC, is an error the caller reports).
    private var outputErrno: Int32 = 0
    /// The recorder could not keep a chunk: its answers were not written.
    private var recordFailed = false
    private var stopRequested = false
    /// Worker and writer threads still running: `run` returns only when they have all ended,
    /// so no thread is inside libcrypto (or anything else) while the process exits.
    private var threadsRunning = 0
    public private(set) var statistics = Answers.Statistics()
    /// Bytes read from the input (so `score` can tell a file that shrank while it was read).
    public private(set) var bytesRead = 0
    private let started = MonotonicClock.now()
    /// A self-pipe that wakes the reader for `stop()` and reloads.
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    /// Recycled buffers (output answers, input lines), so steady state allocates no new memory.
    private var freeOutput: [ByteBuffer] = []
    private var freeInput: [[UInt8]] = []
    /// Set by `requestReload`; the reader performs it between chunks.
    private var reload: (@Sendable () -> Handler?)? = nil
    /// Makes a worker's answerer for a handler generation.
    private let makeAnswerer: @Sendable (Handler) -> Answerer

    /// `answerer` is called once per worker thread and handler generation (an answerer is used
    /// by one thread only).
    public init(handler: Handler, input: Int32 = 0, output: Int32 = 1, options: Options = Options(),
                answerer: @escaping @Sendable (Handler) -> Answerer) {
        self.handlers = HandlerBox(handler)
        self.makeAnswerer = answerer
        self.input = input
        self.output = output
        var o = options
        if o.maxInFlight <= 0 { o.maxInFlight = 2 * o.workers + 2 }
        self.options = o
        var fds: [Int32] = [0, 0]
        if pipe(&fds) == 0 {
            wakeRead = fds[0]
            wakeWrite = fds[1]
            _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
            _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
        }
    }

    deinit {
        if wakeRead >= 0 { close(wakeRead); close(wakeWrite) }
    }

    /// Stop reading (SIGTERM/SIGINT): lines already read are still answered. Async-signal-safe
    /// enough to call from a signal-handling thread.
    public func stop() {
        state.lock()
        stopRequested = true
        state.unlock()
        wake()
    }

    /// Reload between two chunks: `load` returns the new handler, or nil to keep the old one
    /// (it reports its own errors).
    public func requestReload(_ load: @escaping @Sendable () -> Handler?) {
        state.lock()
        reload = load
        state.unlock()
        wake()
    }

    private func wake() {
        var b: UInt8 = 1
        _ = write(wakeWrite, &b, 1)
    }

    /// Runs to the end of input (or `stop()`); returns when every answer is written.
    public func run() {
        state.lock()
        threadsRunning = options.workers + 1
        state.unlock()
        for w in 0..<options.workers {
            let t = Thread { [self] in workerLoop(); threadEnded() }
            t.name = "seula-worker-\(w)"
            t.stackSize = 1 << 22
            t.start()
        }
        let writer = Thread { [self] in writerLoop(); threadEnded() }
        writer.name = "seula-writer"
        writer.start()
        readerLoop()
        // Wait for the writer to drain, then for every thread to end.
        state.lock()
        while !(readerFinished && nextToWrite == chunksRead) && !outputClosed { state.wait() }
        state.broadcast()
        while threadsRunning > 0 { state.wait() }
        state.unlock()
    }

    private func threadEnded() {
        state.lock()
        threadsRunning -= 1
        state.broadcast()
        state.unlock()
    }

    // MARK: Reader

    private func readerLoop() {
        // Lines, unless the caller's format frames records otherwise (a CSV quoted cell may hold
        // line breaks, RFC 4180).
        var framing: any RecordFraming = options.framing?(options.maxLineBytes, options.linesBefore)
            ?? LineSplitter(maxLineBytes: options.maxLineBytes, linesBefore: options.linesBefore)
        var chunk = newChunk()
        func feed(_ bytes: UnsafeRawBufferPointer) {
            framing.records(in: bytes) { event in
                self.add(event, to: &chunk)
                if chunk.lines.count >= self.options.chunkLines || chunk.bytes.count >= self.options.chunkBytes { self.dispatch(&chunk) }
            }
        }
        options.initialBytes.withUnsafeBytes { feed($0) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        reading: while true {
            if shouldStop() { break }
            performReloadIfAsked(&chunk)
            // Hand over a partial chunk when nothing more is waiting (interactive clients). When
            // nothing else is in flight either, answer it here: two thread hand-offs fewer per
            // round trip.
            if !chunk.lines.isEmpty && !inputReady() {
                if chunk.lines.count > Self.inlineLines || !answerInline(&chunk) { dispatch(&chunk) }
            }
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[1].revents != 0 {
                var sink = [UInt8](repeating: 0, count: 64)
                _ = read(wakeRead, &sink, 64)
                continue
            }
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                break
            }
            if n == 0 { break }
            bytesRead += n
            buffer.withUnsafeBytes { b in feed(UnsafeRawBufferPointer(rebasing: b[0..<n])) }
            if outputClosed { break reading }
        }
        // End of input: a last line without a newline is answered too. A stop answers only the
        // whole lines read: the rest of a line cut off by the signal was never read.
        if !shouldStop() {
            framing.finishRecords { add($0, to: &chunk) }
        }
        if !chunk.lines.isEmpty { dispatch(&chunk) }
        state.lock()
        readerFinished = true
        state.broadcast()
        state.unlock()
    }

    private func newChunk() -> InputChunk {
        var chunk = InputChunk(sequence: chunksRead, generation: handlers.generation)
        state.lock()
        if let bytes = freeInput.popLast() { chunk.bytes = bytes }
        state.unlock()
        if chunk.bytes.capacity == 0 { chunk.bytes.reserveCapacity(options.chunkBytes + (64 << 10)) }
        return chunk
    }

    /// A record: numbered by its first line, with its last (`line` in its answer is the first
    /// line of the record). A blank one is counted (by its framing) but never answered.
    private func add(_ event: FramedRecord, to chunk: inout InputChunk) {
        let start = chunk.bytes.count
        switch event {
        case .record(let first, let last, let bytes):
            if LineSplitter.isBlank(bytes) { return }
            chunk.bytes.append(contentsOf: bytes)
            chunk.lines.append(ChunkLine(kind: .text, start: start, end: chunk.bytes.count, number: first, last: last))
        case .tooLong(let first, let last, let prefix):
            chunk.bytes.append(contentsOf: prefix)
            chunk.lines.append(ChunkLine(kind: .tooLong, start: start, end: chunk.bytes.count, number: first, last: last))
        case .unclosed(let first, let last, let prefix):
            chunk.bytes.append(contentsOf: prefix)
            chunk.lines.append(ChunkLine(kind: .unclosedQuote, start: start, end: chunk.bytes.count, number: first, last: last))
        }
    }

    private func dispatch(_ chunk: inout InputChunk) {
        state.lock()
        while inFlight >= options.maxInFlight && !outputClosed { state.wait() }
        chunk.sequence = chunksRead
        chunk.inputBytes = chunk.bytes.count + chunk.lines.count
        chunksRead += 1
        inFlight += 1
        handlers.chunkRead(chunk.generation)
        queue.append(chunk)
        state.broadcast()
        state.unlock()
        chunk = newChunk()
    }

    /// The most lines the reader answers itself (an interactive client's burst).
    static var inlineLines: Int { 8 }
    /// The reader's own answerers, for chunks it answers itself.
    private var readerProcessors: [Int: Answerer] = [:]

    /// Answers a chunk on the reader's thread when nothing is in flight (so it is next in
    /// order and the writer is idle); false, leaving the chunk alone, when something is.
    private func answerInline(_ chunk: inout InputChunk) -> Bool {
        state.lock()
        guard inFlight == 0 && !outputClosed else { state.unlock(); return false }
        chunk.sequence = chunksRead
        chunk.inputBytes = chunk.bytes.count + chunk.lines.count
        chunksRead += 1
        inFlight += 1
        handlers.chunkRead(chunk.generation)
        let reuse = freeOutput.popLast()
        state.unlock()
        let answered = processor(for: chunk.generation, in: &readerProcessors).process(chunk, reusing: reuse)
        // The writer waits for this sequence number; we write it instead and then move it on.
        _ = emit(answered, generation: chunk.generation, input: options.recorder == nil ? nil : chunk)
        chunk.bytes.removeAll(keepingCapacity: true)
        chunk.lines.removeAll(keepingCapacity: true)
        chunk.generation = handlers.generation
        return true
    }

    /// The thread's answerer for `generation` (made on first use; the cache holds one, so an
    /// older generation's answerer is dropped as soon as a thread meets a newer one).
    private func processor(for generation: Int, in cache: inout [Int: Answerer]) -> Answerer {
        if let p = cache[generation] { return p }
        let p = makeAnswerer(handlers.handler(generation))
        cache = [generation: p]
        return p
    }

    private func shouldStop() -> Bool {
        state.lock(); defer { state.unlock() }
        return stopRequested || outputClosed
    }

    private func performReloadIfAsked(_ chunk: inout InputChunk) {
        state.lock()
        let load = reload
        reload = nil
        state.unlock()
        guard let load else { return }
        if let h = load() {
            // Lines read so far keep the old criteria; the next line starts the new generation.
            if !chunk.lines.isEmpty { dispatch(&chunk) }
            handlers.install(h)
            chunk = newChunk()
        }
    }

    private func inputReady() -> Bool {
        var fd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) > 0
    }

    // MARK: Workers

    private func workerLoop() {
        var processors: [Int: Answerer] = [:]
        while true {
            state.lock()
            while queue.isEmpty && !(readerFinished || outputClosed) { state.wait() }
            if queue.isEmpty {
                state.unlock()
                return
            }
            var chunk = queue.removeFirst()
            let reuse = freeOutput.popLast()
            state.unlock()
            let answered = processor(for: chunk.generation, in: &processors).process(chunk, reusing: reuse)
            // A recorder reads the input lines when the chunk is written; the writer recycles them.
            let keep = options.recorder == nil ? nil : chunk
            if keep == nil { chunk.bytes.removeAll(keepingCapacity: true) }
            state.lock()
            if keep == nil && freeInput.count < options.maxInFlight { freeInput.append(chunk.bytes) }
            done[answered.sequence] = (answered, chunk.generation, keep)
            state.broadcast()
            state.unlock()
        }
    }

    // MARK: Writer

    private func writerLoop() {
        while true {
            state.lock()
            while done[nextToWrite] == nil && !(readerFinished && nextToWrite == chunksRead) && !outputClosed { state.wait() }
            guard let (chunk, generation, input) = done.removeValue(forKey: nextToWrite) else {
                state.broadcast()
                state.unlock()
                return
            }
            state.unlock()
            if !emit(chunk, generation: generation, input: input) { return }
            if var input {
                input.bytes.removeAll(keepingCapacity: true)
                state.lock()
                if freeInput.count < options.maxInFlight { freeInput.append(input.bytes) }
                state.unlock()
            }
        }
    }

    /// Writes the answers of the chunk next in order (after the recorder has kept them, when
    /// there is one), counts them, and moves the order on (its buffer goes back to the pool);
    /// false when the output has closed.
    private func emit(_ chunk: OutputChunk<Answers>, generation: Int, input: InputChunk?) -> Bool {
        var ok: Bool
        let written: Int
        var recorded = true
        if chunk.statsRequests.isEmpty {
            for k in chunk.kinds { statistics.linesRead += 1; statistics.record(k) }
            recorded = chunk.bytes.withUnsafeBytes { record(input, $0, generation) }
            ok = recorded && chunk.bytes.withUnsafeBytes { writeAll($0) }
            written = chunk.bytes.count
        } else {
            let bytes = fillStats(chunk)
            recorded = bytes.withUnsafeBytes { record(input, $0, generation) }
            ok = recorded && bytes.withUnsafeBytes { writeAll($0) }
            written = bytes.count
        }
        handlers.chunkWritten(generation)
        state.lock()
        if freeOutput.count < options.maxInFlight { freeOutput.append(chunk.bytes) }
        nextToWrite += 1
        inFlight -= 1
        if !recorded { outputClosed = true; recordFailed = true } else if !ok { outputClosed = true; outputErrno = errnoOfLastWrite }
        state.broadcast()
        state.unlock()
        options.onChunkWritten?(chunk.kinds.count, chunk.inputBytes, written)
        return ok
    }

    /// Hands the chunk's input lines and their answers (one line each, in order) to the recorder;
    /// false when it could not keep them.
    private func record(_ input: InputChunk?, _ answers: UnsafeRawBufferPointer, _ generation: Int) -> Bool {
        guard let recorder = options.recorder, let input else { return true }
        recorder.begin(answeredBy: handlers.handler(generation))
        input.bytes.withUnsafeBytes { lines in
            var from = 0
            for line in input.lines {
                guard from < answers.count, let nl = memchr(answers.baseAddress! + from, 0x0A, answers.count - from) else { break }
                let end = answers.baseAddress!.distance(to: UnsafeRawPointer(nl))
                recorder.add(line: line.number, input: line.kind == .tooLong ? nil : UnsafeRawBufferPointer(rebasing: lines[line.start..<line.end]),
                             answer: UnsafeRawBufferPointer(rebasing: answers[from..<end]))
                from = end + 1
            }
        }
        return recorder.commit()
    }

    /// Tallies the chunk's answers and inserts its `stats` answers, each counting every line
    /// answered before it.
    private func fillStats(_ chunk: OutputChunk<Answers>) -> [UInt8] {
        let bytes = chunk.bytes.array
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256 * chunk.statsRequests.count)
        var from = 0
        var kindIndex = 0
        var pending = chunk.statsRequests[...]
        for k in chunk.kinds {
            // Answers end with "\n"; find this one's end.
            if let request = pending.first, request.offset == from {
                statistics.linesRead += 1
                out += Answers.statsAnswer(statistics, uptimeSeconds: MonotonicClock.seconds(since: started), request: request.req)
                statistics.record(k)
                pending = pending.dropFirst()
                // The placeholder is only the newline.
                out.append(0x0A)
                from += 1
            } else {
                statistics.linesRead += 1
                statistics.record(k)
                var end = from
                while bytes[end] != 0x0A { end += 1 }
                out += bytes[from...end]
                from = end + 1
            }
            kindIndex += 1
        }
        return out
    }

    /// The writer's last failed write's errno (read under `state` right after the failure).
    private var errnoOfLastWrite: Int32 = 0

    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = write(output, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                errnoOfLastWrite = errno
                return false
            }
            offset += n
        }
        return true
    }

    /// A write to the output failed for a reason other than the reader going away (EPIPE):
    /// the errno (e.g. ENOSPC), for the caller to report; nil otherwise.
    public var outputError: Int32? {
        state.lock(); defer { state.unlock() }
        return outputClosed && outputErrno != EPIPE && outputErrno != 0 ? outputErrno : nil
    }

    public var uptime: Double { MonotonicClock.seconds(since: started) }

    /// True when the recorder could not keep a chunk (so its answers were not written either).
    public var recordingFailed: Bool {
        state.lock(); defer { state.unlock() }
        return recordFailed
    }

    /// True when output failed (EPIPE or a full disk) before every answer was written.
    public var outputClosedEarly: Bool {
        state.lock(); defer { state.unlock() }
        return outputClosed
    }

    /// True when `stop()` ended reading before the end of input.
    public var stoppedEarly: Bool {
        state.lock(); defer { state.unlock() }
        return stopRequested
    }
}
