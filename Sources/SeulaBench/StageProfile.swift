#if canImport(Glibc)
import Glibc
#endif
import SeulaCore
import SeulaEngine
import SeulaJSON
import SeulaService

/// Where the CPU goes, stage by stage, on one thread (`seula bench stages`): the batch path's
/// own pieces — the fast reader, the decision lane with column kernels, the explanation, the
/// record writer — timed apart on the same chunks the pipeline would make.
///
/// Per chunk of `chunkLines` lines: **read** (fast reader into reused cases), **decide**
/// (every step through routing, no reasons or counterfactuals), **explain** (the whole
/// decision again with reasons and counterfactuals, minus `decide`), **write** (the JSON
/// record, including the keyed hetu pseudonym). CPU time of the calling thread
/// (`CLOCK_THREAD_CPUTIME_ID`); each stage's best of `repeats` passes. Lines the fast reader
/// does not take (they go to the general path in `score`) are counted and left out; every case
/// is decided with the criteria in force on `today` (a profile, not an answer).
public enum StageProfile {
    public struct Stage: Sendable {
        public var name: String
        public var what: String
        public var nanosecondsPerCase: Double
    }

    public struct Result: Sendable {
        public var cases = 0
        public var generalPathLines = 0
        public var stages: [Stage] = []
        public var criteriaVersion = ""
    }

    /// Thread CPU time in nanoseconds.
    static func cpuNanoseconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
    }

    /// Profiles the lines of `data` (JSON lines), at most `limit` of them.
    public static func measure(handler: RequestHandler, data: UnsafeRawBufferPointer, limit: Int = .max,
                               repeats: Int = 3, chunkLines: Int = 2048) -> Result {
        let models = handler.criteria.models
        let today = handler.options.today
        let model = models.last { $0.isInForce(on: today) } ?? models[models.count - 1]
        // The line boundaries (not timed).
        var lines: [Range<Int>] = []
        var start = 0
        while start < data.count && lines.count < limit {
            var end = start
            while end < data.count && data[end] != 0x0A { end += 1 }
            if end > start { lines.append(start..<end) }
            start = end + 1
        }
        var result = Result()
        result.criteriaVersion = model.version
        var read = Double.infinity, decide = Double.infinity, full = Double.infinity, write = Double.infinity
        var out = JSONWriter(capacity: chunkLines * 3400)
        for pass in 0..<max(1, repeats) {
            // A fresh lane each pass: a lane remembers risk-side counterfactuals (`RiskChangeMemo`),
            // and a warm memo would make every pass after the first look like a second run.
            let lane = DecisionLane(model: model, options: handler.options)
            var t = (read: 0.0, decide: 0.0, full: 0.0, write: 0.0)
            var cases = 0, general = 0
            var from = 0
            while from < lines.count {
                let chunk = lines[from..<min(from + chunkLines, lines.count)]
                from = chunk.endIndex
                var t0 = cpuNanoseconds()
                lane.begin(capacity: chunk.count)
                for (k, r) in chunk.enumerated() {
                    if lane.parse(UnsafeRawBufferPointer(rebasing: data[r]), line: k + 1) == .parsed {
                        _ = lane.accept()
                    } else {
                        general += 1
                    }
                }
                var t1 = cpuNanoseconds()
                t.read += t1 - t0
                t0 = t1
                lane.decideAll(through: .finish, explaining: false)
                t1 = cpuNanoseconds()
                t.decide += t1 - t0
                t0 = t1
                lane.decideAll(through: .finish, explaining: true)
                t1 = cpuNanoseconds()
                t.full += t1 - t0
                t0 = t1
                out.buffer.removeAll()
                for j in 0..<lane.count {
                    lane.writeRecord(j, into: &out)
                    out.raw(UInt8(ascii: "\n"))
                }
                t1 = cpuNanoseconds()
                t.write += t1 - t0
                cases += lane.count
            }
            if pass == 0 {
                result.cases = cases
                result.generalPathLines = general
            }
            read = min(read, t.read)
            decide = min(decide, t.decide)
            full = min(full, t.full)
            write = min(write, t.write)
        }
        let n = Double(max(result.cases, 1))
        result.stages = [
            Stage(name: "read", what: "fast reader: split, parse, validate, hetu check", nanosecondsPerCase: read / n),
            Stage(name: "decide", what: "axes, segment, overrides, review, scope, routing (column kernels)", nanosecondsPerCase: decide / n),
            Stage(name: "explain", what: "reasons and counterfactuals (decide with them, minus decide)", nanosecondsPerCase: max(0, full - decide) / n),
            Stage(name: "write", what: "the JSON decision record, keyed hetu pseudonym included", nanosecondsPerCase: write / n),
        ]
        return result
    }
}
