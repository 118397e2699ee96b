import SeulaJSON

/// Turns one JSON object into a `ScreeningCase`, or the **first** problem in MODEL-V1's field
/// order (id, hetu, assessed_on, age, municipality, language, household, coping, risk, flags;
/// then unknown fields in strict mode).
///
/// Rules (MODEL-V1 clarification 1): only JSON integers are ints (`30.0`, `3e1` and booleans
/// are `invalid_type`); an enum value outside its list is `out_of_range`; `null` on an optional
/// field means absent (a null item is unanswered, a null indicator a gap, a null flag false);
/// `null` or absence of `id`/`age` is `missing_field`.
public struct CaseValidator: Sendable {
    public let model: CriteriaModel
    /// Reject fields the contract does not know (`--strict`); by default they are ignored.
    public let strict: Bool

    public static let topLevelFields = ["id", "hetu", "assessed_on", "age", "municipality", "language",
                                        "household", "coping", "risk", "flags"]
    /// Known top-level fields that scoring does not read: a labelled caseload's `label` (the
    /// evaluators' caseworker judgement) is accepted even in strict mode.
    public static let ignoredFields = ["label"]
    public static let householdFields = ["children", "youngest_child_age", "expecting", "single_parent"]
    public static let maxIDLength = 128
    public static let maxAge = 120
    public static let maxChildAge = 17
    /// The largest count a case may carry where the contract states no maximum
    /// (`household.children`, risk counts without a `max`): 2³¹ − 1, so no count can overflow
    /// anywhere downstream. The fast reader enforces the same bound.
    public static let maxCount = Int(Int32.max)

    public init(model: CriteriaModel, strict: Bool = false) {
        self.model = model
        self.strict = strict
    }

    /// The case id as sent, when it is a string: echoed in error answers so a client can match
    /// them up, even when another field is bad.
    public static func recoverID(_ value: JSONValue) -> String? {
        value["id"]?.stringValue
    }

    public func validate(_ value: JSONValue) -> Result<ScreeningCase, CaseError> {
        guard let object = value.objectValue else {
            return .failure(CaseError(.notAnObject, path: "", "a case must be a JSON object, not \(value.typeName)"))
        }
        do {
            return .success(try validate(object))
        } catch {
            return .failure(error)
        }
    }

    func validate(_ o: JSONObject) throws(CaseError) -> ScreeningCase {
        // id
        guard let idValue = o["id"], !idValue.isNull else {
            throw CaseError(.missingField, path: "id", "id is required (text, 1-\(Self.maxIDLength) characters)")
        }
        guard let id = idValue.stringValue else {
            throw CaseError(.invalidType, path: "id", "id must be text, not \(idValue.typeName)")
        }
        let idLength = id.unicodeScalars.count
        guard idLength >= 1, idLength <= Self.maxIDLength else {
            throw CaseError(.outOfRange, path: "id", "id must be 1-\(Self.maxIDLength) characters long, not \(idLength)")
        }
        // hetu (validated here; pseudonymised by the caller, never echoed)
        var hetu: String? = nil
        if let h = o["hetu"], !h.isNull {
            guard let text = h.stringValue else {
                throw CaseError(.invalidType, path: "hetu", "hetu must be text, not \(h.typeName)")
            }
            switch Hetu.validate(text) {
            case .success(let canonical): hetu = canonical
            case .failure(let e): throw e
            }
        }
        let hetuBirthDate = hetu.flatMap(Hetu.birthDate)
        // assessed_on
        var assessedOn: CalendarDate? = nil
        if let a = o["assessed_on"], !a.isNull {
            guard let text = a.stringValue else {
                throw CaseError(.invalidType, path: "assessed_on", "assessed_on must be a date as text (YYYY-MM-DD), not \(a.typeName)")
            }
            guard let date = CalendarDate(iso: text) else {
                throw CaseError(.outOfRange, path: "assessed_on", "assessed_on '\(text.prefix(40))' is not a date that exists (YYYY-MM-DD)")
            }
            assessedOn = date
        }
        // age
        guard let ageValue = o["age"], !ageValue.isNull else {
            throw CaseError(.missingField, path: "age", "age is required (a whole number 0-\(Self.maxAge))")
        }
        let age = try integer(ageValue, "age", min: 0, max: Self.maxAge)

        var c = ScreeningCase(id: id, age: age, itemCount: model.coping.items.count,
                              indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        c.hetu = hetu
        c.hetuBirthDate = hetuBirthDate
        c.assessedOn = assessedOn
        c.municipality = try optionalText(o["municipality"], "municipality")
        c.language = try optionalText(o["language"], "language")

        // household
        if let hv = o["household"], !hv.isNull {
            guard let h = hv.objectValue else {
                throw CaseError(.invalidType, path: "household", "household must be an object, not \(hv.typeName)")
            }
            if let v = h["children"], !v.isNull { c.children = try integer(v, "household.children", min: 0, max: nil) }
            if let v = h["youngest_child_age"], !v.isNull {
                c.youngestChildAge = try integer(v, "household.youngest_child_age", min: 0, max: Self.maxChildAge)
            }
            if let v = h["expecting"], !v.isNull { c.expecting = try boolean(v, "household.expecting") }
            if let v = h["single_parent"], !v.isNull { c.singleParent = try boolean(v, "household.single_parent") }
        }

        // coping
        if let cv = o["coping"], !cv.isNull {
            guard let co = cv.objectValue else {
                throw CaseError(.invalidType, path: "coping", "coping must be an object of item answers, not \(cv.typeName)")
            }
            let scale = model.coping
            for (i, item) in scale.items.enumerated() {
                guard let v = co[item.id], !v.isNull else { continue }
                c.coping[i] = Int8(try integer(v, "coping.\(item.id)", min: scale.scaleMin, max: scale.scaleMax))
            }
        }

        // risk
        if let rv = o["risk"], !rv.isNull {
            guard let ro = rv.objectValue else {
                throw CaseError(.invalidType, path: "risk", "risk must be an object of indicators, not \(rv.typeName)")
            }
            for (i, indicator) in model.risk.indicators.enumerated() {
                guard let v = ro[indicator.id], !v.isNull else { continue }
                let path = "risk.\(indicator.id)"
                switch indicator.kind {
                case .integer(let min, let max, _):
                    c.risk[i] = Int32(try integer(v, path, min: min, max: max))
                case .enumeration(let domain, _):
                    guard let s = v.stringValue else {
                        throw CaseError(.invalidType, path: path, "\(path) must be text (one of \(domain.values.joined(separator: ", "))), not \(v.typeName)")
                    }
                    guard let index = domain.index(of: s) else {
                        throw CaseError(.outOfRange, path: path, "\(path) '\(s.prefix(40))' is not one of \(domain.values.joined(separator: ", "))")
                    }
                    c.risk[i] = Int32(index)
                case .boolean:
                    c.risk[i] = try boolean(v, path) ? 1 : 0
                }
            }
        }

        // flags
        if let fv = o["flags"], !fv.isNull {
            guard let fo = fv.objectValue else {
                throw CaseError(.invalidType, path: "flags", "flags must be an object of true/false values, not \(fv.typeName)")
            }
            for (i, flag) in model.flags.enumerated() {
                guard let v = fo[flag.id], !v.isNull else { continue }
                c.flags[i] = try boolean(v, "flags.\(flag.id)")
            }
        }

        if strict { try rejectUnknownFields(o) }
        return c
    }

    private func rejectUnknownFields(_ o: JSONObject) throws(CaseError) {
        func check(_ object: JSONObject?, _ prefix: String, _ known: [String]) throws(CaseError) {
            guard let object else { return }
            for m in object.members where !known.contains(m.key) {
                let path = prefix.isEmpty ? m.key : "\(prefix).\(m.key)"
                throw CaseError(.unknownField, path: path, "\(path) is not a field of the case (strict mode)")
            }
        }
        try check(o, "", Self.topLevelFields + Self.ignoredFields)
        try check(o["household"]?.objectValue, "household", Self.householdFields)
        try check(o["coping"]?.objectValue, "coping", model.coping.items.map(\.id))
        try check(o["risk"]?.objectValue, "risk", model.risk.indicators.map(\.id))
        try check(o["flags"]?.objectValue, "flags", model.flags.map(\.id))
    }

    private func integer(_ v: JSONValue, _ path: String, min: Int, max: Int?) throws(CaseError) -> Int {
        let upper = Swift.min(max ?? Self.maxCount, Self.maxCount)
        let range = "\(min)-\(upper)"
        guard let n = v.numberValue, n.isInteger else {
            throw CaseError(.invalidType, path: path, "\(path) must be a whole number (\(range)), not \(v.typeName)")
        }
        guard let i64 = n.int64, let i = Int(exactly: i64), i >= min, i <= upper else {
            throw CaseError(.outOfRange, path: path, "\(path) must be \(range), not \(n.int64.map(String.init) ?? "a number this large")")
        }
        return i
    }

    private func boolean(_ v: JSONValue, _ path: String) throws(CaseError) -> Bool {
        guard let b = v.boolValue else {
            throw CaseError(.invalidType, path: path, "\(path) must be true or false, not \(v.typeName)")
        }
        return b
    }

    private func optionalText(_ v: JSONValue?, _ path: String) throws(CaseError) -> String? {
        guard let v, !v.isNull else { return nil }
        guard let s = v.stringValue else {
            throw CaseError(.invalidType, path: path, "\(path) must be text, not \(v.typeName)")
        }
        return s
    }
}
