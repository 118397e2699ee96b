/// Every condition of a model, numbered, so a decision can ask "does rule r hold?" of an
/// oracle: the simple path evaluates the expression on the case's frame; the batch engine
/// answers from bit masks it computed for a whole chunk at once. Both see the same rules in
/// the same order, so both decide the same.
public struct RuleTable: Sendable {
    public private(set) var conditions: [CompiledExpression] = []
    /// The phase each condition runs in (`Phase`): the batch engine evaluates one phase's rules
    /// for a whole chunk before the engine's step that reads them.
    public private(set) var phases: [Phase] = []
    public private(set) var markers: [Int] = []
    public private(set) var overrides: [Int] = []
    public private(set) var urgencyRules: [Int] = []
    public private(set) var scope: [Int] = []
    public private(set) var eligibility: [Int] = []
    public private(set) var provisionRules: [[Int]] = []
    public private(set) var productUrgency: [[Int]] = []
    public private(set) var referrals: [Int] = []
    public private(set) var reviewRules: [Int] = []
    public private(set) var automatable: Int? = nil

    public init(model m: CriteriaModel) {
        func add(_ e: CompiledExpression, _ p: Phase) -> Int {
            conditions.append(e)
            phases.append(p)
            return conditions.count - 1
        }
        markers = m.risk.markers.map { add($0.condition, .intake) }
        overrides = m.overrides.map { add($0.condition, .segment) }
        urgencyRules = m.urgency.rules.map { add($0.condition, .outcome) }
        scope = m.scope.map { add($0.condition, .routing) }
        eligibility = m.products.map { add($0.eligibility, .routing) }
        provisionRules = m.products.map { p in p.provisionRules.map { add($0.condition, .routing) } }
        productUrgency = m.products.map { p in p.urgency.map { add($0.condition, .routing) } }
        referrals = m.referrals.map { add($0.condition, .routing) }
        reviewRules = m.review.rules.map { add($0.condition, .review) }
        automatable = m.automatableWhen.map { add($0, .final) }
    }

    /// True when some rule runs in `phase` (the batch engine skips a phase with none).
    public func hasRules(in phase: Phase) -> Bool { phases.contains(phase) }
}

/// Answers whether rule `r` (an index into `RuleTable.conditions`) holds for the case being
/// decided.
public protocol RuleOracle {
    func holds(_ rule: Int, _ frame: borrowing [Value]) -> Bool
}

/// The simple path: evaluate the condition on the case's frame.
public struct EvaluatingOracle: RuleOracle, Sendable {
    public let conditions: [CompiledExpression]

    public init(conditions: [CompiledExpression]) {
        self.conditions = conditions
    }

    @inlinable
    public func holds(_ rule: Int, _ frame: borrowing [Value]) -> Bool {
        conditions[rule].holds(frame)
    }
}
