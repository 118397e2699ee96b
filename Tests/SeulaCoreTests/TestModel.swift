import Foundation
import SeulaCore
import SeulaJSON
import XCTest

/// The package root, found from this file's path (tests never depend on the working directory).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The default criteria file, loaded once.
let defaultModelBytes: [UInt8] = [UInt8](FileManager.default.contents(atPath: packageRoot.appendingPathComponent("models/seula-v1.json").path)!)
let defaultModel: CriteriaModel = try! ModelLoader.load(bytes: defaultModelBytes, sha256: "test")

/// The default model's document with `edit` applied, loaded (or its error).
func loadEdited(_ edit: (inout [String: Any]) -> Void) -> Result<CriteriaModel, ModelLoadError> {
    var doc = try! JSONSerialization.jsonObject(with: Data(defaultModelBytes)) as! [String: Any]
    edit(&doc)
    let data = try! JSONSerialization.data(withJSONObject: doc)
    do {
        return .success(try ModelLoader.load(bytes: [UInt8](data), sha256: "edited"))
    } catch {
        return .failure(error)
    }
}

/// Random valid cases for property tests: answers, gaps, flags, ages and households drawn so
/// that thresholds are often near.
struct RandomCases {
    var rng: SplitMix64
    let model: CriteriaModel

    init(seed: UInt64, model: CriteriaModel = defaultModel) {
        rng = SplitMix64(seed: seed)
        self.model = model
    }

    mutating func next(id: Int) -> ScreeningCase {
        let ages = [16, 17, 18, 20, 24, 25, 29, 30, 34, 35, 45, 64, 65, 80]
        let age = rng.chance(0.5) ? ages[rng.below(ages.count)] : rng.below(121)
        var c = ScreeningCase(id: "r\(id)", age: age, itemCount: model.coping.items.count,
                              indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
        let level = rng.below(5)
        let missingRate = rng.chance(0.15) ? 0.3 : 0.03
        for i in c.coping.indices {
            if rng.chance(missingRate) { continue }
            let x = max(0, min(4, level + rng.below(3) - 1))
            c.coping[i] = Int8(x)
        }
        for (i, ind) in model.risk.indicators.enumerated() {
            if rng.chance(0.08) { continue }
            switch ind.kind {
            case .integer(let lo, let hi, _):
                let top = hi ?? 30
                c.risk[i] = Int32(rng.chance(0.5) ? lo : lo + rng.below(top - lo + 1))
            case .enumeration(let d, _):
                c.risk[i] = Int32(rng.chance(0.5) ? 0 : rng.below(d.values.count))
            case .boolean:
                c.risk[i] = rng.chance(0.2) ? 1 : 0
            }
        }
        for i in c.flags.indices { c.flags[i] = rng.chance(0.06) }
        if rng.chance(0.35) {
            c.children = 1 + rng.below(3)
            c.youngestChildAge = rng.below(18)
        }
        c.expecting = rng.chance(0.05)
        c.singleParent = rng.chance(0.1)
        return c
    }
}

/// The assessment date of test cases without `assessed_on` (V1 is in force on it).
let testToday = CalendarDate(year: 2025, month: 6, day: 1)!
