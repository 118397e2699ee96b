import Foundation
import SeulaCore
import SeulaJSON

public enum OutputFormat: String, Sendable, CaseIterable {
    case jsonl, csv
}

public struct GeneratorOptions: Sendable {
    /// Number of lines (cases and, with `badRate`, malformed lines).
    public var count: Int
    public var seed: UInt64
    /// Add the simulated caseworker's judgement under `label`.
    public var labels: Bool
    /// Share of lines replaced by a malformed line (0…1).
    public var badRate: Double
    public var format: OutputFormat
    /// Cases per block: the unit of parallel work and of writing. The output does not depend on it.
    public var blockSize: Int
    /// Share of cases that carry a `hetu` (0…1; see `HetuModel`).
    public var hetuRate: Double
    /// The days `assessed_on` is drawn from, uniformly (every case has one).
    public var assessedOn: DateRange

    public static let defaultHetuRate = 0.95

    public init(count: Int, seed: UInt64, labels: Bool = false, badRate: Double = 0, format: OutputFormat = .jsonl,
                blockSize: Int = 16_384, hetuRate: Double = GeneratorOptions.defaultHetuRate,
                assessedOn: DateRange = .v2Default) {
        self.count = count
        self.seed = seed
        self.labels = labels
        self.badRate = badRate
        self.format = format
        self.blockSize = blockSize
        self.hetuRate = hetuRate
        self.assessedOn = assessedOn
    }
}

/// One block of output lines, each ending in `\n`, and what each line is.
public struct GeneratedBlock: Sendable {
    public var firstIndex: Int
    public var bytes: [UInt8]
    /// Per line: nil for a valid case, else the kind of malformed line.
    public var kinds: [MalformedKind?]
}

/// How many lines of each kind were written.
public struct GenerationSummary: Sendable, Equatable {
    public var lines = 0
    public var bytes = 0
    public var malformed: [MalformedKind: Int] = [:]
    public var malformedCount: Int { malformed.values.reduce(0, +) }
}

/// A synthetic caseload in the case input contract (`seula generate`): MODEL-V1's fields with
/// MODEL-V2's additions (`hetu`, `assessed_on` on every case, `flags.care_allowance_highest`).
/// See `PopulationModel` for the people, `HetuModel` for the identity codes, `CaseworkerModel`
/// for the labels and `MalformedKind` for `--bad-rate`.
///
/// **Deterministic.** Every case draws from its own SplitMix64 streams seeded from (seed, case
/// index) — one for the person, one for the label, one for the malformation, one for the hetu —
/// so line i is the same whatever the block size and the number of threads, and the same person
/// whether or not labels, malformed lines or hetus are asked for, whatever the `assessed_on`
/// range (that moves only the date and, with it, the hetu's birth date). A malformed line
/// replaces its case's line; the others do not move. Nothing reads the clock. The normal draws use the C math library (`log`, `cos`, `erfc`), so
/// byte-identity across different platforms' libm is not promised.
///
/// **Fast, flat memory.** Blocks of `blockSize` cases are generated on every core and handed to
/// the writer in order, at most `threads + 2` blocks ahead of it, their buffers recycled; each
/// line is assembled with plain pointer stores and appended to the block's `JSONWriter` in one
/// go (no encoders, no per-field strings). Release build, Swift 6.3.1, the 2-vCPU build VM
/// shared with other builds: 1 000 000 cases (833 MB of JSON lines) in ≈ 1.75 s to /dev/null
/// and ≈ 3 s to a file (`GenerateCommand` has the figures), ≈ 140–180 MB peak memory whatever N.
public struct CaseloadGenerator: Sendable {
    public let options: GeneratorOptions

    public init(_ options: GeneratorOptions) {
        precondition(options.count >= 0 && options.blockSize > 0 && (0...1).contains(options.badRate)
                     && (0...1).contains(options.hetuRate))
        self.options = options
    }

    /// Case `index` (0-based): latent truth, fields and (with `labels`) the caseworker's label.
    public func syntheticCase(_ index: Int) -> SyntheticCase {
        var c = PopulationModel.draw(index: index, seed: options.seed, assessedOn: options.assessedOn,
                                     expectations: options.labels)
        c.hetu = HetuModel.draw(c, seed: options.seed, rate: options.hetuRate)
        if options.labels { c.label = CaseworkerModel.label(c, seed: options.seed) }
        return c
    }

    /// What replaces line `index`, if anything.
    public func malformation(_ index: Int) -> Malformation? {
        guard options.badRate > 0 else { return nil }
        var rng = SplitMix64(seed: streamSeed(options.seed, 3, index))
        guard rng.unit() < options.badRate else { return nil }
        let kind = MalformedKind.allCases[rng.below(MalformedKind.allCases.count)]
        return Malformation(kind: kind, variant: UInt32(truncatingIfNeeded: rng.next() >> 32))
    }

    /// The bytes before the first line: the CSV header, or nothing for JSON lines.
    public var header: [UInt8] {
        options.format == .csv ? CaseEncoder.csvHeader(labels: options.labels) : []
    }

    public var blockCount: Int { (options.count + options.blockSize - 1) / options.blockSize }

    /// Block `b`'s lines.
    public func block(_ b: Int) -> GeneratedBlock {
        block(b, reusing: [])
    }

    /// Block `b`'s lines, written into `buffer`'s storage (emptied first) to save fresh pages.
    func block(_ b: Int, reusing buffer: [UInt8]) -> GeneratedBlock {
        let first = b * options.blockSize
        let end = min(options.count, first + options.blockSize)
        let perLine = options.format == .csv ? (options.labels ? 320 : 260) : (options.labels ? 1_030 : 860)
        var w = JSONWriter(capacity: (end - first) * perLine + LineBuffer.capacity)
        _ = buffer
        var kinds: [MalformedKind?] = []
        kinds.reserveCapacity(end - first)
        let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: LineBuffer.capacity)
        defer { scratch.deallocate() }
        for i in first..<end {
            let c = syntheticCase(i)
            let bad = malformation(i)
            switch options.format {
            case .jsonl: CaseEncoder.jsonLine(c, bad, labels: options.labels, scratch: scratch, into: &w)
            case .csv: CaseEncoder.csvLine(c, bad, labels: options.labels, scratch: scratch, into: &w)
            }
            kinds.append(bad?.kind)
        }
        return GeneratedBlock(firstIndex: first, bytes: w.bytes, kinds: kinds)
    }

    /// The whole output in memory (for tests and small caseloads).
    public func bytes(threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [UInt8] {
        var out: [UInt8] = []
        write(threads: threads) { out.append(contentsOf: $0); return true }
        return out
    }

    /// Generates everything on `threads` threads and hands the header and then each block's
    /// bytes, in order, to `sink` on the calling thread. `sink` returns false to stop (e.g. a
    /// write failed); then generation stops early. Output is the same for any `threads`.
    @discardableResult
    public func write(threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                      to sink: (borrowing [UInt8]) -> Bool) -> GenerationSummary {
        var summary = GenerationSummary()
        let head = header
        if !head.isEmpty {
            guard sink(head) else { return summary }
            summary.bytes += head.count
        }
        let total = blockCount
        guard total > 0 else { return summary }
        func account(_ b: GeneratedBlock) {
            summary.lines += b.kinds.count
            summary.bytes += b.bytes.count
            for case let k? in b.kinds { summary.malformed[k, default: 0] += 1 }
        }
        let workers = max(1, min(threads, total))
        if workers == 1 {
            var buffer: [UInt8] = []
            for b in 0..<total {
                let block = block(b, reusing: buffer)
                guard sink(block.bytes) else { break }
                account(block)
                buffer = block.bytes
            }
            return summary
        }
        let pipeline = BlockPipeline(total: total, window: workers + 2)
        let generator = self
        var spawned: [Thread] = []
        for _ in 0..<workers {
            let t = Thread { pipeline.work { generator.block($0, reusing: $1) } }
            t.stackSize = 1 << 20
            t.start()
            spawned.append(t)
        }
        for b in 0..<total {
            let block = pipeline.take(b)
            guard sink(block.bytes) else {
                pipeline.stop()
                break
            }
            account(block)
            pipeline.recycle(block.bytes)
        }
        pipeline.waitForWorkers(workers)
        return summary
    }
}

/// Hands out block indices to worker threads, at most `window` ahead of the writer, and gives the
/// finished blocks back to the writer in order.
final class BlockPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private let total: Int
    private let window: Int
    private var nextToClaim = 0
    private var nextToWrite = 0
    private var finished: [Int: GeneratedBlock] = [:]
    private var stopped = false
    private var exited = 0

    init(total: Int, window: Int) {
        self.total = total
        self.window = window
    }

    private var spare: [[UInt8]] = []

    /// Gives a written block's buffer back for reuse.
    func recycle(_ buffer: [UInt8]) {
        condition.lock()
        spare.append(buffer)
        condition.unlock()
    }

    func work(_ make: (Int, [UInt8]) -> GeneratedBlock) {
        while true {
            condition.lock()
            while !stopped && nextToClaim < total && nextToClaim >= nextToWrite + window { condition.wait() }
            if stopped || nextToClaim >= total {
                exited += 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let b = nextToClaim
            nextToClaim += 1
            let buffer = spare.popLast() ?? []
            condition.unlock()
            let block = make(b, buffer)
            condition.lock()
            finished[b] = block
            condition.broadcast()
            condition.unlock()
        }
    }

    func take(_ b: Int) -> GeneratedBlock {
        condition.lock()
        defer { condition.unlock() }
        while finished[b] == nil { condition.wait() }
        let block = finished.removeValue(forKey: b)!
        nextToWrite = b + 1
        condition.broadcast()
        return block
    }

    func stop() {
        condition.lock()
        stopped = true
        finished.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    func waitForWorkers(_ n: Int) {
        condition.lock()
        while exited < n { condition.wait() }
        finished.removeAll()
        condition.unlock()
    }
}
