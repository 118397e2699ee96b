import Foundation
import SeulaCore
import SeulaBench
import SeulaEngine
import SeulaJSON
import SeulaService
import SeulaTransport
import XCTest

/// Weights binary floating point cannot hold (0.1, 0.33, …): summed as Doubles, a case whose
/// weighted mean is exactly on the threshold lands on either side depending on the order of
/// the additions. Written as text so the test's oracle reads them as decimals itself.
private let fractionalWeights = ["0.1", "0.2", "0.3", "0.7", "1.1", "0.05", "2.5", "0.33",
                                 "0.15", "0.6", "1.7", "0.9", "0.45", "0.8", "0.25", "1.35"]

/// A weight in hundredths, read from its decimal text (independently of the loader).
private func hundredths(_ text: String) -> Int {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    return Int(parts[0])! * 100 + Int(String((fraction + "00").prefix(2)))!
}

/// MODEL-V2 with the fractional weights and the coping threshold at 50: on the 0–4 scale a
/// case is exactly on it when its weighted mean answer is exactly 2.
private func fractionalModel() throws -> CriteriaModel {
    var text = String(decoding: FileManager.default.contents(atPath: packageRoot.appendingPathComponent("models/seula-v2.json").path)!,
                      as: UTF8.self)
    for w in fractionalWeights {
        let r = try XCTUnwrap(text.range(of: "\"weight\": 1,"))
        text.replaceSubrange(r, with: "\"weight\": \(w),")
    }
    XCTAssertNil(text.range(of: "\"weight\": 1,"), "every item weighted")
    let r = try XCTUnwrap(text.range(of: "\"threshold\": 40,"))
    text.replaceSubrange(r, with: "\"threshold\": 50,")
    return try ModelLoader.load(bytes: Array(text.utf8), sha256: "fractional")
}

/// Answer vectors (−1 = unanswered) at a given distance from the threshold, in the oracle's
/// whole hundredths: Σ uᵢ·(xᵢ − 2) == offset, i.e. the exact score is 50 + 25·offset/Σuᵢ.
private func answers(offset: Int, count: Int, seed: UInt64) -> [[Int8]] {
    let units = fractionalWeights.map(hundredths)
    var rng = SplitMix64(seed: seed)
    var found = Set<[Int8]>()
    var tries = 0
    while found.count < count && tries < 2_000_000 {
        tries += 1
        var x = [Int8](repeating: 2, count: units.count)
        for _ in 0..<rng.below(4) { x[rng.below(x.count)] = -1 }
        for _ in 0..<(2 + rng.below(4)) {
            let i = rng.below(x.count)
            if x[i] >= 0 { x[i] = Int8(rng.below(5)) }
        }
        var sum = 0
        for i in x.indices where x[i] >= 0 { sum += units[i] * (Int(x[i]) - 2) }
        if sum == offset { found.insert(x) }
    }
    return found.sorted { $0.lexicographicallyPrecedes($1) }
}

/// Sides decided in exact arithmetic (`models/README.md`, "Exact sides"): the coping sums are
/// whole numbers of weight units, the scores are the exact fractions rounded down, so a case's
/// side depends neither on the order of the additions (scalar loop, reference BLAS, OpenBLAS)
/// nor on the rounding of a division — and the fast path agrees with the general path on
/// cases placed exactly on a threshold.
final class ExactThresholdTests: XCTestCase {
    func testRoundedDownIsTheLargestDoubleNotAboveTheFraction() {
        // 1/10 rounds to nearest *above* the fraction (0.1000000000000000055…): rounded down
        // is one step lower. 1/3 rounds to nearest below it (0.33333333333333331…) and stays.
        XCTAssertEqual(ExactRatio.roundedDown(1, over: 10), 0.1.nextDown)
        XCTAssertEqual(ExactRatio.roundedDown(1, over: 3), 1.0 / 3.0)
        XCTAssertEqual(ExactRatio.roundedDown(0, over: 7), 0)
        XCTAssertEqual(ExactRatio.roundedDown(5000, over: 100), 50, "exact quotients stay")
        // Against exact integer arithmetic: q = M·2^E ≤ a/b ⇔ M·b ≤ a·2^−E.
        var rng = SplitMix64(seed: 71)
        func atMost(_ q: Double, _ a: Int, _ b: Int) -> Bool {
            let e = q.exponent - Int(Double.significandBitCount)
            let m = Int128(q.significandBitPattern | (1 << UInt64(Double.significandBitCount)))
            precondition(e < 0 && e > -100)
            return m * Int128(b) <= Int128(a) << Int128(-e)
        }
        var roundedUp = 0
        for _ in 0..<200_000 {
            let b = 1 + rng.below(rng.chance(0.5) ? 100 : 40_000_000_000)
            let a = rng.below(b * 100) + 1
            let q = ExactRatio.roundedDown(Double(a), over: Double(b))
            XCTAssertTrue(atMost(q, a, b), "\(a)/\(b): \(q) is above the fraction")
            XCTAssertFalse(atMost(q.nextUp, a, b), "\(a)/\(b): \(q) is not the largest Double not above the fraction")
            if Double(a) / Double(b) != q { roundedUp += 1 }
        }
        XCTAssertGreaterThan(roundedUp, 10_000, "nearest rounding lands above the fraction often: the test can tell the two apart")
    }

    func testFractionalWeightsAreExactWholeUnits() throws {
        let model = try fractionalModel()
        XCTAssertEqual(model.coping.weightDecimals, 2)
        XCTAssertEqual(model.coping.weightUnits, fractionalWeights.map { Double(hundredths($0)) })
        XCTAssertFalse(model.coping.hasUniformWeights)
        // Any summation order gives the same bits.
        var rng = SplitMix64(seed: 72)
        for _ in 0..<2000 {
            let x: [Int8] = (0..<16).map { _ in rng.chance(0.1) ? -1 : Int8(rng.below(5)) }
            let forward = model.coping.sums(x)
            var order = Array(0..<16)
            for i in stride(from: 15, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
            var s = 0.0, w = 0.0
            for i in order where x[i] >= 0 { s += model.coping.weightUnits[i] * Double(x[i]); w += model.coping.weightUnits[i] }
            XCTAssertEqual(forward.weighted, s)
            XCTAssertEqual(forward.weight, w)
        }
    }

    func testCasesExactlyOnTheThresholdAreHardWhateverTheSummationOrder() throws {
        let model = try fractionalModel()
        let engine = DecisionEngine(model: model, today: CalendarDate(year: 2026, month: 3, day: 2)!)
        let hardQuadrants = Set(model.segments.quadrants.indices.filter { model.segments.quadrants[$0].copingHard })
        let weights = fractionalWeights.map { Double($0)! }
        var naiveWrong = 0
        for (offset, expectHard) in [(0, true), (-1, false), (-5, false), (1, true), (5, true)] {
            let vectors = answers(offset: offset, count: 150, seed: 100 + UInt64(offset + 10))
            XCTAssertGreaterThan(vectors.count, 50, "offset \(offset)")
            for x in vectors {
                var c = ScreeningCase(id: "t", age: 40, itemCount: 16, indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
                c.coping = x
                let d = engine.decide(c)
                guard let score = d.coping.score else { continue }  // fewer than min_answered
                XCTAssertEqual(score >= 50, expectHard, "offset \(offset) \(x): score \(score)")
                if d.riskSide != .undetermined {
                    XCTAssertEqual(hardQuadrants.contains(d.segment.rawValue), expectHard, "offset \(offset) \(x)")
                }
                XCTAssertTrue(d.review.contains(.nearThresholdCoping), "within the near band")
                // What adding the raw weights as Doubles would have said, in two orders.
                for order in [Array(0..<16), Array((0..<16).reversed())] {
                    var s = 0.0, w = 0.0
                    for i in order where x[i] >= 0 { s += weights[i] * Double(x[i]); w += weights[i] }
                    if (100 * s / (4 * w) >= 50) != expectHard { naiveWrong += 1 }
                }
            }
        }
        XCTAssertGreaterThan(naiveWrong, 10, "Double sums of the raw weights misplace some of these cases: the test can fail")
    }

    func testFastPathEqualsGeneralPathOnCasesExactlyAtTheThreshold() throws {
        let model = try fractionalModel()
        let handler = RequestHandler(criteria: CriteriaSet(single: model),
                                     options: ScoringOptions(pseudonymizer: HMACPseudonymizer(key: Array("test-key".utf8)),
                                                             today: CalendarDate(year: 2026, month: 3, day: 2)!))
        var vectors: [[Int8]] = []
        for offset in [0, -1, 1, -3, 0] { vectors += answers(offset: offset, count: 120, seed: 200 + UInt64(offset + 10)) }
        // Generated cases (hetus, odd spacing elsewhere) with their coping answers replaced.
        let generated = makeForeignV2Chunk(count: vectors.count * 2, seed: 73)
        var chunk = InputChunk(sequence: 0, generation: 0)
        var k = 0
        generated.bytes.withUnsafeBytes { all in
            for line in generated.lines {
                var bytes = Array(UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]))
                if k < vectors.count, var object = (try? JSONReader.parse(bytes))?.objectValue, object["coping"] != nil {
                    var coping = JSONObject()
                    for (i, item) in model.coping.items.enumerated() where vectors[k][i] >= 0 {
                        coping.members.append((item.id, .number(JSONNumber(Int(vectors[k][i])))))
                    }
                    object.members = object.members.map { $0.key == "coping" ? ("coping", .object(coping)) : $0 }
                    bytes = JSONValue.object(object).canonicalBytes
                    k += 1
                }
                let s = chunk.bytes.count
                chunk.bytes += bytes
                chunk.lines.append(ChunkLine(kind: .text, start: s, end: chunk.bytes.count, number: line.number))
            }
        }
        XCTAssertEqual(k, vectors.count)
        var general: [[UInt8]] = []
        var onTheThreshold = 0
        chunk.bytes.withUnsafeBytes { all in
            for line in chunk.lines {
                let answer = handler.handle(line: UnsafeRawBufferPointer(rebasing: all[line.start..<line.end]), lineNumber: line.number)
                general.append(answer.bytes)
                if String(decoding: answer.bytes, as: UTF8.self).contains("\"margins\":{\"coping\":0.0,") { onTheThreshold += 1 }
            }
        }
        XCTAssertGreaterThan(onTheThreshold, 50, "cases exactly on the threshold reach the record")
        let lines = ChunkProcessor(handler: handler).process(chunk).bytes.array.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, general.count)
        for (j, line) in lines.enumerated() where Array(line) != general[j] {
            XCTFail("line \(chunk.lines[j].number): fast path\n\(String(decoding: line, as: UTF8.self))\ngeneral\n\(String(decoding: general[j], as: UTF8.self))")
            break
        }
    }

    /// The column scorer sums with BLAS `dgemv` (whatever library is installed) and must still
    /// place every case as the per-case engine does.
    func testColumnScorerPlacesCasesOnTheThresholdAsTheEngineDoes() throws {
        let model = try fractionalModel()
        let engine = DecisionEngine(model: model, today: CalendarDate(year: 2026, month: 3, day: 2)!)
        var cases: [ScreeningCase] = []
        for offset in [0, -1, 1] {
            for x in answers(offset: offset, count: 100, seed: 300 + UInt64(offset + 10)) {
                var c = ScreeningCase(id: "t", age: 40, itemCount: 16, indicatorCount: model.risk.indicators.count, flagCount: model.flags.count)
                c.coping = x
                cases.append(c)
            }
        }
        var scorer = ColumnScorer(model: model)
        scorer.load(cases)
        scorer.score(threads: 2)
        for (k, c) in cases.enumerated() {
            let d = engine.decide(c)
            XCTAssertEqual(Int(scorer.segment[k]), d.segment.rawValue, "case \(k): \(c.coping)")
            if let s = d.coping.score { XCTAssertEqual(scorer.copingScore[k], s) } else { XCTAssertTrue(scorer.copingScore[k].isNaN) }
        }
    }
}
