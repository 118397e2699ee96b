/// Turns expression text into a `SyntaxNode` tree; every error carries its 1-based column.
///
/// Complexity: O(n) in the length of the text. The tree is limited to `maxDepth` levels and
/// `maxSize` parts (`CriteriaLimits`), so a hostile criteria file cannot overflow the stack or
/// make a tree too large to check: parentheses, `not`, unary `-` and each operator of a
/// `+ - * /` chain add a level; an `and`/`or` chain is built as a balanced tree (the compiler
/// flattens it into one list), so a long list of conditions costs a few levels, not one each.
public struct ExpressionParser {
    public static let maxDepth = CriteriaLimits.maxTextDepth
    public static let maxSize = CriteriaLimits.maxTextSize

    private enum Token: Equatable {
        case number(Double, isInteger: Bool, text: String)
        case text(String)
        case name(String)
        case symbol(String)   // ( ) [ ] , + - * / == != < <= > >=
        case end
    }

    private let source: [Unicode.Scalar]
    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0
    private var depth = 0
    /// Parts made so far.
    private var size = 0

    /// Parses `text` as one complete expression.
    public static func parse(_ text: String) throws(ExpressionError) -> SyntaxNode {
        var parser = ExpressionParser(source: Array(text.unicodeScalars))
        try parser.tokenize()
        let node = try parser.parseOr()
        guard case .end = parser.current.token else {
            throw ExpressionError(column: parser.current.column,
                                  "unexpected \(parser.describe(parser.current.token)) after a complete expression")
        }
        try checkDepth(node)
        return node
    }

    /// Refuses a tree deeper than `maxDepth`, walking it without recursion.
    static func checkDepth(_ root: SyntaxNode) throws(ExpressionError) {
        var pending: [(SyntaxNode, Int)] = [(root, 1)]
        while let (node, level) = pending.popLast() {
            if level > maxDepth {
                throw ExpressionError(column: node.column, "expression nested deeper than \(maxDepth) levels (each parenthesis, 'not', '-' and each further operator in a row of + - * / adds one)")
            }
            for c in node.children { pending.append((c, level + 1)) }
        }
    }

    /// Counts one more part of the tree.
    private mutating func made() throws(ExpressionError) {
        size += 1
        if size > Self.maxSize {
            throw ExpressionError(column: current.column, "expression has more than \(Self.maxSize) parts")
        }
    }

    /// A balanced tree of `and` (or `or`) over the operands, in order: the same list once
    /// flattened, at a depth of log₂ n.
    private static func balanced(_ xs: ArraySlice<SyntaxNode>, and: Bool) -> SyntaxNode {
        if xs.count == 1 { return xs.first! }
        let mid = xs.startIndex + xs.count / 2
        let l = balanced(xs[xs.startIndex..<mid], and: and), r = balanced(xs[mid...], and: and)
        return and ? .and(l, r) : .or(l, r)
    }

    private init(source: [Unicode.Scalar]) {
        self.source = source
    }

    private var current: (token: Token, column: Int) { tokens[position] }

    private func describe(_ token: Token) -> String {
        switch token {
        case .number(_, _, let t): return "number \(t)"
        case .text(let s): return "text '\(s)'"
        case .name(let n): return "'\(n)'"
        case .symbol(let s): return "'\(s)'"
        case .end: return "end of expression"
        }
    }

    // MARK: Lexing

    private mutating func tokenize() throws(ExpressionError) {
        var i = 0
        func isNameStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
        }
        func isNamePart(_ c: Unicode.Scalar) -> Bool {
            isNameStart(c) || (c >= "0" && c <= "9")
        }
        while i < source.count {
            let c = source[i]
            let column = i + 1
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
                continue
            }
            if c >= "0" && c <= "9" {
                var j = i
                var isInteger = true
                while j < source.count, source[j] >= "0" && source[j] <= "9" { j += 1 }
                if j < source.count, source[j] == "." {
                    isInteger = false
                    j += 1
                    let fractionStart = j
                    while j < source.count, source[j] >= "0" && source[j] <= "9" { j += 1 }
                    if j == fractionStart {
                        throw ExpressionError(column: j + 1, "expected a digit after the decimal point")
                    }
                }
                if j < source.count, isNameStart(source[j]) {
                    throw ExpressionError(column: j + 1, "unexpected '\(source[j])' in a number")
                }
                let text = String(String.UnicodeScalarView(source[i..<j]))
                guard let value = Double(text) else {
                    throw ExpressionError(column: column, "invalid number \(text)")
                }
                tokens.append((.number(value, isInteger: isInteger, text: text), column))
                i = j
                continue
            }
            if isNameStart(c) {
                var j = i
                // Dotted names are one token: `coping.paying_bills`.
                while j < source.count, isNamePart(source[j]) || (source[j] == "." && j + 1 < source.count && isNameStart(source[j + 1])) {
                    j += 1
                }
                tokens.append((.name(String(String.UnicodeScalarView(source[i..<j]))), column))
                i = j
                continue
            }
            if c == "'" {
                var j = i + 1
                var scalars = String.UnicodeScalarView()
                while j < source.count, source[j] != "'" {
                    scalars.append(source[j])
                    j += 1
                }
                if j >= source.count {
                    throw ExpressionError(column: column, "text starting here has no closing quote (')")
                }
                tokens.append((.text(String(scalars)), column))
                i = j + 1
                continue
            }
            let two = i + 1 < source.count ? String(String.UnicodeScalarView([c, source[i + 1]])) : ""
            if ["==", "!=", "<=", ">="].contains(two) {
                tokens.append((.symbol(two), column))
                i += 2
                continue
            }
            if "()[],+-*/<>".unicodeScalars.contains(c) {
                tokens.append((.symbol(String(c)), column))
                i += 1
                continue
            }
            if c == "=" {
                throw ExpressionError(column: column, "'=' is not an operator here; write '==' to compare")
            }
            if c == "\"" {
                throw ExpressionError(column: column, "write text in single quotes ('like this')")
            }
            throw ExpressionError(column: column, "unexpected character '\(c)'")
        }
        tokens.append((.end, source.count + 1))
    }

    // MARK: Parsing

    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func isSymbol(_ s: String) -> Bool {
        if case .symbol(let t) = current.token { return t == s }
        return false
    }

    private func isKeyword(_ k: String) -> Bool {
        if case .name(let n) = current.token { return n == k }
        return false
    }

    private mutating func expect(_ s: String, _ context: String) throws(ExpressionError) {
        guard isSymbol(s) else {
            throw ExpressionError(column: current.column, "expected '\(s)' \(context), found \(describe(current.token))")
        }
        advance()
    }

    private mutating func enter() throws(ExpressionError) {
        depth += 1
        if depth > Self.maxDepth {
            throw ExpressionError(column: current.column, "expression nested deeper than \(Self.maxDepth) levels")
        }
    }

    private mutating func parseOr() throws(ExpressionError) -> SyntaxNode {
        try enter()
        defer { depth -= 1 }
        var operands = [try parseAnd()]
        while isKeyword("or") {
            advance()
            try made()
            operands.append(try parseAnd())
        }
        return Self.balanced(operands[...], and: false)
    }

    private mutating func parseAnd() throws(ExpressionError) -> SyntaxNode {
        var operands = [try parseNot()]
        while isKeyword("and") {
            advance()
            try made()
            operands.append(try parseNot())
        }
        return Self.balanced(operands[...], and: true)
    }

    private mutating func parseNot() throws(ExpressionError) -> SyntaxNode {
        if isKeyword("not") {
            let column = current.column
            advance()
            try enter()
            defer { depth -= 1 }
            try made()
            return .not(try parseNot(), column: column)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws(ExpressionError) -> SyntaxNode {
        let left = try parseSum()
        let column = current.column
        if case .symbol(let s) = current.token, let op = ComparisonOperator(rawValue: s) {
            advance()
            try made()
            let right = try parseSum()
            if case .symbol(let s2) = current.token, ComparisonOperator(rawValue: s2) != nil {
                throw ExpressionError(column: current.column, "comparisons cannot be chained; join them with 'and'")
            }
            return .compare(op, left, right, column: column)
        }
        if isKeyword("in") {
            advance()
            try made()
            return .membership(left, try parseList(), negated: false, column: column)
        }
        if isKeyword("not"), position + 1 < tokens.count, case .name("in") = tokens[position + 1].token {
            advance()
            advance()
            try made()
            return .membership(left, try parseList(), negated: true, column: column)
        }
        return left
    }

    private mutating func parseList() throws(ExpressionError) -> SyntaxNode {
        let column = current.column
        try expect("[", "to start the list after 'in'")
        try made()
        var items: [SyntaxNode] = []
        if !isSymbol("]") {
            items.append(try parseOr())
            while isSymbol(",") {
                advance()
                items.append(try parseOr())
            }
        }
        try expect("]", "to close the list")
        return .list(items, column: column)
    }

    private mutating func parseSum() throws(ExpressionError) -> SyntaxNode {
        var left = try parseProduct()
        while case .symbol(let s) = current.token, s == "+" || s == "-" {
            let column = current.column
            advance()
            try made()
            left = .arithmetic(ArithmeticOperator(rawValue: s)!, left, try parseProduct(), column: column)
        }
        return left
    }

    private mutating func parseProduct() throws(ExpressionError) -> SyntaxNode {
        var left = try parseUnary()
        while case .symbol(let s) = current.token, s == "*" || s == "/" {
            let column = current.column
            advance()
            try made()
            left = .arithmetic(ArithmeticOperator(rawValue: s)!, left, try parseUnary(), column: column)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> SyntaxNode {
        if isSymbol("-") {
            let column = current.column
            advance()
            try enter()
            defer { depth -= 1 }
            try made()
            return .negate(try parseUnary(), column: column)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionError) -> SyntaxNode {
        let (token, column) = current
        try made()
        switch token {
        case .number(let v, let isInteger, let text):
            advance()
            return .number(v, isInteger: isInteger, text: text, column: column)
        case .text(let s):
            advance()
            return .text(s, column: column)
        case .name(let n):
            if ["and", "or", "not", "in"].contains(n) {
                throw ExpressionError(column: column, "expected a value, found the keyword '\(n)'")
            }
            advance()
            if n == "true" || n == "false" { return .boolean(n == "true", column: column) }
            if isSymbol("(") {
                advance()
                var args: [SyntaxNode] = []
                if !isSymbol(")") {
                    args.append(try parseOr())
                    while isSymbol(",") {
                        advance()
                        args.append(try parseOr())
                    }
                }
                try expect(")", "to close the arguments of \(n)(")
                return .call(n, args, column: column)
            }
            return .name(n, column: column)
        case .symbol("("):
            advance()
            let inner = try parseOr()
            try expect(")", "to close the '(' at column \(column)")
            return inner
        case .symbol("["):
            throw ExpressionError(column: column, "a list is only allowed after 'in'")
        case .symbol(let s):
            throw ExpressionError(column: column, "expected a value, found '\(s)'")
        case .end:
            throw ExpressionError(column: column, "expected a value, found the end of the expression")
        }
    }
}
