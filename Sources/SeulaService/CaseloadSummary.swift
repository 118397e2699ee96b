import SeulaJSON

/// Tallies decision records (the answers of `serve`/`score`) into a readable summary: how
/// many cases fell in each segment, outcome and urgency, which products and referrals were
/// recommended, how many need review, and the errors by code with their lines.
public struct CaseloadSummary {
    public private(set) var answers = 0
    public private(set) var scored = 0
    public private(set) var commands = 0
    public private(set) var segments: [String: Int] = [:]
    public private(set) var outcomes: [String: Int] = [:]
    public private(set) var urgency: [String: Int] = [:]
    public private(set) var products: [String: Int] = [:]
    public private(set) var referrals: [String: Int] = [:]
    public private(set) var overrides: [String: Int] = [:]
    public private(set) var reviewRequired = 0
    public private(set) var errors: [String: [String]] = [:]
    public private(set) var unreadable = 0

    public init() {}

    /// Adds one answer line.
    public mutating func add(_ line: UnsafeRawBufferPointer) {
        guard let v = try? JSONReader.parse(line), let o = v.objectValue else {
            unreadable += 1
            return
        }
        answers += 1
        if o["ok"] == .bool(false) {
            let code = o["error"]?["code"]?.stringValue ?? "?"
            let where_ = o["line"].map { "line \($0.numberValue.map(\.description) ?? "?")" } ?? ""
            errors[code, default: []].append([where_, o["error"]?["path"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }].compactMap { $0 }.joined(separator: " at "))
            return
        }
        guard let segment = o["segment"]?.stringValue else {
            commands += 1
            return
        }
        scored += 1
        segments[segment, default: 0] += 1
        if let l = o["outcome"]?["level"]?.stringValue { outcomes[l, default: 0] += 1 }
        if let u = o["urgency"]?.stringValue { urgency[u, default: 0] += 1 }
        for s in o["services"]?.arrayValue ?? [] { if let p = s["product"]?.stringValue { products[p, default: 0] += 1 } }
        for r in o["referrals"]?.arrayValue ?? [] { if let t = r["to"]?.stringValue { referrals[t, default: 0] += 1 } }
        for x in o["outcome"]?["overrides"]?.arrayValue ?? [] { if let r = x["rule"]?.stringValue { overrides[r, default: 0] += 1 } }
        if o["review"]?["required"] == .bool(true) { reviewRequired += 1 }
    }

    public func render() -> String {
        var out: [String] = []
        func pct(_ n: Int) -> String {
            guard scored > 0 else { return "" }
            let p = Double(n) * 100 / Double(scored)
            return String(repeating: " ", count: max(0, 6 - String(Int(p)).count)) + "\(Int(p.rounded()))%"
        }
        func table(_ title: String, _ counts: [String: Int], order: [String]? = nil, limit: Int = 50) {
            guard !counts.isEmpty else { return }
            out.append(title)
            let keys = order.map { o in o.filter { counts[$0] != nil } + counts.keys.filter { !o.contains($0) }.sorted() }
                ?? counts.keys.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
            for k in keys.prefix(limit) {
                let n = counts[k]!
                let bar = String(repeating: "█", count: scored > 0 ? max(1, n * 30 / max(scored, 1)) : 0)
                out.append("  \(k.padding(32))\(String(n).leftPadding(6))\(pct(n))  \(bar)")
            }
            out.append("")
        }
        out.append("\(answers) answers: \(scored) cases scored, \(errors.values.reduce(0) { $0 + $1.count }) rejected, \(commands) commands\(unreadable > 0 ? ", \(unreadable) unreadable lines" : "")")
        out.append("")
        table("Segments", segments, order: ["parjaaja", "tuki", "yhteistyo", "huolenpito", "undetermined"])
        table("Reception outcome", outcomes, order: ["complete_screening", "reception", "guided", "named_worker", "multiprofessional", "immediate"])
        table("Urgency", urgency, order: ["immediate", "within_7_working_days", "normal"])
        table("Overrides applied", overrides)
        table("Products recommended (cases)", products)
        table("Referrals", referrals)
        if scored > 0 { out.append("Professional review required: \(reviewRequired) of \(scored)\(pct(reviewRequired))"); out.append("") }
        if !errors.isEmpty {
            out.append("Rejected lines by error code")
            for code in errors.keys.sorted() {
                let places = errors[code]!
                out.append("  \(code.padding(32))\(String(places.count).leftPadding(6))  \(places.prefix(5).joined(separator: "; "))\(places.count > 5 ? "; …" : "")")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self + " " : self + String(repeating: " ", count: n - count) }
    func leftPadding(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
