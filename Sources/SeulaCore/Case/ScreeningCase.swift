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
    public var hetu: String? = nil
    /// The birth date the hetu encodes (for `hetu_age`); nil without a hetu.
    public var hetuBirthDate: CalendarDate? = nil
    public var assessedOn: CalendarDate? = nil
    public var age: Int
    public var municipality: String? = nil
    public var language: String? = nil
    public var children: Int = 0
    public var youngestChildAge: Int? = nil
    public var expecting: Bool = false
    public var singleParent: Bool = false
    /// Per coping item: 0…scaleMax, or `unanswered`.
    public var coping: [Int8]
    /// Per risk indicator: the raw value, or `gap`.
    public var risk: [Int32]
    /// Per intake flag.
    public var flags: [Bool]

    public init(id: String, age: Int, itemCount: Int, indicatorCount: Int, flagCount: Int) {
        self.id = id
        self.age = age
        self.coping = Array(repeating: Self.unanswered, count: itemCount)
        self.risk = Array(repeating: Self.gap, count: indicatorCount)
        self.flags = Array(repeating: false, count: flagCount)
        clearOptionalFields()
    }

    /// Every optional field absent, every answer unanswered, every indicator a gap, every flag
    /// false — in place, keeping the arrays' storage (the fast reader reuses one case per line).
    public mutating func clearOptionalFields() {
        hetu = nil
        hetuBirthDate = nil
        assessedOn = nil
        municipality = nil
        language = nil
        children = 0
        youngestChildAge = nil
        expecting = false
        singleParent = false
        for k in coping.indices { coping[k] = Self.unanswered }
        for k in risk.indices { risk[k] = Self.gap }
        for k in flags.indices { flags[k] = false }
    }
}
