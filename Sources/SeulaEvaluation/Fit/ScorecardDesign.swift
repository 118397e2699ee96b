import SeulaCore

/// The risk scorecard as categories: each indicator's bins (`int`), values (`enum`) or
/// false/true (`bool`), in file order. Category 0 is the reference (the lowest-risk one); a
/// case whose indicator is a gap, or not counted (`counted_when` false), scores 0 points like
/// the scorer does and is placed in no category (all its dummy columns are 0).
public struct ScorecardDesign: Sendable {
    public struct Category: Sendable, Equatable {
        public var indicator: Int
        public var index: Int
        /// `1-5`, `10+`, `homeless`, `true`.
        public var label: String
        public var points: Int
        /// JSON path of this category's points in the criteria file.
        public var path: String
    }

    public let model: CriteriaModel
    /// Per indicator, its categories in file order.
    public let categories: [[Category]]
    let engine: DecisionEngine

    /// The categories only (`categories(of:)` then decides nothing with `today`).
    public init(categoriesOf model: CriteriaModel) {
        self.init(model: model, today: CalendarDate(year: 2000, month: 1, day: 1)!)
    }

    /// `today`: the assessment date of a case without `assessed_on` (for `counted_when`).
    public init(model: CriteriaModel, today: CalendarDate) {
        self.model = model
        engine = DecisionEngine(model: model, today: today)
        categories = model.risk.indicators.enumerated().map { i, ind in
            let base = "risk.indicators[\(i)]"
            switch ind.kind {
            case .integer(_, _, let bins):
                return bins.enumerated().map { k, b in
                    let label = b.max.map { $0 == b.min ? "\(b.min)" : "\(b.min)-\($0)" } ?? "\(b.min)+"
                    return Category(indicator: i, index: k, label: label, points: b.points, path: "\(base).bins[\(k)].points")
                }
            case .enumeration(let d, let points):
                return d.values.enumerated().map { k, v in
                    Category(indicator: i, index: k, label: v, points: points[k], path: "\(base).values[\(k)].points")
                }
            case .boolean(let p):
                return [Category(indicator: i, index: 0, label: "false", points: 0, path: ""),
                        Category(indicator: i, index: 1, label: "true", points: p, path: "\(base).points")]
            }
        }
    }

    /// Each indicator's category for a case, or -1 for a gap or an indicator not counted.
    ///
    /// Complexity: O(indicators × bins).
    public func categories(of c: ScreeningCase) -> [Int8] {
        let frame = engine.intakeFrame(c)
        return model.risk.indicators.enumerated().map { i, ind in
            let raw = c.risk[i]
            guard raw != ScreeningCase.gap, model.risk.isCounted(i, frame: frame) else { return -1 }
            switch ind.kind {
            case .integer(_, _, let bins):
                return Int8(bins.firstIndex { $0.contains(Int(raw)) } ?? -1)
            case .enumeration, .boolean:
                return Int8(raw)
            }
        }
    }

    /// Points of a category vector under the given points table (-1 scores 0).
    public static func points(_ categories: [Int8], table: [[Int]]) -> Int {
        var s = 0
        for (i, k) in categories.enumerated() where k >= 0 { s += table[i][Int(k)] }
        return s
    }

    /// The file's points per indicator and category.
    public var currentPoints: [[Int]] { categories.map { $0.map(\.points) } }
}
