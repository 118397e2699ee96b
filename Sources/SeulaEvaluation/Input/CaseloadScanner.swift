import Foundation
import SeulaCore
import SeulaEngine
import SeulaFormats
import SeulaJSON
import SeulaService
import SeulaTransport

/// A row that passed case validation and label checks.
public struct ValidRow {
    public var line: Int
    public var screening: ScreeningCase
    public var labels: CaseLabels
}

/// Reads a caseload through `CaseValidator` (the same validation as `seula serve`) and the
/// label checks, calling `visit` for each valid row in input order and tallying every other
/// row by error code.
///
/// The evaluators' tools judge one criteria file on the caseload given, whatever the file's
/// in-force dates: `assessed_on` is validated (it must be a real date) but does not pick a
/// version, and a `hetu` is checked but never pseudonymised (nothing here outputs one).
///
/// JSON lines are read through the engine's fast reader (`CaseLineParser`, with the hetu taken
/// as validated and the in-force dates not applied, the `label` member's value parsed alone):
/// it only ever accepts, and a line it does not accept — or whose label `LabelReader` does not
/// accept — is read again by the general path above, which decides and words every error. So
/// rows, values, tallies and line numbers are the general path's (`fastReader: false` forces
/// it; a test holds the two equal).
public struct CaseloadScanner: Sendable {
    public let model: CriteriaModel
    public let validator: CaseValidator
    public let labels: LabelReader
    /// False for tools that ignore labels (`diff`, `instrument`): the `label` member is then
    /// neither checked nor read.
    public let readsLabels: Bool
    /// JSON lines are tried on `CaseLineParser` first (nil: every row takes the general path).
    let fast: CaseLineParser?
    let maxDepth = 32

    public init(model: CriteriaModel, requirements: LabelRequirements, strict: Bool = false, readsLabels: Bool = true,
                fastReader: Bool = true) {
        self.model = model
        validator = CaseValidator(model: model, strict: strict)
        labels = LabelReader(model: model, requirements: requirements)
        self.readsLabels = readsLabels
        // `today` only matters where in-force dates apply, which they do not here.
        fast = fastReader ? CaseLineParser(model: model, strict: strict, today: model.effectiveFrom, maxDepth: maxDepth,
                                           acceptsHetu: true, appliesInForceDates: false) : nil
    }

    /// Complexity: O(bytes). Returns the tally, or the problem that makes the whole file
    /// unreadable (a CSV header that cannot be read).
    public func scan(_ bytes: [UInt8], format: CaseloadFormat, progress: RunProgress? = nil, _ visit: (ValidRow) -> Void) -> Result<RejectionTally, CaseError> {
        var tally = RejectionTally()
        let headerProblem = forEachChecked(bytes, format: format, linesBefore: 0, progress: progress) { result in
            switch result {
            case .success(let valid): visit(valid)
            case .failure(let p): tally.add(p.problem, line: p.line, id: p.recoveredID)
            }
        }
        if let headerProblem { return .failure(headerProblem) }
        return .success(tally)
    }

    /// A rejected row: why, its line, and its id when it had a readable one.
    public struct Rejection: Error {
        public var problem: RowProblem
        public var line: Int
        public var recoveredID: String?
    }

    /// Reads and checks every non-blank row of `bytes` (a caseload or a part of one after
    /// `linesBefore` lines), in order: JSON lines through the fast reader where it accepts,
    /// every other row through `CaseloadRows` and `check`. Returns the unreadable-header problem.
    func forEachChecked(_ bytes: [UInt8], format: CaseloadFormat, linesBefore: Int, progress: RunProgress?,
                        _ visit: (Result<ValidRow, Rejection>) -> Void) -> CaseError? {
        func general(_ row: CaseloadRow) {
            switch check(row) {
            case .success(let valid): visit(.success(valid))
            case .failure(let p): visit(.failure(Rejection(problem: p, line: row.line, recoveredID: row.recoveredID)))
            }
        }
        guard format == .jsonl, fast != nil else {
            return CaseloadRows.forEach(bytes, format: format, model: model, strict: validator.strict, maxDepth: maxDepth,
                                        linesBefore: linesBefore, progress: progress) { general($0) }
        }
        var c = emptyCase()
        bytes.withUnsafeBytes { all in
            CaseloadRows.forEachLine(all, linesBefore: linesBefore, progress: progress) { number, line in
                if let valid = fastCheck(line, number: number, into: &c) {
                    visit(.success(valid))
                } else {
                    general(CaseloadRows.jsonRow(line, number: number, maxDepth: maxDepth))
                }
            }
        }
        return nil
    }

    func emptyCase() -> ScreeningCase {
        ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count,
                      indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
    }

    /// The row `check` would accept for this JSON line, when the fast reader accepts the case
    /// and `LabelReader` its label; nil means the general path must read the line (and may
    /// still accept it). `c` is scratch space.
    func fastCheck(_ line: UnsafeRawBufferPointer, number: Int, into c: inout ScreeningCase) -> ValidRow? {
        guard let fast else { return nil }
        var labelRange: Range<Int>? = nil
        guard fast.parse(line, into: &c, label: &labelRange) == .parsed else { return nil }
        guard readsLabels else { return ValidRow(line: number, screening: c, labels: CaseLabels()) }
        var label: JSONValue? = nil
        if let labelRange {
            // One level below the line's top: the depth the whole line's parse allows it.
            guard let v = try? JSONReader.parse(UnsafeRawBufferPointer(rebasing: line[labelRange]), maxDepth: maxDepth - 1) else { return nil }
            label = v
        }
        guard case .success(let l) = labels.read(label) else { return nil }
        return ValidRow(line: number, screening: c, labels: l)
    }

    /// `scan` on every core: the file is cut at line ends into one part per core (a CSV part
    /// gets the header in front), each part is read, validated and `transform`ed on its own
    /// thread, and the results come back in input order with the tally `scan` would give.
    /// Files under `minimumBytes` are read on this thread.
    ///
    /// Complexity: O(bytes / parts) wall time on `parts` cores.
    public func map<T>(_ bytes: [UInt8], format: CaseloadFormat, parts: Int = ProcessInfo.processInfo.activeProcessorCount,
                       minimumBytes: Int = 1 << 20, progress: RunProgress? = nil,
                       _ transform: @escaping @Sendable (ValidRow) -> T) -> Result<([T], RejectionTally), CaseError> {
        let cuts = Self.cuts(bytes, format: format, parts: bytes.count < minimumBytes ? 1 : parts)
        guard cuts.count > 2 else {
            var out: [T] = []
            return scan(bytes, format: format, progress: progress) { out.append(transform($0)) }.map { (out, $0) }
        }
        let parts = (0..<(cuts.count - 1)).map { _ in ScanPart<T>() }
        // A CSV part after the first starts with the header line (and counts it as a line).
        let header: [UInt8] = format == .csv ? Array(bytes[0..<cuts[1]].prefix { $0 != 0x0A }) + [0x0A] : []
        let scanner = self
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            let lo = cuts[i], hi = cuts[i + 1]
            let linesBefore = bytes[0..<lo].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            let slice = i == 0 || format != .csv ? Array(bytes[lo..<hi]) : header + bytes[lo..<hi]
            let before = i == 0 || format != .csv ? linesBefore : linesBefore - 1
            var tally = RejectionTally()
            var results: [T] = []
            let problem = scanner.forEachChecked(slice, format: format, linesBefore: before, progress: progress) { result in
                switch result {
                case .success(let valid): results.append(transform(valid))
                case .failure(let p): tally.add(p.problem, line: p.line, id: p.recoveredID)
                }
            }
            parts[i].results = results
            parts[i].outcome = problem.map { .failure($0) } ?? .success(tally)
        }
        var all: [T] = []
        all.reserveCapacity(parts.reduce(0) { $0 + $1.results.count })
        var tally = RejectionTally()
        for part in parts {
            switch part.outcome {
            case .failure(let e): return .failure(e)
            case .success(let t): tally.merge(t)
            }
            all += part.results
        }
        return .success((all, tally))
    }

    /// Where to cut `bytes` into about `parts` parts: offsets just after a line end, from 0 to
    /// `bytes.count`. A CSV file whose first line is not its header (blank lines first) is not
    /// cut. In a CSV file with quotes a line end need not end a record (a quoted cell may hold
    /// line breaks), so it is cut only after a line that ends outside quotes — as
    /// `CSVRecordSplitter` reads it — and not at all when a quote is never closed (the splitter
    /// then reads the lines after it again, which only a reading from the start can do).
    static func cuts(_ bytes: [UInt8], format: CaseloadFormat, parts: Int) -> [Int] {
        var cuts = [0]
        guard parts > 1 else { return [0, bytes.count] }
        var headerEnd = 0
        if format == .csv {
            guard let nl = bytes.firstIndex(of: 0x0A), !bytes[0..<nl].withUnsafeBytes({ LineSplitter.isBlank($0) }) else { return [0, bytes.count] }
            headerEnd = nl + 1
            if bytes.contains(UInt8(ascii: "\"")) { return quotedCSVCuts(bytes, headerEnd: headerEnd, parts: parts) }
        }
        for k in 1..<parts {
            var at = max(headerEnd, bytes.count * k / parts)
            guard at > cuts.last! else { continue }
            while at < bytes.count && bytes[at - 1] != 0x0A { at += 1 }
            if at < bytes.count && at > cuts.last! { cuts.append(at) }
        }
        cuts.append(bytes.count)
        return cuts
    }

    /// `cuts` for a CSV file with quotes: one pass over its lines with the record splitter's
    /// quote state, cutting after the first line at or past each target that ends a record.
    static func quotedCSVCuts(_ bytes: [UInt8], headerEnd: Int, parts: Int) -> [Int] {
        bytes.withUnsafeBytes { all in
            var header = UnsafeRawBufferPointer(rebasing: all[0..<(headerEnd - 1)])
            if header.count >= 3, header[0] == 0xEF, header[1] == 0xBB, header[2] == 0xBF { header = UnsafeRawBufferPointer(rebasing: header[3...]) }
            let delimiter = CSVDialect.sniffDelimiter(header)
            var cuts = [0]
            var k = 1
            var inQuotes = false
            var start = headerEnd
            while start < all.count {
                var end = start
                while end < all.count && all[end] != 0x0A { end += 1 }
                inQuotes = CSVRecordSplitter.opensQuote(UnsafeRawBufferPointer(rebasing: all[start..<end]), inQuotes: inQuotes, delimiter: delimiter)
                let next = end + 1
                if !inQuotes, k < parts, next < all.count, next >= max(headerEnd, all.count * k / parts) {
                    cuts.append(next)
                    while k < parts && next >= all.count * k / parts { k += 1 }
                }
                start = next
            }
            if inQuotes { return [0, all.count] }
            cuts.append(all.count)
            return cuts
        }
    }

    /// Validates one row: the case first (field order as in `serve`), then its labels.
    public func check(_ row: CaseloadRow) -> Result<ValidRow, RowProblem> {
        switch row.content {
        case .failure(let e):
            return .failure(RowProblem(e))
        case .success(let (object, label)):
            let screening: ScreeningCase
            switch validator.validate(object) {
            case .failure(let e): return .failure(RowProblem(e))
            case .success(let c): screening = c
            }
            guard readsLabels else { return .success(ValidRow(line: row.line, screening: screening, labels: CaseLabels())) }
            switch labels.read(label) {
            case .failure(let p): return .failure(p)
            case .success(let l): return .success(ValidRow(line: row.line, screening: screening, labels: l))
            }
        }
    }
}


/// One part's results in `CaseloadScanner.map`, written by its own thread only.
final class ScanPart<T>: @unchecked Sendable {
    var results: [T] = []
    var outcome: Result<RejectionTally, CaseError> = .success(RejectionTally())
}
