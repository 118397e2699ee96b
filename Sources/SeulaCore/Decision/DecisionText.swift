/// The readable explanation `seula explain` prints: the segment on the two axes, each reason,
/// the outcome with its overrides, each product with its because, referrals, review and what
/// would move the case. English labels; ids as in the record, so text and JSON cross-reference.
public struct DecisionText: Sendable {
    public let model: CriteriaModel

    public init(model: CriteriaModel) {
        self.model = model
    }

    public func render(_ d: Decision) -> String {
        let m = model
        var out: [String] = []
        let segmentID = m.segments.domain.values[d.segment]
        let segmentName = d.segment < m.segments.quadrants.count
            ? m.segments.quadrants[d.segment].name["fi"] ?? segmentID
            : m.segments.undeterminedName["en"] ?? segmentID
        out.append("Case \(d.caseID) — segment \(segmentID) (\(segmentName)), model \(m.id) \(m.version)")
        out.append("")
        out.append(contentsOf: grid(d))
        out.append("")
        let copingLine: String
        if let c = d.coping.score {
            copingLine = "coping  \(DecimalFormat.oneDecimal(c)) (\(d.coping.band ?? "")), \(DecimalFormat.oneDecimal(c - m.coping.threshold)) from threshold \(DecimalFormat.oneDecimal(m.coping.threshold)); \(d.coping.answered)/\(m.coping.items.count) answered"
        } else {
            copingLine = "coping  undetermined: \(d.coping.answered)/\(m.coping.items.count) answered, \(m.coping.minAnswered) needed"
        }
        out.append(copingLine)
        var riskLine = "risk    \(DecimalFormat.oneDecimal(d.risk.score)) (\(d.risk.points)/\(d.risk.maxPoints) points), \(DecimalFormat.oneDecimal(d.risk.score - m.risk.threshold)) from threshold \(DecimalFormat.oneDecimal(m.risk.threshold))"
        if !d.risk.gaps.isEmpty {
            riskLine += "; gaps: \(d.risk.gaps.map { m.risk.indicators[$0].id }.joined(separator: ", "))"
        }
        out.append(riskLine)
        if !d.reasons.isEmpty {
            out.append("")
            out.append("Reasons (largest contributions to each score):")
            for (r, printed) in zip(d.reasons, d.printedContributions) {
                let value: String
                switch r.value {
                case .int(let i): value = r.isRest ? "\(i) more" : String(i)
                case .text(let s): value = s
                case .bool(let b): value = b ? "true" : "false"
                }
                out.append("  \(pad(r.axis.rawValue, 7)) \(pad(r.code(m), 44)) \(pad(value, 20)) +\(DecimalFormat.oneDecimal(printed))")
            }
        }
        out.append("")
        var outcome = "Outcome: \(m.outcomeLevels.values[d.finalOutcome])"
        if d.finalOutcome != d.computedOutcome { outcome += " (computed \(m.outcomeLevels.values[d.computedOutcome]), raised by overrides)" }
        outcome += "; urgency \(m.urgency.levels.values[d.urgency])"
        out.append(outcome)
        for o in d.overrides {
            let rule = m.overrides[o]
            out.append("  override \(rule.id) → \(m.outcomeLevels.values[rule.level]) [\(rule.basis)] because \(d.because(rule.condition, m).joined(separator: "; "))")
        }
        out.append("")
        if d.services.isEmpty {
            out.append("Services: none in scope")
        } else {
            out.append("Services (ranked: urgency, home-based first, own < tendered < separate < partner/digital):")
            for s in d.services {
                let p = m.products[s.product]
                var flags = [s.provision, p.homeBased ? "home-based" : "moves", p.automatable ? "automatable" : "recommendation"]
                let urgency = m.urgency.levels.values[s.urgency]
                if s.urgency != m.urgency.defaultLevel { flags.insert(urgency, at: 0) }
                out.append("  \(s.rank). \(p.id) — \(p.names["en"] ?? p.service) (\(flags.joined(separator: ", ")); \(p.basis))")
                for b in d.because(service: s, m) { out.append("       because \(b)") }
            }
        }
        if !d.referrals.isEmpty {
            out.append("")
            out.append("Referrals:")
            for r in d.referrals {
                out.append("  → \(m.referrals[r].id) because \(d.because(m.referrals[r].condition, m).joined(separator: "; "))")
            }
        }
        out.append("")
        out.append(d.review.isEmpty ? "Review: not required" : "Review: required (\(d.review.map(\.rawValue).joined(separator: ", ")))")
        if !d.counterfactual.isEmpty {
            out.append("")
            out.append("What would change the segment:")
            for move in d.counterfactual {
                let changes = move.changes.map { "\($0.field(m)) \(text($0.from)) → \(text($0.to))" }.joined(separator: ", ")
                out.append("  → \(m.segments.domain.values[move.segment]): \(changes)")
            }
        }
        if d.pseudonym != nil { out.append(""); out.append("Pseudonym: \(d.pseudonym!)") }
        return out.joined(separator: "\n") + "\n"
    }

    /// The 2×2 picture with the case's quadrant marked.
    private func grid(_ d: Decision) -> [String] {
        let m = model
        func cell(_ hard: Bool, _ high: Bool) -> String {
            guard let q = m.segments.quadrant(copingHard: hard, riskHigh: high) else { return "" }
            let marked = d.segment < m.segments.quadrants.count && m.segments.quadrants[d.segment].id == q.id
            return pad((marked ? "[x] " : "[ ] ") + q.id, 20)
        }
        return [
            "                   risk low            risk high",
            "  coping hard      \(cell(true, false))\(cell(true, true))",
            "  coping easy      \(cell(false, false))\(cell(false, true))",
        ]
    }

    private func text(_ v: ReasonValue?) -> String {
        switch v {
        case .int(let i)?: return String(i)
        case .text(let s)?: return s
        case .bool(let b)?: return b ? "true" : "false"
        case nil: return "(missing)"
        }
    }

    private func pad(_ s: String, _ n: Int) -> String {
        let count = s.count
        return count >= n ? s + " " : s + String(repeating: " ", count: n - count)
    }
}
