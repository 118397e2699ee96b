import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaJSON
import SeulaService
import XCTest

/// The package root, found from this file's path (tests never depend on the working directory).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let fixtures = packageRoot.appendingPathComponent("Tests/SeulaEvaluationTests/Fixtures")

func fixtureBytes(_ name: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: fixtures.appendingPathComponent(name).path)!)
}

let defaultModelPath = packageRoot.appendingPathComponent("models/seula-v1.json").path
let defaultModelBytes = [UInt8](FileManager.default.contents(atPath: defaultModelPath)!)
let defaultModel: CriteriaModel = try! ModelLoader.load(bytes: defaultModelBytes, sha256: "test")

/// The default model with `edit` applied to its JSON text (a plain string replacement, so the
/// edited file is the same document apart from the replaced text).
func editedModel(_ replacements: [(String, String)]) -> (CriteriaModel, [UInt8]) {
    var text = String(decoding: defaultModelBytes, as: UTF8.self)
    for (a, b) in replacements {
        precondition(text.contains(a), "no '\(a)' in the model")
        text = text.replacingOccurrences(of: a, with: b)
    }
    let bytes = Array(text.utf8)
    return (try! ModelLoader.load(bytes: bytes, sha256: "edited"), bytes)
}

/// Random valid cases whose scores often land near the thresholds: a latent level per case
/// drives every answer and indicator, with gaps, unanswered items and flags mixed in.
struct CaseFactory {
    var rng: SplitMix64
    let model: CriteriaModel

    init(seed: UInt64, model: CriteriaModel = defaultModel) {
        rng = SplitMix64(seed: seed)
        self.model = model
    }

    mutating func next(_ k: Int) -> ScreeningCase {
        var c = ScreeningCase(id: "c\(k)", age: [16, 19, 22, 24, 30, 45, 64, 70][rng.below(8)], itemCount: model.coping.items.count,
                              indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        let level = rng.below(5)
        let missing = rng.chance(0.1) ? 0.35 : 0.02
        for i in c.coping.indices where !rng.chance(missing) { c.coping[i] = Int8(max(0, min(4, level + rng.below(3) - 1))) }
        let riskLevel = rng.unit()
        for (i, ind) in model.risk.indicators.enumerated() where !rng.chance(0.06) {
            switch ind.kind {
            case .integer(let lo, let hi, _):
                c.risk[i] = Int32(lo + Int(riskLevel * Double((hi ?? 30) - lo) * rng.unit() * 1.5))
                if let hi { c.risk[i] = min(c.risk[i], Int32(hi)) }
            case .enumeration(let d, _):
                c.risk[i] = Int32(min(d.values.count - 1, Int(riskLevel * Double(d.values.count) * rng.unit() * 1.6)))
            case .boolean:
                c.risk[i] = rng.chance(riskLevel * 0.5) ? 1 : 0
            }
        }
        for i in c.flags.indices { c.flags[i] = rng.chance(0.04) }
        c.children = rng.chance(0.3) ? rng.below(3) + 1 : 0
        return c
    }
}

/// Writes a ScreeningCase as the JSON object a client would send (for end-to-end tests).
func caseObject(_ c: ScreeningCase, model: CriteriaModel = defaultModel, label: [(String, JSONValue)] = []) -> JSONValue {
    var coping: [(key: String, value: JSONValue)] = []
    for (i, item) in model.coping.items.enumerated() where c.coping[i] >= 0 { coping.append((item.id, .number(JSONNumber(Int(c.coping[i]))))) }
    var risk: [(key: String, value: JSONValue)] = []
    for (i, ind) in model.risk.indicators.enumerated() where c.risk[i] != ScreeningCase.gap {
        let raw = Int(c.risk[i])
        switch ind.kind {
        case .integer: risk.append((ind.id, .number(JSONNumber(raw))))
        case .enumeration(let d, _): risk.append((ind.id, .string(d.values[raw])))
        case .boolean: risk.append((ind.id, .bool(raw != 0)))
        }
    }
    var flags: [(key: String, value: JSONValue)] = []
    for (i, f) in model.flags.enumerated() where c.flags[i] { flags.append((f.id, .bool(true))) }
    var members: [(key: String, value: JSONValue)] = [("id", .string(c.id)), ("age", .number(JSONNumber(c.age))),
                                                      ("household", .object(JSONObject([("children", .number(JSONNumber(c.children)))]))),
                                                      ("coping", .object(JSONObject(coping))), ("risk", .object(JSONObject(risk))),
                                                      ("flags", .object(JSONObject(flags)))]
    if !label.isEmpty { members.append(("label", .object(JSONObject(label.map { (key: $0.0, value: $0.1) })))) }
    return .object(JSONObject(members))
}

/// A JSON-lines caseload of `n` factory cases labelled by `labeller`.
func labelledJSONL(_ n: Int, seed: UInt64, labeller: (ScreeningCase) -> [(String, JSONValue)]) -> [UInt8] {
    var factory = CaseFactory(seed: seed)
    var out: [UInt8] = []
    for k in 0..<n {
        let c = factory.next(k)
        out += caseObject(c, label: labeller(c)).canonicalBytes + [0x0A]
    }
    return out
}

/// The seula executable next to the test bundle, when the build made it.
func seulaExecutable() -> URL? {
    var dir = Bundle.main.bundleURL
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("seula")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    for b in Bundle.allBundles {
        let candidate = b.bundleURL.deletingLastPathComponent().appendingPathComponent("seula")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
}

/// Runs the executable; returns (status, stdout, stderr).
func runSeula(_ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:]) throws -> (Int32, String, String) {
    guard let exe = seulaExecutable() else { throw XCTSkip("the seula executable was not built next to the tests") }
    let p = Process()
    p.executableURL = exe
    p.arguments = arguments
    p.currentDirectoryURL = directory
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

func temporaryPath(_ name: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seula-evaluation-tests-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}

/// The assessment date of test cases without `assessed_on` (V1 is in force on it).
let testToday = CalendarDate(year: 2025, month: 6, day: 1)!
