/// How well a score ranks and predicts a 0/1 outcome: ROC AUC (ties count one half) and the ROC
/// curve, the Brier score, and a reliability diagram (predicted probability against the observed
/// rate, in bins of equal width, with Wilson intervals).
public enum ScoreRanking {
    /// ROC AUC = P(score of a random positive > score of a random negative) + ½ P(equal),
    /// i.e. the Mann–Whitney U with mid-ranks, the same as scikit-learn's `roc_auc_score`.
    /// NaN when either class is empty.
    ///
    /// Complexity: O(n log n).
    public static func auc(scores: [Double], outcomes: [Bool]) -> Double {
        precondition(scores.count == outcomes.count)
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positives: [Double] = [], negatives: [Double] = []
        var k = 0
        while k < order.count {
            var pos = 0.0, neg = 0.0
            let s = scores[order[k]]
            while k < order.count, scores[order[k]] == s {
                if outcomes[order[k]] { pos += 1 } else { neg += 1 }
                k += 1
            }
            positives.append(pos)
            negatives.append(neg)
        }
        return auc(positivesByLevel: positives, negativesByLevel: negatives)
    }

    /// AUC from weighted counts of positives and negatives at each distinct score, lowest
    /// score first (the form the bootstrap uses).
    ///
    /// Complexity: O(levels).
    public static func auc(positivesByLevel pos: [Double], negativesByLevel neg: [Double]) -> Double {
        var below = 0.0, sum = 0.0, p = 0.0, n = 0.0
        for l in pos.indices {
            sum += pos[l] * (below + 0.5 * neg[l])
            below += neg[l]
            p += pos[l]
            n += neg[l]
        }
        return p > 0 && n > 0 ? sum / (p * n) : .nan
    }

    /// Mean of (p − y)²; NaN for no cases.
    public static func brier(probabilities: [Double], outcomes: [Bool]) -> Double {
        guard !probabilities.isEmpty else { return .nan }
        var s = 0.0
        for (p, y) in zip(probabilities, outcomes) { let d = p - (y ? 1 : 0); s += d * d }
        return s / Double(probabilities.count)
    }

    /// One point of the ROC curve: at threshold t (cases with score >= t are positive), the
    /// false and true positive rates.
    public struct ROCPoint: Sendable, Equatable {
        public var threshold: Double
        public var falsePositiveRate: Double
        public var truePositiveRate: Double
    }

    /// The ROC curve at every distinct score, highest first, after a first point (0, 0) at
    /// threshold +∞: scikit-learn's `roc_curve(y, score, drop_intermediate=False)`. Empty when
    /// either class is empty.
    ///
    /// Complexity: O(n log n).
    public static func rocCurve(scores: [Double], outcomes: [Bool]) -> [ROCPoint] {
        precondition(scores.count == outcomes.count)
        let positives = Double(outcomes.filter { $0 }.count), negatives = Double(outcomes.count) - positives
        guard positives > 0, negatives > 0 else { return [] }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var out = [ROCPoint(threshold: .infinity, falsePositiveRate: 0, truePositiveRate: 0)]
        var tp = 0.0, fp = 0.0, k = 0
        while k < order.count {
            let s = scores[order[k]]
            while k < order.count, scores[order[k]] == s {
                if outcomes[order[k]] { tp += 1 } else { fp += 1 }
                k += 1
            }
            out.append(ROCPoint(threshold: s, falsePositiveRate: fp / negatives, truePositiveRate: tp / positives))
        }
        return out
    }

    /// One bin of the reliability diagram.
    public struct ReliabilityBin: Sendable, Equatable {
        /// The bin holds predicted probabilities in (lower, upper] (the first also 0).
        public var lower: Double
        public var upper: Double
        public var cases: Int
        public var events: Int
        public var meanPredicted: Double
        public var observedRate: Double
        /// Wilson 95 % interval of the observed rate.
        public var observedLower: Double
        public var observedUpper: Double
    }

    /// Predicted probabilities in `bins` bins of equal width over [0, 1] — the edges and the
    /// assignment of scikit-learn's `calibration_curve(strategy='uniform')` (edges k/bins as
    /// numpy's `linspace` computes them; a value on an edge goes to the lower bin) — with the
    /// mean predicted probability, the observed rate and its Wilson interval per non-empty bin.
    ///
    /// Complexity: O(n log bins).
    public static func reliability(probabilities: [Double], outcomes: [Bool], bins: Int = 10) -> [ReliabilityBin] {
        precondition(probabilities.count == outcomes.count && bins > 0)
        let step = 1.0 / Double(bins)
        let inner = (1..<bins).map { Double($0) * step }
        var total = Array(repeating: 0, count: bins), events = total
        var sums = Array(repeating: 0.0, count: bins)
        for (p, y) in zip(probabilities, outcomes) {
            var lo = 0, hi = inner.count
            while lo < hi { let mid = (lo + hi) / 2; if inner[mid] < p { lo = mid + 1 } else { hi = mid } }
            total[lo] += 1
            sums[lo] += p
            if y { events[lo] += 1 }
        }
        var out: [ReliabilityBin] = []
        for b in 0..<bins where total[b] > 0 {
            let w = Wilson.interval(successes: events[b], trials: total[b])
            out.append(ReliabilityBin(lower: b == 0 ? 0 : inner[b - 1], upper: b == bins - 1 ? 1 : inner[b], cases: total[b], events: events[b],
                                      meanPredicted: sums[b] / Double(total[b]), observedRate: Double(events[b]) / Double(total[b]),
                                      observedLower: w.lower, observedUpper: w.upper))
        }
        return out
    }
}
