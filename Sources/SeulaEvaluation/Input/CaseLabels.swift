import SeulaCore
import SeulaJSON

/// A caseworker's judgement of one case and the label-side facts that travel with it
/// (`"label": {"segment": "tuki", "outcome": "guided", "services": [...], "outcome_12m": 0,
/// "gender": "f"}`). Labels are read by the evaluators' tools only; scoring never sees them.
public struct CaseLabels: Sendable, Equatable {
    /// Index into the model's segment domain (the quadrants, then the undetermined segment).
    public var segment: Int?
    /// Index into the model's outcome levels.
    public var outcome: Int?
    /// Product indices, ascending; nil when the label says nothing about services.
    public var services: [Int]?
    /// The outcome 12 months later: 0 or 1 (`false`/`true` in the input read as 0/1).
    public var outcome12m: Int?
    /// Every other label member with a scalar value, as a group for fairness checks
    /// (`label.gender` → ("label.gender", "f")), in the order written.
    public var groups: [Group]

    public struct Group: Sendable, Equatable {
        public var attribute: String
        public var value: String
    }

    public init(segment: Int? = nil, outcome: Int? = nil, services: [Int]? = nil, outcome12m: Int? = nil, groups: [Group] = []) {
        self.segment = segment
        self.outcome = outcome
        self.services = services
        self.outcome12m = outcome12m
        self.groups = groups
    }

    public func group(_ attribute: String) -> String? {
        groups.first { $0.attribute == attribute }?.value
    }
}

/// Which labels a command cannot work without; a row missing one is rejected as `missing_label`.
public struct LabelRequirements: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let segment = LabelRequirements(rawValue: 1)
    public static let outcome12m = LabelRequirements(rawValue: 2)
}

/// Reads and checks the `label` member against a model: segment and outcome ids must be the
/// model's, services its product ids, `outcome_12m` 0 or 1, or false or true.
public struct LabelReader: Sendable {
    public let model: CriteriaModel
    public let requirements: LabelRequirements
    public static let knownFields = ["segment", "outcome", "services", "outcome_12m"]
    /// Each product id's first index in the model (what `firstIndex(where:)` finds).
    private let productIndex: [String: Int]

    public init(model: CriteriaModel, requirements: LabelRequirements) {
        self.model = model
        self.requirements = requirements
        var index: [String: Int] = [:]
        for (i, p) in model.products.enumerated() where index[p.id] == nil { index[p.id] = i }
        productIndex = index
    }

    /// Complexity: O(label members + services × products).
    public func read(_ label: JSONValue?) -> Result<CaseLabels, RowProblem> {
        var labels = CaseLabels()
        if let label, !label.isNull {
            guard let o = label.objectValue else {
                return .failure(invalid("label", "label must be an object such as {\"segment\": \"tuki\"}, not \(label.typeName)"))
            }
            // Each key once, in order of first appearance, with its last value: the members
            // themselves when no key repeats (the usual label, read without a key set).
            let members = o.members
            let unique = members.indices.allSatisfy { i in !members[..<i].contains { $0.key == members[i].key } }
            for (key, v) in unique ? members : o.keys.map({ (key: $0, value: o[$0]!) }) {
                if v.isNull { continue }
                // Spelled only for an error or a group: most labels have neither.
                func path() -> String { "label." + key }
                switch key {
                case "segment":
                    guard let s = v.stringValue else { return .failure(invalid(path(), "\(path()) must be a segment id as text, not \(v.typeName)")) }
                    guard let i = model.segments.domain.index(of: s) else {
                        return .failure(invalid(path(), "\(path()) '\(s.prefix(40))' is not a segment of \(model.id) (\(model.segments.domain.values.joined(separator: ", ")))"))
                    }
                    labels.segment = i
                case "outcome":
                    guard let s = v.stringValue else { return .failure(invalid(path(), "\(path()) must be an outcome level as text, not \(v.typeName)")) }
                    guard let i = model.outcomeLevels.index(of: s) else {
                        return .failure(invalid(path(), "\(path()) '\(s.prefix(40))' is not an outcome level (\(model.outcomeLevels.values.joined(separator: ", ")))"))
                    }
                    labels.outcome = i
                case "services":
                    guard let list = v.arrayValue else { return .failure(invalid(path(), "\(path()) must be a list of product ids, not \(v.typeName)")) }
                    var products: [Int] = []   // a handful: sorting beats hashing
                    products.reserveCapacity(list.count)
                    for (k, item) in list.enumerated() {
                        guard let s = item.stringValue else { return .failure(invalid("\(path())[\(k)]", "\(path())[\(k)] must be a product id as text, not \(item.typeName)")) }
                        guard let p = productIndex[s] else {
                            return .failure(invalid("\(path())[\(k)]", "\(path())[\(k)] '\(s.prefix(40))' is not a product of \(model.id)"))
                        }
                        products.append(p)
                    }
                    products.sort()
                    var unique: [Int] = []
                    unique.reserveCapacity(products.count)
                    for p in products where unique.last != p { unique.append(p) }
                    labels.services = unique
                case "outcome_12m":
                    if case .bool(let b) = v {
                        labels.outcome12m = b ? 1 : 0
                        continue
                    }
                    guard let n = v.numberValue, n.isInteger, let i = n.int64, i == 0 || i == 1 else {
                        return .failure(invalid(path(), "\(path()) must be 0 or 1 (or false or true), not \(v.numberValue.map(\.description) ?? v.typeName)"))
                    }
                    labels.outcome12m = Int(i)
                default:
                    switch v {
                    case .string(let s): labels.groups.append(.init(attribute: path(), value: s))
                    case .number(let n): labels.groups.append(.init(attribute: path(), value: n.description))
                    case .bool(let b): labels.groups.append(.init(attribute: path(), value: b ? "true" : "false"))
                    default: return .failure(invalid(path(), "\(path()) must be text, a number or true/false to be used as a group, not \(v.typeName)"))
                    }
                }
            }
        }
        if requirements.contains(.segment), labels.segment == nil {
            return .failure(RowProblem(code: RowProblem.missingLabel, path: "label.segment", message: "label.segment (the caseworker's segment) is required"))
        }
        if requirements.contains(.outcome12m), labels.outcome12m == nil {
            return .failure(RowProblem(code: RowProblem.missingLabel, path: "label.outcome_12m", message: "label.outcome_12m (0 or 1) is required"))
        }
        return .success(labels)
    }

    private func invalid(_ path: String, _ message: String) -> RowProblem {
        RowProblem(code: RowProblem.invalidLabel, path: path, message: message)
    }
}
