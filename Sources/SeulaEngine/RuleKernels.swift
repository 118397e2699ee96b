import SeulaCore

/// A chunk's evaluation frames as columns: `values[slot * stride + k]` is slot `slot` of case
/// `k`, as a Double — numbers as themselves, enum values as their index, true/false as 1/0, and
/// *unknown* (`null`) as NaN, which IEEE comparison and arithmetic already treat as "no answer".
struct FrameColumns {
    var count = 0
    var stride = 0
    var values: [Double] = []

    mutating func reset(slots: Int, cases: Int) {
        count = cases
        stride = max(cases, 1)
        let needed = slots * stride
        if values.count < needed { values = Array(repeating: .nan, count: needed) }
    }

    @inline(__always)
    mutating func set(_ slot: Int, _ k: Int, _ v: Value) {
        values[slot * stride + k] = Self.double(v)
    }

    @inline(__always)
    static func double(_ v: Value) -> Double {
        switch v {
        case .null: return .nan
        case .bool(let b): return b ? 1 : 0
        case .number(let x): return x
        case .symbol(let i): return Double(i)
        }
    }
}

/// A condition compiled for whole columns: one pass per comparison over all the chunk's cases,
/// producing two bit masks — *true* and *false*; a case in neither is unknown. The same
/// three-valued logic as `CompiledExpression.evaluate` (and a test holds the two equal):
/// `and` is true where all are true and false where any is false, `or` the reverse, `not`
/// swaps, and a comparison that sees NaN is neither.
final class RuleKernel {
    indirect enum Bool_ {
        case constant(Bool)
        case truth(slot: Int)   // a true/false slot: 1 true, 0 false, NaN unknown
        case compareSlotConstant(ComparisonOperator, slot: Int, Double)
        case compare(ComparisonOperator, Number, Number)
        case membership(Number, [Double], negated: Bool)
        case and([Bool_])
        case or([Bool_])
        case not(Bool_)
    }

    indirect enum Number {
        case slot(Int)
        case constant(Double)
        case arithmetic(ArithmeticOperator, Number, Number)
        case negate(Number)
        case minimum([Number])
        case maximum([Number])
        case truth(Bool_)
    }

    let root: Bool_

    init(_ e: CompiledExpression) {
        root = Self.boolean(e)
    }

    static func boolean(_ e: CompiledExpression) -> Bool_ {
        switch e {
        case .constant(.bool(let b), _): return .constant(b)
        case .slot(let s, _, .bool): return .truth(slot: s)
        case .compare(let op, .slot(let s, _, _), .constant(let v, _)):
            return .compareSlotConstant(op, slot: s, FrameColumns.double(v))
        case .compare(let op, let l, let r): return .compare(op, number(l), number(r))
        case .membership(let x, let items, let negated): return .membership(number(x), items.map(FrameColumns.double), negated: negated)
        case .and(let xs): return .and(xs.map(boolean))
        case .or(let xs): return .or(xs.map(boolean))
        case .not(let x): return .not(boolean(x))
        case .definition(_, let x): return boolean(x)
        default: return .compare(.equal, number(e), .constant(1))   // any other true/false value
        }
    }

    static func number(_ e: CompiledExpression) -> Number {
        switch e {
        case .constant(let v, _): return .constant(FrameColumns.double(v))
        case .slot(let s, _, _): return .slot(s)
        case .negate(let x): return .negate(number(x))
        case .arithmetic(let op, let a, let b, _): return .arithmetic(op, number(a), number(b))
        case .minimum(let xs, _): return .minimum(xs.map(number))
        case .maximum(let xs, _): return .maximum(xs.map(number))
        case .definition(_, let x): return number(x)
        default: return .truth(boolean(e))
        }
    }

    /// Evaluates over the columns; `isTrue`/`isFalse` get `(count + 63) / 64` words.
    func evaluate(_ c: FrameColumns, isTrue: inout [UInt64], isFalse: inout [UInt64]) {
        Self.eval(root, c, &isTrue, &isFalse)
    }

    static func words(_ n: Int) -> Int { (n + 63) / 64 }

    static func eval(_ k: Bool_, _ c: FrameColumns, _ t: inout [UInt64], _ f: inout [UInt64]) {
        let n = c.count
        let w = words(n)
        if t.count < w { t = Array(repeating: 0, count: w) }
        if f.count < w { f = Array(repeating: 0, count: w) }
        switch k {
        case .constant(let b):
            for i in 0..<w { t[i] = b ? ~0 : 0; f[i] = b ? 0 : ~0 }
            maskTail(&t, &f, n)
        case .truth(let slot):
            c.values.withUnsafeBufferPointer { v in
                let base = slot * c.stride
                fill(n, &t, &f) { k in
                    let x = v[base + k]
                    return x.isNaN ? 2 : (x != 0 ? 1 : 0)
                }
            }
        case .compareSlotConstant(let op, let slot, let y):
            c.values.withUnsafeBufferPointer { v in
                let base = slot * c.stride
                switch op {
                case .equal: fill(n, &t, &f) { k in v[base + k].isNaN ? 2 : (v[base + k] == y ? 1 : 0) }
                case .notEqual: fill(n, &t, &f) { k in v[base + k].isNaN ? 2 : (v[base + k] != y ? 1 : 0) }
                case .less: fill(n, &t, &f) { k in v[base + k].isNaN ? 2 : (v[base + k] < y ? 1 : 0) }
                case .lessOrEqual: fill(n, &t, &f) { k in v[base + k].isNaN ? 2 : (v[base + k] <= y ? 1 : 0) }
                case .greater: fill(n, &t, &f) { k in v[base + k].isNaN ? 2 : (v[base + k] > y ? 1 : 0) }
                case .greaterOrEqual: fill(n, &t, &f) { k in v[base + k].isNaN ? 2 : (v[base + k] >= y ? 1 : 0) }
                }
            }
        case .compare(let op, let a, let b):
            let x = number(a, c), y = number(b, c)
            fill(n, &t, &f) { k in
                let l = x[k], r = y[k]
                if l.isNaN || r.isNaN { return 2 }
                let holds: Bool
                switch op {
                case .equal: holds = l == r
                case .notEqual: holds = l != r
                case .less: holds = l < r
                case .lessOrEqual: holds = l <= r
                case .greater: holds = l > r
                case .greaterOrEqual: holds = l >= r
                }
                return holds ? 1 : 0
            }
        case .membership(let a, let items, let negated):
            let x = number(a, c)
            fill(n, &t, &f) { k in
                let v = x[k]
                if v.isNaN { return 2 }
                return items.contains(v) != negated ? 1 : 0
            }
        case .and(let xs), .or(let xs):
            let isAnd: Bool
            if case .and = k { isAnd = true } else { isAnd = false }
            for i in 0..<w { t[i] = isAnd ? ~0 : 0; f[i] = isAnd ? 0 : ~0 }
            var ct: [UInt64] = [], cf: [UInt64] = []
            for x in xs {
                eval(x, c, &ct, &cf)
                for i in 0..<w {
                    if isAnd { t[i] &= ct[i]; f[i] |= cf[i] } else { t[i] |= ct[i]; f[i] &= cf[i] }
                }
            }
            maskTail(&t, &f, n)
        case .not(let x):
            eval(x, c, &f, &t)
        }
    }

    /// Per case: 1 true, 0 false, 2 unknown.
    @inline(__always)
    static func fill(_ n: Int, _ t: inout [UInt64], _ f: inout [UInt64], _ test: (Int) -> UInt8) {
        var k = 0
        var word = 0
        while k < n {
            var tw: UInt64 = 0, fw: UInt64 = 0
            let end = min(n, k + 64)
            var bit: UInt64 = 1
            while k < end {
                switch test(k) {
                case 1: tw |= bit
                case 0: fw |= bit
                default: break
                }
                bit <<= 1
                k += 1
            }
            t[word] = tw
            f[word] = fw
            word += 1
        }
    }

    static func maskTail(_ t: inout [UInt64], _ f: inout [UInt64], _ n: Int) {
        let r = n % 64
        guard r != 0 else { return }
        let last = words(n) - 1
        let keep: UInt64 = (1 << UInt64(r)) - 1
        t[last] &= keep
        f[last] &= keep
    }

    /// A numeric sub-expression as a column of n values (NaN: unknown).
    static func number(_ k: Number, _ c: FrameColumns) -> [Double] {
        let n = c.count
        switch k {
        case .slot(let s):
            return Array(c.values[(s * c.stride)..<(s * c.stride + n)])
        case .constant(let v):
            return Array(repeating: v, count: n)
        case .negate(let x):
            return number(x, c).map { -$0 }
        case .arithmetic(let op, let a, let b):
            let x = number(a, c), y = number(b, c)
            return (0..<n).map { k in
                switch op {
                case .add: return x[k] + y[k]
                case .subtract: return x[k] - y[k]
                case .multiply: return x[k] * y[k]
                case .divide: return y[k] == 0 ? .nan : x[k] / y[k]   // division by zero is unknown
                }
            }
        case .minimum(let xs), .maximum(let xs):
            let larger: Bool
            if case .maximum = k { larger = true } else { larger = false }
            let columns = xs.map { number($0, c) }
            return (0..<n).map { k in
                var best = Double.nan
                for col in columns where !col[k].isNaN {
                    if best.isNaN || (larger ? col[k] > best : col[k] < best) { best = col[k] }
                }
                return best
            }
        case .truth(let b):
            var t: [UInt64] = [], f: [UInt64] = []
            eval(b, c, &t, &f)
            return (0..<n).map { k in
                let bit = UInt64(1) << UInt64(k % 64)
                return t[k / 64] & bit != 0 ? 1 : (f[k / 64] & bit != 0 ? 0 : .nan)
            }
        }
    }
}

/// The rule oracle of the batch path: rule r holds for case k when bit k of its *true* mask is set.
struct MaskOracle: RuleOracle {
    let masks: UnsafePointer<UInt64>
    let wordsPerRule: Int
    let caseIndex: Int

    @inline(__always)
    func holds(_ rule: Int, _ frame: borrowing [Value]) -> Bool {
        masks[rule * wordsPerRule + caseIndex >> 6] & (UInt64(1) << UInt64(caseIndex & 63)) != 0
    }
}
