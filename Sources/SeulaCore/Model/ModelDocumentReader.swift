import SeulaJSON

/// Reads typed members out of a criteria document, collecting an issue (with its JSON path)
/// for every problem instead of stopping at the first.
struct ModelDocumentReader {
    private(set) var issues: [ModelIssue] = []

    mutating func issue(_ path: String, _ message: String) {
        issues.append(ModelIssue(path: path, message: message))
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
    static func join(_ path: String, _ index: Int) -> String { "\(path)[\(index)]" }

    /// The object at `path`, with unknown members reported (a misspelt key is never ignored).
    mutating func object(_ value: JSONValue?, _ path: String, allowed: [String], required: Bool = true) -> JSONObject? {
        guard let value, !value.isNull else {
            if required { issue(path, "is required (an object)") }
            return nil
        }
        guard let object = value.objectValue else {
            issue(path, "must be an object, not \(value.typeName)")
            return nil
        }
        var seen = Set<String>()
        for member in object.members {
            if !seen.insert(member.key).inserted {
                issue(Self.join(path, member.key), "appears twice")
            }
            if !allowed.contains(member.key) {
                var message = "is not a known member here"
                if let close = allowed.min(by: { editDistance(member.key, $0) < editDistance(member.key, $1) }),
                   editDistance(member.key, close) <= 3 {
                    message += " (did you mean '\(close)'?)"
                } else {
                    message += " (known: \(allowed.joined(separator: ", ")))"
                }
                issue(Self.join(path, member.key), message)
            }
        }
        return object
    }

    mutating func array(_ value: JSONValue?, _ path: String, required: Bool = true, nonEmpty: Bool = true) -> [JSONValue]? {
        guard let value, !value.isNull else {
            if required { issue(path, "is required (a list)") }
            return nil
        }
        guard let array = value.arrayValue else {
            issue(path, "must be a list, not \(value.typeName)")
            return nil
        }
        if nonEmpty && array.isEmpty { issue(path, "must not be empty") }
        return array
    }

    mutating func string(_ value: JSONValue?, _ path: String, required: Bool = true) -> String? {
        guard let value, !value.isNull else {
            if required { issue(path, "is required (text)") }
            return nil
        }
        guard let s = value.stringValue else {
            issue(path, "must be text, not \(value.typeName)")
            return nil
        }
        if s.isEmpty { issue(path, "must not be empty") }
        return s
    }

    mutating func identifier(_ value: JSONValue?, _ path: String, hyphens: Bool = false) -> String? {
        guard let s = string(value, path) else { return nil }
        let ok = !s.isEmpty && s.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_" || (hyphens && c == "-")
        } && !(s.unicodeScalars.first! >= "0" && s.unicodeScalars.first! <= "9")
        if !ok {
            issue(path, "'\(s)' must be lower-case letters, digits\(hyphens ? ", '-'" : "") and '_', not starting with a digit")
            return nil
        }
        return s
    }

    mutating func bool(_ value: JSONValue?, _ path: String, default defaultValue: Bool? = nil) -> Bool? {
        guard let value, !value.isNull else {
            if defaultValue == nil { issue(path, "is required (true or false)") }
            return defaultValue
        }
        guard let b = value.boolValue else {
            issue(path, "must be true or false, not \(value.typeName)")
            return nil
        }
        return b
    }

    /// A whole number; with `max`, one in `min...max` (a value outside is reported with the
    /// bounds and not returned, so nothing downstream computes with it).
    mutating func int(_ value: JSONValue?, _ path: String, required: Bool = true, min: Int? = nil, max: Int? = nil,
                      why: String = "") -> Int? {
        guard let value, !value.isNull else {
            if required { issue(path, "is required (a whole number)") }
            return nil
        }
        let bounds: String
        switch (min, max) {
        case (let lo?, let hi?): bounds = "at least \(lo) and at most \(hi)"
        case (let lo?, nil): bounds = "at least \(lo)"
        case (nil, let hi?): bounds = "at most \(hi)"
        case (nil, nil): bounds = ""
        }
        guard let n = value.numberValue, n.isInteger else {
            issue(path, "must be a whole number\(bounds.isEmpty ? "" : " \(bounds)"), not \(value.typeName)")
            return nil
        }
        guard let i = n.int64, let v = Int(exactly: i) else {
            issue(path, bounds.isEmpty ? "must be a whole number, not this large integer"
                                       : "must be \(bounds)\(why), not a number this large")
            return nil
        }
        if let lo = min, v < lo {
            issue(path, "must be \(bounds)\(why), not \(v)")
            return nil
        }
        if let hi = max, v > hi {
            issue(path, "must be \(bounds)\(why), not \(v)")
            return nil
        }
        return v
    }

    /// A finite number; with `range`, one within it (else reported with the bounds, and nil).
    mutating func number(_ value: JSONValue?, _ path: String, required: Bool = true, range: ClosedRange<Double>? = nil,
                         why: String = "") -> Double? {
        guard let value, !value.isNull else {
            if required { issue(path, "is required (a number)") }
            return nil
        }
        guard let n = value.numberValue, n.double.isFinite else {
            issue(path, "must be a number\(range.map { " between \(Self.text($0.lowerBound)) and \(Self.text($0.upperBound))" } ?? ""), not \(value.typeName == "number" || value.typeName == "integer" ? "a number this large" : value.typeName)")
            return nil
        }
        if let range, !range.contains(n.double) {
            issue(path, "must be between \(Self.text(range.lowerBound)) and \(Self.text(range.upperBound))\(why), not \(Self.text(n.double))")
            return nil
        }
        return n.double
    }

    /// A bound or a value in a message: whole numbers without decimals, others as Swift prints them.
    static func text(_ x: Double) -> String {
        if let i = DecimalFormat.int(x), Double(i) == x { return String(i) }
        return "\(x)"
    }

    mutating func date(_ value: JSONValue?, _ path: String, required: Bool = true) -> CalendarDate? {
        guard let s = string(value, path, required: required) else { return nil }
        guard let d = CalendarDate(iso: s) else {
            issue(path, "'\(s)' is not a date (YYYY-MM-DD)")
            return nil
        }
        return d
    }

    /// A `{"fi": …, "sv": …, "en": …}` text map; `languages` lists the ones that must be present.
    mutating func texts(_ value: JSONValue?, _ path: String, languages: [String]) -> [String: String] {
        guard let object = object(value, path, allowed: ["fi", "sv", "en"], required: !languages.isEmpty) else { return [:] }
        var out: [String: String] = [:]
        for m in object.members {
            if let s = string(m.value, Self.join(path, m.key)) { out[m.key] = s }
        }
        for l in languages where out[l] == nil && object[l] == nil {
            issue(Self.join(path, l), "is required (the \(l) name)")
        }
        return out
    }

    /// Compiles a condition, reporting an error as `path: column N: message`.
    mutating func condition(_ value: JSONValue?, _ path: String, symbols: SymbolTable, phase: Phase) -> CompiledExpression? {
        guard let text = string(value, path) else { return nil }
        do {
            return try ExpressionCompiler.compileCondition(text, symbols: symbols, phase: phase)
        } catch {
            issue(path, "column \(error.column): \(error.message) — in: \(text)")
            return nil
        }
    }

    /// Reports duplicate ids in a list.
    mutating func unique(_ ids: [(id: String, path: String)], what: String) {
        var seen: [String: String] = [:]
        for (id, path) in ids {
            if let first = seen[id] {
                issue(path, "\(what) '\(id)' is already defined at \(first)")
            } else {
                seen[id] = path
            }
        }
    }
}
