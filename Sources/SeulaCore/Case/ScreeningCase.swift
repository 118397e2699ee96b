/// One client's screening, validated against a model's fields (MODEL-V1 "Case fields").
///
/// Answers and indicators are stored by the model's item/indicator order. Raw indicator
/// values: the count for `int`, the value's index for `enum`, 0/1 for `bool`; `gap` (-1) when
/// the indicator is missing or null.
public struct ScreeningCase: Sendable, Equatable {
    public static let unanswered: Int8 = -1
    public static let gap: Int32 = -1

    public var id: String
    /// The validated, upper-cased hetu. Never written anywhere; only pseudonymised.
    public var hetu: String?
    public var assessedOn: CalendarDate?
    public var age: Int
    public var municipality: String?
    public var language: String?
    public var children: Int
    public var youngestChildAge: Int?
    public var expecting: Bool
    public var singleParent: Bool
    /// Per coping item: 0…scaleMax, or `unanswered`.
    public var coping: [Int8]
    /// Per risk indicator: the raw value, or `gap`.
    public var risk: [Int32]
    /// Per intake flag.
    public var flags: [Bool]

    public init(id: String, age: Int, itemCount: Int, indicatorCount: Int, flagCount: Int) {
        self.id = id
        self.age = age
        self.hetu = nil
        self.assessedOn = nil
        self.municipality = nil
        self.language = nil
        self.children = 0
        self.youngestChildAge = nil
        self.expecting = false
        self.singleParent = false
        self.coping = Array(repeating: Self.unanswered, count: itemCount)
        self.risk = Array(repeating: Self.gap, count: indicatorCount)
        self.flags = Array(repeating: false, count: flagCount)
    }
}
