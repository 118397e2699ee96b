import SeulaJSON

/// Expressions in a criteria file that compare `coping_score` or `risk_score` with a number
/// equal to that axis's threshold (`"has_children and coping_score >= 40"`). Such a number is
/// written in the expression, not read from the threshold, so a tool that moves the threshold
/// leaves it where it was; `tune` lists these so an evaluator can decide whether they should
/// move too.
///
/// A textual check: `NAME OP NUMBER` or `NUMBER OP NAME`, OP one of `>= > <= < == !=`.
public enum ThresholdLiterals {
    public struct Use: Sendable, Equatable {
        public var path: String
        public var expression: String
        public var axis: String
    }

    /// Complexity: O(size of the document).
    public static func find(in document: JSONValue, copingThreshold: Double, riskThreshold: Double) -> [Use] {
        var out: [Use] = []
        func walk(_ v: JSONValue, _ path: String) {
            switch v {
            case .object(let o):
                for m in o.members where !["documentation", "note", "text", "title", "names", "name", "provenance"].contains(m.key) {
                    walk(m.value, path.isEmpty ? m.key : "\(path).\(m.key)")
                }
            case .array(let a):
                for (i, x) in a.enumerated() { walk(x, "\(path)[\(i)]") }
            case .string(let s):
                for (name, threshold) in [("coping_score", copingThreshold), ("risk_score", riskThreshold)]
                where compares(s, name: name, with: threshold) {
                    out.append(Use(path: path, expression: s, axis: name))
                }
            default:
                break
            }
        }
        walk(document, "")
        return out
    }

    static func compares(_ s: String, name: String, with threshold: Double) -> Bool {
        let tokens = tokenize(s)
        let ops: Set<String> = [">=", ">", "<=", "<", "==", "!="]
        for k in tokens.indices where ops.contains(tokens[k]) && k > 0 && k + 1 < tokens.count {
            let (l, r) = (tokens[k - 1], tokens[k + 1])
            if l == name, let x = Double(r), x == threshold { return true }
            if r == name, let x = Double(l), x == threshold { return true }
        }
        return false
    }

    static func tokenize(_ s: String) -> [String] {
        var out: [String] = []
        var current = ""
        func flush() { if !current.isEmpty { out.append(current); current = "" } }
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isLetter || c.isNumber || c == "_" || c == "." {
                current.append(c)
            } else if "<>=!".contains(c) {
                flush()
                if i + 1 < chars.count, chars[i + 1] == "=" { out.append(String([c, "="])); i += 1 } else { out.append(String(c)) }
            } else {
                flush()
            }
            i += 1
        }
        flush()
        return out
    }
}
