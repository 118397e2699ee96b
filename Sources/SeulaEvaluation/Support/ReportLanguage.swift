import SeulaCore

/// The language of the evaluators' text and reports (`--lang fi|sv|en`, default `en`).
///
/// Every name of a thing in the criteria (segments, outcome levels, products, indicators,
/// review reasons, …) comes from the criteria file (`NameBook`); the sentence frames around
/// them come from `Phrases`. Numbers follow the language: a decimal comma and a space before
/// `%` in Finnish and Swedish.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case fi, sv, en

    /// Parses `fi`, `sv` or `en`.
    public init?(code: String) { self.init(rawValue: code) }

    public var code: String { rawValue }
}

/// The sentence frames of the evaluators' text and reports in one language.
///
/// Frames are looked up by their English text (the key) and may hold `{0}`, `{1}`, … for
/// arguments; `PhraseTable` holds the Finnish and Swedish frames. A key with no entry renders as
/// `⟦key⟧` in every language, which the tests look for in every report and text.
public struct Phrases: Sendable {
    public let language: ReportLanguage

    public init(_ language: ReportLanguage) { self.language = language }

    /// Every frame: (English key, Finnish, Swedish).
    public static var allFrames: [(key: String, fi: String, sv: String)] {
        PhraseTable.entries.map { ($0.key, $0.value.fi, $0.value.sv) }.sorted { $0.key < $1.key }
    }

    /// The frame for `key` with its arguments filled in.
    public func callAsFunction(_ key: String, _ arguments: String...) -> String {
        fill(key, arguments)
    }

    public func fill(_ key: String, _ arguments: [String]) -> String {
        guard let entry = PhraseTable.entries[key] else { return "⟦\(key)⟧" }
        var text: String
        switch language {
        case .en: text = key
        case .fi: text = entry.fi
        case .sv: text = entry.sv
        }
        for (i, a) in arguments.enumerated().reversed() { text = text.replacingAll("{\(i)}", with: a) }
        return text
    }

    // MARK: numbers

    var decimalComma: Bool { language != .en }

    /// `x` with exactly `decimals` decimals (half away from zero), or `n/a`.
    public func number(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return self("n/a") }
        let s = DecimalFormat.fixed(x, decimals: decimals)
        return decimalComma ? s.replacingAll(".", with: ",") : s
    }

    /// A share as a percentage: `45.7%` (en), `45,7 %` (fi, sv).
    public func percent(_ x: Double, _ decimals: Int = 1) -> String {
        guard x.isFinite else { return self("n/a") }
        return number(x * 100, decimals) + (decimalComma ? "\u{00A0}%" : "%")
    }

    /// A whole number with thousands grouped: `20,000` (en), `20 000` (fi, sv; no-break space).
    public func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += decimalComma ? "\u{00A0}" : "," }
            out.append(ch)
        }
        return n < 0 ? "−" + out : out
    }

    /// A threshold or grid value as short as it reads back: `40`, `42.5` / `42,5`.
    public func threshold(_ x: Double) -> String {
        let s = NumberText.threshold(x)
        return decimalComma ? s.replacingAll(".", with: ",") : s
    }

    /// `0.712–0.724` (en) or `0,712–0,724`; `—` without an interval.
    public func interval(_ lower: Double, _ upper: Double, _ decimals: Int) -> String {
        guard lower.isFinite, upper.isFinite else { return "—" }
        return number(lower, decimals) + "–" + number(upper, decimals)
    }

    /// A share's interval as percentages: `5.8–6.6%` (en), `5,8–6,6 %` (fi, sv).
    public func percentInterval(_ lower: Double, _ upper: Double, _ decimals: Int = 1) -> String {
        guard lower.isFinite, upper.isFinite else { return "—" }
        return number(lower * 100, decimals) + "–" + number(upper * 100, decimals) + (decimalComma ? "\u{00A0}%" : "%")
    }

    /// A signed whole number: `+12`, `−3`, `0`.
    public func signed(_ n: Int) -> String { n > 0 ? "+" + count(n) : count(n) }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

/// A name in the page's language or the one it fell back to (`lang` is a BCP 47 code; `zxx`
/// for an identifier used because the file has no name at all).
public struct LocalName: Sendable, Equatable {
    public var text: String
    public var lang: String

    public init(_ text: String, lang: String) {
        self.text = text
        self.lang = lang
    }
}

/// Names of the things in a criteria file in one language: the name in that language, else in
/// English, else in Finnish, else the id (`MODEL-V2.md` §8; a V1 file names fewer things).
public struct NameBook: Sendable {
    public let model: CriteriaModel
    public let language: ReportLanguage

    public init(model: CriteriaModel, language: ReportLanguage) {
        self.model = model
        self.language = language
    }

    public func pick(_ names: Names, id: String) -> LocalName {
        for code in [language.code, "en", "fi"] {
            if let t = names[code], !t.isEmpty { return LocalName(t, lang: code) }
        }
        return LocalName(id, lang: "zxx")
    }

    /// A segment (an index into the segment domain: the quadrants, then undetermined).
    public func segment(_ s: Int) -> LocalName {
        let q = model.segments.quadrants
        if s < q.count { return pick(q[s].name, id: q[s].id) }
        return pick(model.segments.undeterminedName, id: model.segments.undeterminedID)
    }

    public func outcome(_ level: Int) -> LocalName {
        pick(level < model.outcomeNames.count ? model.outcomeNames[level] : [:], id: model.outcomeLevels.values[level])
    }

    public func product(_ p: Int) -> LocalName {
        pick(model.products[p].names, id: model.products[p].id)
    }

    /// A product by id (nil when this file has no such product).
    public func product(id: String) -> LocalName? {
        model.products.firstIndex { $0.id == id }.map(product)
    }

    public func indicator(_ i: Int) -> LocalName {
        pick(model.risk.indicators[i].name, id: model.risk.indicators[i].id)
    }

    public func item(_ i: Int) -> LocalName {
        pick(model.coping.items[i].text, id: model.coping.items[i].id)
    }

    /// The criteria file's title.
    public var title: LocalName {
        var names: Names = [:]
        if let o = model.document.value["title"]?.objectValue {
            for k in o.keys { if let s = o[k]?.stringValue { names[k] = s } }
        } else if let s = model.document.value["title"]?.stringValue {
            names["en"] = s
        }
        return pick(names, id: model.id)
    }
}
