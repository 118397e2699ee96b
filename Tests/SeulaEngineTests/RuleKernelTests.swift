import Foundation
import SeulaCore
@testable import SeulaEngine
import SeulaJSON
import XCTest

/// Column kernels give every rule the same three-valued answer as `CompiledExpression`.
final class RuleKernelTests: XCTestCase {
    func testKernelsEqualExpressionsOnRandomFramesWithUnknowns() throws {
        let handler = try makeHandler()
        let model = handler.criteria.newest
        let engine = DecisionEngine(model: model, today: testToday)
        // Extra expressions exercising arithmetic, min/max, membership, not and unknowns.
        let extra = ["not (coping_score < 40) or age / 0 > 1", "min(coping.self_care, coping.keeping_home) + 1 >= 3",
                     "max(coping.self_care, coping.keeping_home) * 2 != 4 and not flags.disability",
                     "risk.housing not in ['stable', 'supported']", "-coping_score < -50 or risk_points - 3 > risk_gaps",
                     "(age > 30) == flags.care_leaver"]
        let conditions = engine.rules.conditions + (try extra.map { try ExpressionCompiler.compileCondition($0, symbols: model.symbols, phase: .outcome) })
        var rng = SplitMix64(seed: 41)
        let n = 1000
        var columns = FrameColumns()
        columns.reset(slots: model.slots.count, cases: n)
        var frames: [[Value]] = []
        for k in 0..<n {
            var frame = [Value](repeating: .null, count: model.slots.count)
            for (_, symbol) in model.symbols.symbols {
                let v: Value
                if symbol.nullable && rng.chance(0.2) {
                    v = .null
                } else {
                    switch symbol.type {
                    case .bool: v = .bool(rng.chance(0.5))
                    case .int: v = .number(Double(rng.below(8)))
                    case .number: v = .number(Double(rng.below(1000)) / 10)
                    case .enumeration(let d): v = .symbol(rng.below(d.values.count))
                    }
                }
                frame[symbol.slot] = v
                columns.set(symbol.slot, k, v)
            }
            frames.append(frame)
        }
        for (r, e) in conditions.enumerated() {
            var t: [UInt64] = [], f: [UInt64] = []
            RuleKernel(e).evaluate(columns, isTrue: &t, isFalse: &f)
            for k in 0..<n {
                let bit = UInt64(1) << UInt64(k % 64)
                let kernel: Value = t[k / 64] & bit != 0 ? .bool(true) : (f[k / 64] & bit != 0 ? .bool(false) : .null)
                XCTAssertEqual(kernel, e.evaluate(frames[k]), "rule \(r) (\(e.rendered)) case \(k)")
            }
        }
    }
}
