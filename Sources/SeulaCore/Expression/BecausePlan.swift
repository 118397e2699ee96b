import SeulaJSON

/// Writes a condition's `because` straight into a JSON byte buffer: the same text as
/// `CompiledExpression.because(_:missing:)` (a test holds them equal), without building a
/// single `String`. Everything constant — rendered sub-expressions, operators, constants — is
/// escaped once when the plan is made; only the values seen are formatted per case.
public final class BecausePlan: Sendable {
    enum Node: Sendable {
        /// `and` and definitions: when the node holds, every child holds: all their facts.
        case all([BecausePlan])
        /// `or`: the facts of the children that hold, in order.
        case any([BecausePlan])
        case atom(Atom)
    }

    enum Atom: Sendable {
        case fixed([UInt8])                                   // "always"
        case boolSlot(name: [UInt8], slot: Int)               // "flags.x = true"
        case comparison(ComparisonPlan)
        case membership(rendered: [UInt8], value: CompiledExpression, list: [UInt8], negated: Bool)
        case valueOf(rendered: [UInt8], value: CompiledExpression)   // "expr value"
    }

    struct ComparisonPlan: Sendable {
        var op: ComparisonOperator
        var opText: [UInt8]
        var left: CompiledExpression
        var right: CompiledExpression
        var leftRendered: [UInt8]?    // nil when the side is a constant
        var rightRendered: [UInt8]?
        var leftSlot: Int?
        var rightSlot: Int?
    }

    let expression: CompiledExpression
    let node: Node
    let riskSlots: Range<Int>

    public init(_ e: CompiledExpression, riskSlots: Range<Int>) {
        expression = e
        self.riskSlots = riskSlots
        switch e {
        case .and(let xs):
            node = .all(xs.map { BecausePlan($0, riskSlots: riskSlots) })
        case .or(let xs):
            node = .any(xs.map { BecausePlan($0, riskSlots: riskSlots) })
        case .definition(_, let inner):
            node = .all([BecausePlan(inner, riskSlots: riskSlots)])
        default:
            node = .atom(Self.atom(e))
        }
    }

    static func esc(_ s: String) -> [UInt8] { JSONWriter.escapedContent(s) }

    static func slot(_ e: CompiledExpression) -> Int? {
        if case .slot(let s, _, _) = e { return s }
        return nil
    }

    static func comparison(_ op: ComparisonOperator, _ l: CompiledExpression, _ r: CompiledExpression) -> Atom {
        .comparison(ComparisonPlan(op: op, opText: Array(op.rawValue.utf8), left: l, right: r,
                                   leftRendered: l.isConstant ? nil : esc(l.rendered),
                                   rightRendered: r.isConstant ? nil : esc(r.rendered),
                                   leftSlot: slot(l), rightSlot: slot(r)))
    }

    static func atom(_ e: CompiledExpression) -> Atom {
        switch e {
        case .constant(.bool(let b), _):
            return .fixed(Array((b ? "always" : "never").utf8))
        case .slot(let s, let name, .bool):
            return .boolSlot(name: esc(name), slot: s)
        case .compare(let op, let l, let r):
            return comparison(op, l, r)
        case .not(let inner):
            switch inner {
            case .compare(let op, let l, let r):
                return comparison(op.negated, l, r)
            case .slot(let s, let name, .bool):
                return .boolSlot(name: esc(name), slot: s)
            case .membership(let v, let items, let negated):
                return membership(v, items, negated: !negated)
            default:
                return .fixed(esc("not (\(inner.rendered))"))
            }
        case .membership(let v, let items, let negated):
            return membership(v, items, negated: negated)
        default:
            return .valueOf(rendered: esc(e.rendered), value: e)
        }
    }

    static func membership(_ v: CompiledExpression, _ items: [Value], negated: Bool) -> Atom {
        let list = items.map { CompiledExpression.format($0, v.type) }.joined(separator: ", ")
        return .membership(rendered: esc(v.rendered), value: v, list: esc("\(negated ? "not in" : "in") [\(list)]"), negated: negated)
    }

    // MARK: Writing

    /// Writes `[...]`: the facts that make the condition true (empty when it is not).
    public func writeArray(_ frame: borrowing [Value], gapMask: UInt64, into w: inout JSONWriter) {
        w.raw(UInt8(ascii: "["))
        var first = true
        if expression.holds(frame) { writeHolding(frame, gapMask, &w, &first, separator: nil) }
        w.raw(UInt8(ascii: "]"))
    }

    /// Writes the facts as JSON strings, comma-separated, continuing a list already open.
    /// The caller knows the condition holds (its rule fired).
    public func writeElements(_ frame: borrowing [Value], gapMask: UInt64, into w: inout JSONWriter, first: inout Bool) {
        writeHolding(frame, gapMask, &w, &first, separator: nil)
    }

    /// The facts as one text, joined by `separator` (for notes: "youth track (under 35): age 30 < 35").
    func writeJoined(_ frame: borrowing [Value], gapMask: UInt64, separator: [UInt8], into w: inout JSONWriter) {
        var first = true
        writeHolding(frame, gapMask, &w, &first, separator: separator)
    }

    /// Writes the facts of a node that holds: each child of an `and` holds, so none is evaluated
    /// twice; only an `or` evaluates its children to find the ones that hold. With `separator`
    /// the facts are joined into the current string, else each is its own JSON string.
    private func writeHolding(_ frame: borrowing [Value], _ gaps: UInt64, _ w: inout JSONWriter, _ first: inout Bool, separator: [UInt8]?) {
        switch node {
        case .all(let children):
            for c in children { c.writeHolding(frame, gaps, &w, &first, separator: separator) }
        case .any(let children):
            for c in children where c.expression.holds(frame) { c.writeHolding(frame, gaps, &w, &first, separator: separator) }
        case .atom(let a):
            if let separator {
                if !first { w.raw(separator) }
                first = false
                writeAtom(a, frame, gaps, &w)
            } else {
                if !first { w.raw(UInt8(ascii: ",")) }
                first = false
                w.raw(UInt8(ascii: "\""))
                writeAtom(a, frame, gaps, &w)
                w.raw(UInt8(ascii: "\""))
            }
        }
    }

    private func missing(_ slot: Int?, _ gaps: UInt64) -> Bool {
        guard let slot, riskSlots.contains(slot) else { return false }
        return gaps & (1 << UInt64(slot - riskSlots.lowerBound)) != 0
    }

    private static let missingNote: [UInt8] = Array(" (missing)".utf8)
    private static let equalsText: [UInt8] = Array(" = ".utf8)

    private func writeAtom(_ a: Atom, _ frame: borrowing [Value], _ gaps: UInt64, _ w: inout JSONWriter) {
        switch a {
        case .fixed(let bytes):
            w.raw(bytes)
        case .boolSlot(let name, let slot):
            w.raw(name)
            w.raw(Self.equalsText)
            if case .bool(let b) = frame[slot] { w.raw(b ? "true" : "false") } else { w.raw("unknown") }
            if missing(slot, gaps) { w.raw(Self.missingNote) }
        case .comparison(let c):
            let lv = c.left.evaluate(frame), rv = c.right.evaluate(frame)
            let truth = CompiledExpression.compare(c.op, lv, rv)
            if c.op == .equal, c.rightRendered == nil, truth == .bool(true), let lr = c.leftRendered {
                w.raw(lr)
                w.raw(Self.equalsText)
                Self.writeValue(rv, c.right.type, &w)
                if missing(c.leftSlot, gaps) { w.raw(Self.missingNote) }
                return
            }
            if let lr = c.leftRendered {
                w.raw(lr)
                w.raw(UInt8(ascii: " "))
                Self.writeValueForComparison(lv, c.left.type, c.op, rv, truth, &w)
                if missing(c.leftSlot, gaps) { w.raw(Self.missingNote) }
            } else {
                Self.writeValue(lv, c.left.type, &w)
            }
            w.raw(UInt8(ascii: " "))
            w.raw(c.opText)
            w.raw(UInt8(ascii: " "))
            if let rr = c.rightRendered {
                w.raw(rr)
                w.raw(UInt8(ascii: " "))
                Self.writeValue(rv, c.right.type, &w)
                if missing(c.rightSlot, gaps) { w.raw(Self.missingNote) }
            } else {
                Self.writeValue(rv, c.right.type, &w)
            }
        case .membership(let rendered, let value, let list, _):
            w.raw(rendered)
            w.raw(UInt8(ascii: " "))
            Self.writeValue(value.evaluate(frame), value.type, &w)
            if missing(Self.slot(value), gaps) { w.raw(Self.missingNote) }
            w.raw(UInt8(ascii: " "))
            w.raw(list)
        case .valueOf(let rendered, let value):
            w.raw(rendered)
            w.raw(UInt8(ascii: " "))
            Self.writeValue(value.evaluate(frame), value.type, &w)
        }
    }

    /// Bytes of `CompiledExpression.format(v, t)`.
    static func writeValue(_ v: Value, _ t: ValueType, _ w: inout JSONWriter) {
        switch v {
        case .null: w.raw("unknown")
        case .bool(let b): w.raw(b ? "true" : "false")
        case .number(let x):
            if t == .int || (x == x.rounded() && abs(x) < 1e15 && t != .number) {
                if let i = DecimalFormat.int(x) { w.int(i) } else { w.raw(Array(DecimalFormat.whole(x).utf8)) }
            } else {
                w.decimal1(x)
            }
        case .symbol(let i):
            if case .enumeration(let d) = t, i >= 0, i < d.values.count {
                w.raw(d.valueBytes[i])
            } else {
                w.int(i)
            }
        }
    }

    /// Bytes of `CompiledExpression.formatForComparison`.
    static func writeValueForComparison(_ v: Value, _ t: ValueType, _ op: ComparisonOperator, _ other: Value, _ truth: Value, _ w: inout JSONWriter) {
        guard t == .number, case .number(let x) = v, case .number = other else { return writeValue(v, t, &w) }
        if CompiledExpression.compare(op, .number(DecimalFormat.round1(x)), other) == truth {
            return w.decimal1(x)
        }
        var text = CompiledExpression.formatForComparison(v, t, op, other, truth)
        text.withUTF8 { w.buffer.append($0) }
    }
}
