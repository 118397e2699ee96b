/// How well a score ranks and predicts a 0/1 outcome: ROC AUC (ties count one half), the Brier
/// score, and a calibration table by decile.
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

    public struct CalibrationBin: Sendable, Equatable {
        public var cases: Int
        public var lowestScore: Double
        public var highestScore: Double
        /// Mean of the probability read from the score.
        public var meanPredicted: Double
        /// Share of cases with the outcome.
        public var observedRate: Double
    }

    /// Cases sorted by score (ties in input order) and cut into `bins` groups of equal size
    /// (sizes differ by at most one: group d holds ranks ⌊d·n/bins⌋ ..< ⌊(d+1)·n/bins⌋), so
    /// equal scores may fall in two neighbouring groups. Empty groups are left out.
    ///
    /// Complexity: O(n log n).
    public static func calibration(scores: [Double], probabilities: [Double], outcomes: [Bool], bins: Int = 10) -> [CalibrationBin] {
        let n = scores.count
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 < $1 }
        var out: [CalibrationBin] = []
        for d in 0..<bins {
            let lo = d * n / bins, hi = (d + 1) * n / bins
            guard hi > lo else { continue }
            var predicted = 0.0, observed = 0
            for r in lo..<hi {
                predicted += probabilities[order[r]]
                if outcomes[order[r]] { observed += 1 }
            }
            out.append(CalibrationBin(cases: hi - lo, lowestScore: scores[order[lo]], highestScore: scores[order[hi - 1]],
                                      meanPredicted: predicted / Double(hi - lo), observedRate: Double(observed) / Double(hi - lo)))
        }
        return out
    }
}
