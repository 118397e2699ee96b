/// An evenly spaced list of threshold values, `FROM:TO:STEP` (inclusive; default step 1),
/// held as exact decimals: value k is the double nearest to FROM + k·STEP computed in decimal,
/// so a value written to a criteria file and read back is the very double that was searched.
public struct ThresholdGrid: Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public private(set) var values: [Double]

    /// Parses `FROM:TO:STEP` or `FROM:TO` (step 1); a single `VALUE` is a one-point grid.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count) else { return nil }
        let decimals = parts.map { p -> Int in
            guard let dot = p.firstIndex(of: ".") else { return 0 }
            return p.distance(from: dot, to: p.endIndex) - 1
        }.max() ?? 0
        guard decimals <= 6 else { return nil }
        func units(_ s: String) -> Int? {
            guard let d = Double(s), d.isFinite, abs(d) <= 1e6 else { return nil }
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            return Int((d * scale).rounded())
        }
        guard let from = units(parts[0]) else { return nil }
        let to = parts.count > 1 ? units(parts[1]) : from
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let step = parts.count > 2 ? units(parts[2]) : scale
        guard let to, let step, step > 0, to >= from, (to - from) / step <= 100_000 else { return nil }
        self.text = text
        values = stride(from: from, through: to, by: step).map { Self.decimal($0, decimals) }
    }

    /// A grid of given values (sorted, duplicates removed).
    public init(values: [Double], text: String) {
        self.text = text
        self.values = Array(Set(values)).sorted()
    }

    /// The grid with `value` added (the current threshold is always a candidate).
    public func including(_ value: Double) -> ThresholdGrid {
        ThresholdGrid(values: values + [value], text: text)
    }

    /// units × 10^−decimals, correctly rounded (through decimal text, as a JSON reader would).
    static func decimal(_ units: Int, _ decimals: Int) -> Double {
        decimals == 0 ? Double(units) : Double("\(units)e-\(decimals)")!
    }

    public var description: String { text }
}
