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

    /// The fields, their kinds and bounds (`CaseSchema`, derived from the criteria).
    public let schema: CaseSchema

    public init(model: CriteriaModel, strict: Bool = false) {
        self.model = model
        self.strict = strict
        schema = CaseSchema(model: model)
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

    /// Reads the members in `CaseField` order, so the first problem reported is the first in the
    /// contract's order; a member added to `CaseField` without a reader here does not compile.
    func validate(_ o: JSONObject) throws(CaseError) -> ScreeningCase {
        var c = ScreeningCase(id: "", age: 0, itemCount: model.coping.items.count,
                              indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        for field in CaseField.allCases {
            let name = field.name
            let value = o[name].flatMap { $0.isNull ? nil : $0 }
            switch field {
            case .id:
                let max = CaseSchema.maxIDLength
                guard let value else {
                    throw CaseError(.missingField, path: name, "id is required (text, 1-\(max) characters)")
                }
                guard let id = value.stringValue else {
                    throw CaseError(.invalidType, path: name, "id must be text, not \(value.typeName)")
                }
                let idLength = id.unicodeScalars.count
                guard idLength >= 1, idLength <= max else {
                    throw CaseError(.outOfRange, path: name, "id must be 1-\(max) characters long, not \(idLength)")
                }
                c.id = id
            case .hetu:
                // Validated here; pseudonymised by the caller, never echoed.
                guard let value else { continue }
                guard let text = value.stringValue else {
                    throw CaseError(.invalidType, path: name, "hetu must be text, not \(value.typeName)")
                }
                switch Hetu.validate(text) {
                case .success(let canonical):
                    c.hetu = canonical
                    c.hetuBirthDate = Hetu.birthDate(canonical)
                case .failure(let e): throw e
                }
            case .assessedOn:
                guard let value else { continue }
                guard let text = value.stringValue else {
                    throw CaseError(.invalidType, path: name, "assessed_on must be a date as text (YYYY-MM-DD), not \(value.typeName)")
                }
                guard let date = CalendarDate(iso: text) else {
                    throw CaseError(.outOfRange, path: name, "assessed_on '\(text.prefix(40))' is not a date that exists (YYYY-MM-DD)")
                }
                c.assessedOn = date
            case .age:
                guard let value else {
                    throw CaseError(.missingField, path: name, "age is required (a whole number 0-\(CaseSchema.maxAge))")
                }
                c.age = try integer(value, name, min: 0, max: CaseSchema.maxAge)
            case .municipality:
                c.municipality = try optionalText(value, name)
            case .language:
                c.language = try optionalText(value, name)
            case .household:
                guard let value else { continue }
                guard let h = value.objectValue else {
                    throw CaseError(.invalidType, path: name, "household must be an object, not \(value.typeName)")
                }
                for member in HouseholdField.allCases {
                    guard let v = h[member.name], !v.isNull else { continue }
                    // Over the members, without `default`: a member added to `HouseholdField` without a
                    // reader here does not compile.
                    switch member {
                    case .children, .youngestChildAge:
                        guard case .integer(let min, let max) = CaseSchema.kind(of: member) else {
                            preconditionFailure("CaseSchema.kind(of: .\(member)) is not a count")
                        }
                        let n = try integer(v, member.path, min: min, max: max)
                        if member == .children { c.children = n } else { c.youngestChildAge = n }
                    case .expecting: c.expecting = try boolean(v, member.path)
                    case .singleParent: c.singleParent = try boolean(v, member.path)
                    }
                }
            case .coping:
                guard let value else { continue }
                guard let co = value.objectValue else {
                    throw CaseError(.invalidType, path: name, "coping must be an object of item answers, not \(value.typeName)")
                }
                let scale = model.coping
                for (i, item) in scale.items.enumerated() {
                    guard let v = co[item.id], !v.isNull else { continue }
                    c.coping[i] = Int8(try integer(v, "coping.\(item.id)", min: scale.scaleMin, max: scale.scaleMax))
                }
            case .risk:
                guard let value else { continue }
                guard let ro = value.objectValue else {
                    throw CaseError(.invalidType, path: name, "risk must be an object of indicators, not \(value.typeName)")
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
            case .flags:
                guard let value else { continue }
                guard let fo = value.objectValue else {
                    throw CaseError(.invalidType, path: name, "flags must be an object of true/false values, not \(value.typeName)")
                }
                for (i, flag) in model.flags.enumerated() {
                    guard let v = fo[flag.id], !v.isNull else { continue }
                    c.flags[i] = try boolean(v, "flags.\(flag.id)")
                }
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
        try check(o, "", CaseField.allCases.map(\.name) + CaseSchema.ignoredFields)
        for group in CaseField.allCases {
            guard let known = schema.members(of: group) else { continue }
            try check(o[group.name]?.objectValue, group.name, known)
        }
    }

    private func integer(_ v: JSONValue, _ path: String, min: Int, max: Int?) throws(CaseError) -> Int {
        let upper = Swift.min(max ?? CaseSchema.maxCount, CaseSchema.maxCount)
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
