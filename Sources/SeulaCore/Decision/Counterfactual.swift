/// What would move a case to each neighbouring segment: the fewest changed answers or
/// indicators, then the smallest total change (answer steps on the coping axis, points on the
/// risk axis). Age, flags and household never change; only answered items change (an
/// unanswered item stays unanswered); a risk gap may be filled. A neighbour no such change can
/// reach is left out. Undetermined cases have no neighbours.
enum Counterfactual {
    static func moves(model: CriteriaModel, case c: ScreeningCase, coping: CopingResult, risk: RiskResult,
                      frame: borrowing [Value]) -> [CounterfactualMove] {
        guard let copingScore = coping.score else { return [] }
        let grid = model.segments
        let hard = model.coping.isHard(copingScore)
        let high = model.risk.isHigh(risk.score)
        var moves: [CounterfactualMove] = []
        for (qi, q) in grid.quadrants.enumerated() {
            let flipsCoping = q.copingHard != hard && q.riskHigh == high
            let flipsRisk = q.riskHigh != high && q.copingHard == hard
            var changes: [CounterfactualChange]? = nil
            if flipsCoping {
                changes = copingChanges(model.coping, c.coping, towardHard: !hard)
            } else if flipsRisk {
                changes = riskChanges(model, c, risk, towardHigh: !high, frame: frame)
            }
            if let changes { moves.append(CounterfactualMove(segment: qi, changes: changes)) }
        }
        return moves
    }

    static func copingChanges(_ scale: CopingInstrument, _ answers: [Int8], towardHard: Bool) -> [CounterfactualChange]? {
        var weightedSum = 0.0, answeredWeight = 0.0
        for (i, x) in answers.enumerated() where x >= 0 {
            weightedSum += scale.items[i].weight * Double(x)
            answeredWeight += scale.items[i].weight
        }
        var candidates: [FewestChangesSolver.Candidate] = []
        for (i, x) in answers.enumerated() where x >= 0 {
            let room = towardHard ? scale.scaleMax - Int(x) : Int(x) - scale.scaleMin
            guard room > 0 else { continue }
            let w = scale.items[i].weight
            let options = (1...room).map { step in
                FewestChangesSolver.Option(units: step, effect: w * Double(step), to: towardHard ? Int(x) + step : Int(x) - step)
            }
            candidates.append(.init(index: i, options: options))
        }
        let succeeds = { (effect: Double) -> Bool in
            let s = towardHard ? weightedSum + effect : weightedSum - effect
            return scale.isHard(scale.score(weightedSum: s, answeredWeight: answeredWeight)) == towardHard
        }
        let solution = scale.hasUniformWeights
            ? FewestChangesSolver.solveUniform(candidates, unitEffect: scale.items.first?.weight ?? 1, succeeds: succeeds)
            : FewestChangesSolver.solveWeighted(candidates, succeeds: succeeds)
        return solution?.map { choice in
            CounterfactualChange(field: "coping.\(scale.items[choice.candidate].id)",
                                 from: .int(Int(answers[choice.candidate])), to: .int(choice.option.to))
        }
    }

    static func riskChanges(_ model: CriteriaModel, _ c: ScreeningCase, _ risk: RiskResult, towardHigh: Bool,
                            frame: borrowing [Value]) -> [CounterfactualChange]? {
        let card = model.risk
        var candidates: [FewestChangesSolver.Candidate] = []
        for (i, indicator) in card.indicators.enumerated() where card.isCounted(i, frame: frame) {
            let current = risk.indicatorPoints[i]
            let raw = Int(c.risk[i])
            var options: [FewestChangesSolver.Option] = []
            for (points, to) in reachablePoints(indicator, currentRaw: raw, towardHigh: towardHigh) {
                let units = towardHigh ? points - current : current - points
                if units > 0 { options.append(.init(units: units, effect: Double(units), to: to)) }
            }
            if !options.isEmpty { candidates.append(.init(index: i, options: options)) }
        }
        let succeeds = { (effect: Double) -> Bool in
            let p = towardHigh ? risk.points + Int(effect) : risk.points - Int(effect)
            return card.isHigh(card.score(points: p)) == towardHigh
        }
        guard let solution = FewestChangesSolver.solveUniform(candidates, unitEffect: 1, succeeds: succeeds) else { return nil }
        return solution.map { choice in
            let indicator = card.indicators[choice.candidate]
            let raw = Int(c.risk[choice.candidate])
            return CounterfactualChange(field: "risk.\(indicator.id)",
                                        from: raw == Int(ScreeningCase.gap) ? nil : rawValue(indicator, raw),
                                        to: rawValue(indicator, choice.option.to))
        }
    }

    /// Each point value the indicator can take, with the raw value nearest the current one
    /// that gives it (the top of a lower bin, the bottom of a higher one).
    static func reachablePoints(_ indicator: RiskIndicator, currentRaw: Int, towardHigh: Bool) -> [(points: Int, raw: Int)] {
        var byPoints: [Int: Int] = [:]
        switch indicator.kind {
        case .integer(_, _, let bins):
            for b in bins {
                if towardHigh {
                    if byPoints[b.points] == nil { byPoints[b.points] = b.min }
                } else {
                    byPoints[b.points] = b.max ?? b.min
                }
            }
        case .enumeration(_, let points):
            for (i, p) in points.enumerated() {
                if towardHigh {
                    if byPoints[p] == nil { byPoints[p] = i }
                } else {
                    byPoints[p] = i
                }
            }
        case .boolean(let p):
            byPoints[0] = 0
            byPoints[p] = 1
        }
        return byPoints.map { ($0.key, $0.value) }.sorted { $0.points < $1.points }
    }

    static func rawValue(_ indicator: RiskIndicator, _ raw: Int) -> ReasonValue {
        switch indicator.kind {
        case .integer: return .int(raw)
        case .enumeration(let d, _): return .text(d.values[raw])
        case .boolean: return .bool(raw != 0)
        }
    }
}
