import SeulaCore

/// Why one input row was not used: an error code (the protocol's case error codes, plus
/// `missing_label` and `invalid_label` for the label side), the field path and a message.
public struct RowProblem: Sendable, Equatable, Error {
    public var code: String
    public var path: String
    public var message: String

    public init(code: String, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public init(_ e: CaseError) {
        self.init(code: e.code.rawValue, path: e.path, message: e.message)
    }

    /// A required label (e.g. `label.segment` for `evaluate`) is absent or null.
    public static let missingLabel = "missing_label"
    /// A label has the wrong type or a value outside its list (`label.segment: 'tuk'`).
    public static let invalidLabel = "invalid_label"
}

/// The rows that were not used, counted by error code, with the first few places of each so
/// an evaluator can find them. Never silently dropped: every command prints this tally.
///
/// Invariant: `total` equals the sum of `counts`.
public struct RejectionTally: Sendable, Equatable {
    public struct Place: Sendable, Equatable {
        public var line: Int
        public var id: String?
        public var path: String
        public var message: String
    }

    public private(set) var counts: [String: Int] = [:]
    public private(set) var examples: [String: [Place]] = [:]
    public static let examplesKept = 5

    public init() {}

    public var total: Int { counts.values.reduce(0, +) }

    /// Codes in alphabetical order (a stable order for printing).
    public var codes: [String] { counts.keys.sorted() }

    public mutating func add(_ p: RowProblem, line: Int, id: String?) {
        counts[p.code, default: 0] += 1
        if examples[p.code, default: []].count < Self.examplesKept {
            examples[p.code, default: []].append(Place(line: line, id: id, path: p.path, message: p.message))
        }
    }

    /// Adds the rows `later` tallied (rows that come after these): the counts add up, and the
    /// examples stay the first few in input order.
    public mutating func merge(_ later: RejectionTally) {
        for (code, n) in later.counts { counts[code, default: 0] += n }
        for (code, places) in later.examples {
            let room = Self.examplesKept - examples[code, default: []].count
            if room > 0 { examples[code, default: []] += places.prefix(room) }
        }
    }

    /// One line per code: `invalid_type  3  line 4 at coping.paying_bills; line 9 at age`.
    public func render(indent: String = "  ") -> String {
        guard total > 0 else { return "" }
        var table = TextTable(["code", "rows", "first places"])
        table.leftAligned = [0, 2]
        for code in codes {
            let places = examples[code, default: []].map { p in
                "line \(p.line)\(p.id.map { " (\($0))" } ?? "")\(p.path.isEmpty ? "" : " at \(p.path)")"
            }
            table.add([code, String(counts[code]!), places.joined(separator: "; ") + (counts[code]! > places.count ? "; …" : "")])
        }
        return table.render(indent: indent)
    }
}
