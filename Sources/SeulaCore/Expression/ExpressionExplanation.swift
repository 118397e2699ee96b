/// Why a rule fired, in words a caseworker can check: every condition that made it true, with
/// the values it saw and the thresholds in force, e.g. `coping.paying_bills 3 >= 3`,
/// `coping_score 46.9 >= 40`, `segment = tuki`, `flags.care_leaver = true`.
///
/// A trace (for `explain`) records every comparison evaluated, true or not.
extension CompiledExpression {

    /// The facts that make this (true) condition true. Empty when it is not true.
    /// `missing` holds the slots of risk indicators that were gaps: their values are shown as
    /// `0 (missing)`, so nobody mistakes a gap read as zero for a recorded zero.
    public func because(_ frame: borrowing [Value], missing: Set<Int> = []) -> [String] {
        var out: [String] = []
        collectBecause(frame, missing, into: &out)
        return out
    }

    private func collectBecause(_ frame: borrowing [Value], _ missing: Set<Int>, into out: inout [String]) {
        guard evaluate(frame) == .bool(true) else { return }
        switch self {
        case .and(let xs):
            for x in xs { x.collectBecause(frame, missing, into: &out) }
        case .or(let xs):
            for x in xs where x.evaluate(frame) == .bool(true) { x.collectBecause(frame, missing, into: &out) }
        case .definition(_, let e):
            e.collectBecause(frame, missing, into: &out)
        default:
            out.append(fact(frame, missing))
        }
    }

    /// Every atomic check the condition makes, with what it saw and its result
    /// (`true`, `false`, or `nil` for unknown). In order of the expression text.
    public func trace(_ frame: borrowing [Value], missing: Set<Int> = []) -> [(check: String, result: Bool?)] {
        var out: [(String, Bool?)] = []
        collectTrace(frame, missing, into: &out)
        return out
    }

    private func collectTrace(_ frame: borrowing [Value], _ missing: Set<Int>, into out: inout [(String, Bool?)]) {
        switch self {
        case .and(let xs), .or(let xs):
            for x in xs { x.collectTrace(frame, missing, into: &out) }
        case .definition(_, let e):
            e.collectTrace(frame, missing, into: &out)
        default:
            let v = evaluate(frame)
            let result: Bool? = { if case .bool(let b) = v { return b } else { return nil } }()
            out.append((fact(frame, missing), result))
        }
    }

    /// One atomic check, rendered with the values seen.
    func fact(_ frame: borrowing [Value], _ missing: Set<Int> = []) -> String {
        switch self {
        case .constant(.bool(let b), _):
            return b ? "always" : "never"
        case .slot(_, let name, .bool):
            return "\(name) = \(Self.format(evaluate(frame), .bool))\(missingNote(missing))"
        case .compare(let op, let l, let r):
            return Self.comparisonFact(op, l, r, frame, missing)
        case .not(let inner):
            switch inner {
            case .compare(let op, let l, let r):
                return Self.comparisonFact(op.negated, l, r, frame, missing)
            case .slot(_, let name, .bool):
                return "\(name) = \(Self.format(inner.evaluate(frame), .bool))\(inner.missingNote(missing))"
            case .membership(let e, let items, let negated):
                return CompiledExpression.membership(e, items, negated: !negated).fact(frame, missing)
            default:
                return "not (\(inner.rendered))"
            }
        case .membership(let e, let items, let negated):
            let domainType = e.type
            let list = items.map { Self.format($0, domainType) }.joined(separator: ", ")
            return "\(e.rendered) \(Self.format(e.evaluate(frame), domainType))\(e.missingNote(missing)) \(negated ? "not in" : "in") [\(list)]"
        case .definition(let name, let e):
            return e.evaluate(frame) == .bool(true) ? name : "not \(name)"
        default:
            return "\(rendered) \(Self.format(evaluate(frame), type))"
        }
    }

    /// " (missing)" when this is a slot holding a gap read as its zero value.
    private func missingNote(_ missing: Set<Int>) -> String {
        if case .slot(let s, _, _) = self, missing.contains(s) { return " (missing)" }
        return ""
    }

    private static func comparisonFact(_ op: ComparisonOperator, _ l: CompiledExpression, _ r: CompiledExpression,
                                       _ frame: borrowing [Value], _ missing: Set<Int>) -> String {
        let lv = l.evaluate(frame), rv = r.evaluate(frame)
        let truth = compare(op, lv, rv)
        // `segment = tuki`: the value is the constant, so say it once.
        if op == .equal, case .constant = r, truth == .bool(true), !l.isConstant {
            return "\(l.rendered) = \(format(rv, r.type))\(l.missingNote(missing))"
        }
        let left = l.isConstant ? format(lv, l.type) : "\(l.rendered) \(formatForComparison(lv, l.type, op, rv, truth))\(l.missingNote(missing))"
        let right = r.isConstant ? format(rv, r.type) : "\(r.rendered) \(format(rv, r.type))\(r.missingNote(missing))"
        return "\(left) \(op.rawValue) \(right)"
    }

    var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }

    /// The expression as canonical text (names, constants, operators), for facts about
    /// sub-expressions such as `max(coping.household_chores, coping.self_care)`.
    public var rendered: String {
        switch self {
        case .constant(let v, let t): return Self.format(v, t, quoteText: true)
        case .slot(_, let name, _): return name
        case .negate(let e): return "-\(e.renderedOperand)"
        case .arithmetic(let op, let a, let b, _): return "\(a.renderedOperand) \(op.rawValue) \(b.renderedOperand)"
        case .compare(let op, let a, let b): return "\(a.rendered) \(op.rawValue) \(b.rendered)"
        case .membership(let e, let items, let negated):
            return "\(e.rendered) \(negated ? "not in" : "in") [\(items.map { Self.format($0, e.type, quoteText: true) }.joined(separator: ", "))]"
        case .and(let xs): return xs.map(\.renderedOperand).joined(separator: " and ")
        case .or(let xs): return xs.map(\.renderedOperand).joined(separator: " or ")
        case .not(let e): return "not \(e.renderedOperand)"
        case .minimum(let xs, _): return "min(\(xs.map(\.rendered).joined(separator: ", ")))"
        case .maximum(let xs, _): return "max(\(xs.map(\.rendered).joined(separator: ", ")))"
        case .definition(let name, _): return name
        }
    }

    private var renderedOperand: String {
        switch self {
        case .arithmetic, .compare, .membership, .and, .or, .not: return "(\(rendered))"
        default: return rendered
        }
    }

    /// Formats a value for a person: whole numbers without decimals, scores with one decimal,
    /// enum values by name, `null` as `unknown`.
    public static func format(_ v: Value, _ t: ValueType, quoteText: Bool = false) -> String {
        switch v {
        case .null: return "unknown"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x):
            if t == .int || (x == x.rounded() && abs(x) < 1e15 && t != .number) {
                return DecimalFormat.whole(x)
            }
            return DecimalFormat.oneDecimal(x)
        case .symbol(let i):
            if case .enumeration(let d) = t, i >= 0, i < d.values.count {
                return quoteText ? "'\(d.values[i])'" : d.values[i]
            }
            return String(i)
        }
    }

    /// Like `format`, but adds decimals when one decimal would make a true comparison look
    /// false (a coping score of 39.96 is shown as 39.96 < 40, not 40.0 < 40).
    static func formatForComparison(_ v: Value, _ t: ValueType, _ op: ComparisonOperator, _ other: Value, _ truth: Value) -> String {
        guard t == .number, case .number(let x) = v, case .number = other else { return format(v, t) }
        for decimals in 1...6 {
            let text = DecimalFormat.fixed(x, decimals: decimals)
            if let shown = Double(text), compare(op, .number(shown), other) == truth {
                return text
            }
        }
        return DecimalFormat.fixed(x, decimals: 6)
    }
}
