/// The names an expression may use, and the criteria file's named definitions.
public struct SymbolTable: Sendable {
    public private(set) var symbols: [String: Symbol] = [:]
    /// Definitions by name, already parsed (their own errors are reported where they are defined).
    public var definitions: [String: SyntaxNode] = [:]
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
        var best: (String, Int)? = nil
        for c in candidates {
            let d = editDistance(name, c)
            if d <= 3, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }
}

/// Type-checks a parsed expression against a symbol table and resolves it to frame slots.
///
/// Every rule of the language is enforced here, once, when the criteria load, so evaluation
/// can never meet a type it does not expect.
public struct ExpressionCompiler {
    public let symbols: SymbolTable
    /// The latest phase whose names this expression may read.
    public let phase: Phase
    private var definitionStack: [String] = []

    public init(symbols: SymbolTable, phase: Phase) {
        self.symbols = symbols
        self.phase = phase
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
        switch node {
        case .number(let v, let isInteger, _, _):
            return .constant(.number(v), isInteger ? .int : .number)
        case .boolean(let b, _):
            return .constant(.bool(b), .bool)
        case .text(let s, let column):
            throw ExpressionError(column: column, "text '\(s)' can only be compared with a value that has a fixed list of values, e.g. segment == '\(s)'")
        case .list(_, let column):
            throw ExpressionError(column: column, "a list is only allowed after 'in'")
        case .name(let name, let column):
            return try resolve(name, column: column)
        case .negate(let e, let column):
            let c = try compile(e)
            guard c.type.isNumeric else {
                throw ExpressionError(column: column, "'-' needs a number, but this is \(c.type)")
            }
            if case .constant(.number(let v), let t) = c { return .constant(.number(-v), t) }
            return .negate(c)
        case .arithmetic(let op, let a, let b, let column):
            let l = try compile(a), r = try compile(b)
            guard l.type.isNumeric, r.type.isNumeric else {
                let bad = l.type.isNumeric ? r.type : l.type
                throw ExpressionError(column: column, "'\(op.rawValue)' needs numbers on both sides, but one side is \(bad)")
            }
            let type: ValueType = (l.type == .int && r.type == .int && op != .divide) ? .int : .number
            return .arithmetic(op, l, r, type)
        case .compare(let op, let a, let b, let column):
            return try compileComparison(op, a, b, column: column)
        case .membership(let e, let list, let negated, let column):
            return try compileMembership(e, list, negated: negated, column: column)
        case .and(let a, let b):
            return .and(flatten(try compileBool(a, "and"), try compileBool(b, "and"), and: true))
        case .or(let a, let b):
            return .or(flatten(try compileBool(a, "or"), try compileBool(b, "or"), and: false))
        case .not(let e, _):
            return .not(try compileBool(e, "not"))
        case .call(let name, let args, let column):
            guard name == "min" || name == "max" else {
                throw ExpressionError(column: column, "unknown function '\(name)'; the functions are min(...) and max(...)")
            }
            guard args.count >= 2 else {
                throw ExpressionError(column: column, "\(name)(...) needs at least two values")
            }
            var compiled: [CompiledExpression] = []
            var type: ValueType = .int
            for arg in args {
                let c = try compile(arg)
                guard c.type.isNumeric else {
                    throw ExpressionError(column: arg.column, "\(name)(...) takes numbers, but this is \(c.type)")
                }
                if c.type == .number { type = .number }
                compiled.append(c)
            }
            return name == "min" ? .minimum(compiled, type) : .maximum(compiled, type)
        }
    }

    private func flatten(_ a: CompiledExpression, _ b: CompiledExpression, and: Bool) -> [CompiledExpression] {
        var out: [CompiledExpression] = []
        for x in [a, b] {
            switch (x, and) {
            case (.and(let xs), true): out += xs
            case (.or(let xs), false): out += xs
            default: out.append(x)
            }
        }
        return out
    }

    private mutating func compileBool(_ node: SyntaxNode, _ op: String) throws(ExpressionError) -> CompiledExpression {
        let c = try compile(node)
        guard c.type == .bool else {
            throw ExpressionError(column: node.column, "'\(op)' needs true/false values, but this is \(c.type)")
        }
        return c
    }

    private mutating func resolve(_ name: String, column: Int) throws(ExpressionError) -> CompiledExpression {
        if let symbol = symbols[name] {
            guard symbol.phase <= phase else {
                throw ExpressionError(column: column, "'\(name)' is not known yet at \(phase) (it is set during \(symbol.phase))")
            }
            return .slot(symbol.slot, name: name, symbol.type)
        }
        if let definition = symbols.definitions[name] {
            if definitionStack.contains(name) {
                throw ExpressionError(column: column, "definition '\(name)' refers to itself (\((definitionStack + [name]).joined(separator: " -> ")))")
            }
            definitionStack.append(name)
            defer { definitionStack.removeLast() }
            do {
                return .definition(name, try compile(definition))
            } catch {
                throw ExpressionError(column: column, "in definition '\(name)': \(error.message)")
            }
        }
        var message = "unknown name '\(name)'"
        if let s = symbols.suggestion(for: name) { message += " (did you mean '\(s)'?)" }
        throw ExpressionError(column: column, message)
    }

    /// Resolves a text literal against the domain of the other side of a comparison.
    private func enumLiteral(_ text: String, _ domain: EnumDomain, column: Int) throws(ExpressionError) -> CompiledExpression {
        guard let i = domain.index(of: text) else {
            var message = "'\(text)' is not a \(domain.name); expected one of \(domain.values.map { "'\($0)'" }.joined(separator: ", "))"
            if let close = domain.values.min(by: { editDistance(text, $0) < editDistance(text, $1) }),
               editDistance(text, close) <= 3 {
                message += " (did you mean '\(close)'?)"
            }
            throw ExpressionError(column: column, message)
        }
        return .constant(.symbol(i), .enumeration(domain))
    }

    private mutating func compileComparison(_ op: ComparisonOperator, _ a: SyntaxNode, _ b: SyntaxNode, column: Int) throws(ExpressionError) -> CompiledExpression {
        let l: CompiledExpression, r: CompiledExpression
        switch (a, b) {
        case (.text(_, let c1), .text(_, _)):
            throw ExpressionError(column: c1, "this compares two pieces of text; compare a value such as segment with a text")
        case (_, .text(let s, let c)):
            l = try compile(a)
            guard case .enumeration(let d) = l.type else {
                throw ExpressionError(column: c, "'\(s)' is text, but the other side is \(l.type)")
            }
            r = try enumLiteral(s, d, column: c)
        case (.text(let s, let c), _):
            r = try compile(b)
            guard case .enumeration(let d) = r.type else {
                throw ExpressionError(column: c, "'\(s)' is text, but the other side is \(r.type)")
            }
            l = try enumLiteral(s, d, column: c)
        default:
            l = try compile(a)
            r = try compile(b)
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
        if case .constant = l, case .constant = r {
            throw ExpressionError(column: column, "this compares two constants; one side must come from the case")
        }
        return .compare(op, l, r)
    }

    private mutating func compileMembership(_ e: SyntaxNode, _ list: SyntaxNode, negated: Bool, column: Int) throws(ExpressionError) -> CompiledExpression {
        let value = try compile(e)
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
                if case .constant(let v, _) = try enumLiteral(s, d, column: c) { values.append(v) }
            case (.number(let v, _, _, _), let t) where t.isNumeric:
                values.append(.number(v))
            case (.negate(.number(let v, _, _, _), _), let t) where t.isNumeric:
                values.append(.number(-v))
            case (.boolean(let b, _), .bool):
                values.append(.bool(b))
            default:
                throw ExpressionError(column: item.column, "list items after 'in' must be constants of the same kind as the value (\(value.type))")
            }
        }
        return .membership(value, values, negated: negated)
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
