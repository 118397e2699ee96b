/// The two axis scores. These functions are the single definition of each formula: the
/// decision engine, the counterfactual search, the batch engine's check and the evaluators'
/// tools all call them, so a threshold compares the same number everywhere.
extension CopingInstrument {
    /// Score = 100 · Σ(wᵢ·xᵢ) / (scaleMax · Σ wᵢ over answered items).
    @inlinable
    public func score(weightedSum: Double, answeredWeight: Double) -> Double {
        100.0 * weightedSum / (Double(scaleMax) * answeredWeight)
    }

    /// Scores a set of answers (`ScreeningCase.unanswered` for a missing one).
    ///
    /// Complexity: O(items).
    public func evaluate(_ answers: [Int8]) -> CopingResult {
        var answered = 0
        var weightedSum = 0.0
        var answeredWeight = 0.0
        for (i, x) in answers.enumerated() where x >= 0 {
            answered += 1
            weightedSum += items[i].weight * Double(x)
            answeredWeight += items[i].weight
        }
        var contributions = Array(repeating: 0.0, count: items.count)
        guard answered >= minAnswered, answeredWeight > 0 else {
            return CopingResult(score: nil, band: nil, answered: answered, contributions: contributions)
        }
        let score = self.score(weightedSum: weightedSum, answeredWeight: answeredWeight)
        for (i, x) in answers.enumerated() where x > 0 {
            contributions[i] = 100.0 * items[i].weight * Double(x) / (Double(scaleMax) * answeredWeight)
        }
        return CopingResult(score: score, band: band(for: score), answered: answered, contributions: contributions)
    }

    /// True when `score` is on the hard side of the coping axis.
    @inlinable
    public func isHard(_ score: Double) -> Bool { score >= threshold }
}

extension RiskScorecard {
    /// Risk = 100 · points / maxPoints.
    @inlinable
    public func score(points: Int) -> Double {
        maxPoints == 0 ? 0 : 100.0 * Double(points) / Double(maxPoints)
    }

    @inlinable
    public func isHigh(_ score: Double) -> Bool { score >= threshold }

    /// Whether indicator `i` counts for this case (its `counted_when`, e.g. an age window).
    public func isCounted(_ i: Int, frame: borrowing [Value]) -> Bool {
        indicators[i].countedWhen?.holds(frame) ?? true
    }

    /// Scores raw indicator values (`ScreeningCase.gap` for a missing one). `frame` must hold
    /// the intake values, for indicators counted only under a condition.
    ///
    /// Complexity: O(indicators).
    public func evaluate(_ raw: [Int32], frame: borrowing [Value]) -> RiskResult {
        var points = 0
        var gaps: [Int] = []
        var perIndicator = Array(repeating: 0, count: indicators.count)
        for (i, r) in raw.enumerated() {
            if r == ScreeningCase.gap {
                gaps.append(i)
                continue
            }
            guard isCounted(i, frame: frame) else { continue }
            let p = indicators[i].points(forRaw: Int(r))
            perIndicator[i] = p
            points += p
        }
        return RiskResult(score: score(points: points), points: points, maxPoints: maxPoints, gaps: gaps,
                          indicatorPoints: perIndicator)
    }
}
