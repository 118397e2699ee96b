import Foundation
import SeulaEvaluation
import SeulaJSON
import XCTest

/// Metrics against values computed by hand on small tables, and against scikit-learn reference
/// values stored in Fixtures/sklearn-reference.json (made once by Fixtures/make_fixtures.py;
/// the versions are in that file and the script).
final class MetricTests: XCTestCase {
    func matrix(_ rows: [[Int]]) -> ConfusionMatrix {
        var m = ConfusionMatrix(classes: rows.count)
        for (i, r) in rows.enumerated() { for (j, n) in r.enumerated() { m.add(truth: i, predicted: j, count: n) } }
        return m
    }

    func testKappaByHand() {
        // n = 50; pₒ = (20 + 15) / 50 = 0.7; pₑ = (25·30 + 25·20) / 50² = 0.5; κ = 0.2 / 0.5 = 0.4.
        let m = matrix([[20, 5], [10, 15]])
        XCTAssertEqual(m.accuracy, 0.7, accuracy: 1e-15)
        XCTAssertEqual(m.cohenKappa, 0.4, accuracy: 1e-12)
        // Perfect agreement, and agreement no better than chance.
        XCTAssertEqual(matrix([[3, 0], [0, 7]]).cohenKappa, 1, accuracy: 1e-15)
        XCTAssertEqual(matrix([[1, 1], [1, 1]]).cohenKappa, 0, accuracy: 1e-15)
        // Everything in one class: κ is undefined.
        XCTAssertTrue(matrix([[5, 0], [0, 0]]).cohenKappa.isNaN)
    }

    func testQuadraticKappaByHand() {
        // 3 ordered levels, n = 10.
        // O = [[3,1,0],[1,2,1],[0,1,1]]; rows 4,4,2; cols 4,4,2.
        // Σw·O with w = (i−j)²: 1+1+1+1 = 4 (all one-level misses).
        // E = r·c/n: Σw·E = 1·(4·4 + 4·2 + 4·4 + 2·4)/10 + 4·(4·2 + 2·4)/10 = 4.8 + 6.4 = 11.2.
        // κ = 1 − 4/11.2 = 0.642857…
        let m = matrix([[3, 1, 0], [1, 2, 1], [0, 1, 1]])
        XCTAssertEqual(m.quadraticKappa, 1 - 4 / 11.2, accuracy: 1e-12)
        // A two-level miss weighs four times a one-level miss.
        let far = matrix([[1, 0, 1], [0, 1, 0], [1, 0, 1]])
        let near = matrix([[1, 1, 0], [1, 1, 1], [0, 1, 1]])
        XCTAssertLessThan(far.quadraticKappa, near.quadraticKappa)
    }

    func testPerClassFiguresByHand() {
        let m = matrix([[20, 5], [10, 15]])
        XCTAssertEqual(m.precision(0), 20.0 / 30, accuracy: 1e-15)
        XCTAssertEqual(m.recall(0), 20.0 / 25, accuracy: 1e-15)
        XCTAssertEqual(m.f1(0), 2 * (2.0 / 3) * 0.8 / (2.0 / 3 + 0.8), accuracy: 1e-15)
        XCTAssertEqual(m.falseNegativeRate(1), 10.0 / 25, accuracy: 1e-15)
        XCTAssertEqual(m.falsePositiveRate(1), 5.0 / 25, accuracy: 1e-15)
        XCTAssertEqual(m.balancedAccuracy, (0.8 + 0.6) / 2, accuracy: 1e-15)
    }

    func testAUCWithTiesByHand() {
        // Positives at 1, 2, 2; negatives at 0, 2, 3. Pairs (9): 1>0 ✓, 1 vs 2 ✗, 1 vs 3 ✗;
        // 2>0 ✓ ✓, 2=2 ½ ½, 2 vs 3 ✗ ✗ → (1 + 2 + 1) / 9 = 4/9.
        let auc = ScoreRanking.auc(scores: [1, 2, 2, 0, 2, 3], outcomes: [true, true, true, false, false, false])
        XCTAssertEqual(auc, 4.0 / 9, accuracy: 1e-15)
        // All tied: ½.
        XCTAssertEqual(ScoreRanking.auc(scores: [5, 5, 5, 5], outcomes: [true, false, true, false]), 0.5, accuracy: 1e-15)
        XCTAssertTrue(ScoreRanking.auc(scores: [1, 2], outcomes: [true, true]).isNaN)
    }

    func testBrierByHand() {
        // ((0.9−1)² + (0.2−0)² + (0.5−1)² + (0−0)²) / 4 = (0.01 + 0.04 + 0.25) / 4 = 0.075.
        XCTAssertEqual(ScoreRanking.brier(probabilities: [0.9, 0.2, 0.5, 0], outcomes: [true, false, true, false]), 0.075, accuracy: 1e-15)
    }

    func testCalibrationDeciles() {
        let scores = (0..<25).map { Double($0 % 5) }
        let bins = ScoreRanking.calibration(scores: scores, probabilities: scores.map { $0 / 10 }, outcomes: scores.map { $0 >= 3 }, bins: 10)
        XCTAssertEqual(bins.map(\.cases), [2, 3, 2, 3, 2, 3, 2, 3, 2, 3])
        XCTAssertEqual(bins.first!.lowestScore, 0)
        XCTAssertEqual(bins.last!.observedRate, 1)
    }

    func testPoolAdjacentViolators() {
        XCTAssertEqual(ScorecardFit.nonDecreasing([0, 2, 1, 3], weights: [1, 1, 1, 1]), [0, 1.5, 1.5, 3])
        XCTAssertEqual(ScorecardFit.nonDecreasing([0, 3, 1], weights: [1, 1, 3]), [0, 1.5, 1.5])
        XCTAssertEqual(ScorecardFit.nonDecreasing([1, 2, 3], weights: [1, 1, 1]), [1, 2, 3])
    }

    func testBootstrapIsSeededAndCoversTheEstimate() {
        let patterns = (0..<500).map { Int32($0 % 2) }
        let run = { (seed: UInt64) in
            Bootstrap.intervals(patternOfCase: patterns, patternCount: 2, replicates: 300, seed: seed) { counts in
                [Double(counts[1]) / Double(counts[0] + counts[1])]
            }
        }
        let a = run(1), b = run(1), c = run(2)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertLessThan(a[0].lower, 0.5)
        XCTAssertGreaterThan(a[0].upper, 0.5)
        XCTAssertEqual(Bootstrap.quantile([1, 2, 3, 4], 0.5), 2.5)
    }

    // MARK: scikit-learn references

    lazy var reference: JSONValue = try! JSONReader.parse(fixtureBytes("sklearn-reference.json"))

    func ints(_ v: JSONValue?) -> [Int] { v!.arrayValue!.map { Int($0.numberValue!.int64!) } }
    func double(_ v: JSONValue?) -> Double { v!.numberValue!.double }

    func testSegmentsAgainstScikitLearn() {
        let r = reference["segments"]!
        var m = ConfusionMatrix(classes: 5)
        for (t, p) in zip(ints(r["truth"]), ints(r["predicted"])) { m.add(truth: t, predicted: p) }
        XCTAssertEqual((0..<5).map { row in (0..<5).map { m[row, $0] } }, r["confusion"]!.arrayValue!.map { ints($0) })
        XCTAssertEqual(m.accuracy, double(r["accuracy"]), accuracy: 1e-12)
        XCTAssertEqual(m.cohenKappa, double(r["kappa"]), accuracy: 1e-12)
        XCTAssertEqual(m.balancedAccuracy, double(r["balanced_accuracy"]), accuracy: 1e-12)
        XCTAssertEqual(m.macroF1, double(r["macro_f1"]), accuracy: 1e-12)
        for c in 0..<5 {
            XCTAssertEqual(m.precision(c), r["precision"]!.arrayValue![c].numberValue!.double, accuracy: 1e-12)
            XCTAssertEqual(m.recall(c), r["recall"]!.arrayValue![c].numberValue!.double, accuracy: 1e-12)
            XCTAssertEqual(m.f1(c), r["f1"]!.arrayValue![c].numberValue!.double, accuracy: 1e-12)
        }
    }

    func testWeightedKappaAgainstScikitLearn() {
        let r = reference["outcomes"]!
        var m = ConfusionMatrix(classes: 6)
        for (t, p) in zip(ints(r["truth"]), ints(r["predicted"])) { m.add(truth: t, predicted: p) }
        XCTAssertEqual(m.quadraticKappa, double(r["quadratic_kappa"]), accuracy: 1e-12)
        XCTAssertEqual(m.cohenKappa, double(r["kappa"]), accuracy: 1e-12)
    }

    func testAUCAndBrierAgainstScikitLearn() {
        let r = reference["risk"]!
        let scores = ints(r["points"]).map { 100.0 * Double($0) / 26 }
        let y = ints(r["outcome"]).map { $0 == 1 }
        XCTAssertEqual(ScoreRanking.auc(scores: scores, outcomes: y), double(r["auc"]), accuracy: 1e-12)
        XCTAssertEqual(ScoreRanking.brier(probabilities: scores.map { $0 / 100 }, outcomes: y), double(r["brier"]), accuracy: 1e-12)
    }

    func testLogisticRegressionAgainstScikitLearn() {
        let r = reference["logistic"]!
        let cats = r["categories"]!.arrayValue!.map { ints($0) }
        let y = ints(r["y"])
        let n = y.count
        var x = DenseMatrix(rows: n, columns: 6)
        for i in 0..<n {
            x[i, 0] = 1
            x[i, 1] = cats[0][i] == 1 ? 1 : 0
            x[i, 2] = cats[0][i] == 2 ? 1 : 0
            x[i, 3] = cats[1][i] == 1 ? 1 : 0
            x[i, 4] = cats[2][i] == 1 ? 1 : 0
            x[i, 5] = cats[2][i] == 2 ? 1 : 0
        }
        let trials = Array(repeating: 1.0, count: n), successes = y.map(Double.init)
        let mle = try! LogisticRegression.fit(design: x, trials: trials, successes: successes).get()
        XCTAssertTrue(mle.converged)
        for (a, b) in zip(mle.coefficients, r["mle"]!.arrayValue!.map { $0.numberValue!.double }) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        let lambda = double(r["ridge_lambda"])
        let ridge = try! LogisticRegression.fit(design: x, trials: trials, successes: successes, ridge: lambda).get()
        for (a, b) in zip(ridge.coefficients, r["ridge"]!.arrayValue!.map { $0.numberValue!.double }) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }
}
