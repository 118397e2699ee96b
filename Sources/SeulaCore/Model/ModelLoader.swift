import SeulaJSON

/// Builds a `CriteriaModel` from a criteria file, or reports **every** problem in it.
///
/// The format is documented in `models/README.md`; the default file is `models/seula-v1.json`.
/// The loader checks structure (every member known, every type right), meaning (ids unique,
/// bins contiguous, points never falling as a value worsens, four quadrants covering the two
/// axes, overrides that only escalate) and every expression (parsed and type-checked against
/// the phase it runs in). Nothing is half-loaded: any issue → `ModelLoadError`.
public enum ModelLoader {
    public static let formatTag = "seula-criteria/1"
    /// The second format: the same members, and fi, sv and en names on every named thing.
    public static let formatTags = ["seula-criteria/1", "seula-criteria/2"]
    /// The languages a `seula-criteria/2` file names everything in.
    public static let languages = ["fi", "sv", "en"]

    /// Loads a criteria file from its bytes. `sha256` is the hex digest of exactly these bytes.
    public static func load(bytes: [UInt8], sha256: String) throws(ModelLoadError) -> CriteriaModel {
        let document: JSONValue
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            let (line, column) = jsonLineColumn(bytes, offset: error.offset)
            throw ModelLoadError(issues: [ModelIssue(path: "", message: "not valid JSON at line \(line), column \(column): \(error.message)")])
        }
        return try load(document: document, sha256: sha256)
    }

    public static func load(document: JSONValue, sha256: String) throws(ModelLoadError) -> CriteriaModel {
        var loader = Loader()
        let model = loader.build(document, sha256: sha256)
        if let model, loader.r.issues.isEmpty { return model }
        throw ModelLoadError(issues: loader.r.issues)
    }
}

private struct Loader {
    var r = ModelDocumentReader()
    typealias J = ModelDocumentReader
    /// 1 or 2 (`format`).
    var format = 1
    /// Languages every name must have: fi, sv, en in format 2; none in format 1.
    var languages: [String] { format >= 2 ? ModelLoader.languages : [] }

    static let topLevelKeys = ["format", "id", "version", "effective_from", "effective_to", "title", "provenance",
                               "documentation", "coping", "risk", "segments", "flags", "definitions", "outcomes",
                               "overrides", "urgency", "referrals", "scope", "routing", "products", "review"]

    mutating func build(_ document: JSONValue, sha256: String) -> CriteriaModel? {
        guard let root = r.object(document, "", allowed: Self.topLevelKeys) else { return nil }
        if let f = r.string(root["format"], "format") {
            if let i = ModelLoader.formatTags.firstIndex(of: f) {
                format = i + 1
            } else {
                r.issue("format", "is '\(f)'; this Seula reads \(ModelLoader.formatTags.map { "'\($0)'" }.joined(separator: " or "))")
            }
        }
        let id = r.identifier(root["id"], "id", hyphens: true) ?? ""
        let version = r.string(root["version"], "version") ?? ""
        if !version.isEmpty, !isSemanticVersion(version) {
            r.issue("version", "'\(version)' must be MAJOR.MINOR.PATCH, e.g. 1.0.0")
        }
        let from = r.date(root["effective_from"], "effective_from")
        let to = r.date(root["effective_to"], "effective_to", required: false)
        if let from, let to, to < from {
            r.issue("effective_to", "\(to) is before effective_from \(from)")
        }
        if let t = root["title"] { _ = r.texts(t, "title", languages: languages) }
        if let p = root["provenance"] { _ = r.object(p, "provenance", allowed: ["source", "derived_from", "note", "changes", "created_by"]) }
        var documentation: [String] = []
        if let d = r.array(root["documentation"], "documentation", required: false, nonEmpty: false) {
            for (i, line) in d.enumerated() {
                if let s = r.string(line, J.join("documentation", i)) { documentation.append(s) }
            }
        }

        // Outcome levels come first: segments and overrides refer to them.
        let (levels, outcomeNames) = readOutcomeLevels(root["outcomes"])
        let coping = readCoping(root["coping"])
        let flags = readFlags(root["flags"])
        let segmentsPartial = readSegments(root["segments"], levels: levels)

        // Symbols known at intake, so the risk indicators' `counted_when` can be compiled.
        var symbols = SymbolTable()
        let indicatorsRaw = r.array(root["risk"]?["indicators"], "risk.indicators") ?? []
        let referralIDs = (root["referrals"]?.arrayValue ?? []).map { $0["id"]?.stringValue ?? "" }
        let slots = FrameSlots(items: coping?.items.count ?? 0, indicators: indicatorsRaw.count, flags: flags.count,
                               referrals: referralIDs.count)
        let segmentDomain = segmentsPartial?.domain ?? EnumDomain(name: "segment", values: [], ordered: false)
        let riskTypes = previewIndicatorTypes(indicatorsRaw)
        let urgencyLevels = (root["urgency"]?["levels"]?.arrayValue ?? []).compactMap(\.stringValue)
        let riskThreshold = root["risk"]?["threshold"]?.numberValue?.double
        declareSymbols(&symbols, slots: slots, coping: coping, riskTypes: riskTypes, riskThreshold: riskThreshold, flags: flags,
                       segments: segmentDomain, levels: levels,
                       urgency: EnumDomain(name: "urgency", values: urgencyLevels, ordered: false), referrals: referralIDs)
        readDefinitions(root["definitions"], into: &symbols)

        let risk = readRisk(root["risk"], indicatorsRaw: indicatorsRaw, symbols: symbols, slots: slots)
        let overrides = readOverrides(root["overrides"], levels: levels, symbols: symbols)
        let urgency = readUrgency(root["urgency"], symbols: symbols)
        let referrals = readReferrals(root["referrals"], symbols: symbols)
        let routing = readRouting(root["routing"])
        let products = readProducts(root["products"], symbols: symbols, urgency: urgency, routing: routing)
        let scope = readScope(root["scope"], symbols: symbols, products: products, referrals: referrals)
        let review = readReview(root["review"], symbols: symbols)
        let automatable = readAutomatable(root["outcomes"]?["automatable_when"], symbols: symbols)

        guard r.issues.isEmpty, let levels, let coping, let segments = segmentsPartial, let risk,
              let overrides, let urgency, let referrals, let scope, let routing, let products, let review, let from else {
            return nil
        }
        return CriteriaModel(format: format, id: id, version: version, sha256: sha256, effectiveFrom: from, effectiveTo: to,
                             documentation: documentation, coping: coping, risk: risk, segments: segments,
                             flags: flags, outcomeLevels: levels, outcomeNames: outcomeNames, overrides: overrides,
                             urgency: urgency, referrals: referrals, scope: scope, routing: routing, products: products,
                             review: review, automatableWhen: automatable,
                             symbols: symbols, slots: slots, document: JSONValueBox(document))
    }

    func isSemanticVersion(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    // MARK: Outcomes

    mutating func readOutcomeLevels(_ value: JSONValue?) -> (EnumDomain?, [Names]) {
        guard let o = r.object(value, "outcomes", allowed: ["levels", "names", "automatable_when"]) else { return (nil, []) }
        guard let list = r.array(o["levels"], "outcomes.levels") else { return (nil, []) }
        var levels: [String] = []
        for (i, v) in list.enumerated() {
            if let s = r.identifier(v, J.join("outcomes.levels", i)) { levels.append(s) }
        }
        r.unique(levels.enumerated().map { ($1, J.join("outcomes.levels", $0)) }, what: "level")
        if levels.count < 2 { r.issue("outcomes.levels", "needs at least two levels, lowest first") }
        var names = Array(repeating: Names(), count: levels.count)
        if let given = r.object(o["names"], "outcomes.names", allowed: levels, required: !languages.isEmpty) {
            for (i, level) in levels.enumerated() {
                names[i] = r.texts(given[level], "outcomes.names.\(level)", languages: languages)
            }
        }
        return (EnumDomain(name: "outcome level", values: levels, ordered: true), names)
    }

    /// `outcomes.automatable_when`: a final-phase condition (it may read `review_required`).
    mutating func readAutomatable(_ value: JSONValue?, symbols: SymbolTable) -> CompiledExpression? {
        guard let value, !value.isNull else { return nil }
        return r.condition(value, "outcomes.automatable_when", symbols: symbols, phase: .final)
    }

    func level(_ name: String?, _ levels: EnumDomain?) -> Int? {
        guard let name, let levels else { return nil }
        return levels.index(of: name)
    }

    mutating func requireLevel(_ value: JSONValue?, _ path: String, _ levels: EnumDomain?) -> Int? {
        guard let s = r.string(value, path) else { return nil }
        guard let levels else { return nil }
        guard let i = levels.index(of: s) else {
            r.issue(path, "'\(s)' is not an outcome level; expected one of \(levels.values.joined(separator: ", "))")
            return nil
        }
        return i
    }

    // MARK: Coping

    mutating func readCoping(_ value: JSONValue?) -> CopingInstrument? {
        let p = "coping"
        guard let o = r.object(value, p, allowed: ["scale", "min_answered", "threshold", "bands", "items"]) else { return nil }
        var scaleMin = 0, scaleMax = 4
        if let s = r.object(o["scale"], "coping.scale", allowed: ["min", "max"]) {
            scaleMin = r.int(s["min"], "coping.scale.min") ?? 0
            scaleMax = r.int(s["max"], "coping.scale.max", min: CriteriaLimits.copingScaleMax.lowerBound,
                             max: CriteriaLimits.copingScaleMax.upperBound, why: " (answers are small whole numbers, 0 … max)") ?? 4
            if scaleMax <= scaleMin { r.issue("coping.scale.max", "must be greater than min (\(scaleMin))") }
            if scaleMin != 0 { r.issue("coping.scale.min", "must be 0: 0 means no difficulty, and scores are shares of the maximum") }
        }
        var items: [CopingItem] = []
        let list = r.array(o["items"], "coping.items") ?? []
        for (i, v) in list.enumerated() {
            let ip = J.join("coping.items", i)
            guard let io = r.object(v, ip, allowed: ["id", "weight", "text"]) else { continue }
            let id = r.identifier(io["id"], J.join(ip, "id"))
            let weight = r.number(io["weight"], J.join(ip, "weight")) ?? 1
            let weights = CriteriaLimits.copingWeight
            if weight <= 0 {
                r.issue(J.join(ip, "weight"), "must be greater than 0 (between \(J.text(weights.lowerBound)) and \(J.text(weights.upperBound))), not \(J.text(weight))")
            } else if !weights.contains(weight) {
                r.issue(J.join(ip, "weight"), "must be between \(J.text(weights.lowerBound)) and \(J.text(weights.upperBound)), not \(J.text(weight)) (weights are relative importances; within these bounds the weighted sums can never overflow or vanish)")
            } else if CopingInstrument.decimalPlaces(of: weight) == nil {
                r.issue(J.join(ip, "weight"), "has more than \(CopingInstrument.maxWeightDecimals) decimal places (\(J.text(weight))); write it with at most \(CopingInstrument.maxWeightDecimals), e.g. \(J.text((weight * 1e6).rounded() / 1e6)) (weights are exact decimals, so a case's sums are exact whatever order they are added in)")
            }
            let text = (io["text"] != nil || !languages.isEmpty) ? r.texts(io["text"], J.join(ip, "text"), languages: languages) : [:]
            if let id { items.append(CopingItem(id: id, weight: weight, text: text)) }
        }
        r.unique(items.enumerated().map { ($1.id, J.join("coping.items", $0)) }, what: "item")
        if list.count > CriteriaLimits.maxCopingItems {
            r.issue("coping.items", "has \(list.count) items; at most \(CriteriaLimits.maxCopingItems) are allowed (the counterfactual solver's work grows with the cube of the item count)")
        }
        let minAnswered = r.int(o["min_answered"], "coping.min_answered", min: 1) ?? 1
        if minAnswered > list.count, !list.isEmpty {
            r.issue("coping.min_answered", "is \(minAnswered) but there are only \(list.count) items")
        }
        let threshold = r.number(o["threshold"], "coping.threshold") ?? 0
        if threshold < 0 || threshold > 100 { r.issue("coping.threshold", "must be between 0 and 100") }
        var bands: [Band] = []
        for (i, v) in (r.array(o["bands"], "coping.bands") ?? []).enumerated() {
            let bp = J.join("coping.bands", i)
            guard let bo = r.object(v, bp, allowed: ["id", "from", "name"]) else { continue }
            let name = (bo["name"] != nil || !languages.isEmpty) ? r.texts(bo["name"], J.join(bp, "name"), languages: languages) : [:]
            if let id = r.identifier(bo["id"], J.join(bp, "id")), let from = r.number(bo["from"], J.join(bp, "from")) {
                if let last = bands.last, from <= last.from {
                    r.issue(J.join(bp, "from"), "must be greater than the previous band's from (\(DecimalFormat.oneDecimal(last.from)))")
                }
                if bands.isEmpty, from != 0 { r.issue(J.join(bp, "from"), "the first band must start at 0") }
                if from < 0 || from > 100 { r.issue(J.join(bp, "from"), "must be between 0 and 100 (bands divide the 0–100 score), not \(J.text(from))") }
                bands.append(Band(id: id, name: name, from: from))
            }
        }
        return CopingInstrument(items: items, scaleMin: scaleMin, scaleMax: scaleMax, minAnswered: minAnswered,
                                threshold: threshold, bands: bands)
    }

    // MARK: Flags

    mutating func readFlags(_ value: JSONValue?) -> [FlagDefinition] {
        var flags: [FlagDefinition] = []
        for (i, v) in (r.array(value, "flags") ?? []).enumerated() {
            let p = J.join("flags", i)
            guard let o = r.object(v, p, allowed: ["id", "basis", "text"]) else { continue }
            let id = r.identifier(o["id"], J.join(p, "id"))
            let basis = r.string(o["basis"], J.join(p, "basis"), required: false)
            let text = (o["text"] != nil || !languages.isEmpty) ? r.texts(o["text"], J.join(p, "text"), languages: languages) : [:]
            if let id { flags.append(FlagDefinition(id: id, basis: basis, text: text)) }
        }
        r.unique(flags.enumerated().map { ($1.id, J.join("flags", $0)) }, what: "flag")
        return flags
    }

    // MARK: Segments

    mutating func readSegments(_ value: JSONValue?, levels: EnumDomain?) -> SegmentGrid? {
        guard let o = r.object(value, "segments", allowed: ["near_band", "quadrants", "undetermined"]) else { return nil }
        let near = r.number(o["near_band"], "segments.near_band") ?? 0
        if near < 0 { r.issue("segments.near_band", "must not be negative") }
        if near > 100 { r.issue("segments.near_band", "must be between 0 and 100 (a distance on the 0–100 score scale), not \(J.text(near))") }
        var quadrants: [Quadrant] = []
        for (i, v) in (r.array(o["quadrants"], "segments.quadrants") ?? []).enumerated() {
            let p = J.join("segments.quadrants", i)
            guard let q = r.object(v, p, allowed: ["id", "coping", "risk", "outcome", "name"]) else { continue }
            let id = r.identifier(q["id"], J.join(p, "id"))
            let coping = r.string(q["coping"], J.join(p, "coping"))
            let risk = r.string(q["risk"], J.join(p, "risk"))
            if let coping, coping != "easy" && coping != "hard" { r.issue(J.join(p, "coping"), "must be 'easy' or 'hard', not '\(coping)'") }
            if let risk, risk != "low" && risk != "high" { r.issue(J.join(p, "risk"), "must be 'low' or 'high', not '\(risk)'") }
            let outcome = requireLevel(q["outcome"], J.join(p, "outcome"), levels)
            let name = r.texts(q["name"], J.join(p, "name"), languages: ["fi", "sv", "en"])
            if let id, let coping, let risk, let outcome {
                quadrants.append(Quadrant(id: id, copingHard: coping == "hard", riskHigh: risk == "high", outcome: OutcomeLevel(outcome), name: name))
            }
        }
        var covered = Set<String>()
        for (i, q) in quadrants.enumerated() {
            let key = "coping \(q.copingHard ? "hard" : "easy"), risk \(q.riskHigh ? "high" : "low")"
            if !covered.insert(key).inserted { r.issue(J.join("segments.quadrants", i), "a second quadrant for \(key)") }
        }
        if quadrants.count == 4, covered.count == 4 {
            // Worse on an axis must never mean a lower default outcome.
            for q in quadrants {
                for other in quadrants where (other.copingHard || !q.copingHard) && (other.riskHigh || !q.riskHigh) && other.outcome < q.outcome {
                    r.issue("segments.quadrants", "'\(other.id)' is harder or riskier than '\(q.id)' but its outcome is lower")
                }
            }
        } else if r.issues.allSatisfy({ !$0.path.hasPrefix("segments.quadrants") }) {
            r.issue("segments.quadrants", "needs exactly four quadrants: coping easy/hard × risk low/high")
        }
        r.unique(quadrants.enumerated().map { ($1.id, J.join("segments.quadrants", $0)) }, what: "segment")
        guard let u = r.object(o["undetermined"], "segments.undetermined", allowed: ["id", "outcome", "name"]) else { return nil }
        let uid = r.identifier(u["id"], "segments.undetermined.id") ?? "undetermined"
        let uoutcome = requireLevel(u["outcome"], "segments.undetermined.outcome", levels) ?? 0
        let uname = r.texts(u["name"], "segments.undetermined.name", languages: languages.isEmpty ? ["fi", "en"] : languages)
        if quadrants.contains(where: { $0.id == uid }) { r.issue("segments.undetermined.id", "'\(uid)' is already a quadrant") }
        let domain = EnumDomain(name: "segment", values: quadrants.map(\.id) + [uid], ordered: false)
        return SegmentGrid(quadrants: quadrants, undeterminedID: uid, undeterminedOutcome: OutcomeLevel(uoutcome),
                           undeterminedName: uname, nearBand: near, domain: domain)
    }

    // MARK: Symbols

    enum IndicatorPreview { case int(max: Int?), enumeration(EnumDomain), bool, invalid }

    /// Indicator ids and types, read before everything else so expressions can name them.
    func previewIndicatorTypes(_ list: [JSONValue]) -> [(String, IndicatorPreview)] {
        list.map { v in
            let id = v["id"]?.stringValue ?? ""
            switch v["type"]?.stringValue {
            case "int": return (id, .int(max: v["max"]?.numberValue?.int64.flatMap { Int(exactly: $0) }))
            case "bool": return (id, .bool)
            case "enum":
                let values = (v["values"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue }
                return (id, .enumeration(EnumDomain(name: "\(id) value", values: values, ordered: true)))
            default: return (id, .invalid)
            }
        }
    }

    func declareSymbols(_ symbols: inout SymbolTable, slots: FrameSlots, coping: CopingInstrument?,
                        riskTypes: [(String, IndicatorPreview)], riskThreshold: Double?, flags: [FlagDefinition],
                        segments: EnumDomain, levels: EnumDomain?, urgency: EnumDomain, referrals: [String]) {
        // The range of every number an expression can read, for the interval analysis: the
        // input contract's bounds (a gap reads as 0) and this file's thresholds.
        let count = NumericRange(0...CriteriaLimits.maxCount)
        let scale = CriteriaLimits.copingScaleMax
        let itemRange = NumericRange(0...min(max(coping?.scaleMax ?? scale.upperBound, 0), scale.upperBound))
        for (i, item) in (coping?.items ?? []).enumerated() {
            symbols.add(Symbol(name: "coping.\(item.id)", type: .int, nullable: true, slot: slots.copingItems.lowerBound + i,
                               phase: .intake, range: itemRange))
        }
        for (i, (id, kind)) in riskTypes.enumerated() {
            let type: ValueType
            var range: NumericRange? = nil
            switch kind {
            case .int(let top):
                type = .int
                range = NumericRange(0...min(max(top ?? CriteriaLimits.maxCount, 0), CriteriaLimits.maxCount))
            case .bool: type = .bool
            case .enumeration(let d): type = .enumeration(d)
            case .invalid: continue
            }
            symbols.add(Symbol(name: "risk.\(id)", type: type, nullable: false, slot: slots.riskIndicators.lowerBound + i,
                               phase: .intake, range: range))
        }
        symbols.add(Symbol(name: HouseholdField.children.path, type: .int, nullable: false, slot: slots.householdChildren, phase: .intake,
                           range: count))
        symbols.add(Symbol(name: HouseholdField.youngestChildAge.path, type: .int, nullable: true, slot: slots.householdYoungestChildAge,
                           phase: .intake, range: NumericRange(0...CaseSchema.maxChildAge)))
        symbols.add(Symbol(name: HouseholdField.expecting.path, type: .bool, nullable: false, slot: slots.householdExpecting, phase: .intake))
        symbols.add(Symbol(name: HouseholdField.singleParent.path, type: .bool, nullable: false, slot: slots.householdSingleParent, phase: .intake))
        for (i, f) in flags.enumerated() {
            symbols.add(Symbol(name: "flags.\(f.id)", type: .bool, nullable: false, slot: slots.flags.lowerBound + i, phase: .intake))
        }
        symbols.add(Symbol(name: CaseField.age.name, type: .int, nullable: false, slot: slots.age, phase: .intake, range: NumericRange(0...CaseSchema.maxAge)))
        symbols.add(Symbol(name: "any_flag", type: .bool, nullable: false, slot: slots.anyFlag, phase: .intake))
        // The axis thresholds, so a rule can follow them when evaluators tune them.
        let scoreScale = NumericRange(CriteriaLimits.scoreScale.lowerBound, CriteriaLimits.scoreScale.upperBound)
        func threshold(_ t: Double?) -> NumericRange {
            guard let t, CriteriaLimits.scoreScale.contains(t) else { return scoreScale }
            return .exactly(t)
        }
        symbols.add(Symbol(name: "coping_threshold", type: .number, nullable: false, slot: slots.copingThreshold, phase: .intake,
                           range: threshold(coping?.threshold)))
        symbols.add(Symbol(name: "risk_threshold", type: .number, nullable: false, slot: slots.riskThreshold, phase: .intake,
                           range: threshold(riskThreshold)))
        // Age from the hetu's birth date on the assessment date; unknown without a hetu.
        symbols.add(Symbol(name: "hetu_age", type: .int, nullable: true, slot: slots.hetuAge, phase: .intake,
                           range: NumericRange(CriteriaLimits.hetuAgeRange)))
        let indicators = NumericRange(0...CriteriaLimits.maxIndicators)
        symbols.add(Symbol(name: "coping_score", type: .number, nullable: true, slot: slots.copingScore, phase: .segment, range: scoreScale))
        symbols.add(Symbol(name: "coping_answered", type: .int, nullable: false, slot: slots.copingAnswered, phase: .segment,
                           range: NumericRange(0...CriteriaLimits.maxCopingItems)))
        symbols.add(Symbol(name: "risk_score", type: .number, nullable: true, slot: slots.riskScore, phase: .segment, range: scoreScale))
        symbols.add(Symbol(name: "risk_points", type: .int, nullable: false, slot: slots.riskPoints, phase: .segment,
                           range: NumericRange(0...CriteriaLimits.maxTotalPoints)))
        symbols.add(Symbol(name: "risk_gaps", type: .int, nullable: false, slot: slots.riskGaps, phase: .segment, range: indicators))
        symbols.add(Symbol(name: "risk_known", type: .int, nullable: false, slot: slots.riskKnown, phase: .segment, range: indicators))
        symbols.add(Symbol(name: "urgency", type: .enumeration(urgency), nullable: false, slot: slots.urgency, phase: .routing))
        for (i, id) in referrals.enumerated() where !id.isEmpty {
            symbols.add(Symbol(name: "referral.\(id)", type: .bool, nullable: false, slot: slots.referrals.lowerBound + i, phase: .review))
        }
        symbols.add(Symbol(name: "review_required", type: .bool, nullable: false, slot: slots.reviewRequired, phase: .final))
        symbols.add(Symbol(name: "segment", type: .enumeration(segments), nullable: false, slot: slots.segment, phase: .segment))
        if let levels {
            symbols.add(Symbol(name: "computed_outcome", type: .enumeration(levels), nullable: false, slot: slots.computedOutcome, phase: .segment))
            symbols.add(Symbol(name: "outcome", type: .enumeration(levels), nullable: false, slot: slots.outcome, phase: .outcome))
            symbols.add(Symbol(name: "outcome_before_immediate", type: .enumeration(levels), nullable: false, slot: slots.outcomeBeforeImmediate, phase: .outcome))
        }
    }

    mutating func readDefinitions(_ value: JSONValue?, into symbols: inout SymbolTable) {
        guard let value, !value.isNull else { return }
        guard let o = value.objectValue else {
            r.issue("definitions", "must be an object of name → expression")
            return
        }
        for m in o.members {
            let p = J.join("definitions", m.key)
            guard r.identifier(.string(m.key), p) != nil, let text = r.string(m.value, p) else { continue }
            if symbols[m.key] != nil || m.key.contains(".") {
                r.issue(p, "'\(m.key)' is already a built-in name")
                continue
            }
            do {
                symbols.definitions[m.key] = try ExpressionParser.parse(text)
            } catch {
                r.issue(p, "column \(error.column): \(error.message) — in: \(text)")
            }
        }
        // Compile each definition once, here, so its own errors point at its own path; every
        // rule that uses it then shares the compiled definition.
        let errors = symbols.compileDefinitions(order: o.members.map(\.key))
        for m in o.members where symbols.definitions[m.key] != nil {
            if let error = errors[m.key] { r.issue(J.join("definitions", m.key), error.message) }
        }
    }

    // MARK: Risk

    mutating func readRisk(_ value: JSONValue?, indicatorsRaw: [JSONValue], symbols: SymbolTable, slots: FrameSlots) -> RiskScorecard? {
        guard let o = r.object(value, "risk", allowed: ["threshold", "gap_review_at", "indicators", "score_over",
                                                        "high_when", "undetermined_at_gaps"]) else { return nil }
        let threshold = r.number(o["threshold"], "risk.threshold") ?? 0
        if threshold < 0 || threshold > 100 { r.issue("risk.threshold", "must be between 0 and 100") }
        let gaps = CriteriaLimits.gapCount
        let gapsWhy = " (a case has at most \(CriteriaLimits.maxIndicators) indicators, so at most as many gaps)"
        let gapReviewAt = r.int(o["gap_review_at"], "risk.gap_review_at", min: gaps.lowerBound, max: gaps.upperBound, why: gapsWhy) ?? 1
        var scoreOverKnown = false
        if let over = r.string(o["score_over"], "risk.score_over", required: false) {
            switch over {
            case "all": scoreOverKnown = false
            case "known": scoreOverKnown = true
            default: r.issue("risk.score_over", "'\(over)' is not 'all' (every indicator's maximum) or 'known' (the known indicators' maxima)")
            }
        }
        let undeterminedAt = o["undetermined_at_gaps"].flatMap { $0.isNull ? nil : r.int($0, "risk.undetermined_at_gaps", min: gaps.lowerBound, max: gaps.upperBound, why: gapsWhy) }
        var markers: [RiskMarker] = []
        let declaresMarkers = o["high_when"] != nil && o["high_when"]?.isNull == false
        if let list = o["high_when"]?.arrayValue, list.count > CriteriaLimits.maxMarkers {
            r.issue("risk.high_when", "has \(list.count) markers; at most \(CriteriaLimits.maxMarkers) are allowed")
        }
        for (i, v) in (r.array(o["high_when"], "risk.high_when", required: false, nonEmpty: false) ?? []).enumerated() {
            let p = J.join("risk.high_when", i)
            guard let cond = r.condition(v, p, symbols: symbols, phase: .intake), let text = v.stringValue else { continue }
            var mask: UInt64 = 0
            for slot in cond.slotsRead where slots.riskIndicators.contains(slot) {
                let k = slot - slots.riskIndicators.lowerBound
                if k < 64 { mask |= 1 << UInt64(k) }
            }
            if mask == 0 { r.issue(p, "reads no risk indicator: a severe marker is about the client's register data (e.g. risk.housing == 'homeless')") }
            markers.append(RiskMarker(condition: cond, text: text, indicatorMask: mask))
        }
        var indicators: [RiskIndicator] = []
        for (i, v) in indicatorsRaw.enumerated() {
            let p = J.join("risk.indicators", i)
            guard let io = r.object(v, p, allowed: ["id", "type", "min", "max", "bins", "values", "points", "counted_when", "note", "name"]) else { continue }
            let id = r.identifier(io["id"], J.join(p, "id"))
            let name = (io["name"] != nil || !languages.isEmpty) ? r.texts(io["name"], J.join(p, "name"), languages: languages) : [:]
            var valueNames: [Names] = []
            var counted: CompiledExpression? = nil
            let countedText = io["counted_when"]?.stringValue
            if io["counted_when"] != nil {
                counted = r.condition(io["counted_when"], J.join(p, "counted_when"), symbols: symbols, phase: .intake)
            }
            _ = r.string(io["note"], J.join(p, "note"), required: false)
            let kind: IndicatorKind?
            switch r.string(io["type"], J.join(p, "type")) {
            case "int":
                kind = readIntegerIndicator(io, p)
            case "enum":
                kind = readEnumIndicator(io, p, id: id ?? "", names: &valueNames)
            case "bool":
                let points = r.int(io["points"], J.join(p, "points"), min: CriteriaLimits.indicatorPoints.lowerBound,
                                   max: CriteriaLimits.indicatorPoints.upperBound) ?? 0
                kind = .boolean(points: points)
            case let t?:
                r.issue(J.join(p, "type"), "'\(t)' is not an indicator type; expected int, enum or bool")
                kind = nil
            case nil:
                kind = nil
            }
            if let id, let kind {
                indicators.append(RiskIndicator(id: id, kind: kind, countedWhen: counted, countedWhenText: countedText,
                                                name: name, valueNames: valueNames))
                if indicators.count > 64 { r.issue(J.join("risk.indicators", i), "more than 64 indicators are not supported") }
            }
        }
        r.unique(indicators.enumerated().map { ($1.id, J.join("risk.indicators", $0)) }, what: "indicator")
        // Truth tables of the markers that read one risk indicator and nothing else.
        for k in markers.indices {
            let read = markers[k].condition.slotsRead
            guard read.count == 1, let slot = read.first, slots.riskIndicators.contains(slot),
                  slot - slots.riskIndicators.lowerBound < indicators.count else { continue }
            let indicator = indicators[slot - slots.riskIndicators.lowerBound]
            let top: Int
            switch indicator.kind {
            case .integer: top = (indicator.levelsUp.map(\.raw) + indicator.levelsDown.map(\.raw)).max() ?? 0
            case .enumeration(let d, _): top = d.values.count - 1
            case .boolean: top = 1
            }
            guard top < 4096 else { continue }
            var frame = [Value](repeating: .null, count: slots.count)
            markers[k].truthByRaw = (0...top).map { raw in
                switch indicator.kindCode {
                case 0: frame[slot] = .number(Double(raw))
                case 1: frame[slot] = .symbol(raw)
                default: frame[slot] = .bool(raw != 0)
                }
                return markers[k].condition.holds(frame)
            }
        }
        let maxPoints = indicators.map(\.maxPoints).reduce(0, +)
        if maxPoints == 0, !indicators.isEmpty { r.issue("risk.indicators", "no indicator is worth any points") }
        if maxPoints > CriteriaLimits.maxTotalPoints {
            r.issue("risk.indicators", "the indicators' maximum points add up to \(maxPoints); at most \(CriteriaLimits.maxTotalPoints) are allowed (the score is shown with one decimal, so a finer scale could not be seen, and the counterfactual solvers work in points)")
        }
        return RiskScorecard(indicators: indicators, threshold: threshold, gapReviewAt: gapReviewAt, maxPoints: maxPoints,
                             scoreOverKnown: scoreOverKnown, markers: markers, declaresMarkers: declaresMarkers,
                             undeterminedAtGaps: undeterminedAt)
    }

    mutating func readIntegerIndicator(_ io: JSONObject, _ p: String) -> IndicatorKind? {
        let countWhy = " (a count, at most \(CriteriaLimits.maxCount) like every count in a case)"
        let min = r.int(io["min"], J.join(p, "min"), required: false, min: 0, max: CriteriaLimits.maxCount, why: countWhy) ?? 0
        let max = r.int(io["max"], J.join(p, "max"), required: false, min: 0, max: CriteriaLimits.maxCount, why: countWhy)
        if let max, max < min { r.issue(J.join(p, "max"), "must not be below min (\(min))") }
        var bins: [Bin] = []
        let list = r.array(io["bins"], J.join(p, "bins")) ?? []
        if list.count > CriteriaLimits.maxLevelsPerIndicator {
            r.issue(J.join(p, "bins"), "has \(list.count) bins; at most \(CriteriaLimits.maxLevelsPerIndicator) are allowed")
        }
        for (i, v) in list.enumerated() {
            let bp = J.join(J.join(p, "bins"), i)
            guard let bo = r.object(v, bp, allowed: ["min", "max", "points"]) else { continue }
            guard let bmin = r.int(bo["min"], J.join(bp, "min"), min: 0, max: CriteriaLimits.maxCount, why: countWhy) else { continue }
            let bmax = r.int(bo["max"], J.join(bp, "max"), required: false, min: 0, max: CriteriaLimits.maxCount, why: countWhy)
            if bmax == nil, let given = bo["max"], !given.isNull { continue }
            // A refused value is reported once; the bin then counts as the previous one's points.
            let points = r.int(bo["points"], J.join(bp, "points"), min: CriteriaLimits.indicatorPoints.lowerBound,
                               max: CriteriaLimits.indicatorPoints.upperBound) ?? (bins.last?.points ?? 0)
            let expected = bins.last.map { ($0.max ?? Int.max - 1) + 1 } ?? min
            if bmin != expected {
                r.issue(J.join(bp, "min"), bins.isEmpty ? "the first bin must start at the indicator's min (\(min)), not \(bmin)"
                                                        : "must be \(expected), right after the previous bin, not \(bmin) (bins must not leave gaps or overlap)")
            }
            if let bmax, bmax < bmin { r.issue(J.join(bp, "max"), "must not be below the bin's min (\(bmin))") }
            if bins.last?.max == nil, !bins.isEmpty { r.issue(bp, "comes after an open-ended bin") }
            if let last = bins.last, points < last.points {
                r.issue(J.join(bp, "points"), "must not be lower than the previous bin's (\(last.points)): a higher count never lowers risk")
            }
            bins.append(Bin(min: bmin, max: bmax, points: points))
        }
        if let last = bins.last, let lastMax = last.max {
            if let max {
                if lastMax < max { r.issue(J.join(p, "bins"), "do not reach the indicator's max (\(max)); the last bin ends at \(lastMax)") }
            } else {
                r.issue(J.join(p, "bins"), "the last bin must be open-ended (no max) when the indicator has no max")
            }
        }
        return .integer(min: min, max: max, bins: bins)
    }

    mutating func readEnumIndicator(_ io: JSONObject, _ p: String, id: String, names: inout [Names]) -> IndicatorKind? {
        var values: [String] = []
        var points: [Int] = []
        let list = r.array(io["values"], J.join(p, "values")) ?? []
        if list.count > CriteriaLimits.maxLevelsPerIndicator {
            r.issue(J.join(p, "values"), "has \(list.count) values; at most \(CriteriaLimits.maxLevelsPerIndicator) are allowed")
        }
        for (i, v) in list.enumerated() {
            let vp = J.join(J.join(p, "values"), i)
            guard let vo = r.object(v, vp, allowed: ["value", "points", "name"]) else { continue }
            let name = (vo["name"] != nil || !languages.isEmpty) ? r.texts(vo["name"], J.join(vp, "name"), languages: languages) : [:]
            guard let value = r.identifier(vo["value"], J.join(vp, "value")), let pts = r.int(vo["points"], J.join(vp, "points"), min: CriteriaLimits.indicatorPoints.lowerBound,
                                                                                                       max: CriteriaLimits.indicatorPoints.upperBound) else { continue }
            if let last = points.last, pts < last {
                r.issue(J.join(vp, "points"), "must not be lower than the previous value's (\(last)): list values from least to most risk")
            }
            values.append(value)
            points.append(pts)
            names.append(name)
        }
        r.unique(values.enumerated().map { ($1, J.join(J.join(p, "values"), $0)) }, what: "value")
        return .enumeration(EnumDomain(name: "\(id) value", values: values, ordered: true), points: points)
    }

    // MARK: Rules

    mutating func readOverrides(_ value: JSONValue?, levels: EnumDomain?, symbols: SymbolTable) -> [OverrideRule]? {
        var out: [OverrideRule] = []
        for (i, v) in (r.array(value, "overrides", nonEmpty: false) ?? []).enumerated() {
            let p = J.join("overrides", i)
            guard let o = r.object(v, p, allowed: ["id", "when", "escalate_to", "basis", "note", "name"]) else { continue }
            let id = r.identifier(o["id"], J.join(p, "id"), hyphens: true)
            let name = (o["name"] != nil || !languages.isEmpty) ? r.texts(o["name"], J.join(p, "name"), languages: languages) : [:]
            let cond = r.condition(o["when"], J.join(p, "when"), symbols: symbols, phase: .segment)
            if o["escalate_to"] == nil {
                r.issue(J.join(p, "escalate_to"), "is required: overrides only escalate the outcome to at least this level")
            }
            let to = o["escalate_to"] == nil ? nil : requireLevel(o["escalate_to"], J.join(p, "escalate_to"), levels)
            let basis = r.string(o["basis"], J.join(p, "basis"))
            let note = r.string(o["note"], J.join(p, "note"), required: false)
            if let id, let cond, let to, let basis {
                out.append(OverrideRule(id: id, name: name, condition: cond, level: OutcomeLevel(to), basis: basis, note: note))
            }
        }
        r.unique(out.enumerated().map { ($1.id, J.join("overrides", $0)) }, what: "override")
        return out
    }

    mutating func readUrgency(_ value: JSONValue?, symbols: SymbolTable) -> UrgencyPolicy? {
        guard let o = r.object(value, "urgency", allowed: ["levels", "default", "rules", "names"]) else { return nil }
        var levels: [String] = []
        for (i, v) in (r.array(o["levels"], "urgency.levels") ?? []).enumerated() {
            if let s = r.identifier(v, J.join("urgency.levels", i)) { levels.append(s) }
        }
        r.unique(levels.enumerated().map { ($1, J.join("urgency.levels", $0)) }, what: "urgency level")
        let domain = EnumDomain(name: "urgency", values: levels, ordered: true)
        var defaultLevel = 0
        if let d = r.string(o["default"], "urgency.default") {
            if let i = domain.index(of: d) { defaultLevel = i } else { r.issue("urgency.default", "'\(d)' is not one of urgency.levels") }
        }
        let rules = readUrgencyRules(o["rules"], "urgency.rules", domain: domain, symbols: symbols, phase: .outcome)
        var names = Array(repeating: Names(), count: levels.count)
        if let given = r.object(o["names"], "urgency.names", allowed: levels, required: !languages.isEmpty) {
            for (i, level) in levels.enumerated() { names[i] = r.texts(given[level], "urgency.names.\(level)", languages: languages) }
        }
        return UrgencyPolicy(levels: domain, defaultLevel: UrgencyLevel(defaultLevel), rules: rules, names: names)
    }

    /// Urgency rules: the case's (outcome phase) or a product's (routing phase: it may read the case urgency).
    mutating func readUrgencyRules(_ value: JSONValue?, _ path: String, domain: EnumDomain, symbols: SymbolTable, phase: Phase) -> [UrgencyRule] {
        var rules: [UrgencyRule] = []
        for (i, v) in (r.array(value, path, required: false, nonEmpty: false) ?? []).enumerated() {
            let p = J.join(path, i)
            guard let ro = r.object(v, p, allowed: ["level", "when"]) else { continue }
            let cond = r.condition(ro["when"], J.join(p, "when"), symbols: symbols, phase: phase)
            guard let l = r.string(ro["level"], J.join(p, "level")) else { continue }
            guard let li = domain.index(of: l) else {
                r.issue(J.join(p, "level"), "'\(l)' is not one of urgency.levels (\(domain.values.joined(separator: ", ")))")
                continue
            }
            if let cond { rules.append(UrgencyRule(level: UrgencyLevel(li), condition: cond)) }
        }
        return rules
    }

    mutating func readReferrals(_ value: JSONValue?, symbols: SymbolTable) -> [ReferralRule]? {
        var out: [ReferralRule] = []
        for (i, v) in (r.array(value, "referrals", nonEmpty: false) ?? []).enumerated() {
            let p = J.join("referrals", i)
            guard let o = r.object(v, p, allowed: ["id", "when", "name", "basis"]) else { continue }
            let id = r.identifier(o["id"], J.join(p, "id"))
            let cond = r.condition(o["when"], J.join(p, "when"), symbols: symbols, phase: .routing)
            let name = (o["name"] != nil || !languages.isEmpty) ? r.texts(o["name"], J.join(p, "name"), languages: languages) : [:]
            let basis = r.string(o["basis"], J.join(p, "basis"), required: false)
            if let id, let cond { out.append(ReferralRule(id: id, condition: cond, name: name, basis: basis)) }
        }
        r.unique(out.enumerated().map { ($1.id, J.join("referrals", $0)) }, what: "referral")
        return out
    }

    /// Scope rules: when one holds, only the products it allows remain (its groups or its listed
    /// products) and the referrals it excludes are not made. Read after the products and referrals,
    /// whose ids it names.
    mutating func readScope(_ value: JSONValue?, symbols: SymbolTable, products: [Product]?, referrals: [ReferralRule]?) -> [ScopeRule]? {
        var out: [ScopeRule] = []
        let productIDs = products?.map(\.id) ?? []
        let groups = Set(products?.flatMap(\.groups) ?? [])
        let referralIDs = referrals?.map(\.id) ?? []
        func ids(_ o: JSONObject, _ key: String, _ p: String, hyphens: Bool) -> [String] {
            var out: [String] = []
            for (j, g) in (r.array(o[key], J.join(p, key), required: false) ?? []).enumerated() {
                if let s = r.identifier(g, J.join(J.join(p, key), j), hyphens: hyphens) { out.append(s) }
            }
            return out
        }
        let list = r.array(value, "scope", required: false, nonEmpty: false) ?? []
        if list.count > CriteriaLimits.maxScopeRules {
            r.issue("scope", "has \(list.count) rules; at most \(CriteriaLimits.maxScopeRules) are allowed")
        }
        for (i, v) in list.enumerated() {
            let p = J.join("scope", i)
            guard let o = r.object(v, p, allowed: ["id", "when", "only_groups", "only_products", "exclude_referrals", "note"]) else { continue }
            let id = r.identifier(o["id"], J.join(p, "id"), hyphens: true)
            let cond = r.condition(o["when"], J.join(p, "when"), symbols: symbols, phase: .routing)
            let onlyGroups = ids(o, "only_groups", p, hyphens: false)
            let onlyProducts = ids(o, "only_products", p, hyphens: true)
            let excludeReferrals = ids(o, "exclude_referrals", p, hyphens: false)
            _ = r.string(o["note"], J.join(p, "note"), required: false)
            if o["only_groups"] == nil && o["only_products"] == nil && o["exclude_referrals"] == nil {
                r.issue(p, "needs only_groups, only_products or exclude_referrals (what the rule restricts)")
            }
            if products != nil {
                for (j, g) in onlyGroups.enumerated() where !groups.contains(g) {
                    r.issue(J.join(J.join(p, "only_groups"), j), "no product is in group '\(g)'")
                }
                for (j, pid) in onlyProducts.enumerated() where !productIDs.contains(pid) {
                    r.issue(J.join(J.join(p, "only_products"), j), "'\(pid)' is not a product\(Self.suggest(pid, productIDs))")
                }
            }
            var excluded: [Int] = []
            if referrals != nil {
                for (j, rid) in excludeReferrals.enumerated() {
                    if let k = referralIDs.firstIndex(of: rid) { excluded.append(k) } else {
                        r.issue(J.join(J.join(p, "exclude_referrals"), j), "'\(rid)' is not a referral\(Self.suggest(rid, referralIDs))")
                    }
                }
            }
            let restricts = o["only_groups"] != nil || o["only_products"] != nil
            let allows: [Bool]? = restricts ? (products ?? []).map { product in
                onlyProducts.contains(product.id) || product.groups.contains(where: onlyGroups.contains)
            } : nil
            if let id, let cond {
                out.append(ScopeRule(id: id, condition: cond, onlyGroups: onlyGroups, onlyProducts: onlyProducts,
                                     excludeReferrals: excludeReferrals, allowsProduct: allows, excludedReferrals: excluded))
            }
        }
        r.unique(out.enumerated().map { ($1.id, J.join("scope", $0)) }, what: "scope rule")
        return out
    }

    /// " (did you mean 'x'?)" when an id is close to a known one.
    static func suggest(_ id: String, _ known: [String]) -> String {
        guard let close = known.min(by: { editDistance(id, $0) < editDistance(id, $1) }), editDistance(id, close) <= 3 else { return "" }
        return " (did you mean '\(close)'?)"
    }

    /// `review`: the names of the built-in reasons and the case-level review rules.
    mutating func readReview(_ value: JSONValue?, symbols: SymbolTable) -> ReviewPolicy? {
        let builtins = ReviewReason.builtinIDs
        guard let value, !value.isNull else {
            if !languages.isEmpty { r.issue("review", "is required in \(ModelLoader.formatTags[1]) (the names of the review reasons)") }
            return ReviewPolicy()
        }
        guard let o = r.object(value, "review", allowed: ["names", "rules"]) else { return nil }
        var names: [String: Names] = [:]
        if let given = r.object(o["names"], "review.names", allowed: builtins, required: !languages.isEmpty) {
            for id in builtins where given[id] != nil || !languages.isEmpty {
                names[id] = r.texts(given[id], "review.names.\(id)", languages: languages)
            }
        }
        var rules: [ReviewRule] = []
        for (i, v) in (r.array(o["rules"], "review.rules", required: false, nonEmpty: false) ?? []).enumerated() {
            let p = J.join("review.rules", i)
            guard let ro = r.object(v, p, allowed: ["id", "when", "name"]) else { continue }
            let id = r.string(ro["id"], J.join(p, "id"))
            if let id, id.isEmpty || !id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_:-".unicodeScalars.contains($0) }) {
                r.issue(J.join(p, "id"), "'\(id)' must be lower-case letters, digits, '_', ':' or '-'")
            }
            if let id, builtins.contains(id) { r.issue(J.join(p, "id"), "'\(id)' is a built-in review reason") }
            let cond = r.condition(ro["when"], J.join(p, "when"), symbols: symbols, phase: .review)
            let name = (ro["name"] != nil || !languages.isEmpty) ? r.texts(ro["name"], J.join(p, "name"), languages: languages) : [:]
            if let id, let cond { rules.append(ReviewRule(id: id, condition: cond, name: name)) }
        }
        r.unique(rules.enumerated().map { ($1.id, J.join("review.rules", $0)) }, what: "review rule")
        return ReviewPolicy(builtinNames: names, rules: rules)
    }

    mutating func readRouting(_ value: JSONValue?) -> RoutingPolicy? {
        guard let o = r.object(value, "routing", allowed: ["order", "provision_rank", "need_order", "need_names"]) else { return nil }
        var order: [RoutingKey] = []
        for (i, v) in (r.array(o["order"], "routing.order") ?? []).enumerated() {
            guard let s = r.string(v, J.join("routing.order", i)) else { continue }
            guard let k = RoutingKey(rawValue: s) else {
                r.issue(J.join("routing.order", i), "'\(s)' is not a routing key; expected \(RoutingKey.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if order.contains(k) { r.issue(J.join("routing.order", i), "'\(s)' is listed twice") }
            order.append(k)
        }
        if !order.contains(.table) { order.append(.table) }
        var needOrder: [String] = []
        for (i, v) in (r.array(o["need_order"], "routing.need_order", required: false) ?? []).enumerated() {
            if let s = r.identifier(v, J.join("routing.need_order", i)) { needOrder.append(s) }
        }
        r.unique(needOrder.enumerated().map { ($1, J.join("routing.need_order", $0)) }, what: "need")
        if order.contains(.need), needOrder.isEmpty {
            r.issue("routing.order", "ranks by 'need' but routing.need_order is not given")
        }
        var needNames: [String: Names] = [:]
        if let given = r.object(o["need_names"], "routing.need_names", allowed: needOrder, required: !languages.isEmpty && !needOrder.isEmpty) {
            for need in needOrder where given[need] != nil || !languages.isEmpty {
                needNames[need] = r.texts(given[need], "routing.need_names.\(need)", languages: languages)
            }
        }
        var ranks: [String: Int] = [:]
        if let pr = r.object(o["provision_rank"], "routing.provision_rank", allowed: ["own", "tendered", "separate", "partner", "digital"]) {
            for m in pr.members {
                if let v = r.int(m.value, "routing.provision_rank.\(m.key)", min: CriteriaLimits.provisionRank.lowerBound,
                                 max: CriteriaLimits.provisionRank.upperBound) { ranks[m.key] = v }
            }
        }
        return RoutingPolicy(order: order, provisionRank: ranks, needOrder: needOrder, needNames: needNames)
    }

    mutating func readProducts(_ value: JSONValue?, symbols: SymbolTable, urgency: UrgencyPolicy?, routing: RoutingPolicy?) -> [Product]? {
        var out: [Product] = []
        let urgencyDomain = urgency?.levels ?? EnumDomain(name: "urgency", values: [], ordered: true)
        let allowed = ["id", "service", "area", "names", "provision", "provision_rules", "home_based", "basis",
                       "automatable", "eligibility", "urgency", "groups", "notes", "need"]
        let needOrder = routing?.needOrder ?? []
        func checkProvision(_ s: String?, _ path: String, _ r: inout ModelDocumentReader) {
            guard let s, let routing else { return }
            if routing.provisionRank[s] == nil {
                r.issue(path, "'\(s)' has no rank in routing.provision_rank (\(routing.provisionRank.keys.sorted().joined(separator: ", ")))")
            }
        }
        for (i, v) in (r.array(value, "products") ?? []).enumerated() {
            let p = J.join("products", i)
            guard let o = r.object(v, p, allowed: allowed) else { continue }
            let id = r.identifier(o["id"], J.join(p, "id"), hyphens: true)
            let service = r.string(o["service"], J.join(p, "service"))
            let area = r.identifier(o["area"], J.join(p, "area"))
            let names = r.texts(o["names"], J.join(p, "names"), languages: ["fi", "sv", "en"])
            let provision = r.string(o["provision"], J.join(p, "provision"))
            checkProvision(provision, J.join(p, "provision"), &r)
            var provisionRules: [ProvisionRule] = []
            for (j, pv) in (r.array(o["provision_rules"], J.join(p, "provision_rules"), required: false) ?? []).enumerated() {
                let pp = J.join(J.join(p, "provision_rules"), j)
                guard let po = r.object(pv, pp, allowed: ["when", "provision"]) else { continue }
                let cond = r.condition(po["when"], J.join(pp, "when"), symbols: symbols, phase: .routing)
                let prov = r.string(po["provision"], J.join(pp, "provision"))
                checkProvision(prov, J.join(pp, "provision"), &r)
                if let cond, let prov { provisionRules.append(ProvisionRule(condition: cond, provision: prov)) }
            }
            let homeBased = r.bool(o["home_based"], J.join(p, "home_based"))
            let basis = r.string(o["basis"], J.join(p, "basis"))
            let automatable = r.bool(o["automatable"], J.join(p, "automatable"))
            let eligibility = r.condition(o["eligibility"], J.join(p, "eligibility"), symbols: symbols, phase: .routing)
            let urgencyRules = readUrgencyRules(o["urgency"], J.join(p, "urgency"), domain: urgencyDomain, symbols: symbols, phase: .routing)
            var need: Int? = nil
            if let n = r.string(o["need"], J.join(p, "need"), required: !needOrder.isEmpty) {
                if let k = needOrder.firstIndex(of: n) { need = k } else {
                    r.issue(J.join(p, "need"), needOrder.isEmpty ? "'\(n)' needs routing.need_order to list it"
                                                                 : "'\(n)' is not one of routing.need_order (\(needOrder.joined(separator: ", ")))\(Self.suggest(n, needOrder))")
                }
            }
            var groups: [String] = []
            for (j, g) in (r.array(o["groups"], J.join(p, "groups"), required: false) ?? []).enumerated() {
                if let s = r.identifier(g, J.join(J.join(p, "groups"), j)) { groups.append(s) }
            }
            var notes: [ProductNote] = []
            for (j, nv) in (r.array(o["notes"], J.join(p, "notes"), required: false) ?? []).enumerated() {
                let np = J.join(J.join(p, "notes"), j)
                guard let no = r.object(nv, np, allowed: ["when", "text"]) else { continue }
                let cond = r.condition(no["when"], J.join(np, "when"), symbols: symbols, phase: .routing)
                if let cond, let text = r.string(no["text"], J.join(np, "text")) { notes.append(ProductNote(condition: cond, text: text)) }
            }
            if let id, let service, let area, let provision, let homeBased, let basis, let automatable, let eligibility {
                out.append(Product(id: id, service: service, area: area, names: names, provision: provision,
                                   provisionRules: provisionRules, homeBased: homeBased, basis: basis,
                                   automatable: automatable, eligibility: eligibility, urgency: urgencyRules,
                                   groups: groups, notes: notes, need: need, tableIndex: i))
            }
        }
        r.unique(out.map { ($0.id, J.join("products", $0.tableIndex)) }, what: "product")
        return out
    }
}
