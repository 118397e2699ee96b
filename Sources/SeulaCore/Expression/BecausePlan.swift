import SeulaJSON

/// Writes a condition's `because` straight into a JSON byte buffer: the same text as
/// `CompiledExpression.because(_:missing:)` (a test holds them equal), without building a
/// single `String`. Everything constant — rendered sub-expressions, operators, constants — is
/// escaped once when the plan is made; only the values seen are formatted per case.
///
/// The plan is a tree of final classes with plain stored fields (a kind tag, not an enum with
/// payloads): walking it per record copies no enum payload, so it costs no reference counting
/// beyond the child list. Comparison operands that are a frame slot or a constant are read
/// directly, without walking the expression.
public final class BecausePlan: Sendable {
    enum Kind: UInt8, Sendable {
        /// `and` and definitions: when the node holds, every child holds: all their facts.
        case all
        /// `or`: the facts of the children that hold, in order.
        case any
        case fixed          // "always"
        case boolSlot       // "flags.x = true"
        case comparison
        case membership
        case valueOf        // "expr value"
    }

    /// A comparison side: read straight from the frame or a constant when it is one.
    enum Operand: Sendable {
        case slot(Int)
        case constant(Value)
        case expression(CompiledExpression)

        init(_ e: CompiledExpression) {
            switch e {
            case .slot(let s, _, _): self = .slot(s)
            case .constant(let v, _): self = .constant(v)
            default: self = .expression(e)
            }
        }

        @inline(__always)
        func value(_ frame: borrowing [Value]) -> Value {
            switch self {
            case .slot(let s): return frame[s]
            case .constant(let v): return v
            case .expression(let e): return e.evaluate(frame)
            }
        }
    }

    final class ComparisonPlan: Sendable {
        let op: ComparisonOperator
        let opText: [UInt8]
        let left: Operand
        let right: Operand
        let leftType: ValueType
        let rightType: ValueType
        let leftRendered: [UInt8]?    // nil when the side is a constant
        let rightRendered: [UInt8]?
        let leftSlot: Int?
        let rightSlot: Int?

        init(_ op: ComparisonOperator, _ l: CompiledExpression, _ r: CompiledExpression) {
            self.op = op
            opText = Array(op.rawValue.utf8)
            left = Operand(l)
            right = Operand(r)
            leftType = l.type
            rightType = r.type
            leftRendered = l.isConstant ? nil : BecausePlan.esc(l.rendered)
            rightRendered = r.isConstant ? nil : BecausePlan.esc(r.rendered)
            leftSlot = BecausePlan.slot(l)
            rightSlot = BecausePlan.slot(r)
        }
    }

    let expression: CompiledExpression
    let riskSlots: Range<Int>
    let kind: Kind
    /// `all` / `any`: the children.
    let children: [BecausePlan]
    /// `fixed`: the text; `boolSlot`: the name; `membership` / `valueOf`: the rendered value.
    let text: [UInt8]
    /// `boolSlot`: the slot.
    let slot: Int
    let comparison: ComparisonPlan?
    /// `membership`: "in [...]" / "not in [...]"; `membership` / `valueOf`: the value read.
    let list: [UInt8]
    let value: Operand
    let valueType: ValueType
    let valueSlot: Int?
    /// A comparison straight from the condition (not a negation turned round): its truth is
    /// the comparison's own, so `holds` need not walk `expression`.
    let directComparison: Bool

    public init(_ e: CompiledExpression, riskSlots: Range<Int>) {
        expression = e
        self.riskSlots = riskSlots
        var kind = Kind.fixed
        var children: [BecausePlan] = []
        var text: [UInt8] = []
        var slot = -1
        var comparison: ComparisonPlan? = nil
        var list: [UInt8] = []
        var value = Operand.constant(.null)
        var valueType = ValueType.bool
        var valueSlot: Int? = nil
        var direct = false
        func membership(_ v: CompiledExpression, _ items: [Value], negated: Bool) {
            let shown = items.map { CompiledExpression.format($0, v.type) }.joined(separator: ", ")
            kind = .membership
            text = Self.esc(v.rendered)
            value = Operand(v)
            valueType = v.type
            valueSlot = Self.slot(v)
            list = Self.esc("\(negated ? "not in" : "in") [\(shown)]")
        }
        switch e {
        case .and(let xs):
            kind = .all
            children = xs.map { BecausePlan($0, riskSlots: riskSlots) }
        case .or(let xs):
            kind = .any
            children = xs.map { BecausePlan($0, riskSlots: riskSlots) }
        case .definition(_, let inner):
            kind = .all
            children = [BecausePlan(inner, riskSlots: riskSlots)]
        case .constant(.bool(let b), _):
            text = Array((b ? "always" : "never").utf8)
        case .slot(let s, let name, .bool):
            kind = .boolSlot
            text = Self.esc(name)
            slot = s
        case .compare(let op, let l, let r):
            kind = .comparison
            comparison = ComparisonPlan(op, l, r)
            direct = true
        case .not(let inner):
            switch inner {
            case .compare(let op, let l, let r):
                kind = .comparison
                comparison = ComparisonPlan(op.negated, l, r)
            case .slot(let s, let name, .bool):
                kind = .boolSlot
                text = Self.esc(name)
                slot = s
            case .membership(let v, let items, let negated):
                membership(v, items, negated: !negated)
            default:
                text = Self.esc("not (\(inner.rendered))")
            }
        case .membership(let v, let items, let negated):
            membership(v, items, negated: negated)
        default:
            kind = .valueOf
            text = Self.esc(e.rendered)
            value = Operand(e)
            valueType = e.type
        }
        self.kind = kind
        self.children = children
        self.text = text
        self.slot = slot
        self.comparison = comparison
        self.list = list
        self.value = value
        self.valueType = valueType
        self.valueSlot = valueSlot
        directComparison = direct
    }

    static func esc(_ s: String) -> [UInt8] { JSONWriter.escapedContent(s) }

    static func slot(_ e: CompiledExpression) -> Int? {
        if case .slot(let s, _, _) = e { return s }
        return nil
    }

    /// Whether the condition is true on `frame` (`expression.holds`): an `and` (or definition)
    /// is true when every child is, an `or` when one is — Kleene logic's truth, so unknown
    /// children count as not holding either way.
    func holds(_ frame: borrowing [Value]) -> Bool {
        switch kind {
        case .all:
            for c in children where !c.holds(frame) { return false }
            return true
        case .any:
            for c in children where c.holds(frame) { return true }
            return false
        case .comparison where directComparison:
            let c = comparison.unsafelyUnwrapped
            return CompiledExpression.compare(c.op, c.left.value(frame), c.right.value(frame)) == .bool(true)
        default:
            return expression.holds(frame)
        }
    }

    // MARK: Writing

    /// Writes `[...]`: the facts that make the condition true (empty when it is not).
    public func writeArray(_ frame: borrowing [Value], gapMask: UInt64, into w: inout JSONWriter) {
        w.raw(UInt8(ascii: "["))
        var first = true
        if holds(frame) { writeHolding(frame, gapMask, &w, &first, separator: nil) }
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
        switch kind {
        case .all:
            for c in children { c.writeHolding(frame, gaps, &w, &first, separator: separator) }
        case .any:
            for c in children where c.holds(frame) { c.writeHolding(frame, gaps, &w, &first, separator: separator) }
        default:
            if let separator {
                if !first { w.raw(separator) }
                first = false
                writeAtom(frame, gaps, &w)
            } else {
                if !first { w.raw(UInt8(ascii: ",")) }
                first = false
                w.raw(UInt8(ascii: "\""))
                writeAtom(frame, gaps, &w)
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

    private func writeAtom(_ frame: borrowing [Value], _ gaps: UInt64, _ w: inout JSONWriter) {
        switch kind {
        case .all, .any:
            break
        case .fixed:
            w.raw(text)
        case .boolSlot:
            w.raw(text)
            w.raw(Self.equalsText)
            if case .bool(let b) = frame[slot] { w.raw(b ? "true" : "false") } else { w.raw("unknown") }
            if missing(slot, gaps) { w.raw(Self.missingNote) }
        case .comparison:
            let c = comparison.unsafelyUnwrapped
            let lv = c.left.value(frame), rv = c.right.value(frame)
            let truth = CompiledExpression.compare(c.op, lv, rv)
            if c.op == .equal, c.rightRendered == nil, truth == .bool(true), let lr = c.leftRendered {
                w.raw(lr)
                w.raw(Self.equalsText)
                Self.writeValue(rv, c.rightType, &w)
                if missing(c.leftSlot, gaps) { w.raw(Self.missingNote) }
                return
            }
            if let lr = c.leftRendered {
                w.raw(lr)
                w.raw(UInt8(ascii: " "))
                Self.writeValueForComparison(lv, c.leftType, c.op, rv, truth, &w)
                if missing(c.leftSlot, gaps) { w.raw(Self.missingNote) }
            } else {
                Self.writeValue(lv, c.leftType, &w)
            }
            w.raw(UInt8(ascii: " "))
            w.raw(c.opText)
            w.raw(UInt8(ascii: " "))
            if let rr = c.rightRendered {
                w.raw(rr)
                w.raw(UInt8(ascii: " "))
                Self.writeValue(rv, c.rightType, &w)
                if missing(c.rightSlot, gaps) { w.raw(Self.missingNote) }
            } else {
                Self.writeValue(rv, c.rightType, &w)
            }
        case .membership:
            w.raw(text)
            w.raw(UInt8(ascii: " "))
            Self.writeValue(value.value(frame), valueType, &w)
            if missing(valueSlot, gaps) { w.raw(Self.missingNote) }
            w.raw(UInt8(ascii: " "))
            w.raw(list)
        case .valueOf:
            w.raw(text)
            w.raw(UInt8(ascii: " "))
            Self.writeValue(value.value(frame), valueType, &w)
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
