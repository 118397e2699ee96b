import Foundation
import SeulaCore
import SeulaFormats
import SeulaJSON
import SeulaService
import SeulaSynthetic
import SeulaTransport
import XCTest

/// The package root, found from this file's path (tests never depend on the working directory).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The default criteria, loaded once.
let defaultModel: CriteriaModel = {
    let bytes = [UInt8](FileManager.default.contents(atPath: packageRoot.appendingPathComponent("models/seula-v1.json").path)!)
    return try! ModelLoader.load(bytes: bytes, sha256: "test")
}()

/// A model that knows every field the generator writes, for strict validation: MODEL-V2's file
/// when it is there, else the default criteria with V2's 16th flag, `care_allowance_highest`,
/// added last (V1 alone treats it as an unknown field, MODEL-V2 clarification 14). Decisions in
/// these tests are V1's (`defaultModel`); this one only validates.
let contractModel: CriteriaModel = {
    let v2 = packageRoot.appendingPathComponent("models/seula-v2.json").path
    if let bytes = FileManager.default.contents(atPath: v2) {
        return try! ModelLoader.load(bytes: [UInt8](bytes), sha256: "test")
    }
    let bytes = [UInt8](FileManager.default.contents(atPath: packageRoot.appendingPathComponent("models/seula-v1.json").path)!)
    guard case .object(var root) = try! JSONReader.parse(bytes), case .array(var flags)? = root["flags"] else {
        fatalError("models/seula-v1.json has no flags array")
    }
    flags.append(.object(JSONObject([("id", .string("care_allowance_highest")),
                                     ("text", .object(JSONObject([("en", .string("receives the highest rate of Kela's care allowance for pensioners"))])))])))
    let i = root.members.firstIndex { $0.key == "flags" }!
    root.members[i].value = .array(flags)
    return try! ModelLoader.load(document: .object(root), sha256: "test")
}()

/// The lines of an output, without their newlines.
func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var out = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    XCTAssertEqual(out.last?.isEmpty, true, "output ends with a newline")
    out.removeLast()
    return out
}

/// How `serve` answers one JSON line: nil for a blank line, else the case or its error.
func readJSONLine(_ line: ArraySlice<UInt8>, validator: CaseValidator) -> Result<ScreeningCase, CaseError>? {
    line.withUnsafeBytes { (raw) -> Result<ScreeningCase, CaseError>? in
        if LineSplitter.isBlank(raw) { return nil }
        let value: JSONValue
        do {
            value = try JSONReader.parse(raw, maxDepth: 32)
        } catch {
            return .failure(CaseError(.invalidJSON, path: "", "\(error)"))
        }
        return validator.validate(value)
    }
}

/// One CSV row read as the CSV codec reads it: nil for a blank row, else the object or the error.
func readCSVRow(_ line: ArraySlice<UInt8>, reader: CaseCSVReader) -> Result<JSONValue, CaseError>? {
    line.withUnsafeBytes { (raw) -> Result<JSONValue, CaseError>? in
        if LineSplitter.isBlank(raw) { return nil }
        guard let fields = CaseCSVReader.fields(raw) else {
            return .failure(CaseError(.invalidCSV, path: "", "unclosed quote"))
        }
        return reader.object(fields)
    }
}

func csvReader(_ header: ArraySlice<UInt8>) throws -> CaseCSVReader {
    let fields = header.withUnsafeBytes { CaseCSVReader.fields($0) }!
    return try CaseCSVReader(header: fields, model: contractModel, strict: true)
}

/// A scored synthetic caseload, shared by the tests that need Seula's decisions.
struct ScoredCaseload {
    let generator: CaseloadGenerator
    let cases: [SyntheticCase]
    let decisions: [Decision]
    let objects: [JSONValue]

    init(count: Int, seed: UInt64) {
        generator = CaseloadGenerator(GeneratorOptions(count: count, seed: seed, labels: true))
        let bytes = generator.bytes()
        let validator = CaseValidator(model: defaultModel)   // `label` is not a case field: not strict
        let engine = DecisionEngine(model: defaultModel, today: CalendarDate(year: 2025, month: 6, day: 1)!)
        var cases: [SyntheticCase] = [], decisions: [Decision] = [], objects: [JSONValue] = []
        for (i, line) in lines(bytes).enumerated() {
            let value = try! JSONReader.parse(Array(line))
            guard case .success(let c) = validator.validate(value) else {
                XCTFail("line \(i + 1) does not validate: \(validator.validate(value))")
                continue
            }
            objects.append(value)
            cases.append(generator.syntheticCase(i))
            decisions.append(engine.decide(c))
        }
        self.cases = cases
        self.decisions = decisions
        self.objects = objects
    }

    func segmentID(_ d: Decision) -> String { defaultModel.segments.domain.values[d.segment] }
}

/// 5 000 labelled cases under the default model, scored once.
let scored = ScoredCaseload(count: 5_000, seed: 20_251_125)

/// Cohen's κ of two label sequences.
func cohensKappa(_ a: [String], _ b: [String]) -> Double {
    let n = Double(a.count)
    var agree = 0.0
    var ca: [String: Double] = [:], cb: [String: Double] = [:]
    for (x, y) in zip(a, b) {
        if x == y { agree += 1 }
        ca[x, default: 0] += 1
        cb[y, default: 0] += 1
    }
    let po = agree / n
    let pe = ca.reduce(0.0) { $0 + $1.value * (cb[$1.key] ?? 0) } / (n * n)
    return (po - pe) / (1 - pe)
}

/// The area under the ROC curve of `score` for `outcome` (Mann–Whitney, ties count half).
func auc(_ score: [Double], _ outcome: [Bool]) -> Double {
    let order = score.indices.sorted { score[$0] < score[$1] }
    var rankSumPositive = 0.0
    var i = 0
    while i < order.count {
        var j = i
        while j + 1 < order.count && score[order[j + 1]] == score[order[i]] { j += 1 }
        let rank = Double(i + j) / 2 + 1
        for k in i...j where outcome[order[k]] { rankSumPositive += rank }
        i = j + 1
    }
    let positives = Double(outcome.filter { $0 }.count)
    let negatives = Double(outcome.count) - positives
    return (rankSumPositive - positives * (positives + 1) / 2) / (positives * negatives)
}
