/// The syntax tree of a condition or value expression in a criteria file.
///
/// The language is deliberately small and total: no loops, no user functions, no side effects,
/// so every expression terminates and can be explained. Grammar (lowest precedence first):
///
///     expr    := or
///     or      := and ('or' and)*
///     and     := not ('and' not)*
///     not     := 'not' not | compare
///     compare := sum (('==' | '!=' | '<' | '<=' | '>' | '>=') sum | 'not'? 'in' list)?
///     sum     := product (('+' | '-') product)*
///     product := unary (('*' | '/') unary)*
///     unary   := '-' unary | primary
///     primary := number | 'text' | true | false | name ('.' name)* | name '(' expr (',' expr)* ')'
///              | '(' expr ')'
///     list    := '[' (expr (',' expr)*)? ']'
///
/// Strings are single-quoted (`'tuki'`) so conditions read cleanly inside JSON.
public indirect enum SyntaxNode: Sendable, Equatable {
    case number(Double, isInteger: Bool, text: String, column: Int)
    case text(String, column: Int)
    case boolean(Bool, column: Int)
    /// A dotted name: `coping.paying_bills`, `age`, or a definition's name.
    case name(String, column: Int)
    case list([SyntaxNode], column: Int)
    case negate(SyntaxNode, column: Int)
    case arithmetic(ArithmeticOperator, SyntaxNode, SyntaxNode, column: Int)
    case compare(ComparisonOperator, SyntaxNode, SyntaxNode, column: Int)
    case membership(SyntaxNode, SyntaxNode, negated: Bool, column: Int)
    case and(SyntaxNode, SyntaxNode)
    case or(SyntaxNode, SyntaxNode)
    case not(SyntaxNode, column: Int)
    case call(String, [SyntaxNode], column: Int)

    /// The 1-based column where this node starts in the expression text.
    public var column: Int {
        var node = self
        while true {
            switch node {
            case .number(_, _, _, let c), .text(_, let c), .boolean(_, let c), .name(_, let c),
                 .list(_, let c), .negate(_, let c), .arithmetic(_, _, _, let c), .compare(_, _, _, let c),
                 .membership(_, _, _, let c), .not(_, let c), .call(_, _, let c):
                return c
            case .and(let l, _), .or(let l, _):
                node = l
            }
        }
    }

    /// The children of this node, in text order.
    var children: [SyntaxNode] {
        switch self {
        case .number, .text, .boolean, .name: return []
        case .list(let xs, _), .call(_, let xs, _): return xs
        case .negate(let x, _), .not(let x, _): return [x]
        case .arithmetic(_, let a, let b, _), .compare(_, let a, let b, _), .membership(let a, let b, _, _),
             .and(let a, let b), .or(let a, let b):
            return [a, b]
        }
    }
}

public enum ArithmeticOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

public enum ComparisonOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// The operator that holds exactly when this one does not (used to explain a `not`).
    public var negated: ComparisonOperator {
        switch self {
        case .equal: return .notEqual
        case .notEqual: return .equal
        case .less: return .greaterOrEqual
        case .lessOrEqual: return .greater
        case .greater: return .lessOrEqual
        case .greaterOrEqual: return .less
        }
    }
}

/// An error in an expression's text or types: the 1-based column and a plain message.
public struct ExpressionError: Error, Equatable, Sendable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public init(column: Int, _ message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}
