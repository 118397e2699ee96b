/// A type-checked expression, resolved to frame slots, ready to evaluate.
///
/// Logic is three-valued (Kleene): a comparison that sees `null` (an unanswered item, an
/// undetermined coping score) is *unknown*; `and`/`or`/`not` propagate unknown; a rule fires
/// only when its condition is `true`. So "criteria on the coping score are false" when coping is
/// undetermined, and "an unanswered item never satisfies a criterion" — and `not` cannot turn
/// an unknown into a yes.
public indirect enum CompiledExpression: Sendable {
    case constant(Value, ValueType)
    case slot(Int, name: String, ValueType)
    case negate(CompiledExpression)
    case arithmetic(ArithmeticOperator, CompiledExpression, CompiledExpression, ValueType)
    case compare(ComparisonOperator, CompiledExpression, CompiledExpression)
    case membership(CompiledExpression, [Value], negated: Bool)
    case and([CompiledExpression])
    case or([CompiledExpression])
    case not(CompiledExpression)
    case minimum([CompiledExpression], ValueType)
    case maximum([CompiledExpression], ValueType)
    /// A named definition from the criteria file, kept so explanations can name it.
    case definition(String, CompiledExpression)

    public var type: ValueType {
        switch self {
        case .constant(_, let t), .slot(_, _, let t), .arithmetic(_, _, _, let t),
             .minimum(_, let t), .maximum(_, let t):
            return t
        case .negate(let e): return e.type
        case .compare, .membership, .and, .or, .not: return .bool
        case .definition(_, let e): return e.type
        }
    }

    /// The parts evaluation walks, with every definition expanded (a definition used twice
    /// counts twice), and how deeply they nest. Bounded for every loaded expression by
    /// `CriteriaLimits.maxExpandedSize` and `maxExpandedDepth`.
    public var expandedSize: Int {
        switch self {
        case .constant, .slot: return 1
        case .negate(let x), .not(let x): return 1 + x.expandedSize
        case .definition(_, let x): return x.expandedSize
        case .arithmetic(_, let a, let b, _), .compare(_, let a, let b): return 1 + a.expandedSize + b.expandedSize
        case .membership(let x, let items, _): return 1 + x.expandedSize + items.count
        case .and(let xs), .or(let xs), .minimum(let xs, _), .maximum(let xs, _): return 1 + xs.reduce(0) { $0 + $1.expandedSize }
        }
    }

    public var expandedDepth: Int {
        switch self {
        case .constant, .slot: return 1
        case .negate(let x), .not(let x), .definition(_, let x): return 1 + x.expandedDepth
        case .arithmetic(_, let a, let b, _), .compare(_, let a, let b): return 1 + max(a.expandedDepth, b.expandedDepth)
        case .membership(let x, _, _): return 1 + x.expandedDepth
        case .and(let xs), .or(let xs), .minimum(let xs, _), .maximum(let xs, _): return 1 + (xs.map(\.expandedDepth).max() ?? 0)
        }
    }

    /// Every frame slot this expression reads (for the model checker and the batch engine).
    public var slotsRead: Set<Int> {
        var out = Set<Int>()
        func walk(_ e: CompiledExpression) {
            switch e {
            case .constant: break
            case .slot(let s, _, _): out.insert(s)
            case .negate(let x), .not(let x), .definition(_, let x): walk(x)
            case .arithmetic(_, let a, let b, _), .compare(_, let a, let b): walk(a); walk(b)
            case .membership(let x, _, _): walk(x)
            case .and(let xs), .or(let xs), .minimum(let xs, _), .maximum(let xs, _): xs.forEach(walk)
            }
        }
        walk(self)
        return out
    }
}

// MARK: - Evaluation

extension CompiledExpression {
    /// Evaluates against a frame of slot values. Never traps: division by zero is `null`.
    ///
    /// Complexity: O(size of the expression).
    @inlinable
    public func evaluate(_ frame: borrowing [Value]) -> Value {
        switch self {
        case .constant(let v, _):
            return v
        case .slot(let s, _, _):
            return frame[s]
        case .negate(let e):
            if case .number(let x) = e.evaluate(frame) { return .number(-x) }
            return .null
        case .arithmetic(let op, let a, let b, _):
            guard case .number(let x) = a.evaluate(frame), case .number(let y) = b.evaluate(frame) else { return .null }
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide: return y == 0 ? .null : .number(x / y)
            }
        case .compare(let op, let a, let b):
            return Self.compare(op, a.evaluate(frame), b.evaluate(frame))
        case .membership(let e, let items, let negated):
            let v = e.evaluate(frame)
            if v == .null { return .null }
            return .bool(items.contains(v) != negated)
        case .and(let xs):
            var unknown = false
            for x in xs {
                switch x.evaluate(frame) {
                case .bool(false): return .bool(false)
                case .bool(true): continue
                default: unknown = true
                }
            }
            return unknown ? .null : .bool(true)
        case .or(let xs):
            var unknown = false
            for x in xs {
                switch x.evaluate(frame) {
                case .bool(true): return .bool(true)
                case .bool(false): continue
                default: unknown = true
                }
            }
            return unknown ? .null : .bool(false)
        case .not(let e):
            if case .bool(let b) = e.evaluate(frame) { return .bool(!b) }
            return .null
        case .minimum(let xs, _):
            return Self.extreme(xs, frame, pickLarger: false)
        case .maximum(let xs, _):
            return Self.extreme(xs, frame, pickLarger: true)
        case .definition(_, let e):
            return e.evaluate(frame)
        }
    }

    /// True only when the condition is definitely true (unknown counts as not firing).
    @inlinable
    public func holds(_ frame: borrowing [Value]) -> Bool {
        evaluate(frame) == .bool(true)
    }

    @usableFromInline
    static func compare(_ op: ComparisonOperator, _ l: Value, _ r: Value) -> Value {
        let x: Double, y: Double
        switch (l, r) {
        case (.number(let a), .number(let b)): x = a; y = b
        case (.symbol(let a), .symbol(let b)): x = Double(a); y = Double(b)
        case (.bool(let a), .bool(let b)):
            switch op {
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            default: return .null
            }
        default:
            return .null
        }
        switch op {
        case .equal: return .bool(x == y)
        case .notEqual: return .bool(x != y)
        case .less: return .bool(x < y)
        case .lessOrEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterOrEqual: return .bool(x >= y)
        }
    }

    /// min/max over the known values; `null` only when every argument is unknown.
    @usableFromInline
    static func extreme(_ xs: [CompiledExpression], _ frame: borrowing [Value], pickLarger: Bool) -> Value {
        var best: Double? = nil
        for x in xs {
            guard case .number(let v) = x.evaluate(frame) else { continue }
            if let b = best {
                if pickLarger ? v > b : v < b { best = v }
            } else {
                best = v
            }
        }
        return best.map { .number($0) } ?? .null
    }
}
