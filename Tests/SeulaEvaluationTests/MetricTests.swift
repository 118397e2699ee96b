import Foundation
import SeulaCore
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

    func testPoolAdjacentViolators() {
        XCTAssertEqual(ScorecardFit.nonDecreasing([0, 2, 1, 3], weights: [1, 1, 1, 1]), [0, 1.5, 1.5, 3])
        XCTAssertEqual(ScorecardFit.nonDecreasing([0, 3, 1], weights: [1, 1, 3]), [0, 1.5, 1.5])
        XCTAssertEqual(ScorecardFit.nonDecreasing([1, 2, 3], weights: [1, 1, 1]), [1, 2, 3])
    }

    func testBootstrapIsSeededAndCoversTheEstimate() {
        // 250 cases of each of two patterns; the figure is the share of pattern 1.
        let run = { (seed: UInt64, workers: Int) in
            Bootstrap.intervals(patternCounts: [250, 250], replicates: 300, seed: seed, workers: workers) { counts in
                [Double(counts[1]) / Double(counts[0] + counts[1])]
            }
        }
        let a = run(1, 2), b = run(1, 2), c = run(2, 2)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        // The same seed gives the same intervals however the replicates are shared among threads.
        XCTAssertEqual(run(1, 1), a)
        XCTAssertEqual(run(1, 3), a)
        XCTAssertLessThan(a[0].lower, 0.5)
        XCTAssertGreaterThan(a[0].upper, 0.5)
        // The binomial standard error of a share of 500 is 0.0224: the 95 % interval is about ±0.044.
        XCTAssertEqual(a[0].upper - a[0].lower, 2 * 1.96 * 0.0224, accuracy: 0.015)
        XCTAssertEqual(a[0].replicates, 300)
        XCTAssertEqual(Bootstrap.quantile([1, 2, 3, 4], 0.5), 2.5)
    }

    func testBinomialDrawsFollowTheBinomialDistribution() {
        // Mean and variance of 20 000 draws within 4 standard errors, on both samplers (inversion
        // below n·p = 10, BTRS above) and on p > ½ (drawn through 1 − p).
        var rng = SplitMix64(seed: 99)
        for (n, p) in [(20, 0.3), (1000, 0.004), (500, 0.4), (100_000, 0.6), (7, 0.9), (1_000_000, 0.00002)] {
            var draws: [Double] = []
            for _ in 0..<20_000 { draws.append(Double(Resampling.binomial(n, p, &rng))) }
            let mean: Double = draws.reduce(0, +) / Double(draws.count)
            var variance = 0.0
            for d in draws { variance += (d - mean) * (d - mean) }
            variance /= Double(draws.count - 1)
            let mu = Double(n) * p, sigma2 = Double(n) * p * (1 - p)
            XCTAssertEqual(mean, mu, accuracy: 4 * (sigma2 / 20_000).squareRoot(), "mean of B(\(n), \(p))")
            XCTAssertEqual(variance, sigma2, accuracy: 4 * sigma2 * (2.0 / 20_000).squareRoot(), "variance of B(\(n), \(p))")
            XCTAssertTrue(draws.allSatisfy { $0 >= 0 && $0 <= Double(n) })
        }
        // The whole distribution: B(12, 0.35) against its probability mass function (χ², 12 df;
        // 36.1 is the 0.9997 quantile).
        let n = 12, p = 0.35, draws = 40_000
        var counts = Array(repeating: 0, count: n + 1)
        for _ in 0..<draws { counts[Resampling.binomial(n, p, &rng)] += 1 }
        var chi2 = 0.0
        var choose = 1.0
        for k in 0...n {
            if k > 0 { choose = choose * Double(n - k + 1) / Double(k) }
            let expected = Double(draws) * choose * pow(p, Double(k)) * pow(1 - p, Double(n - k))
            if expected > 5 { chi2 += (Double(counts[k]) - expected) * (Double(counts[k]) - expected) / expected }
        }
        XCTAssertLessThan(chi2, 36.1)
        // And for BTRS: B(200, 0.3) in 12 bands of equal probability would need the cdf; check
        // the skew instead (third central moment n·p·q·(q − p)).
        var big: [Double] = []
        for _ in 0..<40_000 { big.append(Double(Resampling.binomial(200, 0.3, &rng))) }
        let m: Double = big.reduce(0, +) / Double(big.count)
        var third = 0.0
        for b in big { third += (b - m) * (b - m) * (b - m) }
        third /= Double(big.count)
        XCTAssertEqual(third, 200 * 0.3 * 0.7 * 0.4, accuracy: 5)
    }

    func testMultinomialDrawKeepsTheTotalAndTheShares() {
        var rng = SplitMix64(seed: 5)
        let weights = [500, 0, 300, 150, 49, 1]
        var out = Array(repeating: 0, count: weights.count)
        var sums = Array(repeating: 0.0, count: weights.count)
        for _ in 0..<2000 {
            Resampling.multinomial(1000, weights: weights, order: [0, 2, 3, 4, 5], into: &out, &rng)
            XCTAssertEqual(out.reduce(0, +), 1000)
            XCTAssertEqual(out[1], 0)
            for k in out.indices { sums[k] += Double(out[k]) }
        }
        for k in weights.indices { XCTAssertEqual(sums[k] / 2000, Double(weights[k]), accuracy: max(1, Double(weights[k]) * 0.02)) }
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

    func testLabelsLeaveUndeterminedOutAsScikitLearnDoes() {
        // scikit-learn with labels=[0, 1, 2, 3]: per-segment figures and macro F1 over the four
        // quadrants; balanced accuracy over the cases the caseworker put in one; accuracy and κ
        // over everything.
        let r = reference["segments_labels"]!
        var m = ConfusionMatrix(classes: 5)
        for (t, p) in zip(ints(r["truth"]), ints(r["predicted"])) { m.add(truth: t, predicted: p) }
        let quadrants = ints(r["labels"])
        XCTAssertEqual(m.macroF1(over: quadrants), double(r["macro_f1"]), accuracy: 1e-12)
        XCTAssertEqual(m.balancedAccuracy(over: quadrants), double(r["balanced_accuracy"]), accuracy: 1e-12)
        XCTAssertEqual(m.balancedAccuracy(over: quadrants), double(r["macro_recall_labels"]), accuracy: 1e-12)
        XCTAssertEqual(m.accuracy, double(r["accuracy"]), accuracy: 1e-12)
        XCTAssertEqual(m.cohenKappa, double(r["kappa"]), accuracy: 1e-12)
        for (k, c) in quadrants.enumerated() {
            XCTAssertEqual(m.precision(c), r["precision"]!.arrayValue![k].numberValue!.double, accuracy: 1e-12)
            XCTAssertEqual(m.recall(c), r["recall"]!.arrayValue![k].numberValue!.double, accuracy: 1e-12)
            XCTAssertEqual(m.f1(c), r["f1"]!.arrayValue![k].numberValue!.double, accuracy: 1e-12)
        }
        // Averaging over the fifth class too would be a different figure (what the issue saw).
        XCTAssertEqual(m.macroF1, double(r["macro_f1_all_classes"]), accuracy: 1e-12)
        XCTAssertGreaterThan(abs(m.macroF1 - m.macroF1(over: quadrants)), 0.05)
    }

    /// The V2-style risk scores of the ROC and reliability fixtures.
    func rocFixture() -> (scores: [Double], outcomes: [Bool]) {
        let r = reference["roc"]!
        let scores = zip(ints(r["points"]), ints(r["maxima"])).map { 100.0 * Double($0) / Double($1) }
        return (scores, ints(r["outcome"]).map { $0 == 1 })
    }

    func testROCPointsAgainstScikitLearn() {
        let r = reference["roc"]!
        let (scores, y) = rocFixture()
        let curve = ScoreRanking.rocCurve(scores: scores, outcomes: y)
        let fpr = r["fpr"]!.arrayValue!.map { $0.numberValue!.double }, tpr = r["tpr"]!.arrayValue!.map { $0.numberValue!.double }
        let thresholds = r["thresholds"]!.arrayValue!.map { $0.numberValue!.double }
        XCTAssertEqual(curve.count, fpr.count)
        XCTAssertEqual(curve.first?.threshold, .infinity)
        for (k, point) in curve.enumerated() {
            XCTAssertEqual(point.falsePositiveRate, fpr[k], accuracy: 1e-12, "point \(k)")
            XCTAssertEqual(point.truePositiveRate, tpr[k], accuracy: 1e-12, "point \(k)")
            if k > 0 { XCTAssertEqual(point.threshold, thresholds[k - 1], accuracy: 1e-9) }
        }
        XCTAssertEqual(ScoreRanking.auc(scores: scores, outcomes: y), double(r["auc"]), accuracy: 1e-12)
    }

    func testReliabilityBinsAgainstScikitLearn() {
        let r = reference["reliability"]!
        let (scores, y) = rocFixture()
        let bins = ScoreRanking.reliability(probabilities: scores.map { $0 / 100 }, outcomes: y)
        let prob = r["prob_pred"]!.arrayValue!.map { $0.numberValue!.double }, observed = r["prob_true"]!.arrayValue!.map { $0.numberValue!.double }
        XCTAssertEqual(bins.count, prob.count)
        XCTAssertEqual(bins.map(\.cases), ints(r["cases"]))
        XCTAssertEqual(bins.map(\.events), ints(r["events"]))
        for (k, b) in bins.enumerated() {
            XCTAssertEqual(b.meanPredicted, prob[k], accuracy: 1e-12)
            XCTAssertEqual(b.observedRate, observed[k], accuracy: 1e-12)
            let w = r["wilson"]!.arrayValue![k].arrayValue!.map { $0.numberValue!.double }
            XCTAssertEqual(b.observedLower, w[0], accuracy: 1e-12)
            XCTAssertEqual(b.observedUpper, w[1], accuracy: 1e-12)
        }
        // A probability on an edge goes to the lower bin, as numpy's searchsorted(side='left').
        let edge = ScoreRanking.reliability(probabilities: [0.3, 0.30000000000000004, 0.5, 0.0, 1.0], outcomes: [true, false, true, false, true])
        XCTAssertEqual(edge.map(\.cases), [1, 2, 1, 1])
        XCTAssertEqual(edge.map(\.upper), [0.1, 0.30000000000000004, 0.5, 1])
    }

    func testWilsonAgainstScipy() {
        for w in reference["wilson"]!.arrayValue! {
            let (lo, hi) = Wilson.interval(successes: Int(w["k"]!.numberValue!.int64!), trials: Int(w["n"]!.numberValue!.int64!))
            XCTAssertEqual(lo, w["low"]!.numberValue!.double, accuracy: 1e-12)
            XCTAssertEqual(hi, w["high"]!.numberValue!.double, accuracy: 1e-12)
        }
        XCTAssertTrue(Wilson.interval(successes: 0, trials: 0).lower.isNaN)
    }
}
