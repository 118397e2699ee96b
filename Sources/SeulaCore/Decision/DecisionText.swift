/// The readable explanation `seula explain` prints, in Finnish, Swedish or English: the segment
/// on the two axes, each reason, the outcome with its overrides, each product with its because,
/// referrals, review and what would move the case.
///
/// Every name (segments, outcomes, products, referrals, overrides, review reasons, needs, bands)
/// comes from the criteria file in the chosen language (English, then Finnish, then the id when a
/// file has no name); the sentence frames come from `ExplanationPhrases`. Ids stay beside the names
/// and every `because` is the record's own text, so the text and the JSON record cross-reference.
public struct DecisionText: Sendable {
    public let model: CriteriaModel
    public let language: String
    let phrases: ExplanationPhrases

    /// `language`: `fi`, `sv` or `en` (anything else reads as English).
    public init(model: CriteriaModel, language: String = "en") {
        self.model = model
        self.language = ExplanationPhrases.languages.contains(language) ? language : "en"
        phrases = ExplanationPhrases.for(self.language)
    }

    func name(_ names: Names, _ id: String) -> String { names.text(language, fallback: id) }

    /// `id (Name)`, or just the id when the name adds nothing.
    func labelled(_ id: String, _ names: Names) -> String {
        let n = name(names, id)
        return n == id ? id : "\(id) (\(n))"
    }

    public func render(_ d: Decision) -> String {
        let m = model
        let t = phrases
        var out: [String] = []
        let segmentID = m.segments.domain.values[d.segment]
        let segmentName = m.segments.isQuadrant(d.segment)
            ? name(m.segments.quadrants[d.segment].name, segmentID)
            : name(m.segments.undeterminedName, segmentID)
        out.append("\(t.case) \(d.caseID) — \(t.segment) \(segmentID) (\(segmentName)), \(t.criteria) \(m.id) \(m.version)")
        out.append("")
        out.append(contentsOf: grid(d))
        out.append("")
        if let c = d.coping.score {
            let band = d.coping.band.map { b in m.coping.bands.first { $0.id == b }.map { name($0.name, b) } ?? b } ?? ""
            let margin = c - m.coping.threshold
            out.append("\(t.copingDifficulty) \(DecimalFormat.oneDecimal(c)) (\(band)), \(DecimalFormat.oneDecimal(abs(margin))) \(margin >= 0 ? t.aboveThreshold : t.belowThreshold) \(DecimalFormat.oneDecimal(m.coping.threshold)); \(d.coping.answered)/\(m.coping.items.count) \(t.answered)")
        } else {
            out.append("\(t.copingDifficulty) \(t.undetermined): \(d.coping.answered)/\(m.coping.items.count) \(t.answered), \(m.coping.minAnswered) \(t.needed)")
        }
        var riskLine: String
        if d.riskSide == .undetermined {
            riskLine = "\(t.risk) \(t.undetermined): \(d.risk.gaps.count) \(t.gapsOf) \(m.risk.indicators.count) (\(m.risk.undeterminedAtGaps.map { "\($0) \(t.orMore)" } ?? "")), \(t.noMarker); \(d.risk.points)/\(d.risk.maxPoints) \(t.pointsKnown)"
        } else {
            let margin = d.risk.score - m.risk.threshold
            riskLine = "\(t.risk) \(DecimalFormat.oneDecimal(d.risk.score)) (\(d.risk.points)/\(d.risk.maxPoints) \(t.points)), \(DecimalFormat.oneDecimal(abs(margin))) \(margin >= 0 ? t.aboveThreshold : t.belowThreshold) \(DecimalFormat.oneDecimal(m.risk.threshold))"
        }
        if !d.risk.gaps.isEmpty {
            riskLine += "; \(t.gaps): \(d.risk.gaps.map { m.risk.indicators[$0].id }.joined(separator: ", "))"
        }
        out.append(riskLine)
        if !d.riskMarkers.isEmpty {
            let facts = d.riskMarkers.flatMap { d.because(m.risk.markers[$0].condition, m) }
            out.append("\(t.riskHighBy): \(facts.joined(separator: "; "))")
        }
        if !d.reasons.isEmpty {
            out.append("")
            out.append("\(t.reasonsHeading):")
            for (r, printed) in zip(d.reasons, d.printedContributions) {
                let value: String
                switch r.value {
                case .int(let i): value = r.isRest ? "\(i) \(t.more)" : String(i)
                case .text(let s): value = s
                case .bool(let b): value = b ? "true" : "false"
                }
                out.append("  \(pad(r.axis.rawValue, 7)) \(pad(r.code(m), 44)) \(pad(value, 20)) +\(DecimalFormat.oneDecimal(printed))")
            }
        }
        out.append("")
        let level = m.outcomeLevels.values[d.finalOutcome]
        var outcome = "\(t.outcome): \(labelled(level, m.outcomeNames[d.finalOutcome]))"
        if d.finalOutcome != d.computedOutcome {
            outcome += " (\(t.computed) \(m.outcomeLevels.values[d.computedOutcome]), \(t.raisedByOverrides))"
        }
        outcome += "; \(t.urgency) \(labelled(m.urgency.levels.values[d.urgency], m.urgency.names[d.urgency]))"
        out.append(outcome)
        for o in d.overrides {
            let rule = m.overrides[o]
            out.append("  \(t.override) \(labelled(rule.id, rule.name)) → \(m.outcomeLevels.values[rule.level]) [\(rule.basis)] \(t.because) \(d.because(rule.condition, m).joined(separator: "; "))")
        }
        if let automatable = d.automatable {
            out.append(automatable ? t.automatableYes : t.automatableNo)
        }
        out.append("")
        if d.services.isEmpty {
            out.append(t.noServices)
        } else {
            out.append("\(t.services) (\(t.rankedBy) \(rankingRule())):")
            for s in d.services {
                let p = m.products[s.product]
                var tags: [String] = []
                if s.urgency != m.urgency.defaultLevel { tags.append(name(m.urgency.names[s.urgency], m.urgency.levels.values[s.urgency])) }
                if let need = p.need {
                    let id = m.routing.needOrder[need]
                    tags.append("\(t.need) \(name(m.routing.needNames[id] ?? [:], id))")
                }
                tags += [t.provision(s.provision), p.homeBased ? t.homeBased : t.moves, p.automatable ? t.automatable : t.recommendation]
                out.append("  \(s.rank). \(p.id) — \(name(p.names, p.service)) (\(tags.joined(separator: ", ")); \(p.basis))")
                for b in d.because(service: s, m) { out.append("       \(t.because) \(b)") }
            }
        }
        if !d.referrals.isEmpty {
            out.append("")
            out.append("\(t.referrals):")
            for i in d.referrals {
                let r = m.referrals[i]
                let basis = r.basis.map { " [\($0)]" } ?? ""
                out.append("  → \(labelled(r.id, r.name))\(basis) \(t.because) \(d.because(r.condition, m).joined(separator: "; "))")
            }
        }
        out.append("")
        if d.review.isEmpty {
            out.append(t.reviewNotRequired)
        } else {
            let reasons = d.review.map { reason -> String in
                let id = reason.id(m)
                let n = reason.name(m, language)
                return n == id ? id : "\(id) (\(n))"
            }
            out.append("\(t.reviewRequired): \(reasons.joined(separator: ", "))")
        }
        if !d.counterfactual.isEmpty {
            out.append("")
            out.append("\(t.whatWouldChange):")
            for move in d.counterfactual {
                let changes = move.changes.map { "\($0.field(m)) \(text($0.from)) → \(text($0.to))" }.joined(separator: ", ")
                out.append("  → \(m.segments.domain.values[move.segment]): \(changes)")
            }
        }
        if let p = d.pseudonym { out.append(""); out.append("\(t.pseudonym): \(p)") }
        return out.map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n") + "\n"
    }

    /// The ranking as the model's own `routing.order` says it.
    func rankingRule() -> String {
        let t = phrases
        let ranks = model.routing.provisionRank.sorted { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
        var provision = ""
        for (i, r) in ranks.enumerated() {
            if i > 0 { provision += ranks[i - 1].value == r.value ? " = " : " < " }
            provision += t.provision(r.key)
        }
        return model.routing.order.map { key -> String in
            switch key {
            case .urgency: return t.byUrgency
            case .need:
                let needs = model.routing.needOrder.map { name(model.routing.needNames[$0] ?? [:], $0) }
                return "\(t.byNeed) (\(needs.joined(separator: ", ")))"
            case .homeBased: return t.byHomeBased
            case .provision: return "\(t.byProvision) (\(provision))"
            case .table: return t.byTable
            }
        }.joined(separator: ", ")
    }

    /// The 2×2 picture with the case's quadrant marked.
    private func grid(_ d: Decision) -> [String] {
        let m = model
        let t = phrases
        func cell(_ hard: Bool, _ high: Bool) -> String {
            guard let q = m.segments.quadrant(copingHard: hard, riskHigh: high) else { return "" }
            let marked = m.segments.isQuadrant(d.segment) && m.segments.quadrants[d.segment].id == q.id
            return pad((marked ? "[x] " : "[ ] ") + q.id, 20)
        }
        return [
            "                   \(pad(t.riskLow, 20))\(t.riskHigh)",
            "  \(pad(t.copingHard, 17))\(cell(true, false))\(cell(true, true))",
            "  \(pad(t.copingEasy, 17))\(cell(false, false))\(cell(false, true))",
        ]
    }

    private func text(_ v: ReasonValue?) -> String {
        switch v {
        case .int(let i)?: return String(i)
        case .text(let s)?: return s
        case .bool(let b)?: return b ? "true" : "false"
        case nil: return phrases.missing
        }
    }

    private func pad(_ s: String, _ n: Int) -> String {
        let count = s.count
        return count >= n ? s + " " : s + String(repeating: " ", count: n - count)
    }
}

/// The sentence frames of `DecisionText` in each language (names come from the criteria file).
struct ExplanationPhrases: Sendable {
    static let languages = ["fi", "sv", "en"]

    var `case`, segment, criteria, copingDifficulty, risk, undetermined, answered, needed: String
    var aboveThreshold, belowThreshold, points, pointsKnown, gaps, gapsOf, orMore, noMarker, riskHighBy: String
    var reasonsHeading, more, outcome, computed, raisedByOverrides, urgency, override, because: String
    var automatableYes, automatableNo, noServices, services, rankedBy, need, homeBased, moves, automatable, recommendation: String
    var byUrgency, byNeed, byHomeBased, byProvision, byTable: String
    var referrals, reviewRequired, reviewNotRequired, whatWouldChange, pseudonym, missing: String
    var riskLow, riskHigh, copingHard, copingEasy: String
    /// The five provision kinds of the criteria format (`routing.provision_rank`), by id.
    var provisions: [String: String]

    func provision(_ id: String) -> String { provisions[id] ?? id }

    static func `for`(_ language: String) -> ExplanationPhrases {
        switch language {
        case "fi": return finnish
        case "sv": return swedish
        default: return english
        }
    }

    static let english = ExplanationPhrases(
        case: "Case", segment: "segment", criteria: "criteria", copingDifficulty: "coping difficulty", risk: "risk",
        undetermined: "undetermined", answered: "answered", needed: "needed",
        aboveThreshold: "above the threshold", belowThreshold: "below the threshold", points: "points",
        pointsKnown: "points over the known indicators", gaps: "gaps", gapsOf: "gaps of", orMore: "or more make it undetermined",
        noMarker: "no severe marker", riskHighBy: "risk high by a severe marker",
        reasonsHeading: "Reasons (largest contributions to each score)", more: "more", outcome: "Outcome",
        computed: "computed", raisedByOverrides: "raised by overrides", urgency: "urgency", override: "override", because: "because",
        automatableYes: "Automatable: yes — the decision may be made by machine (Hallintolaki 53 e §)",
        automatableNo: "Automatable: no — the segment, outcome and services are a recommendation for a professional",
        noServices: "Services: none in scope", services: "Services", rankedBy: "ranked by", need: "need", homeBased: "home-based",
        moves: "moves", automatable: "automatable", recommendation: "recommendation",
        byUrgency: "urgency", byNeed: "need", byHomeBased: "home-based before moving", byProvision: "provision",
        byTable: "file order", referrals: "Referrals", reviewRequired: "Review: required",
        reviewNotRequired: "Review: not required", whatWouldChange: "What would change the segment",
        pseudonym: "Pseudonym", missing: "(missing)",
        riskLow: "risk low", riskHigh: "risk high", copingHard: "coping hard", copingEasy: "coping easy",
        provisions: [:])

    static let finnish = ExplanationPhrases(
        case: "Asiakas", segment: "segmentti", criteria: "kriteerit", copingDifficulty: "arjen vaikeus", risk: "riski",
        undetermined: "ei määritettävissä", answered: "vastattu", needed: "tarvitaan",
        aboveThreshold: "yli kynnyksen", belowThreshold: "alle kynnyksen", points: "pistettä",
        pointsKnown: "pistettä tiedossa olevista tiedoista", gaps: "puuttuvat tiedot", gapsOf: "puuttuu /",
        orMore: "tai useampi tekee riskistä määrittämättömän", noMarker: "ei vakavaa riskimerkkiä",
        riskHighBy: "riski suuri vakavan riskimerkin perusteella",
        reasonsHeading: "Perusteet (suurimmat osuudet kummastakin pistemäärästä)", more: "muuta", outcome: "Vastaanoton tulos",
        computed: "laskettu", raisedByOverrides: "korotettu säännöillä", urgency: "kiireellisyys", override: "sääntö", because: "koska",
        automatableYes: "Automaattisesti ratkaistavissa: kyllä (hallintolaki 53 e §)",
        automatableNo: "Automaattisesti ratkaistavissa: ei — segmentti, tulos ja palvelut ovat suositus ammattilaiselle",
        noServices: "Palvelut: ei yhtään", services: "Palvelut", rankedBy: "järjestys:", need: "tarve", homeBased: "kotiin annettava",
        moves: "edellyttää muuttoa", automatable: "automaattinen", recommendation: "suositus",
        byUrgency: "kiireellisyys", byNeed: "tarve", byHomeBased: "kotiin annettavat ensin", byProvision: "tuotantotapa",
        byTable: "kriteeritiedoston järjestys", referrals: "Ohjaukset", reviewRequired: "Ammattilaisen arvio: tarvitaan",
        reviewNotRequired: "Ammattilaisen arvio: ei tarvita", whatWouldChange: "Mikä muuttaisi segmentin",
        pseudonym: "Pseudonyymi", missing: "(puuttuu)",
        riskLow: "riski pieni", riskHigh: "riski suuri", copingHard: "arki vaikeaa", copingEasy: "arki sujuu",
        provisions: ["own": "oma tuotanto", "tendered": "ostopalvelu", "separate": "erillisosto", "partner": "kumppani", "digital": "digitaalinen"])

    static let swedish = ExplanationPhrases(
        case: "Klient", segment: "segment", criteria: "kriterier", copingDifficulty: "svårigheter i vardagen", risk: "risk",
        undetermined: "obestämd", answered: "besvarade", needed: "behövs",
        aboveThreshold: "över tröskeln", belowThreshold: "under tröskeln", points: "poäng",
        pointsKnown: "poäng av de kända uppgifterna", gaps: "uppgifter saknas", gapsOf: "saknas av",
        orMore: "eller fler gör risken obestämd", noMarker: "ingen allvarlig riskmarkör",
        riskHighBy: "hög risk på grund av en allvarlig riskmarkör",
        reasonsHeading: "Skäl (de största bidragen till varje poängtal)", more: "andra", outcome: "Resultat i mottagningen",
        computed: "beräknat", raisedByOverrides: "höjt av regler", urgency: "brådska", override: "regel", because: "eftersom",
        automatableYes: "Kan avgöras automatiskt: ja (förvaltningslagen 53 e §)",
        automatableNo: "Kan avgöras automatiskt: nej — segment, resultat och tjänster är en rekommendation till en yrkesperson",
        noServices: "Tjänster: inga", services: "Tjänster", rankedBy: "ordnade efter", need: "behov", homeBased: "i hemmet",
        moves: "kräver flytt", automatable: "automatisk", recommendation: "rekommendation",
        byUrgency: "brådska", byNeed: "behov", byHomeBased: "tjänster i hemmet först", byProvision: "produktionssätt",
        byTable: "ordningen i kriteriefilen", referrals: "Hänvisningar", reviewRequired: "Bedömning av en yrkesperson: behövs",
        reviewNotRequired: "Bedömning av en yrkesperson: behövs inte", whatWouldChange: "Vad skulle ändra segmentet",
        pseudonym: "Pseudonym", missing: "(saknas)",
        riskLow: "låg risk", riskHigh: "hög risk", copingHard: "vardagen svår", copingEasy: "klarar vardagen",
        provisions: ["own": "egen produktion", "tendered": "köpt tjänst", "separate": "separat köp", "partner": "partner", "digital": "digital"])
}
