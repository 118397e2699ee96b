#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaJSON
import SeulaTransport

/// A toy line protocol, to run the transport with no criteria at all: a line's answer is the
/// line upper-cased, prefixed with the handler's tag (its generation); `fail` makes the handler
/// throw (the answerer turns it into that line's error answer); `stats` is answered by the
/// writer with the counts so far. Answers are plain text lines, not JSON: the transport only
/// needs them to end in a newline.
struct ToyHandler: Sendable {
    struct Failure: Error {}

    var tag: String = ""
    /// Sleep up to this many microseconds per chunk, chosen from the chunk's sequence number and
    /// `seed` (so workers finish out of order, the same way on every run).
    var maxSleepMicros: UInt32 = 0
    var seed: UInt64 = 0

    func answer(_ line: [UInt8]) throws -> [UInt8] {
        if line == Array("fail".utf8) { throw Failure() }
        return Array(tag.utf8) + line.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
    }

    /// The answer the transport must write for a line, as a plain function (what tests expect).
    func expected(_ line: [UInt8], number: Int) -> [UInt8] {
        (try? answer(line)) ?? ToyAnswers.error(number)
    }
}

enum ToyAnswers: TransportAnswers {
    typealias Statistics = ToyStatistics
    /// A stats request carries nothing.
    typealias StatsRequest = Bool

    static func error(_ number: Int) -> [UInt8] { Array("ERROR line \(number)".utf8) }

    static func statsAnswer(_ s: ToyStatistics, uptimeSeconds: Double, request: Bool) -> [UInt8] {
        Array("STATS lines=\(s.linesRead) ok=\(s.ok) errors=\(s.errors) commands=\(s.commands)".utf8)
    }

    static func statsRequest(_ line: UnsafeRawBufferPointer) -> Bool? {
        Array(line) == Array("stats".utf8) ? true : nil
    }

    static func lineTooLong(lineNumber: Int, limit: Int, prefix: UnsafeRawBufferPointer) -> [UInt8] {
        Array("TOO LONG line \(lineNumber) over \(limit)".utf8)
    }

    static func internalError(lineNumber: Int, line: UnsafeRawBufferPointer) -> [UInt8] {
        Array("INTERNAL line \(lineNumber)".utf8)
    }
}

struct ToyStatistics: AnswerStatistics {
    enum Kind: Sendable { case ok, error, command }
    var linesRead = 0
    var ok = 0
    var errors = 0
    var commands = 0

    mutating func record(_ kind: Kind) {
        switch kind {
        case .ok: ok += 1
        case .error: errors += 1
        case .command: commands += 1
        }
    }

    mutating func record(answer: UnsafeRawBufferPointer) {
        if answer.starts(with: "ERROR".utf8) || answer.starts(with: "TOO LONG".utf8) { errors += 1 }
        else if answer.starts(with: "STATS".utf8) { commands += 1 }
        else { ok += 1 }
    }
}

/// The chunk answerer for the toy: one per worker thread and generation, as the pipeline makes them.
final class ToyAnswerer: ChunkAnswering {
    typealias Answers = ToyAnswers
    let handler: ToyHandler
    let log: CompletionLog?

    init(_ handler: ToyHandler, log: CompletionLog? = nil) {
        self.handler = handler
        self.log = log
    }

    func process(_ chunk: InputChunk, reusing: ByteBuffer?) -> OutputChunk<ToyAnswers> {
        if handler.maxSleepMicros > 0 {
            var x = UInt64(chunk.sequence) &* 0x9E37_79B9_7F4A_7C15 ^ handler.seed
            x ^= x >> 29; x = x &* 0xBF58_476D_1CE4_E5B9; x ^= x >> 32
            usleep(UInt32(x % UInt64(handler.maxSleepMicros)))
        }
        let out = reusing ?? ByteBuffer(capacity: chunk.bytes.count * 2 + 64)
        out.removeAll()
        var kinds: [ToyStatistics.Kind] = []
        var stats: [(offset: Int, req: Bool)] = []
        for line in chunk.lines {
            let bytes = Array(chunk.bytes[line.start..<line.end])
            switch line.kind {
            case .tooLong:
                out.append(bytes.withUnsafeBytes { ToyAnswers.lineTooLong(lineNumber: line.number, limit: 0, prefix: $0) })
                kinds.append(.error)
            case .unclosedQuote:
                out.append(ToyAnswers.error(line.number))
                kinds.append(.error)
            case .text:
                if let request = bytes.withUnsafeBytes({ ToyAnswers.statsRequest($0) }) {
                    stats.append((out.count, request))   // the writer answers it; the placeholder is the newline
                    kinds.append(.command)
                } else {
                    do {
                        out.append(try handler.answer(bytes))
                        kinds.append(.ok)
                    } catch {
                        out.append(ToyAnswers.error(line.number))
                        kinds.append(.error)
                    }
                }
            }
            out.append(0x0A)
        }
        log?.answered(chunk.sequence)
        return OutputChunk(sequence: chunk.sequence, bytes: out, kinds: kinds, statsRequests: stats, inputBytes: chunk.inputBytes)
    }
}

/// The order in which chunks were answered (to show workers finished out of order).
final class CompletionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var order: [Int] = []
    func answered(_ sequence: Int) { lock.lock(); order.append(sequence); lock.unlock() }
    var sequences: [Int] { lock.lock(); defer { lock.unlock() }; return order }
}

/// Bytes read from the pipeline's output by another thread.
final class Collected: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var finished = false
    func append(_ b: ArraySlice<UInt8>) { condition.lock(); bytes += b; condition.unlock() }
    func finish() { condition.lock(); finished = true; condition.broadcast(); condition.unlock() }
    var count: Int { condition.lock(); defer { condition.unlock() }; return bytes.count }
    func wait() -> [UInt8] {
        condition.lock(); defer { condition.unlock() }
        while !finished { condition.wait() }
        return bytes
    }
}
