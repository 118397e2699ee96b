/// The two axis scores. These functions are the single definition of each formula: the
/// decision engine, the counterfactual search, the batch engine's check and the evaluators'
/// tools all call them, so a threshold compares the same number everywhere.
///
/// Exact sides: both scores are 100 · a / b for whole numbers a, b below 2^53 (the coping
/// sums are taken in weight units, `CopingInstrument.weightUnits`; risk points are counts), and
/// each is stored as the largest Double not above that fraction (`ExactRatio.roundedDown`).
/// So `score >= c` holds exactly when the fraction is at least c, for every Double c — the
/// thresholds, band starts and any number a rule compares with — whatever order the sums were
/// added in.
extension CopingInstrument {
    /// Score = 100 · Σ(uᵢ·xᵢ) / (scaleMax · Σ uᵢ over answered items), rounded down; the sums
    /// are in weight units (`sums(_:)`).
    @inlinable
    public func score(weightedSum: Double, answeredWeight: Double) -> Double {
        ExactRatio.roundedDown(100.0 * weightedSum, over: Double(scaleMax) * answeredWeight)
    }

    /// Scores a set of answers (`ScreeningCase.unanswered` for a missing one).
    ///
    /// Complexity: O(items).
    public func evaluate(_ answers: [Int8]) -> CopingResult {
        var r = CopingResult(score: nil, band: nil, answered: 0, contributions: Array(repeating: 0, count: items.count))
        evaluate(answers, into: &r)
        return r
    }

    /// The weighted sum Σ uᵢ·xᵢ and the answered weight Σ uᵢ in weight units: whole numbers,
    /// the same bits in any summation order.
    @inlinable
    public func sums(_ answers: [Int8]) -> (weighted: Double, weight: Double) {
        var weightedSum = 0.0
        var answeredWeight = 0.0
        for i in 0..<answers.count where answers[i] >= 0 {
            weightedSum += weightUnits[i] * Double(answers[i])
            answeredWeight += weightUnits[i]
        }
        return (weightedSum, answeredWeight)
    }

    /// Scores into existing storage; `sums` may be precomputed (see `sums(_:)`).
    public func evaluate(_ answers: [Int8], into r: inout CopingResult, sums precomputed: (weighted: Double, weight: Double)? = nil) {
        var answered = 0
        for x in answers where x >= 0 { answered += 1 }
        let (weightedSum, answeredWeight) = precomputed ?? sums(answers)
        r.answered = answered
        for i in 0..<r.contributions.count { r.contributions[i] = 0 }
        guard answered >= minAnswered, answeredWeight > 0 else {
            r.score = nil
            r.band = nil
            return
        }
        let score = self.score(weightedSum: weightedSum, answeredWeight: answeredWeight)
        for i in 0..<answers.count where answers[i] > 0 {
            r.contributions[i] = 100.0 * weightUnits[i] * Double(answers[i]) / (Double(scaleMax) * answeredWeight)
        }
        r.score = score
        r.band = band(for: score)
    }

    /// True when `score` is on the hard side of the coping axis.
    @inlinable
    public func isHard(_ score: Double) -> Bool { score >= threshold }
}

extension RiskScorecard {
    /// Risk = 100 · points / maxPoints (every indicator's maximum).
    @inlinable
    public func score(points: Int) -> Double {
        score(points: points, over: maxPoints)
    }

    /// Risk = 100 · points / max, rounded down; 0 when max is 0 (nothing known).
    @inlinable
    public func score(points: Int, over max: Int) -> Double {
        max == 0 ? 0 : ExactRatio.roundedDown(100.0 * Double(points), over: Double(max))
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
        var r = RiskResult(score: 0, points: 0, maxPoints: maxPoints, known: 0, gaps: [], indicatorPoints: Array(repeating: 0, count: indicators.count))
        evaluate(raw, frame: frame, into: &r)
        return r
    }

    /// Scores into existing storage. With `score_over: known` the maximum is the known
    /// indicators' (a known, not-counted indicator scores 0 and stays in it).
    public func evaluate(_ raw: [Int32], frame: borrowing [Value], into r: inout RiskResult) {
        var points = 0
        var knownMax = 0
        r.gaps.removeAll(keepingCapacity: true)
        for i in 0..<raw.count {
            r.indicatorPoints[i] = 0
            if raw[i] == ScreeningCase.gap {
                r.gaps.append(i)
                continue
            }
            knownMax += indicators[i].maxPoints
            guard isCounted(i, frame: frame) else { continue }
            let p = indicators[i].points(forRaw: Int(raw[i]))
            r.indicatorPoints[i] = p
            points += p
        }
        r.points = points
        r.known = raw.count - r.gaps.count
        r.maxPoints = scoreOverKnown ? knownMax : maxPoints
        r.score = score(points: points, over: r.maxPoints)
    }
}
