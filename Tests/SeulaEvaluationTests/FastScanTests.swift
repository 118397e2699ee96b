import Foundation
import SeulaCore
@testable import SeulaEvaluation
import SeulaJSON
import SeulaService
import SeulaSynthetic
import XCTest

/// The evaluators read JSON lines through the engine's fast reader, and every line it does not
/// take through the general path: whatever the caseload, a scan gives exactly what the general
/// path alone gives (`fastReader: false`) — the same rows in the same order with every case
/// field and label, the same tally — and so the same `evaluate --json`, `tune`, `diff`,
/// `instrument` and `fit` answers.
final class FastScanTests: XCTestCase {
    static let v2Model: CriteriaModel = {
        let path = packageRoot.appendingPathComponent("models/seula-v2.json").path
        return try! ModelLoader.load(bytes: [UInt8](FileManager.default.contents(atPath: path)!), sha256: "test-v2")
    }()

    struct Seen: Equatable {
        var line: Int
        var screening: ScreeningCase
        var labels: CaseLabels
    }

    /// Everything a scan yields, on one thread and (`parts`) cut into parts (each must agree).
    func scanned(_ scanner: CaseloadScanner, _ bytes: [UInt8], parts: [Int] = [], file: StaticString = #filePath, line: UInt = #line) throws -> ([Seen], RejectionTally) {
        var rows: [Seen] = []
        let tally = try scanner.scan(bytes, format: .jsonl) { rows.append(Seen(line: $0.line, screening: $0.screening, labels: $0.labels)) }.get()
        for parts in parts {
            let (r, t) = try scanner.map(bytes, format: .jsonl, parts: parts, minimumBytes: 0) {
                Seen(line: $0.line, screening: $0.screening, labels: $0.labels)
            }.get()
            XCTAssertEqual(r, rows, "\(parts) parts", file: file, line: line)
            XCTAssertEqual(t, tally, "\(parts) parts", file: file, line: line)
        }
        return (rows, tally)
    }

    /// How many non-blank lines the fast reader takes (so a test cannot pass by never using it).
    func fastShare(_ scanner: CaseloadScanner, _ bytes: [UInt8]) -> (fast: Int, lines: Int) {
        var c = scanner.emptyCase()
        var fast = 0, lines = 0
        bytes.withUnsafeBytes { all in
            CaseloadRows.forEachLine(all, linesBefore: 0, progress: nil) { number, line in
                lines += 1
                if scanner.fastCheck(line, number: number, into: &c) != nil { fast += 1 }
            }
        }
        return (fast, lines)
    }

    /// Fast and general scans of `bytes` agree: under both criteria versions (V1's in-force
    /// dates exclude the generated ones), lenient and strict, with each label requirement and
    /// without labels (`diff`, `instrument`); the fast scan also cut into three parts. Returns
    /// the fast reader's share of the lines for the lenient V2 scan requiring a segment.
    @discardableResult
    func assertSameScan(_ bytes: [UInt8], _ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> Double {
        var share = 0.0
        let configurations: [(CriteriaModel, Bool, LabelRequirements, Bool)] = [
            (Self.v2Model, false, .segment, true), (defaultModel, false, .segment, true), (Self.v2Model, true, .segment, true),
            (Self.v2Model, false, .outcome12m, true), (Self.v2Model, false, [], false),
        ]
        for (model, strict, requirements, readsLabels) in configurations {
            let fast = CaseloadScanner(model: model, requirements: requirements, strict: strict, readsLabels: readsLabels)
            let general = CaseloadScanner(model: model, requirements: requirements, strict: strict, readsLabels: readsLabels, fastReader: false)
            let (a, ta) = try scanned(fast, bytes, parts: [3], file: file, line: line)
            let (b, tb) = try scanned(general, bytes, file: file, line: line)
            let context = "\(what): \(model.version) strict \(strict) labels \(requirements.rawValue)/\(readsLabels)"
            XCTAssertEqual(a.count, b.count, context, file: file, line: line)
            if let k = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) {
                XCTFail("\(context): row \(k) differs:\n fast    \(a[k])\n general \(b[k])", file: file, line: line)
            }
            XCTAssertEqual(ta, tb, context, file: file, line: line)
            if model.version == Self.v2Model.version, !strict, requirements == .segment {
                let (f, n) = fastShare(fast, bytes)
                share = Double(f) / Double(max(n, 1))
            }
        }
        return share
    }

    func testGeneratedLabelledCaseloadsWithHetusScanAlike() throws {
        let bytes = CaseloadGenerator(GeneratorOptions(count: 1500, seed: 41, labels: true)).bytes(threads: 1)
        XCTAssertGreaterThan(bytes.split(separator: 0x0A).filter { String(decoding: $0, as: UTF8.self).contains("\"hetu\":\"") }.count, 1300,
                             "most generated cases carry a hetu")
        let share = try assertSameScan(bytes, "generated")
        XCTAssertGreaterThan(share, 0.95, "the fast reader takes nearly every generated line")
    }

    func testCaseloadsWithMalformedLinesScanAlike() throws {
        let bytes = CaseloadGenerator(GeneratorOptions(count: 2000, seed: 42, labels: true, badRate: 0.05)).bytes(threads: 1)
        let general = CaseloadScanner(model: Self.v2Model, requirements: [.segment], fastReader: false)
        XCTAssertGreaterThan(try scanned(general, bytes).1.total, 50, "the caseload has rejected rows")
        let share = try assertSameScan(bytes, "5 % malformed")
        XCTAssertGreaterThan(share, 0.85)
    }

    func testForeignFormattingScansAlike() throws {
        for seed in [UInt64(43), 44] {
            let generated = CaseloadGenerator(GeneratorOptions(count: 1500, seed: seed, labels: true, badRate: 0.05)).bytes(threads: 1)
            var rewriter = ForeignWriter(seed: seed)
            let bytes = rewriter.rewrite(generated)
            let share = try assertSameScan(bytes, "foreign \(seed)")
            XCTAssertGreaterThan(share, 0.3, "the fast reader still takes plainly spaced, reordered lines")
        }
    }

    /// Hand-written lines around the label member and the in-force dates.
    func testLabelMembersAndDatesScanAlike() throws {
        let base = #""id":"a","hetu":"010190-123M","age":36,"coping":{"paying_bills":3},"risk":{"debt":"none"}"#
        let labels = [
            #"{"segment":"tuki"}"#, #"{"segment":"tuki","outcome":"guided","services":[],"outcome_12m":true,"gender":"f"}"#,
            #"{"segment":"tuki","outcome_12m":1.0}"#, #"{"segment":"tuki","services":["nope"]}"#, #"{"segment":"nope"}"#,
            #"{"segment":null}"#, #"{}"#, "null", "\"tuki\"", "3", "[\"tuki\"]", #"{"segment":"tuki","group":{"a":1}}"#,
            #"{"segment":"tuki","n":2.50,"b":false,"s":"\u00e4"}"#, #"{"segment":"t\u0075ki"}"#, #"{"segment":"tuki","segment":"tuki"}"#,
            #"{"segment": "tuki" , "outcome_12m" : 0}"#, String(repeating: "[", count: 30) + String(repeating: "]", count: 30),
            "{\"segment\":\"tuki\",\"x\":" + String(repeating: "[", count: 29) + String(repeating: "]", count: 29) + "}",
        ]
        var lines: [String] = []
        for (k, l) in labels.enumerated() {
            lines.append("{\(base),\"label\":\(l)}")
            lines.append("{\"label\":\(l),\(base)}")
            lines.append("{\"label\" : \(l) , \(base)}\r")
            lines.append("{\(base),\"label\":\(l),\"label\":{\"segment\":\"tuki\"}}")
            lines.append("{\(base),\"l\\u0061bel\":\(l)}")
            lines.append("{\"id\":\"d\(k)\",\"age\":40,\"assessed_on\":\"2024-05-05\",\"label\":\(l)}")
            lines.append("{\"id\":\"e\(k)\",\"age\":40,\"assessed_on\":null,\"label\":\(l)}")
            lines.append("{\"id\":\"f\(k)\",\"age\":40,\"assessed_on\":\"2024-02-30\",\"label\":\(l)}")
            lines.append("{\"id\":\"g\(k)\",\"age\":40,\"hetu\":\"010190-123m\",\"label\":\(l)}")
            lines.append("{\"id\":\"h\(k)\",\"age\":40,\"hetu\":\"010190-1234\",\"label\":\(l)}")
            lines.append("{\"id\":\"i\(k)\",\"age\":40,\"op\":\"score\",\"label\":\(l)}")
            lines.append("{\"id\":\"j\(k)\",\"age\":40,\"note\":{\"a\":[1,{\"b\":null}]},\"label\":\(l)}")
            lines.append("")
        }
        let share = try assertSameScan(Array((lines.joined(separator: "\n") + "\n").utf8), "hand-written")
        XCTAssertGreaterThan(share, 0.1)
    }

    /// A repeated label key is read once, where it first appears, with its last value.
    func testLabelReaderReadsARepeatedKeyOnceWithItsLastValue() throws {
        let reader = LabelReader(model: Self.v2Model, requirements: [.segment])
        func read(_ text: String) -> Result<CaseLabels, RowProblem> { reader.read(try! JSONReader.parse(text)) }
        let l = try read(#"{"gender":"f","segment":"tuki","team":"a","gender":"m"}"#).get()
        XCTAssertEqual(l.groups, [.init(attribute: "label.gender", value: "m"), .init(attribute: "label.team", value: "a")])
        XCTAssertEqual(try read(#"{"segment":"nope","segment":"tuki"}"#).get().segment, Self.v2Model.segments.domain.index(of: "tuki"))
        guard case .failure(let p) = read(#"{"segment":"tuki","services":["nope"],"segment":"x"}"#) else { return XCTFail("refused") }
        XCTAssertEqual(p.path, "label.segment")
        let products = Self.v2Model.products.map(\.id)
        XCTAssertEqual(try read("{\"segment\":\"tuki\",\"services\":[\"\(products[3])\",\"\(products[1])\",\"\(products[3])\"]}").get().services, [1, 3])
    }

    // MARK: - Whole answers

    func testEvaluateAndTuneAnswersAreByteIdentical() throws {
        let generated = CaseloadGenerator(GeneratorOptions(count: 1500, seed: 46, labels: true, badRate: 0.05)).bytes(threads: 1)
        var rewriter = ForeignWriter(seed: 46)
        for (what, bytes) in [("generated", generated), ("foreign", rewriter.rewrite(generated))] {
            for model in [Self.v2Model, defaultModel] {
                var answers: [[UInt8]] = []
                var tuned: [[UInt8]] = []
                for fastReader in [true, false] {
                    let (cases, tally) = try EvaluatedCase.load(bytes, format: .jsonl, model: model, requirements: [.segment], strict: false,
                                                                today: testToday, fastReader: fastReader).get()
                    var options = EvaluationOptions()
                    options.bootstrapReplicates = 20
                    let e = Evaluation(model: model, cases: cases, rejections: tally, options: options)
                    answers.append(JSONBuilder.line(EvaluationJSON.value(e, dataSHA256: "x")))

                    let (search, t) = try TuneRun.load(bytes, format: .jsonl, model: model, strict: false, today: testToday,
                                                       fastReader: fastReader).get()
                    let run = TuneRun(model: model, cases: search, settings: TuneSettings(objective: .kappa, constraints: []))
                    let comparison = TuneComparison(run, cases: search, replicates: 20, seed: 3)
                    tuned.append(JSONBuilder.line(TuneText.json(run, rejections: t, written: nil, fileChanges: [], comparison: comparison)))
                }
                XCTAssertEqual(answers[0], answers[1], "evaluate --json, \(what), \(model.version)")
                XCTAssertEqual(tuned[0], tuned[1], "tune --json, \(what), \(model.version)")
            }
        }
    }

    func testDiffInstrumentAndFitAnswersAreIdentical() throws {
        let generated = CaseloadGenerator(GeneratorOptions(count: 1500, seed: 47, labels: true, badRate: 0.05)).bytes(threads: 1)
        var rewriter = ForeignWriter(seed: 47)
        for bytes in [generated, rewriter.rewrite(generated)] {
            var diffs: [[UInt8]] = []
            for fastReader in [true, false] {
                for parts in [1, 2] {
                    var d = CaseloadDiff(modelA: defaultModel, modelB: Self.v2Model, today: testToday)
                    XCTAssertNil(d.run(bytes, format: .jsonl, strict: false, parts: parts, fastReader: fastReader))
                    diffs.append(JSONBuilder.line(CaseloadDiffText.json(d, fileChanges: [])))
                }
            }
            XCTAssertEqual(Set(diffs).count, 1, "diff: fast and general, one and two parts")

            let (itemsFast, tallyFast) = try ItemAnalysis.load(bytes, format: .jsonl, model: Self.v2Model, strict: false).get()
            let (itemsGeneral, tallyGeneral) = try ItemAnalysis.load(bytes, format: .jsonl, model: Self.v2Model, strict: false, fastReader: false).get()
            XCTAssertEqual(itemsFast, itemsGeneral)
            XCTAssertEqual(tallyFast, tallyGeneral)

            let fitFast = try ScorecardFit.load(bytes, format: .jsonl, model: Self.v2Model, strict: false, today: testToday).get()
            let fitGeneral = try ScorecardFit.load(bytes, format: .jsonl, model: Self.v2Model, strict: false, today: testToday, fastReader: false).get()
            XCTAssertEqual(fitFast.0, fitGeneral.0)
            XCTAssertEqual(fitFast.1, fitGeneral.1)
            XCTAssertEqual(fitFast.2, fitGeneral.2)
        }
    }
}

/// Rewrites a JSON-lines caseload as another program might: keys in another order (nested
/// too), spaces (and tabs) around separators, escapes (`\u00e4`, `\/`, `\u0041`) and non-ASCII
/// text, CRLF endings, the `label` member moved, retyped, repeated or dropped, unknown members
/// and a few `op`s. Lines that are not JSON objects are kept as they are.
struct ForeignWriter {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed &* 7919) }

    mutating func rewrite(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            let text = Array(line)
            if let value = try? JSONReader.parse(text), case .object(let o) = value {
                out += Array(object(o).utf8)
            } else {
                out += text
            }
            if rng.chance(0.3) { out.append(0x0D) }
            out.append(0x0A)
        }
        return out
    }

    mutating func object(_ o: JSONObject) -> String {
        var members = o.members
        if rng.chance(0.5) { members.shuffle(using: &rng) }
        if let k = members.firstIndex(where: { $0.key == "label" }) {
            let label = members.remove(at: k)
            switch rng.below(20) {
            case 0: members.insert(("label", .null), at: rng.below(members.count + 1))
            case 1: members.insert(("label", .string("tuki")), at: rng.below(members.count + 1))
            case 2: members.insert(("label", .number(JSONNumber(3))), at: rng.below(members.count + 1))
            case 3: members.insert(("label", .array([label.value])), at: rng.below(members.count + 1))
            case 4: break   // no label: missing_label where one is required
            case 5: members.insert(label, at: 0); members.append(label)   // repeated
            case 6:
                if case .object(var l) = label.value {
                    l.members.append(("team", .string("Itä-Helsinki \u{1F3E0}")))
                    l.members.append(("weight", .number(JSONNumber(0.5))))
                    l.members.append(("priority", .bool(true)))
                    members.insert(("label", .object(l)), at: rng.below(members.count + 1))
                }
            case 7:
                if case .object(var l) = label.value {
                    l.members.append(("nested", .object(JSONObject([("a", .number(JSONNumber(1)))]))))
                    members.insert(("label", .object(l)), at: rng.below(members.count + 1))
                }
            default: members.insert(label, at: rng.below(members.count + 1))
            }
        }
        if rng.chance(0.05) { members.insert(("note", .object(JSONObject([("x", .array([.null, .bool(false), .string("ö")]))]))), at: rng.below(members.count + 1)) }
        if rng.chance(0.01) { members.append(("op", .string("score"))) }
        if rng.chance(0.05), let k = members.firstIndex(where: { $0.key == "municipality" }) { members[k].value = .string("Mäntsälä") }
        if rng.chance(0.02), let k = members.firstIndex(where: { $0.key == "id" }) { members[k].value = .string("tapaus-ä-\(rng.below(1000))") }
        return write(.object(JSONObject(members)))
    }

    mutating func space() -> String {
        switch rng.below(6) {
        case 0, 1: return ""
        case 2, 3: return " "
        case 4: return "  "
        default: return "\t"
        }
    }

    mutating func write(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.literal ?? n.description
        case .string(let s): return string(s)
        case .array(let a):
            var parts: [String] = []
            for x in a { parts.append(write(x)) }
            return "[" + space() + parts.joined(separator: space() + "," + space()) + space() + "]"
        case .object(let o):
            var members = o.members
            if rng.chance(0.2) { members.shuffle(using: &rng) }
            var parts: [String] = []
            for m in members {
                let key = rng.chance(0.005) ? string(m.key, escaping: 1) : string(m.key, escaping: 0)
                parts.append(key + space() + ":" + space() + write(m.value))
            }
            return "{" + space() + parts.joined(separator: space() + "," + space()) + space() + "}"
        }
    }

    mutating func string(_ s: String) -> String { string(s, escaping: rng.chance(0.03) ? 1 : 0) }

    /// A JSON string; `escaping` 1 writes some characters as escapes.
    mutating func string(_ s: String, escaping: Int) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/" where escaping > 0: out += "\\/"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            case _ where escaping > 0 && u.value >= 0x10000:
                let v = u.value - 0x10000
                out += String(format: "\\u%04X\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
            case _ where escaping > 0 && (u.value >= 0x80 || rng.chance(0.2)):
                out += String(format: "\\u%04X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
