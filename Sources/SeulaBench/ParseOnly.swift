#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SeulaCore
import SeulaEngine
import SeulaFormats
import SeulaJSON
import SeulaService
import SeulaTransport

/// `seula score --parse-only`: read, split and parse every line on all cores, and nothing else —
/// the practical upper limit for `score` on this machine and this input.
public enum ParseOnly {
    /// The mapped input and the per-part results, shared read-only (data) or by disjoint index
    /// (results) between the parsing tasks.
    struct Shared: @unchecked Sendable {
        let data: UnsafeRawBufferPointer
        let results: UnsafeMutableBufferPointer<Result>
        let boundaries: [Int]
    }

    public struct Result: Sendable {
        public var lines = 0
        public var parsed = 0
        public var fallback = 0
        public var invalid = 0
        public var seconds = 0.0
    }

    public static func run(handler: RequestHandler, input: Int32, workers: Int, maxLineBytes: Int, csv: Bool, delimiter: UInt8 = UInt8(ascii: ",")) -> Result {
        let started = MonotonicClock.now()
        // Map the input (no copy), and split it into parts at newlines, one part per task.
        var st = stat()
        fstat(input, &st)
        let offset = Int(lseek(input, 0, SEEK_CUR))
        let size = Int(st.st_size)
        TruncationGuard.install()
        guard size > offset, let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, input, 0), mapped != MAP_FAILED else {
            return Result()
        }
        defer { munmap(mapped, size) }
        madvise(mapped, size, MADV_SEQUENTIAL)
        let data = UnsafeRawBufferPointer(start: mapped + offset, count: size - offset)
        var boundaries: [Int] = [0]
        let step = max(1 << 20, data.count / (workers * 8))
        var at = step
        while at < data.count {
            while at < data.count && data[at] != 0x0A { at += 1 }
            boundaries.append(min(at + 1, data.count))
            at += step
        }
        if boundaries.last! < data.count { boundaries.append(data.count) }
        let parts = boundaries.count - 1
        let results = UnsafeMutableBufferPointer<Result>.allocate(capacity: max(parts, 1))
        results.initialize(repeating: Result())
        defer { results.deallocate() }
        let shared = Shared(data: data, results: results, boundaries: boundaries)
        let model = handler.criteria.newest
        do {
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let all = shared.data, boundaries = shared.boundaries, results = shared.results
                let parser = CaseLineParser(model: model, strict: handler.options.strict, today: handler.options.today,
                                            acceptsHetu: handler.options.pseudonymizer != nil)
                var c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count,
                                      indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
                var r = Result()
                var start = boundaries[part]
                let end = boundaries[part + 1]
                while start < end {
                    var stop = start
                    while stop < end && all[stop] != 0x0A { stop += 1 }
                    let line = UnsafeRawBufferPointer(rebasing: all[start..<stop])
                    if !LineSplitter.isBlank(line) {
                        r.lines += 1
                        if csv {
                            if CaseCSVReader.fields(line, delimiter: delimiter) != nil { r.parsed += 1 } else { r.invalid += 1 }
                        } else {
                            switch parser.parse(line, into: &c) {
                            case .parsed: r.parsed += 1
                            case .fallback:
                                if (try? JSONReader.parse(line, maxDepth: handler.options.maxDepth)) != nil { r.fallback += 1 } else { r.invalid += 1 }
                            case .invalid: r.invalid += 1
                            case .otherVersion: r.fallback += 1
                            }
                        }
                    }
                    start = stop + 1
                }
                results[part] = r
            }
        }
        var total = Result()
        for r in results.prefix(parts) {
            total.lines += r.lines
            total.parsed += r.parsed
            total.fallback += r.fallback
            total.invalid += r.invalid
        }
        total.seconds = MonotonicClock.seconds(since: started)
        return total
    }
}
