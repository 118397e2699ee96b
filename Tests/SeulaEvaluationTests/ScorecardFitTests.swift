import Foundation
import SeulaCore
import SeulaEvaluation
import SeulaJSON
import XCTest

final class ScorecardFitTests: XCTestCase {
    /// Category vectors drawn at random, outcomes from known log-odds per category.
    func simulate(n: Int, seed: UInt64, effects: [[Double]], intercept: Double) -> ([[Int8]], [Int]) {
        let design = ScorecardDesign(model: defaultModel, today: testToday)
        var rng = SplitMix64(seed: seed)
        var cats: [[Int8]] = [], ys: [Int] = []
        for _ in 0..<n {
            var c: [Int8] = []
            var eta = intercept
            for (i, categories) in design.categories.enumerated() {
                let k = rng.chance(0.05) ? -1 : rng.below(categories.count)
                c.append(Int8(k))
                if k > 0 { eta += effects[i][k] }
            }
            cats.append(c)
            ys.append(rng.unit() < LogisticRegression.probability(eta) ? 1 : 0)
        }
        return (cats, ys)
    }

    func knownEffects() -> [[Double]] {
        ScorecardDesign(model: defaultModel, today: testToday).categories.enumerated().map { i, cats in
            cats.indices.map { k in Double(k) * (0.15 + 0.05 * Double(i % 4)) }
        }
    }

    func testRecoversKnownCoefficients() throws {
        let effects = knownEffects()
        let (cats, ys) = simulate(n: 60000, seed: 8, effects: effects, intercept: -2.5)
        var options = ScorecardFitOptions()
        options.folds = 3
        let fit = try ScorecardFit(model: defaultModel, categoriesOfCase: cats, outcomes: ys, options: options)
        XCTAssertTrue(fit.fit.converged)
        XCTAssertEqual(fit.fit.coefficients[0], -2.5, accuracy: 0.12)
        for (i, rows) in fit.table.enumerated() {
            for r in rows where r.category.index > 0 {
                let c = try XCTUnwrap(r.coefficient)
                // Within 4 standard errors of the truth.
                XCTAssertEqual(c, effects[i][r.category.index], accuracy: 4 * r.standardError!, "\(defaultModel.risk.indicators[i].id) \(r.category.label)")
            }
        }
        XCTAssertGreaterThan(fit.crossValidatedAUC!, 0.6)
        XCTAssertEqual(fit.inSampleAUC, fit.crossValidatedAUC!, accuracy: 0.01)
        // Monotone, non-negative, first category 0: the file format's rule.
        for rows in fit.table {
            XCTAssertEqual(rows[0].newPoints, 0)
            for (a, b) in zip(rows, rows.dropFirst()) { XCTAssertLessThanOrEqual(a.newPoints, b.newPoints) }
        }
    }

    func testNegativeEffectsArePooledToKeepPointsMonotone() throws {
        var effects = knownEffects()
        effects[0] = [0, 0.8, 0.2, 1.2]   // income support: a dip at 6–9 months
        let (cats, ys) = simulate(n: 20000, seed: 9, effects: effects, intercept: -2)
        var options = ScorecardFitOptions()
        options.folds = 0
        let fit = try ScorecardFit(model: defaultModel, categoriesOfCase: cats, outcomes: ys, options: options)
        let row = fit.table[0]
        XCTAssertEqual(row[1].adjusted, row[2].adjusted, accuracy: 1e-12)
        XCTAssertLessThanOrEqual(row[2].newPoints, row[3].newPoints)
    }

    func testTheNewFileLoadsAndPassesModelCheck() throws {
        let (cats, ys) = simulate(n: 8000, seed: 10, effects: knownEffects(), intercept: -2)
        var options = ScorecardFitOptions()
        options.folds = 0
        options.ridge = 1
        let fit = try ScorecardFit(model: defaultModel, categoriesOfCase: cats, outcomes: ys, options: options)
        let revision = try XCTUnwrap(ScorecardFitText.revision(fit, dataSHA256: "abc", dataName: "sim", rejected: 0))
        let bytes = try revision.apply(to: defaultModelBytes, model: defaultModel)
        let model = try ModelLoader.load(bytes: bytes, sha256: "new")
        XCTAssertEqual(model.version, "1.1.0")
        XCTAssertEqual(model.risk.maxPoints, fit.newMaxPoints)
        XCTAssertEqual(ScorecardDesign(model: model, today: testToday).currentPoints, fit.table.map { $0.map(\.newPoints) })
        let provenance = model.document.value["provenance"]!
        XCTAssertEqual(provenance["derived_from"]?["sha256"]?.stringValue, "test")
        XCTAssertEqual(provenance["created_by"]?["tool"]?.stringValue, "seula fit")
        // Only points, version and provenance differ.
        for c in DocumentDiff.changes(defaultModel.document.value, model.document.value) {
            XCTAssertTrue(c.path.hasSuffix(".points") || c.path == "version" || c.path.hasPrefix("provenance"), c.path)
        }
        let path = temporaryPath("fitted.json")
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let (status, _, err) = try runSeula(["model", "check", path])
        XCTAssertEqual(status, 0, err)
    }

    func testCategoriesMatchTheScorersPoints() {
        // Points from categories equal RiskScorecard.evaluate's, gaps and counted_when included.
        let design = ScorecardDesign(model: defaultModel, today: testToday)
        let engine = DecisionEngine(model: defaultModel, today: testToday)
        var factory = CaseFactory(seed: 14)
        for k in 0..<2000 {
            let c = factory.next(k)
            let points = defaultModel.risk.evaluate(c.risk, frame: engine.intakeFrame(c)).points
            XCTAssertEqual(ScorecardDesign.points(design.categories(of: c), table: design.currentPoints), points)
        }
    }
}
