/// The names an expression may use, and the criteria file's named definitions.
public struct SymbolTable: Sendable {
    public private(set) var symbols: [String: Symbol] = [:]
    /// Definitions by name, already parsed (their own errors are reported where they are defined).
    /// Set by the loader, which then compiles them once (`compileDefinitions`).
    public internal(set) var definitions: [String: SyntaxNode] = [:]
    /// Each definition compiled once (or why it cannot be), shared by every expression that uses
    /// it: filled by the loader (`compileDefinitions()`), so no rule compiles a definition again.
    var compiledDefinitions: [String: Result<CompiledDefinition, DefinitionFailure>] = [:]
    /// Names in the order they were added, for stable "did you mean" and documentation.
    public private(set) var orderedNames: [String] = []

    public init() {}

    public mutating func add(_ symbol: Symbol) {
        if symbols[symbol.name] == nil { orderedNames.append(symbol.name) }
        symbols[symbol.name] = symbol
    }

    public subscript(name: String) -> Symbol? { symbols[name] }

    public var slotCount: Int { (symbols.values.map(\.slot).max() ?? -1) + 1 }

    /// The known name closest to `name` (edit distance ≤ 3), for "did you mean" hints.
    public func suggestion(for name: String) -> String? {
        let candidates = orderedNames + definitions.keys.sorted()
        let length = name.unicodeScalars.count
        var best: (String, Int)? = nil
        for c in candidates where abs(c.unicodeScalars.count - length) <= 3 {   // else the distance is over 3
            let d = editDistance(name, c)
            if d <= 3, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// Compiles every definition once, in dependency order, and keeps the results: afterwards
    /// an expression that uses a definition shares its compiled form instead of compiling it
    /// again. Returns each definition's error, by name.
    ///
    /// Complexity: O(total size of the definitions' text).
    @discardableResult
    public mutating func compileDefinitions(order: [String]? = nil) -> [String: ExpressionError] {
        var compiler = ExpressionCompiler(symbols: self, phase: .final)
        var errors: [String: ExpressionError] = [:]
        var names: [String] = []
        var listed = Set<String>()
        for name in (order ?? []) + definitions.keys.sorted() where definitions[name] != nil && listed.insert(name).inserted {
            names.append(name)
        }
        for name in names {
            do {
                _ = try compiler.compile(.name(name, column: 1))
            } catch {
                errors[name] = error
            }
        }
        let compiled = compiler.definitionsCompiled
        compiledDefinitions = compiled
        return errors
    }
}

/// A definition compiled once: its expression (`.definition(name, body)`), what the interval
/// analysis found, and the latest phase whose names it reads.
struct CompiledDefinition: Sendable {
    var expression: CompiledExpression
    var range: NumericRange?
    /// Parts with every definition expanded, and how deep they nest (as evaluated).
    var size: Int
    var depth: Int
    /// Definitions inside definitions: 1 for a definition that uses none.
    var nesting: Int
    /// The latest phase of a name it reads (through its own definitions too), and that name.
    var phase: Phase
    var phaseName: String
}

/// Why a definition cannot be used: the definition where the problem is, and the problem.
struct DefinitionFailure: Error, Sendable {
    var definition: String
    var message: String
}

/// Type-checks a parsed expression against a symbol table and resolves it to frame slots.
///
/// Every rule of the language is enforced here, once, when the criteria load, so evaluation
/// can never meet a type it does not expect — nor a number it cannot represent exactly: an
/// interval analysis gives every numeric part the range of values it can take (from the ranges
/// of the names, `Symbol.range`) and refuses any part that could leave ±2^53, and any division
/// whose quotient has no bound. Definitions are compiled once each and shared; the expanded
/// expression is limited in size and depth (`CriteriaLimits`).
public struct ExpressionCompiler {
    public let symbols: SymbolTable
    /// The latest phase whose names this expression may read.
    public let phase: Phase
    /// Definitions being compiled, outermost first (to name a cycle).
    private var definitionStack: [String] = []
    /// Definitions compiled so far, seeded from the table's: each is compiled once.
    private var compiledDefinitions: [String: Result<CompiledDefinition, DefinitionFailure>]
    /// The failed definition the last error came through: a definition that uses a broken one
    /// fails with the same root problem (messages never nest along a chain).
    private var failedThrough: DefinitionFailure? = nil

    public init(symbols: SymbolTable, phase: Phase) {
        self.symbols = symbols
        self.phase = phase
        compiledDefinitions = symbols.compiledDefinitions
    }

    var definitionsCompiled: [String: Result<CompiledDefinition, DefinitionFailure>] { compiledDefinitions }

    /// A compiled part with what the checks need: its range when it is a number, its size and
    /// depth with definitions expanded, and how deeply definitions nest in it.
    struct Typed {
        var expr: CompiledExpression
        var range: NumericRange? = nil
        var size = 1
        var depth = 1
        var nesting = 0
        /// The latest phase read inside definitions (names outside are checked where they are).
        var phase = Phase.intake
        var phaseName = ""
        var type: ValueType { expr.type }
    }

    /// Parses and compiles `text`, requiring a true/false result.
    public static func compileCondition(_ text: String, symbols: SymbolTable, phase: Phase) throws(ExpressionError) -> CompiledExpression {
        let node = try ExpressionParser.parse(text)
        var compiler = ExpressionCompiler(symbols: symbols, phase: phase)
        let compiled = try compiler.compile(node)
        guard compiled.type == .bool else {
            throw ExpressionError(column: node.column, "a condition must be true or false, but this is \(compiled.type)")
        }
        return compiled
    }

    public mutating func compile(_ node: SyntaxNode) throws(ExpressionError) -> CompiledExpression {
        try typed(node).expr
    }

    // MARK: Checks

    private static let exact = CriteriaLimits.exactMagnitude

    /// A literal within ±2^53; a whole number is judged by its digits (9007199254740993 reads
    /// as the Double 2^53, but is beyond it).
    private static func isExact(_ v: Double, isInteger: Bool, text: String) -> Bool {
        if isInteger { return UInt64(text).map { $0 <= UInt64(1) << 53 } ?? false }
        return v.isFinite && abs(v) <= exact
    }
    private static let exactText = "±9007199254740992 (2^53, the largest range in which every whole number is exact)"

    /// Combines children into a parent part: sizes add, the depth is one more than the deepest,
    /// and the expanded limits are checked here, so a part too large is refused where it grows.
    private func combine(_ expr: CompiledExpression, _ children: [Typed], range: NumericRange? = nil, column: Int) throws(ExpressionError) -> Typed {
        var t = Typed(expr: expr, range: range)
        for c in children {
            t.size += c.size
            t.depth = max(t.depth, c.depth + 1)
            t.nesting = max(t.nesting, c.nesting)
            if c.phase > t.phase { t.phase = c.phase; t.phaseName = c.phaseName }
        }
        try checkExpanded(t, column: column)
        return t
    }

    private func checkExpanded(_ t: Typed, column: Int) throws(ExpressionError) {
        if t.size > CriteriaLimits.maxExpandedSize {
            throw ExpressionError(column: column, "with its definitions expanded this has more than \(CriteriaLimits.maxExpandedSize) parts (\(t.size)); an expression may have at most \(CriteriaLimits.maxExpandedSize): define a shorter condition, or split it into rules")
        }
        if t.depth > CriteriaLimits.maxExpandedDepth {
            throw ExpressionError(column: column, "with its definitions expanded this nests \(t.depth) levels deep; at most \(CriteriaLimits.maxExpandedDepth) are allowed")
        }
    }

    /// Refuses a numeric part whose values could leave ±2^53.
    private func checkRange(_ t: Typed, _ what: @autoclosure () -> String, column: Int) throws(ExpressionError) {
        guard let r = t.range, !r.isWithin(Self.exact) else { return }
        throw ExpressionError(column: column, "\(what()) can be \(r.magnitude.isFinite ? "as large as \(NumericRange.text(r.lower < -Self.exact ? r.lower : r.upper))" : "without bound"), beyond \(Self.exactText); every number in an expression must stay within it")
    }

    /// " (age is 0…120; …)": the ranges of the parts that are not constants.
    private func rangeText(_ parts: [Typed]) -> String {
        let texts = parts.compactMap { t -> String? in
            guard let r = t.range, !t.expr.isConstant else { return nil }
            return "\(t.expr.rendered) is \(r)"
        }
        return texts.isEmpty ? "" : " (\(texts.joined(separator: "; ")))"
    }

    // MARK: Compiling

    private mutating func typed(_ node: SyntaxNode) throws(ExpressionError) -> Typed {
        switch node {
        case .number(let v, let isInteger, let text, let column):
            guard Self.isExact(v, isInteger: isInteger, text: text) else {
                throw ExpressionError(column: column, "the number \(text) is beyond \(Self.exactText)")
            }
            return Typed(expr: .constant(.number(v), isInteger ? .int : .number), range: .exactly(v))
        case .boolean(let b, _):
            return Typed(expr: .constant(.bool(b), .bool))
        case .text(let s, let column):
            throw ExpressionError(column: column, "text '\(s)' can only be compared with a value that has a fixed list of values, e.g. segment == '\(s)'")
        case .list(_, let column):
            throw ExpressionError(column: column, "a list is only allowed after 'in'")
        case .name(let name, let column):
            return try resolve(name, column: column)
        case .negate(let e, let column):
            let c = try typed(e)
            guard c.type.isNumeric else {
                throw ExpressionError(column: column, "'-' needs a number, but this is \(c.type)")
            }
            if case .constant(.number(let v), let t) = c.expr { return Typed(expr: .constant(.number(-v), t), range: .exactly(-v)) }
            return try combine(.negate(c.expr), [c], range: c.range.map { -$0 }, column: column)
        case .arithmetic(let op, let a, let b, let column):
            let l = try typed(a), r = try typed(b)
            guard l.type.isNumeric, r.type.isNumeric else {
                let bad = l.type.isNumeric ? r.type : l.type
                throw ExpressionError(column: column, "'\(op.rawValue)' needs numbers on both sides, but one side is \(bad)")
            }
            let type: ValueType = (l.type == .int && r.type == .int && op != .divide) ? .int : .number
            let range = try arithmeticRange(op, l, r, column: column)
            let t = try combine(.arithmetic(op, l.expr, r.expr, type), [l, r], range: range, column: column)
            try checkRange(t, "\(t.expr.rendered)\(rangeText([l, r]))", column: column)
            return t
        case .compare(let op, let a, let b, let column):
            return try compileComparison(op, a, b, column: column)
        case .membership(let e, let list, let negated, let column):
            return try compileMembership(e, list, negated: negated, column: column)
        case .and, .or:
            return try compileLogic(node)
        case .not(let e, let column):
            let c = try compileBool(e, "not")
            return try combine(.not(c.expr), [c], column: column)
        case .call(let name, let args, let column):
            guard name == "min" || name == "max" else {
                throw ExpressionError(column: column, "unknown function '\(name)'; the functions are min(...) and max(...)")
            }
            guard args.count >= 2 else {
                throw ExpressionError(column: column, "\(name)(...) needs at least two values")
            }
            var compiled: [Typed] = []
            var type: ValueType = .int
            for arg in args {
                let c = try typed(arg)
                guard c.type.isNumeric else {
                    throw ExpressionError(column: arg.column, "\(name)(...) takes numbers, but this is \(c.type)")
                }
                if c.type == .number { type = .number }
                compiled.append(c)
            }
            let exprs = compiled.map(\.expr)
            let range = NumericRange.hull(compiled.map { $0.range ?? Self.fallbackRange })
            return try combine(name == "min" ? .minimum(exprs, type) : .maximum(exprs, type), compiled, range: range, column: column)
        }
    }

    private static let fallbackRange = NumericRange(-Double(CriteriaLimits.maxCount), Double(CriteriaLimits.maxCount))

    /// The range of `l op r`; nil never (a number always has one), but a division whose quotient
    /// has no bound is refused.
    private func arithmeticRange(_ op: ArithmeticOperator, _ l: Typed, _ r: Typed, column: Int) throws(ExpressionError) -> NumericRange {
        let a = l.range ?? Self.fallbackRange, b = r.range ?? Self.fallbackRange
        switch op {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide:
            guard let q = NumericRange.quotient(a, b, divisorIsWhole: r.type == .int) else {
                throw ExpressionError(column: column, "'/' divides by \(r.expr.rendered), which is \(b) and can come as close to 0 as it likes, so the quotient has no bound; divide by a whole number (dividing by 0 gives unknown) or by a value that cannot reach 0")
            }
            return q
        }
    }

    /// An `and`/`or` chain, however long, as one flat list: the operands are collected without
    /// recursion (the parser builds long chains as balanced trees; parentheses do not matter).
    private mutating func compileLogic(_ node: SyntaxNode) throws(ExpressionError) -> Typed {
        let isAnd: Bool
        if case .and = node { isAnd = true } else { isAnd = false }
        var operands: [SyntaxNode] = []
        var pending: [SyntaxNode] = [node]
        while let n = pending.popLast() {
            switch (n, isAnd) {
            case (.and(let a, let b), true), (.or(let a, let b), false):
                pending.append(b)
                pending.append(a)
            default:
                operands.append(n)
            }
        }
        var parts: [Typed] = []
        var exprs: [CompiledExpression] = []
        for operand in operands {
            let c = try compileBool(operand, isAnd ? "and" : "or")
            parts.append(c)
            switch (c.expr, isAnd) {
            case (.and(let xs), true), (.or(let xs), false): exprs += xs
            default: exprs.append(c.expr)
            }
        }
        return try combine(isAnd ? .and(exprs) : .or(exprs), parts, column: node.column)
    }

    private mutating func compileBool(_ node: SyntaxNode, _ op: String) throws(ExpressionError) -> Typed {
        let c = try typed(node)
        guard c.type == .bool else {
            throw ExpressionError(column: node.column, "'\(op)' needs true/false values, but this is \(c.type)")
        }
        return c
    }

    private mutating func resolve(_ name: String, column: Int) throws(ExpressionError) -> Typed {
        if let symbol = symbols[name] {
            guard symbol.phase <= phase else {
                throw ExpressionError(column: column, "'\(name)' is not known yet at \(phase) (it is set during \(symbol.phase))")
            }
            let range = symbol.type.isNumeric ? (symbol.range ?? Self.fallbackRange) : nil
            return Typed(expr: .slot(symbol.slot, name: name, symbol.type), range: range, phase: symbol.phase, phaseName: name)
        }
        if symbols.definitions[name] != nil {
            if compiledDefinitions[name] == nil {
                if definitionStack.contains(name) {
                    throw ExpressionError(column: column, "definition '\(name)' refers to itself (\((definitionStack + [name]).joined(separator: " -> ")))")
                }
                compileDefinitions(from: name)
            }
            switch compiledDefinitions[name]! {
            case .success(let d):
                guard d.phase <= phase else {
                    throw ExpressionError(column: column, "in definition '\(name)': '\(d.phaseName)' is not known yet at \(phase) (it is set during \(d.phase))")
                }
                return Typed(expr: d.expression, range: d.range, size: d.size, depth: d.depth, nesting: d.nesting,
                             phase: d.phase, phaseName: d.phaseName)
            case .failure(let f):
                failedThrough = f
                let inner = f.definition == name ? "" : "in definition '\(f.definition)': "
                throw ExpressionError(column: column, "in definition '\(name)': \(inner)\(f.message)")
            }
        }
        var message = "unknown name '\(name)'"
        if let s = symbols.suggestion(for: name) { message += " (did you mean '\(s)'?)" }
        throw ExpressionError(column: column, message)
    }

    /// Compiles definition `root` and every definition it depends on that is not compiled yet,
    /// dependencies first, without recursion (a chain of thousands of definitions costs a loop,
    /// not the call stack): each body is compiled once, and uses of a compiled definition
    /// share its result.
    private mutating func compileDefinitions(from root: String) {
        let saved = definitionStack
        var stack: [(name: String, dependencies: [String], next: Int)] = [(root, dependencies(of: root), 0)]
        var onPath: Set<String> = [root]
        definitionStack.append(root)   // the path, kept in step with `stack`, for cycle messages
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].next < stack[top].dependencies.count {
                let d = stack[top].dependencies[stack[top].next]
                stack[top].next += 1
                if compiledDefinitions[d] != nil || onPath.contains(d) { continue }   // done, or a cycle (reported when compiled)
                stack.append((d, dependencies(of: d), 0))
                onPath.insert(d)
                definitionStack.append(d)
                continue
            }
            let name = stack[top].name
            compiledDefinitions[name] = compileDefinitionBody(name)
            stack.removeLast()
            definitionStack.removeLast()
            onPath.remove(name)
        }
        definitionStack = saved
    }

    /// The definitions a definition's text names, in order (without recursion).
    private func dependencies(of name: String) -> [String] {
        guard let body = symbols.definitions[name] else { return [] }
        var out: [String] = []
        var pending: [SyntaxNode] = [body]
        while let n = pending.popLast() {
            switch n {
            case .name(let x, _):
                if symbols[x] == nil, symbols.definitions[x] != nil, !out.contains(x) { out.append(x) }
            case .number, .text, .boolean: break
            case .list(let xs, _): pending += xs.reversed()
            case .negate(let x, _), .not(let x, _): pending.append(x)
            case .arithmetic(_, let a, let b, _), .compare(_, let a, let b, _), .membership(let a, let b, _, _),
                 .and(let a, let b), .or(let a, let b):
                pending.append(b)
                pending.append(a)
            case .call(_, let xs, _): pending += xs.reversed()
            }
        }
        return out
    }

    /// One definition's body, compiled with every name allowed (each use checks the phase); the
    /// definitions it uses are already compiled (or on the path: a cycle).
    private mutating func compileDefinitionBody(_ name: String) -> Result<CompiledDefinition, DefinitionFailure> {
        guard let body = symbols.definitions[name] else {
            return .failure(DefinitionFailure(definition: name, message: "is not defined"))
        }
        var inner = ExpressionCompiler(symbols: symbols, phase: .final)
        inner.compiledDefinitions = compiledDefinitions
        inner.definitionStack = definitionStack
        do {
            let t = try inner.typed(body)
            let nesting = t.nesting + 1
            if nesting > CriteriaLimits.maxDefinitionNesting {
                return .failure(DefinitionFailure(definition: name, message: "definitions are nested \(nesting) deep here (a definition using a definition using …); at most \(CriteriaLimits.maxDefinitionNesting) levels are allowed"))
            }
            let wrapped = Typed(expr: .definition(name, t.expr), range: t.range, size: t.size, depth: t.depth + 1,
                                nesting: nesting, phase: t.phase, phaseName: t.phaseName)
            do {
                try checkExpanded(wrapped, column: 1)
            } catch {
                return .failure(DefinitionFailure(definition: name, message: error.message))
            }
            return .success(CompiledDefinition(expression: wrapped.expr, range: wrapped.range, size: wrapped.size,
                                               depth: wrapped.depth, nesting: nesting, phase: wrapped.phase, phaseName: wrapped.phaseName))
        } catch {
            return .failure(inner.failedThrough ?? DefinitionFailure(definition: name, message: error.message))
        }
    }

    /// Resolves a text literal against the domain of the other side of a comparison.
    private func enumLiteral(_ text: String, _ domain: EnumDomain, column: Int) throws(ExpressionError) -> Typed {
        guard let i = domain.index(of: text) else {
            var message = "'\(text)' is not a \(domain.name); expected one of \(domain.values.map { "'\($0)'" }.joined(separator: ", "))"
            if let close = domain.values.min(by: { editDistance(text, $0) < editDistance(text, $1) }),
               editDistance(text, close) <= 3 {
                message += " (did you mean '\(close)'?)"
            }
            throw ExpressionError(column: column, message)
        }
        return Typed(expr: .constant(.symbol(i), .enumeration(domain)))
    }

    private mutating func compileComparison(_ op: ComparisonOperator, _ a: SyntaxNode, _ b: SyntaxNode, column: Int) throws(ExpressionError) -> Typed {
        let l: Typed, r: Typed
        switch (a, b) {
        case (.text(_, let c1), .text(_, _)):
            throw ExpressionError(column: c1, "this compares two pieces of text; compare a value such as segment with a text")
        case (_, .text(let s, let c)):
            l = try typed(a)
            guard case .enumeration(let d) = l.type else {
                throw ExpressionError(column: c, "'\(s)' is text, but the other side is \(l.type)")
            }
            r = try enumLiteral(s, d, column: c)
        case (.text(let s, let c), _):
            r = try typed(b)
            guard case .enumeration(let d) = r.type else {
                throw ExpressionError(column: c, "'\(s)' is text, but the other side is \(r.type)")
            }
            l = try enumLiteral(s, d, column: c)
        default:
            l = try typed(a)
            r = try typed(b)
        }
        switch (l.type, r.type) {
        case (let x, let y) where x.isNumeric && y.isNumeric:
            break
        case (.enumeration(let d1), .enumeration(let d2)) where d1 == d2:
            if op != .equal && op != .notEqual && !d1.ordered {
                throw ExpressionError(column: column, "\(d1.name) values have no order; use == or != (or 'in')")
            }
        case (.bool, .bool):
            if op != .equal && op != .notEqual {
                throw ExpressionError(column: column, "true/false values can only be compared with == or !=")
            }
        default:
            throw ExpressionError(column: column, "cannot compare \(l.type) with \(r.type)")
        }
        if case .constant = l.expr, case .constant = r.expr {
            throw ExpressionError(column: column, "this compares two constants; one side must come from the case")
        }
        return try combine(.compare(op, l.expr, r.expr), [l, r], column: column)
    }

    private mutating func compileMembership(_ e: SyntaxNode, _ list: SyntaxNode, negated: Bool, column: Int) throws(ExpressionError) -> Typed {
        let value = try typed(e)
        guard case .list(let items, let listColumn) = list else {
            throw ExpressionError(column: list.column, "expected a list after 'in'")
        }
        guard !items.isEmpty else {
            throw ExpressionError(column: listColumn, "the list after 'in' is empty")
        }
        var values: [Value] = []
        for item in items {
            switch (item, value.type) {
            case (.text(let s, let c), .enumeration(let d)):
                if case .constant(let v, _) = try enumLiteral(s, d, column: c).expr { values.append(v) }
            case (.number(let v, let isInteger, let text, let c), let t) where t.isNumeric:
                guard Self.isExact(v, isInteger: isInteger, text: text) else {
                    throw ExpressionError(column: c, "the number \(text) is beyond \(Self.exactText)")
                }
                values.append(.number(v))
            case (.negate(.number(let v, let isInteger, let text, let c), _), let t) where t.isNumeric:
                guard Self.isExact(v, isInteger: isInteger, text: text) else {
                    throw ExpressionError(column: c, "the number -\(text) is beyond \(Self.exactText)")
                }
                values.append(.number(-v))
            case (.boolean(let b, _), .bool):
                values.append(.bool(b))
            default:
                throw ExpressionError(column: item.column, "list items after 'in' must be constants of the same kind as the value (\(value.type))")
            }
        }
        var t = try combine(.membership(value.expr, values, negated: negated), [value], column: column)
        t.size += values.count
        try checkExpanded(t, column: column)
        return t
    }
}

/// Levenshtein distance on Unicode scalars; used only for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}
