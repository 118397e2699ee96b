/// The one description of a case's input fields (MODEL-V1 "Input"): the fixed members every
/// criteria version shares (`CaseField`, `HouseholdField`), the criteria's own members (coping
/// items, risk indicators, flags: `CaseSchema(model:)`), their value kinds and their bounds.
///
/// Every reader of cases spells field names and bounds from here and nowhere else: the general
/// reader (`CaseValidator`), the engine's fast reader (`CaseLineParser`), the CSV reader
/// (`CaseCSVReader`, which types a column by its path), the expression symbols
/// (`ModelLoader.declareSymbols`) and the generator's CSV header (`Vocabulary.csvColumns`).
/// A field added here without a reader for it does not compile: each reader switches over
/// these enums without a `default`.

/// The top-level members of a case, in the contract's field order: the order errors are reported
/// in (the **first** problem wins) and the order `seula generate` writes them.
public enum CaseField: Int, CaseIterable, Sendable {
    case id, hetu, assessedOn, age, municipality, language, household, coping, risk, flags

    /// The member's name in a case object (and the first part of a CSV column's path).
    public var name: String {
        switch self {
        case .id: return "id"
        case .hetu: return "hetu"
        case .assessedOn: return "assessed_on"
        case .age: return "age"
        case .municipality: return "municipality"
        case .language: return "language"
        case .household: return "household"
        case .coping: return "coping"
        case .risk: return "risk"
        case .flags: return "flags"
        }
    }

    /// The member named `name`, if any. O(fields).
    public init?(name: String) {
        guard let f = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = f
    }
}

/// The members of `household`, in the contract's order.
public enum HouseholdField: Int, CaseIterable, Sendable {
    case children, youngestChildAge, expecting, singleParent

    public var name: String {
        switch self {
        case .children: return "children"
        case .youngestChildAge: return "youngest_child_age"
        case .expecting: return "expecting"
        case .singleParent: return "single_parent"
        }
    }

    /// The member's path in a case (`household.children`): a CSV column and an expression symbol.
    public var path: String { "household.\(name)" }

    public init?(name: String) {
        guard let f = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = f
    }
}

/// The input fields of one criteria version: the fixed members plus that version's items,
/// indicators and flags, each with its value kind and bounds.
public struct CaseSchema: Sendable {
    /// What a field's value is, as every reader must check it.
    public enum ValueKind: Sendable, Equatable {
        /// Free text (`municipality`, `language`).
        case text
        /// 1-`maxIDLength` characters of text, required.
        case identifier
        /// A Finnish personal identity code, validated and pseudonymised, never echoed.
        case hetu
        /// A calendar date as text, YYYY-MM-DD.
        case date
        /// A JSON integer (never `30.0` or `true`) in `min...max`.
        case integer(min: Int, max: Int)
        case boolean
        /// One of `values`, as text.
        case enumeration([String])
    }

    /// One leaf field of a case: its path (`age`, `household.children`, `risk.debt`), kind, and
    /// whether its absence (or `null`) is `missing_field`.
    public struct Field: Sendable, Equatable {
        public let path: String
        public let kind: ValueKind
        public let required: Bool
    }

    /// Members a case may carry that scoring does not read: a labelled caseload's `label` (the
    /// evaluators' caseworker judgement) is accepted even in strict mode.
    public static let ignoredFields = ["label"]
    public static let maxIDLength = 128
    public static let maxAge = 120
    public static let maxChildAge = 17
    /// The largest count a case may carry where the contract states no maximum
    /// (`household.children`, risk counts without a `max`): 2³¹ − 1, so no count can overflow
    /// anywhere downstream. The fast reader enforces the same bound.
    public static let maxCount = CriteriaLimits.maxCount

    /// Every leaf field in the contract's order: the fixed top-level ones, `household.*`,
    /// `coping.*`, `risk.*`, `flags.*`. This is also the CSV column order.
    public let fields: [Field]
    /// The member names allowed inside each group (for strict mode).
    public let itemIDs: [String]
    public let indicatorIDs: [String]
    public let flagIDs: [String]
    private let byPath: [String: Int]

    /// O(items + indicators + flags).
    public init(model: CriteriaModel) {
        var fields: [Field] = []
        for top in CaseField.allCases {
            switch top {
            case .id: fields.append(Field(path: top.name, kind: .identifier, required: true))
            case .hetu: fields.append(Field(path: top.name, kind: .hetu, required: false))
            case .assessedOn: fields.append(Field(path: top.name, kind: .date, required: false))
            case .age: fields.append(Field(path: top.name, kind: .integer(min: 0, max: Self.maxAge), required: true))
            case .municipality, .language: fields.append(Field(path: top.name, kind: .text, required: false))
            case .household:
                for h in HouseholdField.allCases {
                    fields.append(Field(path: h.path, kind: Self.kind(of: h), required: false))
                }
            case .coping:
                let scale = model.coping
                for item in scale.items {
                    fields.append(Field(path: "coping.\(item.id)", kind: .integer(min: scale.scaleMin, max: scale.scaleMax), required: false))
                }
            case .risk:
                for indicator in model.risk.indicators {
                    fields.append(Field(path: "risk.\(indicator.id)", kind: Self.kind(of: indicator.kind), required: false))
                }
            case .flags:
                for flag in model.flags {
                    fields.append(Field(path: "flags.\(flag.id)", kind: .boolean, required: false))
                }
            }
        }
        self.fields = fields
        itemIDs = model.coping.items.map(\.id)
        indicatorIDs = model.risk.indicators.map(\.id)
        flagIDs = model.flags.map(\.id)
        byPath = Dictionary(fields.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The field at `path` (`risk.debt`), if the case has one. O(1).
    public func field(_ path: String) -> Field? {
        byPath[path].map { fields[$0] }
    }

    /// The names allowed inside a group member (strict mode); nil for a leaf member.
    public func members(of group: CaseField) -> [String]? {
        switch group {
        case .household: return HouseholdField.allCases.map(\.name)
        case .coping: return itemIDs
        case .risk: return indicatorIDs
        case .flags: return flagIDs
        case .id, .hetu, .assessedOn, .age, .municipality, .language: return nil
        }
    }

    /// The kind and bounds of a household member.
    public static func kind(of field: HouseholdField) -> ValueKind {
        switch field {
        case .children: return .integer(min: 0, max: maxCount)
        case .youngestChildAge: return .integer(min: 0, max: maxChildAge)
        case .expecting, .singleParent: return .boolean
        }
    }

    /// The kind and bounds of a risk indicator (a count without a `max` stops at `maxCount`).
    public static func kind(of indicator: IndicatorKind) -> ValueKind {
        switch indicator {
        case .integer(let min, let max, _): return .integer(min: min, max: Swift.min(max ?? maxCount, maxCount))
        case .enumeration(let domain, _): return .enumeration(domain.values)
        case .boolean: return .boolean
        }
    }

    /// The position of a top-level member in the contract's order, for ordering errors by field
    /// (`household.children` sorts as `household`); unknown members after every known one.
    public static func order(ofPath path: String) -> Int {
        let top = path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? path
        return CaseField(name: top)?.rawValue ?? CaseField.allCases.count
    }
}
