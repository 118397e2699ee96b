import Foundation

// The command-line convention every `seula` command follows (swift-argument-parser's behaviour
// is the model; no package):
//
// - Each command declares its options once (`CommandSpec.options`, built from the shared
//   declarations in `Options`), and both the parser and `--help` are made from the declarations,
//   so the help can never list an option the parser does not take, or miss one it does.
// - `--name VALUE` and `--name=VALUE`; a short form (`-o VALUE`) where one is declared; a
//   repeatable option collects every value, any other keeps the last; flags take no value.
// - `-` is a positional (stdin, or stdout where the argument is an output); `--` ends the
//   options: everything after it is positional.
// - `-h`/`--help` anywhere before `--` prints the help; `--version` prints the version.
// - Anything else that starts with `-` is an unknown option: a usage error with a "did you
//   mean" from the declared names. Usage errors are one line, then "see `seula CMD --help`",
//   exit 64.

/// A problem with the command line itself: one line, then "see `seula CMD --help`", exit 64.
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// One option, declared once.
struct Option: Sendable {
    enum Kind: Sendable, Equatable {
        case flag
        /// Takes a value, shown in the help as the metavariable (`FILE`, `N`).
        case value(String)
    }

    /// `--output`.
    let long: String
    /// `o` for `-o`.
    var short: Character? = nil
    var kind: Kind
    var help: String
    /// Every occurrence is kept (`--model A --model B`); otherwise the last one wins.
    var repeatable = false
    /// Parsed but not listed in the help (internal options such as serve's `--as-worker`).
    var hidden = false
    /// The command cannot run without it.
    var required = false
    /// The values allowed (checked by the parser, listed in the help, "did you mean" for the rest).
    var choices: [String]? = nil
    /// Values that take one more word after them: `["interval": "MS"]` makes
    /// `--audit-fsync interval 50` one occurrence with the value `interval 50`.
    var extraValue: [String: String] = [:]

    init(_ long: String, short: Character? = nil, value: String? = nil, help: String, repeatable: Bool = false,
         hidden: Bool = false, required: Bool = false, choices: [String]? = nil, extraValue: [String: String] = [:]) {
        self.long = long
        self.short = short
        self.kind = value.map { .value($0) } ?? .flag
        self.help = help
        self.repeatable = repeatable
        self.hidden = hidden
        self.required = required
        self.choices = choices
        self.extraValue = extraValue
    }

    var takesValue: Bool { kind != .flag }

    /// The same option with this command's own help text (the name never changes).
    func help(_ text: String) -> Option {
        var o = self
        o.help = text
        return o
    }

    func required(_ r: Bool = true) -> Option {
        var o = self
        o.required = r
        return o
    }

    /// `-o, --output FILE`.
    var synopsis: String {
        var s = short.map { "-\($0), " } ?? "    "
        s += long
        if case .value(let meta) = kind { s += " " + meta }
        return s
    }
}

/// A positional argument.
struct Positional: Sendable {
    var name: String
    var help: String
    var optional = false
    /// Takes every remaining positional (`FILE...`).
    var repeating = false
}

/// Everything about a command the parser and the help need.
struct CommandSpec: Sendable {
    /// The words that select it: `["serve"]`, `["model", "check"]`.
    var names: [String]
    var abstract: String
    var positionals: [Positional] = []
    var options: [Option] = []
    /// Paragraphs between the usage line and the arguments.
    var discussion: String = ""
    /// After the options: exit codes, examples.
    var footer: String = ""

    var commandName: String { (["seula"] + names).joined(separator: " ") }

    /// `seula tune LABELLED --objective OBJ [options]`.
    var usage: String {
        var parts = [commandName]
        for p in positionals {
            var s = p.name + (p.repeating ? "..." : "")
            if p.optional { s = "[\(s)]" }
            parts.append(s)
        }
        for o in options where o.required {
            if case .value(let meta) = o.kind { parts.append("\(o.long) \(meta)") } else { parts.append(o.long) }
        }
        parts.append("[options]")
        return parts.joined(separator: " ")
    }

    /// The help, generated from the declarations.
    var help: String {
        var out = "OVERVIEW: \(abstract)\n\nUSAGE: \(usage)\n"
        if !discussion.isEmpty { out += "\n" + discussion.trimmingCharacters(in: .newlines) + "\n" }
        if !positionals.isEmpty {
            out += "\nARGUMENTS:\n"
            for p in positionals { out += Self.row(p.name + (p.repeating ? "..." : ""), p.help) }
        }
        out += "\nOPTIONS:\n"
        for o in options where !o.hidden {
            var text = o.help
            if let choices = o.choices, !choices.allSatisfy({ text.contains($0) }) { text += " (\(choices.joined(separator: "|")))" }
            if o.repeatable { text += "; repeatable" }
            out += Self.row(o.synopsis, text)
        }
        out += Self.row("-h, --help", "show this help")
        out += Self.row("    --version", "print the version, the bundled criteria versions and the build")
        if !footer.isEmpty { out += "\n" + footer.trimmingCharacters(in: .newlines) + "\n" }
        return out
    }

    static let helpColumn = 30
    static let helpWidth = 100

    /// `  -o, --output FILE           where to write …`, the text wrapped under itself.
    static func row(_ left: String, _ text: String) -> String {
        let indent = String(repeating: " ", count: helpColumn)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > helpWidth - helpColumn {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        lines.append(current)
        let head = "  " + left
        var out = head.count < helpColumn ? head.padding(toLength: helpColumn, withPad: " ", startingAt: 0) + lines[0] + "\n"
                                          : head + "\n" + indent + lines[0] + "\n"
        for l in lines.dropFirst() { out += indent + l + "\n" }
        return out
    }
}

/// What the parser found: values by option, positionals in order, and the words as given.
struct ParsedArguments {
    let spec: CommandSpec
    /// Each occurrence's value, by long name (a flag's occurrences have an empty value).
    private(set) var occurrences: [String: [String]] = [:]
    private(set) var positionals: [String] = []
    /// The arguments as given (serve passes them on to its worker process).
    let raw: [String]
    var wantsHelp = false
    var wantsVersion = false

    /// Parses `arguments` against `spec`: unknown options, missing values, bad choices and the
    /// wrong number of positionals are usage errors.
    init(_ arguments: [String], spec: CommandSpec) throws(UsageError) {
        self.spec = spec
        raw = arguments
        var byLong: [String: Option] = [:]
        var byShort: [Character: Option] = [:]
        for o in spec.options {
            byLong[o.long] = o
            if let s = o.short { byShort[s] = o }
        }
        var i = 0
        var optionsEnded = false
        var problem: UsageError? = nil
        func fail(_ message: String) { if problem == nil { problem = UsageError(message) } }
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if optionsEnded || a == "-" || !a.hasPrefix("-") {
                positionals.append(a)
                continue
            }
            if a == "--" { optionsEnded = true; continue }
            if a == "--help" || a == "-h" { wantsHelp = true; continue }
            if a == "--version" { wantsVersion = true; continue }
            var name = a
            var inline: String? = nil
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                name = String(a[..<eq])
                inline = String(a[a.index(after: eq)...])
            }
            let option: Option?
            if name.hasPrefix("--") {
                option = byLong[name]
            } else if name.count == 2, let c = name.last {
                option = byShort[c]
            } else {
                option = nil
            }
            guard let option else {
                let known = spec.options.filter { !$0.hidden }.map(\.long) + ["--help", "--version"]
                if let renamed = Suggestion.renamed[name], known.contains(renamed) {
                    fail("unknown option '\(name)'; did you mean '\(renamed)'? (renamed so that every command calls it the same)")
                } else {
                    fail("unknown option '\(name)'" + Suggestion.didYouMean(name, among: known))
                }
                continue
            }
            guard option.takesValue else {
                if inline != nil { fail("\(option.long) takes no value") }
                occurrences[option.long, default: []].append("")
                continue
            }
            var value: String
            if let inline {
                value = inline
            } else {
                // The next word is the value, even when it starts with `-` (`-o -`, `--seed -1`),
                // unless it is another declared option: then this one was given without its value.
                guard i < arguments.count, !Self.isDeclaredOption(arguments[i], byLong, byShort) else {
                    fail("\(name) needs a value (\(option.synopsis.trimmingCharacters(in: .whitespaces)))")
                    continue
                }
                value = arguments[i]
                i += 1
            }
            if let meta = option.extraValue[value] {
                guard i < arguments.count else { fail("\(option.long) \(value) needs a value: \(option.long) \(value) \(meta)"); continue }
                value += " " + arguments[i]
                i += 1
            }
            if let choices = option.choices, !choices.contains(value) {
                fail("\(option.long) must be \(Suggestion.list(choices)), not '\(value)'" + Suggestion.didYouMean(value, among: choices))
                continue
            }
            occurrences[option.long, default: []].append(value)
        }
        if wantsHelp { return }
        // `--version` stands alone (`seula score --version`); with other arguments it is most
        // likely a criteria version meant for `--new-version` (`tune … --version 1.2.0`), which
        // must not quietly print the program's version and succeed.
        if wantsVersion && arguments.count > 1 {
            let versionOption = spec.options.first { !$0.hidden && $0.long.hasSuffix("-version") }
            throw UsageError("--version takes no other arguments (it prints the program's version)"
                             + (versionOption.map { "; did you mean '\($0.long)'?" } ?? ""))
        }
        if wantsVersion { return }
        if let problem { throw problem }
        for o in spec.options where o.required && occurrences[o.long] == nil {
            let meta: String = { if case .value(let m) = o.kind { return " " + m }; return "" }()
            throw UsageError("\(o.long)\(meta) is required: \(o.help)")
        }
        let fixed = spec.positionals.filter { !$0.repeating }
        let required = spec.positionals.filter { !$0.optional }
        if positionals.count < required.count {
            let missing = required[positionals.count]
            throw UsageError("missing \(missing.name): \(missing.help)")
        }
        if !spec.positionals.contains(where: \.repeating), positionals.count > fixed.count {
            throw UsageError("unexpected argument '\(positionals[fixed.count])'" + (fixed.isEmpty ? " (this command takes none)"
                : " (expected \(fixed.map(\.name).joined(separator: " ")))"))
        }
    }

    private static func isDeclaredOption(_ word: String, _ byLong: [String: Option], _ byShort: [Character: Option]) -> Bool {
        guard word.hasPrefix("-"), word != "-" else { return false }
        let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
        if name == "--help" || name == "-h" || name == "--version" { return true }
        if name.hasPrefix("--") { return byLong[name] != nil }
        return name.count == 2 && byShort[name.last!] != nil
    }

    // MARK: Reading values

    func flag(_ o: Option) -> Bool { occurrences[o.long] != nil }

    /// The last value given.
    func value(_ o: Option) -> String? { occurrences[o.long]?.last }

    /// Every value given, in order.
    func values(_ o: Option) -> [String] { occurrences[o.long] ?? [] }

    func int(_ o: Option, min: Int = Int.min) throws(UsageError) -> Int? {
        guard let s = value(o) else { return nil }
        guard let v = Int(s), v >= min else { throw UsageError("\(o.long) needs a whole number\(min > Int.min ? " ≥ \(min)" : ""), not '\(s)'") }
        return v
    }

    func double(_ o: Option, in range: ClosedRange<Double>? = nil) throws(UsageError) -> Double? {
        guard let s = value(o) else { return nil }
        guard let v = Double(s), v.isFinite else { throw UsageError("\(o.long) needs a number, not '\(s)'") }
        if let range, !range.contains(v) { throw UsageError("\(o.long) needs a number from \(range.lowerBound) to \(range.upperBound), not \(s)") }
        return v
    }

    func uint64(_ o: Option) throws(UsageError) -> UInt64? {
        guard let s = value(o) else { return nil }
        guard let v = UInt64(s) else { throw UsageError("\(o.long) needs a whole number 0 … 18446744073709551615, not '\(s)'") }
        return v
    }

    /// Positional `k` (nil when not given).
    func positional(_ k: Int) -> String? { k < positionals.count ? positionals[k] : nil }
}

/// "did you mean" for a mistyped command, option or value.
enum Suggestion {
    /// Options that had another name in some command before the convention: the old name gets
    /// the new one suggested wherever the command has it.
    static let renamed: [String: String] = [
        "--out": "--output",
        "--input-format": "--format",
        "--output-format": "--csv",
    ]

    /// `; did you mean '--output'?`, or nothing when no name is close.
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        guard let best = closest(word, among: candidates) else { return "" }
        return "; did you mean '\(best)'?"
    }

    /// The candidate closest to `word`: a unique one it is a prefix of (`--out` → `--output`),
    /// else the nearest by edit distance when that is small for the word's length.
    static func closest(_ word: String, among candidates: [String]) -> String? {
        let w = word.lowercased()
        let prefixed = candidates.filter { $0.lowercased().hasPrefix(w) && $0.count > w.count }
        if prefixed.count == 1, w.count >= 3 { return prefixed[0] }
        var best: (String, Int)? = nil
        for c in candidates {
            let d = distance(w, c.lowercased())
            if best == nil || d < best!.1 { best = (c, d) }
        }
        guard let (name, d) = best else { return nil }
        let core = w.drop { $0 == "-" }.count
        return d <= max(1, min(3, core / 3)) ? name : nil
    }

    /// Damerau–Levenshtein distance (optimal string alignment: a swap of two neighbours is one edit).
    static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a), t = Array(b)
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { d[i][0] = i }
        for j in 0...t.count { d[0][j] = j }
        for i in 1...s.count {
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] { d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[s.count][t.count]
    }

    /// `fi, sv or en`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
